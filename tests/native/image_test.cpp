// Decoding limits and preprocessing: hand-computed resizes and the Python reference (scripts/preprocess.py).
#include "image.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

namespace {
// The preprocessing as it was written before it streamed over rows: whole float planes, then the plane
// resize of the crop window. The streaming version must give the very same floats.
std::vector<float> planes_then_resize(const RgbaImage& img, const ModelSpec& spec, int c) {
  const size_t n = size_t(img.width) * img.height;
  std::vector<float> plane(n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = &img.pixels[i * 4];
    float a = p[3] / 255.f, r = p[0] / 255.f * a, g = p[1] / 255.f * a, b = p[2] / 255.f * a;
    plane[i] = spec.channels == 1 ? 0.299f * r + 0.587f * g + 0.114f * b : (c == 0 ? r : c == 1 ? g : b);
  }
  int ow = spec.resize, oh = spec.resize;
  if (!spec.resize_exact && img.width <= img.height)
    oh = int(std::nearbyint(double(img.height) * spec.resize / img.width));
  else if (!spec.resize_exact)
    ow = int(std::nearbyint(double(img.width) * spec.resize / img.height));
  ow = std::max(ow, spec.crop), oh = std::max(oh, spec.crop);
  const int top = int(std::nearbyint((oh - spec.crop) / 2.0)), left = int(std::nearbyint((ow - spec.crop) / 2.0));
  return resize_crop_plane(plane, img.width, img.height, ow, oh, left, top, spec.crop, spec.crop,
                           spec.bicubic ? Resample::Bicubic : Resample::Bilinear);
}
RgbaImage noise_image(int w, int h, unsigned seed) {
  RgbaImage img;
  img.width = w, img.height = h;
  img.pixels.resize(size_t(w) * h * 4);
  for (auto& v : img.pixels) v = uint8_t((seed = seed * 1103515245u + 12345u) >> 23);
  return img;
}
}  // namespace

TEST(Preprocess, StreamingOverRowsGivesTheSameFloatsAsWholePlanes) {
  struct Case {
    int w, h, channels, resize, crop;
    bool bicubic, exact;
  } cases[] = {{97, 61, 1, 32, 28, false, false}, {61, 97, 3, 40, 32, true, false}, {300, 200, 3, 24, 24, false, true},
               {28, 28, 1, 28, 28, false, false}, {20, 50, 3, 64, 56, true, false}, {1, 40, 1, 8, 8, false, false}};
  for (const Case& k : cases) {
    ModelSpec s = gray_spec(k.crop, k.resize);
    s.channels = k.channels;
    s.bicubic = k.bicubic;
    s.resize_exact = k.exact;
    s.mean.assign(size_t(k.channels), 0.f);
    s.std.assign(size_t(k.channels), 1.f);
    const RgbaImage img = noise_image(k.w, k.h, unsigned(k.w * 131 + k.h));
    const ModelInput in = preprocess(img, s);
    for (int c = 0; c < k.channels; ++c) {
      const auto ref = planes_then_resize(img, s, c);
      for (int i = 0; i < k.crop * k.crop; ++i)
        ASSERT_EQ(in.pixels[size_t(c * k.crop * k.crop + i)], ref[size_t(i)]) << k.w << "x" << k.h << " c" << c;
    }
  }
}

TEST(ShrinkImage, LongerSideToTheLimitAspectKeptSmallImagesUntouched) {
  RgbaImage img = noise_image(400, 100, 7);
  RgbaImage t = shrink_image(img, 128);  // blocks of 4 x 4
  EXPECT_EQ(t.width, 100);
  EXPECT_EQ(t.height, 25);
  ASSERT_EQ(t.pixels.size(), size_t(100 * 25 * 4));
  int sum = 0;
  for (int y = 4; y < 8; ++y)
    for (int x = 8; x < 12; ++x) sum += img.pixels[size_t(y * 400 + x) * 4 + 1];
  EXPECT_EQ(t.pixels[(1 * 100 + 2) * 4 + 1], (sum + 8) / 16);
  RgbaImage small = noise_image(60, 90, 3);
  RgbaImage same = shrink_image(small, 128);
  EXPECT_EQ(same.width, 60);
  EXPECT_EQ(same.pixels, small.pixels);
  // A flat colour stays that colour; a left/right split keeps its halves.
  RgbaImage split;
  split.width = 200, split.height = 100;
  split.pixels.resize(200 * 100 * 4);
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 200; ++x) {
      uint8_t* p = &split.pixels[size_t(y * 200 + x) * 4];
      p[0] = x < 100 ? 250 : 10, p[1] = 40, p[2] = x < 100 ? 10 : 250, p[3] = 255;
    }
  RgbaImage s = shrink_image(split, 50);
  ASSERT_EQ(s.width, 50);
  ASSERT_EQ(s.height, 25);
  EXPECT_EQ(s.pixels[(10 * 50 + 5) * 4 + 0], 250);
  EXPECT_EQ(s.pixels[(10 * 50 + 5) * 4 + 1], 40);
  EXPECT_EQ(s.pixels[(10 * 50 + 44) * 4 + 2], 250);
  EXPECT_EQ(s.pixels[(10 * 50 + 44) * 4 + 3], 255);
  RgbaImage odd = shrink_image(noise_image(1000, 7, 1), 100);  // blocks of 10 over a 7-pixel height
  EXPECT_EQ(odd.width, 100);
  EXPECT_EQ(odd.height, 1);
}

