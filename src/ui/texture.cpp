// GL texture upload for RGBA8 images.
#include "ui/texture.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <utility>

namespace vitvis {

Texture& Texture::operator=(Texture&& o) noexcept {
  std::swap(id_, o.id_);
  std::swap(w_, o.w_);
  std::swap(h_, o.h_);
  return *this;
}

Texture::~Texture() {
  if (id_) glDeleteTextures(1, &id_);
}

void Texture::upload_rgba(int w, int h, const uint8_t* rgba, bool smooth) {
  if (!id_) glGenTextures(1, &id_);
  glBindTexture(GL_TEXTURE_2D, id_);
  const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  w_ = w;
  h_ = h;
}

void Texture::upload_planes(int channels, int size, const std::vector<float>& planes) {
  std::vector<uint8_t> rgba(size_t(size) * size * 4);
  const size_t plane = size_t(size) * size;
  for (size_t i = 0; i < plane; ++i) {
    for (int c = 0; c < 3; ++c) {
      float v = planes[(channels == 1 ? 0 : size_t(std::min(c, channels - 1))) * plane + i];
      rgba[i * 4 + size_t(c)] = uint8_t(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f);
    }
    rgba[i * 4 + 3] = 255;
  }
  upload_rgba(size, size, rgba.data());
}

}  // namespace vitvis
