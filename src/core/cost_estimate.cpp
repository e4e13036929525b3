#include "cost_estimate.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>

namespace vitvis {
namespace {

// Measured in bench/hub_load.mjs (ViT-B/16, 346 MB, session 7 and 17 results): the tab's peak while a
// hub model loads and its size once loaded, as multiples of the weight bytes.
constexpr double kPeakPerByte = 3.23, kLoadedPerByte = 1.28;
// ONNX Runtime Web's wasm kernels against Eigen's product in the same browser (bench/results/hub-costs.md).
constexpr double kOrtOverEigen = 16.5;
constexpr double kTokens = 197;

}  // namespace

ModelCost estimate_model_cost(double weight_bytes, double gflops, int threads, double device_gb) {
  ModelCost c;
  c.params = weight_bytes / 4;
  // A transformer spends 2 FLOPs per weight per token in its products; attention's token x token products
  // add about a tenth at 197 tokens.
  c.flops = 2.0 * c.params * kTokens * 1.1;
  c.peak_bytes = kPeakPerByte * weight_bytes;
  c.loaded_bytes = kLoadedPerByte * weight_bytes;
  c.seconds_per_image = gflops > 0 ? c.flops / (gflops * 1e9 * std::max(1, threads)) : 0;
  c.may_not_fit = device_gb > 0 && c.peak_bytes > 0.5 * device_gb * 1e9;
  return c;
}

double ort_gflops(int n) {
  Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n), c(n, n);
  double best = 1e30;
  for (int k = 0; k < 3; ++k) {  // the best of three: the first warms the caches
    const auto t0 = std::chrono::steady_clock::now();
    c.noalias() = a * b;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, std::max(s, 1e-9));
  }
  volatile float sink = c(0, 0);
  (void)sink;
  return 2.0 * n * n * n / best / 1e9 * kOrtOverEigen;
}

}  // namespace vitvis
