// Lessons: the editor ("Record this view", reorder, edit, preview, save, link), the card that plays one
// (Back / Next / Leave, PageUp / PageDown for a clicker) and opening one from a file or a link. A step's
// words are drawn as text (core/lesson's Markdown subset: headings, items, strong, code), never as HTML.
#include "ui/lesson_player.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app/app.h"
#include "app/catalog.h"
#include "app/i18n.h"
#include "embed_api.h"
#include "ui/announce.h"
#include "ui/intents.h"
#include "ui/layout.h"
#include "ui/probe.h"
#include "ui/tour.h"
#include "ui/ui_state.h"
#include "ui/value_panel.h"
#include "ui/widgets.h"
#include "ui/theme.h"

namespace vitvis {
namespace {

constexpr ImVec4 kCodeText{0.55f, 0.85f, 1.f, 1.f};

LessonModelFacts facts(const App& app) {
  const ModelSpec& s = app.model->spec;
  return {s.name, s.layers, s.heads, s.grid(), s.num_tokens(), s.num_classes, s.dim, int(app.model->samples.size())};
}

// The view on screen as a step: the selection and what is open, not the person's language, theme or scale.
LessonStep record_step(const App& app, const UiState& ui) {
  const UrlState v = view_url_state(app, ui);
  LessonStep st;
  st.title = describe_view(app);
  UrlState& u = st.view;
  std::vector<std::string>& f = st.fields;
  if (v.image >= 0) u.image = v.image, f.push_back("image");
  u.layer = v.layer, u.head = v.head, u.hidden = v.hidden;
  f.insert(f.end(), {"layer", "head", "output"});
  if (v.patch_row >= 0)
    u.patch_row = v.patch_row, u.patch_col = v.patch_col;
  else if (v.token >= 0)
    u.token = v.token;
  else
    u.patch_row = u.patch_col = -2;  // nothing pinned
  f.push_back(v.token >= 0 && v.patch_row < 0 ? "token" : "patch");
  u.cls = v.cls >= 0 ? v.cls : -2;
  f.push_back("class");
  if (v.channel >= 0) u.channel = v.channel, f.push_back("channel");
  if (v.focus >= 0) u.focus = v.focus, f.push_back("module");
  if (v.steps) u.steps = v.steps, u.step = v.step, f.push_back("steps");
  if (v.analyses) u.analyses = v.analyses, f.push_back("analyses");
  if (!v.hide.empty()) u.hide = v.hide, f.push_back("hide");
  if (v.fill >= 0) u.fill = v.fill, f.push_back("fill");
  std::sort(f.begin(), f.end());
  return st;
}

void show_step(App& app, UiState& ui, int i) {
  LessonView& lv = ui.lesson;
  i = std::clamp(i, 0, int(lv.lesson.steps.size()) - 1);
  lv.step = i;
  ui.steps.open = false;  // what a step does not open is closed (as the tour does)
  ui.show_insights = false;
  const LessonStep& st = lv.lesson.steps[size_t(i)];
  std::vector<std::string> bad = apply_view(app, ui, st.view, st.fields);
  if (!bad.empty()) set_error(app, formatted(T("Lesson step %d: %s"), i + 1, bad[0].c_str()));
  // A phone shows one module: the step's choice, else the one its view makes large, else attention.
  if (ui.layout == int(Layout::Tabs))
    ui.phone_module = st.phone >= 0 ? st.phone : st.view.focus >= 0 ? st.view.focus : int(Module::Attention);
  animate(ui, 200);
}

void start_playing(App& app, UiState& ui, int from) {
  LessonView& lv = ui.lesson;
  if (lv.lesson.steps.empty()) return;
  if (!lv.playing && !lv.saved_valid) {
    remember_view(app, ui, &ui.lesson_saved);
    lv.saved_valid = true;
  }
  if (ui.tour_open) ui.tour_open = false;
  lv.playing = true;
  show_step(app, ui, from);
}

void stop_playing(App& app, UiState& ui) {
  LessonView& lv = ui.lesson;
  lv.playing = false;
  if (lv.saved_valid) restore_view(app, ui, ui.lesson_saved, true);  // the person's own view again
  lv.saved_valid = false;
  set_info(app, T("The lesson is closed: back to your own view."));
}

// Words of one block, flowing: each word in its style, wrapped at the panel's edge; a run without spaces
// (Chinese) that does not fit wraps as text does.
void draw_spans(const std::vector<MdSpan>& spans, const ImVec4* colour) {
  bool first = true, gap = false;  // gap: a space in the text since the last word drawn
  const float space = ImGui::CalcTextSize(" ").x;
  for (const MdSpan& sp : spans) {
    const ImVec4 c = sp.code ? kCodeText : sp.strong ? kMarkText : colour ? *colour : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    size_t from = 0;
    while (from < sp.text.size()) {
      size_t end = sp.text.find(' ', from);
      if (end == std::string::npos) end = sp.text.size();
      const std::string word = sp.text.substr(from, end - from);
      const bool spaced = end < sp.text.size();
      from = end + 1;
      if (word.empty()) {
        gap = gap || spaced;
        continue;
      }
      const float w = ImGui::CalcTextSize(word.c_str()).x;
      const float right = ImGui::GetContentRegionMax().x + ImGui::GetWindowPos().x;
      if (!first) {
        ImGui::SameLine(0, gap ? space : 0.f);
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
      }
      first = false;
      gap = spaced;
      ImGui::PushStyleColor(ImGuiCol_Text, c);
      if (w > ImGui::GetContentRegionAvail().x)
        wrapped_text(word.c_str());
      else
        ImGui::TextUnformatted(word.c_str());
      ImGui::PopStyleColor();
    }
  }
}

std::string plain(const std::vector<MdSpan>& spans) {
  std::string o;
  for (const MdSpan& s : spans) o += s.text;
  return o;
}

// A step's words; returns them as plain text (for the probe and the live region).
std::string draw_markdown(const std::string& text) {
  std::string shown;
  for (const MdBlock& b : parse_markdown(text)) {
    if (b.kind == MdBlock::Kind::Heading) {
      ImGui::Spacing();
      draw_spans(b.spans, &kMarkText);
    } else if (b.kind == MdBlock::Kind::Item) {
      ImGui::TextUnformatted("•");
      ImGui::SameLine();
      ImGui::BeginGroup();
      draw_spans(b.spans, nullptr);
      ImGui::EndGroup();
    } else {
      draw_spans(b.spans, nullptr);
      ImGui::Spacing();
    }
    shown += (shown.empty() ? "" : "\n") + std::string(b.kind == MdBlock::Kind::Item ? "• " : "") + plain(b.spans);
  }
  return shown;
}

void draw_card(App& app, UiState& ui) {
  LessonView& lv = ui.lesson;
  Probe& p = ui.probe;
  if (!lv.playing || lv.lesson.steps.empty()) return;
  const int n = int(lv.lesson.steps.size()), i = std::clamp(lv.step, 0, n - 1);
  const LessonStep& st = lv.lesson.steps[size_t(i)];
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const bool phone = ui.layout == int(Layout::Tabs);
  const float w = phone ? disp.x - 8.f : std::min(420.f * ui.ui_scale, disp.x - 20.f);
  const float h = ui.lesson_card_h > 0 ? ui.lesson_card_h : 200.f * ui.ui_scale;
  ImGui::SetNextWindowPos(ImVec2(phone ? 4.f : disp.x - w - 10.f, std::max(4.f, disp.y - h - (phone ? 4.f : 40.f * ui.ui_scale))),
                          ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, 0));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(w, disp.y * (phone ? 0.45f : 0.7f)));
  char title[320];
  std::snprintf(title, sizeof title, T("Lesson %d / %d: %s###lessoncard"), i + 1, n,
                lv.lesson.title.empty() ? T("(untitled)") : lv.lesson.title.c_str());  // (the count first: a narrow card cuts the end)
  ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());  // a click in a module does not hide it
  p.lesson_card = window_rect();
  ImGui::PushTextWrapPos(0.f);
  if (!st.title.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kMarkText);
    wrappable_text(st.title.c_str());
    ImGui::PopStyleColor();
  }
  if (!lv.words_hidden)
    p.lesson_text = st.title + "\n" + draw_markdown(st.text);
  else
    p.lesson_text = st.title;
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::BeginDisabled(i == 0);
  if (ImGui::Button(T("◀ Back###lessonback"))) show_step(app, ui, i - 1);
  ImGui::EndDisabled();
  p.lesson_back = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(i + 1 < n ? T("Next ▶###lessonnext") : T("Finish###lessonnext"))) {
    if (i + 1 < n)
      show_step(app, ui, i + 1);
    else
      stop_playing(app, ui);
  }
  p.lesson_next = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(T("Leave###lessonleave"))) stop_playing(app, ui);
  p.lesson_leave = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("Back to your own view; the lesson can be played again from Lesson…"));
  if (!st.text.empty()) {  // a small screen: the words out of the way of the view, and back
    const char* toggle = lv.words_hidden ? T("Words ▴###lessonwords") : T("Words ▾###lessonwords");
    if (fits_on_line(toggle)) ImGui::SameLine();
    if (ImGui::Button(toggle)) lv.words_hidden = !lv.words_hidden;
    p.lesson_words = last_item_rect();
  }
  if (!ui.coarse) hint(T("PageDown / PageUp: next / back (a presenter's clicker too)."));
  if (std::abs(ImGui::GetWindowHeight() - h) > 0.5f) animate(ui, 100);  // placed for another height: once more
  ui.lesson_card_h = ImGui::GetWindowHeight();
  ImGui::End();
}

