// The animated data flow (issue #32): short transitions that show where the numbers go. Each flow runs
// at most kFlowMs, is finished at once by any click or key, is never started under the browser's
// "prefers-reduced-motion" or with animations off (the View menu; ?motion=0 for benchmarks and tests), and
// asks for frames only while it runs.
#pragma once
#include "timeline.h"

namespace vitvis {

struct App;
struct UiState;

enum class Flow : int {
  Patches = 0,     // a new image: cut into patches, laid out as a token sequence, the class token first
  ClassToken = 1,  // …then the class token travels through the layers into the head, and (d)'s bars grow
  Row = 2,         // a pinned query: its attention row flows back onto the image, nearest patches first
  Embed = 3,       // a pinned patch: its pixels → the flattened vector → its embedding
};
inline constexpr int kFlows = 4;
inline constexpr double kFlowMs = 600.0;
const char* flow_name(Flow f);

struct Motion {
  bool enabled = true;   // the View menu's "Animations" (?motion=0 turns it off)
  bool reduced = false;  // the browser asks for reduced motion (set by the shell each frame)
  Timeline flows[kFlows];
  int started[kFlows] = {};  // how often each ran (probe)
  int frames = 0;            // frames drawn while one ran (probe)
  int skipped = 0;           // flows finished early by a click or a key (probe)
  // What started the flows last: the shown image (model, sample) and the pinned token.
  const void* model = nullptr;
  int image = -2;
  int pinned_token = -1;
};

// Whether flows may start now.
bool motion_allowed(const UiState& ui);
// At the start of each frame (before the views): finishes running flows on a click or a key, starts the
// flows this frame's state asks for (a new image, a newly pinned patch), counts the frame.
void motion_frame(const App& app, UiState& ui);
// Starts a flow `delay_ms` from now (when allowed) and keeps frames coming until it ends.
void start_flow(UiState& ui, Flow f, double delay_ms = 0.0);
// Its linear progress in [0, 1] (1 when it is not running); whether it runs (or waits to).
float flow_t(const UiState& ui, Flow f);
bool flow_running(const UiState& ui, Flow f);

}  // namespace vitvis
