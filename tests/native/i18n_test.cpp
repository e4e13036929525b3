// UI languages: every T("…") key in the sources exists in every language file, the files have the same
// keys, and no translation changes a printf conversion (which would read the wrong arguments).
#include "i18n.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "json.h"

using namespace vitvis;
namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}
// A language's catalog: its UI labels and its teaching texts.
Catalog load(const char* lang) {
  Catalog c;
  for (const char* part : {".json", ".teaching.json"}) {
    std::string err;
    EXPECT_TRUE(c.load(read(fs::path("src/ui/i18n") / (std::string(lang) + part)), &err))
        << lang << part << ": " << err;
  }
  return c;
}
}  // namespace

TEST(I18n, FormatSpecsAndKeyExtraction) {
  EXPECT_EQ(format_specs("%d of %.2f%% (%s) %5.1e %zu %i"), (std::vector<std::string>{"d", "f", "s", "f", "zu", "d"}));
  EXPECT_TRUE(format_specs("100%% sure").empty());
  auto k = translation_keys_in_source(
      "a(T(\"Layer\")); x = TT(\"no\"); T(\"say \\\"hi\\\"\\n\"); foo_T(\"no\"); T(\n    \"next line\"); T(x)");
  EXPECT_EQ(k, (std::vector<std::string>{"Layer", "say \"hi\"\n", "next line"}));
  Catalog c;
  std::string err;
  EXPECT_FALSE(c.load("[1]", &err));
  EXPECT_FALSE(c.load("{\"a\": 1}", &err));
  ASSERT_TRUE(c.load("{\"a\": \"b\"}", &err));
  EXPECT_STREQ(c.find("a"), "b");
  EXPECT_EQ(c.find("z"), nullptr);
}

TEST(I18n, EveryKeyInEveryLanguageWithTheSameFormats) {
  std::set<std::string> used;
  for (const char* dir : {"src/app", "src/ui", "src/shell"})
    for (auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".cpp" || e.path().extension() == ".h")
        for (auto& k : translation_keys_in_source(read(e.path()))) used.insert(k);
  ASSERT_GT(used.size(), 50u) << "the UI should be translated";
  const Catalog en = load("en"), zh = load("zh-CN");
  for (const std::string& k : used) {
    EXPECT_NE(en.find(k), nullptr) << "missing in en.json: " << k;
    EXPECT_NE(zh.find(k), nullptr) << "missing in zh-CN.json: " << k;
  }
  for (auto& [k, v] : en.entries()) {
    EXPECT_TRUE(used.count(k)) << "en.json has an unused key: " << k;
    const char* z = zh.find(k);
    ASSERT_NE(z, nullptr) << "missing in zh-CN.json: " << k;
    // Keys are the English text ("Layer %d"), or dotted names for long texts ("info.b.body").
    const bool named = k.find(' ') == std::string::npos && k.find('.') != std::string::npos;
    if (!named) { EXPECT_EQ(format_specs(v), format_specs(k)) << "en text changes the conversions of: " << k; }
    EXPECT_EQ(format_specs(z), format_specs(v)) << "zh-CN text changes the conversions of: " << k;
  }
  for (auto& [k, v] : zh.entries()) EXPECT_NE(en.find(k), nullptr) << "zh-CN.json has a key en.json lacks: " << k;
}

TEST(I18n, CjkBreaksGoBetweenCharactersButNotInsideLatinWordsOrBeforeClosingMarks) {
  const std::string b = "\xE3\x80\x80";              // U+3000
  EXPECT_EQ(with_cjk_breaks("Layer 3"), "Layer 3");  // nothing CJK: unchanged
  EXPECT_EQ(with_cjk_breaks("注意力"), "注" + b + "意" + b + "力");
  // Not before a closing mark nor after an opening one; a space already is a break.
  EXPECT_EQ(with_cjk_breaks("图块，标记。"), "图" + b + "块，" + b + "标" + b + "记。");
  EXPECT_EQ(with_cjk_breaks("（图块）"), "（图" + b + "块）");
  EXPECT_EQ(with_cjk_breaks("第 3 层"), "第 3 层");
  // Latin words and numbers next to CJK stay whole; a break may come at their edges.
  EXPECT_EQ(with_cjk_breaks("对T-shirt/top的"), "对" + b + "T-shirt/top" + b + "的");
  EXPECT_EQ(with_cjk_breaks("0.8929个"), "0.8929" + b + "个");
  // Bad UTF-8 passes through byte for byte.
  EXPECT_EQ(with_cjk_breaks(std::string("a\xFF"
                                        "b")),
            std::string("a\xFF"
                        "b"));
}

