// The one shared selection every module reads and only views change (image, layer, head, patch, class).
#pragma once

namespace vitvis {

struct Selection {
  int image = -1;  // index into the current model's samples
  int layer = 0;   // encoder layer 0..L-1
  int head = 0;    // attention head; -1 = mean of heads
  int token = -1;  // hovered or pinned token (prefix tokens first), -1 = none
  bool pinned = false;
  int cls = -1;         // highlighted class (hovered, else pinned), -1 = none
  int pinned_cls = -1;  // a clicked (or linked) class stays highlighted
  int channel = -1;     // hidden-state channel compared across layers, -1 = none
  int hidden = 1;       // hidden state shown in module (c): 0 = embedding output, l = after block l
};

}  // namespace vitvis