void load_step_words(LessonView& lv) {
  if (lv.edit_loaded == lv.edit) return;
  lv.edit_loaded = lv.edit;
  lv.step_title[0] = lv.text[0] = '\0';
  if (lv.edit < 0 || lv.edit >= int(lv.lesson.steps.size())) return;
  const LessonStep& st = lv.lesson.steps[size_t(lv.edit)];
  std::snprintf(lv.step_title, sizeof lv.step_title, "%s", st.title.c_str());
  std::snprintf(lv.text, sizeof lv.text, "%s", st.text.c_str());
}

std::string file_name_for(const std::string& title) {
  std::string o;
  for (unsigned char c : title.substr(0, 60)) o += std::isalnum(c) ? char(c) : (o.empty() || o.back() == '-') ? '\0' : '-';
  o.erase(std::remove(o.begin(), o.end(), '\0'), o.end());
  while (!o.empty() && o.back() == '-') o.pop_back();
  return (o.empty() ? "lesson" : o) + ".vitvis-lesson.json";
}

void draw_editor(App& app, UiState& ui) {
  LessonView& lv = ui.lesson;
  Probe& p = ui.probe;
  if (!lv.editor_open || !app.model) return;
  const ImVec2 disp = ImGui::GetIO().DisplaySize;
  const float w = std::min(520.f * ui.ui_scale, disp.x - 16.f);
  ImGui::SetNextWindowPos(ImVec2(std::max(8.f, disp.x - w - 12.f), 44.f * ui.ui_scale), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);  // (height: fitted to its steps every frame)
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(disp.x - 8.f, disp.y - 16.f));
  if (!ImGui::Begin(T("Lesson###lessoneditor"), &lv.editor_open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  // Above the modules while the teacher sets up views in them (without taking the keyboard from them).
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  p.lesson_editor = window_rect();
  hint(T("Record views as steps and write what students should see in each; then play it, save it as a file or copy it as a link."));
  ImGui::SetNextItemWidth(-1);
  if (lv.title[0] == '\0' && !lv.lesson.title.empty()) std::snprintf(lv.title, sizeof lv.title, "%s", lv.lesson.title.c_str());
  ImGui::InputTextWithHint("##lessontitle", T("The lesson's title"), lv.title, sizeof lv.title);
  p.lesson_title_input = last_item_rect();
  lv.lesson.title = lv.title;
  std::vector<LessonStep>& steps = lv.lesson.steps;
  ImGui::BeginDisabled(steps.empty());
  if (ImGui::Button(T("Play###lessonplay"))) {
    lv.editor_open = false;
    start_playing(app, ui, 0);
  }
  p.lesson_play = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(T("Save lesson file###lessonsave")))
    ui.effects.downloads.push_back({file_name_for(lv.lesson.title), "application/json", lesson_json(lv.lesson)});
  p.lesson_save = last_item_rect();
  ImGui::SameLine();
  if (ImGui::Button(T("Copy lesson link###lessonlink"))) {
    UrlState u;
    u.model = lv.lesson.model;
    u.lesson = lesson_link_value(lv.lesson);
    const std::string link = ui.page_address + url_query(u);
    if (link.size() - ui.page_address.size() > 1900) {
      lv.note = formatted(T("This lesson is too long for a link (%d characters). Save it as a file, put the file on the site that serves ViT-VIS, and link ?lesson= with its path."),
                       int(link.size()));
    } else {
      lv.note.clear();
      ui.effects.copy_text = link;
      ui.effects.copy_said = T("Lesson link copied: it opens the lesson at its first step.");
    }
  }
  p.lesson_copy = last_item_rect();
  ImGui::EndDisabled();
  p.lesson_note = lv.note;
  if (!lv.note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warn));
    wrapped_text(lv.note.c_str());
    ImGui::PopStyleColor();
  }

  ImGui::SeparatorText(T("Steps"));
  int move_from = -1, move_to = -1, remove = -1;
  for (int i = 0; i < int(steps.size()); ++i) {
    ImGui::PushID(i);
    char label[260];
    std::snprintf(label, sizeof label, "%d. %s", i + 1, steps[size_t(i)].title.empty() ? T("(untitled)") : steps[size_t(i)].title.c_str());
    const float buttons = ImGui::CalcTextSize("▲▼✕").x + 6 * ImGui::GetStyle().FramePadding.x + 3 * ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::Selectable(label, lv.edit == i, 0, ImVec2(ImGui::GetContentRegionAvail().x - buttons, 0))) {
      lv.edit = i;
      show_step(app, ui, i);  // see the step's view while editing its words
    }
    p.lesson_steps.push_back(last_item_rect());
    ImGui::SameLine();
    ImGui::BeginDisabled(i == 0);
    if (ImGui::SmallButton("▲")) move_from = i, move_to = i - 1;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(i + 1 == int(steps.size()));
    if (ImGui::SmallButton("▼")) move_from = i, move_to = i + 1;
    ImGui::EndDisabled();
    p.lesson_step_down.push_back(last_item_rect());
    ImGui::SameLine();
    if (ImGui::SmallButton("✕")) remove = i;
    ImGui::PopID();
  }
  if (move_from >= 0) {
    std::swap(steps[size_t(move_from)], steps[size_t(move_to)]);
    if (lv.edit == move_from) lv.edit = move_to;
    else if (lv.edit == move_to) lv.edit = move_from;
    lv.edit_loaded = -2;
  }
  if (remove >= 0) {
    steps.erase(steps.begin() + remove);
    lv.edit = std::min(lv.edit, int(steps.size()) - 1);
    lv.edit_loaded = -2;
  }
  if (steps.empty()) hint(T("No steps yet: set up a view in the modules, then Record this view."));
  ImGui::BeginDisabled(int(steps.size()) >= kMaxLessonSteps);
  if (ImGui::Button(T("Record this view###lessonrecord"))) {
    LessonStep st = record_step(app, ui);
    const int at = lv.edit >= 0 ? lv.edit + 1 : int(steps.size());
    steps.insert(steps.begin() + at, std::move(st));
    lv.edit = at;
    lv.edit_loaded = -2;
    if (lv.lesson.model.empty() && !app.model->entry.user_file) lv.lesson.model = app.model->entry.id;
  }
  ImGui::EndDisabled();
  p.lesson_record = last_item_rect();
  if (ImGui::IsItemHovered()) describe(T("Adds a step with what the modules show now: image, layer, head, patch, class, open windows."));

  if (lv.edit >= 0 && lv.edit < int(steps.size())) {
    load_step_words(lv);
    LessonStep& st = steps[size_t(lv.edit)];
    char head[96];
    std::snprintf(head, sizeof head, T("Step %d"), lv.edit + 1);
    ImGui::SeparatorText(head);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##steptitle", T("Its title"), lv.step_title, sizeof lv.step_title)) st.title = lv.step_title;
    p.lesson_step_title = last_item_rect();
    if (ImGui::InputTextMultiline("##steptext", lv.text, sizeof lv.text,
                                  ImVec2(-1, ImGui::GetTextLineHeight() * 4.5f)))
      st.text = lv.text;
    p.lesson_text_input = last_item_rect();
    hint(T("Your words, in any language. **bold**, `code`, a line starting with # is a heading, with - a list item."));
    if (!st.text.empty()) {  // as students will see it (the box above does not wrap)
      ImGui::TextDisabled("%s", T("Students see:"));
      ImGui::Indent();
      ImGui::PushTextWrapPos(0.f);
      draw_markdown(st.text);
      ImGui::PopTextWrapPos();
      ImGui::Unindent();
    }
    static const char* const kTabs[] = {"(a)", "(b)", "(c)", "(d)"};
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("On a phone, show"));
    for (int m = 0; m < 4; ++m) {
      ImGui::SameLine();
      if (ImGui::RadioButton(kTabs[m], (st.phone >= 0 ? st.phone : int(Module::Attention)) == m)) st.phone = m;
    }
    if (ImGui::Button(T("Use the current view for this step###lessonuse"))) {
      LessonStep now = record_step(app, ui);
      st.view = now.view;
      st.fields = now.fields;
    }
    p.lesson_use_view = last_item_rect();
  }

  hint(T("To open a lesson file, drop it onto the page (or Open… it)."));
  ImGui::End();
}

}  // namespace

