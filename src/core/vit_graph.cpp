// The ViT graph builder: Hugging Face ViT/DeiT names and shapes -> the ViT-VIS ONNX graph.
// [SECTION] reading the checkpoint  [SECTION] the graph  [SECTION] metadata
//
// Tokens travel as a 2-D [N, D] tensor (batch 1), so every linear layer is one Gemm with transB=1 that
// reads the PyTorch [out, in] weight where it lies (no transposed copy); outputs get their batch axis
// back with a Reshape. The maths is the exporter's (scripts/vit_model.py): pre-norm blocks,
// softmax(Q Kᵀ / √d), exact (erf) GELU, final LayerNorm, class-token head (DeiT: mean of both heads).
#include "vit_graph.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "onnx_writer.h"

namespace vitvis {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] reading the checkpoint
// ---------------------------------------------------------------------------------------------

bool fail(std::string* error, const std::string& msg) {
  if (error) *error = msg;
  return false;
}

int int_of(const Json& j, const char* key, int fallback) {
  const Json* v = j.get(key);
  return v && v->is_number() ? int(v->number) : fallback;
}

std::string str_of(const Json& j, const char* key) {
  const Json* v = j.get(key);
  return v && v->is_string() ? v->string : std::string();
}

const char* const kSupported =
    "the app builds Hugging Face ViT (model_type \"vit\") and DeiT (\"deit\") image classifiers";

bool check_config(const Json& c, std::string* error) {
  const std::string type = str_of(c, "model_type");
  if (type != "vit" && type != "deit") {
    return fail(error, (type.empty() ? std::string("config.json names no model_type")
                                     : "this is a \"" + type.substr(0, 40) + "\" model") +
                           "; " + kSupported + " with a class token");
  }
  if (const Json* pool = c.get("use_mean_pooling"); pool && pool->type == Json::Type::Bool && pool->boolean)
    return fail(error, "the model pools the patch tokens instead of using a class token; " + std::string(kSupported));
  const std::string act = str_of(c, "hidden_act");
  if (!act.empty() && act != "gelu")
    return fail(error,
                "the model's activation is \"" + act.substr(0, 20) + "\"; only exact GELU (\"gelu\") is supported");
  return true;
}

// Every tensor the graph reads, with the shape it must have.
std::vector<std::pair<std::string, std::vector<int64_t>>> expected_tensors(const VitCheckpointInfo& v, bool qkv_bias) {
  const int64_t D = v.dim, M = v.mlp_dim, K = v.num_classes, C = v.channels, p = v.patch_size;
  const std::string e = v.prefix + "embeddings.";
  std::vector<std::pair<std::string, std::vector<int64_t>>> t = {
      {e + "cls_token", {1, 1, D}},
      {e + "position_embeddings", {1, v.num_tokens(), D}},
      {e + "patch_embeddings.projection.weight", {D, C, p, p}},
      {e + "patch_embeddings.projection.bias", {D}},
      {v.prefix + "layernorm.weight", {D}},
      {v.prefix + "layernorm.bias", {D}}};
  if (v.distilled) t.push_back({e + "distillation_token", {1, 1, D}});
  for (int i = 0; i < v.layers; ++i) {
    const std::string b = v.prefix + "encoder.layer." + std::to_string(i) + ".";
    for (const char* n : {"layernorm_before", "layernorm_after"}) {
      t.push_back({b + n + ".weight", {D}});
      t.push_back({b + n + ".bias", {D}});
    }
    for (const char* n : {"query", "key", "value"}) {
      t.push_back({b + "attention.attention." + n + ".weight", {D, D}});
      if (qkv_bias) t.push_back({b + "attention.attention." + n + ".bias", {D}});
    }
    t.push_back({b + "attention.output.dense.weight", {D, D}});
    t.push_back({b + "attention.output.dense.bias", {D}});
    t.push_back({b + "intermediate.dense.weight", {M, D}});
    t.push_back({b + "intermediate.dense.bias", {M}});
    t.push_back({b + "output.dense.weight", {D, M}});
    t.push_back({b + "output.dense.bias", {D}});
  }
  for (const std::string& h : v.teacher_head ? std::vector<std::string>{"cls_classifier", "distillation_classifier"}
                                             : std::vector<std::string>{"classifier"}) {
    t.push_back({h + ".weight", {K, D}});
    t.push_back({h + ".bias", {K}});
  }
  return t;
}

