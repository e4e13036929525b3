// Reads what the app needs from ONNX ModelProto bytes: metadata_props and graph input/output shapes.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vitvis {

struct OnnxValueInfo {
  std::string name;
  int elem_type = 0;          // TensorProto.DataType (1 = float, 10 = float16)
  std::vector<int64_t> dims;  // -1 where the dimension is symbolic or unknown
};

struct OnnxModelInfo {
  std::map<std::string, std::string> metadata;
  std::vector<OnnxValueInfo> inputs;
  std::vector<OnnxValueInfo> outputs;
  int64_t ir_version = 0;
  int64_t initializer_elements = 0;  // sum over initializers: the stored parameters
  std::string producer;
  const OnnxValueInfo* output(const std::string& name) const;
  const OnnxValueInfo* input(const std::string& name) const;
};

// Parses the protobuf wire format directly (no libprotobuf). Returns std::nullopt and sets *error
// when the bytes are not a well-formed ONNX model. Large initializers are skipped, not copied.
std::optional<OnnxModelInfo> parse_onnx_model_info(std::span<const uint8_t> bytes, std::string* error);

}  // namespace vitvis
