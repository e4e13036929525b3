// Export: CSV/JSON hold exactly the numbers the views show; PNG encodes the pixels losslessly.
#include "export.h"

#include <gtest/gtest.h>

#include "image.h"
#include "json.h"
#include "onnx_builder.h"

using namespace vitvis;

namespace {
fixtures::TinyVit tiny() {
  fixtures::TinyVit t;  // 8x8 image, 4x4 patches -> 2x2 grid, N = 5
  t.extra_meta["labels"] = "[\"cat, striped\",\"dog \\\"good\\\"\",\"c2\"]";
  return t;
}
}  // namespace

TEST(Export, AttentionCsvAndJson) {
  auto t = tiny();
  ModelSpec s = fixtures::spec_of(t);
  std::vector<float> m(25);
  for (int i = 0; i < 25; ++i) m[size_t(i)] = float(i) / 100.f;
  std::string csv = attention_csv(s, m);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "query \\ key,CLS,\"patch (1, 1)\",\"patch (1, 2)\",\"patch (2, 1)\",\"patch (2, 2)\"");
  EXPECT_NE(csv.find("\n\"patch (2, 2)\",0.200000003,0.209999993,0.219999999,0.230000004,0.239999995\n"),
            std::string::npos);
  auto j = parse_json(attention_json(s, 1, -1, m));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->get("layer")->number, 2);
  EXPECT_EQ(j->get("head")->string, "mean");
  EXPECT_EQ(j->get("tokens")->array.size(), 5u);
  EXPECT_FLOAT_EQ(float(j->get("attention")->array[3].array[4].number), 0.19f);
  EXPECT_EQ(attention_csv(s, std::vector<float>(24)), "");  // wrong size: nothing
}

TEST(Export, ChannelMap) {
  auto t = tiny();
  ModelSpec s = fixtures::spec_of(t);
  std::vector<float> map = {1.5f, -2.f, 0.25f, 3.f};
  EXPECT_EQ(channel_map_csv(s, map), "row \\ column,0,1\n0,1.5,-2\n1,0.25,3\n");
  auto j = parse_json(channel_map_json(s, 2, 7, map));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->get("channel")->number, 7);
  EXPECT_EQ(j->get("map")->array[1].array[0].number, 0.25);
}

TEST(Export, ProbabilitiesSortedWithQuotedLabels) {
  auto t = tiny();
  auto r = fixtures::result_of(t, [](const std::string& n, std::vector<float>& v) {
    if (n == "logits") v = {0.f, 2.f, 1.f};
  });
  std::string csv = probabilities_csv(r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "rank,class,label,logit,probability");
  EXPECT_NE(csv.find("\n1,1,\"dog \"\"good\"\"\",2,0.665240943\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n3,0,\"cat, striped\",0,0.0900305733\n"), std::string::npos) << csv;
  auto j = parse_json(probabilities_json(r));
  ASSERT_TRUE(j);
  ASSERT_EQ(j->get("classes")->array.size(), 3u);
  EXPECT_EQ(j->get("classes")->array[0].get("label")->string, "dog \"good\"");
  double sum = 0;
  for (auto& c : j->get("classes")->array) sum += c.get("probability")->number;
  EXPECT_NEAR(sum, 1.0, 1e-6);
}

TEST(Export, FilesSayWhatTheyWereSavedFrom) {
  auto t = tiny();
  ModelSpec s = fixtures::spec_of(t);
  const ExportAbout about = {{"model", "Tiny ViT"}, {"image", "20"}, {"true class", "Ankle boot\nsecond line"}, {"layer", "2"}};
  std::vector<float> map = {1.5f, -2.f, 0.25f, 3.f};
  EXPECT_EQ(channel_map_csv(s, map, about),
            "# model: Tiny ViT\n# image: 20\n# true class: Ankle boot second line\n# layer: 2\n"
            "row \\ column,0,1\n0,1.5,-2\n1,0.25,3\n");
  auto j = parse_json(attention_json(s, 1, 2, std::vector<float>(25, 0.2f), about));
  ASSERT_TRUE(j);
  const Json* a = j->get("about");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->get("model")->string, "Tiny ViT");
  EXPECT_EQ(a->get("true class")->string, "Ankle boot\nsecond line");
  EXPECT_EQ(j->get("head")->number, 3);
  EXPECT_EQ(parse_json(channel_map_json(s, 2, 7, map, about))->get("about")->get("layer")->string, "2");
  EXPECT_EQ(parse_json(channel_map_json(s, 2, 7, map))->get("about"), nullptr);  // nothing said: no object
}

TEST(Export, PngRoundTripsThePixels) {
  std::vector<uint8_t> px(5 * 3 * 4);
  for (size_t i = 0; i < px.size(); ++i) px[i] = uint8_t(i * 37 % 256);
  for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
  auto png = encode_png(5, 3, px);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png[1], 'P');
  RgbaImage img;
  std::string err;
  ASSERT_TRUE(decode_image(png, &img, &err)) << err;
  EXPECT_EQ(img.width, 5);
  EXPECT_EQ(img.height, 3);
  EXPECT_EQ(std::vector<uint8_t>(img.pixels.begin(), img.pixels.end()), px);
  EXPECT_TRUE(encode_png(5, 3, std::vector<uint8_t>(7)).empty());
}
