// Lessons (#34): the file round-trips, bad files are refused with one clear sentence, the checks against
// a model, the link forms, and the Markdown subset (text stays text).
#include "lesson.h"

#include <gtest/gtest.h>

using namespace vitvis;

namespace {
const char* kGood = R"({"vitvis_lesson": 1, "title": "Where a ViT looks", "model": "fashion-vit",
  "steps": [{"title": "The patches", "text": "A **ViT** cuts the image.", "view": {"image": 3, "layer": 1, "patch": [4, 4]}},
            {"title": "Deeper", "text": "# Layer 4\n- mean of heads\n- <script>alert(1)</script>", "phone": "d",
             "view": {"layer": 4, "head": "mean", "patch": null, "class": 7, "module": "b"}}]})";

LessonModelFacts fashion() { return {"Fashion-MNIST ViT", 4, 4, 7, 50, 10, 64, 22}; }
}  // namespace

TEST(Lesson, ReadsAFileAndWritesItBackTheSame) {
  std::string err;
  auto l = parse_lesson(kGood, &err);
  ASSERT_TRUE(l) << err;
  EXPECT_EQ(l->title, "Where a ViT looks");
  EXPECT_EQ(l->model, "fashion-vit");
  ASSERT_EQ(l->steps.size(), 2u);
  EXPECT_EQ(l->steps[0].view.image, 2);
  EXPECT_EQ(l->steps[0].view.layer, 0);
  EXPECT_EQ(l->steps[0].view.patch_row, 3);
  EXPECT_EQ(l->steps[1].view.head, -1);
  EXPECT_EQ(l->steps[1].view.patch_row, -2);  // null: nothing pinned
  EXPECT_EQ(l->steps[1].view.cls, 7);
  EXPECT_EQ(l->steps[1].view.focus, 1);
  EXPECT_EQ(l->steps[0].phone, -1);
  EXPECT_EQ(l->steps[1].phone, 3);
  EXPECT_EQ(l->steps[1].text, "# Layer 4\n- mean of heads\n- <script>alert(1)</script>");
  const std::string written = lesson_json(*l);
  auto again = parse_lesson(written, &err);
  ASSERT_TRUE(again) << err << "\n" << written;
  EXPECT_EQ(*again, *l);
  EXPECT_NE(written.find(R"("view":{"layer":4,"head":"mean","class":7,"module":"b","patch":null})"), std::string::npos)
      << written;
  EXPECT_EQ(lesson_misfit(*l, fashion()), "");
}

TEST(Lesson, BadFilesGetOneClearSentence) {
  std::string err;
  auto refused = [&](const std::string& text) { return !parse_lesson(text, &err); };
  EXPECT_TRUE(refused("not json"));
  EXPECT_EQ(err.rfind("The lesson file is not valid JSON", 0), 0u) << err;
  EXPECT_TRUE(refused(R"({"title": "x", "steps": []})"));
  EXPECT_EQ(err, "This is not a ViT-VIS lesson (no \"vitvis_lesson\").");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 3, "steps": [{}]})"));
  EXPECT_EQ(err, "The lesson was made by a newer ViT-VIS (lesson version 3); this one reads version 1.");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "steps": []})"));
  EXPECT_EQ(err, "The lesson has no steps.");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "steps": [{"view": {"layer": "three"}}]})"));
  EXPECT_EQ(err, "Step 1: View field layer='three' is not valid; using the default.");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "steps": [{}, {"text": 5}]})"));
  EXPECT_EQ(err, "Step 2: \"text\" must be text.");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "steps": [{"phone": "e"}]})"));
  EXPECT_EQ(err, "Step 1: \"phone\" must be one of \"a\", \"b\", \"c\", \"d\".");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "model": "<img src=x>", "steps": [{}]})"));
  EXPECT_EQ(err, "The lesson's \"model\" is not a model name.");
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "steps": [{"view": {"embed": "a"}}]})"));
  EXPECT_TRUE(refused(R"({"vitvis_lesson": 1, "steps": [{"text": ")" + std::string(5000, 'x') + R"("}]})"));
  EXPECT_EQ(err, "Step 1: \"text\" is longer than 4000 bytes.");
  std::string many = R"({"vitvis_lesson": 1, "steps": [{})";
  for (int i = 0; i < kMaxLessonSteps; ++i) many += ",{}";
  EXPECT_TRUE(refused(many + "]}"));
  // Control characters are dropped from the text; a step without a view is fine.
  auto l = parse_lesson("{\"vitvis_lesson\": 1, \"steps\": [{\"text\": \"a\\u0007b\\nc\"}]}", &err);
  ASSERT_TRUE(l) << err;
  EXPECT_EQ(l->steps[0].text, "ab\nc");
}

