// The model contract: metadata parsing, shape checks, token/patch indexing with prefix tokens.
#include "model_spec.h"

#include "onnx_model_info.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <tuple>

#include "onnx_builder.h"

using namespace vitvis;

namespace {
bool load(const fixtures::TinyVit& t, ModelSpec* spec, std::vector<std::string>* errors) {
  std::string err;
  auto info = parse_onnx_model_info(t.bytes(), &err);
  EXPECT_TRUE(info) << err;
  return info && model_spec_from_onnx(*info, spec, errors);
}
std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (auto& x : v) s += x + "\n";
  return s;
}
}  // namespace

TEST(ModelSpec, ReadsAValidModel) {
  fixtures::TinyVit t;
  ModelSpec s;
  std::vector<std::string> errors;
  ASSERT_TRUE(load(t, &s, &errors)) << joined(errors);
  EXPECT_EQ(s.grid(), 2);
  EXPECT_EQ(s.num_patches(), 4);
  EXPECT_EQ(s.num_tokens(), 5);
  EXPECT_EQ(s.head_dim(), 2);
  EXPECT_EQ(s.labels, (std::vector<std::string>{"c0", "c1", "c2"}));
  EXPECT_FLOAT_EQ(s.mean[0], 0.5f);
  EXPECT_FALSE(s.has_qkv);
  EXPECT_EQ(contract_output_names(s).size(), 9u + 3u + 2u);
}

TEST(ModelSpec, QkvOutputsAreOptionalButChecked) {
  fixtures::TinyVit t;
  t.qkv = true;
  ModelSpec s;
  std::vector<std::string> errors;
  ASSERT_TRUE(load(t, &s, &errors)) << joined(errors);
  EXPECT_TRUE(s.has_qkv);
  t.drop_outputs = {"v_1"};
  EXPECT_FALSE(load(t, &s, &errors));
  EXPECT_NE(joined(errors).find("'v_1' is missing"), std::string::npos);
}

TEST(ModelSpec, ProjectionOutputsAreOptionalButChecked) {
  fixtures::TinyVit t;
  t.qkv = true;
  ModelSpec s;
  std::vector<std::string> errors;
  ASSERT_TRUE(load(t, &s, &errors)) << joined(errors);
  EXPECT_FALSE(s.has_proj);  // an export from before o/wo/bo existed still loads
  t.proj = true;
  ASSERT_TRUE(load(t, &s, &errors)) << joined(errors);
  EXPECT_TRUE(s.has_proj);
  EXPECT_EQ(contract_output_names(s).size(), 9u + 3u + 2u + 2u * 3u + 2u * 3u);
  t.drop_outputs = {"wo_1"};
  EXPECT_FALSE(load(t, &s, &errors));
  EXPECT_NE(joined(errors).find("'wo_1' is missing"), std::string::npos);
}

TEST(ModelSpec, TokenIndexingWithSeveralPrefixTokens) {
  fixtures::TinyVit t;
  t.image = 12;
  t.prefix = 5;  // CLS + 4 registers
  ModelSpec s;
  std::vector<std::string> errors;
  ASSERT_TRUE(load(t, &s, &errors)) << joined(errors);
  EXPECT_EQ(s.num_tokens(), 9 + 5);
  EXPECT_EQ(s.token_of_patch(0, 0), 5);
  EXPECT_EQ(s.token_of_patch(2, 1), 5 + 7);
  EXPECT_EQ(s.patch_row(12), 2);
  EXPECT_EQ(s.patch_col(12), 1);
  EXPECT_TRUE(s.is_prefix(4));
  EXPECT_FALSE(s.is_prefix(5));
  EXPECT_EQ(s.token_name(0), "CLS");
  EXPECT_EQ(s.token_name(3), "REG3");
  EXPECT_EQ(s.token_name(13), "patch (3, 3)");  // row 2, column 2 from 0
  t.prefix = 2;
  ASSERT_TRUE(load(t, &s, &errors));
  EXPECT_EQ(s.token_name(1), "DIST");
  // DeiT distilled with 4 registers (metadata registers = 4): CLS, DIST, REG1 … REG4.
  s.prefix_tokens = 6;
  s.registers = 4;
  EXPECT_EQ(s.token_name(1), "DIST");
  EXPECT_EQ(s.token_name(2), "REG1");
  EXPECT_EQ(s.token_name(5), "REG4");
  s.registers = 5;  // CLS + 5 registers
  EXPECT_EQ(s.token_name(1), "REG1");
  EXPECT_EQ(s.token_name(5), "REG5");
}

