// Figures for slides: one layout (in units of a 1x figure), painted as pixels at 1x/2x/4x or written as SVG.
#include "figure.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "export.h"

#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-function"
#pragma clang diagnostic ignored "-Wmissing-field-initializers"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#include <stb_truetype.h>
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace vitvis {
namespace {

struct Rgb {
  uint8_t r, g, b;
};
struct Palette {
  Rgb bg, text, secondary, bar, accent, grid;
};
constexpr Palette kLight{{255, 255, 255}, {20, 20, 20}, {85, 85, 85}, {52, 101, 164}, {196, 52, 20}, {255, 255, 255}};
constexpr Palette kDark{{27, 29, 34}, {236, 236, 236}, {175, 175, 175}, {70, 158, 217}, {255, 200, 60}, {255, 255, 255}};

// Sizes of the 1x figure (SVG user units, pixels at 1x).
constexpr float kMargin = 20, kTitlePx = 18, kCaptionPx = 13, kCaptionLine = 18, kLabelPx = 13;
constexpr float kPicture = 360, kBarWidth = 300, kRow = 24, kColourBar = 14, kGap = 8;

std::vector<uint32_t> utf8_codepoints(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = uint8_t(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + size_t(n) > s.size()) {
      ++i;
      continue;
    }
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (uint8_t(s[i + size_t(k)]) & 0x3F);
    out.push_back(cp);
    i += size_t(n);
  }
  return out;
}

// The fonts, tried in order for each character.
class Fonts {
 public:
  explicit Fonts(std::span<const std::span<const uint8_t>> files) {
    for (auto f : files) {
      // (our own bundled fonts; stb_truetype trusts the file, so only a file that starts like one is tried)
      stbtt_fontinfo info;
      if (f.size() < 12) continue;
      const int offset = stbtt_GetFontOffsetForIndex(f.data(), 0);
      if (offset < 0 || size_t(offset) + 12 > f.size() || !stbtt_InitFont(&info, f.data(), offset)) continue;
      infos_.push_back(info);
    }
  }
  bool empty() const { return infos_.empty(); }
  // (font, glyph) of a character; font -1: none has it.
  std::pair<int, int> glyph(uint32_t cp) const {
    for (size_t i = 0; i < infos_.size(); ++i)
      if (int g = stbtt_FindGlyphIndex(&infos_[i], int(cp)); g) return {int(i), g};
    return {-1, 0};
  }
  float scale(int font, float px) const { return stbtt_ScaleForMappingEmToPixels(&infos_[size_t(font)], px); }
  float advance(int font, int g, float px) const {
    int adv = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&infos_[size_t(font)], g, &adv, &lsb);
    return float(adv) * scale(font, px);
  }
  float width(const std::string& s, float px) const {
    float w = 0;
    for (uint32_t cp : utf8_codepoints(s))
      if (auto [f, g] = glyph(cp); f >= 0) w += advance(f, g, px);
    return w;
  }
  const stbtt_fontinfo& info(int font) const { return infos_[size_t(font)]; }

 private:
  std::vector<stbtt_fontinfo> infos_;
};

