// ONNX protobuf reading: metadata, inputs/outputs with shapes, and refusal of non-ONNX bytes.
#include "onnx_model_info.h"

#include <gtest/gtest.h>

#include "onnx_builder.h"

using namespace vitvis;

TEST(OnnxModelInfo, ReadsMetadataAndShapes) {
  fixtures::TinyVit t;
  auto bytes = t.bytes();
  std::string err;
  auto info = parse_onnx_model_info(bytes, &err);
  ASSERT_TRUE(info) << err;
  EXPECT_EQ(info->ir_version, 8);
  EXPECT_EQ(info->producer, "pytorch");
  EXPECT_EQ(info->initializer_elements, 21);
  EXPECT_EQ(info->metadata.at("patch_size"), "4");
  EXPECT_EQ(info->metadata.at("labels"), "[\"c0\",\"c1\",\"c2\"]");
  ASSERT_EQ(info->inputs.size(), 1u) << "initializers listed as inputs must be dropped";
  EXPECT_EQ(info->inputs[0].name, "pixel_values");
  EXPECT_EQ(info->inputs[0].dims, (std::vector<int64_t>{1, 1, 8, 8}));
  const OnnxValueInfo* a = info->output("attn_1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->elem_type, 1);
  EXPECT_EQ(a->dims, (std::vector<int64_t>{1, 2, 5, 5}));
  EXPECT_EQ(info->output("nope"), nullptr);
}

TEST(OnnxModelInfo, SymbolicDimsAreMinusOne) {
  fixtures::Pb graph;
  graph.bytes_field(11, fixtures::value_info("pixel_values", {-1, 3, 224, 224}));
  fixtures::Pb model;
  model.int_field(1, 7);
  model.bytes_field(7, graph.bytes);
  std::string err;
  auto info = parse_onnx_model_info(model.bytes, &err);
  ASSERT_TRUE(info) << err;
  EXPECT_EQ(info->inputs[0].dims, (std::vector<int64_t>{-1, 3, 224, 224}));
}

TEST(OnnxModelInfo, RefusesNonOnnx) {
  std::string err;
  std::vector<uint8_t> empty;
  EXPECT_FALSE(parse_onnx_model_info(empty, &err));
  EXPECT_NE(err.find("empty"), std::string::npos);
  std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  std::vector<uint8_t> b(png.begin(), png.end());
  EXPECT_FALSE(parse_onnx_model_info(b, &err));
  EXPECT_NE(err.find("not an ONNX model"), std::string::npos);
  std::string text = "hello world, this is text";
  EXPECT_FALSE(parse_onnx_model_info(std::vector<uint8_t>(text.begin(), text.end()), &err));
}

TEST(OnnxModelInfo, EveryTruncationIsRefusedOrParsedWithoutCrash) {
  auto bytes = fixtures::TinyVit{}.bytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string err;
    auto info = parse_onnx_model_info(std::span(bytes.data(), n), &err);
    if (!info) { EXPECT_FALSE(err.empty()); }
  }
  // Truncating inside the graph message must be detected.
  std::string err;
  EXPECT_FALSE(parse_onnx_model_info(std::span(bytes.data(), bytes.size() / 2), &err));
}
