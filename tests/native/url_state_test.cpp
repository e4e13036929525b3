// URL state: round trip, percent-decoding, and hostile or malformed parameters.
#include "url_state.h"

#include <gtest/gtest.h>

#include "occlusion.h"

using namespace vitvis;

TEST(UrlState, RoundTrips) {
  UrlState s;
  s.model = "fashion-vit";
  s.image = 3;
  s.layer = 2;
  s.head = -1;
  s.token = 18;
  s.cls = 7;
  s.hidden = 3;
  s.channel = 12;
  s.scale = 1.5f;
  std::string q = url_query(s);
  EXPECT_EQ(q, "?v=2&model=fashion-vit&image=4&layer=3&head=mean&token=18&class=7&output=3&channel=12&scale=1.50");
  UrlParse p = parse_url_query(q);
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(p.state, s);
  EXPECT_EQ(url_query(UrlState{}), "");
}

TEST(UrlState, LayerOutputIsWrittenAsOutputAndReadUnderItsOldNameToo) {
  // (c)'s layer output: "output" now ("hidden" read like the hidden patches, which are "hide").
  EXPECT_EQ(parse_url_query("v=2&output=2").state.hidden, 2);
  EXPECT_EQ(parse_url_query("hidden=2").state.hidden, 2);
  UrlState s;
  s.hidden = 0;
  EXPECT_EQ(url_query(s), "?v=2&output=0");
  EXPECT_EQ(parse_url_query("v=2&output=0&hide=1").state.hide, "1");
}

TEST(UrlState, CountsFromOneWithVersion2AndFromZeroInOlderLinks) {
  // An old link (no v): image, layer and head from 0, a patch by its token.
  UrlParse old = parse_url_query("image=3&layer=2&head=1&token=20");
  EXPECT_TRUE(old.notices.empty());
  EXPECT_EQ(old.state.image, 3);
  EXPECT_EQ(old.state.layer, 2);
  EXPECT_EQ(old.state.head, 1);
  EXPECT_EQ(old.state.token, 20);
  // The same view as the app writes it now: counted from 1, the patch by its row and column.
  UrlParse now = parse_url_query("v=2&image=4&layer=3&head=2&patch=3,5");
  EXPECT_TRUE(now.notices.empty());
  EXPECT_EQ(now.state.image, 3);
  EXPECT_EQ(now.state.layer, 2);
  EXPECT_EQ(now.state.head, 1);
  EXPECT_EQ(now.state.patch_row, 2);
  EXPECT_EQ(now.state.patch_col, 4);
  EXPECT_EQ(now.state.token, -1);
  EXPECT_EQ(url_query(now.state), "?v=2&image=4&layer=3&head=2&patch=3,5");
  // v may come last; a 0 where counting starts at 1 is the first; the mean stays the mean.
  UrlParse late = parse_url_query("layer=0&head=mean&image=0&v=2");
  EXPECT_EQ(late.state.layer, 0);
  EXPECT_EQ(late.state.head, -1);
  EXPECT_EQ(late.state.image, 0);
  // A patch needs both numbers, each from 1; an unknown version is refused.
  // Both a patch and a token: the patch (written back alone, so a link round-trips).
  UrlParse both = parse_url_query("patch=1,4&token=18");
  EXPECT_EQ(both.state.token, -1);
  EXPECT_EQ(both.state.patch_col, 3);
  EXPECT_EQ(both.notices.size(), 1u);
  EXPECT_EQ(parse_url_query(url_query(both.state)).state, both.state);
  for (const char* bad : {"patch=3", "patch=0,1", "patch=1,x", "patch=,2", "v=3"})
    EXPECT_EQ(parse_url_query(bad).notices.size(), 1u) << bad;
}

TEST(UrlState, DecodesAndIgnoresBadParts) {
  UrlParse p =
      parse_url_query("model=vit%2Db16&&layer=%31&head=4&bogus=1&image=-3&scale=9&token=1e3&model=%3Cscript%3E");
  EXPECT_EQ(p.state.model, "vit-b16");  // the later, invalid model is dropped
  EXPECT_EQ(p.state.layer, 1);
  EXPECT_EQ(p.state.head, 4);
  EXPECT_EQ(p.state.image, -1);
  EXPECT_EQ(p.state.scale, 0.f);
  EXPECT_EQ(p.state.token, -1);
  ASSERT_EQ(p.notices.size(), 5u);
  EXPECT_NE(p.notices[0].find("Unknown link parameter 'bogus'"), std::string::npos);
  EXPECT_NE(p.notices[4].find("model='<script>'"), std::string::npos);
}

