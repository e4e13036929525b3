// The run scheduler (app/scheduler.h): priority, cancellation, answers of cancelled or abandoned runs,
// and aging (a background run still finishes while a person keeps clicking).
#include "app/scheduler.h"

#include <gtest/gtest.h>

#include <vector>

namespace vitvis {
namespace {

// Starts whatever the scheduler picks and finishes it at once; the kinds in the order they ran.
std::vector<RunKind> drain(RunScheduler& s) {
  std::vector<RunKind> order;
  while (auto k = s.pick()) {
    order.push_back(*k);
    EXPECT_TRUE(s.finish(s.begin(*k)));
  }
  return order;
}

TEST(RunScheduler, NothingWaitingPicksNothing) {
  RunScheduler s;
  EXPECT_FALSE(s.pick());
  EXPECT_FALSE(s.any_waiting());
  EXPECT_FALSE(s.busy());
  EXPECT_FALSE(s.in_flight());
}

TEST(RunScheduler, PicksByPriorityWhateverTheOrderOfOffers) {
  RunScheduler s;
  for (RunKind k : {RunKind::Survey, RunKind::Sweep, RunKind::WhatIf, RunKind::Camera, RunKind::Person}) s.offer(k);
  EXPECT_EQ(drain(s),
            (std::vector<RunKind>{RunKind::Person, RunKind::Camera, RunKind::WhatIf, RunKind::Sweep, RunKind::Survey}));
  EXPECT_FALSE(s.any_waiting());
}

TEST(RunScheduler, OfferingTwiceIsOneRequest) {
  RunScheduler s;
  s.offer(RunKind::Camera);
  s.offer(RunKind::Camera);
  EXPECT_EQ(drain(s), std::vector<RunKind>{RunKind::Camera});
}

TEST(RunScheduler, APersonOfferedWhileARunIsInFlightGoesNext) {
  RunScheduler s;
  s.offer(RunKind::Sweep);
  s.offer(RunKind::Survey);
  auto first = s.pick();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, RunKind::Sweep);
  const auto t = s.begin(*first);
  EXPECT_TRUE(s.busy());
  EXPECT_EQ(s.in_flight(), RunKind::Sweep);
  s.offer(RunKind::Sweep);   // the sweep's next run
  s.offer(RunKind::Person);  // a click meanwhile
  EXPECT_TRUE(s.finish(t));
  EXPECT_FALSE(s.busy());
  EXPECT_EQ(s.pick(), RunKind::Person);
}

TEST(RunScheduler, CancelWithdrawsTheRequest) {
  RunScheduler s;
  s.offer(RunKind::Sweep);
  s.offer(RunKind::Survey);
  s.cancel(RunKind::Sweep);
  EXPECT_FALSE(s.waiting(RunKind::Sweep));
  EXPECT_EQ(drain(s), std::vector<RunKind>{RunKind::Survey});
}

TEST(RunScheduler, AnAnswerForACancelledRunIsDropped) {
  RunScheduler s;
  s.offer(RunKind::Sweep);
  const auto t = s.begin(*s.pick());
  s.offer(RunKind::Sweep);  // its next run waits
  s.cancel(RunKind::Sweep);
  EXPECT_TRUE(s.busy());  // the run is still in the model
  EXPECT_FALSE(s.finish(t));
  EXPECT_FALSE(s.busy());
  EXPECT_FALSE(s.pick());     // and nothing of the sweep runs after it
  EXPECT_FALSE(s.finish(t));  // a second answer for it: still dropped
}

TEST(RunScheduler, CancellingAnotherKindLeavesTheRunInFlight) {
  RunScheduler s;
  s.offer(RunKind::Person);
  const auto t = s.begin(*s.pick());
  s.cancel(RunKind::Sweep);
  s.cancel(RunKind::Survey);
  EXPECT_TRUE(s.finish(t));
}

TEST(RunScheduler, WithdrawKeepsTheAnswerOfTheRunInFlight) {
  RunScheduler s;
  s.offer(RunKind::Camera);
  const auto t = s.begin(*s.pick());
  s.offer(RunKind::Camera);
  s.withdraw(RunKind::Camera);
  EXPECT_FALSE(s.waiting(RunKind::Camera));
  EXPECT_TRUE(s.finish(t));
}

TEST(RunScheduler, ACancelledSweepStartedAgainGetsOnlyItsOwnAnswers) {
  RunScheduler s;
  s.offer(RunKind::Sweep);
  const auto old_run = s.begin(*s.pick());
  s.cancel(RunKind::Sweep);
  s.offer(RunKind::Sweep);  // started again while the old run is in flight
  EXPECT_FALSE(s.finish(old_run));
  ASSERT_EQ(s.pick(), RunKind::Sweep);
  EXPECT_TRUE(s.finish(s.begin(RunKind::Sweep)));
}

TEST(RunScheduler, AnAbandonedRunsAnswerIsDropped) {
  RunScheduler s;  // another model replaced the session while a run was in flight
  const auto old_run = s.begin(RunKind::Survey);
  const auto new_run = s.begin(RunKind::Person);
  EXPECT_NE(old_run, new_run);
  EXPECT_FALSE(s.finish(old_run));
  EXPECT_TRUE(s.busy());  // the new run is still in flight
  EXPECT_TRUE(s.finish(new_run));
  EXPECT_FALSE(s.finish(0));
}

TEST(RunScheduler, ABackgroundRunWaitsForPatienceRunsOfHigherKinds) {
  RunScheduler s;
  s.offer(RunKind::Survey);
  for (int i = 0; i < RunScheduler::kPatience; ++i) {
    s.offer(RunKind::Person);
    ASSERT_EQ(s.pick(), RunKind::Person) << i;
    EXPECT_TRUE(s.finish(s.begin(RunKind::Person)));
    EXPECT_EQ(s.passed_over(RunKind::Survey), i + 1);
  }
  s.offer(RunKind::Person);
  EXPECT_EQ(s.pick(), RunKind::Survey);  // its turn, ahead of the person
  EXPECT_EQ(s.passed_over(RunKind::Survey), 0);
  EXPECT_TRUE(s.waiting(RunKind::Person));
  EXPECT_EQ(s.pick(), RunKind::Person);  // who comes right after
}

TEST(RunScheduler, RunsOfLowerKindsDoNotAgeHigherOnes) {
  RunScheduler s;
  s.offer(RunKind::Person);
  s.begin(RunKind::Survey);  // (an aged survey went first)
  EXPECT_EQ(s.passed_over(RunKind::Person), 0);
}

// A person clicks before every pick; a sweep of `runs` runs offers its next run after each answer, and
// a survey waits too: both finish, each within a bounded number of runs.
TEST(RunScheduler, ASweepAndASurveyFinishWhileAPersonKeepsClicking) {
  RunScheduler s;
  const int runs = 49;
  int sweep_left = runs, survey_left = 10, clicks = 0, total = 0;
  s.offer(RunKind::Sweep);
  s.offer(RunKind::Survey);
  while ((sweep_left > 0 || survey_left > 0) && total < 10000) {
    s.offer(RunKind::Person);
    const auto k = s.pick();
    ASSERT_TRUE(k);
    ASSERT_TRUE(s.finish(s.begin(*k)));
    total++;
    if (*k == RunKind::Person) clicks++;
    if (*k == RunKind::Sweep && --sweep_left > 0) s.offer(RunKind::Sweep);
    if (*k == RunKind::Survey && --survey_left > 0) s.offer(RunKind::Survey);
  }
  EXPECT_EQ(sweep_left, 0);
  EXPECT_EQ(survey_left, 0);
  // Every kPatience clicks, one sweep run and one survey run go between: the person still gets most turns.
  EXPECT_LE(total, runs * (RunScheduler::kPatience + 2));
  EXPECT_GE(clicks, runs * RunScheduler::kPatience - RunScheduler::kPatience);
}

TEST(RunScheduler, WithoutHigherRunsABackgroundRunIsNotHeldBack) {
  RunScheduler s;
  s.offer(RunKind::Survey);
  s.offer(RunKind::Sweep);
  EXPECT_EQ(drain(s), (std::vector<RunKind>{RunKind::Sweep, RunKind::Survey}));
}

TEST(RunScheduler, KindsHaveNamesAndTheShownOnesAreTimed) {
  EXPECT_STREQ(run_kind_name(RunKind::Sweep), "sweep");
  EXPECT_TRUE(shown_run(RunKind::Person));
  EXPECT_TRUE(shown_run(RunKind::Camera));
  EXPECT_TRUE(shown_run(RunKind::WhatIf));
  EXPECT_FALSE(shown_run(RunKind::Sweep));
  EXPECT_FALSE(shown_run(RunKind::Survey));
}

}  // namespace
}  // namespace vitvis
