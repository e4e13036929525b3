// The hub dialog's estimates: memory from the measured multiples, time from FLOPs and speed, the
// warning from the device's memory; the device speed is measured (a positive number).
#include "cost_estimate.h"

#include <gtest/gtest.h>

using namespace vitvis;

TEST(CostEstimate, VitB16) {
  const ModelCost c = estimate_model_cost(346e6, 14.0, 2, 0);
  EXPECT_NEAR(c.params, 86.5e6, 1e5);
  EXPECT_NEAR(c.flops, 2 * 86.5e6 * 197 * 1.1, 1e8);
  EXPECT_NEAR(c.peak_bytes, 3.23 * 346e6, 1e6);
  EXPECT_NEAR(c.loaded_bytes, 1.28 * 346e6, 1e6);
  EXPECT_NEAR(c.seconds_per_image, c.flops / 28e9, 1e-9);
  EXPECT_FALSE(c.may_not_fit);  // unknown memory: no warning
  EXPECT_TRUE(estimate_model_cost(346e6, 14, 2, 2).may_not_fit);   // 1.1 GB peak on a 2 GB device
  EXPECT_FALSE(estimate_model_cost(346e6, 14, 2, 4).may_not_fit);
  EXPECT_FALSE(estimate_model_cost(23e6, 14, 2, 0.5).may_not_fit);  // DeiT-Tiny fits a small phone
  // twice the threads, half the time; no speed known: no time
  EXPECT_NEAR(estimate_model_cost(346e6, 14, 4, 0).seconds_per_image * 2, c.seconds_per_image, 1e-9);
  EXPECT_EQ(estimate_model_cost(346e6, 0, 2, 0).seconds_per_image, 0);
}

TEST(CostEstimate, DeviceSpeedIsMeasured) {
  const double g = ort_gflops(64);
  EXPECT_GT(g, 0);
  EXPECT_LT(g, 1e6);  // a number of this world (a zero-time product would give infinity)
}