// Words wrapped to `width`; a word wider than a line (or CJK text, which has no spaces) breaks between characters.
std::vector<std::string> wrap(const Fonts& fonts, const std::string& text, float px, float width) {
  std::vector<std::string> lines;
  std::string line;
  auto fits = [&](const std::string& s) { return fonts.width(s, px) <= width; };
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    const std::string joined = line.empty() ? word : line + " " + word;
    if (fits(joined)) {
      line = joined;
    } else {
      if (!line.empty()) lines.push_back(line), line.clear();
      // the word alone, character by character where it must
      for (size_t k = 0; k < word.size();) {
        size_t n = 1;
        while (k + n < word.size() && (uint8_t(word[k + n]) & 0xC0) == 0x80) ++n;
        const std::string ch = word.substr(k, n);
        if (!line.empty() && !fits(line + ch)) lines.push_back(line), line.clear();
        line += ch;
        k += n;
      }
    }
    i = j + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

enum class Ink { Text, Secondary, Accent };
struct TextItem {
  float x, baseline, px;
  std::string text;
  Ink ink = Ink::Text;
  bool end = false;  // anchored at its end (right-aligned)
};
struct BarItem {
  float x, y, w, h;
  bool accent;
};
struct Layout {
  float width = 0, height = 0;
  std::vector<TextItem> texts;
  std::vector<BarItem> bars;
  float pic_x = 0, pic_y = 0, cell = 0;  // the heatmap's place and cell size
  float cbar_x = 0, cbar_y = 0, cbar_h = 0;
  bool has_cbar = false;
};

std::string tick(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", double(v));
  return b;
}

Layout lay_out(const Figure& f, const Fonts& fonts) {
  Layout L;
  float y = kMargin;
  float content_w = kPicture;
  if (!f.title.empty()) y += kTitlePx + 10;
  if (f.has_heatmap) {
    const FigureHeatmap& h = f.heatmap;
    L.cell = kPicture / float(std::max(h.rows, h.cols));
    L.pic_x = kMargin, L.pic_y = y;
    const float pw = L.cell * float(h.cols), ph = L.cell * float(h.rows);
    content_w = pw;
    if (!h.values.empty()) {
      L.has_cbar = true;
      L.cbar_x = L.pic_x + pw + 16, L.cbar_y = y, L.cbar_h = ph;
      const float tx = L.cbar_x + kColourBar + 6;
      const std::string hi = tick(h.scale.shown(h.scale.hi)), lo = tick(h.scale.shown(h.scale.lo));
      L.texts.push_back({tx, y + kLabelPx * 0.8f, kLabelPx, hi});
      L.texts.push_back({tx, y + ph, kLabelPx, lo});
      float tw = std::max(fonts.width(hi, kLabelPx), fonts.width(lo, kLabelPx));
      if (h.scale.log) L.texts.push_back({tx, y + ph * 0.5f + kLabelPx * 0.4f, kLabelPx, "(log)", Ink::Secondary});
      // the scale's name, broken into lines of at most 120 units beside the bar's middle
      auto name = wrap(fonts, h.scale_label, kLabelPx, 120);
      float ny = y + ph * 0.5f - float(name.size()) * (kLabelPx + 3) * 0.5f + kLabelPx + (h.scale.log ? 12 : 0);
      for (auto& line : name) {
        tw = std::max(tw, fonts.width(line, kLabelPx));
        L.texts.push_back({tx, ny, kLabelPx, line, Ink::Secondary});
        ny += kLabelPx + 3;
      }
      content_w = L.cbar_x + kColourBar + 6 + tw - kMargin;
    }
    y += ph;
  } else {
    const FigureBars& b = f.bars;
    float label_w = 0, value_w = 0;
    for (size_t i = 0; i < b.labels.size(); ++i) {
      std::string label = b.labels[i] + (int(i) == b.highlight && !b.highlight_note.empty() ? " " + b.highlight_note : "");
      label_w = std::max(label_w, fonts.width(label, kLabelPx));
      if (i < b.value_text.size()) value_w = std::max(value_w, fonts.width(b.value_text[i], kLabelPx));
    }
    const float bar_x = kMargin + label_w + kGap;
    for (size_t i = 0; i < b.labels.size(); ++i) {
      const bool accent = int(i) == b.highlight;
      const float base = y + kRow * float(i) + kRow * 0.5f + kLabelPx * 0.35f;
      std::string label = b.labels[i] + (accent && !b.highlight_note.empty() ? " " + b.highlight_note : "");
      L.texts.push_back({bar_x - kGap, base, kLabelPx, label, accent ? Ink::Accent : Ink::Text, true});
      const float v = i < b.values.size() ? std::clamp(b.values[i], 0.f, 1.f) : 0.f;
      const float w = std::max(1.f, v * kBarWidth);
      L.bars.push_back({bar_x, y + kRow * float(i) + 4, w, kRow - 8, accent});
      if (i < b.value_text.size()) L.texts.push_back({bar_x + w + kGap, base, kLabelPx, b.value_text[i]});
    }
    content_w = label_w + kGap + kBarWidth + kGap + value_w;
    y += kRow * float(b.labels.size());
  }
  content_w = std::max(content_w, 320.f);
  if (!f.title.empty()) L.texts.insert(L.texts.begin(), {kMargin, kMargin + kTitlePx * 0.8f, kTitlePx, f.title});
  y += 8;
  for (const std::string& c : f.caption)
    for (const std::string& line : wrap(fonts, c, kCaptionPx, content_w)) {
      y += kCaptionLine;
      L.texts.push_back({kMargin, y - 4, kCaptionPx, line, Ink::Secondary});
    }
  L.width = std::ceil(content_w + 2 * kMargin + 4);  // +4: rounding of glyph advances at 2x/4x
  L.height = std::ceil(y + kMargin);
  return L;
}

Rgb ink_colour(const Palette& p, Ink k) { return k == Ink::Text ? p.text : k == Ink::Secondary ? p.secondary : p.accent; }

// The heatmap's colour at a point (u, v) in [0,1]^2 of the picture.
std::array<float, 3> picture_at(const FigureHeatmap& h, float u, float v) {
  std::array<float, 3> c{0, 0, 0};
  if (h.image_size > 0 && (h.image_channels == 1 || h.image_channels == 3)) {
    const int s = h.image_size;
    const int ix = std::clamp(int(u * float(s)), 0, s - 1), iy = std::clamp(int(v * float(s)), 0, s - 1);
    for (int k = 0; k < 3; ++k) {
      const int ch = h.image_channels == 3 ? k : 0;
      c[size_t(k)] = std::clamp(h.image[(size_t(ch) * size_t(s) + size_t(iy)) * size_t(s) + size_t(ix)], 0.f, 1.f);
    }
  }
  if (!h.values.empty()) {
    const int col = std::clamp(int(u * float(h.cols)), 0, h.cols - 1), row = std::clamp(int(v * float(h.rows)), 0, h.rows - 1);
    const auto heat = colormap(h.map, h.scale.t(h.values[size_t(row) * size_t(h.cols) + size_t(col)]));
    const float a = h.image_size > 0 ? h.alpha : 1.f;
    for (size_t k = 0; k < 3; ++k) c[k] = c[k] * (1 - a) + heat[k] * a;
  }
  return c;
}

bool valid(const Figure& f) {
  if (!f.has_heatmap) return !f.bars.labels.empty();
  const FigureHeatmap& h = f.heatmap;
  if (h.rows <= 0 || h.cols <= 0 || h.rows > 4096 || h.cols > 4096) return false;
  if (!h.values.empty() && h.values.size() != size_t(h.rows) * size_t(h.cols)) return false;
  if (h.image_size > 0 && h.image.size() != size_t(h.image_channels) * size_t(h.image_size) * size_t(h.image_size))
    return false;
  return !h.values.empty() || h.image_size > 0;
}

class Canvas {
 public:
  Canvas(int w, int h, Rgb bg) : w_(w), h_(h), px_(size_t(w) * size_t(h) * 4) {
    for (size_t i = 0; i < px_.size(); i += 4) px_[i] = bg.r, px_[i + 1] = bg.g, px_[i + 2] = bg.b, px_[i + 3] = 255;
  }
  void blend(int x, int y, Rgb c, float a) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_ || a <= 0) return;
    uint8_t* p = &px_[(size_t(y) * size_t(w_) + size_t(x)) * 4];
    a = std::min(a, 1.f);
    p[0] = uint8_t(std::lround(p[0] * (1 - a) + c.r * a));
    p[1] = uint8_t(std::lround(p[1] * (1 - a) + c.g * a));
    p[2] = uint8_t(std::lround(p[2] * (1 - a) + c.b * a));
  }
  void fill(float x, float y, float w, float h, Rgb c, float a = 1) {
    for (int yy = int(std::lround(y)); yy < int(std::lround(y + h)); ++yy)
      for (int xx = int(std::lround(x)); xx < int(std::lround(x + w)); ++xx) blend(xx, yy, c, a);
  }
  void text(const Fonts& fonts, const TextItem& t, float s, Rgb c) {
    const float px = t.px * s;
    float x = t.x * s;
    if (t.end) x -= fonts.width(t.text, px);
    const int base = int(std::lround(t.baseline * s));
    for (uint32_t cp : utf8_codepoints(t.text)) {
      auto [f, g] = fonts.glyph(cp);
      if (f < 0) continue;
      const float sc = fonts.scale(f, px);
      int w = 0, h = 0, xo = 0, yo = 0;
      const float sub = x - std::floor(x);
      unsigned char* bm = stbtt_GetGlyphBitmapSubpixel(&fonts.info(f), sc, sc, sub, 0, g, &w, &h, &xo, &yo);
      for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx)
          blend(int(std::floor(x)) + xo + xx, base + yo + yy, c, float(bm[yy * w + xx]) / 255.f);
      stbtt_FreeBitmap(bm, nullptr);
      x += fonts.advance(f, g, px);
    }
  }
  FigureRaster take() { return {w_, h_, std::move(px_)}; }

 private:
  int w_, h_;
  std::vector<uint8_t> px_;
};

