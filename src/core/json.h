// A small JSON reader for model metadata and index files (arrays, objects, strings, numbers).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vitvis {

struct Json {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::string> keys;  // object members in order: keys[i] -> values[i]
  std::vector<Json> values;

  bool is_number() const { return type == Type::Number; }
  bool is_string() const { return type == Type::String; }
  bool is_array() const { return type == Type::Array; }
  bool is_object() const { return type == Type::Object; }
  const Json* get(std::string_view key) const;  // object member or nullptr
};

// Parses a complete JSON text; nullopt (and *error) on any syntax error or nesting deeper than 64.
std::optional<Json> parse_json(std::string_view text, std::string* error = nullptr);

// Writes s as a JSON string literal (quotes and escapes).
std::string json_quote(std::string_view s);

// Builds a JSON text: commas and quoting are its business, the caller names keys and values.
//   JsonWriter w; w.begin_object().key("a").value(1).key("b").begin_array().value("x").end_array().end_object();
// Numbers are written with 9 significant digits (enough for a float); NaN and infinities as null.
class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k);
  JsonWriter& value(double v);
  JsonWriter& value(int v) { return raw(std::to_string(v)); }
  JsonWriter& value(long long v) { return raw(std::to_string(v)); }
  JsonWriter& value(bool v) { return raw(v ? "true" : "false"); }
  JsonWriter& value(std::string_view v) { return raw(json_quote(v)); }
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& raw(std::string_view json);  // an already-written JSON value
  const std::string& str() const { return out_; }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written into it yet
  bool after_key_ = false;
};

}  // namespace vitvis
