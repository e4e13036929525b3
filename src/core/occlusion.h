// "What if it could not see this?" (#19): hiding patches of the model's input, and the occlusion sweep
// that hides one window of patches at a time and maps how much a class's probability drops. The rules
// are in docs/analyses.md ("Hiding patches"); scripts/reference_occlusion.py is the NumPy reference the
// native tests compare with.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "image.h"
#include "model_spec.h"

namespace vitvis {

// What a hidden patch is filled with, in the model's [0, 1] pixels (before the normalisation):
//   Zero  0 in every channel (black);
//   Mean  the image's own mean colour (per channel, over the whole image);
//   Blur  the image blurred with a box of side 2r+1, r = max(1, patch/2), edges repeated: the patch's
//         details go, its colours stay.
enum class HideFill : int { Zero = 0, Mean = 1, Blur = 2 };
inline constexpr int kHideFills = 3;
const char* hide_fill_name(HideFill f);  // "zero", "mean", "blur" (links, files)
bool parse_hide_fill(std::string_view s, HideFill* out);

// A mask over the grid x grid patches, row-major, 1 = hidden.
using PatchMask = std::vector<uint8_t>;

// The input with the masked patches filled, pixels and normalised values both (normalized =
// (pixels - mean) / std with the spec's mean/std). `in` must be spec-sized; an empty or all-zero mask
// returns `in` unchanged.
ModelInput hide_patches(const ModelInput& in, const ModelSpec& spec, const PatchMask& mask, HideFill fill);

// The hidden patches as text for a link: indices in row-major order, ranges joined ("0-3,9,17-18").
std::string mask_to_text(const PatchMask& mask);
// Back from text; false for anything malformed or out of range (the mask is then untouched).
bool mask_from_text(std::string_view text, int patches, PatchMask* mask);
inline int hidden_count(const PatchMask& m) {
  int n = 0;
  for (uint8_t v : m) n += v != 0;
  return n;
}

// The occlusion sweep: run i hides the window of `window` x `window` patches whose top-left patch is
// (i / (grid - window + 1), i % (grid - window + 1)); a patch's value in the map is the mean, over the
// windows covering it, of base[c] - p_i[c]: how much hiding it lowers class c's probability (negative:
// the class gains). All probabilities are kept, so the map of any class comes without new runs.
class OcclusionSweep {
 public:
  OcclusionSweep() = default;
  // base: the unedited image's probabilities [K].
  OcclusionSweep(int grid, int window, std::vector<float> base);

  int grid() const { return grid_; }
  int window() const { return window_; }
  int runs() const { int s = grid_ - window_ + 1; return s > 0 ? s * s : 0; }
  int done() const { return done_; }
  bool complete() const { return runs() > 0 && done_ == runs(); }
  // The mask of run i (0 <= i < runs()).
  PatchMask mask(int i) const;
  // The probabilities of run i; runs are recorded in any order, each once (false otherwise).
  bool record(int i, std::span<const float> probs);
  // [grid x grid]: mean drop of class c over the windows covering each patch (0 where none recorded).
  std::vector<float> drop_map(int cls) const;
  // The run whose window lowered class c the most, -1 when none recorded.
  int strongest(int cls) const;
  std::span<const float> probs(int i) const;
  const std::vector<float>& base() const { return base_; }

 private:
  int grid_ = 0, window_ = 1, classes_ = 0, done_ = 0;
  std::vector<float> base_, probs_;  // probs_: [runs, K]
  std::vector<uint8_t> have_;
};

}  // namespace vitvis