Rgb to_rgb(const std::array<float, 3>& c) {
  return {uint8_t(std::lround(c[0] * 255)), uint8_t(std::lround(c[1] * 255)), uint8_t(std::lround(c[2] * 255))};
}

// The outlined cell (or row) in layout units; w 0: none.
struct Mark {
  float x = 0, y = 0, w = 0, h = 0;
};
Mark mark_of(const FigureHeatmap& h, const Layout& L) {
  if (h.mark_row < 0 || h.mark_row >= h.rows || h.mark_col >= h.cols) return {};
  const float y = L.pic_y + L.cell * float(h.mark_row);
  if (h.mark_col < 0) return {L.pic_x, y, L.cell * float(h.cols), L.cell};
  return {L.pic_x + L.cell * float(h.mark_col), y, L.cell, L.cell};
}

// The heatmap (cells, grid lines, the marked cell) painted into `c` at scale s.
void paint_picture(Canvas& c, const FigureHeatmap& h, const Layout& L, float s, const Palette& p) {
  const float pw = L.cell * float(h.cols) * s, ph = L.cell * float(h.rows) * s;
  const int x0 = int(std::lround(L.pic_x * s)), y0 = int(std::lround(L.pic_y * s));
  const int W = int(std::lround(pw)), H = int(std::lround(ph));
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x)
      c.blend(x0 + x, y0 + y, to_rgb(picture_at(h, (float(x) + 0.5f) / float(W), (float(y) + 0.5f) / float(H))), 1);
  if (h.grid_lines) {
    const float cs = L.cell * s;
    for (int k = 1; k < h.cols; ++k) c.fill(float(x0) + cs * float(k) - s * 0.5f, float(y0), s, float(H), p.grid, 0.45f);
    for (int k = 1; k < h.rows; ++k) c.fill(float(x0), float(y0) + cs * float(k) - s * 0.5f, float(W), s, p.grid, 0.45f);
  }
  if (const Mark m = mark_of(h, L); m.w > 0) {
    const float t = 2 * s, x = float(x0) + (m.x - L.pic_x) * s, y = float(y0) + (m.y - L.pic_y) * s, w = m.w * s, hh = m.h * s;
    c.fill(x, y, w, t, p.accent), c.fill(x, y + hh - t, w, t, p.accent);
    c.fill(x, y, t, hh, p.accent), c.fill(x + w - t, y, t, hh, p.accent);
  }
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    switch (ch) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += ch;
    }
  }
  return o;
}

