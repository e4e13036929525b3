// Protobuf encoding of the ONNX messages the graph writer needs (field numbers from onnx.proto3).
#include "onnx_writer.h"

#include <cstring>

namespace vitvis {
namespace {

// Appends protobuf fields to a byte string.
struct Proto {
  std::string b;
  void varint(uint64_t v) {
    while (v >= 0x80) {
      b += char(uint8_t(v) | 0x80);
      v >>= 7;
    }
    b += char(uint8_t(v));
  }
  void tag(int field, int wire) { varint(uint64_t(field) << 3 | uint64_t(wire)); }
  void i64(int field, int64_t v) {
    tag(field, 0);
    varint(uint64_t(v));
  }
  void f32(int field, float v) {
    tag(field, 5);
    char raw[4];
    std::memcpy(raw, &v, 4);
    b.append(raw, 4);
  }
  void bytes(int field, const std::string& s) {
    tag(field, 2);
    varint(s.size());
    b += s;
  }
};

std::string entry(const std::string& key, const std::string& value) {  // StringStringEntryProto
  Proto p;
  p.bytes(1, key);
  p.bytes(2, value);
  return p.b;
}

std::string attribute(const OnnxAttr& a) {  // AttributeProto
  Proto p;
  p.bytes(1, a.name);
  switch (a.kind) {
    case OnnxAttr::Kind::Int:
      p.i64(3, a.i);
      p.i64(20, 2);  // INT
      break;
    case OnnxAttr::Kind::Float:
      p.f32(2, a.f);
      p.i64(20, 1);  // FLOAT
      break;
    case OnnxAttr::Kind::Ints:
      for (int64_t v : a.ints) p.i64(8, v);
      p.i64(20, 7);  // INTS
      break;
  }
  return p.b;
}

std::string value_info(const std::string& name, const std::vector<int64_t>& dims) {  // ValueInfoProto
  Proto shape;
  for (int64_t d : dims) {
    Proto dim;
    dim.i64(1, d);
    shape.bytes(1, dim.b);
  }
  Proto tensor;
  tensor.i64(1, int64_t(OnnxType::Float));
  tensor.bytes(2, shape.b);
  Proto type;
  type.bytes(1, tensor.b);
  Proto vi;
  vi.bytes(1, name);
  vi.bytes(2, type.b);
  return vi.b;
}

}  // namespace

std::string OnnxGraphWriter::unique(const std::string& hint) {
  return (hint.empty() ? "t" : hint) + "_" + std::to_string(next_++);
}

void OnnxGraphWriter::node_to(const std::string& output, const std::string& op, const std::vector<std::string>& inputs,
                              const std::vector<OnnxAttr>& attrs) {
  Proto n;
  for (const std::string& in : inputs) n.bytes(1, in);
  n.bytes(2, output);
  n.bytes(3, "n" + std::to_string(node_count_));
  n.bytes(4, op);
  for (const OnnxAttr& a : attrs) n.bytes(5, attribute(a));
  Proto g;
  g.bytes(1, n.b);
  nodes_ += g.b;
  node_count_++;
}

std::string OnnxGraphWriter::node(const std::string& op, const std::vector<std::string>& inputs,
                                  const std::vector<OnnxAttr>& attrs, const std::string& hint) {
  std::string out = unique(hint.empty() ? op : hint);
  node_to(out, op, inputs, attrs);
  return out;
}

std::string OnnxGraphWriter::const_int64(const std::vector<int64_t>& values) {
  const std::string name = unique("const");
  Proto t;
  t.i64(1, int64_t(values.size()));
  t.i64(2, int64_t(OnnxType::Int64));
  t.bytes(8, name);
  std::string raw(values.size() * 8, '\0');
  for (size_t i = 0; i < values.size(); ++i)
    for (int k = 0; k < 8; ++k) raw[i * 8 + size_t(k)] = char(uint8_t(uint64_t(values[i]) >> (8 * k)));
  t.bytes(9, raw);
  Proto g;
  g.bytes(5, t.b);
  initializers_ += g.b;
  return name;
}

std::string OnnxGraphWriter::const_float(float value) {
  const std::string name = unique("const");
  Proto t;  // a scalar: no dims
  t.i64(2, int64_t(OnnxType::Float));
  t.bytes(8, name);
  std::string raw(4, '\0');
  std::memcpy(raw.data(), &value, 4);
  t.bytes(9, raw);
  Proto g;
  g.bytes(5, t.b);
  initializers_ += g.b;
  return name;
}

void OnnxGraphWriter::external(const std::string& name, OnnxType type, const std::vector<int64_t>& dims,
                               const std::string& location, uint64_t offset, uint64_t length) {
  Proto t;
  for (int64_t d : dims) t.i64(1, d);
  t.i64(2, int64_t(type));
  t.bytes(8, name);
  t.bytes(13, entry("location", location));
  t.bytes(13, entry("offset", std::to_string(offset)));
  t.bytes(13, entry("length", std::to_string(length)));
  t.i64(14, 1);  // data_location = EXTERNAL
  Proto g;
  g.bytes(5, t.b);
  initializers_ += g.b;
}

void OnnxGraphWriter::input(const std::string& name, const std::vector<int64_t>& dims) {
  Proto g;
  g.bytes(11, value_info(name, dims));
  inputs_ += g.b;
}

void OnnxGraphWriter::output(const std::string& name, const std::vector<int64_t>& dims) {
  Proto g;
  g.bytes(12, value_info(name, dims));
  outputs_ += g.b;
}

std::vector<uint8_t> OnnxGraphWriter::model(const std::map<std::string, std::string>& metadata,
                                            const std::string& producer) const {
  Proto graph;
  graph.b = nodes_;
  graph.bytes(2, "vitvis");
  graph.b += initializers_ + inputs_ + outputs_;
  Proto opset;
  opset.bytes(1, "");
  opset.i64(2, 17);
  Proto m;
  m.i64(1, 8);  // ir_version
  m.bytes(2, producer);
  m.bytes(7, graph.b);
  m.bytes(8, opset.b);
  for (const auto& [k, v] : metadata) m.bytes(14, entry(k, v));
  return std::vector<uint8_t>(m.b.begin(), m.b.end());
}

}  // namespace vitvis
