// The ViT graph builder: a checkpoint read by vit_checkpoint.cpp -> the ViT-VIS ONNX graph.
// [SECTION] the graph  [SECTION] metadata
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

bool fail(std::string* error, const std::string& msg) {
  if (error) *error = msg;
  return false;
}

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
    // Initializers are named "w:<tensor>" so that no tensor name (timm's "pos_embed") meets an output's.
    const std::string init = "w:" + name;
    g.external(init, type, t.shape, opt.weights_file, t.offset, t.bytes);
    std::string v = type == OnnxType::Float ? init : g.node("Cast", {init}, {attr_int("to", 1)}, "f32");
    return loaded[name] = v;
  }
  bool has(const std::string& name) const { return !name.empty() && st.find(name) != nullptr; }
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
  std::string layer_norm(const std::string& x, const std::string& weight, const std::string& bias, float eps) {
    return g.node("LayerNormalization", {x, w(weight), w(bias)}, {attr_int("axis", -1), attr_float("epsilon", eps)},
                  "ln");
  }
  // A float32 constant of zeros, [rows, cols].
  std::string zeros(int64_t rows, int64_t cols) {
    return g.node("Expand", {g.const_float(0.f), g.const_int64({rows, cols})}, {}, "zeros");
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

// q, k, v of one block as [H, N, d] each: three projections (Hugging Face) or one fused (timm).
void queries_keys_values(Builder& b, const VitCheckpointInfo& v, const VitBlockNames& n, const std::string& a,
                         std::string out[3]) {
  const int64_t D = v.dim, H = v.heads, d = D / H, N = v.num_tokens();
  if (n.qkv_w.empty()) {
    const std::string* w[3][2] = {{&n.q_w, &n.q_b}, {&n.k_w, &n.k_b}, {&n.v_w, &n.v_b}};
    for (int k = 0; k < 3; ++k) out[k] = b.transpose(b.reshape(b.linear(a, *w[k][0], *w[k][1]), {N, H, d}), {1, 0, 2});
    return;
  }
  // [N, 3D] -> [N, 3, H, d] -> [3, H, N, d], then each of the three.
  const std::string all = b.transpose(b.reshape(b.linear(a, n.qkv_w, n.qkv_b), {N, 3, H, d}), {1, 2, 0, 3});
  for (int k = 0; k < 3; ++k)
    out[k] = b.reshape(b.g.node("Gather", {all, b.g.const_int64({k})}, {attr_int("axis", 0)}), {H, N, d});
}

void build_graph(Builder& b, const VitCheckpointInfo& v) {
  OnnxGraphWriter& g = b.g;
  const int64_t D = v.dim, H = v.heads, d = D / H, g2 = v.image_size / v.patch_size, P = g2 * g2, N = v.num_tokens();
  const int64_t K = v.num_classes, R = v.prefix_tokens();
  g.input("pixel_values", {1, v.channels, v.image_size, v.image_size});
  // Patch embedding: Conv with stride p -> [1, D, g, g] -> [1, P, D].
  const std::string conv = g.node(
      "Conv", {"pixel_values", b.w(v.patch_w), b.w(v.patch_b)},
      {attr_ints("kernel_shape", {v.patch_size, v.patch_size}), attr_ints("strides", {v.patch_size, v.patch_size})},
      "conv");
  g.node_to("patch_embeddings", "Transpose", {b.reshape(conv, {1, D, P})}, {attr_ints("perm", {0, 2, 1})});
  // Tokens [N, D] = [cls; (dist); (registers); patches] + pos (prefix tokens without one get zeros).
  std::vector<std::string> toks = {b.reshape(b.w(v.cls), {1, D})};
  if (v.distilled) toks.push_back(b.reshape(b.w(v.dist), {1, D}));
  if (v.registers) toks.push_back(b.reshape(b.w(v.reg), {v.registers, D}));
  toks.push_back(b.reshape("patch_embeddings", {P, D}));
  std::string pos = b.reshape(b.w(v.pos), {v.pos_covers_prefix ? N : P, D});
  if (!v.pos_covers_prefix) pos = g.node("Concat", {b.zeros(R, D), pos}, {attr_int("axis", 0)}, "pos");
  std::string t = g.node("Add", {g.node("Concat", toks, {attr_int("axis", 0)}), pos}, {}, "h");
  b.reshape_to("hidden_0", t, {1, N, D});
  std::vector<std::string> cls_rows = {b.rows(t, 0, 1)};
  const std::string scale = g.const_float(float(1.0 / std::sqrt(double(d))));
  for (int i = 0; i < v.layers; ++i) {
    const VitBlockNames& n = v.blocks[size_t(i)];
    const std::string I = std::to_string(i);
    const std::string a = b.layer_norm(t, n.ln1_w, n.ln1_b, v.ln_eps);
    std::string heads[3];  // q, k, v as [H, N, d]
    queries_keys_values(b, v, n, a, heads);
    const std::string scores = g.node("Mul", {g.node("MatMul", {heads[0], b.transpose(heads[1], {0, 2, 1})}), scale});
    const std::string attn = g.node("Softmax", {scores}, {attr_int("axis", -1)}, "attn");
    b.reshape_to("attn_" + I, attn, {1, H, N, N});
    const std::string ctx = b.reshape(b.transpose(g.node("MatMul", {attn, heads[2]}), {1, 0, 2}), {N, D});
    const std::string o = b.linear(ctx, n.proj_w, n.proj_b);
    if (b.opt.with_qkv) {
      const char* out[3] = {"q_", "k_", "v_"};
      for (int k = 0; k < 3; ++k) b.reshape_to(out[k] + I, heads[k], {1, H, N, d});
      b.reshape_to("o_" + I, o, {1, N, D});
      g.node_to("wo_" + I, "Transpose", {b.w(n.proj_w)}, {attr_ints("perm", {1, 0})});  // stored [in, out]
      g.node_to("bo_" + I, "Identity", {b.w(n.proj_b)});
    }
    t = g.node("Add", {t, n.ls1.empty() ? o : g.node("Mul", {o, b.w(n.ls1)})}, {}, "h");
    const std::string m = b.layer_norm(t, n.ln2_w, n.ln2_b, v.ln_eps);
    const std::string f = b.linear(b.gelu(b.linear(m, n.fc1_w, n.fc1_b)), n.fc2_w, n.fc2_b);
    t = g.node("Add", {t, n.ls2.empty() ? f : g.node("Mul", {f, b.w(n.ls2)})}, {}, "h");
    b.reshape_to("hidden_" + std::to_string(i + 1), t, {1, N, D});
    cls_rows.push_back(b.rows(t, 0, 1));
  }
  // Final LayerNorm, the class-token head (two heads: the mean with the distillation token's).
  const std::string normed = b.layer_norm(t, v.norm_w, v.norm_b, v.ln_eps);
  g.node_to("cls_final", "Slice", {normed, g.const_int64({0}), g.const_int64({1}), g.const_int64({0})});
  const std::string cls_head = b.linear("cls_final", v.head_w, v.head_b);
  if (v.two_heads) {
    const std::string dist = b.linear(b.rows(normed, 1, 2), v.head2_w, v.head2_b);
    g.node_to("logits", "Mul", {g.node("Add", {cls_head, dist}), g.const_float(0.5f)});
  } else {
    g.node_to("logits", "Identity", {cls_head});
  }
  // The logit lens: final norm + class-token head on the class token of every hidden state.
  const std::string lens =
      b.layer_norm(g.node("Concat", cls_rows, {attr_int("axis", 0)}), v.norm_w, v.norm_b, v.ln_eps);
  g.node_to("cls_logits", "Identity", {b.linear(lens, v.head_w, v.head_b)});
  g.node_to("pos_embed", "Reshape", {pos, g.const_int64({1, N, D})});
  g.node_to("patch_weight", "Identity", {b.w(v.patch_w)});
  g.node_to("patch_bias", "Identity", {b.w(v.patch_b)});
  g.node_to("head_weight", "Identity", {b.w(v.head_w)});
  g.node_to("head_bias", "Identity", {b.w(v.head_b)});
  g.node_to("norm_weight", "Identity", {b.w(v.norm_w)});  // the final LayerNorm: a trained head's lens (#20)
  g.node_to("norm_bias", "Identity", {b.w(v.norm_b)});
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
  g.output("norm_weight", {D});
  g.output("norm_bias", {D});
}

// ---------------------------------------------------------------------------------------------
// [SECTION] metadata
// ---------------------------------------------------------------------------------------------

// As Python's f"{x:g}" writes it (1e-06, 1e-12), so both exporters write the same metadata.
std::string eps_text(float x) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", double(x));
  return b;
}