std::string shape_text(const std::vector<int64_t>& s) {
  std::string o = "[";
  for (size_t i = 0; i < s.size(); ++i) o += (i ? ", " : "") + std::to_string(s[i]);
  return o + "]";
}

}  // namespace

bool vit_config_supported(std::string_view config_json, std::string* error) {
  std::string err;
  auto c = parse_json(config_json, &err);
  if (!c || !c->is_object()) return fail(error, "config.json is not a JSON object" + (err.empty() ? "" : ": " + err));
  return check_config(*c, error);
}

std::optional<VitCheckpointInfo> read_vit_checkpoint(std::string_view config_json, const SafetensorsHeader& w,
                                                     std::string* error) {
  std::string err;
  auto c = parse_json(config_json, &err);
  if (!c || !c->is_object()) {
    fail(error, "config.json is not a JSON object" + (err.empty() ? "" : ": " + err));
    return std::nullopt;
  }
  if (!check_config(*c, error)) return std::nullopt;
  VitCheckpointInfo v;
  v.model_type = str_of(*c, "model_type");
  v.image_size = int_of(*c, "image_size", 224);
  v.patch_size = int_of(*c, "patch_size", 16);
  v.channels = int_of(*c, "num_channels", 3);
  v.dim = int_of(*c, "hidden_size", 768);
  v.layers = int_of(*c, "num_hidden_layers", 12);
  v.heads = int_of(*c, "num_attention_heads", 12);
  v.mlp_dim = int_of(*c, "intermediate_size", 4 * v.dim);
  if (const Json* eps = c->get("layer_norm_eps"); eps && eps->is_number()) v.ln_eps = float(eps->number);
  const bool qkv_bias =
      !c->get("qkv_bias") || c->get("qkv_bias")->boolean || c->get("qkv_bias")->type != Json::Type::Bool;
  auto bad = [&](const std::string& msg) {
    fail(error, msg);
    return std::nullopt;
  };
  if (v.image_size <= 0 || v.patch_size <= 0 || v.image_size % v.patch_size || v.image_size > 1024 || v.dim <= 0 ||
      v.heads <= 0 || v.dim % v.heads || v.layers <= 0 || v.layers > 64 || v.mlp_dim <= 0 || v.dim > 8192 ||
      (v.channels != 1 && v.channels != 3))
    return bad("config.json's sizes do not describe a ViT (image " + std::to_string(v.image_size) + ", patch " +
               std::to_string(v.patch_size) + ", dim " + std::to_string(v.dim) + ", heads " + std::to_string(v.heads) +
               ", channels " + std::to_string(v.channels) + ")");
  for (const char* p : {"vit.", "deit.", ""})
    if (w.find(std::string(p) + "embeddings.cls_token")) {
      v.prefix = p;
      break;
    }
  if (!w.find(v.prefix + "embeddings.cls_token"))
    return bad("model.safetensors has no class token (embeddings.cls_token); " + std::string(kSupported));
  v.distilled = w.find(v.prefix + "embeddings.distillation_token") != nullptr;
  v.teacher_head = w.find("cls_classifier.weight") && w.find("distillation_classifier.weight");
  const SafeTensor* head = w.find(v.teacher_head ? "cls_classifier.weight" : "classifier.weight");
  if (!head || head->shape.size() != 2)
    return bad("model.safetensors has no classification head (classifier.weight): a bare ViTModel cannot classify");
  v.num_classes = int(head->shape[0]);
  for (const auto& [name, shape] : expected_tensors(v, qkv_bias)) {
    const SafeTensor* t = w.find(name);
    if (!t) return bad("model.safetensors lacks the tensor " + name);
    if (t->shape != shape)
      return bad(name + " has shape " + shape_text(t->shape) + ", but config.json implies " + shape_text(shape));
    if (t->dtype != SafeDType::F32 && t->dtype != SafeDType::F16 && t->dtype != SafeDType::BF16)
      return bad(name + " is " + safe_dtype_name(t->dtype) + "; only F32, F16 and BF16 weights are supported");
  }
  if (const Json* id2label = c->get("id2label"); id2label && id2label->is_object()) {
    v.labels.assign(size_t(v.num_classes), "");
    for (size_t i = 0; i < id2label->keys.size(); ++i) {
      char* end = nullptr;
      const long k = std::strtol(id2label->keys[i].c_str(), &end, 10);
      if (end && !*end && k >= 0 && k < v.num_classes && id2label->values[i].is_string())
        v.labels[size_t(k)] = id2label->values[i].string;
    }
  }
  v.labels.resize(size_t(v.num_classes));
  for (size_t i = 0; i < v.labels.size(); ++i)
    if (v.labels[i].empty()) v.labels[i] = "class " + std::to_string(i);
  return v;
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] the graph
// ---------------------------------------------------------------------------------------------

