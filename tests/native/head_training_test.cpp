// The head trainer (head_training.h): toys, the head file, and the trainer against scripts/reference_head.py.
#include "head_training.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "json.h"

using namespace vitvis;

namespace {

TEST(HeadTraining, HeldOutIsEveryFifthOfEachClass) {
  const std::vector<int> labels = {0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0};
  const std::vector<bool> held = held_out_mask(labels);
  // class 0: positions 0,2,3,4,5,10,... its 5th is index 5, its 10th index 14; class 1's 5th is index 9
  for (size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(held[i], i == 5 || i == 9 || i == 14) << i;
}

TEST(HeadTraining, SeparatesTwoPointsAndLowersTheLoss) {
  HeadExamples ex;
  ex.dim = 2, ex.classes = 2;
  ex.features = {1, 0, 0, 1, 1.2f, 0.1f, 0.1f, 0.9f};
  ex.labels = {0, 1, 0, 1};
  const HeadTraining t = train_head(ex, {});
  ASSERT_EQ(t.head.classes, 2);
  EXPECT_EQ(t.held.size(), 0u);
  EXPECT_NEAR(t.curve.front().train_loss, std::log(2.f), 1e-6);  // W = 0: uniform
  EXPECT_LT(t.curve.back().train_loss, 0.3f);
  EXPECT_EQ(t.curve.back().train_accuracy, 1.f);
  auto l = t.head.logits(std::vector<float>{1, 0});
  EXPECT_GT(l[0], l[1]);
}

TEST(HeadTraining, NothingToTrainOnGivesNoHead) {
  HeadExamples ex;
  ex.dim = 3, ex.classes = 2;
  EXPECT_EQ(train_head(ex).head.classes, 0);
}

TEST(HeadFile, RoundTripsAndRefusesBadFiles) {
  HeadFile f;
  f.model_name = "Fashion-MNIST ViT";
  f.model_fingerprint = 123456789u;
  f.class_names = {"circle", "cross", "line"};
  f.head.dim = 2, f.head.classes = 3;
  f.head.weight = {0.5f, -1.25f, 2, 3, -4, 1e-3f};
  f.head.bias = {0.1f, 0.2f, -0.3f};
  std::string err;
  auto back = read_head_file(write_head_file(f), &err);
  ASSERT_TRUE(back) << err;
  EXPECT_EQ(back->model_name, f.model_name);
  EXPECT_EQ(back->model_fingerprint, f.model_fingerprint);
  EXPECT_EQ(back->class_names, f.class_names);
  EXPECT_EQ(back->head.weight, f.head.weight);
  EXPECT_EQ(back->head.bias, f.head.bias);
  for (const char* bad : {"", "[]", "{\"vitvis_head\": 2}", "{\"vitvis_head\": 1}",
                          "{\"vitvis_head\":1,\"model\":{\"name\":\"m\",\"dim\":2,\"fingerprint\":1},\"classes\":[\"a\",\"b\"],"
                          "\"weight\":[1,2,3],\"bias\":[0,0]}",
                          "{\"vitvis_head\":1,\"model\":{\"name\":\"m\",\"dim\":1,\"fingerprint\":1},\"classes\":[\"a\"],"
                          "\"weight\":[1],\"bias\":[0]}"}) {
    err.clear();
    EXPECT_FALSE(read_head_file(bad, &err)) << bad;
    EXPECT_FALSE(err.empty());
  }
}

TEST(HeadFile, FingerprintSeesEveryBit) {
  std::vector<float> a = {1.f, 2.f, 3.f}, b = a;
  b[2] = std::nextafter(3.f, 4.f);
  EXPECT_NE(fingerprint(a), fingerprint(b));
  EXPECT_EQ(fingerprint(a), fingerprint(std::vector<float>{1.f, 2.f, 3.f}));
}

TEST(HeadTraining, MatchesTheNumPyReference) {
  const std::string dir = std::string(VITVIS_SOURCE_DIR) + "/tests/native/data/head/";
  std::ifstream jf(dir + "reference.json");
  std::stringstream ss;
  ss << jf.rdbuf();
  auto ref = parse_json(ss.str());
  ASSERT_TRUE(ref) << "run scripts/reference_head.py";
  HeadExamples ex;
  ex.dim = int(ref->get("dim")->number);
  ex.classes = int(ref->get("classes")->number);
  for (auto& v : ref->get("labels")->array) ex.labels.push_back(int(v.number));
  std::ifstream bf(dir + "features.bin", std::ios::binary);
  ex.features.resize(size_t(ex.size()) * size_t(ex.dim));
  bf.read(reinterpret_cast<char*>(ex.features.data()), std::streamsize(ex.features.size() * 4));
  ASSERT_TRUE(bf);
  const auto held = held_out_mask(ex.labels);
  for (size_t i = 0; i < held.size(); ++i) EXPECT_EQ(bool(held[i]), ref->get("held")->array[i].boolean);
  HeadOptions o;
  o.steps = int(ref->get("steps")->number);
  o.l2 = float(ref->get("l2")->number);
  o.record_every = int(ref->get("every")->number);
  const HeadTraining t = train_head(ex, o);
  const double tol = ref->get("tolerance")->number;
  EXPECT_NEAR(t.step_size, ref->get("step_size")->number, 1e-6 * ref->get("step_size")->number);
  const auto& curve = ref->get("curve")->array;
  ASSERT_EQ(t.curve.size(), curve.size());
  for (size_t i = 0; i < curve.size(); ++i) {
    EXPECT_EQ(t.curve[i].step, int(curve[i].get("step")->number));
    EXPECT_NEAR(t.curve[i].train_loss, curve[i].get("train_loss")->number, tol) << "step " << t.curve[i].step;
    EXPECT_NEAR(t.curve[i].held_loss, curve[i].get("held_loss")->number, tol);
    EXPECT_FLOAT_EQ(t.curve[i].train_accuracy, float(curve[i].get("train_accuracy")->number));
    EXPECT_FLOAT_EQ(t.curve[i].held_accuracy, float(curve[i].get("held_accuracy")->number));
  }
  const auto& w = ref->get("weight")->array;
  for (size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(t.head.weight[i], w[i].number, tol);
  const auto& pred = ref->get("predictions")->array;
  for (int i = 0; i < ex.size(); ++i) {
    auto l = t.head.logits(std::span<const float>(ex.features.data() + size_t(i) * size_t(ex.dim), size_t(ex.dim)));
    EXPECT_EQ(int(std::max_element(l.begin(), l.end()) - l.begin()), int(pred[size_t(i)].number)) << i;
  }
}

}  // namespace
