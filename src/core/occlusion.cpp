// Hiding patches and the occlusion sweep (occlusion.h; docs/analyses.md, "Hiding patches").
#include "occlusion.h"

#include <algorithm>
#include <charconv>

namespace vitvis {

const char* hide_fill_name(HideFill f) {
  switch (f) {
    case HideFill::Zero: return "zero";
    case HideFill::Blur: return "blur";
    default: return "mean";
  }
}

bool parse_hide_fill(std::string_view s, HideFill* out) {
  for (int i = 0; i < kHideFills; ++i)
    if (s == hide_fill_name(HideFill(i))) {
      *out = HideFill(i);
      return true;
    }
  return false;
}

namespace {

// One channel plane [s, s] blurred with a (2r+1)-box along x, then along y; edges repeated.
std::vector<float> box_blur(std::span<const float> plane, int s, int r) {
  std::vector<float> tmp(plane.size()), out(plane.size());
  const float k = 1.f / float(2 * r + 1);
  for (int y = 0; y < s; ++y)
    for (int x = 0; x < s; ++x) {
      double sum = 0;
      for (int d = -r; d <= r; ++d) sum += plane[size_t(y) * size_t(s) + size_t(std::clamp(x + d, 0, s - 1))];
      tmp[size_t(y) * size_t(s) + size_t(x)] = float(sum) * k;
    }
  for (int y = 0; y < s; ++y)
    for (int x = 0; x < s; ++x) {
      double sum = 0;
      for (int d = -r; d <= r; ++d) sum += tmp[size_t(std::clamp(y + d, 0, s - 1)) * size_t(s) + size_t(x)];
      out[size_t(y) * size_t(s) + size_t(x)] = float(sum) * k;
    }
  return out;
}

}  // namespace

ModelInput hide_patches(const ModelInput& in, const ModelSpec& spec, const PatchMask& mask, HideFill fill) {
  const int s = in.size, c = in.channels, p = spec.patch_size, g = spec.grid();
  const size_t plane = size_t(s) * size_t(s);
  if (hidden_count(mask) == 0 || p <= 0 || s != spec.image_size || c != spec.channels ||
      mask.size() != size_t(g) * size_t(g) || in.pixels.size() != plane * size_t(c))
    return in;
  ModelInput out = in;
  for (int ch = 0; ch < c; ++ch) {
    std::span<const float> src(in.pixels.data() + size_t(ch) * plane, plane);
    std::vector<float> blurred;
    float value = 0.f;
    if (fill == HideFill::Blur) {
      blurred = box_blur(src, s, std::max(1, p / 2));
    } else if (fill == HideFill::Mean) {
      double sum = 0;
      for (float v : src) sum += v;
      value = float(sum / double(plane));
    }
    const float mean = ch < int(spec.mean.size()) ? spec.mean[size_t(ch)] : 0.f;
    const float sd = ch < int(spec.std.size()) && spec.std[size_t(ch)] != 0.f ? spec.std[size_t(ch)] : 1.f;
    for (int pr = 0; pr < g; ++pr)
      for (int pc = 0; pc < g; ++pc) {
        if (!mask[size_t(pr) * size_t(g) + size_t(pc)]) continue;
        for (int y = pr * p; y < (pr + 1) * p; ++y)
          for (int x = pc * p; x < (pc + 1) * p; ++x) {
            const size_t i = size_t(y) * size_t(s) + size_t(x);
            const float v = fill == HideFill::Blur ? blurred[i] : value;
            out.pixels[size_t(ch) * plane + i] = v;
            if (out.normalized.size() == out.pixels.size()) out.normalized[size_t(ch) * plane + i] = (v - mean) / sd;
          }
      }
  }
  return out;
}

std::string mask_to_text(const PatchMask& mask) {
  std::string t;
  for (size_t i = 0; i < mask.size();) {
    if (!mask[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j + 1 < mask.size() && mask[j + 1]) ++j;
    if (!t.empty()) t += ',';
    t += std::to_string(i);
    if (j > i) t += '-' + std::to_string(j);
    i = j + 1;
  }
  return t;
}

bool mask_from_text(std::string_view text, int patches, PatchMask* mask) {
  if (patches <= 0) return false;
  PatchMask m(size_t(patches), 0);
  auto number = [&](std::string_view s, int* v) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty() && *v >= 0 && *v < patches;
  };
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    const size_t dash = part.find('-');
    int a = 0, b = 0;
    if (!number(part.substr(0, dash), &a)) return false;
    b = a;
    if (dash != std::string_view::npos && !number(part.substr(dash + 1), &b)) return false;
    if (b < a) return false;
    std::fill(m.begin() + a, m.begin() + b + 1, uint8_t(1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return false;  // a trailing comma
  }
  *mask = std::move(m);
  return true;
}

OcclusionSweep::OcclusionSweep(int grid, int window, std::vector<float> base)
    : grid_(std::max(grid, 0)),
      window_(std::clamp(window, 1, std::max(grid, 1))),
      classes_(int(base.size())),
      base_(std::move(base)) {
  probs_.assign(size_t(runs()) * size_t(classes_), 0.f);
  have_.assign(size_t(runs()), 0);
}

PatchMask OcclusionSweep::mask(int i) const {
  PatchMask m(size_t(grid_) * size_t(grid_), 0);
  const int side = grid_ - window_ + 1;
  if (i < 0 || i >= runs()) return m;
  const int r0 = i / side, c0 = i % side;
  for (int r = r0; r < r0 + window_; ++r)
    for (int c = c0; c < c0 + window_; ++c) m[size_t(r) * size_t(grid_) + size_t(c)] = 1;
  return m;
}

bool OcclusionSweep::record(int i, std::span<const float> probs) {
  if (i < 0 || i >= runs() || have_[size_t(i)] || int(probs.size()) != classes_) return false;
  std::copy(probs.begin(), probs.end(), probs_.begin() + ptrdiff_t(i) * classes_);
  have_[size_t(i)] = 1;
  ++done_;
  return true;
}

std::span<const float> OcclusionSweep::probs(int i) const {
  if (i < 0 || i >= runs() || !have_[size_t(i)]) return {};
  return {probs_.data() + size_t(i) * size_t(classes_), size_t(classes_)};
}

std::vector<float> OcclusionSweep::drop_map(int cls) const {
  std::vector<double> sum(size_t(grid_) * size_t(grid_), 0.0);
  std::vector<int> count(sum.size(), 0);
  std::vector<float> out(sum.size(), 0.f);
  if (cls < 0 || cls >= classes_) return out;
  const int side = grid_ - window_ + 1;
  for (int i = 0; i < runs(); ++i) {
    if (!have_[size_t(i)]) continue;
    const double drop = double(base_[size_t(cls)]) - double(probs_[size_t(i) * size_t(classes_) + size_t(cls)]);
    const int r0 = i / side, c0 = i % side;
    for (int r = r0; r < r0 + window_; ++r)
      for (int c = c0; c < c0 + window_; ++c) {
        sum[size_t(r) * size_t(grid_) + size_t(c)] += drop;
        count[size_t(r) * size_t(grid_) + size_t(c)]++;
      }
  }
  for (size_t j = 0; j < out.size(); ++j) out[j] = count[j] ? float(sum[j] / count[j]) : 0.f;
  return out;
}

int OcclusionSweep::strongest(int cls) const {
  int best = -1;
  float drop = 0;
  for (int i = 0; i < runs(); ++i) {
    if (!have_[size_t(i)] || cls < 0 || cls >= classes_) continue;
    const float d = base_[size_t(cls)] - probs_[size_t(i) * size_t(classes_) + size_t(cls)];
    if (best < 0 || d > drop) best = i, drop = d;
  }
  return best;
}

}  // namespace vitvis
