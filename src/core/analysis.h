// Data transforms behind modules (a), (c) and (d): patch vectors, channel maps, head contributions.
#pragma once
#include <span>
#include <vector>

#include "image.h"
#include "inference_result.h"

namespace vitvis {

// ---- (a) patch embedding ----
// The patch's pixels flattened in the conv weight's order (channel, row, col): C*p*p values.
std::vector<float> patch_vector(const ModelSpec& spec, const std::vector<float>& image_chw, int patch);

// ---- (c) layer outputs as channel maps ----
struct ChannelStats {
  std::vector<float> mean, variance, max_abs;  // per channel over the patch tokens
};
// Patch tokens (prefix tokens dropped) of hidden(layer): per channel statistics.
ChannelStats channel_stats(const InferenceResult& r, int layer);

// The largest |value| of the patch tokens over every hidden state 0..L; with `base`, of their change
// (r - base, same model): one colour range for the channel maps of all layers.
float patch_max_abs_all_layers(const InferenceResult& r, const InferenceResult* base = nullptr);

enum class ChannelOrder { Index, Variance, MaxAbs };
std::vector<int> channel_order(const ChannelStats& s, ChannelOrder order);

// One channel of hidden(layer) as a [grid, grid] map over the patches.
std::vector<float> channel_map(const InferenceResult& r, int layer, int channel);

// All channels of hidden(layer) packed into an atlas [rows*g, cols*g], channel order[i] at
// tile (i / cols, i % cols); unused tiles are 0.
struct ChannelAtlas {
  int cols = 0, rows = 0, grid = 0;
  std::vector<float> values;
};
ChannelAtlas channel_atlas(const InferenceResult& r, int layer, const std::vector<int>& order, int cols);

// ---- (d) classification ----
// Contribution of every dimension of the final class token to class k's logit:
// cls_final[d] * head_weight[k, d]. Their sum plus head_bias[k] is the logit.
std::vector<float> class_contributions(const InferenceResult& r, int k);

// v / max|v| so the values lie in [-1, 1] (all zeros stay zeros).
std::vector<float> scaled_to_unit(std::span<const float> v);

// Indices of the n entries with the largest |v|, largest first.
std::vector<int> top_abs_indices(std::span<const float> v, int n);

}  // namespace vitvis
