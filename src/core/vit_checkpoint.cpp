// Reading a ViT checkpoint: which layout it is (Hugging Face ViT/DeiT, timm), its sizes, tensor names,
// labels and preprocessing, every tensor checked against the safetensors header before a graph is built.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "vit_graph.h"

namespace vitvis {
namespace {

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

bool is_true(const Json* j) { return j && j->type == Json::Type::Bool && j->boolean; }

const char* const kSupported =
    "the app builds Hugging Face ViT (model_type \"vit\") and DeiT (\"deit\") image classifiers and timm vit_*/deit_* "
    "checkpoints, with a class token";

bool timm_layout(const Json& c) { return c.get("architecture") && c.get("architecture")->is_string(); }

bool check_config(const Json& c, std::string* error) {
  if (timm_layout(c)) {
    const std::string arch = str_of(c, "architecture");
    if (arch.rfind("vit_", 0) != 0 && arch.rfind("deit_", 0) != 0)
      return fail(error, "this is a timm \"" + arch.substr(0, 40) + "\" model; " + kSupported);
    const Json* args = c.get("model_args");
    std::string pool = str_of(c, "global_pool");
    if (args && pool.empty()) pool = str_of(*args, "global_pool");
    if (!pool.empty() && pool != "token")
      return fail(error, "the model pools its tokens (global_pool \"" + pool.substr(0, 12) +
                             "\") instead of using the class token; " + kSupported);
    return true;
  }
  const std::string type = str_of(c, "model_type");
  if (type != "vit" && type != "deit")
    return fail(error, (type.empty() ? std::string("config.json names no model_type")
                                     : "this is a \"" + type.substr(0, 40) + "\" model") +
                           "; " + kSupported);
  if (is_true(c.get("use_mean_pooling")))
    return fail(error, "the model pools the patch tokens instead of using a class token; " + std::string(kSupported));
  const std::string act = str_of(c, "hidden_act");
  if (!act.empty() && act != "gelu")
    return fail(error,
                "the model's activation is \"" + act.substr(0, 20) + "\"; only exact GELU (\"gelu\") is supported");
  return true;
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

int square_root(int64_t n) {
  const int r = int(std::lround(std::sqrt(double(std::max<int64_t>(n, 0)))));
  return int64_t(r) * r == n ? r : -1;
}

// Hugging Face: names under vit./deit. (or none for a bare model), q/k/v separate.
void hf_names(const Json& c, const SafetensorsHeader& w, VitCheckpointInfo* v) {
  std::string p;
  for (const char* cand : {"vit.", "deit.", ""})
    if (w.find(std::string(cand) + "embeddings.cls_token")) {
      p = cand;
      break;
    }
  const std::string e = p + "embeddings.";
  v->cls = e + "cls_token";
  v->pos = e + "position_embeddings";
  v->patch_w = e + "patch_embeddings.projection.weight";
  v->patch_b = e + "patch_embeddings.projection.bias";
  v->norm_w = p + "layernorm.weight";
  v->norm_b = p + "layernorm.bias";
  v->distilled = w.find(e + "distillation_token") != nullptr;
  if (v->distilled) v->dist = e + "distillation_token";
  v->two_heads = w.find("cls_classifier.weight") && w.find("distillation_classifier.weight");
  const std::string head = v->two_heads ? "cls_classifier" : "classifier";
  v->head_w = head + ".weight";
  v->head_b = head + ".bias";
  if (v->two_heads) v->head2_w = "distillation_classifier.weight", v->head2_b = "distillation_classifier.bias";
  v->image_size = int_of(c, "image_size", 224);
  v->patch_size = int_of(c, "patch_size", 16);
  v->channels = int_of(c, "num_channels", 3);
  v->dim = int_of(c, "hidden_size", 768);
  v->layers = int_of(c, "num_hidden_layers", 12);
  v->heads = int_of(c, "num_attention_heads", 12);
  v->mlp_dim = int_of(c, "intermediate_size", 4 * v->dim);
  v->ln_eps = 1e-12f;
  if (const Json* eps = c.get("layer_norm_eps"); eps && eps->is_number()) v->ln_eps = float(eps->number);
  const bool qkv_bias = !c.get("qkv_bias") || c.get("qkv_bias")->type != Json::Type::Bool || c.get("qkv_bias")->boolean;
  for (int i = 0; i < std::clamp(v->layers, 0, 64); ++i) {
    const std::string b = p + "encoder.layer." + std::to_string(i) + ".", a = b + "attention.attention.";
    VitBlockNames n;
    n.ln1_w = b + "layernorm_before.weight", n.ln1_b = b + "layernorm_before.bias";
    n.q_w = a + "query.weight", n.k_w = a + "key.weight", n.v_w = a + "value.weight";
    if (qkv_bias) n.q_b = a + "query.bias", n.k_b = a + "key.bias", n.v_b = a + "value.bias";
    n.proj_w = b + "attention.output.dense.weight", n.proj_b = b + "attention.output.dense.bias";
    n.ln2_w = b + "layernorm_after.weight", n.ln2_b = b + "layernorm_after.bias";
    n.fc1_w = b + "intermediate.dense.weight", n.fc1_b = b + "intermediate.dense.bias";
    n.fc2_w = b + "output.dense.weight", n.fc2_b = b + "output.dense.bias";
    v->blocks.push_back(std::move(n));
  }
  v->model_type = str_of(c, "model_type");
}

// timm: sizes from the weights' shapes (its config.json names only the architecture).
bool timm_names(const Json& c, const SafetensorsHeader& w, VitCheckpointInfo* v, std::string* error) {
  v->model_type = "timm";
  v->cls = "cls_token", v->pos = "pos_embed", v->patch_w = "patch_embed.proj.weight",
  v->patch_b = "patch_embed.proj.bias";
  v->norm_w = "norm.weight", v->norm_b = "norm.bias", v->head_w = "head.weight", v->head_b = "head.bias";
  for (const SafeTensor& t : w.tensors)
    if (t.name.rfind("fc_norm.", 0) == 0 || t.name.find(".q_norm.") != std::string::npos)
      return fail(
          error, "the checkpoint has " + t.name.substr(0, 40) + " (mean pooling or normalised queries); " + kSupported);
  const SafeTensor* pw = w.find(v->patch_w);
  if (!pw || pw->shape.size() != 4) return fail(error, "model.safetensors lacks the tensor patch_embed.proj.weight");
  v->dim = int(pw->shape[0]), v->channels = int(pw->shape[1]), v->patch_size = int(pw->shape[2]);
  while (w.find("blocks." + std::to_string(v->layers) + ".norm1.weight")) ++v->layers;
  if (const SafeTensor* fc1 = w.find("blocks.0.mlp.fc1.weight"); fc1 && !fc1->shape.empty())
    v->mlp_dim = int(fc1->shape[0]);
  v->distilled = w.find("dist_token") != nullptr;
  if (v->distilled) v->dist = "dist_token";
  v->two_heads = v->distilled && w.find("head_dist.weight");
  if (v->two_heads) v->head2_w = "head_dist.weight", v->head2_b = "head_dist.bias";
  if (const SafeTensor* r = w.find("reg_token"); r && r->shape.size() == 3)
    v->registers = int(r->shape[1]), v->reg = "reg_token";
  // Heads: the config's model_args, else timm's named sizes, else 64 dims a head.
  const std::string arch = str_of(c, "architecture");
  const Json* args = c.get("model_args");
  v->heads = args ? int_of(*args, "num_heads", 0) : 0;
  const std::pair<const char*, int> named[] = {
      {"_tiny", 3}, {"_small", 6}, {"_base", 12}, {"_large", 16}, {"_huge", 16}};
  for (const auto& [k, h] : named)
    if (!v->heads && arch.find(k) != std::string::npos) v->heads = h;
  if (!v->heads && v->dim % 64 == 0) v->heads = v->dim / 64;
  // Image size from the position embeddings: prefix tokens + a square grid, or the grid alone.
  if (const SafeTensor* pos = w.find(v->pos); pos && pos->shape.size() == 3) {
    const int with = square_root(pos->shape[1] - v->prefix_tokens()), alone = square_root(pos->shape[1]);
    v->pos_covers_prefix = with > 0;
    v->image_size = (with > 0 ? with : alone) * v->patch_size;
  }
  v->ln_eps = 1e-6f;
  const bool layer_scale = w.find("blocks.0.ls1.gamma") != nullptr,
             qkv_bias = w.find("blocks.0.attn.qkv.bias") != nullptr;
  for (int i = 0; i < v->layers; ++i) {
    const std::string b = "blocks." + std::to_string(i) + ".";
    VitBlockNames n;
    n.ln1_w = b + "norm1.weight", n.ln1_b = b + "norm1.bias", n.ln2_w = b + "norm2.weight", n.ln2_b = b + "norm2.bias";
    n.qkv_w = b + "attn.qkv.weight";
    if (qkv_bias) n.qkv_b = b + "attn.qkv.bias";
    n.proj_w = b + "attn.proj.weight", n.proj_b = b + "attn.proj.bias";
    n.fc1_w = b + "mlp.fc1.weight", n.fc1_b = b + "mlp.fc1.bias", n.fc2_w = b + "mlp.fc2.weight",
    n.fc2_b = b + "mlp.fc2.bias";
    if (layer_scale) n.ls1 = b + "ls1.gamma", n.ls2 = b + "ls2.gamma";
    v->blocks.push_back(std::move(n));
  }
  return true;
}

// Every tensor the graph reads, with the shape it must have.
std::vector<std::pair<std::string, std::vector<int64_t>>> expected_tensors(const VitCheckpointInfo& v) {
  const int64_t D = v.dim, M = v.mlp_dim, K = v.num_classes, C = v.channels, p = v.patch_size;
  const int64_t npos = v.pos_covers_prefix ? v.num_tokens() : v.num_patches();
  std::vector<std::pair<std::string, std::vector<int64_t>>> t = {
      {v.cls, {1, 1, D}}, {v.pos, {1, npos, D}}, {v.patch_w, {D, C, p, p}}, {v.patch_b, {D}},
      {v.norm_w, {D}},    {v.norm_b, {D}},       {v.head_w, {K, D}},        {v.head_b, {K}}};
  if (v.distilled) t.push_back({v.dist, {1, 1, D}});
  if (v.registers) t.push_back({v.reg, {1, v.registers, D}});
  if (v.two_heads) t.push_back({v.head2_w, {K, D}}), t.push_back({v.head2_b, {K}});
  for (const VitBlockNames& b : v.blocks) {
    const std::pair<const std::string*, std::vector<int64_t>> all[] = {
        {&b.ln1_w, {D}},     {&b.ln1_b, {D}},    {&b.q_w, {D, D}}, {&b.q_b, {D}},          {&b.k_w, {D, D}},
        {&b.k_b, {D}},       {&b.v_w, {D, D}},   {&b.v_b, {D}},    {&b.qkv_w, {3 * D, D}}, {&b.qkv_b, {3 * D}},
        {&b.proj_w, {D, D}}, {&b.proj_b, {D}},   {&b.ln2_w, {D}},  {&b.ln2_b, {D}},        {&b.fc1_w, {M, D}},
        {&b.fc1_b, {M}},     {&b.fc2_w, {D, M}}, {&b.fc2_b, {D}},  {&b.ls1, {D}},          {&b.ls2, {D}}};
    for (const auto& [name, shape] : all)
      if (!name->empty()) t.push_back({*name, shape});
  }
  return t;
}

std::string shape_text(const std::vector<int64_t>& s) {
  std::string o = "[";
  for (size_t i = 0; i < s.size(); ++i) o += (i ? ", " : "") + std::to_string(s[i]);
  return o + "]";
}

std::vector<std::string> labels_of(const Json& c, int k) {
  std::vector<std::string> out;
  if (const Json* id2label = c.get("id2label"); id2label && id2label->is_object()) {
    out.assign(size_t(k), "");
    for (size_t i = 0; i < id2label->keys.size(); ++i) {
      char* end = nullptr;
      const long n = std::strtol(id2label->keys[i].c_str(), &end, 10);
      if (end && !*end && n >= 0 && n < k && id2label->values[i].is_string())
        out[size_t(n)] = id2label->values[i].string;
    }
  } else if (const Json* names = c.get("label_names"); names && names->is_array() && int(names->array.size()) == k) {
    for (const Json& n : names->array) out.push_back(n.is_string() ? n.string : "");
  }
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i].empty()) out[i] = "class " + std::to_string(i);
  return out;
}

// Mean/std and the resize before the centre crop, as the checkpoint's own processor does it.
void preprocessing(const Json& c, std::string_view preprocessor, VitCheckpointInfo* v) {
  const size_t C = size_t(v->channels);
  const bool imagenet = v->model_type != "vit" && C == 3;  // DeiT and timm default to ImageNet's statistics
  v->mean = imagenet ? std::vector<double>{0.485, 0.456, 0.406} : std::vector<double>(C, 0.5);
  v->std = imagenet ? std::vector<double>{0.229, 0.224, 0.225} : std::vector<double>(C, 0.5);
  // Defaults, as the processors' own: ViTImageProcessor squashes to image_size x image_size (bilinear);
  // DeiT resizes to 256 (for 224) and crops, bicubic; timm resizes to image_size / crop_pct and crops.
  const bool vit = v->model_type == "vit";
  v->resize = vit ? v->image_size : v->image_size * 8 / 7;
  v->resize_exact = vit;
  v->bicubic = !vit;
  if (const Json* cfg = c.get("pretrained_cfg"); cfg && cfg->is_object()) {  // timm
    v->mean = numbers_of(cfg->get("mean"), C, v->mean);
    v->std = numbers_of(cfg->get("std"), C, v->std);
    if (const Json* pct = cfg->get("crop_pct"); pct && pct->is_number() && pct->number > 0.3 && pct->number <= 1.0)
      v->resize = int(std::floor(v->image_size / pct->number));
    v->bicubic = str_of(*cfg, "interpolation") != "bilinear";
  }
  if (auto p = parse_json(preprocessor); p && p->is_object()) {  // Hugging Face
    v->mean = numbers_of(p->get("image_mean"), C, v->mean);
    v->std = numbers_of(p->get("image_std"), C, v->std);
    const bool crop = is_true(p->get("do_center_crop"));
    const Json* size = p->get("size");
    if (int s = size_of(size); s > 0) v->resize = crop ? s : v->image_size;
    v->resize_exact = !crop && size && size->get("height");  // {height, width} without a crop: a squash
    if (const Json* r = p->get("resample"); r && r->is_number()) v->bicubic = int(r->number) == 3;  // PIL: 2, 3
  }
  v->resize = std::max(v->resize, v->image_size);
}

}  // namespace

