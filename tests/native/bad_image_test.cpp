// Awkward image files (scripts/make_native_fixtures.py): each decodes correctly or is refused
// with a clear message — never a crash, never a silent garbage image.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "image.h"

using namespace vitvis;

namespace {
std::vector<uint8_t> bad(const std::string& name) {
  std::ifstream f(std::string(VITVIS_SOURCE_DIR) + "/tests/native/data/bad/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return {std::istreambuf_iterator<char>(f), {}};
}
struct Decoded {
  bool ok;
  RgbaImage img;
  std::string error;
};
Decoded decode(const std::string& name, const DecodeLimits& limits = {}) {
  Decoded d;
  d.ok = decode_image(bad(name), &d.img, &d.error, limits);
  return d;
}
const uint8_t* px(const RgbaImage& img, int x, int y) { return &img.pixels[(size_t(y) * img.width + x) * 4]; }
}  // namespace

TEST(BadImages, RefusedWithAClearMessage) {
  for (auto [file, words] : std::vector<std::pair<std::string, std::string>>{
           {"empty.png", "empty"}, {"not_an_image.png", "Not a readable image"}, {"huge_20000.png", ""}}) {
    Decoded d = decode(file);
    EXPECT_FALSE(d.ok) << file;
    EXPECT_GE(d.error.size(), 20u) << file << ": " << d.error;
    if (!words.empty()) { EXPECT_NE(d.error.find(words), std::string::npos) << d.error; }
  }
}

TEST(BadImages, HugeImagesAreRefusedBeforeDecodingWithTheirSize) {
  DecodeLimits small;
  small.max_side = 20;  // ok.png is 30 x 40
  Decoded d = decode("ok.png", small);
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.error.find("30 x 40"), std::string::npos) << d.error;
  DecodeLimits tiny_file;
  tiny_file.max_bytes = 100;
  d = decode("ok.png", tiny_file);
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.error.find("too large"), std::string::npos) << d.error;
}

TEST(BadImages, TruncatedFilesDecodeOrFailCleanly) {
  for (const char* file : {"truncated.png", "truncated.jpg"}) {
    Decoded d = decode(file);
    if (d.ok) {
      EXPECT_EQ(d.img.width, 30) << file;
      EXPECT_EQ(d.img.pixels.size(), size_t(30 * 40 * 4)) << file;
    } else {
      EXPECT_GE(d.error.size(), 20u) << file;
    }
  }
}

TEST(BadImages, OddFormatsDecodeCorrectly) {
  Decoded g16 = decode("gray16.png");
  ASSERT_TRUE(g16.ok) << g16.error;
  EXPECT_EQ(px(g16.img, 3, 3)[0], 128);  // 0x8000 -> 128
  EXPECT_EQ(px(g16.img, 3, 3)[3], 255);
  Decoded g = decode("gray.png");
  ASSERT_TRUE(g.ok) << g.error;
  EXPECT_EQ(px(g.img, 0, 0)[1], 200);
  Decoded la = decode("gray_alpha.png");
  ASSERT_TRUE(la.ok) << la.error;
  EXPECT_EQ(px(la.img, 1, 1)[0], 255);
  EXPECT_EQ(px(la.img, 1, 1)[3], 128);
  Decoded gif = decode("animated.gif");
  ASSERT_TRUE(gif.ok) << gif.error;
  EXPECT_GT(px(gif.img, 4, 4)[0], 200);  // the first frame (red), not the second (blue)
  EXPECT_LT(px(gif.img, 4, 4)[2], 50);
  Decoded prog = decode("progressive.jpg");
  ASSERT_TRUE(prog.ok) << prog.error;
  EXPECT_EQ(prog.img.width, 30);
  EXPECT_EQ(prog.img.height, 40);
}

TEST(BadImages, CmykJpegIsRedOrRefused) {
  Decoded d = decode("cmyk.jpg");
  if (d.ok) {
    const uint8_t* p = px(d.img, 8, 8);
    EXPECT_GT(p[0], 180) << int(p[0]) << "," << int(p[1]) << "," << int(p[2]);
    EXPECT_LT(p[1], 80);
  } else {
    EXPECT_GE(d.error.size(), 20u) << d.error;
  }
}

TEST(BadImage, PngChunkClaimingMoreThanTheFileIsRefusedBeforeDecoding) {
  // found by tests/fuzz/image_fuzz: stb grew its buffer to a 1 GB IDAT claim before reading it
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G',  0x0D, 0x0A, 0x1A, 0x0A, 0,   0,   0,   13,   'I', 'H', 'D',
                              'R',  0,   0,   0,    8,    0,    0,    0,    8,   8,   0,   0,    0,   0,   0,
                              0,    0,   0,   0x40, 0,    0,    0,    'I',  'D', 'A', 'T', 0x78, 0x9C};
  RgbaImage img;
  std::string err;
  EXPECT_FALSE(decode_image(png, &img, &err));
  EXPECT_NE(err.find("chunk claims more bytes"), std::string::npos) << err;
}
