// Parses and validates ViT-VIS metadata_props against the graph's declared inputs and outputs.
#include "model_spec.h"

#include <cstdlib>

#include "json.h"

namespace vitvis {
namespace {

bool parse_int(const std::string& s, int* out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  *out = std::atoi(s.c_str());
  return true;
}

std::string shape_str(const std::vector<int64_t>& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "," : "") + (d[i] < 0 ? std::string("?") : std::to_string(d[i]));
  return s + "]";
}

}  // namespace

std::string ModelSpec::token_name(int token) const {
  if (token < 0 || token >= num_tokens()) return "?";
  if (token == 0) return "CLS";
  if (token < prefix_tokens) {
    // DeiT puts the distillation token right after CLS; registers follow. Without the `registers`
    // key, two prefix tokens are CLS + DIST and more are CLS + registers.
    const bool dist = registers >= 0 ? prefix_tokens - registers == 2 : prefix_tokens == 2;
    if (dist && token == 1) return "DIST";
    return "REG" + std::to_string(token - (dist ? 1 : 0));
  }
  return "patch (" + std::to_string(patch_row(token) + 1) + ", " + std::to_string(patch_col(token) + 1) + ")";  // from 1
}

std::vector<std::pair<std::string, std::vector<int64_t>>> contract_outputs(const ModelSpec& s) {
  const int64_t N = s.num_tokens(), P = s.num_patches(), D = s.dim, K = s.num_classes, L = s.layers, H = s.heads;
  std::vector<std::pair<std::string, std::vector<int64_t>>> o = {
      {"logits", {1, K}},         {"patch_embeddings", {1, P, D}},
      {"cls_logits", {L + 1, K}}, {"cls_final", {1, D}},
      {"pos_embed", {1, N, D}},   {"patch_weight", {D, s.channels, s.patch_size, s.patch_size}},
      {"patch_bias", {D}},        {"head_weight", {K, D}},
      {"head_bias", {K}}};
  for (int l = 0; l <= L; ++l) o.push_back({"hidden_" + std::to_string(l), {1, N, D}});
  for (int l = 0; l < L; ++l) o.push_back({"attn_" + std::to_string(l), {1, H, N, N}});
  if (s.has_qkv)
    for (int l = 0; l < L; ++l)
      for (const char* p : {"q_", "k_", "v_"}) o.push_back({p + std::to_string(l), {1, H, N, H ? D / H : 0}});
  if (s.has_proj)
    for (int l = 0; l < L; ++l) {
      o.push_back({"o_" + std::to_string(l), {1, N, D}});
      o.push_back({"wo_" + std::to_string(l), {D, D}});
      o.push_back({"bo_" + std::to_string(l), {D}});
    }
  if (s.has_final_norm) {
    o.push_back({"norm_weight", {D}});
    o.push_back({"norm_bias", {D}});
  }
  return o;
}

std::vector<std::string> contract_output_names(const ModelSpec& spec) {
  std::vector<std::string> n;
  for (auto& [name, shape] : contract_outputs(spec)) n.push_back(name);
  return n;
}

