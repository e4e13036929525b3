// Module (a): the image, its patch grid, the sample picker, the drawing pad and the camera.
#pragma once
#include <unordered_map>

#include "ui/memo.h"
#include "ui/probe.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct Sample;
struct UiState;

// The images the model sees, as GPU textures: the shown snapshot's input, the sample thumbnails (by
// Sample::uid) and the drawing pad.
struct ImageTextures {
  Memo<int> input_key;  // (generation)
  Texture input;
  std::unordered_map<int, Texture> thumbs;
  Memo<int> pad_key;  // (DrawingPad::version)
  Texture pad;
  Memo<int> camera_key;  // (Camera::version)
  Texture camera;
  Memo<int> original_key;  // (generation) of the unedited run, under the occlusion map
  Texture original;
  std::unordered_map<int, Texture> own_thumbs;  // examples of your own classes, by OwnExample::uid
};

void draw_image_panel(App& app, UiState& ui, Rect area);
// The texture of the shown snapshot's input, and a sample's thumbnail (uploaded once).
const Texture& input_texture(const App& app, UiState& ui);
const Texture& thumbnail(UiState& ui, const Sample& s);

}  // namespace vitvis
