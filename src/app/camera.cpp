// The camera as an input: opening and releasing it, the preview frames, Snap and Live. The browser
// (platform) owns the stream; here is only what the app does with its frames. Live's next frame is a
// RunKind::Camera request (scheduler.h): after a person's run, ahead of the what-if and background runs.
#include <algorithm>

#include "app/i18n.h"
#include "app/internal.h"
#include "platform/browser.h"

namespace vitvis {
namespace {

constexpr int kPreviewSide = 480;     // enough for a 224 model's crop; ~0.7 MB a frame
constexpr double kFrameEveryMs = 40;  // the preview at most 25 frames a second

std::string camera_message(const std::string& word) {
  if (word == "denied") return T("camera.denied");
  if (word == "none") return T("No camera was found on this device.");
  if (word == "busy") return T("The camera is in use by another app or tab.");
  if (word == "insecure") return T("Browsers offer the camera only to https:// pages and to localhost.");
  return format(T("The camera could not be opened: %s"), word.c_str());
}

void open_camera(App& app) {
  Camera& c = app.camera;
  c.starting = true;
  set_info(app, [] { return std::string(T("Asking for the camera…")); });
  platform::camera_start(c.front, [&app](bool ok, std::string error) {
    Camera& c = app.camera;
    c.starting = false;
    if (!ok) {
      // The mode the student was in stays (a switch between cameras that fails leaves the mode too).
      const bool was_on = c.active;
      c.active = c.live = false;
      platform::camera_stop();
      set_error(app, was_on ? camera_message(error)
                            : format(T("%s The previous mode stays."), camera_message(error).c_str()));
      return;
    }
    c.active = true;
    app.drawing.active = false;
    c.cameras = platform::camera_count();
    set_info(app, [] { return std::string(T("Camera on: Snap classifies the picture, Live keeps classifying.")); });
  });
}

// After a camera run's answer: the count and the rate; Live's next frame waits if it is here already.
void camera_result(App& app, PendingRun& run, RunAnswer& answer) {
  show_result(app, run, answer);
  Camera& c = app.camera;
  if (!answer.ok || !c.active) return;
  c.runs++;
  if (!c.live) return;
  c.result_ms.push_back(platform::now_ms());
  if (c.result_ms.size() > 10) c.result_ms.erase(c.result_ms.begin());
  if (c.version != c.run_version) app.runs.offer(RunKind::Camera);  // a newer frame is here already
}

void run_frame(App& app) {
  Camera& c = app.camera;
  if (!app.model || app.busy() || c.frame.pixels.empty()) return;
  c.run_version = c.version;
  app.sel.image = -1;
  auto run = new_run(RunKind::Camera, camera_result);
  run->input = preprocess(c.frame, app.model->spec);
  start_run(app, std::move(run));
}

}  // namespace

void start_camera(App& app) {
  if (app.camera.active || app.camera.starting) return;
  open_camera(app);
}

void stop_camera(App& app) {
  Camera& c = app.camera;
  if (!c.active && !c.starting) return;
  platform::camera_stop();
  app.runs.withdraw(RunKind::Camera);  // (a frame in flight is still shown, as any result)
  const bool front = c.front;
  c = Camera{};
  c.front = front;
}

void switch_camera(App& app) {
  if (!app.camera.active || app.camera.starting) return;
  app.camera.front = !app.camera.front;
  app.camera.frame = {};
  open_camera(app);
}

void snap_camera(App& app) {
  if (!app.camera.active) return;
  app.camera.live = false;
  run_frame(app);
}

void camera_tick(App& app, double now) {
  Camera& c = app.camera;
  if (!c.active || c.starting) return;
  const platform::CameraState st = platform::camera_state();
  c.paused = st == platform::CameraState::Paused;
  if (st == platform::CameraState::Off) {  // the stream ended (unplugged, revoked): leave the mode
    stop_camera(app);
    set_error(app, T("The camera stopped."));
    return;
  }
  if (st != platform::CameraState::Running || c.frame_pending || now - c.frame_asked_ms < kFrameEveryMs) return;
  c.frame_pending = true;
  c.frame_asked_ms = now;
  platform::camera_frame(kPreviewSide, [&app](bool ok, RgbaImage frame, std::string) {
    Camera& c = app.camera;
    c.frame_pending = false;
    if (!ok || !c.active) return;  // not ready yet: the next tick asks again
    c.frame = std::move(frame);
    c.version++;
    if (c.live && c.version != c.run_version) request(app, RunKind::Camera);
  });
}

void camera_next(App& app) {
  const Camera& c = app.camera;
  if (c.active && c.live && c.version != c.run_version) run_frame(app);
}

double camera_rate(const App& app) {
  const auto& t = app.camera.result_ms;
  if (t.size() < 2 || !app.camera.live) return 0;
  return double(t.size() - 1) * 1000.0 / std::max(1.0, t.back() - t.front());
}

}  // namespace vitvis
