// Reads a safetensors file's header: tensor names, dtypes, shapes and where their bytes are. The
// weights themselves are never copied here: the graph builder points ONNX external data at them.
// Format: u64 little-endian header length n, n bytes of JSON {name: {dtype, shape, data_offsets}, …,
// "__metadata__": {…}}, then the data section; offsets are relative to its start (8 + n).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vitvis {

enum class SafeDType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL };

struct SafeTensor {
  std::string name;
  SafeDType dtype = SafeDType::F32;
  std::vector<int64_t> shape;
  uint64_t offset = 0;  // absolute, from the start of the file
  uint64_t bytes = 0;
  int64_t elements() const;
};

struct SafetensorsHeader {
  uint64_t header_bytes = 0;  // 8 + n: where the data section starts
  uint64_t file_bytes = 0;
  std::vector<SafeTensor> tensors;  // in file order (by offset)
  std::map<std::string, std::string> metadata;
  const SafeTensor* find(const std::string& name) const;
};

// The header length n from the first 8 bytes, or nullopt (and *error) when it cannot be a
// safetensors header for a file of file_bytes (too short, n over 100 MB or past the end).
std::optional<uint64_t> safetensors_header_length(std::span<const uint8_t> first8, uint64_t file_bytes,
                                                  std::string* error);

// Parses the header from `prefix` (the file's first bytes: at least 8 + n of them) for a file of
// file_bytes. Refuses (nullopt, *error names the tensor and what is wrong) unknown dtypes, negative
// or overflowing shapes, sizes that do not match shape × dtype, offsets past the end of the file,
// and a data section the tensors do not cover exactly (overlaps, holes, bytes after the last one).
std::optional<SafetensorsHeader> parse_safetensors_header(std::span<const uint8_t> prefix, uint64_t file_bytes,
                                                          std::string* error);

// One float32 tensor to write: its name, shape and values (as many as the shape says).
struct SafeTensorF32 {
  std::string name;
  std::vector<int64_t> shape;
  std::span<const float> values;
};

// A whole safetensors file of float32 tensors, in the given order (offsets follow one another), the
// header padded with spaces to a multiple of 8 bytes and metadata {"format": "pt"}, as PyTorch's
// safetensors writes it. Empty (and *error) when a tensor's values do not fill its shape or a name repeats.
std::vector<uint8_t> write_safetensors_f32(std::span<const SafeTensorF32> tensors, std::string* error = nullptr);

const char* safe_dtype_name(SafeDType t);
int safe_dtype_size(SafeDType t);

}  // namespace vitvis