std::string base64(const std::vector<uint8_t>& b) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  for (size_t i = 0; i < b.size(); i += 3) {
    const uint32_t n = uint32_t(b[i]) << 16 | (i + 1 < b.size() ? uint32_t(b[i + 1]) << 8 : 0) |
                       (i + 2 < b.size() ? uint32_t(b[i + 2]) : 0);
    o += k[n >> 18 & 63], o += k[n >> 12 & 63];
    o += i + 1 < b.size() ? k[n >> 6 & 63] : '=';
    o += i + 2 < b.size() ? k[n & 63] : '=';
  }
  return o;
}

std::string hex(Rgb c) {
  char b[8];
  std::snprintf(b, sizeof b, "#%02x%02x%02x", c.r, c.g, c.b);
  return b;
}

std::string f1(float v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", double(v));
  return b;
}

}  // namespace

FigureRaster render_figure(const Figure& f, int scale, bool light, std::span<const std::span<const uint8_t>> font_files) {
  const Fonts fonts(font_files);
  if (fonts.empty() || !valid(f)) return {};
  const float s = float(std::clamp(scale, 1, 4));
  const Palette& p = light ? kLight : kDark;
  const Layout L = lay_out(f, fonts);
  Canvas c(int(L.width * s), int(L.height * s), p.bg);
  if (f.has_heatmap) {
    paint_picture(c, f.heatmap, L, s, p);
    if (L.has_cbar) {
      const int x0 = int(std::lround(L.cbar_x * s)), y0 = int(std::lround(L.cbar_y * s));
      const int w = int(std::lround(kColourBar * s)), h = int(std::lround(L.cbar_h * s));
      for (int y = 0; y < h; ++y) {
        const Rgb col = to_rgb(colormap(f.heatmap.map, 1.f - (float(y) + 0.5f) / float(h)));
        for (int x = 0; x < w; ++x) c.blend(x0 + x, y0 + y, col, 1);
      }
    }
  }
  for (const BarItem& b : L.bars) c.fill(b.x * s, b.y * s, b.w * s, b.h * s, b.accent ? p.accent : p.bar);
  for (const TextItem& t : L.texts) c.text(fonts, t, s, ink_colour(p, t.ink));
  return c.take();
}

