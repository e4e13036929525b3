// Attention analyses used by module (b): head means, one query row as a patch-grid map.
#pragma once
#include <vector>

#include "inference_result.h"

namespace vitvis {

// [N, N] attention of (layer, head); head == -1 gives the mean over heads.
std::vector<float> attention_matrix(const InferenceResult& r, int layer, int head);

// The keys of one query row that are patches, laid out as the [grid, grid] patch map
// (prefix-token keys dropped). `matrix` is [N, N].
std::vector<float> row_as_patch_grid(const ModelSpec& spec, const std::vector<float>& matrix, int query);

// How much of the query's attention goes to prefix tokens (CLS, ...): sum of those keys.
float prefix_attention(const ModelSpec& spec, const std::vector<float>& matrix, int query);

}  // namespace vitvis