TEST(I18n, NumbersKeepTheirUnitsOnTheirLine) {
  const std::string nb = "\xC2\xA0", dot = "\xE2\x80\xA4";  // U+00A0, U+2024
  EXPECT_EQ(with_nonbreaking_units("Sandal (85.82 %); 41 ms, 3 px"),
            "Sandal (85" + dot + "82" + nb + "%); 41" + nb + "ms, 3" + nb + "px");
  EXPECT_EQ(with_nonbreaking_units("凉鞋（85.82 %）"), "凉鞋（85" + dot + "82" + nb + "%）");
  // A decimal point only: a sentence's full stop, "3." at the end, ".5" and "file.onnx" keep theirs.
  EXPECT_EQ(with_nonbreaking_units("0.427. Layer 3. .5 file.onnx v1.90"),
            "0" + dot + "427. Layer 3. .5 file.onnx v1" + dot + "90");
  EXPECT_EQ(with_nonbreaking_units("85.82 %", false), "85.82" + nb + "%");  // a font without U+2024
  // Only after a number, and only a whole unit word: "2 steps", "layer 3 shows", "a %" are left as they are.
  EXPECT_EQ(with_nonbreaking_units("2 steps, 3 shows, a % sign, 5 small"), "2 steps, 3 shows, a % sign, 5 small");
  EXPECT_EQ(with_nonbreaking_units("took 2 s."), "took 2" + nb + "s.");
  EXPECT_EQ(with_nonbreaking_units(""), "");
}

// What the bundled models say, in every language: their classes' names (a Chinese student reads "凉鞋",
// not "Sandal") and their descriptions (with the same numbers as the English one, so a retrained
// model's changed description cannot keep a stale translation); what a language does not know stays as
// the model says it.
TEST(I18n, TheBundledModelsClassesAndDescriptionsInEveryLanguage) {
  Catalog zh;
  std::string err;
  ASSERT_TRUE(zh.load(read("src/ui/i18n/zh-CN.models.json"), &err)) << err;
  ASSERT_FALSE(zh.entries().empty());
  for (auto& [k, v] : zh.entries()) {
    EXPECT_TRUE(k.rfind(kClassKey, 0) == 0 || k.rfind(kModelKey, 0) == 0)
        << "a key of zh-CN.models.json is neither class:<label> nor model:<id>: " << k;
    EXPECT_FALSE(v.empty()) << k;
    EXPECT_TRUE(format_specs(v).empty()) << "a model's text is printed with %s, not as a format: " << k;
  }
  auto numbers = [](const std::string& t) {  // the runs of digits, sorted
    std::vector<std::string> out;
    for (size_t i = 0; i < t.size();) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
      out.push_back(t.substr(i, j - i));
      i = j;
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto index = parse_json(read("models/index.json"), &err);
  ASSERT_TRUE(index && index->get("models")) << err;
  int named = 0, described = 0;
  for (const Json& m : index->get("models")->array) {
    const Json *id = m.get("id"), *description = m.get("description"), *samples = m.get("samples");
    ASSERT_TRUE(id && id->is_string() && description && description->is_string() && samples && samples->is_string());
    const char* zh_description = translated_in(zh, kModelKey, id->string, description->string);
    EXPECT_NE(zh_description, description->string.c_str()) << "zh-CN.models.json lacks model:" << id->string;
    EXPECT_EQ(numbers(zh_description), numbers(description->string))
        << "model:" << id->string << " has other numbers than its description (retrained?): " << description->string;
    ++described;
    auto list = parse_json(read(fs::path("models") / samples->string), &err);
    ASSERT_TRUE(list && list->is_array()) << samples->string << ": " << err;
    for (const Json& smp : list->array) {
      const Json* name = smp.get("name");
      if (!name || !name->is_string()) continue;
      const std::string& label = name->string;
      if (std::none_of(label.begin(), label.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        continue;  // digits read the same in every language
      EXPECT_STRNE(class_name_in(zh, label), label.c_str()) << "zh-CN.models.json lacks class:" << label;
      ++named;
    }
  }
  EXPECT_GT(named, 20) << "the Fashion-MNIST models' samples are named by their class";
  EXPECT_GE(described, 3);
  EXPECT_STREQ(class_name_in(zh, "Sandal"), "凉鞋");
  const std::string unknown = "Zebra";
  EXPECT_EQ(class_name_in(zh, unknown), unknown.c_str()) << "an unknown class keeps the model's name";
}
