// vitvis_vit_graph: the ViT graph builder on the command line (native; for tests and scripting).
//   vitvis_vit_graph CONFIG.json MODEL.safetensors OUT.onnx [--preprocessor P.json] [--no-qkv] [--name NAME]
// OUT.onnx refers to the weights by MODEL.safetensors' file name: keep the two files side by side.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "safetensors.h"
#include "vit_graph.h"

namespace {

bool read_file(const std::string& path, std::string* out, size_t limit = size_t(-1)) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), {});
  if (out->size() > limit) out->resize(limit);
  return true;
}

int usage() {
  std::fprintf(
      stderr,
      "usage: vitvis_vit_graph CONFIG.json MODEL.safetensors OUT.onnx [--preprocessor P.json] [--no-qkv] [--name NAME]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage();
  const std::string config_path = argv[1], weights_path = argv[2], out_path = argv[3];
  vitvis::VitGraphOptions opt;
  std::string preprocessor;
  for (int i = 4; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--no-qkv"))
      opt.with_qkv = false;
    else if (!std::strcmp(argv[i], "--preprocessor") && i + 1 < argc) {
      if (!read_file(argv[++i], &preprocessor)) return std::fprintf(stderr, "cannot read %s\n", argv[i]), 1;
    } else if (!std::strcmp(argv[i], "--name") && i + 1 < argc)
      opt.name = argv[++i];
    else
      return usage();
  }
  std::string config;
  if (!read_file(config_path, &config)) return std::fprintf(stderr, "cannot read %s\n", config_path.c_str()), 1;
  std::ifstream wf(weights_path, std::ios::binary | std::ios::ate);
  if (!wf) return std::fprintf(stderr, "cannot read %s\n", weights_path.c_str()), 1;
  const uint64_t size = uint64_t(wf.tellg());
  wf.seekg(0);
  std::vector<uint8_t> head(8);
  wf.read(reinterpret_cast<char*>(head.data()), 8);
  std::string err;
  auto n = vitvis::safetensors_header_length(head, size, &err);
  if (!n) return std::fprintf(stderr, "%s: %s\n", weights_path.c_str(), err.c_str()), 1;
  head.resize(size_t(8 + *n));
  wf.read(reinterpret_cast<char*>(head.data() + 8), std::streamsize(*n));
  auto st = vitvis::parse_safetensors_header(head, size, &err);
  if (!st) return std::fprintf(stderr, "%s: %s\n", weights_path.c_str(), err.c_str()), 1;
  auto info = vitvis::read_vit_checkpoint(config, *st, preprocessor, &err);
  if (!info) return std::fprintf(stderr, "%s\n", err.c_str()), 1;
  opt.weights_file = weights_path.substr(weights_path.find_last_of('/') + 1);
  auto bytes = vitvis::build_vit_graph(*info, *st, opt, &err);
  if (!bytes) return std::fprintf(stderr, "%s\n", err.c_str()), 1;
  std::ofstream out(out_path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes->data()), std::streamsize(bytes->size()));
  if (!out) return std::fprintf(stderr, "cannot write %s\n", out_path.c_str()), 1;
  std::printf("%s: %s, %d layers, %d heads, dim %d, %d classes, %zu bytes of graph\n", out_path.c_str(),
              info->model_type.c_str(), info->layers, info->heads, info->dim, info->num_classes, bytes->size());
  return 0;
}