std::string figure_svg(const Figure& f, bool light, std::span<const std::span<const uint8_t>> font_files) {
  const Fonts fonts(font_files);
  if (fonts.empty() || !valid(f)) return {};
  const Palette& p = light ? kLight : kDark;
  const Layout L = lay_out(f, fonts);
  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + f1(L.width) + "\" height=\"" + f1(L.height) +
                  "\" viewBox=\"0 0 " + f1(L.width) + " " + f1(L.height) +
                  "\" font-family=\"DejaVu Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif\">\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"" + hex(p.bg) + "\"/>\n";
  if (f.has_heatmap) {
    // The cells (and the image under them) as a picture of one pixel per cell or image pixel, drawn
    // without smoothing; the grid, the marked cell and the colour bar as vectors.
    const FigureHeatmap& h = f.heatmap;
    const int res = std::max({h.rows, h.cols, h.image_size});
    const int side_w = res * h.cols / std::max(h.rows, h.cols), side_h = res * h.rows / std::max(h.rows, h.cols);
    std::vector<uint8_t> px(size_t(side_w) * size_t(side_h) * 4, 255);
    for (int y = 0; y < side_h; ++y)
      for (int x = 0; x < side_w; ++x) {
        const Rgb c = to_rgb(picture_at(h, (float(x) + 0.5f) / float(side_w), (float(y) + 0.5f) / float(side_h)));
        uint8_t* q = &px[(size_t(y) * size_t(side_w) + size_t(x)) * 4];
        q[0] = c.r, q[1] = c.g, q[2] = c.b;
      }
    const float pw = L.cell * float(h.cols), ph = L.cell * float(h.rows);
    o += "<image x=\"" + f1(L.pic_x) + "\" y=\"" + f1(L.pic_y) + "\" width=\"" + f1(pw) + "\" height=\"" + f1(ph) +
         "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64," +
         base64(encode_png(side_w, side_h, px)) + "\"/>\n";
    if (h.grid_lines) {
      o += "<g stroke=\"" + hex(p.grid) + "\" stroke-opacity=\"0.45\" stroke-width=\"1\">";
      for (int k = 1; k < h.cols; ++k) {
        const std::string x = f1(L.pic_x + L.cell * float(k));
        o += "<line x1=\"" + x + "\" y1=\"" + f1(L.pic_y) + "\" x2=\"" + x + "\" y2=\"" + f1(L.pic_y + ph) + "\"/>";
      }
      for (int k = 1; k < h.rows; ++k) {
        const std::string y = f1(L.pic_y + L.cell * float(k));
        o += "<line x1=\"" + f1(L.pic_x) + "\" y1=\"" + y + "\" x2=\"" + f1(L.pic_x + pw) + "\" y2=\"" + y + "\"/>";
      }
      o += "</g>\n";
    }
    if (const Mark m = mark_of(h, L); m.w > 0)
      o += "<rect x=\"" + f1(m.x + 1) + "\" y=\"" + f1(m.y + 1) + "\" width=\"" + f1(m.w - 2) + "\" height=\"" + f1(m.h - 2) +
           "\" fill=\"none\" stroke=\"" + hex(p.accent) + "\" stroke-width=\"2\"/>\n";
    if (L.has_cbar) {
      o += "<defs><linearGradient id=\"cbar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">";
      for (int k = 0; k <= 10; ++k) {
        char b[96];
        std::snprintf(b, sizeof b, "<stop offset=\"%.1f\" stop-color=\"%s\"/>", k / 10.0,
                      hex(to_rgb(colormap(h.map, float(k) / 10.f))).c_str());
        o += b;
      }
      o += "</linearGradient></defs>\n<rect x=\"" + f1(L.cbar_x) + "\" y=\"" + f1(L.cbar_y) + "\" width=\"" + f1(kColourBar) +
           "\" height=\"" + f1(L.cbar_h) + "\" fill=\"url(#cbar)\"/>\n";
    }
  }
  for (const BarItem& b : L.bars)
    o += "<rect x=\"" + f1(b.x) + "\" y=\"" + f1(b.y) + "\" width=\"" + f1(b.w) + "\" height=\"" + f1(b.h) + "\" fill=\"" +
         hex(b.accent ? p.accent : p.bar) + "\"/>\n";
  for (const TextItem& t : L.texts)
    o += "<text x=\"" + f1(t.x) + "\" y=\"" + f1(t.baseline) + "\" font-size=\"" + f1(t.px) + "\" fill=\"" +
         hex(ink_colour(p, t.ink)) + "\"" + (t.end ? " text-anchor=\"end\"" : "") + ">" + xml_escape(t.text) + "</text>\n";
  return o + "</svg>\n";
}

}  // namespace vitvis
