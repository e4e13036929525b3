// Lessons (#34): a teacher records views as steps with their own words ("Lesson…" in the top bar), saves
// them as a file or a link; students play them like the tour, and leaving puts their own view back.
// The file and its checks are core/lesson.h; this is the editor, the player's card and opening one.
#pragma once
#include <string>
#include <vector>

#include "lesson.h"

namespace vitvis {

struct App;
struct UiState;

struct LessonView {
  Lesson lesson;              // the lesson being made or played
  bool playing = false;       // its card is up, its step's view shown
  int step = 0;               // the step played
  bool editor_open = false;
  int edit = -1;              // the step selected in the editor (-1: none)
  int edit_loaded = -2;       // the step whose words are in the buffers below
  char title[kMaxLessonTitle + 1] = {};
  char step_title[kMaxLessonTitle + 1] = {};
  char text[kMaxLessonText + 1] = {};
  bool saved_valid = false;   // `saved` holds the person's view from before playing
  std::string waiting_model;  // a lesson that waits for its model to load (its id)
  Lesson waiting;             // … and the lesson itself
  bool waiting_play = false;
  bool words_hidden = false;  // the card shows only the step's title and buttons
  std::string note;           // the editor's last word (a link too long, a lesson not opened…)
};

// Opens lesson text (a file, a link): checked (core/lesson.h) and against the model; on any problem a
// clear message in the status line and nothing changes. play: start it at step 1 (else into the editor).
void open_lesson_text(App& app, UiState& ui, const std::string& text, const std::string& from, bool play);
// The embed API's {lesson: n}: that step of the open lesson (false: none is open).
bool lesson_go_to(App& app, UiState& ui, int step);
// Each frame: a lesson that arrived (App::incoming_lesson) or waits for its model; the editor; the card.
void draw_lesson(App& app, UiState& ui);
// Next / previous step by key (PageDown / PageUp: a presenter's clicker) while one plays; true when taken.
bool lesson_keys(App& app, UiState& ui);

}  // namespace vitvis
