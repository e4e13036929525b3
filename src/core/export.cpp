// CSV/JSON writers for the views' numbers, and PNG/JPEG encoding (stb_image_write).
#include "export.h"

#include <algorithm>
#include <cstdio>

#include "json.h"

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmissing-field-initializers"
#pragma clang diagnostic ignored "-Wunused-function"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#endif
#include <stb_image_write.h>
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace vitvis {
namespace {

std::string num(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", double(v));
  return b;
}

// A CSV field: quoted when it holds a comma, quote or line break.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string json_array(std::span<const float> v, size_t from, size_t n) {
  std::string o = "[";
  for (size_t i = 0; i < n; ++i) o += (i ? "," : "") + num(v[from + i]);
  return o + "]";
}

// "# model: …" lines (line breaks in a value become spaces, so each stays one comment line).
std::string csv_about(const ExportAbout& about) {
  std::string o;
  for (const auto& [k, v] : about) {
    std::string value = v;
    for (char& c : value)
      if (c == '\n' || c == '\r') c = ' ';
    o += "# " + k + ": " + value + "\n";
  }
  return o;
}

// ,"about":{"model":"…",…} (nothing when empty)
std::string json_about(const ExportAbout& about) {
  if (about.empty()) return {};
  std::string o = ",\"about\":{";
  for (size_t i = 0; i < about.size(); ++i) o += (i ? "," : "") + json_quote(about[i].first) + ":" + json_quote(about[i].second);
  return o + "}";
}

}  // namespace

std::string attention_csv(const ModelSpec& spec, std::span<const float> m, const ExportAbout& about) {
  const int n = spec.num_tokens();
  if (m.size() != size_t(n) * n) return {};
  std::string o = csv_about(about) + "query \\ key";
  for (int j = 0; j < n; ++j) o += "," + field(spec.token_name(j));
  o += "\n";
  for (int i = 0; i < n; ++i) {
    o += field(spec.token_name(i));
    for (int j = 0; j < n; ++j) o += "," + num(m[size_t(i) * n + j]);
    o += "\n";
  }
  return o;
}

std::string attention_json(const ModelSpec& spec, int layer, int head, std::span<const float> m, const ExportAbout& about) {
  const int n = spec.num_tokens();
  if (m.size() != size_t(n) * n) return {};
  std::string o = "{\"model\":" + json_quote(spec.name) + ",\"layer\":" + std::to_string(layer + 1) +
                  ",\"head\":" + (head < 0 ? std::string("\"mean\"") : std::to_string(head + 1)) + json_about(about) +
                  ",\"tokens\":[";
  for (int j = 0; j < n; ++j) o += (j ? "," : "") + json_quote(spec.token_name(j));
  o += "],\"rows_are\":\"queries\",\"attention\":[";
  for (int i = 0; i < n; ++i) o += (i ? "," : "") + json_array(m, size_t(i) * n, size_t(n));
  return o + "]}\n";
}

std::string channel_map_csv(const ModelSpec& spec, std::span<const float> map, const ExportAbout& about) {
  const int g = spec.grid();
  if (map.size() != size_t(g) * g) return {};
  std::string o = csv_about(about) + "row \\ column";
  for (int c = 0; c < g; ++c) o += "," + std::to_string(c);
  o += "\n";
  for (int r = 0; r < g; ++r) {
    o += std::to_string(r);
    for (int c = 0; c < g; ++c) o += "," + num(map[size_t(r) * g + c]);
    o += "\n";
  }
  return o;
}

std::string channel_map_json(const ModelSpec& spec, int hidden, int channel, std::span<const float> map,
                             const ExportAbout& about) {
  const int g = spec.grid();
  if (map.size() != size_t(g) * g) return {};
  std::string o = "{\"model\":" + json_quote(spec.name) + ",\"hidden\":" + std::to_string(hidden) +
                  ",\"channel\":" + std::to_string(channel) + ",\"grid\":" + std::to_string(g) + json_about(about) + ",\"map\":[";
  for (int r = 0; r < g; ++r) o += (r ? "," : "") + json_array(map, size_t(r) * g, size_t(g));
  return o + "]}\n";
}

std::string probabilities_csv(const InferenceResult& r, const ExportAbout& about) {
  std::string o = csv_about(about) + "rank,class,label,logit,probability\n";
  int rank = 1;
  for (const ClassScore& c : r.top_k(r.spec().num_classes))
    o += std::to_string(rank++) + "," + std::to_string(c.index) + "," + field(r.spec().labels[size_t(c.index)]) + "," +
         num(c.logit) + "," + num(c.probability) + "\n";
  return o;
}

std::string probabilities_json(const InferenceResult& r, const ExportAbout& about) {
  std::string o = "{\"model\":" + json_quote(r.spec().name) + json_about(about) + ",\"classes\":[";
  int rank = 0;
  for (const ClassScore& c : r.top_k(r.spec().num_classes))
    ++rank, o += std::string(rank > 1 ? "," : "") + "{\"rank\":" + std::to_string(rank) +
                 ",\"class\":" + std::to_string(c.index) +
                 ",\"label\":" + json_quote(r.spec().labels[size_t(c.index)]) + ",\"logit\":" + num(c.logit) +
                 ",\"probability\":" + num(c.probability) + "}";
  return o + "]}\n";
}

namespace {
void append_bytes(void* ctx, void* data, int size) {
  auto* o = static_cast<std::vector<uint8_t>*>(ctx);
  const auto* d = static_cast<const uint8_t*>(data);
  o->insert(o->end(), d, d + size);
}
}  // namespace

std::vector<uint8_t> encode_png(int width, int height, std::span<const uint8_t> rgba) {
  std::vector<uint8_t> out;
  if (width <= 0 || height <= 0 || rgba.size() != size_t(width) * height * 4) return out;
  stbi_write_png_to_func(append_bytes, &out, width, height, 4, rgba.data(), width * 4);
  return out;
}

std::vector<uint8_t> encode_jpeg(int width, int height, std::span<const uint8_t> rgba, int quality) {
  std::vector<uint8_t> out;
  if (width <= 0 || height <= 0 || rgba.size() != size_t(width) * height * 4) return out;
  stbi_write_jpg_to_func(append_bytes, &out, width, height, 4, rgba.data(), std::clamp(quality, 1, 100));
  return out;
}

}  // namespace vitvis
