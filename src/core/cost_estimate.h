// What a hub model will cost on this device before it is downloaded (#36): memory while loading and
// once loaded, and a time per image, from its weight bytes and this device's measured speed.
#pragma once

namespace vitvis {

struct ModelCost {
  double params = 0;           // weights (fp32 assumed: 4 bytes each)
  double flops = 0;            // one image (224 px, 16 px patches: 197 tokens, as the hub's ViTs and DeiTs)
  double peak_bytes = 0;       // the tab's memory while it loads
  double loaded_bytes = 0;     // and once it is loaded
  double seconds_per_image = 0;
  bool may_not_fit = false;    // the peak is over half of what the device says it has
};

// weight_bytes: model.safetensors; gflops: this device's speed for ONNX Runtime's kernels (see
// ort_gflops); threads: ORT's threads; device_gb: navigator.deviceMemory (0: unknown, no warning).
ModelCost estimate_model_cost(double weight_bytes, double gflops, int threads, double device_gb);

// This device's speed for a ViT's matrix products: an Eigen product of two n x n matrices timed here
// (single thread), scaled to what ONNX Runtime Web's kernels reach on the same machine (the factor was
// measured once: bench/results/hub-costs.md). Takes a few milliseconds.
double ort_gflops(int n = 256);

}  // namespace vitvis
