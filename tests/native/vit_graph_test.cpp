// The ViT graph builder: a Hugging Face config + safetensors header -> a graph the app's own contract
// check accepts; unsupported or inconsistent checkpoints are refused with a message. (The numbers the
// graph computes are checked against the Python exporter in tests/model/vit_graph.test.mjs.)
#include "vit_graph.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model_spec.h"
#include "onnx_model_info.h"

namespace vitvis {
namespace {

struct Tiny {
  int D = 16, L = 2, H = 2, M = 32, K = 5, C = 3, S = 16, p = 8;
  bool deit = false;
  std::string dtype = "F32";
  std::string config() const {
    std::string labels;
    for (int i = 0; i < K; ++i)
      labels += (i ? "," : "") + std::string("\"") + std::to_string(i) + "\":\"label " + std::to_string(i) + "\"";
    return std::string("{\"model_type\":\"") + (deit ? "deit" : "vit") + "\",\"image_size\":" + std::to_string(S) +
           ",\"patch_size\":" + std::to_string(p) + ",\"num_channels\":" + std::to_string(C) +
           ",\"hidden_size\":" + std::to_string(D) + ",\"num_hidden_layers\":" + std::to_string(L) +
           ",\"num_attention_heads\":" + std::to_string(H) + ",\"intermediate_size\":" + std::to_string(M) +
           ",\"hidden_act\":\"gelu\",\"layer_norm_eps\":1e-12,\"id2label\":{" + labels + "}}";
  }
  // The header of a model.safetensors with every tensor (data section of the right size, all zero).
  std::vector<uint8_t> file(const std::string& skip = "", const std::string& bad_shape = "") const {
    const int N = (S / p) * (S / p) + (deit ? 2 : 1);
    std::vector<std::pair<std::string, std::vector<int>>> t;
    const std::string pre = deit ? "deit." : "vit.";
    t.push_back({pre + "embeddings.cls_token", {1, 1, D}});
    if (deit) t.push_back({pre + "embeddings.distillation_token", {1, 1, D}});
    t.push_back({pre + "embeddings.position_embeddings", {1, N, D}});
    t.push_back({pre + "embeddings.patch_embeddings.projection.weight", {D, C, p, p}});
    t.push_back({pre + "embeddings.patch_embeddings.projection.bias", {D}});
    for (int i = 0; i < L; ++i) {
      const std::string b = pre + "encoder.layer." + std::to_string(i) + ".";
      for (const char* n : {"layernorm_before", "layernorm_after"})
        t.push_back({b + n + ".weight", {D}}), t.push_back({b + n + ".bias", {D}});
      for (const char* n : {"query", "key", "value"})
        t.push_back({b + "attention.attention." + n + ".weight", {D, D}}),
            t.push_back({b + "attention.attention." + n + ".bias", {D}});
      t.push_back({b + "attention.output.dense.weight", {D, D}});
      t.push_back({b + "attention.output.dense.bias", {D}});
      t.push_back({b + "intermediate.dense.weight", {M, D}});
      t.push_back({b + "intermediate.dense.bias", {M}});
      t.push_back({b + "output.dense.weight", {D, M}});
      t.push_back({b + "output.dense.bias", {D}});
    }
    t.push_back({pre + "layernorm.weight", {D}});
    t.push_back({pre + "layernorm.bias", {D}});
    for (const char* h : deit ? std::vector<const char*>{"cls_classifier", "distillation_classifier"}
                              : std::vector<const char*>{"classifier"})
      t.push_back({std::string(h) + ".weight", {K, D}}), t.push_back({std::string(h) + ".bias", {K}});
    const int size = dtype == "F32" ? 4 : 2;
    std::string h = "{";
    uint64_t off = 0;
    for (auto& [name, shape] : t) {
      if (name == skip) continue;
      if (name == bad_shape) shape[0] += 1;
      uint64_t n = uint64_t(size);
      std::string s;
      for (int d : shape) n *= uint64_t(d), s += (s.empty() ? "" : ",") + std::to_string(d);
      h += (h.size() > 1 ? "," : "") + std::string("\"") + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + s +
           "],\"data_offsets\":[" + std::to_string(off) + "," + std::to_string(off + n) + "]}";
      off += n;
    }
    h += "}";
    // (sized once: GCC 12's -Warray-bounds misreads an insert after the 8 length bytes at -O2)
    std::vector<uint8_t> f(8 + h.size() + size_t(off), 0);
    for (int i = 0; i < 8; ++i) f[size_t(i)] = uint8_t(uint64_t(h.size()) >> (8 * i));
    std::copy(h.begin(), h.end(), f.begin() + 8);
    return f;
  }
};

SafetensorsHeader header(const std::vector<uint8_t>& f) {
  std::string err;
  auto h = parse_safetensors_header(f, f.size(), &err);
  EXPECT_TRUE(h) << err;
  return h ? *h : SafetensorsHeader{};
}

ModelSpec build_and_check(const Tiny& t, bool with_qkv, const std::string& preprocessor = "") {
  const auto f = t.file();
  const SafetensorsHeader h = header(f);
  std::string err;
  auto info = read_vit_checkpoint(t.config(), h, preprocessor, &err);
  EXPECT_TRUE(info) << err;
  if (!info) return {};
  VitGraphOptions opt;
  opt.with_qkv = with_qkv;
  opt.name = "tiny";
  auto bytes = build_vit_graph(*info, h, opt, &err);
  EXPECT_TRUE(bytes) << err;
  auto onnx = parse_onnx_model_info(*bytes, &err);
  EXPECT_TRUE(onnx) << err;
  ModelSpec spec;
  std::vector<std::string> errors;
  EXPECT_TRUE(model_spec_from_onnx(*onnx, &spec, &errors)) << (errors.empty() ? "" : errors[0]);
  return spec;
}

TEST(VitGraph, AViTCheckpointBecomesAGraphTheContractAccepts) {
  Tiny t;
  const ModelSpec s = build_and_check(t, true);
  EXPECT_EQ(s.name, "tiny");
  EXPECT_EQ(s.layers, 2);
  EXPECT_EQ(s.heads, 2);
  EXPECT_EQ(s.dim, 16);
  EXPECT_EQ(s.num_classes, 5);
  EXPECT_EQ(s.prefix_tokens, 1);
  EXPECT_EQ(s.num_tokens(), 5);
  EXPECT_TRUE(s.has_qkv);
  EXPECT_TRUE(s.has_proj);
  ASSERT_EQ(s.labels.size(), 5u);
  EXPECT_EQ(s.labels[3], "label 3");
  EXPECT_EQ(s.resize, 16);
  EXPECT_FALSE(build_and_check(t, false).has_qkv);
}

TEST(VitGraph, DeitWithTeacherHasTwoPrefixTokensAndTheProcessorsCrop) {
  Tiny t;
  t.deit = true;
  const ModelSpec s = build_and_check(t, true,
                                      R"({"do_center_crop": true, "size": {"height": 20, "width": 20},
                                          "crop_size": {"height": 16, "width": 16}, "image_mean": [0.1, 0.2, 0.3],
                                          "image_std": [0.4, 0.5, 0.6]})");
  EXPECT_EQ(s.prefix_tokens, 2);
  EXPECT_EQ(s.num_tokens(), 6);
  EXPECT_EQ(s.resize, 20);
  ASSERT_EQ(s.mean.size(), 3u);
  EXPECT_FLOAT_EQ(s.mean[1], 0.2f);
  EXPECT_FLOAT_EQ(s.std[2], 0.6f);
}

TEST(VitGraph, HalfPrecisionWeightsAreAccepted) {
  Tiny t;
  t.dtype = "F16";
  EXPECT_EQ(build_and_check(t, true).dim, 16);
  t.dtype = "BF16";
  EXPECT_EQ(build_and_check(t, false).dim, 16);
}

TEST(VitGraph, UnsupportedAndInconsistentCheckpointsAreRefused) {
  Tiny t;
  std::string err;
  EXPECT_FALSE(vit_config_supported(R"({"model_type": "swin", "embed_dim": 96})", &err));
  EXPECT_NE(err.find("\"swin\""), std::string::npos) << err;
  EXPECT_NE(err.find("ViT"), std::string::npos) << err;
  EXPECT_FALSE(vit_config_supported(R"({"model_type": "vit", "use_mean_pooling": true})", &err));
  EXPECT_FALSE(vit_config_supported("not json", &err));
  EXPECT_TRUE(vit_config_supported(t.config(), &err)) << err;
  EXPECT_FALSE(vit_config_is_timm(t.config()));
  EXPECT_TRUE(vit_config_is_timm(R"({"architecture": "vit_base_patch16_224", "num_classes": 1000})"));
  EXPECT_FALSE(vit_config_is_timm("not json"));

  const auto missing = t.file("vit.encoder.layer.1.output.dense.weight");
  EXPECT_FALSE(read_vit_checkpoint(t.config(), header(missing), "", &err));
  EXPECT_NE(err.find("lacks the tensor vit.encoder.layer.1.output.dense.weight"), std::string::npos) << err;

  const auto wrong = t.file("", "vit.encoder.layer.0.intermediate.dense.weight");
  EXPECT_FALSE(read_vit_checkpoint(t.config(), header(wrong), "", &err));
  EXPECT_NE(err.find("has shape [33, 16]"), std::string::npos) << err;

  Tiny bigger = t;
  bigger.D = 24;  // the config says 24, the weights are 16 wide
  EXPECT_FALSE(read_vit_checkpoint(bigger.config(), header(t.file()), "", &err));

  const auto no_head = t.file("classifier.weight");
  EXPECT_FALSE(read_vit_checkpoint(t.config(), header(no_head), "", &err));
  EXPECT_NE(err.find("no classification head"), std::string::npos) << err;
}

}  // namespace
}  // namespace vitvis
