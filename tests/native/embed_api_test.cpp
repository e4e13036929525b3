// The embed API's messages (#34): a view is read as the same link would be; anything else is refused or
// dropped with a notice; origins for ?parent= are checked.
#include "embed_api.h"

#include <gtest/gtest.h>

using namespace vitvis;

TEST(EmbedApi, SetReadsAViewAsTheSameLinkWouldBe) {
  std::string err;
  auto m = parse_page_message(R"({"vitvis":1,"type":"set","id":"a7",
      "view":{"layer":3,"head":2,"patch":[4,2],"image":5,"class":7,"module":"b","lang":"zh-CN"}})", &err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->kind, PageMessage::Kind::Set);
  EXPECT_EQ(m->id, "a7");
  EXPECT_TRUE(m->notices.empty());
  UrlState link = parse_url_query("v=2&layer=3&head=2&patch=4,2&image=5&class=7&focus=b&lang=zh-CN").state;
  EXPECT_EQ(m->view, link);
  EXPECT_EQ(m->view.layer, 2);
  EXPECT_EQ(m->view.patch_row, 3);
  EXPECT_EQ(m->view.patch_col, 1);
  // Fields not given stay "not given" (the view keeps them).
  auto only = parse_page_message(R"({"vitvis":1,"type":"set","view":{"layer":1}})", &err);
  ASSERT_TRUE(only);
  UrlState just_layer;
  just_layer.layer = 0;
  EXPECT_EQ(only->view, just_layer);
}

TEST(EmbedApi, RefusesWhatIsNotAMessageOfThisProtocol) {
  std::string err;
  EXPECT_FALSE(parse_page_message("[1,2]", &err));
  EXPECT_EQ(err, "not a JSON object");
  EXPECT_FALSE(parse_page_message(R"({"type":"set","view":{}})", &err));
  EXPECT_EQ(err, "no \"vitvis\" version");
  EXPECT_FALSE(parse_page_message(R"({"vitvis":2,"type":"get"})", &err));
  EXPECT_EQ(err, "version 2 is newer than this app's (1)");
  EXPECT_FALSE(parse_page_message(R"({"vitvis":1,"type":"eval","view":{}})", &err));
  EXPECT_EQ(err, "unknown type \"eval\"");
  EXPECT_FALSE(parse_page_message(R"({"vitvis":1,"type":"set"})", &err));
  EXPECT_FALSE(parse_page_message(R"({"vitvis":1.5,"type":"get"})", &err));
  EXPECT_FALSE(parse_page_message("{\"vitvis\":1,", &err));
  EXPECT_FALSE(parse_page_message(std::string(70000, ' '), &err));
  auto get = parse_page_message(R"({"vitvis":1,"type":"get","id":12})", &err);
  ASSERT_TRUE(get);
  EXPECT_EQ(get->kind, PageMessage::Kind::Get);
  EXPECT_EQ(get->id, "12");
}

TEST(EmbedApi, BadFieldsAreDroppedWithANoticeAndTheRestApplies) {
  std::string err;
  auto m = parse_page_message(R"({"vitvis":1,"type":"set","view":{
      "layer":2,"model":"evil","embed":"abcd","parent":"https://x.org","head":{"a":1},
      "patch":"<script>","module":"q","scale":1.5,"lesson":0}})", &err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->view.layer, 1);
  EXPECT_EQ(m->view.scale, 1.5f);
  EXPECT_TRUE(m->view.model.empty());
  EXPECT_EQ(m->view.embed, 0);
  EXPECT_TRUE(m->view.parent.empty());
  EXPECT_EQ(m->view.head, -2);
  EXPECT_EQ(m->view.patch_row, -1);
  EXPECT_EQ(m->view.focus, -1);
  EXPECT_EQ(m->lesson_step, -1);
  ASSERT_EQ(m->notices.size(), 7u);
  EXPECT_EQ(m->notices[0], "\"model\" is not a view field; it was ignored.");
  EXPECT_EQ(m->notices[3], "\"head\" has a value of the wrong kind; it was ignored.");
  EXPECT_EQ(m->notices[4], "lesson must be a step number from 1");
  EXPECT_EQ(m->notices[5], "View field patch='<script>' is not valid; using the default.");
  EXPECT_EQ(m->notices[6], "View field module='q' is not valid; using the default.");
  // module: null (or "none") leaves the focus layout; a lesson step counts from 1.
  auto off = parse_page_message(R"({"vitvis":1,"type":"set","view":{"module":null,"lesson":3}})", &err);
  ASSERT_TRUE(off);
  EXPECT_EQ(off->view.focus, -2);
  EXPECT_EQ(off->lesson_step, 2);
}

