// Hiding patches and the occlusion sweep (occlusion.h): hand-checked toys, then the bundled model's
// sample against scripts/reference_occlusion.py (NumPy masks, PyTorch runs of every sweep window).
#include "occlusion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "json.h"

using namespace vitvis;

namespace {

ModelSpec toy(int grid, int patch, int channels = 1) {
  ModelSpec s;
  s.image_size = grid * patch, s.patch_size = patch, s.channels = channels;
  s.mean.assign(size_t(channels), 0.5f);
  s.std.assign(size_t(channels), 0.25f);
  return s;
}

ModelInput ramp(const ModelSpec& s) {
  ModelInput in;
  in.channels = s.channels, in.size = s.image_size;
  const size_t n = size_t(s.image_size) * size_t(s.image_size) * size_t(s.channels);
  for (size_t i = 0; i < n; ++i) in.pixels.push_back(float(i % 17) / 16.f);
  for (size_t i = 0; i < n; ++i) in.normalized.push_back((in.pixels[i] - 0.5f) / 0.25f);
  return in;
}

TEST(HidePatches, EmptyMaskLeavesTheInput) {
  auto s = toy(3, 2);
  auto in = ramp(s);
  auto out = hide_patches(in, s, PatchMask(9, 0), HideFill::Zero);
  EXPECT_EQ(out.pixels, in.pixels);
  EXPECT_EQ(out.normalized, in.normalized);
  EXPECT_EQ(hide_patches(in, s, {}, HideFill::Zero).pixels, in.pixels);
  EXPECT_EQ(hide_patches(in, s, PatchMask(4, 1), HideFill::Zero).pixels, in.pixels);  // wrong size: ignored
}

TEST(HidePatches, ZeroFillsOnlyTheHiddenPatchAndNormalises) {
  auto s = toy(3, 2);
  auto in = ramp(s);
  PatchMask m(9, 0);
  m[4] = 1;  // the middle patch: pixels (2..3, 2..3)
  auto out = hide_patches(in, s, m, HideFill::Zero);
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 6; ++x) {
      const size_t i = size_t(y * 6 + x);
      const bool hidden = y >= 2 && y < 4 && x >= 2 && x < 4;
      EXPECT_FLOAT_EQ(out.pixels[i], hidden ? 0.f : in.pixels[i]) << x << "," << y;
      EXPECT_FLOAT_EQ(out.normalized[i], hidden ? -2.f : in.normalized[i]);
    }
}

TEST(HidePatches, MeanIsTheWholeImagesMeanPerChannel) {
  auto s = toy(2, 2, 3);
  auto in = ramp(s);
  PatchMask m = {1, 0, 0, 0};
  auto out = hide_patches(in, s, m, HideFill::Mean);
  for (int c = 0; c < 3; ++c) {
    double sum = 0;
    for (int i = 0; i < 16; ++i) sum += in.pixels[size_t(c * 16 + i)];
    EXPECT_NEAR(out.pixels[size_t(c * 16)], sum / 16, 1e-6);
    EXPECT_NEAR(out.pixels[size_t(c * 16 + 5)], sum / 16, 1e-6);    // (1, 1) is in patch 0
    EXPECT_FLOAT_EQ(out.pixels[size_t(c * 16 + 2)], in.pixels[size_t(c * 16 + 2)]);  // (2, 0) is not
  }
}

TEST(HidePatches, BlurOfAConstantIsTheConstant) {
  auto s = toy(4, 4);
  ModelInput in;
  in.channels = 1, in.size = 16;
  in.pixels.assign(256, 0.3f);
  in.normalized.assign(256, (0.3f - 0.5f) / 0.25f);
  auto out = hide_patches(in, s, PatchMask(16, 1), HideFill::Blur);
  for (float v : out.pixels) EXPECT_NEAR(v, 0.3f, 1e-6);
}

