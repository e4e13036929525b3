#include "gesture.h"

#include <algorithm>
#include <cmath>

namespace vitvis {

TouchGestures::Finger* TouchGestures::find(int64_t id) {
  for (Finger& f : fingers_)
    if (f.id == id) return &f;
  return nullptr;
}

float TouchGestures::distance() const {
  if (fingers_.size() < 2) return 0.f;
  return std::hypot(fingers_[0].x - fingers_[1].x, fingers_[0].y - fingers_[1].y);
}

void TouchGestures::down(int64_t finger, float x, float y, double t, bool drag_zone) {
  if (Finger* f = find(finger)) {  // a repeated down: the finger moved there
    f->x = x;
    f->y = y;
    return;
  }
  fingers_.push_back({finger, x, y});
  if (fingers_.size() == 2 && state_ != State::Pinch) {
    // A second finger: a pinch. A press under way ends where it is (the pad keeps its stroke).
    if (state_ == State::Press) {
      emit({GestureEvent::Release, lx_, ly_});
      emit({GestureEvent::Leave});
    }
    state_ = State::Pinch;
    d0_ = std::max(distance(), 1.f);
    ratio_ = 1.f;
    return;
  }
  if (fingers_.size() > 1) return;  // a third finger changes nothing
  stops_fling_ = state_ == State::Fling;
  x0_ = lx_ = x;
  y0_ = ly_ = y;
  t0_ = lt_ = t;
  vx_ = vy_ = 0;
  if (drag_zone && !stops_fling_) {
    state_ = State::Press;
    emit({GestureEvent::Press, x, y});
  } else {
    state_ = State::Pending;
  }
}

void TouchGestures::move(int64_t finger, float x, float y, double t) {
  Finger* f = find(finger);
  if (!f) return;
  f->x = x;
  f->y = y;
  switch (state_) {
    case State::Pending:
      if (std::hypot(x - x0_, y - y0_) <= o_.slop) return;
      state_ = State::Scroll;
      [[fallthrough]];
    case State::Scroll: {
      const double dt = std::max(t - lt_, 1.0);
      const float dx = x - lx_, dy = y - ly_;
      // The velocity of the last ~100 ms: a finger that stopped before it lifted does not fling.
      const float a = float(std::min(1.0, dt / 100.0));
      vx_ = (1 - a) * vx_ + a * float(dx / dt);
      vy_ = (1 - a) * vy_ + a * float(dy / dt);
      emit({GestureEvent::Scroll, x0_, y0_, dx, dy});
      lx_ = x;
      ly_ = y;
      lt_ = t;
      return;
    }
    case State::Press:
      lx_ = x;
      ly_ = y;
      emit({GestureEvent::Move, x, y});
      return;
    case State::Pinch:
      if (fingers_.size() == 2) {
        ratio_ = distance() / d0_;
        emit({GestureEvent::Pinch, 0, 0, 0, 0, ratio_});
      }
      return;
    case State::Idle:
    case State::Fling:
      return;
  }
}

void TouchGestures::up(int64_t finger, float x, float y, double t) {
  const auto it = std::find_if(fingers_.begin(), fingers_.end(), [&](const Finger& f) { return f.id == finger; });
  if (it == fingers_.end()) return;
  fingers_.erase(it);
  switch (state_) {
    case State::Pending:
      // Still: a tap where it landed (a touch that only stopped a fling taps nothing).
      if (!stops_fling_ && t - t0_ <= o_.tap_ms) {
        emit({GestureEvent::Press, x0_, y0_});
        emit({GestureEvent::Release, x0_, y0_});
      }
      emit({GestureEvent::Leave});
      state_ = State::Idle;
      return;
    case State::Press:
      emit({GestureEvent::Release, x, y});
      emit({GestureEvent::Leave});
      state_ = State::Idle;
      return;
    case State::Scroll:
      // Fling on only when the finger still moved as it lifted.
      state_ = std::hypot(vx_, vy_) >= o_.fling_min && t - lt_ < 80 ? State::Fling : State::Idle;
      lt_ = t;
      return;
    case State::Pinch:
      if (fingers_.empty()) {
        emit({GestureEvent::PinchEnd, 0, 0, 0, 0, ratio_});
        state_ = State::Idle;
      }
      return;  // one finger left: the pinch waits for it (it does not scroll or tap)
    case State::Idle:
    case State::Fling:
      return;
  }
}

void TouchGestures::tick(double t) {
  if (state_ == State::Pending && !stops_fling_ && t - t0_ >= o_.hold_ms) {
    state_ = State::Press;  // a long press: it presses, and then drags
    GestureEvent e{GestureEvent::Press, x0_, y0_};
    e.held = true;
    emit(e);
    return;
  }
  if (state_ != State::Fling) return;
  const double dt = std::max(t - lt_, 0.0);
  lt_ = t;
  const float dx = float(vx_ * dt), dy = float(vy_ * dt);
  const float decay = float(std::exp(-dt / o_.fling_tau_ms));
  vx_ *= decay;
  vy_ *= decay;
  if (dx != 0.f || dy != 0.f) emit({GestureEvent::Scroll, x0_, y0_, dx, dy});
  if (std::hypot(vx_, vy_) < 0.02f) state_ = State::Idle;
}

std::vector<GestureEvent> TouchGestures::take() {
  std::vector<GestureEvent> out;
  out.swap(out_);
  return out;
}

float pinch_scale(float scale, float ratio, float step, float lo, float hi, float deliberate) {
  if (!(ratio > 0.f) || std::fabs(std::log(ratio)) < std::log1p(deliberate)) return scale;
  const float s = std::round(scale * ratio / step) * step;
  return std::clamp(s, lo, hi);
}

}  // namespace vitvis
