// What the student can save: the numbers behind a view as CSV or JSON, and module pictures as PNG.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "inference_result.h"

namespace vitvis {

// What a file was saved from, in order ("model", "image", "true class", "layer", "head", …): the first
// lines of a CSV ("# model: Fashion-MNIST ViT") and an "about" object in JSON, so a file read later still
// says which model, image and view its numbers are.
using ExportAbout = std::vector<std::pair<std::string, std::string>>;

// The [N, N] attention matrix shown in (b), with token names as row/column headers.
std::string attention_csv(const ModelSpec& spec, std::span<const float> matrix, const ExportAbout& about = {});
std::string attention_json(const ModelSpec& spec, int layer, int head, std::span<const float> matrix,
                           const ExportAbout& about = {});
// One channel of a hidden state as the [grid, grid] map shown in (c) (class token left out).
std::string channel_map_csv(const ModelSpec& spec, std::span<const float> map, const ExportAbout& about = {});
std::string channel_map_json(const ModelSpec& spec, int hidden, int channel, std::span<const float> map,
                             const ExportAbout& about = {});
// Every class with logit and probability, most probable first (the top-10 of (d) are its first rows).
std::string probabilities_csv(const InferenceResult& r, const ExportAbout& about = {});
std::string probabilities_json(const InferenceResult& r, const ExportAbout& about = {});

// RGBA8 pixels [h, w, 4] (row 0 at the top) -> PNG file bytes.
std::vector<uint8_t> encode_png(int width, int height, std::span<const uint8_t> rgba);
// The same pixels as a baseline JPEG (quality 1..100; alpha dropped): photo-like test files.
std::vector<uint8_t> encode_jpeg(int width, int height, std::span<const uint8_t> rgba, int quality = 90);

}  // namespace vitvis
