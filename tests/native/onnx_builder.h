// Test helper: writes ONNX ModelProto bytes (protobuf wire format) for a contract-shaped ViT graph.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "inference_result.h"
#include "onnx_model_info.h"

namespace vitvis::fixtures {

class Pb {
 public:
  std::vector<uint8_t> bytes;
  void varint(uint64_t v) {
    while (v >= 0x80) {
      bytes.push_back(uint8_t(v | 0x80));
      v >>= 7;
    }
    bytes.push_back(uint8_t(v));
  }
  void key(int field, int wire) { varint(uint64_t(field) << 3 | uint64_t(wire)); }
  void int_field(int field, uint64_t v) {
    key(field, 0);
    varint(v);
  }
  void bytes_field(int field, const std::vector<uint8_t>& b) {
    key(field, 2);
    varint(b.size());
    bytes.insert(bytes.end(), b.begin(), b.end());
  }
  void str_field(int field, const std::string& s) { bytes_field(field, std::vector<uint8_t>(s.begin(), s.end())); }
};

inline std::vector<uint8_t> value_info(const std::string& name, std::vector<int64_t> dims, int elem = 1) {
  Pb shape;
  for (int64_t d : dims) {
    Pb dim;
    if (d >= 0)
      dim.int_field(1, uint64_t(d));
    else
      dim.str_field(2, "batch");
    shape.bytes_field(1, dim.bytes);
  }
  Pb tensor_type;
  tensor_type.int_field(1, uint64_t(elem));
  tensor_type.bytes_field(2, shape.bytes);
  Pb type;
  type.bytes_field(1, tensor_type.bytes);
  Pb vi;
  vi.str_field(1, name);
  vi.bytes_field(2, type.bytes);
  return vi.bytes;
}

struct TinyVit {
  int image = 8, patch = 4, channels = 1, layers = 2, heads = 2, dim = 4, prefix = 1, classes = 3;
  std::map<std::string, std::string> extra_meta;  // overrides / additions
  std::vector<std::string> drop_outputs;          // outputs to leave out
  bool qkv = false;
  bool proj = false;  // o_l / wo_l / bo_l (with qkv)

  std::map<std::string, std::string> metadata() const {
    std::map<std::string, std::string> m = {{"vitvis_format", "1"},
                                            {"name", "tiny"},
                                            {"image_size", std::to_string(image)},
                                            {"patch_size", std::to_string(patch)},
                                            {"channels", std::to_string(channels)},
                                            {"layers", std::to_string(layers)},
                                            {"heads", std::to_string(heads)},
                                            {"dim", std::to_string(dim)},
                                            {"prefix_tokens", std::to_string(prefix)},
                                            {"num_classes", std::to_string(classes)},
                                            {"mean", "[0.5]"},
                                            {"std", "[0.25]"},
                                            {"resize", std::to_string(image)},
                                            {"crop", std::to_string(image)},
                                            {"invert", "0"}};
    std::string labels = "[";
    for (int k = 0; k < classes; ++k) labels += (k ? ",\"c" : "\"c") + std::to_string(k) + "\"";
    m["labels"] = labels + "]";
    for (auto& [k, v] : extra_meta) m[k] = v;
    return m;
  }

  std::vector<std::pair<std::string, std::vector<int64_t>>> outputs() const {
    int64_t P = (image / patch) * (image / patch), N = P + prefix, D = dim, K = classes;
    std::vector<std::pair<std::string, std::vector<int64_t>>> o = {
        {"logits", {1, K}},    {"patch_embeddings", {1, P, D}}, {"cls_logits", {layers + 1, K}},
        {"cls_final", {1, D}}, {"pos_embed", {1, N, D}},        {"patch_weight", {D, channels, patch, patch}},
        {"patch_bias", {D}},   {"head_weight", {K, D}},         {"head_bias", {K}}};
    for (int l = 0; l <= layers; ++l) o.push_back({"hidden_" + std::to_string(l), {1, N, D}});
    for (int l = 0; l < layers; ++l) o.push_back({"attn_" + std::to_string(l), {1, heads, N, N}});
    if (qkv)
      for (int l = 0; l < layers; ++l)
        for (const char* p : {"q_", "k_", "v_"}) o.push_back({p + std::to_string(l), {1, heads, N, D / heads}});
    if (qkv && proj)
      for (int l = 0; l < layers; ++l) {
        o.push_back({"o_" + std::to_string(l), {1, N, D}});
        o.push_back({"wo_" + std::to_string(l), {D, D}});
        o.push_back({"bo_" + std::to_string(l), {D}});
      }
    std::erase_if(o, [&](auto& x) {
      for (auto& d : drop_outputs)
        if (d == x.first) return true;
      return false;
    });
    return o;
  }

  std::vector<uint8_t> bytes() const {
    Pb graph;
    graph.str_field(2, "main");
    Pb init;               // an initializer that old exporters also list as an input
    init.int_field(1, 3);  // dims [3, 7]
    init.int_field(1, 7);
    init.str_field(8, "w_init");
    graph.bytes_field(5, init.bytes);
    graph.bytes_field(11, value_info("pixel_values", {1, channels, image, image}));
    graph.bytes_field(11, value_info("w_init", {3}));
    for (auto& [n, s] : outputs()) graph.bytes_field(12, value_info(n, s));
    Pb model;
    model.int_field(1, 8);
    model.str_field(2, "pytorch");
    model.bytes_field(7, graph.bytes);
    for (auto& [k, v] : metadata()) {
      Pb e;
      e.str_field(1, k);
      e.str_field(2, v);
      model.bytes_field(14, e.bytes);
    }
    return model.bytes;
  }
};

// The spec the app reads from t's bytes (the test fails if they do not fit the contract).
inline ModelSpec spec_of(const TinyVit& t) {
  std::string err;
  auto info = parse_onnx_model_info(t.bytes(), &err);
  ModelSpec s;
  std::vector<std::string> errors;
  EXPECT_TRUE(info && model_spec_from_onnx(*info, &s, &errors)) << err;
  return s;
}

// A result for t whose outputs are zeros except what fill(name, values) writes.
inline InferenceResult result_of(const TinyVit& t,
                                 const std::function<void(const std::string&, std::vector<float>&)>& fill) {
  std::map<std::string, Tensor> m;
  for (auto& [name, shape] : t.outputs()) {
    std::vector<float> v(size_t(shape_elements(shape)), 0.f);
    fill(name, v);
    m.emplace(name, Tensor(shape, v));
  }
  InferenceResult r;
  std::string err;
  EXPECT_TRUE(InferenceResult::create(spec_of(t), m, &r, &err)) << err;
  return r;
}

}  // namespace vitvis::fixtures