struct Builder {
  OnnxGraphWriter g;
  const SafetensorsHeader& st;
  const VitGraphOptions& opt;
  std::map<std::string, std::string> loaded;  // tensor name -> float32 value in the graph

  // The weight as a float32 graph value: an external initializer (cast once from F16/BF16).
  std::string w(const std::string& name) {
    if (auto it = loaded.find(name); it != loaded.end()) return it->second;
    const SafeTensor& t = *st.find(name);
    const OnnxType type = t.dtype == SafeDType::F32   ? OnnxType::Float
                          : t.dtype == SafeDType::F16 ? OnnxType::Float16
                                                      : OnnxType::BFloat16;
    g.external(name, type, t.shape, opt.weights_file, t.offset, t.bytes);
    std::string v = type == OnnxType::Float ? name : g.node("Cast", {name}, {attr_int("to", 1)}, "f32");
    return loaded[name] = v;
  }
  bool has(const std::string& name) const { return st.find(name) != nullptr; }
  std::string reshape(const std::string& x, const std::vector<int64_t>& shape, const std::string& hint = "") {
    return g.node("Reshape", {x, g.const_int64(shape)}, {}, hint);
  }
  void reshape_to(const std::string& out, const std::string& x, const std::vector<int64_t>& shape) {
    g.node_to(out, "Reshape", {x, g.const_int64(shape)});
  }
  std::string transpose(const std::string& x, const std::vector<int64_t>& perm) {
    return g.node("Transpose", {x}, {attr_ints("perm", perm)});
  }
  // x [n, in] · Wᵀ + b with W [out, in] as stored.
  std::string linear(const std::string& x, const std::string& weight, const std::string& bias) {
    std::vector<std::string> in = {x, w(weight)};
    if (has(bias)) in.push_back(w(bias));
    return g.node("Gemm", in, {attr_int("transB", 1)}, "linear");
  }
  std::string layer_norm(const std::string& x, const std::string& prefix, float eps) {
    return g.node("LayerNormalization", {x, w(prefix + ".weight"), w(prefix + ".bias")},
                  {attr_int("axis", -1), attr_float("epsilon", eps)}, "ln");
  }
  std::string rows(const std::string& x, int64_t begin, int64_t end) {  // x[begin:end] along axis 0
    return g.node("Slice", {x, g.const_int64({begin}), g.const_int64({end}), g.const_int64({0})}, {}, "rows");
  }
  std::string gelu(const std::string& x) {  // 0.5 · x · (1 + erf(x / √2))
    const std::string e = g.node("Erf", {g.node("Div", {x, g.const_float(float(std::sqrt(2.0)))})});
    const std::string half = g.node("Mul", {g.node("Add", {e, g.const_float(1.f)}), g.const_float(0.5f)});
    return g.node("Mul", {x, half}, {}, "gelu");
  }
};