void open_lesson_text(App& app, UiState& ui, const std::string& text, const std::string& from, bool play) {
  LessonView& lv = ui.lesson;
  std::string err;
  std::optional<Lesson> l = parse_lesson(text, &err);
  if (!l) {
    set_error(app, formatted(T("The lesson %s cannot be opened: %s"), from.c_str(), err.c_str()));
    return;
  }
  if (!l->model.empty() && (!app.model || app.model->entry.id != l->model)) {
    const int index = find_model(app.models, l->model);
    if (index < 0 && l->model.rfind("hf:", 0) != 0) {
      set_error(app, formatted(T("The lesson %s is for the model '%s', which this app does not have."), from.c_str(),
                            l->model.c_str()));
      return;
    }
    if (index >= 0)
      load_model(app, index);
    else if (!load_hub_model(app, l->model))
      return;  // (it said why)
    lv.waiting_model = l->model;
    lv.waiting = std::move(*l);
    lv.waiting_play = play;
    return;
  }
  if (!app.model) return;
  if (std::string misfit = lesson_misfit(*l, facts(app)); !misfit.empty()) {
    set_error(app, formatted(T("The lesson %s does not fit %s: %s"), from.c_str(), app.model->spec.name.c_str(), misfit.c_str()));
    return;
  }
  if (lv.playing) stop_playing(app, ui);
  lv.lesson = std::move(*l);
  lv.edit = -1;
  lv.edit_loaded = -2;
  std::snprintf(lv.title, sizeof lv.title, "%s", lv.lesson.title.c_str());
  lv.note.clear();
  set_info(app, formatted(T("Lesson '%s': %d steps."), lv.lesson.title.c_str(), int(lv.lesson.steps.size())));
  if (play)
    start_playing(app, ui, 0);
  else
    lv.editor_open = true;
}