bool model_spec_from_onnx(const OnnxModelInfo& info, ModelSpec* spec, std::vector<std::string>* errors) {
  ModelSpec s;
  std::vector<std::string> err;
  const auto& m = info.metadata;
  auto text = [&](const char* key) -> std::string {
    auto it = m.find(key);
    return it == m.end() ? std::string() : it->second;
  };
  if (text("vitvis_format").empty()) {
    errors->push_back("This ONNX file has no ViT-VIS metadata (vitvis_format). Export it with scripts/export_vit.py.");
    return false;
  }
  if (text("vitvis_format") != "1" && text("vitvis_format") != "2")
    err.push_back("Unsupported vitvis_format '" + text("vitvis_format") + "' (this app reads 1 and 2).");
  // Format 2 adds bicubic resampling and the exact (aspect-ignoring) resize of Hugging Face's processors.
  const std::string interp = text("interpolation"), mode = text("resize_mode");
  if (!interp.empty() && interp != "bilinear" && interp != "bicubic")
    err.push_back("Unsupported interpolation '" + interp.substr(0, 20) + "' (bilinear or bicubic).");
  if (!mode.empty() && mode != "shorter" && mode != "exact")
    err.push_back("Unsupported resize_mode '" + mode.substr(0, 20) + "' (shorter or exact).");
  if (text("vitvis_format") == "1" && (interp == "bicubic" || mode == "exact"))
    err.push_back("interpolation 'bicubic' and resize_mode 'exact' need vitvis_format 2.");
  s.bicubic = interp == "bicubic";
  if (const std::string r = text("registers");
      !r.empty() && r.find_first_not_of("0123456789") == std::string::npos && r.size() < 4)
    s.registers = std::stoi(r);
  s.resize_exact = mode == "exact";

  struct IntField {
    const char* key;
    int* dst;
    int lo, hi;
  };
  IntField ints[] = {{"image_size", &s.image_size, 1, 4096},
                     {"patch_size", &s.patch_size, 1, 1024},
                     {"channels", &s.channels, 1, 4},
                     {"layers", &s.layers, 1, 128},
                     {"heads", &s.heads, 1, 256},
                     {"dim", &s.dim, 1, 16384},
                     {"prefix_tokens", &s.prefix_tokens, 1, 64},
                     {"num_classes", &s.num_classes, 1, 100000},
                     {"resize", &s.resize, 1, 8192},
                     {"crop", &s.crop, 1, 8192}};
  for (auto& f : ints) {
    std::string v = text(f.key);
    if (v.empty()) {
      err.push_back(std::string("Metadata '") + f.key + "' is missing.");
      continue;
    }
    if (!parse_int(v, f.dst) || *f.dst < f.lo || *f.dst > f.hi)
      err.push_back(std::string("Metadata '") + f.key + "' = '" + v.substr(0, 40) + "' is not a valid number.");
  }
  s.name = text("name");
  if (s.name.empty()) s.name = "(unnamed model)";
  s.description = text("description");
  s.source = text("source");
  s.license = text("license");
  s.training = text("training");
  s.accuracy = text("accuracy");
  s.invert = text("invert") == "1";

  auto floats = [&](const char* key, std::vector<float>* dst) {
    std::string e;
    auto j = parse_json(text(key), &e);
    if (!j || !j->is_array()) {
      err.push_back(std::string("Metadata '") + key + "' is not a JSON array.");
      return;
    }
    for (auto& x : j->array) {
      if (!x.is_number()) {
        err.push_back(std::string("Metadata '") + key + "' must hold numbers.");
        return;
      }
      dst->push_back(float(x.number));
    }
  };
  floats("mean", &s.mean);
  floats("std", &s.std);
  {
    auto j = parse_json(text("labels"));
    if (!j || !j->is_array())
      err.push_back("Metadata 'labels' is not a JSON array of class names.");
    else
      for (auto& x : j->array) s.labels.push_back(x.is_string() ? x.string : "?");
  }
  if (!err.empty()) {
    *errors = std::move(err);
    return false;
  }

  // Consistency of the numbers with each other.
  if (s.image_size % s.patch_size)
    err.push_back("image_size " + std::to_string(s.image_size) + " is not a multiple of patch_size " +
                  std::to_string(s.patch_size) + ".");
  if (s.dim % s.heads)
    err.push_back("dim " + std::to_string(s.dim) + " is not divisible by heads " + std::to_string(s.heads) + ".");
  if (s.crop != s.image_size)
    err.push_back("crop " + std::to_string(s.crop) + " differs from image_size " + std::to_string(s.image_size) + ".");
  if (s.crop > s.resize)
    err.push_back("crop " + std::to_string(s.crop) + " is larger than resize " + std::to_string(s.resize) + ".");
  if (int(s.mean.size()) != s.channels || int(s.std.size()) != s.channels)
    err.push_back("mean/std must have one value per channel.");
  for (float v : s.std)
    if (!(v > 0)) {
      err.push_back("std values must be positive.");
      break;
    }
  if (int(s.labels.size()) != s.num_classes)
    err.push_back("labels has " + std::to_string(s.labels.size()) + " names but num_classes is " +
                  std::to_string(s.num_classes) + ".");
  if (!err.empty()) {
    *errors = std::move(err);
    return false;
  }

  // Graph input and outputs vs the metadata.
  auto check = [&](const std::string& name, std::vector<int64_t> want, bool is_input = false) {
    const OnnxValueInfo* v = is_input ? info.input(name) : info.output(name);
    if (!v) {
      err.push_back(std::string(is_input ? "Input" : "Output") + " '" + name + "' is missing.");
      return;
    }
    if (v->elem_type != 1) {
      err.push_back("'" + name + "' must be float32.");
      return;
    }
    bool ok = v->dims.size() == want.size();
    for (size_t i = 0; ok && i < want.size(); ++i) ok = v->dims[i] < 0 || v->dims[i] == want[i];
    if (!ok)
      err.push_back("'" + name + "' has shape " + shape_str(v->dims) + ", the metadata implies " + shape_str(want) +
                    ".");
  };
  check("pixel_values", {1, s.channels, s.image_size, s.image_size}, true);
  s.has_qkv = info.output("q_0") != nullptr;
  s.has_proj = s.has_qkv && info.output("o_0") != nullptr;
  s.has_final_norm = info.output("norm_weight") != nullptr && info.output("norm_bias") != nullptr;
  if (const std::string e = text("norm_eps"); !e.empty()) {
    char* end = nullptr;
    const float v = std::strtof(e.c_str(), &end);
    if (end && *end == '\0' && v > 0.f && v < 1e-1f) s.norm_eps = v;
    else err.push_back("Metadata norm_eps '" + e + "' is not a small positive number.");
  }
  s.parameters = info.initializer_elements;
  for (auto& [name, shape] : contract_outputs(s)) check(name, shape);
  if (!err.empty()) {
    *errors = std::move(err);
    return false;
  }
  *spec = std::move(s);
  return true;
}

}  // namespace vitvis