TEST(EmbedApi, ViewJsonGivesTheLinksFieldsCountingFromOne) {
  UrlState u = parse_url_query("v=2&image=2&layer=3&head=mean&patch=4,2&class=0&focus=c&lang=en").state;
  EXPECT_EQ(view_json(u),
            R"({"image":2,"layer":3,"head":"mean","patch":[4,2],"class":0,"module":"c","lang":"en"})");
  // What the events give, a page can send back unchanged.
  std::string err;
  auto back = parse_page_message(R"({"vitvis":1,"type":"set","view":)" + view_json(u) + "}", &err);
  ASSERT_TRUE(back) << err;
  EXPECT_EQ(back->view, u);
  EXPECT_EQ(view_json(UrlState{}), "{}");
}

TEST(EmbedApi, ParentOriginsAreCheckedAndKeptInTheLink) {
  std::string o;
  EXPECT_TRUE(parse_origin("https://Course.Example.org/", &o));
  EXPECT_EQ(o, "https://course.example.org");
  EXPECT_TRUE(parse_origin("http://127.0.0.1:8080", &o));
  EXPECT_EQ(o, "http://127.0.0.1:8080");
  for (const char* bad : {"*", "null", "https://", "ftp://a.org", "https://a.org/page", "https://a.org:0",
                          "https://a.org:99999", "https://a.org:80x", "javascript:alert(1)", "https://-a.org",
                          "https://a b.org", "https://a.org:080"})
    EXPECT_FALSE(parse_origin(bad, &o)) << bad;
  UrlParse p = parse_url_query("embed=b&parent=https://a.org,http://localhost:8000");
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(p.state.parent, "https://a.org,http://localhost:8000");
  EXPECT_EQ(split_origins(p.state.parent), (std::vector<std::string>{"https://a.org", "http://localhost:8000"}));
  EXPECT_EQ(url_query(p.state), "?v=2&embed=b&parent=https://a.org,http://localhost:8000");
  EXPECT_EQ(parse_url_query(url_query(p.state)).state, p.state);
  // One bad origin (or more than four) refuses the whole list: the embed then hears nobody.
  EXPECT_TRUE(parse_url_query("parent=https://a.org,*").state.parent.empty());
  EXPECT_TRUE(parse_url_query("parent=http://a.org,http://b.org,http://c.org,http://d.org,http://e.org").state.parent.empty());
  EXPECT_EQ(parse_url_query("parent=*").notices.size(), 1u);
}

TEST(EmbedApi, TheIframeSnippetEscapesItsAttributes) {
  EXPECT_EQ(html_attribute(R"(a<b>"c"&'d')"), "a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;");
  EXPECT_EQ(iframe_snippet("https://x.org/vit/?v=2&embed=b&layer=3", 900, 520, "ViT-VIS: Layer 3 of 'Bag' <b>"),
            "<iframe src=\"https://x.org/vit/?v=2&amp;embed=b&amp;layer=3\" width=\"900\" height=\"520\" "
            "title=\"ViT-VIS: Layer 3 of &#39;Bag&#39; &lt;b&gt;\" allow=\"clipboard-write; fullscreen\" "
            "loading=\"lazy\" style=\"border:0\"></iframe>");
  EXPECT_NE(iframe_snippet("u", 0, 400, "t").find("width=\"100%\" height=\"400\""), std::string::npos);
}
