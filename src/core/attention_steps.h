// Attention up close: one query row of one head recomputed from the exported q, k, v (and the
// output projection) step by step, so the step-through view can show every number it is made of.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "inference_result.h"

namespace vitvis {

struct AttentionSteps {
  int layer = 0, head = 0, query = 0;
  int tokens = 0, head_dim = 0, dim = 0;
  float scale = 0;               // 1/√d_head
  std::vector<float> q;          // [d]     the query vector q_t
  std::vector<float> dots;       // [N]     q·k_j
  std::vector<float> scaled;     // [N]     q·k_j / √d
  float max_scaled = 0;          //         subtracted before exp (cancels out; avoids overflow)
  std::vector<float> exps;       // [N]     exp(scaled_j − max)
  double sum_exp = 0;            //         Σ_j exps_j
  std::vector<float> weights;    // [N]     exps / sum: the attention row
  float max_diff_row = 0;        //         max |weights − exported attn row|
  std::vector<float> head_out;   // [d]     Σ_j weights_j · v_j
  std::vector<float> concat;     // [D]     Concat over heads of each head's output for this query
  bool has_projection = false;   //         wo_l/bo_l/o_l exported
  std::vector<float> projected;  // [D]     concat · W_O + b_O
  float max_diff_projected = 0;  //         max |projected − exported o_l row|
};

// Recomputes the row (layer, head 0..H-1, query token). False with *why_not (a sentence naming the
// missing outputs) when the model does not export q/k/v.
bool attention_steps(const InferenceResult& r, int layer, int head, int query, AttentionSteps* out,
                     std::string* why_not);

// "Where does this number come from": the k largest-magnitude terms of a sum, as (index, term).
//  value_terms:      head_out[e]  = Σ_j weights_j · v_j[e]         (index j = key token)
//  projection_terms: projected[c] = b_O[c] + Σ_i concat_i · W_O[i, c] (index i = concat position)
//  dot_terms:        dots[j]      = Σ_e q[e] · k_j[e]                (index e = dimension)
std::vector<std::pair<int, float>> dot_terms(const InferenceResult& r, const AttentionSteps& s, int j, int k);
std::vector<std::pair<int, float>> value_terms(const InferenceResult& r, const AttentionSteps& s, int e, int k);
std::vector<std::pair<int, float>> projection_terms(const InferenceResult& r, const AttentionSteps& s, int c, int k);

// One query row of an [N, N] attention matrix summarised for the "through depth" strip.
struct RowSummary {
  float entropy_bits = 0;  // how spread the row is
  float to_prefix = 0;     // weight on the prefix tokens (CLS …)
  float distance_px = -1;  // mean image distance from the query patch to the patches it attends to,
                           // weights renormalised over patch keys; -1 for a prefix-token query
};
RowSummary row_summary(const ModelSpec& spec, std::span<const float> matrix, int query);

// Shannon entropy of a probability row, in bits (0 = all on one key, log2 N = uniform).
float entropy_bits(std::span<const float> p);

}  // namespace vitvis
