// What a touch means (core/gesture.h): taps, scrolls that never press, long presses, drag zones,
// flings, pinches that end on a round scale.
#include <gtest/gtest.h>

#include "gesture.h"

using namespace vitvis;
using E = GestureEvent;

namespace {

std::vector<E::Type> types(const std::vector<E>& v) {
  std::vector<E::Type> t;
  for (const E& e : v) t.push_back(e.type);
  return t;
}

int count(const std::vector<E>& v, E::Type type) {
  int n = 0;
  for (const E& e : v) n += e.type == type;
  return n;
}

}  // namespace

TEST(Gesture, AShortStillTouchIsATapWhereItLanded) {
  TouchGestures g;
  g.down(1, 100, 200, 0);
  EXPECT_TRUE(g.take().empty());  // nothing is pressed until it is clear it is a tap
  g.move(1, 104, 203, 40);        // a finger's tremor is not a scroll
  g.up(1, 104, 203, 120);
  const auto out = g.take();
  ASSERT_EQ(types(out), (std::vector<E::Type>{E::Press, E::Release, E::Leave}));
  EXPECT_EQ(out[0].x, 100);
  EXPECT_EQ(out[0].y, 200);
  EXPECT_EQ(out[1].x, 100);
  EXPECT_FALSE(out[0].held);  // a tap does not show a control's description
  EXPECT_FALSE(g.busy());
}

TEST(Gesture, AMovingFingerScrollsAndNeverPresses) {
  TouchGestures g;
  g.down(1, 100, 300, 0);
  float total = 0;
  for (int i = 1; i <= 10; ++i) {
    g.move(1, 100, 300 - 15.f * i, 16.0 * i);
    for (const E& e : g.take()) {
      ASSERT_EQ(e.type, E::Scroll);
      EXPECT_EQ(e.x, 100);  // what to scroll: what lay under the start
      EXPECT_EQ(e.y, 300);
      total += e.dy;
    }
  }
  EXPECT_FLOAT_EQ(total, -150.f);  // the content followed the finger all the way (the slop included)
  g.tick(1000);                    // resting after moving is not a long press
  g.up(1, 100, 150, 1000);         // lifted after resting: no fling
  const auto out = g.take();
  EXPECT_EQ(count(out, E::Press), 0);
  EXPECT_EQ(count(out, E::Release), 0);
  EXPECT_FALSE(g.busy());
}

TEST(Gesture, AFlickFlingsOnAndSlowsDownAndATouchStopsItWithoutTapping) {
  TouchGestures g;
  g.down(1, 100, 400, 0);
  for (int i = 1; i <= 6; ++i) g.move(1, 100, 400 - 30.f * i, 10.0 * i);  // 3 px/ms upwards
  g.up(1, 100, 220, 65);
  g.take();
  EXPECT_TRUE(g.busy());
  float first = 0, later = 0;
  g.tick(81);
  for (const E& e : g.take()) first += e.dy;
  g.tick(500);
  g.take();
  g.tick(516);
  for (const E& e : g.take()) later += e.dy;
  EXPECT_LT(first, 0.f);  // on in the flick's direction
  EXPECT_LT(later, 0.f);
  EXPECT_LT(std::abs(later), std::abs(first) * 0.3f);  // 16 ms then moves much less than at the start
  g.down(2, 50, 50, 600);  // a touch on the flinging content stops it...
  g.up(2, 50, 50, 650);
  EXPECT_EQ(count(g.take(), E::Press), 0);  // ...and taps nothing
  g.tick(700);
  EXPECT_TRUE(g.take().empty());
  g.down(3, 50, 50, 800);  // the next tap is a tap again
  g.up(3, 50, 50, 850);
  EXPECT_EQ(count(g.take(), E::Press), 1);
}

TEST(Gesture, FlingComesToRest) {
  TouchGestures g;
  g.down(1, 0, 400, 0);
  for (int i = 1; i <= 5; ++i) g.move(1, 0, 400 - 20.f * i, 10.0 * i);
  g.up(1, 0, 300, 55);
  double t = 55;
  for (int i = 0; i < 400 && g.busy(); ++i) g.tick(t += 16);
  EXPECT_FALSE(g.busy());
}