TEST(HideFill, NamesRoundTrip) {
  for (int i = 0; i < kHideFills; ++i) {
    HideFill f = HideFill::Zero;
    ASSERT_TRUE(parse_hide_fill(hide_fill_name(HideFill(i)), &f));
    EXPECT_EQ(int(f), i);
  }
  HideFill f = HideFill::Blur;
  EXPECT_FALSE(parse_hide_fill("grey", &f));
  EXPECT_EQ(f, HideFill::Blur);
}

TEST(MaskText, RangesRoundTrip) {
  PatchMask m(49, 0);
  for (int i : {0, 1, 2, 3, 9, 17, 18, 48}) m[size_t(i)] = 1;
  EXPECT_EQ(mask_to_text(m), "0-3,9,17-18,48");
  PatchMask back;
  ASSERT_TRUE(mask_from_text("0-3,9,17-18,48", 49, &back));
  EXPECT_EQ(back, m);
  EXPECT_EQ(mask_to_text(PatchMask(49, 0)), "");
  ASSERT_TRUE(mask_from_text("", 49, &back));
  EXPECT_EQ(hidden_count(back), 0);
}

TEST(MaskText, MalformedIsRefusedAndLeavesTheMask) {
  PatchMask m(4, 0);
  m[1] = 1;
  for (const char* bad : {"49", "-1", "3-1", "1,", ",1", "a", "1-", "2-x", "1,,2", "0-4"})
    EXPECT_FALSE(mask_from_text(bad, 4, &m)) << bad;
  EXPECT_EQ(m, PatchMask({0, 1, 0, 0}));
}

