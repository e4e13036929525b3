// What the student can save: the numbers behind a view as CSV or JSON, and module pictures as PNG.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "inference_result.h"

namespace vitvis {

// The [N, N] attention matrix shown in (b), with token names as row/column headers.
std::string attention_csv(const ModelSpec& spec, std::span<const float> matrix);
std::string attention_json(const ModelSpec& spec, int layer, int head, std::span<const float> matrix);
// One channel of a hidden state as the [grid, grid] map shown in (c) (class token left out).
std::string channel_map_csv(const ModelSpec& spec, std::span<const float> map);
std::string channel_map_json(const ModelSpec& spec, int hidden, int channel, std::span<const float> map);
// Every class with logit and probability, most probable first (the top-10 of (d) are its first rows).
std::string probabilities_csv(const InferenceResult& r);
std::string probabilities_json(const InferenceResult& r);

// RGBA8 pixels [h, w, 4] (row 0 at the top) -> PNG file bytes.
std::vector<uint8_t> encode_png(int width, int height, std::span<const uint8_t> rgba);
// The same pixels as a baseline JPEG (quality 1..100; alpha dropped): photo-like test files.
std::vector<uint8_t> encode_jpeg(int width, int height, std::span<const uint8_t> rgba, int quality = 90);

}  // namespace vitvis