void build_graph(Builder& b, const VitCheckpointInfo& v) {
  OnnxGraphWriter& g = b.g;
  const int64_t D = v.dim, H = v.heads, d = D / H, g2 = v.image_size / v.patch_size, P = g2 * g2, N = v.num_tokens();
  const int64_t K = v.num_classes;
  const std::string e = v.prefix + "embeddings.";
  g.input("pixel_values", {1, v.channels, v.image_size, v.image_size});
  // Patch embedding: Conv with stride p -> [1, D, g, g] -> [1, P, D].
  const std::string conv = g.node(
      "Conv",
      {"pixel_values", b.w(e + "patch_embeddings.projection.weight"), b.w(e + "patch_embeddings.projection.bias")},
      {attr_ints("kernel_shape", {v.patch_size, v.patch_size}), attr_ints("strides", {v.patch_size, v.patch_size})},
      "conv");
  g.node_to("patch_embeddings", "Transpose", {b.reshape(conv, {1, D, P})}, {attr_ints("perm", {0, 2, 1})});
  // Tokens [N, D] = [cls; (dist); patches] + pos.
  std::vector<std::string> toks = {b.reshape(b.w(e + "cls_token"), {1, D})};
  if (v.distilled) toks.push_back(b.reshape(b.w(e + "distillation_token"), {1, D}));
  toks.push_back(b.reshape("patch_embeddings", {P, D}));
  const std::string pos = b.w(e + "position_embeddings");
  std::string t = g.node("Add", {g.node("Concat", toks, {attr_int("axis", 0)}), b.reshape(pos, {N, D})}, {}, "h");
  b.reshape_to("hidden_0", t, {1, N, D});
  std::vector<std::string> cls_rows = {b.rows(t, 0, 1)};
  const std::string scale = g.const_float(float(1.0 / std::sqrt(double(d))));
  for (int i = 0; i < v.layers; ++i) {
    const std::string L = v.prefix + "encoder.layer." + std::to_string(i) + ".", I = std::to_string(i);
    const std::string a = b.layer_norm(t, L + "layernorm_before", v.ln_eps);
    std::string heads[3];  // q, k, v as [H, N, d]
    const char* names[3] = {"query", "key", "value"};
    for (int k = 0; k < 3; ++k) {
      const std::string qkv = L + "attention.attention." + names[k];
      heads[k] = b.transpose(b.reshape(b.linear(a, qkv + ".weight", qkv + ".bias"), {N, H, d}), {1, 0, 2});
    }
    const std::string scores = g.node("Mul", {g.node("MatMul", {heads[0], b.transpose(heads[1], {0, 2, 1})}), scale});
    const std::string attn = g.node("Softmax", {scores}, {attr_int("axis", -1)}, "attn");
    b.reshape_to("attn_" + I, attn, {1, H, N, N});
    const std::string ctx = b.reshape(b.transpose(g.node("MatMul", {attn, heads[2]}), {1, 0, 2}), {N, D});
    const std::string proj = L + "attention.output.dense";
    const std::string o = b.linear(ctx, proj + ".weight", proj + ".bias");
    if (b.opt.with_qkv) {
      const char* out[3] = {"q_", "k_", "v_"};
      for (int k = 0; k < 3; ++k) b.reshape_to(out[k] + I, heads[k], {1, H, N, d});
      b.reshape_to("o_" + I, o, {1, N, D});
      g.node_to("wo_" + I, "Transpose", {b.w(proj + ".weight")}, {attr_ints("perm", {1, 0})});  // stored [in, out]
      g.node_to("bo_" + I, "Identity", {b.w(proj + ".bias")});
    }
    t = g.node("Add", {t, o}, {}, "h");
    const std::string m = b.layer_norm(t, L + "layernorm_after", v.ln_eps);
    const std::string f = b.linear(b.gelu(b.linear(m, L + "intermediate.dense.weight", L + "intermediate.dense.bias")),
                                   L + "output.dense.weight", L + "output.dense.bias");
    t = g.node("Add", {t, f}, {}, "h");
    b.reshape_to("hidden_" + std::to_string(i + 1), t, {1, N, D});
    cls_rows.push_back(b.rows(t, 0, 1));
  }
  // Final LayerNorm, the class-token head (DeiT with teacher: mean with the distillation head).
  const std::string head = v.teacher_head ? "cls_classifier" : "classifier";
  const std::string normed = b.layer_norm(t, v.prefix + "layernorm", v.ln_eps);
  g.node_to("cls_final", "Slice", {normed, g.const_int64({0}), g.const_int64({1}), g.const_int64({0})});
  const std::string cls_head = b.linear("cls_final", head + ".weight", head + ".bias");
  if (v.teacher_head) {
    const std::string dist =
        b.linear(b.rows(normed, 1, 2), "distillation_classifier.weight", "distillation_classifier.bias");
    g.node_to("logits", "Mul", {g.node("Add", {cls_head, dist}), g.const_float(0.5f)});
  } else {
    g.node_to("logits", "Identity", {cls_head});
  }
  // The logit lens: final norm + class-token head on the class token of every hidden state.
  const std::string lens =
      b.layer_norm(g.node("Concat", cls_rows, {attr_int("axis", 0)}), v.prefix + "layernorm", v.ln_eps);
  g.node_to("cls_logits", "Identity", {b.linear(lens, head + ".weight", head + ".bias")});
  g.node_to("pos_embed", "Identity", {pos});
  g.node_to("patch_weight", "Identity", {b.w(e + "patch_embeddings.projection.weight")});
  g.node_to("patch_bias", "Identity", {b.w(e + "patch_embeddings.projection.bias")});
  g.node_to("head_weight", "Identity", {b.w(head + ".weight")});
  g.node_to("head_bias", "Identity", {b.w(head + ".bias")});
  // Graph outputs, in the exporter's order.
  g.output("logits", {1, K});
  g.output("patch_embeddings", {1, P, D});
  for (int i = 0; i <= v.layers; ++i) g.output("hidden_" + std::to_string(i), {1, N, D});
  for (int i = 0; i < v.layers; ++i) g.output("attn_" + std::to_string(i), {1, H, N, N});
  g.output("cls_logits", {v.layers + 1, K});
  g.output("cls_final", {1, D});
  if (b.opt.with_qkv)
    for (int i = 0; i < v.layers; ++i) {
      const std::string I = std::to_string(i);
      for (const char* n : {"q_", "k_", "v_"}) g.output(n + I, {1, H, N, d});
      g.output("o_" + I, {1, N, D});
      g.output("wo_" + I, {D, D});
      g.output("bo_" + I, {D});
    }
  g.output("pos_embed", {1, N, D});
  g.output("patch_weight", {D, v.channels, v.patch_size, v.patch_size});
  g.output("patch_bias", {D});
  g.output("head_weight", {K, D});
  g.output("head_bias", {K});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] metadata
