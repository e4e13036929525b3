// The app layer's pure parts: the model list, sample lists, ?model= lookup and the link's selection.
#include "app/catalog.h"

#include <gtest/gtest.h>

namespace vitvis {
namespace {

ModelSpec small_spec() {
  ModelSpec s;
  s.image_size = 28;
  s.patch_size = 4;
  s.channels = 1;
  s.layers = 4;
  s.heads = 4;
  s.dim = 64;
  s.num_classes = 10;
  s.prefix_tokens = 1;
  return s;  // 7 x 7 patches, 50 tokens
}

TEST(Catalog, ModelIndexResolvesPathsAndSkipsEntriesWithoutAFile) {
  std::string err;
  auto list = parse_model_index(R"({"models": [
      {"id": "fashion-vit", "name": "Fashion", "file": "fashion/model.onnx", "samples": "fashion/samples.json",
       "description": "d", "bytes": 1234, "finer": "fashion-14"},
      {"id": "no-file", "name": "skipped"},
      {"id": "digits", "file": "digits/model.onnx"}]})",
                                "models/", &err);
  ASSERT_TRUE(list) << err;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "fashion-vit");
  EXPECT_EQ((*list)[0].file, "models/fashion/model.onnx");
  EXPECT_EQ((*list)[0].samples, "models/fashion/samples.json");
  EXPECT_EQ((*list)[0].bytes, 1234);
  EXPECT_EQ((*list)[0].finer, "fashion-14");  // (c) offers it for finer maps
  EXPECT_EQ((*list)[1].finer, "");
  EXPECT_EQ((*list)[1].samples, "");  // no samples: the drawing pad
  EXPECT_EQ(find_model(*list, "digits"), 1);
  EXPECT_EQ(find_model(*list, ""), 0);
  EXPECT_EQ(find_model(*list, "imagenet"), -1);
}

TEST(Catalog, MalformedIndexIsRefusedWithAReason) {
  for (const char* bad : {"", "[1]", "{\"models\": 3}", "{\"models\": [", "{}"}) {
    std::string err;
    EXPECT_FALSE(parse_model_index(bad, "", &err)) << bad;
    EXPECT_FALSE(err.empty()) << bad;
  }
}

TEST(Catalog, SampleManifest) {
  std::string err;
  auto s = parse_sample_manifest(R"([{"file": "a.png", "name": "Shirt", "label": 6}, {"name": "no file"},
                                     {"file": "b.png"}])",
                                 &err);
  ASSERT_TRUE(s) << err;
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].file, "a.png");
  EXPECT_EQ((*s)[0].name, "Shirt");
  EXPECT_EQ((*s)[0].label, 6);
  EXPECT_EQ((*s)[1].label, -1);
  EXPECT_FALSE(parse_sample_manifest("{\"file\": \"a.png\"}", &err));
  EXPECT_EQ(err, "not an array");
}

TEST(Catalog, LinkSelectionAppliesWhatFitsAndClampsTheRest) {
  const ModelSpec spec = small_spec();
  UrlState u;
  u.layer = 3;
  u.head = -1;  // the mean of heads is a valid head
  u.hidden = 4;
  u.channel = 63;
  u.cls = 9;
  u.token = 49;
  Selection sel;
  EXPECT_TRUE(apply_url_selection(u, spec, &sel).empty());
  EXPECT_EQ(sel.layer, 3);
  EXPECT_EQ(sel.head, -1);
  EXPECT_EQ(sel.hidden, 4);
  EXPECT_EQ(sel.channel, 63);
  EXPECT_EQ(sel.pinned_cls, 9);
  EXPECT_EQ(sel.cls, 9);
  EXPECT_EQ(sel.token, 49);
  EXPECT_TRUE(sel.pinned);

  UrlState big;  // a link made for a bigger model: each value becomes the nearest that exists
  big.layer = 4;     // only 0..3
  big.head = 4;      // only -1..3
  big.hidden = 5;    // only 0..4
  big.channel = 64;  // only 0..63
  big.cls = 10;
  big.token = 50;  // 50 tokens: 0..49
  Selection near;
  const std::vector<std::string> names = apply_url_selection(big, spec, &near);
  EXPECT_EQ(names, (std::vector<std::string>{"layer", "head", "hidden", "channel", "class", "token"}));
  EXPECT_EQ(near.layer, 3);
  EXPECT_EQ(near.head, 3);
  EXPECT_EQ(near.hidden, 4);
  EXPECT_EQ(near.channel, 63);
  EXPECT_EQ(near.cls, 9);
  EXPECT_EQ(near.token, 49);
  EXPECT_TRUE(near.pinned);
}

TEST(Catalog, ALinkPinsAPatchByRowAndColumn) {
  const ModelSpec spec = small_spec();  // a 7 x 7 grid after one class token
  UrlState u;
  u.patch_row = 2;
  u.patch_col = 4;
  Selection sel;
  EXPECT_TRUE(apply_url_selection(u, spec, &sel).empty());
  EXPECT_EQ(sel.token, spec.token_of_patch(2, 4));
  EXPECT_TRUE(sel.pinned);
  u.patch_row = 20;  // beyond the grid: its last row, the same column
  Selection edge;
  EXPECT_EQ(apply_url_selection(u, spec, &edge), std::vector<std::string>{"patch"});
  EXPECT_EQ(edge.token, spec.token_of_patch(spec.grid() - 1, 4));
}

