// Fingers, not a mouse (#33): what a touch means. A finger that lifts soon without moving is a tap (a
// press and a release where it went down); a finger that moves is a scroll and never presses anything
// (it can fling on); a finger that rests is a long press (a press that then drags); a finger that lands
// where dragging is the point (a slider, the drawing pad, a window's title bar: `drag_zone`) presses at
// once. Two fingers pinch: the scale is only a preview until they lift, and then a round one.
// Pure arithmetic on positions (CSS px) and a clock (ms), so it is tested natively; the shell turns the
// outputs into ImGui's pointer events and into scrolling.
#pragma once
#include <cstdint>
#include <vector>

namespace vitvis {

struct GestureEvent {
  enum Type {
    Press,     // the pointer goes down at (x, y)
    Move,      // a pressed pointer moves to (x, y)
    Release,   // the pointer goes up at (x, y)
    Leave,     // no pointer any more (nothing is hovered after a tap)
    Scroll,    // scroll what lies under (x, y), the scroll's start, by (dx, dy): content follows the finger
    Pinch,     // two fingers: their distance is `ratio` times what it was when the second landed
    PinchEnd,  // the fingers lifted at `ratio`
  };
  Type type;
  float x = 0, y = 0, dx = 0, dy = 0, ratio = 1;
  bool held = false;  // a Press of a finger that rested (a long press), not a tap's or a drag zone's
};

struct GestureOptions {
  float slop = 10.f;           // px a finger may wander and still tap
  double tap_ms = 700;         // a longer touch that did not move is still a tap, unless it became a hold
  double hold_ms = 500;        // resting this long without moving: a long press
  float fling_min = 0.3f;      // px/ms at lift for the content to fling on
  double fling_tau_ms = 325;   // the fling's decay time
};

class TouchGestures {
 public:
  explicit TouchGestures(GestureOptions o = {}) : o_(o) {}
  void down(int64_t finger, float x, float y, double t, bool drag_zone = false);
  void move(int64_t finger, float x, float y, double t);
  void up(int64_t finger, float x, float y, double t);
  // Long presses and flings advance on the clock: call every frame while busy().
  void tick(double t);
  // A finger is down or the content still flings (frames are needed).
  bool busy() const { return state_ != State::Idle; }
  bool pressing() const { return state_ == State::Press; }
  // The flinging content reached its end (nothing more to scroll): the fling stops, and the next touch
  // is a tap again.
  void stop_fling() {
    if (state_ == State::Fling) state_ = State::Idle;
  }
  std::vector<GestureEvent> take();

 private:
  enum class State { Idle, Pending, Press, Scroll, Pinch, Fling };
  struct Finger {
    int64_t id = -1;
    float x = 0, y = 0;
  };
  void emit(GestureEvent e) { out_.push_back(e); }
  float distance() const;
  Finger* find(int64_t id);

  GestureOptions o_;
  State state_ = State::Idle;
  std::vector<Finger> fingers_;
  float x0_ = 0, y0_ = 0;      // where the first finger landed
  float lx_ = 0, ly_ = 0;      // where the scrolling finger was last
  double t0_ = 0, lt_ = 0;     // when it landed; the last move
  float vx_ = 0, vy_ = 0;      // the scroll's velocity (px/ms), smoothed
  float d0_ = 0, ratio_ = 1;   // the pinch's starting distance, its ratio now
  bool stops_fling_ = false;   // this touch landed on flinging content: it only stops it
  std::vector<GestureEvent> out_;
};

// The UI scale a pinch ends on: unchanged unless the fingers moved apart or together by at least
// `deliberate` (a fraction), else `scale · ratio` rounded to a step, within [lo, hi].
float pinch_scale(float scale, float ratio, float step = 0.25f, float lo = 0.75f, float hi = 2.f,
                  float deliberate = 0.15f);

}  // namespace vitvis