TEST(ModelSpec, ExplainsWhatIsWrong) {
  struct Case {
    std::map<std::string, std::string> meta;
    std::vector<std::string> drop;
    std::string expect;
  };
  std::vector<Case> cases = {
      {{{"vitvis_format", ""}}, {}, "no ViT-VIS metadata"},
      {{{"heads", "3"}}, {}, "not divisible by heads"},
      {{{"labels", "[\"a\",\"b\"]"}}, {}, "labels has 2 names but num_classes is 3"},
      {{{"labels", "{}"}}, {}, "labels' is not a JSON array"},
      {{{"patch_size", "3"}}, {}, "not a multiple of patch_size"},
      {{{"dim", "abc"}}, {}, "'dim' = 'abc' is not a valid number"},
      {{{"std", "[0]"}}, {}, "std values must be positive"},
      {{{"mean", "[0.1,0.2,0.3]"}}, {}, "one value per channel"},
      {{}, {"attn_1"}, "Output 'attn_1' is missing"},
      {{{"layers", "3"}}, {}, "'cls_logits' has shape [3,3], the metadata implies [4,3]"},
  };
  for (auto& c : cases) {
    fixtures::TinyVit t;
    t.extra_meta = c.meta;
    t.drop_outputs = c.drop;
    ModelSpec s;
    std::vector<std::string> errors;
    EXPECT_FALSE(load(t, &s, &errors)) << c.expect;
    EXPECT_NE(joined(errors).find(c.expect), std::string::npos) << joined(errors);
  }
}

TEST(ModelSpec, MissingMetadataKeyIsNamed) {
  fixtures::TinyVit t;
  auto meta = t.metadata();
  fixtures::Pb graph;
  graph.bytes_field(11, fixtures::value_info("pixel_values", {1, 1, 8, 8}));
  fixtures::Pb model;
  model.int_field(1, 8);
  model.bytes_field(7, graph.bytes);
  for (auto& [k, v] : meta) {
    if (k == "heads") continue;
    fixtures::Pb e;
    e.str_field(1, k);
    e.str_field(2, v);
    model.bytes_field(14, e.bytes);
  }
  std::string err;
  auto info = parse_onnx_model_info(model.bytes, &err);
  ASSERT_TRUE(info);
  ModelSpec s;
  std::vector<std::string> errors;
  EXPECT_FALSE(model_spec_from_onnx(*info, &s, &errors));
  EXPECT_NE(joined(errors).find("Metadata 'heads' is missing"), std::string::npos);
}

namespace vitvis {
namespace {

TEST(ModelSpec, FormatTwoAddsBicubicAndTheExactResize) {
  auto with = [](std::map<std::string, std::string> extra) {
    OnnxModelInfo info;
    ModelSpec spec;
    std::vector<std::string> errors;
    // The smallest contract model's metadata, from the fixture the other tests read.
    std::string err;
    const auto bytes = [] {
      std::ifstream f(std::string(VITVIS_SOURCE_DIR) + "/tests/fuzz/corpus/onnx/tiny_contract.onnx", std::ios::binary);
      return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
    }();
    info = *parse_onnx_model_info(bytes, &err);
    for (auto& [k, v] : extra) info.metadata[k] = v;
    const bool ok = model_spec_from_onnx(info, &spec, &errors);
    return std::make_tuple(ok, spec, errors.empty() ? std::string() : errors[0]);
  };
  auto [ok1, s1, e1] = with({});
  ASSERT_TRUE(ok1) << e1;
  EXPECT_FALSE(s1.bicubic);
  EXPECT_FALSE(s1.resize_exact);
  auto [ok2, s2, e2] = with({{"vitvis_format", "2"}, {"interpolation", "bicubic"}, {"resize_mode", "exact"}});
  ASSERT_TRUE(ok2) << e2;
  EXPECT_TRUE(s2.bicubic);
  EXPECT_TRUE(s2.resize_exact);
  auto [ok3, s3, e3] = with({{"interpolation", "bicubic"}});  // format 1 cannot say bicubic
  EXPECT_FALSE(ok3);
  EXPECT_NE(e3.find("vitvis_format 2"), std::string::npos) << e3;
  auto [ok4, s4, e4] = with({{"vitvis_format", "2"}, {"interpolation", "lanczos"}});
  EXPECT_FALSE(ok4);
  EXPECT_NE(e4.find("lanczos"), std::string::npos) << e4;
  auto [ok5, s5, e5] = with({{"vitvis_format", "3"}});
  EXPECT_FALSE(ok5);
}

}  // namespace
}  // namespace vitvis