std::string numbers_json(const std::vector<double>& v) {
  std::string o = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    char b[32];
    std::snprintf(b, sizeof b, "%s%.9g", i ? ", " : "", v[i]);
    o += b;
  }
  return o + "]";
}

std::map<std::string, std::string> metadata(const VitCheckpointInfo& v, const VitGraphOptions& opt,
                                            const SafetensorsHeader& st) {
  std::vector<std::string> names = v.labels;
  if (names.empty())
    names = int(opt.fallback_labels.size()) == v.num_classes ? opt.fallback_labels : std::vector<std::string>{};
  for (int i = int(names.size()); i < v.num_classes; ++i) names.push_back("class " + std::to_string(i));
  std::string labels = "[";
  for (size_t i = 0; i < names.size(); ++i) labels += (i ? ", " : "") + json_quote(names[i]);
  labels += "]";
  int64_t params = 0;
  for (const SafeTensor& t : st.tensors) params += t.elements();
  const SafeDType stored = st.find(v.cls)->dtype;
  const char* kind = v.model_type == "timm" ? "timm ViT" : v.model_type == "deit" ? "DeiT" : "ViT";
  const bool format2 = v.bicubic || v.resize_exact;  // format 2: bicubic, resize_mode
  return {{"vitvis_format", format2 ? "2" : "1"},
          {"name", opt.name.empty() ? kind + std::string(" checkpoint") : opt.name},
          {"description", opt.description},
          {"source", opt.source},
          {"image_size", std::to_string(v.image_size)},
          {"patch_size", std::to_string(v.patch_size)},
          {"channels", std::to_string(v.channels)},
          {"layers", std::to_string(v.layers)},
          {"heads", std::to_string(v.heads)},
          {"dim", std::to_string(v.dim)},
          {"prefix_tokens", std::to_string(v.prefix_tokens())},
          {"num_classes", std::to_string(v.num_classes)},
          {"norm_eps", eps_text(v.ln_eps)},
          {"mean", numbers_json(v.mean)},
          {"std", numbers_json(v.std)},
          {"labels", labels},
          {"resize", std::to_string(v.resize)},
          {"crop", std::to_string(v.image_size)},
          {"interpolation", v.bicubic ? "bicubic" : "bilinear"},
          {"resize_mode", v.resize_exact ? "exact" : "shorter"},
          {"invert", "0"},
          {"distilled", v.two_heads ? "1" : "0"},
          {"registers", std::to_string(v.registers)},
          {"qkv", opt.with_qkv ? "1" : "0"},
          {"weights", stored == SafeDType::F16    ? "float16"
                      : stored == SafeDType::BF16 ? "bfloat16"
                                                  : "float32"},
          {"parameters", std::to_string(params)}};
}

}  // namespace

std::optional<std::vector<uint8_t>> build_vit_graph(const VitCheckpointInfo& info, const SafetensorsHeader& weights,
                                                    const VitGraphOptions& options, std::string* error) {
  for (const SafeTensor& t : weights.tensors)
    if (t.offset + t.bytes > weights.file_bytes) {
      fail(error, "tensor " + t.name + " lies outside the weights file");
      return std::nullopt;
    }
  Builder b{{}, weights, options, {}};
  build_graph(b, info);
  if (int(info.blocks.size()) != info.layers) {
    fail(error, "the checkpoint's blocks were not read");
    return std::nullopt;
  }
  return b.g.model(metadata(info, options, weights), "vitvis-vit-graph");
}

}  // namespace vitvis
