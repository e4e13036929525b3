// The run scheduler (scheduler.h): priority with aging, and cancellation by kind.
#include "app/scheduler.h"

namespace vitvis {

const char* run_kind_name(RunKind k) {
  switch (k) {
    case RunKind::Person: return "person";
    case RunKind::Camera: return "camera";
    case RunKind::WhatIf: return "what-if";
    case RunKind::Sweep: return "sweep";
    case RunKind::Survey: return "survey";
  }
  return "?";
}

void RunScheduler::offer(RunKind k) { slot(k).waiting = true; }

void RunScheduler::withdraw(RunKind k) { slot(k) = {}; }

void RunScheduler::cancel(RunKind k) {
  withdraw(k);
  if (busy() && flight_.kind == k) flight_.cancelled = true;
}

bool RunScheduler::any_waiting() const {
  for (const Slot& s : slots_)
    if (s.waiting) return true;
  return false;
}

std::optional<RunKind> RunScheduler::pick() {
  int best = -1;
  for (int i = 0; i < kRunKinds; ++i) {  // the highest kind that has waited long enough
    if (slots_[size_t(i)].waiting && slots_[size_t(i)].passed >= kPatience) {
      best = i;
      break;
    }
  }
  for (int i = 0; i < kRunKinds && best < 0; ++i)  // else the highest kind that waits
    if (slots_[size_t(i)].waiting) best = i;
  if (best < 0) return std::nullopt;
  slots_[size_t(best)] = {};
  return RunKind(best);
}

RunScheduler::Ticket RunScheduler::begin(RunKind k) {
  for (int i = int(k) + 1; i < kRunKinds; ++i)  // the lower kinds still waiting were passed over
    if (slots_[size_t(i)].waiting) slots_[size_t(i)].passed++;
  slot(k).passed = 0;
  flight_ = {++last_ticket_, k, false};
  return flight_.ticket;
}

bool RunScheduler::finish(Ticket t) {
  if (t == 0 || t != flight_.ticket) return false;
  const bool deliver = !flight_.cancelled;
  flight_ = {};
  return deliver;
}

std::optional<RunKind> RunScheduler::in_flight() const {
  if (!busy()) return std::nullopt;
  return flight_.kind;
}

}  // namespace vitvis