bool lesson_go_to(App& app, UiState& ui, int step) {
  LessonView& lv = ui.lesson;
  if (lv.lesson.steps.empty()) return false;
  start_playing(app, ui, std::min(step, int(lv.lesson.steps.size()) - 1));
  return true;
}

bool lesson_keys(App& app, UiState& ui) {
  LessonView& lv = ui.lesson;
  if (!lv.playing || ImGui::GetIO().WantTextInput) return false;
  const int n = int(lv.lesson.steps.size());
  if (ImGui::IsKeyPressed(ImGuiKey_PageDown, false)) {
    if (lv.step + 1 < n) show_step(app, ui, lv.step + 1);
    return true;
  }
  if (ImGui::IsKeyPressed(ImGuiKey_PageUp, false)) {
    if (lv.step > 0) show_step(app, ui, lv.step - 1);
    return true;
  }
  return false;
}

// The CJK characters of the lesson's words (and what the editor holds), sorted, each once.
std::string lesson_glyphs(const LessonView& lv) {
  std::string all = lv.lesson.title + lv.title + lv.step_title + lv.text;
  for (const LessonStep& st : lv.lesson.steps) all += st.title + st.text;
  std::vector<std::string> chars;
  for (size_t i = 0; i < all.size();) {
    const unsigned char c = static_cast<unsigned char>(all[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > all.size()) break;
    const unsigned cp = n == 3 ? (c & 0x0Fu) << 12 | (static_cast<unsigned char>(all[i + 1]) & 0x3Fu) << 6 |
                                     (static_cast<unsigned char>(all[i + 2]) & 0x3Fu)
                               : n == 4 ? 0x10000u : 0u;
    if (cp >= 0x2E80) chars.push_back(all.substr(i, n));  // CJK (the base font has the rest)
    i += n;
  }
  std::sort(chars.begin(), chars.end());
  chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
  std::string out;
  for (const std::string& ch : chars) out += ch;
  return out;
}

void draw_lesson(App& app, UiState& ui) {
  LessonView& lv = ui.lesson;
  Probe& p = ui.probe;
  if (std::string glyphs = lesson_glyphs(lv); glyphs != ui.extra_glyphs) {
    ui.extra_glyphs = std::move(glyphs);
    animate(ui, 150);  // a frame to build the font atlas with them
  }
  p.lesson_card = p.lesson_next = p.lesson_back = p.lesson_leave = p.lesson_words = p.lesson_editor = p.lesson_record = {};
  p.lesson_play = p.lesson_save = p.lesson_copy = p.lesson_title_input = p.lesson_text_input = {};
  p.lesson_step_title = p.lesson_use_view = {};
  p.lesson_steps.clear();
  p.lesson_step_down.clear();
  p.lesson_text.clear();
  p.lesson_note.clear();
  const bool ready = app.model && app.shown && app.url_applied && app.pending_model < 0;
  if (ready && !app.incoming_lesson_error.empty()) {
    set_error(app, app.incoming_lesson_error);
    app.incoming_lesson_error.clear();
  }
  if (ready && !app.incoming_lesson.empty()) {
    const std::string text = std::move(app.incoming_lesson), from = std::move(app.incoming_lesson_from);
    app.incoming_lesson.clear();
    open_lesson_text(app, ui, text, from, true);
  }
  if (!lv.waiting_model.empty() && app.pending_model < 0) {
    if (ready && app.model->entry.id == lv.waiting_model) {
      lv.waiting_model.clear();
      open_lesson_text(app, ui, lesson_json(lv.waiting), lv.waiting.title, lv.waiting_play);
    } else if (!app.model || app.model->entry.id != lv.waiting_model) {
      lv.waiting_model.clear();  // its model did not load (the status line says why)
    }
  }
  draw_editor(app, ui);
  draw_card(app, ui);
}

}  // namespace vitvis
