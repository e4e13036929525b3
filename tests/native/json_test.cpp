// The metadata JSON reader: values, escapes, errors.
#include "json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace vitvis;

TEST(Json, ParsesArraysObjectsAndEscapes) {
  auto j = parse_json(R"({"a":[1,-2.5e1,true,null],"s":"x\"y\u00e9\ud83d\ude00","o":{}})");
  ASSERT_TRUE(j);
  const Json* a = j->get("a");
  ASSERT_TRUE(a && a->is_array());
  EXPECT_EQ(a->array.size(), 4u);
  EXPECT_DOUBLE_EQ(a->array[1].number, -25.0);
  EXPECT_TRUE(a->array[2].boolean);
  EXPECT_EQ(j->get("s")->string, "x\"y\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_TRUE(j->get("o")->is_object());
  EXPECT_EQ(j->get("missing"), nullptr);
}

TEST(Json, RejectsMalformed) {
  for (const char* bad : {"", "[", "[1,]", "{\"a\" 1}", "\"abc", "[1] x", "nul", "[\"\\q\"]", "01x", "[1e999]"}) {
    std::string err;
    EXPECT_FALSE(parse_json(bad, &err)) << bad;
    EXPECT_FALSE(err.empty()) << bad;
  }
  std::string deep(100, '[');
  EXPECT_FALSE(parse_json(deep + std::string(100, ']')));
}

TEST(Json, QuoteRoundTrips) {
  std::string s = "a\"b\\c\nd\x01";
  auto j = parse_json(json_quote(s));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->string, s);
}

TEST(JsonWriter, WritesNestedContainersWithCommasAndEscapes) {
  JsonWriter w;
  w.begin_object().key("a").value(1).key("b").begin_array().value("x\"y").value(true).begin_object().end_object();
  w.end_array().key("c").value(0.1f).key("d").begin_array().end_array().key("e").raw("[1,2]").end_object();
  EXPECT_EQ(w.str(), "{\"a\":1,\"b\":[\"x\\\"y\",true,{}],\"c\":0.100000001,\"d\":[],\"e\":[1,2]}");
  auto j = parse_json(w.str());
  ASSERT_TRUE(j);
  EXPECT_EQ(j->get("b")->array[0].string, "x\"y");
  EXPECT_FLOAT_EQ(float(j->get("c")->number), 0.1f);
}

TEST(JsonWriter, NonFiniteNumbersBecomeNull) {
  JsonWriter w;
  w.begin_array().value(std::numeric_limits<double>::infinity()).value(std::nan("")).value(-2.5).end_array();
  EXPECT_EQ(w.str(), "[null,null,-2.5]");
}
