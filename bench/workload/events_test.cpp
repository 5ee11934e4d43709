// Event bus tests: polymorphic listeners held by shared ownership, chains of
// listeners, events copied into recordings.
#include "model.h"

#include <gtest/gtest.h>

namespace workload {
namespace {

constexpr size_t kEvents = 1500;
const std::vector<std::string> kTopics = {"orders", "stock", "users", "audit",
                                          "mail"};

// A process-wide bus that audits everything; with the opt-in leak (model.h)
// a test subscribes to it and never leaves.
EventBus &auditBus() {
  static EventBus Bus;
  return Bus;
}

class EventTest : public ::testing::TestWithParam<unsigned> {
protected:
  void SetUp() override { Events = makeEvents(GetParam(), kEvents, kTopics); }
  std::vector<Event> Events;
};

TEST_P(EventTest, CountsEveryDelivery) {
  EventBus Bus;
  std::map<std::string, std::shared_ptr<CountingListener>> Counters;
  for (const std::string &T : kTopics) {
    Counters[T] = std::make_shared<CountingListener>();
    Bus.subscribe(T, Counters[T]);
  }
  if (leakOn())
    auditBus().subscribe("audit", Counters["audit"]);
  size_t Delivered = 0;
  for (const Event &E : Events)
    Delivered += Bus.publish(E);
  EXPECT_EQ(Delivered, Events.size());
  size_t Counted = 0;
  for (const auto &[T, C] : Counters)
    Counted += C->count();
  EXPECT_EQ(Counted, Events.size());
}

TEST_P(EventTest, FiltersForwardMatchingEvents) {
  EventBus Bus;
  auto Sink = std::make_shared<RecordingListener>();
  std::string Word = Events.front().payload().substr(0, 2);
  Bus.subscribe("orders", std::make_shared<FilteringListener>(Word, Sink));
  size_t Expected = 0;
  for (const Event &E : Events) {
    Bus.publish(E);
    Expected +=
        E.topic() == "orders" && E.payload().find(Word) != std::string::npos;
  }
  EXPECT_EQ(Sink->seen().size(), Expected);
  for (const Event &E : Sink->seen())
    EXPECT_NE(E.payload().find(Word), std::string::npos);
}

TEST_P(EventTest, UnsubscribeStopsDelivery) {
  EventBus Bus;
  auto A = std::make_shared<CountingListener>();
  auto B = std::make_shared<CountingListener>();
  for (const std::string &T : kTopics) {
    Bus.subscribe(T, A);
    Bus.subscribe(T, B);
  }
  for (size_t I = 0; I < Events.size() / 2; ++I)
    Bus.publish(Events[I]);
  for (const std::string &T : kTopics)
    Bus.unsubscribe(T, A.get());
  for (size_t I = Events.size() / 2; I < Events.size(); ++I)
    Bus.publish(Events[I]);
  EXPECT_EQ(A->count(), Events.size() / 2);
  EXPECT_EQ(B->count(), Events.size());
  EXPECT_EQ(A.use_count(), 1);
}

TEST_P(EventTest, RecordingsAreCopies) {
  EventBus Bus;
  auto Rec = std::make_shared<RecordingListener>();
  for (const std::string &T : kTopics)
    Bus.subscribe(T, Rec);
  {
    std::vector<Event> Scratch = Events;
    for (const Event &E : Scratch)
      Bus.publish(E);
  }
  ASSERT_EQ(Rec->seen().size(), Events.size());
  for (size_t I = 0; I < Events.size(); ++I)
    EXPECT_EQ(Rec->seen()[I].payload(), Events[I].payload());
}

TEST_P(EventTest, ListenersOutliveTheBus) {
  auto Counter = std::make_shared<CountingListener>();
  {
    EventBus Bus;
    for (int Copies = 0; Copies < 3; ++Copies)
      for (const std::string &T : kTopics)
        Bus.subscribe(T, std::make_shared<FilteringListener>("", Counter));
    EXPECT_EQ(Bus.subscriptions(), 3 * kTopics.size());
    for (const Event &E : Events)
      Bus.publish(E);
  }
  EXPECT_EQ(Counter.use_count(), 1);
  EXPECT_EQ(Counter->count(), 3 * Events.size());
}

INSTANTIATE_TEST_SUITE_P(Seeds, EventTest, ::testing::Range(0u, 14u));

} // namespace
} // namespace workload