TEST(Lesson, StepsThatDoNotFitTheModelAreNamed) {
  std::string err;
  auto check = [&](const char* view) {
    auto l = parse_lesson(std::string(R"({"vitvis_lesson": 1, "steps": [{}, {"view": )") + view + "}]}", &err);
    EXPECT_TRUE(l) << err;
    return l ? lesson_misfit(*l, fashion()) : "";
  };
  EXPECT_EQ(check(R"({"layer": 9})"), "Step 2 asks for layer 9; Fashion-MNIST ViT has 4 layers.");
  EXPECT_EQ(check(R"({"head": 5})"), "Step 2 asks for head 5; Fashion-MNIST ViT has 4 heads.");
  EXPECT_EQ(check(R"({"patch": [8, 1]})"), "Step 2 asks for patch (8, 1); Fashion-MNIST ViT has 7 x 7 patches.");
  EXPECT_EQ(check(R"({"image": 23})"), "Step 2 asks for image 23; Fashion-MNIST ViT has 22 images.");
  EXPECT_EQ(check(R"({"class": 10})"), "Step 2 asks for class 10; Fashion-MNIST ViT has classes 0 to 9.");
  EXPECT_EQ(check(R"({"layer": 4, "patch": [7, 7], "image": 22, "class": 9})"), "");
}

TEST(Lesson, LinksCarryALessonInlineOrNameAFile) {
  std::string err;
  auto l = parse_lesson(kGood, &err);
  ASSERT_TRUE(l);
  const std::string v = lesson_link_value(*l);
  ASSERT_EQ(v[0], '~');
  EXPECT_EQ(v.find_first_not_of("~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  LessonLink link;
  ASSERT_TRUE(parse_lesson_link(v, &link, &err)) << err;
  EXPECT_TRUE(link.inline_lesson);
  EXPECT_EQ(*parse_lesson(link.json, &err), *l);
  // Through a link's query, as the app reads it.
  UrlParse q = parse_url_query("v=2&lesson=" + v);
  EXPECT_TRUE(q.notices.empty());
  EXPECT_EQ(q.state.lesson, v);
  ASSERT_TRUE(parse_lesson_link("lessons/week-3.json", &link, &err));
  EXPECT_FALSE(link.inline_lesson);
  EXPECT_EQ(link.path, "lessons/week-3.json");
  EXPECT_FALSE(parse_lesson_link("~abc$", &link, &err));
  EXPECT_EQ(err, "The link's lesson is damaged (was the link cut?).");
  EXPECT_FALSE(parse_lesson_link("../secret.json", &link, &err));
  EXPECT_FALSE(parse_lesson_link("lesson.txt", &link, &err));
  EXPECT_FALSE(parse_lesson_link("javascript:alert(1)//.json", &link, &err) && link.path.find(' ') != std::string::npos);
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x80", 3)}) {
    std::string back;
    ASSERT_TRUE(base64url_decode(base64url_encode(s), &back));
    EXPECT_EQ(back, s);
  }
  std::string out;
  EXPECT_FALSE(base64url_decode("Zm9vYg=", &out));  // no padding in base64url
  EXPECT_FALSE(base64url_decode("A", &out));
}

TEST(Lesson, MarkdownSubsetKeepsEverythingElseAsText) {
  auto b = parse_markdown("# Layer 1\nA **patch** looks at\nits `neighbours`.\n\n- one\n* two **x\n<b>not html</b>");
  ASSERT_EQ(b.size(), 5u);
  EXPECT_EQ(b[0].kind, MdBlock::Kind::Heading);
  EXPECT_EQ(b[0].spans, (std::vector<MdSpan>{{"Layer 1"}}));
  EXPECT_EQ(b[1].kind, MdBlock::Kind::Paragraph);
  EXPECT_EQ(b[1].spans, (std::vector<MdSpan>{{"A "}, {"patch", true}, {" looks at its "}, {"neighbours", false, true}, {"."}}));
  EXPECT_EQ(b[2].kind, MdBlock::Kind::Item);
  EXPECT_EQ(b[3].spans, (std::vector<MdSpan>{{"two **x"}}));  // unclosed: as written
  EXPECT_EQ(b[4].spans, (std::vector<MdSpan>{{"<b>not html</b>"}}));
  EXPECT_TRUE(parse_markdown("").empty());
  EXPECT_TRUE(parse_markdown("\n \n").empty());
}