TEST(OcclusionSweep, WindowsCoverTheGridInRowMajorOrder) {
  OcclusionSweep sw(3, 2, {0.5f, 0.5f});
  ASSERT_EQ(sw.runs(), 4);
  EXPECT_EQ(sw.mask(0), PatchMask({1, 1, 0, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(sw.mask(1), PatchMask({0, 1, 1, 0, 1, 1, 0, 0, 0}));
  EXPECT_EQ(sw.mask(3), PatchMask({0, 0, 0, 0, 1, 1, 0, 1, 1}));
  EXPECT_EQ(OcclusionSweep(3, 1, {1.f}).runs(), 9);
  EXPECT_EQ(OcclusionSweep(3, 9, {1.f}).runs(), 1);  // the window is clamped to the grid
}

TEST(OcclusionSweep, MapIsTheMeanDropOverCoveringWindows) {
  OcclusionSweep sw(3, 2, {0.8f, 0.2f});
  EXPECT_FALSE(sw.complete());
  const float p[4][2] = {{0.4f, 0.6f}, {0.8f, 0.2f}, {0.6f, 0.4f}, {0.7f, 0.3f}};
  for (int i : {2, 0, 3, 1}) EXPECT_TRUE(sw.record(i, p[i]));
  EXPECT_FALSE(sw.record(1, p[1]));                         // each run once
  EXPECT_FALSE(sw.record(4, p[1]));                         // out of range
  EXPECT_FALSE(sw.record(0, std::span<const float>(p[0], 1)));  // wrong class count
  EXPECT_TRUE(sw.complete());
  auto m = sw.drop_map(0);  // drops: run0 0.4, run1 0, run2 0.2, run3 0.1
  EXPECT_NEAR(m[0], 0.4, 1e-6);                           // only run 0
  EXPECT_NEAR(m[1], (0.4 + 0.0) / 2, 1e-6);               // runs 0, 1
  EXPECT_NEAR(m[4], (0.4 + 0.0 + 0.2 + 0.1) / 4, 1e-6);   // the centre: all four
  EXPECT_NEAR(m[8], 0.1, 1e-6);
  EXPECT_NEAR(sw.drop_map(1)[0], -0.4, 1e-6);  // class 1 gains where class 0 loses
  EXPECT_EQ(sw.strongest(0), 0);
  EXPECT_EQ(sw.strongest(1), 1);  // its smallest gain ("drop" 0) is run 1's
}

// ---- the bundled Fashion-MNIST ViT against scripts/reference_occlusion.py ----

std::vector<float> floats(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string b = ss.str();
  std::vector<float> v(b.size() / 4);
  std::memcpy(v.data(), b.data(), v.size() * 4);
  return v;
}

class OcclusionReference : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream f(dir + "reference.json");
    std::stringstream ss;
    ss << f.rdbuf();
    auto j = parse_json(ss.str());
    ASSERT_TRUE(j) << "run scripts/reference_occlusion.py";
    ref = std::move(*j);
    spec.image_size = int(ref.get("image_size")->number);
    spec.patch_size = int(ref.get("patch")->number);
    spec.channels = int(ref.get("channels")->number);
    for (auto& v : ref.get("mean")->array) spec.mean.push_back(float(v.number));
    for (auto& v : ref.get("std")->array) spec.std.push_back(float(v.number));
    auto raw = floats(dir + "input.bin");
    const size_t n = raw.size() / 2;
    input.channels = spec.channels, input.size = spec.image_size;
    input.pixels.assign(raw.begin(), raw.begin() + ptrdiff_t(n));
    input.normalized.assign(raw.begin() + ptrdiff_t(n), raw.end());
  }
  const std::string dir = std::string(VITVIS_SOURCE_DIR) + "/tests/native/data/occlusion/";
  Json ref;
  ModelSpec spec;
  ModelInput input;
};

TEST_F(OcclusionReference, EveryFillMatchesNumPy) {
  PatchMask mask;
  for (auto& v : ref.get("mask")->array) mask.push_back(uint8_t(v.number));
  ASSERT_EQ(int(mask.size()), spec.grid() * spec.grid());
  auto want = floats(dir + "hidden.bin");
  const size_t n = input.pixels.size();
  ASSERT_EQ(want.size(), n * 2 * 3);
  for (int f = 0; f < 3; ++f) {
    HideFill fill;
    ASSERT_TRUE(parse_hide_fill(ref.get("fills")->array[size_t(f)].string, &fill));
    auto got = hide_patches(input, spec, mask, fill);
    double worst = 0;
    for (size_t i = 0; i < n; ++i) {
      worst = std::max(worst, double(std::fabs(got.pixels[i] - want[f * 2 * n + i])));
      worst = std::max(worst, double(std::fabs(got.normalized[i] - want[f * 2 * n + n + i])));
    }
    EXPECT_LT(worst, 1e-5) << hide_fill_name(fill);
  }
}

TEST_F(OcclusionReference, SweepMapsMatchTheReference) {
  const float tol = float(ref.get("tolerance")->number);
  const int g = spec.grid(), K = int(ref.get("classes")->number);
  for (const Json& s : ref.get("sweeps")->array) {
    const int w = int(s.get("window")->number);
    auto raw = floats(dir + s.get("file")->string);
    ASSERT_EQ(raw.size(), size_t(K) * size_t(1 + int(s.get("runs")->number)));
    OcclusionSweep sw(g, w, std::vector<float>(raw.begin(), raw.begin() + K));
    ASSERT_EQ(sw.runs(), int(s.get("runs")->number));
    for (int i = 0; i < sw.runs(); ++i) ASSERT_TRUE(sw.record(i, std::span<const float>(raw.data() + K * (1 + i), size_t(K))));
    ASSERT_TRUE(sw.complete());
    const Json& maps = *s.get("maps");
    ASSERT_EQ(maps.keys.size(), 2u);
    for (size_t m = 0; m < maps.keys.size(); ++m) {
      auto got = sw.drop_map(std::stoi(maps.keys[m]));
      const auto& want = maps.values[m].array;
      ASSERT_EQ(got.size(), want.size());
      for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i].number, tol) << "w" << w << " patch " << i;
    }
  }
}

}  // namespace
