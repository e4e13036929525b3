#include "timeline.h"

#include <algorithm>

namespace vitvis {

float Timeline::progress(double now) const {
  if (start <= -1e299 || duration <= 0.0) return 1.f;
  return float(std::clamp((now - start) / duration, 0.0, 1.0));
}

float ease_out(float t) {
  t = std::clamp(t, 0.f, 1.f);
  const float u = 1.f - t;
  return 1.f - u * u * u;
}

float staggered(float t, int i, int n, float spread) {
  spread = std::clamp(spread, 0.f, 0.95f);
  const float begin = n > 1 ? spread * float(std::clamp(i, 0, n - 1)) / float(n - 1) : 0.f;
  return std::clamp((t - begin) / (1.f - spread), 0.f, 1.f);
}

}  // namespace vitvis
