// Writes ONNX ModelProto bytes (protobuf wire format, no libprotobuf): nodes, small constant
// initializers, initializers whose bytes stay in an external file (ONNX external data), typed graph
// inputs/outputs and metadata. Enough for the graphs the ViT builder makes (vit_graph.h).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vitvis {

enum class OnnxType : int { Float = 1, Int64 = 7, Float16 = 10, BFloat16 = 16 };

struct OnnxAttr {
  enum class Kind { Int, Float, Ints } kind = Kind::Int;
  std::string name;
  int64_t i = 0;
  float f = 0;
  std::vector<int64_t> ints;
};
inline OnnxAttr attr_int(std::string name, int64_t v) { return {OnnxAttr::Kind::Int, std::move(name), v, 0.f, {}}; }
inline OnnxAttr attr_float(std::string name, float v) { return {OnnxAttr::Kind::Float, std::move(name), 0, v, {}}; }
inline OnnxAttr attr_ints(std::string name, std::vector<int64_t> v) {
  return {OnnxAttr::Kind::Ints, std::move(name), 0, 0.f, std::move(v)};
}

class OnnxGraphWriter {
 public:
  // Adds a node with one output (named after `hint`, made unique) and returns that output's name.
  std::string node(const std::string& op, const std::vector<std::string>& inputs,
                   const std::vector<OnnxAttr>& attrs = {}, const std::string& hint = "");
  // Adds a node whose single output has exactly the name `output` (a graph output).
  void node_to(const std::string& output, const std::string& op, const std::vector<std::string>& inputs,
               const std::vector<OnnxAttr>& attrs = {});
  std::string const_int64(const std::vector<int64_t>& values);  // a 1-D int64 initializer
  std::string const_float(float value);                         // a scalar float initializer
  // An initializer whose bytes are `length` bytes at `offset` of the file `location` (beside the model).
  void external(const std::string& name, OnnxType type, const std::vector<int64_t>& dims, const std::string& location,
                uint64_t offset, uint64_t length);
  void input(const std::string& name, const std::vector<int64_t>& dims);   // float
  void output(const std::string& name, const std::vector<int64_t>& dims);  // float
  // The whole ModelProto (IR 8, opset 17) with the metadata as metadata_props.
  std::vector<uint8_t> model(const std::map<std::string, std::string>& metadata, const std::string& producer) const;
  size_t nodes() const { return node_count_; }

 private:
  std::string unique(const std::string& hint);
  std::string nodes_, initializers_, inputs_, outputs_;  // encoded repeated fields of GraphProto
  size_t node_count_ = 0;
  int next_ = 0;
};

}  // namespace vitvis
