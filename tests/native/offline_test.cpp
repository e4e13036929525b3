// "Make available offline" (core/offline.h): reading the build's offline.json and what is left to store.
#include <gtest/gtest.h>

#include "offline.h"

using namespace vitvis;

namespace {

const char* kManifest = R"({"groups":[
 {"id":"app","kind":"app","name":"The app","required":true,"files":[{"path":"index.html","bytes":1000},{"path":"vitvis.wasm","bytes":9000}]},
 {"id":"languages","kind":"languages","required":true,"files":[{"path":"i18n/zh-CN.json","bytes":500}]},
 {"id":"model:mnist-vit","kind":"model","name":"MNIST digits ViT","required":false,
  "files":[{"path":"models/mnist-vit/model.onnx","bytes":4000},{"path":"models/mnist-vit/samples.json","bytes":100}]},
 {"id":"training","kind":"training","required":false,"files":[{"path":"data/set.bin","bytes":20000},{"path":"index.html","bytes":1000}]}
]})";

OfflineManifest manifest() {
  std::string error;
  auto m = parse_offline_manifest(kManifest, &error);
  EXPECT_TRUE(m) << error;
  return m ? *m : OfflineManifest{};
}

}  // namespace

TEST(Offline, ReadsGroupsFilesAndSizes) {
  const OfflineManifest m = manifest();
  ASSERT_EQ(m.groups.size(), 4u);
  EXPECT_EQ(m.groups[0].id, "app");
  EXPECT_TRUE(m.groups[0].required);
  EXPECT_DOUBLE_EQ(m.groups[0].bytes(), 10000);
  EXPECT_EQ(m.groups[1].name, "languages");  // no name: its id
  EXPECT_EQ(m.groups[2].kind, "model");
  EXPECT_EQ(m.groups[2].name, "MNIST digits ViT");
  EXPECT_FALSE(m.groups[2].required);
  EXPECT_EQ(m.groups[2].files[0].path, "models/mnist-vit/model.onnx");
}

TEST(Offline, PlansTheChosenGroupsWithWhatIsStored) {
  const OfflineManifest m = manifest();
  // Nothing chosen: the required groups still count; nothing stored yet.
  OfflinePlan p = plan_offline(m, {}, {});
  EXPECT_DOUBLE_EQ(p.total, 10500);
  EXPECT_DOUBLE_EQ(p.stored, 0);
  EXPECT_EQ(p.files, 3);
  EXPECT_EQ(p.missing, (std::vector<std::string>{"index.html", "vitvis.wasm", "i18n/zh-CN.json"}));
  // The model chosen, the page and the model's samples already stored.
  p = plan_offline(m, {false, false, true, false}, {"index.html", "models/mnist-vit/samples.json", "elsewhere.txt"});
  EXPECT_DOUBLE_EQ(p.total, 14600);
  EXPECT_DOUBLE_EQ(p.stored, 1100);
  EXPECT_DOUBLE_EQ(p.missing_bytes(), 13500);
  EXPECT_EQ(p.stored_files, 2);
  EXPECT_EQ(p.missing, (std::vector<std::string>{"vitvis.wasm", "i18n/zh-CN.json", "models/mnist-vit/model.onnx"}));
  // A file in two chosen groups counts once.
  p = plan_offline(m, {true, true, true, true}, {});
  EXPECT_DOUBLE_EQ(p.total, 34600);
  EXPECT_EQ(p.files, 6);
}

TEST(Offline, GroupStoredOnlyWhenEveryFileIs) {
  const OfflineManifest m = manifest();
  EXPECT_FALSE(group_stored(m.groups[2], {"models/mnist-vit/model.onnx"}));
  EXPECT_TRUE(group_stored(m.groups[2], {"models/mnist-vit/model.onnx", "models/mnist-vit/samples.json"}));
}

TEST(Offline, FitsKeepsATenthOfTheQuotaFree) {
  EXPECT_TRUE(offline_fits(24e6, 0, 0));  // the browser does not say
  EXPECT_TRUE(offline_fits(24e6, 10e6, 100e6));
  EXPECT_FALSE(offline_fits(24e6, 70e6, 100e6));
  EXPECT_FALSE(offline_fits(200e6, 0, 100e6));
}

TEST(Offline, RefusesWhatIsNotAManifest) {
  std::string error;
  EXPECT_FALSE(parse_offline_manifest("not json", &error));
  EXPECT_NE(error.find("not JSON"), std::string::npos);
  EXPECT_FALSE(parse_offline_manifest(R"({"groups":[]})", &error));
  EXPECT_FALSE(parse_offline_manifest(R"({"groups":[{"files":[]}]})", &error));
  EXPECT_NE(error.find("without an id"), std::string::npos);
  for (const char* bad : {"/etc/passwd", "../secret", "models/../../x", "https://evil.example/x", "a?b=1", "a//b", ""}) {
    const std::string json = std::string(R"({"groups":[{"id":"app","files":[{"path":")") + bad + R"(","bytes":1}]}]})";
    EXPECT_FALSE(parse_offline_manifest(json, &error)) << bad;
  }
  EXPECT_FALSE(parse_offline_manifest(R"({"groups":[{"id":"app","files":[{"path":"a.js","bytes":-1}]}]})", &error));
  EXPECT_FALSE(parse_offline_manifest(R"({"groups":[{"id":"app","files":[{"path":"a.js"}]}]})", &error));
  EXPECT_NE(error.find("has no size"), std::string::npos);
  EXPECT_FALSE(parse_offline_manifest(
      R"({"groups":[{"id":"app","files":[]},{"id":"app","files":[]}]})", &error));
  EXPECT_NE(error.find("twice"), std::string::npos);
}
