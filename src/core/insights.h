// Analyses of issue #5 (docs/analyses.md): pattern classes, rollout, attention distance,
// position-embedding similarity, PCA of filters and tokens, logit lens, token norms.
#pragma once
#include <span>
#include <vector>

#include "inference_result.h"

namespace vitvis {

// [SECTION] 1. Attention pattern class per head (Kovaleva et al. 2019)

enum class AttentionPattern { Vertical, Diagonal, VerticalDiagonal, Block, Heterogeneous };

// Stable English key: "vertical", "diagonal", "vertical+diagonal", "block", "heterogeneous".
const char* pattern_name(AttentionPattern p);

struct PatternThresholds {
  int vertical_columns = 2;  // the "few key columns" of a vertical head (BERT: [CLS] and [SEP])
  float mixed = 0.3f;        // vertical AND diagonal score >= this -> vertical+diagonal
  float vertical = 0.5f;     // vertical score >= this -> vertical
  float diagonal = 0.5f;     // diagonal score >= this -> diagonal
  float block = 0.5f;        // block score >= this -> block
};

struct PatternScores {
  AttentionPattern pattern = AttentionPattern::Heterogeneous;
  float vertical = 0;  // mass of the `vertical_columns` keys that get most attention, mean over queries
  float diagonal = 0;  // mass on the query itself + (patch queries) its 3x3 patch neighbourhood, mean over queries
  float block = 0;     // normalised modularity of the best contiguous segmentation of patch->patch attention
};

// One head's [N, N] attention (rows = queries) -> class and the scores behind it. The rules are
// tried in order: mixed, vertical, diagonal, block, else heterogeneous (docs/analyses.md).
PatternScores classify_attention_pattern(const ModelSpec& spec, std::span<const float> attn,
                                         const PatternThresholds& t = {});
// Every head of one layer, classified as above (index = head): from the layer's [H, N, N] attention, or
// from a result. Empty if `attn` is not H·N·N values.
std::vector<PatternScores> classify_layer_heads(const ModelSpec& spec, std::span<const float> attn);
std::vector<PatternScores> classify_layer_heads(const InferenceResult& r, int layer);

// [SECTION] 2. Attention rollout (Abnar & Zuidema 2020)

enum class HeadFusion { Mean, Max, Min };

struct RolloutOptions {
  HeadFusion fusion = HeadFusion::Mean;
  // Fraction of the fused matrix's off-diagonal entries set to 0, smallest first (ties: lower
  // row-major index first); the count is round(ratio · N(N-1)), halves up. The diagonal is never
  // dropped (the identity is added anyway, and every row keeps a weight to renormalise by).
  float discard_ratio = 0;
};

// Per layer l' = 0..layer: A = fuse, discard, 0.5 A + 0.5 I, rows renormalised; the rollout is
// A_layer · … · A_0 -> [N, N] (row = token after block `layer`, column = input token).
std::vector<float> attention_rollout(const InferenceResult& r, int layer, const RolloutOptions& o = {});

// The class token's rollout row over the patch keys as a [grid, grid] map (not renormalised).
std::vector<float> rollout_cls_map(const ModelSpec& spec, std::span<const float> rollout);

// [SECTION] 3. Mean attention distance (Dosovitskiy et al. 2021, Fig. 7 right), in pixels

// One patch query's row of an [N, N] attention: prefix keys dropped, the row renormalised over
// the patch keys, then sum_k a_k · |centre(query) - centre(k)| · patch_size. 0 for a prefix
// query or a row with no mass on patches.
float query_attention_distance(const ModelSpec& spec, std::span<const float> attn, int query);

// Mean of query_attention_distance over all patch queries of one [N, N] attention.
float head_attention_distance(const ModelSpec& spec, std::span<const float> attn);

// head_attention_distance for every head of `layer` -> [H].
std::vector<float> mean_attention_distance(const InferenceResult& r, int layer);

// [SECTION] 4. Position-embedding cosine similarity (Dosovitskiy et al. 2021, Fig. 7 centre)

// Cosine similarity of every patch's position embedding with every other -> [P, P]
// (prefix tokens excluded; a zero vector has similarity 0 with everything).
std::vector<float> pos_embed_similarity(const InferenceResult& r);
// The same from the patches' position embeddings alone ([P, D] row-major, e.g. a trainer's pos_embed
// without its prefix rows) -> [P, P]. Empty if the size is not a multiple of dim.
std::vector<float> pos_embed_similarity(std::span<const float> patch_pos, int dim);

// Row `patch` of pos_embed_similarity as a [grid, grid] map.
std::vector<float> pos_embed_similarity_map(const InferenceResult& r, int patch);

// [SECTION] 5. PCA of the patch-projection filters (Dosovitskiy et al. 2021, Fig. 7 left)

struct FilterPca {
  int channels = 0, patch = 0;
  std::vector<float> components;       // [k, C, p, p], unit length, largest-|value| entry positive
  std::vector<float> explained_ratio;  // [k], eigenvalue / sum of all eigenvalues
};

// The D filters (C·p·p values each) are the samples; centred; covariance / (D - 1); top k.
FilterPca patch_filter_pca(const InferenceResult& r, int k);

// [SECTION] 6. PCA of a layer's patch tokens as RGB

struct TokenPca {
  std::vector<float> rgb;              // [P, 3] in [0, 1]: scores on PCs 1..3, min-max scaled each
  std::vector<float> explained_ratio;  // [3]
};

// The P patch tokens of hidden(layer) (prefix excluded), centred; PCs sign-fixed as in
// FilterPca. A component with constant scores (or missing, D < 3) maps to 0.
TokenPca patch_token_pca(const InferenceResult& r, int layer);

// [SECTION] 7. Logit lens (nostalgebraist 2020)

// For every layer 0..L: the top-k classes of softmax(cls_logits[l]) -> [L+1][k].
std::vector<std::vector<ClassScore>> logit_lens(const InferenceResult& r, int k);

// [SECTION] 8. Token norms (Darcet et al. 2023, "Vision Transformers Need Registers")

struct TokenNorms {
  std::vector<float> norm;                   // [N], L2 norm of every token of hidden(layer)
  std::vector<bool> high;                    // [N], high-norm outlier (patch tokens only; prefix tokens never)
  float median = 0, mad = 0, threshold = 0;  // over the patch tokens
};

// A patch token is "high-norm" when its modified z-score exceeds 3.5 (Iglewicz & Hoaglin):
// norm > median + 3.5 · 1.4826 · MAD; if MAD == 0, 1.2533 · mean absolute deviation replaces
// 1.4826 · MAD; if that is 0 too, nothing is flagged.
TokenNorms token_norms(const InferenceResult& r, int layer);

}  // namespace vitvis