TEST(Gesture, ARestingFingerBecomesAPressThatDrags) {
  TouchGestures g;
  g.down(1, 10, 10, 0);
  g.tick(300);
  EXPECT_TRUE(g.take().empty());
  g.tick(520);
  auto out = g.take();
  ASSERT_EQ(types(out), (std::vector<E::Type>{E::Press}));
  EXPECT_TRUE(g.pressing());
  g.move(1, 60, 10, 600);
  g.up(1, 60, 10, 700);
  out = g.take();
  ASSERT_EQ(types(out), (std::vector<E::Type>{E::Move, E::Release, E::Leave}));
  EXPECT_EQ(out[0].x, 60);
  EXPECT_EQ(out[1].x, 60);
}

TEST(Gesture, ADragZonePressesAtOnceAndDrags) {
  TouchGestures g;
  g.down(1, 10, 10, 0, /*drag_zone=*/true);
  EXPECT_EQ(types(g.take()), (std::vector<E::Type>{E::Press}));
  g.move(1, 80, 12, 30);
  g.up(1, 80, 12, 60);
  EXPECT_EQ(types(g.take()), (std::vector<E::Type>{E::Move, E::Release, E::Leave}));
}

TEST(Gesture, TwoFingersPinchWithoutScrollingOrTapping) {
  TouchGestures g;
  g.down(1, 100, 100, 0);
  g.down(2, 140, 100, 10);  // 40 px apart
  g.move(1, 80, 100, 30);
  g.move(2, 160, 100, 30);  // 80 px apart
  auto out = g.take();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back().type, E::Pinch);
  EXPECT_FLOAT_EQ(out.back().ratio, 2.f);
  EXPECT_EQ(count(out, E::Scroll), 0);
  g.up(1, 80, 100, 50);
  EXPECT_TRUE(g.take().empty());  // the other finger still rests: no tap, no end yet
  g.move(2, 100, 300, 60);        // ...nor a scroll
  EXPECT_TRUE(g.take().empty());
  g.up(2, 100, 300, 70);
  out = g.take();
  ASSERT_EQ(types(out), (std::vector<E::Type>{E::PinchEnd}));
  EXPECT_FLOAT_EQ(out[0].ratio, 2.f);
  EXPECT_FALSE(g.busy());
}

TEST(Gesture, ASecondFingerEndsAPressFirst) {
  TouchGestures g;
  g.down(1, 10, 10, 0, true);
  g.move(1, 20, 10, 10);
  g.take();
  g.down(2, 60, 10, 20);
  EXPECT_EQ(types(g.take()), (std::vector<E::Type>{E::Release, E::Leave}));
}

TEST(Gesture, PinchScaleIsDeliberateRoundAndBounded) {
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 1.1f), 1.f);    // a small change of distance: nothing
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 0.9f), 1.f);
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 0.997f), 1.f);  // the tablet's 0.997x of #33
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 1.3f), 1.25f);  // round steps
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 1.4f), 1.5f);
  EXPECT_FLOAT_EQ(pinch_scale(1.25f, 0.7f), 1.f);  // 0.875 rounds to 1
  EXPECT_FLOAT_EQ(pinch_scale(1.25f, 0.6f), 0.75f);
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 5.f), 2.f);     // bounded
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 0.1f), 0.75f);
  EXPECT_FLOAT_EQ(pinch_scale(1.f, 0.f), 1.f);     // no distance at all: ignored
}

TEST(Gesture, AFlingStoppedAtTheEndLetsTheNextTouchTap) {
  TouchGestures g;
  g.down(1, 0, 400, 0);
  for (int i = 1; i <= 6; ++i) g.move(1, 0, 400 - 30.f * i, 10.0 * i);
  g.up(1, 0, 220, 65);
  g.tick(81);
  g.take();
  ASSERT_TRUE(g.busy());
  g.stop_fling();  // the shell: the content is at its end
  EXPECT_FALSE(g.busy());
  g.down(2, 50, 50, 100);
  g.up(2, 50, 50, 150);
  EXPECT_EQ(count(g.take(), E::Press), 1);
}
