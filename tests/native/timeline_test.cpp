// The animated data flow's clock: progress, running, easing and staggering (core/timeline.h).
#include <gtest/gtest.h>

#include "timeline.h"

using namespace vitvis;

TEST(Timeline, NeverStartedIsDoneAndAsksForNoFrames) {
  Timeline t;
  EXPECT_FLOAT_EQ(t.progress(0.0), 1.f);
  EXPECT_FLOAT_EQ(t.progress(1e9), 1.f);
  EXPECT_FALSE(t.running(0.0));
}

TEST(Timeline, ProgressRunsFromStartToEndThenStops) {
  Timeline t{1000.0, 600.0};
  EXPECT_FLOAT_EQ(t.progress(900.0), 0.f);  // waiting for its start
  EXPECT_TRUE(t.running(900.0));
  EXPECT_FLOAT_EQ(t.progress(1000.0), 0.f);
  EXPECT_FLOAT_EQ(t.progress(1300.0), 0.5f);
  EXPECT_TRUE(t.running(1599.0));
  EXPECT_FLOAT_EQ(t.progress(1600.0), 1.f);
  EXPECT_FALSE(t.running(1600.0));
  t.finish();  // skipped: done at once
  EXPECT_FLOAT_EQ(t.progress(1100.0), 1.f);
  EXPECT_FALSE(t.running(1100.0));
}

TEST(Timeline, EaseOutIsMonotoneFromZeroToOneAndFastFirst) {
  EXPECT_FLOAT_EQ(ease_out(0.f), 0.f);
  EXPECT_FLOAT_EQ(ease_out(1.f), 1.f);
  EXPECT_FLOAT_EQ(ease_out(-1.f), 0.f);
  EXPECT_FLOAT_EQ(ease_out(2.f), 1.f);
  EXPECT_GT(ease_out(0.5f), 0.5f);
  float prev = 0.f;
  for (int i = 1; i <= 100; ++i) {
    const float v = ease_out(float(i) / 100.f);
    EXPECT_GE(v, prev);
    prev = v;
  }
}

TEST(Timeline, StaggeredItemsStartInTurnAndAllFinishAtTheEnd) {
  const int n = 5;
  for (int i = 0; i < n; ++i) {
    EXPECT_FLOAT_EQ(staggered(0.f, i, n, 0.5f), 0.f);
    EXPECT_FLOAT_EQ(staggered(1.f, i, n, 0.5f), 1.f);
  }
  // The first moves at once, the last only after the spread.
  EXPECT_GT(staggered(0.1f, 0, n, 0.5f), 0.f);
  EXPECT_FLOAT_EQ(staggered(0.5f, n - 1, n, 0.5f), 0.f);
  EXPECT_GT(staggered(0.6f, n - 1, n, 0.5f), 0.f);
  // Earlier items are always at least as far along.
  for (float t = 0.f; t <= 1.f; t += 0.05f)
    for (int i = 1; i < n; ++i) EXPECT_GE(staggered(t, i - 1, n, 0.5f), staggered(t, i, n, 0.5f));
  // No spread, or one item: everything moves together.
  EXPECT_FLOAT_EQ(staggered(0.25f, 3, n, 0.f), 0.25f);
  EXPECT_FLOAT_EQ(staggered(0.25f, 0, 1, 0.5f), 0.5f);
}
