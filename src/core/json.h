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

}  // namespace vitvis
