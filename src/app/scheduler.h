// What the model runs next. The app runs one inference at a time; every run has a kind, and when the
// model is free the scheduler picks the waiting kind that goes next. Pure (standard library only): the
// app (actions.cpp) starts the runs and hands their answers back, tests/native/scheduler_test.cpp checks
// the rule.
//
// The rule:
// - Priority, highest first: a person's click or drawing, camera Live (and Snap), the what-if edited
//   rerun, the occlusion sweep, the pattern survey.
// - Aging: a waiting kind that has been passed over by kPatience runs of higher kinds in a row gets the
//   next turn (the highest such kind first), so a sweep or a survey still finishes while a person keeps
//   clicking or the camera runs Live. A kind's count starts again when it is picked or withdrawn.
// - Cancellation by kind: its request is withdrawn and the answer of its run in flight, if any, is to be
//   dropped (finish() says so).
#pragma once
#include <array>
#include <cstdint>
#include <optional>

namespace vitvis {

enum class RunKind : std::uint8_t {
  Person,  // an image the person picked, or the drawing pad
  Camera,  // a camera frame (Live's next one, or Snap)
  WhatIf,  // the shown image run again with patches hidden
  Sweep,   // one run of the occlusion sweep
  Survey,  // one sample of the pattern survey
};
inline constexpr int kRunKinds = 5;

// Runs whose answer becomes the shown snapshot: what the views wait for (timed); the others (sweep,
// survey) run in the background between them.
constexpr bool shown_run(RunKind k) { return k == RunKind::Person || k == RunKind::Camera || k == RunKind::WhatIf; }
const char* run_kind_name(RunKind k);

class RunScheduler {
 public:
  using Ticket = std::uint64_t;  // names one started run (0: none)
  static constexpr int kPatience = 4;

  // `k` wants a run when the model is free (offering again while it waits is still one request).
  void offer(RunKind k);
  // It no longer does (its run in flight, if any, is still delivered).
  void withdraw(RunKind k);
  // Withdraws `k` and marks its run in flight, if any, so that finish() drops its answer.
  void cancel(RunKind k);
  bool waiting(RunKind k) const { return slot(k).waiting; }
  bool any_waiting() const;
  // How many runs of higher kinds went ahead of `k` while it waited (the aging count).
  int passed_over(RunKind k) const { return slot(k).passed; }

  // The kind to start next, its request taken (nullopt: none waits). The caller asks only when the model
  // is free and then starts a run of that kind, or finds it has nothing to run and asks again.
  std::optional<RunKind> pick();
  // A run of `k` went to the model: its ticket. A run still in flight is abandoned (the model it ran on
  // was replaced): its answer is dropped like a cancelled one's.
  Ticket begin(RunKind k);
  // The answer for `t` came back: true when it is to be delivered, false when its run was cancelled or
  // abandoned (or `t` is not the run in flight). The run is over either way.
  bool finish(Ticket t);
  bool busy() const { return flight_.ticket != 0; }
  std::optional<RunKind> in_flight() const;

 private:
  struct Slot {
    bool waiting = false;
    int passed = 0;
  };
  struct Flight {
    Ticket ticket = 0;
    RunKind kind = RunKind::Person;
    bool cancelled = false;
  };
  Slot& slot(RunKind k) { return slots_[static_cast<std::size_t>(k)]; }
  const Slot& slot(RunKind k) const { return slots_[static_cast<std::size_t>(k)]; }

  std::array<Slot, kRunKinds> slots_{};
  Flight flight_;
  Ticket last_ticket_ = 0;
};

}  // namespace vitvis