TEST(UrlState, HostileInputIsBoundedAndPrintable) {
  std::string huge = "model=" + std::string(5000, 'a');
  UrlParse p = parse_url_query(huge);
  EXPECT_TRUE(p.state.model.empty());
  ASSERT_EQ(p.notices.size(), 1u);
  EXPECT_NE(p.notices[0].find("too long"), std::string::npos);
  p = parse_url_query("%00%0a%ff=%zz&layer=99999999999&head=%");
  EXPECT_EQ(p.state.layer, -1);
  EXPECT_EQ(p.state.head, -2);
  for (auto& n : p.notices) {
    EXPECT_LT(n.size(), 120u);
    for (char c : n) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << n;
  }
}

TEST(UrlState, EmbedStepsThemeAndLanguage) {
  UrlParse p =
      parse_url_query("embed=attention,classify&steps=row&step=4&analyses=3&theme=contrast&cmap=cividis&lang=zh-CN");
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(p.state.embed, kEmbedAttention | kEmbedClassify);
  EXPECT_EQ(p.state.steps, 1);
  EXPECT_EQ(p.state.step, 3);
  EXPECT_EQ(p.state.analyses, 3);
  EXPECT_EQ(p.state.theme, 1);
  EXPECT_EQ(p.state.cmap, 1);
  EXPECT_EQ(p.state.lang, "zh-CN");
  EXPECT_EQ(url_query(p.state), "?v=2&embed=bd&steps=row&step=4&analyses=3&theme=contrast&cmap=cividis&lang=zh-CN");
  EXPECT_EQ(parse_url_query("embed=ac").state.embed, kEmbedImage | kEmbedLayers);
  EXPECT_EQ(parse_url_query("embed=a,layers").state.embed, kEmbedImage | kEmbedLayers);
  UrlParse bad = parse_url_query("embed=x&steps=1&step=9&theme=pink&lang=%3Cb%3E&embed=&analyses=9");
  EXPECT_EQ(bad.state, UrlState{});
  EXPECT_EQ(bad.notices.size(), 7u);
}

TEST(UrlState, MotionOffIsKeptAndOnIsTheDefault) {
  for (const char* off : {"motion=off", "motion=0"}) {
    UrlParse p = parse_url_query(off);
    EXPECT_TRUE(p.notices.empty()) << off;
    EXPECT_EQ(p.state.motion, 0) << off;
    EXPECT_EQ(url_query(p.state), "?v=2&motion=off") << off;
  }
  EXPECT_EQ(parse_url_query("motion=on").state.motion, -1);
  UrlParse focus = parse_url_query("focus=c");  // the focus layout, (c) large
  EXPECT_EQ(focus.state.focus, 2);
  EXPECT_EQ(url_query(focus.state), "?v=2&focus=c");
  EXPECT_EQ(parse_url_query("focus=e").notices.size(), 1u);
  UrlParse two = parse_url_query("focus=bd");  // presenting: (b) and (d) large
  EXPECT_EQ(two.state.focus, 1);
  EXPECT_EQ(two.state.focus2, 3);
  EXPECT_EQ(url_query(two.state), "?v=2&focus=bd");
  EXPECT_EQ(parse_url_query("focus=bb").notices.size(), 1u);   // the same module twice
  EXPECT_EQ(parse_url_query("focus=bde").notices.size(), 1u);  // three
  EXPECT_EQ(parse_url_query("focus=c").state.focus2, -1);
  EXPECT_EQ(url_query(parse_url_query("motion=on").state), "");
  UrlParse bad = parse_url_query("motion=slow");
  EXPECT_EQ(bad.state.motion, -1);
  EXPECT_EQ(bad.notices.size(), 1u);
}

