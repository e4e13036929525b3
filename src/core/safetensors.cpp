// safetensors header reader: every number from the file is checked before it is used.
#include "safetensors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "json.h"

namespace vitvis {
namespace {

constexpr uint64_t kMaxHeader = 100'000'000;  // the format's own limit

struct DTypeName {
  const char* name;
  SafeDType type;
  int size;
};
constexpr DTypeName kDTypes[] = {{"F32", SafeDType::F32, 4},  {"F16", SafeDType::F16, 2}, {"BF16", SafeDType::BF16, 2},
                                 {"F64", SafeDType::F64, 8},  {"I64", SafeDType::I64, 8}, {"I32", SafeDType::I32, 4},
                                 {"I16", SafeDType::I16, 2},  {"I8", SafeDType::I8, 1},   {"U8", SafeDType::U8, 1},
                                 {"BOOL", SafeDType::BOOL, 1}};

bool fail(std::string* error, const std::string& msg) {
  if (error) *error = msg;
  return false;
}

// A JSON number that is a non-negative integer below 2^53 (exact in a double).
bool as_count(const Json& j, uint64_t* out) {
  if (!j.is_number() || j.number < 0 || j.number > 9007199254740992.0 || std::floor(j.number) != j.number) return false;
  *out = uint64_t(j.number);
  return true;
}

bool read_tensor(const std::string& name, const Json& e, const SafetensorsHeader& h, SafeTensor* t,
                 std::string* error) {
  const std::string what = "tensor '" + name.substr(0, 80) + "'";
  const Json* dtype = e.get("dtype");
  const Json* shape = e.get("shape");
  const Json* offs = e.get("data_offsets");
  if (!e.is_object() || !dtype || !dtype->is_string() || !shape || !shape->is_array() || !offs || !offs->is_array())
    return fail(error, what + " needs dtype, shape and data_offsets");
  const DTypeName* dt = nullptr;
  for (const DTypeName& d : kDTypes)
    if (dtype->string == d.name) dt = &d;
  if (!dt) return fail(error, what + " has an unknown dtype '" + dtype->string.substr(0, 16) + "'");
  t->name = name;
  t->dtype = dt->type;
  uint64_t count = 1;
  for (const Json& d : shape->array) {
    uint64_t n;
    if (!as_count(d, &n)) return fail(error, what + " has a shape that is not a list of sizes");
    if (n && count > (uint64_t(1) << 62) / n) return fail(error, what + " is impossibly large");
    count *= n;
    t->shape.push_back(int64_t(n));
  }
  uint64_t begin, end;
  if (offs->array.size() != 2 || !as_count(offs->array[0], &begin) || !as_count(offs->array[1], &end) || end < begin)
    return fail(error, what + " has bad data_offsets");
  const uint64_t data = h.file_bytes - h.header_bytes;
  if (end > data)
    return fail(error, what + " lies past the end of the file (" + std::to_string(end) + " > " + std::to_string(data) +
                           " data bytes): the file is truncated or its header lies");
  if (end - begin != count * uint64_t(dt->size))
    return fail(error, what + " holds " + std::to_string(end - begin) + " bytes, but its shape and dtype need " +
                           std::to_string(count * uint64_t(dt->size)));
  t->offset = h.header_bytes + begin;
  t->bytes = end - begin;
  return true;
}

}  // namespace

int64_t SafeTensor::elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

const SafeTensor* SafetensorsHeader::find(const std::string& name) const {
  for (const SafeTensor& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

const char* safe_dtype_name(SafeDType t) {
  for (const DTypeName& d : kDTypes)
    if (d.type == t) return d.name;
  return "?";
}

int safe_dtype_size(SafeDType t) {
  for (const DTypeName& d : kDTypes)
    if (d.type == t) return d.size;
  return 0;
}

std::optional<uint64_t> safetensors_header_length(std::span<const uint8_t> first8, uint64_t file_bytes,
                                                  std::string* error) {
  if (first8.size() < 8 || file_bytes < 8) {
    fail(error, "not a safetensors file: shorter than its 8-byte header length");
    return std::nullopt;
  }
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | first8[size_t(i)];
  if (n < 2 || n > kMaxHeader || n > file_bytes - 8) {
    fail(error, "not a safetensors file: its header length (" + std::to_string(n) + " bytes) is impossible for a " +
                    std::to_string(file_bytes) + "-byte file");
    return std::nullopt;
  }
  return n;
}

std::optional<SafetensorsHeader> parse_safetensors_header(std::span<const uint8_t> prefix, uint64_t file_bytes,
                                                          std::string* error) {
  auto n = safetensors_header_length(prefix, file_bytes, error);
  if (!n) return std::nullopt;
  if (prefix.size() < 8 + *n) {
    fail(error, "the safetensors header is cut off (" + std::to_string(prefix.size()) + " of " +
                    std::to_string(8 + *n) + " bytes)");
    return std::nullopt;
  }
  std::string jerr;
  auto j = parse_json(std::string_view(reinterpret_cast<const char*>(prefix.data() + 8), size_t(*n)), &jerr);
  if (!j || !j->is_object()) {
    fail(error, "the safetensors header is not a JSON object" + (jerr.empty() ? "" : ": " + jerr));
    return std::nullopt;
  }
  SafetensorsHeader h;
  h.header_bytes = 8 + *n;
  h.file_bytes = file_bytes;
  for (size_t i = 0; i < j->keys.size(); ++i) {
    const Json& v = j->values[i];
    if (j->keys[i] == "__metadata__") {
      if (v.is_object())
        for (size_t k = 0; k < v.keys.size(); ++k)
          if (v.values[k].is_string()) h.metadata[v.keys[k]] = v.values[k].string;
      continue;
    }
    if (h.find(j->keys[i])) {
      fail(error, "tensor '" + j->keys[i].substr(0, 80) + "' appears twice");
      return std::nullopt;
    }
    SafeTensor t;
    if (!read_tensor(j->keys[i], v, h, &t, error)) return std::nullopt;
    h.tensors.push_back(std::move(t));
  }
  std::sort(h.tensors.begin(), h.tensors.end(), [](const SafeTensor& a, const SafeTensor& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.bytes < b.bytes;
  });
  // As the format's reference reader: the tensors cover the data section exactly, one after the other
  // (no overlap, no hole between two, nothing after the last), whatever order the header lists them in.
  uint64_t at = h.header_bytes;
  const SafeTensor* before = nullptr;
  for (const SafeTensor& t : h.tensors) {
    if (t.offset < at) {
      fail(error, "tensors '" + (before ? before->name.substr(0, 60) : std::string("?")) + "' and '" +
                      t.name.substr(0, 60) + "' overlap");
      return std::nullopt;
    }
    if (t.offset > at) {
      fail(error, std::to_string(t.offset - at) + " bytes of the data section belong to no tensor (before '" +
                      t.name.substr(0, 60) + "')");
      return std::nullopt;
    }
    at = t.offset + t.bytes;
    before = &t;
  }
  if (at != file_bytes) {
    fail(error, std::to_string(file_bytes - at) + " bytes after the last tensor belong to no tensor");
    return std::nullopt;
  }
  return h;
}

std::vector<uint8_t> write_safetensors_f32(std::span<const SafeTensorF32> tensors, std::string* error) {
  JsonWriter h;
  h.begin_object().key("__metadata__").begin_object().key("format").value("pt").end_object();
  std::set<std::string> names;
  uint64_t at = 0;
  for (const SafeTensorF32& t : tensors) {
    uint64_t count = 1;
    for (int64_t d : t.shape) count *= uint64_t(std::max<int64_t>(d, 0));
    if (count != t.values.size())
      return fail(error, "tensor '" + t.name + "' has " + std::to_string(t.values.size()) + " values for its shape"),
             std::vector<uint8_t>{};
    if (!names.insert(t.name).second || t.name == "__metadata__")
      return fail(error, "tensor name '" + t.name + "' is used twice"), std::vector<uint8_t>{};
    h.key(t.name).begin_object().key("dtype").value("F32").key("shape").begin_array();
    for (int64_t d : t.shape) h.value(static_cast<long long>(d));
    const uint64_t end = at + 4 * count;
    h.end_array().key("data_offsets").begin_array();
    h.value(static_cast<long long>(at)).value(static_cast<long long>(end)).end_array().end_object();
    at = end;
  }
  h.end_object();
  std::string header = h.str();
  header.append((8 - header.size() % 8) % 8, ' ');
  std::vector<uint8_t> out(8 + header.size() + at);
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out[size_t(i)] = uint8_t(n >> (8 * i));  // u64 little-endian
  std::memcpy(out.data() + 8, header.data(), header.size());
  uint8_t* data = out.data() + 8 + header.size();
  for (const SafeTensorF32& t : tensors) {  // float32 little-endian: the byte order of every host we build for
    std::memcpy(data, t.values.data(), t.values.size_bytes());
    data += t.values.size_bytes();
  }
  return out;
}

}  // namespace vitvis
