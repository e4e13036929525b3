// Short transitions (the animated data flow): where a timed flow is, eased, and staggered over the
// items it moves. Pure arithmetic on a clock in milliseconds, so it is tested natively.
#pragma once

namespace vitvis {

struct Timeline {
  double start = -1e300;     // when it began (ms); in the future: it waits (progress 0)
  double duration = 600.0;   // how long it runs (ms)
  // Linear progress in [0, 1]: 0 before the start, 1 at and after its end (and when never started).
  float progress(double now) const;
  // Whether it still asks for frames: started (or waiting to) and not at its end.
  bool running(double now) const { return start > -1e299 && now < start + duration; }
  void finish() { start = -1e300; }
};

// Fast at first, gentle at the end (cubic), t in [0, 1].
float ease_out(float t);

// Item i of n when the items start one after another over the first `spread` of the flow (0: all at once)
// and each takes the rest: 0 before its turn, 1 once done, linear between.
float staggered(float t, int i, int n, float spread);

}  // namespace vitvis