TEST(UrlState, ModelByUrlOrPath) {
  for (const char* ok : {"my/vit-b16.onnx", "https://example.org/m/vit.onnx", "/models/x.onnx"}) {
    UrlParse p = parse_url_query(std::string("model=") + ok);
    EXPECT_EQ(p.state.model, ok) << ok;
    EXPECT_TRUE(is_model_url(p.state.model)) << ok;
  }
  EXPECT_FALSE(is_model_url("fashion-vit"));
  EXPECT_FALSE(is_model_url("vit.onnx"));  // a bare file name is a valid id: the id wins
  for (const char* bad :
       {"javascript:alert(1).onnx", "data:x.onnx", "a%20b.onnx", "x.onnx%22", "dir/model.bin", "%3Cx%3E.onnx"})
    EXPECT_TRUE(parse_url_query(std::string("model=") + bad).state.model.empty()) << bad;
  UrlState s;
  s.model = "https://example.org/a&b.onnx";
  EXPECT_EQ(url_query(s), "?v=2&model=https://example.org/a%26b.onnx");
  EXPECT_EQ(parse_url_query(url_query(s)).state.model, s.model);
}

TEST(UrlState, StepAloneRoundTrips) {  // found by tests/fuzz/url_state_fuzz: step= without steps= was lost
  UrlParse p = parse_url_query("step=1");
  EXPECT_EQ(p.state.step, 0);
  EXPECT_EQ(parse_url_query(url_query(p.state)).state, p.state);
}

namespace vitvis {
namespace {

TEST(UrlState, HuggingFaceModelIds) {
  HubModelId id;
  ASSERT_TRUE(parse_hub_model_id("hf:facebook/deit-tiny-patch16-224", &id));
  EXPECT_EQ(id.owner, "facebook");
  EXPECT_EQ(id.name, "deit-tiny-patch16-224");
  EXPECT_EQ(id.revision, "main");
  EXPECT_EQ(id.link(), "hf:facebook/deit-tiny-patch16-224");
  ASSERT_TRUE(parse_hub_model_id("hf:google/vit-base-patch16-224@refs/pr/3", &id));
  EXPECT_EQ(id.revision, "refs/pr/3");
  EXPECT_EQ(id.link(), "hf:google/vit-base-patch16-224@refs/pr/3");
  EXPECT_FALSE(parse_hub_model_id("google/vit-base-patch16-224", &id));        // the prefix is needed in links
  EXPECT_TRUE(parse_hub_model_id("google/vit-base-patch16-224", &id, false));  // typed in the UI
  for (const char* bad : {"hf:", "hf:owner", "hf:/name", "hf:owner/", "hf:a/b/c", "hf:../x", "hf:o/n@", "hf:o/n@a b",
                          "hf:o/n@../../x", "hf:o/<script>", "hf:-o/n", "hf:o/n@x/"})
    EXPECT_FALSE(parse_hub_model_id(bad, &id)) << bad;
  // ?model=hf:… is kept and round-trips.
  UrlParse u = parse_url_query("?model=hf:facebook/deit-small-patch16-224@v1&layer=2");
  EXPECT_EQ(u.state.model, "hf:facebook/deit-small-patch16-224@v1");
  EXPECT_TRUE(u.notices.empty());
  EXPECT_EQ(parse_url_query(url_query(u.state)).state.model, u.state.model);
  EXPECT_FALSE(is_model_url(u.state.model));
}

}  // namespace
}  // namespace vitvis

TEST(UrlState, HiddenPatchesAndFill) {
  auto r = parse_url_query("?image=3&hide=0-3,9&fill=blur");
  EXPECT_TRUE(r.notices.empty());
  EXPECT_EQ(r.state.hide, "0-3,9");
  EXPECT_EQ(r.state.fill, int(HideFill::Blur));
  EXPECT_EQ(url_query(r.state), "?v=2&image=4&hide=0-3,9&fill=blur");  // image 3 from 0 = 4 from 1
  auto bad = parse_url_query("?hide=1;2&fill=grey");
  EXPECT_EQ(bad.notices.size(), 2u);
  EXPECT_TRUE(bad.state.hide.empty());
  EXPECT_EQ(bad.state.fill, -1);
}
