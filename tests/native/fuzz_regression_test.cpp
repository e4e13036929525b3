// Inputs that once broke a fuzz harness (tests/fuzz/regressions), replayed as ordinary tests.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "image.h"
#include "onnx_model_info.h"
#include "url_state.h"

using namespace vitvis;

namespace {
std::vector<uint8_t> regression(const std::string& name) {
  std::ifstream f(std::string(VITVIS_SOURCE_DIR) + "/tests/fuzz/regressions/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return {std::istreambuf_iterator<char>(f), {}};
}
}  // namespace

TEST(FuzzRegression, OnnxInitializerDimsDoNotOverflow) {
  auto b = regression("onnx_dims_overflow.bin");
  std::string err;
  auto info = parse_onnx_model_info(b, &err);
  if (info) {
    EXPECT_GE(info->initializer_elements, 0);
    EXPECT_LT(info->initializer_elements, int64_t(1) << 41);
  }
}

TEST(FuzzRegression, JpegWithOversizedHuffmanTableIsRefused) {
  for (const char* name : {"jpeg_dht_over_256.bin", "jpeg_dht_truncated_segment.bin", "jpeg_dht_after_scan.bin",
                           "jpeg_dht_resync.bin", "jpeg_dht_fill_bytes_before_soi.bin"}) {
    auto b = regression(name);
    ASSERT_GT(b.size(), 2u);
    RgbaImage img;
    std::string err;
    // The harness skips two bytes that choose the preprocessing; the rest is the image file.
    EXPECT_FALSE(decode_image(std::span(b.data() + 2, b.size() - 2), &img, &err)) << name;
    EXPECT_NE(err.find("Huffman table"), std::string::npos) << name << ": " << err;
  }
}

TEST(FuzzRegression, UrlScaleRoundsToWhatTheUrlCanHold) {
  auto b = regression("url_scale_three_decimals.txt");
  auto p = parse_url_query(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  auto again = parse_url_query(url_query(p.state));
  EXPECT_EQ(again.state, p.state);
  EXPECT_TRUE(again.notices.empty());
  EXPECT_FLOAT_EQ(parse_url_query("scale=1.503").state.scale, 1.5f);
}

TEST(FuzzRegression, UrlWithPatchAndTokenRoundTrips) {  // url_query writes a patch alone: the parse keeps one
  auto b = regression("url_patch_and_token.bin");
  auto p = parse_url_query(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  auto again = parse_url_query(url_query(p.state));
  EXPECT_EQ(again.state, p.state);
  EXPECT_TRUE(again.notices.empty());
}

TEST(FuzzRegression, WideStripImagePreprocessesQuickly) {
  auto b = regression("image_wide_strip_timeout.bin");
  RgbaImage img;
  std::string err;
  if (!decode_image(std::span(b.data() + 2, b.size() - 2), &img, &err)) return;  // refused is fine too
  ModelSpec s;
  s.channels = (b[0] & 1) ? 3 : 1;
  s.resize = 1 + b[1] % 64;
  s.crop = s.image_size = 1 + (b[1] / 64) % s.resize;
  s.mean.assign(size_t(s.channels), 0.5f);
  s.std.assign(size_t(s.channels), 0.25f);
  EXPECT_EQ(preprocess(img, s).normalized.size(), size_t(s.channels) * s.crop * s.crop);
}

TEST(FuzzRegression, CorruptHuffmanCodesDecodeOrFailWithoutCrashing) {
  for (const char* name : {"jpeg_huffman_read_out_of_range.bin", "jpeg_huffman_read_far_out_of_range.bin",
                           "jpeg_code_bits_shift_too_large.bin"}) {
    auto b = regression(name);
    RgbaImage img;
    std::string err;
    if (!decode_image(std::span(b.data() + 2, b.size() - 2), &img, &err, DecodeLimits{})) {
      EXPECT_FALSE(err.empty()) << name;
    } else {
      EXPECT_EQ(img.pixels.size(), size_t(img.width) * img.height * 4) << name;
    }
  }
}
