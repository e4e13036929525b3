// Minimal protobuf reader for ONNX ModelProto: metadata_props (14), graph (7) inputs (11) / outputs (12).
#include "onnx_model_info.h"

namespace vitvis {
namespace {

struct Reader {
  const uint8_t* p;
  const uint8_t* end;
  bool ok = true;

  bool done() const { return !ok || p >= end; }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) {
        ok = false;
        return 0;
      }
      uint8_t b = *p++;
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    ok = false;
    return 0;
  }
  // Reads a length-delimited field and returns a sub-reader over it.
  Reader sub() {
    uint64_t n = varint();
    if (!ok || n > uint64_t(end - p)) {
      ok = false;
      return Reader{end, end, false};
    }
    Reader r{p, p + n};
    p += n;
    return r;
  }
  std::string str() {
    Reader r = sub();
    return ok ? std::string(reinterpret_cast<const char*>(r.p), size_t(r.end - r.p)) : std::string();
  }
  void skip(int wire) {
    switch (wire) {
      case 0: varint(); break;
      case 1:
        if (end - p < 8)
          ok = false;
        else
          p += 8;
        break;
      case 2: sub(); break;
      case 5:
        if (end - p < 4)
          ok = false;
        else
          p += 4;
        break;
      default: ok = false;
    }
  }
};

// TensorShapeProto.Dimension {1: dim_value, 2: dim_param}
int64_t parse_dim(Reader r) {
  int64_t v = -1;
  while (!r.done()) {
    uint64_t key = r.varint();
    int field = int(key >> 3), wire = int(key & 7);
    if (field == 1 && wire == 0)
      v = int64_t(r.varint());
    else
      r.skip(wire);
  }
  return r.ok ? v : -1;
}

// TypeProto {1: tensor_type: {1: elem_type, 2: shape {1: dim*}}}
bool parse_type(Reader r, OnnxValueInfo& vi) {
  while (!r.done()) {
    uint64_t key = r.varint();
    int field = int(key >> 3), wire = int(key & 7);
    if (field == 1 && wire == 2) {
      Reader t = r.sub();
      while (!t.done()) {
        uint64_t k2 = t.varint();
        int f2 = int(k2 >> 3), w2 = int(k2 & 7);
        if (f2 == 1 && w2 == 0)
          vi.elem_type = int(t.varint());
        else if (f2 == 2 && w2 == 2) {
          Reader s = t.sub();
          while (!s.done()) {
            uint64_t k3 = s.varint();
            if ((k3 >> 3) == 1 && (k3 & 7) == 2)
              vi.dims.push_back(parse_dim(s.sub()));
            else
              s.skip(int(k3 & 7));
          }
          if (!s.ok) return false;
        } else
          t.skip(w2);
      }
      if (!t.ok) return false;
    } else
      r.skip(wire);
  }
  return r.ok;
}

// ValueInfoProto {1: name, 2: type}
bool parse_value_info(Reader r, OnnxValueInfo& vi) {
  while (!r.done()) {
    uint64_t key = r.varint();
    int field = int(key >> 3), wire = int(key & 7);
    if (field == 1 && wire == 2)
      vi.name = r.str();
    else if (field == 2 && wire == 2) {
      if (!parse_type(r.sub(), vi)) return false;
    } else
      r.skip(wire);
  }
  return r.ok;
}

bool parse_graph(Reader r, OnnxModelInfo& info) {
  std::vector<std::string> initializer_names;
  while (!r.done()) {
    uint64_t key = r.varint();
    int field = int(key >> 3), wire = int(key & 7);
    if ((field == 11 || field == 12) && wire == 2) {
      OnnxValueInfo vi;
      if (!parse_value_info(r.sub(), vi)) return false;
      (field == 11 ? info.inputs : info.outputs).push_back(std::move(vi));
    } else if (field == 5 && wire == 2) {
      // TensorProto initializer: its name (8), to drop it from the inputs, and dims (1) to count parameters.
      Reader t = r.sub();
      // Dimensions come from untrusted bytes: multiply with a cap instead of overflowing.
      constexpr uint64_t kCap = uint64_t(1) << 40;
      uint64_t count = 1;
      auto mul = [&](uint64_t d) { count = (d != 0 && count > kCap / d) ? kCap : count * d; };
      while (!t.done()) {
        uint64_t k2 = t.varint();
        int f2 = int(k2 >> 3), w2 = int(k2 & 7);
        if (f2 == 8 && w2 == 2)
          initializer_names.push_back(t.str());
        else if (f2 == 1 && w2 == 0)
          mul(t.varint());
        else if (f2 == 1 && w2 == 2) {
          Reader d = t.sub();
          while (!d.done()) mul(d.varint());
        } else
          t.skip(w2);
      }
      if (!t.ok) return false;
      if (count < kCap && info.initializer_elements < int64_t(kCap)) info.initializer_elements += int64_t(count);
    } else
      r.skip(wire);
  }
  // Older exporters list initializers among the graph inputs; they are not real inputs.
  std::erase_if(info.inputs, [&](const OnnxValueInfo& v) {
    for (auto& n : initializer_names)
      if (n == v.name) return true;
    return false;
  });
  return r.ok;
}

}  // namespace

const OnnxValueInfo* OnnxModelInfo::output(const std::string& name) const {
  for (auto& o : outputs)
    if (o.name == name) return &o;
  return nullptr;
}
const OnnxValueInfo* OnnxModelInfo::input(const std::string& name) const {
  for (auto& i : inputs)
    if (i.name == name) return &i;
  return nullptr;
}

std::optional<OnnxModelInfo> parse_onnx_model_info(std::span<const uint8_t> bytes, std::string* error) {
  auto fail = [&](const char* msg) -> std::optional<OnnxModelInfo> {
    if (error) *error = msg;
    return std::nullopt;
  };
  if (bytes.empty()) return fail("the file is empty");
  Reader r{bytes.data(), bytes.data() + bytes.size()};
  OnnxModelInfo info;
  bool has_graph = false, has_ir = false;
  while (!r.done()) {
    uint64_t key = r.varint();
    int field = int(key >> 3), wire = int(key & 7);
    if (field == 0) return fail("not an ONNX model (bad protobuf field)");
    if (field == 1 && wire == 0) {
      info.ir_version = int64_t(r.varint());
      has_ir = true;
    } else if (field == 2 && wire == 2)
      info.producer = r.str();
    else if (field == 7 && wire == 2) {
      if (!parse_graph(r.sub(), info)) return fail("not an ONNX model (corrupt graph)");
      has_graph = true;
    } else if (field == 14 && wire == 2) {
      Reader e = r.sub();
      std::string k, v;
      while (!e.done()) {
        uint64_t k2 = e.varint();
        int f2 = int(k2 >> 3), w2 = int(k2 & 7);
        if (f2 == 1 && w2 == 2)
          k = e.str();
        else if (f2 == 2 && w2 == 2)
          v = e.str();
        else
          e.skip(w2);
      }
      if (!e.ok) return fail("not an ONNX model (corrupt metadata)");
      info.metadata[k] = v;
    } else
      r.skip(wire);
  }
  if (!r.ok) return fail("not an ONNX model (truncated or corrupt protobuf)");
  if (!has_ir || !has_graph) return fail("not an ONNX model (no ir_version or graph)");
  return info;
}

}  // namespace vitvis
