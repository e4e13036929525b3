// Owned GL textures for images (RGBA8) uploaded when their data changes, never per frame.
#pragma once
#include <cstdint>
#include <vector>

namespace vitvis {

class Texture {
 public:
  Texture() = default;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;
  Texture(Texture&& o) noexcept { *this = std::move(o); }
  Texture& operator=(Texture&& o) noexcept;
  ~Texture();

  void upload_rgba(int w, int h, const uint8_t* rgba, bool smooth = false);
  // [C, S, S] floats in [0,1] (C = 1 or 3) shown as an RGB image.
  void upload_planes(int channels, int size, const std::vector<float>& planes);
  unsigned id() const { return id_; }
  int width() const { return w_; }
  int height() const { return h_; }
  bool valid() const { return id_ != 0; }
  void* imgui_id() const { return reinterpret_cast<void*>(static_cast<uintptr_t>(id_)); }

 private:
  unsigned id_ = 0;
  int w_ = 0, h_ = 0;
};

}  // namespace vitvis