// ---------------------------------------------------------------------------------------------

std::string numbers_json(const std::vector<double>& v) {
  std::string o = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    char b[32];
    std::snprintf(b, sizeof b, "%s%.9g", i ? ", " : "", v[i]);
    o += b;
  }
  return o + "]";
}

std::vector<double> numbers_of(const Json* j, size_t n, std::vector<double> fallback) {
  if (!j || !j->is_array() || j->array.size() != n) return fallback;
  std::vector<double> out;
  for (const Json& x : j->array) {
    if (!x.is_number()) return fallback;
    out.push_back(x.number);
  }
  return out;
}

// A size field of an HF image processor: an int, or {"height", "width"}, or {"shortest_edge"}.
int size_of(const Json* j) {
  if (!j) return 0;
  if (j->is_number()) return int(j->number);
  for (const char* k : {"shortest_edge", "height"})
    if (const Json* v = j->get(k); v && v->is_number()) return int(v->number);
  return 0;
}

std::map<std::string, std::string> metadata(const VitCheckpointInfo& v, std::string_view preprocessor,
                                            const VitGraphOptions& opt, const SafetensorsHeader& st) {
  const bool deit = v.model_type == "deit";
  const size_t C = size_t(v.channels);
  std::vector<double> mean(C, 0.5), std(C, 0.5);
  if (deit && C == 3) mean = {0.485, 0.456, 0.406}, std = {0.229, 0.224, 0.225};
  int resize = deit ? v.image_size * 8 / 7 : v.image_size;  // DeiT: 256 for 224, then the centre crop
  if (auto p = parse_json(preprocessor); p && p->is_object()) {
    mean = numbers_of(p->get("image_mean"), C, mean);
    std = numbers_of(p->get("image_std"), C, std);
    const Json* crop = p->get("do_center_crop");
    const bool cropping = crop && crop->type == Json::Type::Bool && crop->boolean;
    if (int s = size_of(p->get("size")); s > 0) resize = cropping ? s : v.image_size;
  }
  if (resize < v.image_size) resize = v.image_size;
  std::string labels = "[";
  for (size_t i = 0; i < v.labels.size(); ++i) labels += (i ? ", " : "") + json_quote(v.labels[i]);
  labels += "]";
  int64_t params = 0;
  for (const SafeTensor& t : st.tensors) params += t.elements();
  const bool half = st.find(v.prefix + "embeddings.cls_token")->dtype != SafeDType::F32;
  return {{"vitvis_format", "1"},
          {"name", opt.name.empty() ? (deit ? "DeiT" : "ViT") + std::string(" (Hugging Face checkpoint)") : opt.name},
          {"description", opt.description},
          {"source", opt.source},
          {"image_size", std::to_string(v.image_size)},
          {"patch_size", std::to_string(v.patch_size)},
          {"channels", std::to_string(v.channels)},
          {"layers", std::to_string(v.layers)},
          {"heads", std::to_string(v.heads)},
          {"dim", std::to_string(v.dim)},
          {"prefix_tokens", std::to_string(v.distilled ? 2 : 1)},
          {"num_classes", std::to_string(v.num_classes)},
          {"mean", numbers_json(mean)},
          {"std", numbers_json(std)},
          {"labels", labels},
          {"resize", std::to_string(resize)},
          {"crop", std::to_string(v.image_size)},
          {"interpolation", "bilinear"},
          {"invert", "0"},
          {"distilled", v.teacher_head ? "1" : "0"},
          {"registers", "0"},
          {"qkv", opt.with_qkv ? "1" : "0"},
          {"weights", half ? "float16" : "float32"},
          {"parameters", std::to_string(params)}};
}

}  // namespace

std::optional<std::vector<uint8_t>> build_vit_graph(const VitCheckpointInfo& info, const SafetensorsHeader& weights,
                                                    std::string_view preprocessor_json, const VitGraphOptions& options,
                                                    std::string* error) {
  for (const SafeTensor& t : weights.tensors)
    if (t.offset + t.bytes > weights.file_bytes) {
      fail(error, "tensor " + t.name + " lies outside the weights file");
      return std::nullopt;
    }
  Builder b{{}, weights, options, {}};
  build_graph(b, info);
  return b.g.model(metadata(info, preprocessor_json, options, weights), "vitvis-vit-graph");
}

}  // namespace vitvis