TEST(Catalog, ALinkWithOnlyTheLayerMovesTheLayerOutputsToo) {
  UrlState u;
  u.layer = 2;
  Selection sel;
  EXPECT_TRUE(apply_url_selection(u, small_spec(), &sel).empty());
  EXPECT_EQ(sel.layer, 2);
  EXPECT_EQ(sel.hidden, 3);  // (c) shows the output of the layer whose attention (b) shows
  u.hidden = 0;              // both given: each as written
  Selection both;
  EXPECT_TRUE(apply_url_selection(u, small_spec(), &both).empty());
  EXPECT_EQ(both.hidden, 0);
  u.layer = 9;  // a layer out of range: the last, and (c) shows its output
  u.hidden = -1;
  Selection last;
  EXPECT_EQ(apply_url_selection(u, small_spec(), &last), std::vector<std::string>{"layer"});
  EXPECT_EQ(last.layer, 3);
  EXPECT_EQ(last.hidden, 4);
}

TEST(Catalog, NotGivenLeavesDefaults) {
  Selection sel;
  EXPECT_TRUE(apply_url_selection(UrlState{}, small_spec(), &sel).empty());
  EXPECT_EQ(sel.head, 0);  // -2 = not given, so not the mean
  EXPECT_EQ(sel.token, -1);
  EXPECT_FALSE(sel.pinned);
}

TEST(Catalog, ShownNamesAndSuffixes) {
  EXPECT_EQ(shown_name("a\nb.png"), "a?b.png");
  EXPECT_EQ(shown_name(std::string(70, 'x')), std::string(60, 'x') + "…");
  EXPECT_TRUE(ends_with_ci("Model.ONNX", ".onnx"));
  EXPECT_FALSE(ends_with_ci("onnx", ".onnx"));
  EXPECT_EQ(dir_of("models/index.json"), "models/");
  EXPECT_EQ(dir_of("index.json"), "");
}

}  // namespace
}  // namespace vitvis

namespace vitvis {
namespace {

TEST(Catalog, HubConfigAndEntries) {
  std::string err;
  auto h = parse_hub_config(R"({"bases": [{"url": "https://huggingface.co/", "name": "Hugging Face"},
                                          {"url": "https://hf-mirror.com"}],
                               "models": [{"id": "google/vit-base-patch16-224", "bytes": 346e6},
                                          {"id": "facebook/deit-tiny-patch16-224", "bytes": 22.9e6, "note": "small"},
                                          {"id": "not a model id"}]})",
                            &err);
  ASSERT_TRUE(h) << err;
  ASSERT_EQ(h->bases.size(), 2u);
  EXPECT_EQ(h->bases[0].url, "https://huggingface.co");  // trailing slash dropped
  EXPECT_EQ(h->bases[1].name, "https://hf-mirror.com");
  ASSERT_EQ(h->models.size(), 2u);
  EXPECT_EQ(h->models[0].id, "facebook/deit-tiny-patch16-224");  // smallest first
  EXPECT_FALSE(parse_hub_config(R"({"bases": [{"url": "http://evil.example"}]})", &err));
  EXPECT_NE(err.find("not https"), std::string::npos);
  EXPECT_TRUE(parse_hub_config(R"({"bases": [{"url": "http://127.0.0.1:8555"}]})", &err)) << err;

  HubModelId id;
  ASSERT_TRUE(parse_hub_model_id("hf:google/vit-base-patch16-224@refs/pr/3", &id));
  const ModelEntry e = hub_model_entry(id, "https://huggingface.co", 346e6);
  EXPECT_TRUE(e.checkpoint());
  EXPECT_EQ(e.id, "hf:google/vit-base-patch16-224@refs/pr/3");
  EXPECT_EQ(e.config, "https://huggingface.co/google/vit-base-patch16-224/resolve/refs%2Fpr%2F3/config.json");
  EXPECT_EQ(e.file, "https://huggingface.co/google/vit-base-patch16-224/resolve/refs%2Fpr%2F3/model.safetensors");
  EXPECT_EQ(e.preprocessor,
            "https://huggingface.co/google/vit-base-patch16-224/resolve/refs%2Fpr%2F3/preprocessor_config.json");
  EXPECT_NE(e.source.find("Hugging Face"), std::string::npos);
}

}  // namespace
}  // namespace vitvis

namespace vitvis {
namespace {

TEST(Catalog, DownloadedFilesGroupPerModelAndRevision) {
  const auto d = group_downloads(R"([
      {"url": "https://huggingface.co/facebook/deit-tiny-patch16-224/resolve/main/config.json", "bytes": 1000},
      {"url": "https://huggingface.co/facebook/deit-tiny-patch16-224/resolve/main/model.safetensors", "bytes": 22900000},
      {"url": "https://huggingface.co/google/vit-base-patch16-224/resolve/v1/model.safetensors", "bytes": 346000000},
      {"url": "https://example.org/not/a/hub/file.bin", "bytes": 5}])");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].repo, "google/vit-base-patch16-224@v1");  // largest first
  EXPECT_EQ(d[1].repo, "facebook/deit-tiny-patch16-224");
  EXPECT_EQ(d[1].bytes, 22901000);
  EXPECT_EQ(d[1].prefix, "https://huggingface.co/facebook/deit-tiny-patch16-224/resolve/main/");
  EXPECT_TRUE(group_downloads("not json").empty());
}

}  // namespace
}  // namespace vitvis