TEST(ImageHeader, KnownFormatsGiveTheirSizeOthersAreForTheBrowser) {
  ImageHeader png = read_image_header(read_file("tests/native/data/rgb_241x300.png"));
  EXPECT_TRUE(png.known);
  EXPECT_EQ(png.width, 241);
  EXPECT_EQ(png.height, 300);
  EXPECT_FALSE(png.jpeg);
  ImageHeader jpg = read_image_header(read_file("tests/native/data/bad/progressive.jpg"));
  EXPECT_TRUE(jpg.known);
  EXPECT_TRUE(jpg.jpeg);  // (the browser may decode it scaled)
  // A WebP (RIFF....WEBP) is not stb's: the app hands it to the browser.
  const std::string webp = "RIFF\x1e\0\0\0WEBPVP8L\x11\0\0\0/\x01@\0\0\x07P\x8f\"\xd7\xa3\xff\x81\x88\xe8\x7f\0\0";
  EXPECT_FALSE(read_image_header(std::span(reinterpret_cast<const uint8_t*>(webp.data()), webp.size())).known);
  EXPECT_FALSE(read_image_header({}).known);
  EXPECT_EQ(image_size_error(100, 100, {}), "");
  EXPECT_NE(image_size_error(20000, 10, {}).find("20000 x 10"), std::string::npos);
}

TEST(BlockReducer, RowsInAnyStripsGiveTheWholeImageReduction) {
  const RgbaImage img = noise_image(103, 77, 11);
  for (int k : {1, 2, 3, 5}) {
    BlockReducer whole(103, 77, k);
    whole.add_rows(img.pixels.data(), 0, 77);
    const RgbaImage want = whole.take();
    EXPECT_EQ(want.width, 103 / k);
    EXPECT_EQ(want.height, 77 / k);
    for (int strip : {1, 4, 7, 30}) {
      BlockReducer r(103, 77, k);
      for (int y = 0; y < 77; y += strip) r.add_rows(&img.pixels[size_t(y) * 103 * 4], y, std::min(strip, 77 - y));
      const RgbaImage got = r.take();
      ASSERT_EQ(got.pixels, want.pixels) << "k " << k << ", strips of " << strip;
    }
  }
  // k = 1 is a copy; k = 2 is the rounded mean of each 2 x 2 block.
  BlockReducer copy(103, 77, 1);
  copy.add_rows(img.pixels.data(), 0, 77);
  EXPECT_EQ(copy.take().pixels, img.pixels);
  BlockReducer two(103, 77, 2);
  two.add_rows(img.pixels.data(), 0, 77);
  const RgbaImage t = two.take();
  const auto at = [&](int x, int y, int c) { return int(img.pixels[size_t(y * 103 + x) * 4 + size_t(c)]); };
  EXPECT_EQ(int(t.pixels[size_t(5 * 51 + 7) * 4 + 2]),
            (at(14, 10, 2) + at(15, 10, 2) + at(14, 11, 2) + at(15, 11, 2) + 2) / 4);
}

TEST(BlockReducer, KeepFactorLeavesTheShorterSideAtLeastTheKeepSide) {
  EXPECT_EQ(keep_factor(4032, 3024), 2);  // kept as 2016 x 1512
  EXPECT_EQ(keep_factor(3024, 4032), 2);
  EXPECT_EQ(keep_factor(6000, 4000), 3);
  EXPECT_EQ(keep_factor(1920, 1080), 1);
  EXPECT_EQ(keep_factor(28, 28), 1);
  for (int side = 1; side < 9000; side += 97) EXPECT_GE(side / keep_factor(side * 2, side), std::min(side, 1024));
}

namespace vitvis {
namespace {

// A blank input has no spread; a half-black, half-white one the most a [0, 1] image can have (0.5).
TEST(InputSpread, IsTheStandardDeviationOfThePixels) {
  ModelInput in;
  in.channels = 1, in.size = 2;
  in.pixels = {0.3f, 0.3f, 0.3f, 0.3f};
  EXPECT_NEAR(input_spread(in), 0.f, 1e-6f);
  EXPECT_LT(input_spread(in), kBlankSpread);
  in.pixels = {0.f, 1.f, 0.f, 1.f};
  EXPECT_NEAR(input_spread(in), 0.5f, 1e-6f);
  in.pixels = {0.f, 0.f, 0.f, 0.2f};  // sqrt(0.01 - 0.0025) = 0.0866
  EXPECT_NEAR(input_spread(in), 0.0866025f, 1e-5f);
  EXPECT_GT(input_spread(in), kBlankSpread);
  EXPECT_EQ(input_spread(ModelInput{}), 0.f);
}

}  // namespace
}  // namespace vitvis
