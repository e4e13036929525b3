// The safetensors header reader: what real files hold, and what broken or lying files are refused for.
#include "safetensors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include <cstring>

namespace vitvis {
namespace {

// A file: the header JSON (padded like the Python writer pads it) and `data` bytes after it.
std::vector<uint8_t> file(const std::string& header, size_t data) {
  // (sized once: GCC 12's -Warray-bounds misreads an insert after the 8 length bytes at -O2)
  std::vector<uint8_t> f(8 + header.size() + data, 0);
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) f[size_t(i)] = uint8_t(n >> (8 * i));
  std::copy(header.begin(), header.end(), f.begin() + 8);
  return f;
}

std::optional<SafetensorsHeader> parse(const std::vector<uint8_t>& f, std::string* err) {
  return parse_safetensors_header(f, f.size(), err);
}

TEST(Safetensors, ReadsNamesDtypesShapesAndAbsoluteOffsets) {
  const std::string h =
      R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F16","shape":[3],"data_offsets":[24,30]},)"
      R"("a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"z":{"dtype":"BF16","shape":[0],"data_offsets":[30,30]}})";
  auto f = file(h, 30);
  std::string err;
  auto st = parse(f, &err);
  ASSERT_TRUE(st) << err;
  EXPECT_EQ(st->header_bytes, 8 + h.size());
  EXPECT_EQ(st->metadata.at("format"), "pt");
  ASSERT_EQ(st->tensors.size(), 3u);
  EXPECT_EQ(st->tensors[0].name, "a");  // sorted by offset
  const SafeTensor* a = st->find("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->dtype, SafeDType::F32);
  EXPECT_EQ(a->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a->elements(), 6);
  EXPECT_EQ(a->offset, 8 + h.size());
  EXPECT_EQ(a->bytes, 24u);
  EXPECT_EQ(st->find("b")->offset, 8 + h.size() + 24);
  EXPECT_EQ(st->find("b")->dtype, SafeDType::F16);
  EXPECT_EQ(st->find("z")->elements(), 0);
  EXPECT_EQ(st->find("missing"), nullptr);
}

// The format's reference reader wants the data section covered exactly: no hole between two tensors and
// nothing after the last one (a polyglot file hides another format there); we refuse both as it does.
TEST(Safetensors, TheTensorsCoverTheDataSectionExactly) {
  const std::string two = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                          R"("b":{"dtype":"U8","shape":[4],"data_offsets":[%s]}})";
  auto with_b = [&](const char* offsets) {
    char h[256];
    std::snprintf(h, sizeof h, two.c_str(), offsets);
    return std::string(h);
  };
  std::string err;
  auto exact = file(with_b("8,12"), 12);
  EXPECT_TRUE(parse(exact, &err)) << err;
  auto hole = file(with_b("9,13"), 13);  // one byte between a and b
  EXPECT_FALSE(parse(hole, &err));
  EXPECT_NE(err.find("belong to no tensor"), std::string::npos) << err;
  auto tail = file(with_b("8,12"), 15);  // three bytes after b
  EXPECT_FALSE(parse(tail, &err));
  EXPECT_NE(err.find("after the last tensor"), std::string::npos) << err;
  auto late_start = file(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", 4);  // a hole before the first
  EXPECT_FALSE(parse(late_start, &err));
  auto overlap = file(with_b("6,10"), 12);
  EXPECT_FALSE(parse(overlap, &err));
  EXPECT_NE(err.find("overlap"), std::string::npos) << err;
}

// …and keeps accepting what the format allows: scalars (shape []), zero-sized tensors anywhere (also at
// the end, and of a file with no data at all), spaces after the JSON, tensors listed out of offset order.
TEST(Safetensors, TheFormatsLegalCornerCasesAreRead) {
  std::string err;
  auto scalar = file(R"({"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]}})", 8);
  auto st = parse(scalar, &err);
  ASSERT_TRUE(st) << err;
  EXPECT_EQ(st->find("s")->elements(), 1);
  auto empty_end = file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                        R"("e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}})", 4);
  EXPECT_TRUE(parse(empty_end, &err)) << err;
  auto only_empty = file(R"({"e":{"dtype":"I64","shape":[0],"data_offsets":[0,0]}})", 0);
  EXPECT_TRUE(parse(only_empty, &err)) << err;
  auto no_tensors = file(R"({"__metadata__":{"format":"pt"}})", 0);
  EXPECT_TRUE(parse(no_tensors, &err)) << err;
  auto padded = file(R"({"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]}}       )", 3);
  EXPECT_TRUE(parse(padded, &err)) << err;
  auto shuffled = file(R"({"c":{"dtype":"U8","shape":[1],"data_offsets":[5,6]},"a":{"dtype":"U8","shape":[2],)"
                       R"("data_offsets":[0,2]},"b":{"dtype":"U8","shape":[3],"data_offsets":[2,5]}})", 6);
  st = parse(shuffled, &err);
  ASSERT_TRUE(st) << err;
  EXPECT_EQ(st->tensors[2].name, "c");
}

TEST(Safetensors, TheHeaderLengthAloneTellsHowMuchToRead) {
  auto f = file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4);
  std::string err;
  auto n = safetensors_header_length({f.data(), 8}, f.size(), &err);
  ASSERT_TRUE(n) << err;
  EXPECT_EQ(8 + *n, f.size() - 4);
  // Only the header (not the data) is needed to parse it.
  EXPECT_TRUE(parse_safetensors_header({f.data(), size_t(8 + *n)}, f.size(), &err)) << err;
  EXPECT_FALSE(parse_safetensors_header({f.data(), size_t(7 + *n)}, f.size(), &err));
  EXPECT_NE(err.find("cut off"), std::string::npos);
}

TEST(Safetensors, RefusesBrokenAndLyingHeaders) {
  const struct {
    std::string header;
    size_t data;
    const char* why;
  } bad[] = {
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4, "past the end"},      // truncated file
      {R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8, "need 12"},           // size lies
      {R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", 8, "unknown dtype"},      // dtype
      {R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8, "list of sizes"},    // shape
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8, "bad data_offsets"},  // reversed
      {R"({"a":{"dtype":"F32","shape":[2]}})", 8, "needs dtype"},                            // missing
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
       8, "overlap"},
      {R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", 8, "impossibly large"},
      {R"([1,2])", 0, "not a JSON object"},
      {R"({"a":)", 0, "not a JSON object"},
  };
  for (const auto& b : bad) {
    std::string err;
    EXPECT_FALSE(parse(file(b.header, b.data), &err)) << b.header;
    EXPECT_NE(err.find(b.why), std::string::npos) << b.header << " -> " << err;
  }
}

TEST(Safetensors, RefusesImpossibleHeaderLengths) {
  std::string err;
  std::vector<uint8_t> tiny = {1, 2, 3};
  EXPECT_FALSE(safetensors_header_length(tiny, tiny.size(), &err));
  std::vector<uint8_t> huge(16, 0xff);  // n = 2^64 - 1
  EXPECT_FALSE(safetensors_header_length(huge, huge.size(), &err));
  EXPECT_NE(err.find("impossible"), std::string::npos);
  auto f = file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4);
  EXPECT_FALSE(parse_safetensors_header(f, 20, &err));  // the file is said to be shorter than its header
}

TEST(Safetensors, DuplicateNamesAreRefused) {
  std::string err;
  EXPECT_FALSE(parse(
      file(
          R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})",
          2),
      &err));
  EXPECT_NE(err.find("twice"), std::string::npos);
}

}  // namespace
}  // namespace vitvis
