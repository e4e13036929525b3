// What the views ask the shell to do after the frame; the shell carries it out (shell/effects.cpp).
#pragma once
#include <string>
#include <vector>

#include "figure.h"
#include "ui/probe.h"

namespace vitvis {

struct Effects {
  struct Download {
    std::string name, mime, bytes;
  };
  Rect file_button;         // "Open…" under the pointer: a click there opens the file picker
  std::string file_accept;  // its accept= list
  bool copy_link = false;   // copy the page URL to the clipboard
  std::string copy_text;    // copy this text to the clipboard (the share dialog's link or iframe code)
  std::string copy_said;    // and then say this in the status line
  struct {
    std::string url, title;  // an embed link to preview over the page ("": none)
    int width = 0, height = 0;
  } preview;
  std::vector<Download> downloads;
  struct {
    Rect rect;  // a module's picture, read back from a later frame drawn without menus and tooltips
    std::string name;
    int module = -1;         // (its window: only it is in the frame read back)
    int frames_to_wait = 1;  // the frame of the click still has the menu that asked
    bool ready = false;      // this frame shows the module alone: read it back
  } png;
  struct {
    Figure figure;  // a figure to draw (core/figure) and download: the shell has the fonts
    int scale = 1;
    bool light = true, svg = false;
    std::string name;  // "": none
  } figure;
};

}  // namespace vitvis