bool vit_config_supported(std::string_view config_json, std::string* error) {
  std::string err;
  auto c = parse_json(config_json, &err);
  if (!c || !c->is_object()) return fail(error, "config.json is not a JSON object" + (err.empty() ? "" : ": " + err));
  return check_config(*c, error);
}

bool vit_config_is_timm(std::string_view config_json) {
  auto c = parse_json(config_json);
  return c && c->is_object() && timm_layout(*c);
}

std::optional<VitCheckpointInfo> read_vit_checkpoint(std::string_view config_json, const SafetensorsHeader& w,
                                                     std::string_view preprocessor_json, std::string* error) {
  std::string err;
  auto c = parse_json(config_json, &err);
  auto bad = [&](const std::string& msg) {
    fail(error, msg);
    return std::nullopt;
  };
  if (!c || !c->is_object()) return bad("config.json is not a JSON object" + (err.empty() ? "" : ": " + err));
  if (!check_config(*c, error)) return std::nullopt;
  VitCheckpointInfo v;
  if (timm_layout(*c)) {
    if (!timm_names(*c, w, &v, error)) return std::nullopt;
  } else {
    hf_names(*c, w, &v);
  }
  if (v.image_size <= 0 || v.patch_size <= 0 || v.image_size % v.patch_size || v.image_size > 1024 || v.dim <= 0 ||
      v.heads <= 0 || v.dim % v.heads || v.layers <= 0 || v.layers > 64 || v.mlp_dim <= 0 || v.dim > 8192 ||
      (v.channels != 1 && v.channels != 3))
    return bad("the checkpoint's sizes do not describe a ViT (image " + std::to_string(v.image_size) + ", patch " +
               std::to_string(v.patch_size) + ", dim " + std::to_string(v.dim) + ", heads " + std::to_string(v.heads) +
               ", channels " + std::to_string(v.channels) + ")");
  if (!w.find(v.cls)) return bad("model.safetensors has no class token (" + v.cls + "); " + kSupported);
  const SafeTensor* head = w.find(v.head_w);
  if (!head || head->shape.size() != 2)
    return bad("model.safetensors has no classification head (" + v.head_w + "): a bare backbone cannot classify");
  v.num_classes = int(head->shape[0]);
  for (const auto& [name, shape] : expected_tensors(v)) {
    const SafeTensor* t = w.find(name);
    if (!t) return bad("model.safetensors lacks the tensor " + name);
    if (t->shape != shape)
      return bad(name + " has shape " + shape_text(t->shape) + ", but config.json implies " + shape_text(shape));
    if (t->dtype != SafeDType::F32 && t->dtype != SafeDType::F16 && t->dtype != SafeDType::BF16)
      return bad(name + " is " + safe_dtype_name(t->dtype) + "; only F32, F16 and BF16 weights are supported");
  }
  v.labels = labels_of(*c, v.num_classes);
  preprocessing(*c, preprocessor_json, &v);
  return v;
}

}  // namespace vitvis
