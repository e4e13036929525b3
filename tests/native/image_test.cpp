// Decoding limits and preprocessing: hand-computed resizes and the Python reference (scripts/preprocess.py).
#include "image.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

using namespace vitvis;

namespace {
std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}
ModelSpec gray_spec(int size, int resize) {
  ModelSpec s;
  s.image_size = s.crop = size;
  s.resize = resize;
  s.patch_size = 1;
  s.channels = 1;
  s.mean = {0.5f};
  s.std = {0.5f};
  return s;
}
}  // namespace

TEST(Resize, AntialiasedDownscaleMatchesHandComputed) {
  // 4 -> 2: triangle filter of support 2; weights (.75,.75,.25)/1.75 and (.25,.75,.75)/1.75.
  std::vector<float> src = {0, 1, 2, 3};
  auto dst = resize_plane(src, 4, 1, 2, 1);
  ASSERT_EQ(dst.size(), 2u);
  EXPECT_NEAR(dst[0], 1.25 / 1.75, 1e-6);
  EXPECT_NEAR(dst[1], 4.0 / 1.75, 1e-6);
}

TEST(Resize, UpscaleIsHalfPixelBilinear) {
  std::vector<float> src = {0, 1};
  auto dst = resize_plane(src, 2, 1, 4, 1);
  // Output centres at 0.25, 0.75, 1.25, 1.75 in input units; edges clamp.
  EXPECT_NEAR(dst[0], 0.0, 1e-6);
  EXPECT_NEAR(dst[1], 0.25, 1e-6);
  EXPECT_NEAR(dst[2], 0.75, 1e-6);
  EXPECT_NEAR(dst[3], 1.0, 1e-6);
  auto same = resize_plane(src, 2, 1, 2, 1);
  EXPECT_EQ(same, src);
}

TEST(Preprocess, CompositesAlphaLuminanceCropInvertNormalize) {
  RgbaImage img;
  img.width = 3;
  img.height = 2;
  // Row 0: white, red, transparent white. Row 1: gray 51, green half-alpha, blue.
  img.pixels = {255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 0, 51, 51, 51, 255, 0, 255, 0, 128, 0, 0, 255, 255};
  ModelSpec s = gray_spec(2, 2);  // shorter side 2 -> 3x2 stays, centre crop 2x2 (left = round(0.5) = 0)
  ModelInput in = preprocess(img, s);
  ASSERT_EQ(in.pixels.size(), 4u);
  EXPECT_NEAR(in.pixels[0], 1.0, 1e-6);
  EXPECT_NEAR(in.pixels[1], 0.299, 1e-6);
  EXPECT_NEAR(in.pixels[2], 0.2, 1e-6);
  EXPECT_NEAR(in.pixels[3], 0.587 * 128 / 255.0, 1e-6);
  EXPECT_NEAR(in.normalized[1], (0.299 - 0.5) / 0.5, 1e-6);
  s.invert = true;
  EXPECT_NEAR(preprocess(img, s).pixels[0], 0.0, 1e-6);
}

TEST(Decode, RefusesEmptyGarbageAndHugeBeforeDecoding) {
  RgbaImage img;
  std::string err;
  EXPECT_FALSE(decode_image({}, &img, &err));
  EXPECT_NE(err.find("empty"), std::string::npos);
  std::vector<uint8_t> junk(100, 7);
  EXPECT_FALSE(decode_image(junk, &img, &err));
  EXPECT_NE(err.find("Not a readable image"), std::string::npos);
  // PNG headers that claim 20000 x 20000 and 12500 x 100 pixels: refused from the header alone.
  std::vector<uint8_t> png = {0x89, 'P',  'N',  'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
                              0,    0x4e, 0x20, 0,   0,    0x4e, 0x20, 8,    6, 0, 0, 0,  0,   0,   0,   0};
  EXPECT_FALSE(decode_image(png, &img, &err));
  EXPECT_FALSE(err.empty());
  png[18] = 0x30;
  png[19] = 0xd4;  // width 12500
  png[22] = 0;
  png[23] = 100;  // height 100
  EXPECT_FALSE(decode_image(png, &img, &err));
  EXPECT_NE(err.find("12500 x 100"), std::string::npos) << err;
}

// Reference tensors written by scripts/make_native_fixtures.py with the Python preprocessing.
TEST(Preprocess, MatchesPythonReference) {
  const std::string dir = std::string(VITVIS_SOURCE_DIR) + "/tests/native/data/";
  auto manifest = read_file(dir + "preprocess_cases.txt");
  ASSERT_FALSE(manifest.empty()) << "missing " << dir << "preprocess_cases.txt";
  std::string text(manifest.begin(), manifest.end());
  std::istringstream lines(text);
  std::string image, ref, interp, mode;
  int channels, resize, crop, invert, cases = 0, format2 = 0;
  float mean0, std0;
  while (lines >> image >> ref >> channels >> resize >> crop >> invert >> mean0 >> std0 >> interp >> mode) {
    SCOPED_TRACE(image + " " + interp + " " + mode);
    RgbaImage img;
    std::string err;
    ASSERT_TRUE(decode_image(read_file(dir + image), &img, &err)) << err;
    ModelSpec s;
    s.channels = channels;
    s.resize = resize;
    s.crop = s.image_size = crop;
    s.invert = invert != 0;
    s.mean.assign(size_t(channels), mean0);
    s.std.assign(size_t(channels), std0);
    s.bicubic = interp == "bicubic";
    s.resize_exact = mode == "exact";
    format2 += s.bicubic || s.resize_exact;
    ModelInput in = preprocess(img, s);
    auto raw = read_file(dir + ref);
    ASSERT_EQ(raw.size(), in.normalized.size() * sizeof(float));
    const float* want = reinterpret_cast<const float*>(raw.data());
    float worst = 0;
    for (size_t i = 0; i < in.normalized.size(); ++i) worst = std::max(worst, std::abs(in.normalized[i] - want[i]));
    EXPECT_LT(worst, 1e-4f);
    ++cases;
  }
  EXPECT_GE(cases, 4);
  EXPECT_GE(format2, 4);  // bicubic and the exact resize are covered too
}

TEST(Resize, CropWindowEqualsFullResizeThenCrop) {
  std::vector<float> src(300 * 7);
  for (size_t i = 0; i < src.size(); ++i) src[i] = float((i * 37) % 101) / 100.f;
  auto full = resize_plane(src, 300, 7, 686, 16);  // shorter side 7 -> 16: a very wide image
  auto win = resize_crop_plane(src, 300, 7, 686, 16, 335, 0, 16, 16);
  ASSERT_EQ(win.size(), 256u);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x) EXPECT_FLOAT_EQ(win[size_t(y * 16 + x)], full[size_t(y * 686 + 335 + x)]);
}

TEST(Preprocess, ExtremeAspectRatioStaysSmall) {
  // A 12000 x 1 strip resized for a 224 model would be 2.7 M x 256 pixels in full; only the crop is computed.
  RgbaImage img;
  img.width = 12000;
  img.height = 1;
  img.pixels.assign(size_t(12000) * 4, 255);
  ModelSpec s;
  s.channels = 3;
  s.resize = 256;
  s.crop = s.image_size = 224;
  s.mean = {0.f, 0.f, 0.f};
  s.std = {1.f, 1.f, 1.f};
  ModelInput in = preprocess(img, s);
  ASSERT_EQ(in.pixels.size(), size_t(3 * 224 * 224));
  EXPECT_NEAR(in.pixels[100], 1.f, 1e-5);
}
