// Bench (#20): how long train_head takes for n examples of dimension D and K classes (random Gaussian
// clusters), as the app runs it (300 full-batch steps). Prints one JSON line per case. Native build only;
// the wasm build's figure is what the e2e test records (own.train_ms) and bench/results notes.
//   build/native/vitvis_head_bench [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "head_training.h"

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const int cases[][3] = {{100, 64, 3}, {100, 64, 10}, {100, 768, 10}, {500, 768, 10}};
  for (const auto& c : cases) {
    const int n = c[0], D = c[1], K = c[2];
    std::mt19937 rng(7);
    std::normal_distribution<float> g(0.f, 1.f);
    std::vector<std::vector<float>> centres(static_cast<size_t>(K), std::vector<float>(static_cast<size_t>(D)));
    for (auto& m : centres)
      for (float& v : m) v = g(rng);
    vitvis::HeadExamples ex;
    ex.dim = D, ex.classes = K;
    for (int i = 0; i < n; ++i) {
      ex.labels.push_back(i % K);
      for (int d = 0; d < D; ++d) ex.features.push_back(centres[size_t(i % K)][size_t(d)] + 1.5f * g(rng));
    }
    double best = 1e30;
    float loss = 0;
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const vitvis::HeadTraining t = vitvis::train_head(ex);
      best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      loss = t.curve.back().train_loss;
    }
    std::printf("{\"examples\": %d, \"dim\": %d, \"classes\": %d, \"steps\": 300, \"best_ms\": %.2f, \"train_loss\": %.5f}\n",
                n, D, K, best, double(loss));
  }
  return 0;
}
