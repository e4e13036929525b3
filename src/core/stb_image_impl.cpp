// stb_image's implementation in a translation unit of its own. Debian's stb 2.27 (fixed upstream in
// 2.28) has three bugs on corrupt JPEGs, all found by tests/fuzz/image_fuzz:
//  - a write past a Huffman table when a DHT segment declares > 256 codes: such files are refused
//    before stb sees them (jpeg_huffman_tables_ok in image.cpp);
//  - a read of values[c] with c up to about +-64 K out of range in stbi__jpeg_huff_decode. Every
//    allocation stb makes is therefore wrapped in zeroed guard bands larger than that reach, so the
//    read stays inside our own allocation (it yields zeros, never other heap data). CMake also turns
//    off UBSan's array-bounds check for this file only; ASan still checks every access.
//  - in stbi__grow_buffer_unsafe, code_bits can go negative, and `b << (24 - code_bits)` then shifts
//    a 32-bit value by 32 or more: undefined in C, in wasm (and x86) the count is taken mod 32. It
//    only garbles the bits of a corrupt image's coefficients; every table index made from them is
//    masked or runs into the guard bands above. CMake turns off UBSan's shift check for this file
//    only (regression input jpeg_code_bits_shift_too_large.bin, replayed under ASan).
#include <cstdlib>
#include <cstring>

namespace {
constexpr size_t kGuard = 96 * 1024;  // > 65536 + 256 + sizeof(stbi__huffman) either side

// [guard with the size in its first bytes][user block][guard]
void* guarded_malloc(size_t n) {
  auto* base = static_cast<unsigned char*>(std::calloc(1, n + 2 * kGuard));
  if (!base) return nullptr;
  std::memcpy(base, &n, sizeof n);
  return base + kGuard;
}
void guarded_free(void* p) {
  if (p) std::free(static_cast<unsigned char*>(p) - kGuard);
}
void* guarded_realloc(void* p, size_t n) {
  if (!p) return guarded_malloc(n);
  size_t old;
  std::memcpy(&old, static_cast<unsigned char*>(p) - kGuard, sizeof old);
  void* q = guarded_malloc(n);
  if (!q) return nullptr;
  std::memcpy(q, p, old < n ? old : n);
  guarded_free(p);
  return q;
}
}  // namespace

#define STBI_MALLOC(n) guarded_malloc(n)
#define STBI_REALLOC(p, n) guarded_realloc(p, n)
#define STBI_FREE(p) guarded_free(p)
#define STB_IMAGE_IMPLEMENTATION
// Only the formats the app names in its messages ("Use PNG, JPEG, GIF or BMP"): fewer decoders means
// less to fuzz and a smaller download.
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_ONLY_BMP
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STBI_FAILURE_USERMSG
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#include <stb_image.h>

// Images come back from stbi_load_*: the caller frees them with stbi_image_free, which uses STBI_FREE.
