// The machine's global event queue: device completions, delayed interrupts,
// anything that must happen at a given simulated time.
//
// Events at the same time run in the order they were scheduled (a sequence
// number breaks ties), so a run is deterministic. The machine runs the due
// events at every quantum boundary, before the CPUs run the next quantum:
// an event takes effect at the first boundary at or after its time.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "numa/address.h"

namespace numa {

class EventQueue {
 public:
  void schedule(Cycles at, std::function<void()> action) {
    events_.push(Event{at, nextSeq_++, std::move(action)});
  }
  // Runs every event due at or before `until`, in time order; an action may
  // schedule further events (those due by `until` run too). Returns how many ran.
  uint64_t runUntil(Cycles until) {
    uint64_t ran = 0;
    while (!events_.empty() && events_.top().at <= until) {
      Event e = events_.top();
      events_.pop();
      running_ = true;
      runningTime_ = e.at;
      e.action();
      running_ = false;
      ++ran;
    }
    return ran;
  }
  // The time of the earliest pending event, or ~0 when there is none.
  Cycles nextTime() const { return events_.empty() ? ~Cycles{0} : events_.top().at; }
  bool empty() const { return events_.empty(); }
  // While an action runs: true, and the time it was scheduled for (an action
  // that schedules follow-ups counts from its own time, not the boundary's).
  bool running() const { return running_; }
  Cycles runningTime() const { return runningTime_; }
  size_t size() const { return events_.size(); }

 private:
  struct Event {
    Cycles at;
    uint64_t seq;
    std::function<void()> action;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }
  };
  std::priority_queue<Event, std::vector<Event>, Later> events_;
  uint64_t nextSeq_ = 0;
  bool running_ = false;
  Cycles runningTime_ = 0;
};

}  // namespace numa
