// What the views ask the shell to do after the frame; the shell carries it out (shell/effects.cpp).
#pragma once
#include <string>
#include <vector>

#include "ui/probe.h"

namespace vitvis {

struct Effects {
  struct Download {
    std::string name, mime, bytes;
  };
  Rect file_button;         // "Open…" under the pointer: a click there opens the file picker
  std::string file_accept;  // its accept= list
  bool copy_link = false;   // copy the page URL to the clipboard
  std::vector<Download> downloads;
  struct {
    Rect rect;  // a module's picture, read back from the frame after it is drawn
    std::string name;
  } png;
};

}  // namespace vitvis
