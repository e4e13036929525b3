// stb_image's implementation in a translation unit of its own, so sanitizer builds can treat it
// apart: Debian's stb 2.27 reads out of a Huffman table's range on some corrupt JPEGs (fixed
// upstream in 2.28; a read inside the decoder's own heap object). CMake turns off only UBSan's
// bounds check here; ASan still catches any access outside the object. The overflowing *write*
// stb 2.27 also has is refused before decoding (jpeg_huffman_tables_ok in image.cpp).
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STBI_FAILURE_USERMSG
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#include <stb_image.h>
