#include "server/events/event_log.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/common/executor.h"
#include "server/events/cursor.h"
#include "server/store/session_updates.h"
#include "server/store/sqlite_store.h"
#include "tests/support/eventually.h"

namespace hitl::events {
namespace {

using store::JournalCommit;
using store::SessionRecord;
using store::SessionState;

// Every wait in this file is for something that should happen in
// microseconds; the deadline only turns a hang into a failure.
constexpr absl::Duration kDeadline = absl::Seconds(30);
const absl::Time kT0 = absl::FromUnixSeconds(1750000000);

// Drains a subscription from its wakeup (as the gRPC stream does) and records
// what it got. Next() calls are serialised so the record keeps their order.
class Collector {
 public:
  explicit Collector(std::shared_ptr<Subscription> subscription)
      : subscription_(std::move(subscription)), state_(std::make_shared<State>()) {
    if (subscription_ == nullptr) {  // Subscribe failed (and said so)
      absl::MutexLock lock(&state_->mu);
      state_->finished = absl::InternalError("no subscription");
      return;
    }
    std::weak_ptr<Subscription> weak = subscription_;
    std::shared_ptr<State> state = state_;
    subscription_->SetWakeup([weak, state] {
      if (auto sub = weak.lock()) state->Drain(*sub);
    });
    state_->Drain(*subscription_);
  }
  ~Collector() {
    if (subscription_ != nullptr) subscription_->Cancel();
  }
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // True once at least `n` events arrived (or the stream finished).
  bool WaitForEvents(size_t n) {
    absl::MutexLock lock(&state_->mu);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
      return state_->events.size() >= n || state_->finished.has_value();
    };
    state_->mu.AwaitWithTimeout(absl::Condition(&enough), kDeadline);
    return state_->events.size() >= n;
  }
  // Waits until an event with seq >= `seq` arrived (or the stream finished).
  bool WaitForSeq(int64_t seq) {
    absl::MutexLock lock(&state_->mu);
    auto reached = [this, seq]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
      return (!state_->events.empty() && state_->events.back().seq >= seq) ||
             state_->finished.has_value();
    };
    state_->mu.AwaitWithTimeout(absl::Condition(&reached), kDeadline);
    return !state_->events.empty() && state_->events.back().seq >= seq;
  }
  // The final status, or nullopt if the stream did not finish in time.
  std::optional<absl::Status> WaitForFinish() {
    absl::MutexLock lock(&state_->mu);
    auto done = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
      return state_->finished.has_value();
    };
    state_->mu.AwaitWithTimeout(absl::Condition(&done), kDeadline);
    return state_->finished;
  }
  // For failure messages: how far the stream got.
  std::string Describe() {
    absl::MutexLock lock(&state_->mu);
    std::string out = std::to_string(state_->events.size()) + " events";
    if (!state_->events.empty()) {
      out += ", seqs " + std::to_string(state_->events.front().seq) + ".." +
             std::to_string(state_->events.back().seq);
    }
    if (state_->finished) out += ", finished: " + state_->finished->ToString();
    return out;
  }
  std::optional<absl::Status> finished() {
    absl::MutexLock lock(&state_->mu);
    return state_->finished;
  }
  std::vector<StoredEvent> events() {
    absl::MutexLock lock(&state_->mu);
    return state_->events;
  }
  std::vector<int64_t> seqs() {
    std::vector<int64_t> out;
    for (const auto& e : events()) out.push_back(e.seq);
    return out;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> out;
    for (const auto& e : events()) {
      out.push_back(e.event.has_session_ended() ? "<ended " + e.event.session_id() + ">"
                                                : e.event.agent_message().text());
    }
    return out;
  }

 private:
  struct State {
    std::mutex drain_mu;
    absl::Mutex mu;
    std::vector<StoredEvent> events ABSL_GUARDED_BY(mu);
    std::optional<absl::Status> finished ABSL_GUARDED_BY(mu);

    void Drain(Subscription& sub) {
      std::lock_guard<std::mutex> drain(drain_mu);
      while (true) {
        StoredEvent event;
        switch (sub.Next(&event)) {
          case Subscription::Poll::kEvent: {
            absl::MutexLock lock(&mu);
            events.push_back(std::move(event));
            continue;
          }
          case Subscription::Poll::kWait:
            return;
          case Subscription::Poll::kFinished: {
            absl::Status status = sub.status();
            absl::MutexLock lock(&mu);
            if (!finished) finished = status;
            return;
          }
        }
      }
    }
  };

  std::shared_ptr<Subscription> subscription_;
  std::shared_ptr<State> state_;
};

hitl::v1::AgentEvent Message(const std::string& session_id, const std::string& text) {
  hitl::v1::AgentEvent event;
  event.set_session_id(session_id);
  event.set_chat_id("chat-" + session_id);
  event.mutable_agent_message()->set_text(text);
  return event;
}

// Commits one message event to `journal`; returns its seq (-1 on failure).
int64_t AppendMessage(store::Journal& journal, const std::string& session_id,
                      const std::string& text, absl::Time recorded_at = kT0) {
  auto result = store::CommitWith(journal, [&]() -> absl::StatusOr<std::optional<JournalCommit>> {
    JournalCommit commit;
    commit.entries.push_back(EncodeEntry(Message(session_id, text), recorded_at));
    return commit;
  });
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok() || result->appended.empty()) return -1;
  return result->appended.back().seq;
}

SessionRecord MakeSession(const std::string& id) {
  SessionRecord s;
  s.session_id = id;
  s.chat_id = "chat-" + id;
  s.state = SessionState::kActive;
  s.create_time = kT0;
  return s;
}

// A fresh store in memory.
std::unique_ptr<store::SqliteStore> OpenMemoryStore() {
  auto opened = store::SqliteStore::Open(":memory:", RealClock::Instance());
  EXPECT_TRUE(opened.ok()) << opened.status();
  return *std::move(opened);
}

// An event log on `store`, its feed started.
std::unique_ptr<EventLog> StartLog(store::SqliteStore& store, Executor& executor,
                                   size_t queue_limit) {
  auto log = std::make_unique<EventLog>(store, store, executor, queue_limit);
  EXPECT_TRUE(log->Start().ok());
  return log;
}

class EventLogTest : public ::testing::Test {
 protected:
  EventLogTest()
      : store_(OpenMemoryStore()),
        executor_(3, 10000),
        log_owner_(StartLog(*store_, executor_, kQueueLimit)),
        log_(*log_owner_) {}
  ~EventLogTest() override {
    // Catch-up tasks refer to the log: finish them before it goes.
    executor_.Shutdown();
  }

  static constexpr size_t kQueueLimit = 100000;

  void CreateSessions(std::initializer_list<const char*> ids) {
    for (const char* id : ids) ASSERT_TRUE(store_->CreateSession(MakeSession(id)).ok());
  }

  // Appends one message event; returns its seq.
  int64_t Append(const std::string& session_id, const std::string& text,
                 absl::Time recorded_at = kT0) {
    return AppendMessage(*store_, session_id, text, recorded_at);
  }
  // Ends `session_id` the way the ingest does: the session record and its
  // ended event in one commit, with ended_entry pointing at the event.
  int64_t EndSession(const std::string& session_id) {
    auto result = store::CommitWith(*store_, [&]() -> absl::StatusOr<std::optional<JournalCommit>> {
      auto session = store_->GetSession(session_id);
      if (!session.ok()) return session.status();
      session->state = SessionState::kEnded;
      session->end_time = kT0;
      session->ended_by = store::EndedBy::kAgent;
      hitl::v1::AgentEvent ended;
      ended.set_session_id(session_id);
      ended.mutable_session_ended()->set_ended_by(hitl::v1::ENDED_BY_AGENT);
      JournalCommit commit;
      commit.session = *session;
      commit.entries.push_back(EncodeEntry(ended, kT0));
      commit.ended_entry = 0;
      return commit;
    });
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() && !result->appended.empty() ? result->appended[0].seq : -1;
  }

  std::shared_ptr<Subscription> Subscribe(std::vector<std::string> session_ids,
                                          std::optional<int64_t> after_seq) {
    auto sub = log_.Subscribe(std::move(session_ids), after_seq);
    EXPECT_TRUE(sub.ok()) << sub.status();
    return sub.ok() ? *sub : nullptr;
  }

  std::unique_ptr<store::SqliteStore> store_;
  Executor executor_;
  std::unique_ptr<EventLog> log_owner_;
  EventLog& log_;
};

// ---------------------------------------------------------------- cursors

TEST(Cursor, RoundTripsThroughEncodeAndDecode) {
  for (int64_t seq : {int64_t{0}, int64_t{1}, int64_t{42}, int64_t{1} << 40,
                      std::numeric_limits<int64_t>::max()}) {
    std::string cursor = EncodeCursor(seq);
    EXPECT_EQ(cursor.size(), 20u) << cursor;
    auto decoded = DecodeCursor(cursor);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, seq);
  }
}

TEST(Cursor, IncreasesAsStringsWhenSeqsIncrease) {
  std::vector<int64_t> seqs = {
      0, 1, 9, 10, 99, 100, 255, 256, 1000, 123456789, std::numeric_limits<int64_t>::max()};
  for (size_t i = 1; i < seqs.size(); ++i) {
    EXPECT_LT(EncodeCursor(seqs[i - 1]), EncodeCursor(seqs[i])) << seqs[i - 1] << " vs " << seqs[i];
  }
}

TEST(Cursor, RejectsJunkWithInvalidArgumentNamingAfterCursor) {
  for (const char* junk : {"", "abc", "42", "000000000000000000042" /* 21 digits */,
                           "0000000000000000004x", "-0000000000000000001", "+0000000000000000001",
                           " 0000000000000000001", "99999999999999999999" /* > int64 max */}) {
    auto decoded = DecodeCursor(junk);
    ASSERT_FALSE(decoded.ok()) << "accepted '" << junk << "'";
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << junk;
    EXPECT_TRUE(absl::StrContains(decoded.status().message(), "after_cursor")) << decoded.status();
    EXPECT_EQ(ErrorReason(decoded.status()), reason::kInvalidField);
    EXPECT_EQ(GetErrorMetadata(decoded.status())["field"], "after_cursor");
  }
}

// ---------------------------------------------------------------- delivery

TEST_F(EventLogTest, LiveSubscriptionGetsOnlyEventsAppendedAfterItSubscribedInOrder) {
  Append("s1", "before-1");
  Append("s1", "before-2");
  Collector live(Subscribe({}, std::nullopt));
  std::vector<int64_t> expected;
  for (int i = 0; i < 5; ++i) expected.push_back(Append("s1", "after-" + std::to_string(i)));

  ASSERT_TRUE(live.WaitForEvents(5));
  EXPECT_EQ(live.seqs(), expected);
  EXPECT_EQ(live.texts(),
            (std::vector<std::string>{"after-0", "after-1", "after-2", "after-3", "after-4"}));
  for (const auto& e : live.events()) EXPECT_EQ(e.event.cursor(), EncodeCursor(e.seq));
  EXPECT_FALSE(live.finished().has_value());
}

TEST_F(EventLogTest, ResumeFromACursorGetsExactlyTheLaterEventsThenLiveOnes) {
  std::vector<int64_t> seqs;
  for (int i = 0; i < 5; ++i) seqs.push_back(Append("s1", "e" + std::to_string(i)));
  Collector resumed(Subscribe({}, seqs[1]));
  ASSERT_TRUE(resumed.WaitForEvents(3));
  seqs.push_back(Append("s1", "e5"));
  seqs.push_back(Append("s1", "e6"));
  ASSERT_TRUE(resumed.WaitForEvents(5));
  EXPECT_EQ(resumed.seqs(), std::vector<int64_t>(seqs.begin() + 2, seqs.end()));
  EXPECT_EQ(resumed.texts(), (std::vector<std::string>{"e2", "e3", "e4", "e5", "e6"}));
}

TEST_F(EventLogTest, ResumeFromTheHeadCursorIsLiveAtOnce) {
  int64_t head = Append("s1", "old");
  Collector resumed(Subscribe({}, head));
  int64_t next = Append("s1", "new");
  ASSERT_TRUE(resumed.WaitForEvents(1));
  EXPECT_EQ(resumed.seqs(), std::vector<int64_t>{next});
}

TEST_F(EventLogTest, CatchUpSpansSeveralPagesWithoutGapsOrDuplicates) {
  const int kEvents = 3 * EventLog::kPageSize + 17;
  auto result = store::CommitWith(*store_, [&]() -> absl::StatusOr<std::optional<JournalCommit>> {
    JournalCommit commit;
    for (int i = 0; i < kEvents; ++i) {
      commit.entries.push_back(EncodeEntry(Message("s1", std::to_string(i)), kT0));
    }
    return commit;
  });
  ASSERT_TRUE(result.ok());
  Collector from_start(Subscribe({}, 0));
  ASSERT_TRUE(from_start.WaitForEvents(kEvents));
  int64_t live = Append("s1", "live");
  ASSERT_TRUE(from_start.WaitForSeq(live));
  auto seqs = from_start.seqs();
  ASSERT_EQ(seqs.size(), static_cast<size_t>(kEvents + 1));
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<int64_t>(i + 1));
}

// The seam between catch-up and live delivery: a writer appends without
// pause while subscribers join at random points with random cursors. Each
// must see every seq after its cursor exactly once, in order.
TEST_F(EventLogTest, ResumingSubscribersSeeEverySeqAfterTheirCursorExactlyOnceUnderLoad) {
  constexpr int kEvents = 4000;
  constexpr int kSubscribers = 16;
  std::mt19937 random(20240611);

  CreateSessions({"s0", "s1", "s2"});
  absl::Mutex progress_mu;
  int appended = 0;  // guarded by progress_mu

  // Join points spread over the run; cursors anywhere up to the head, so
  // some subscribers catch up through several pages and some are live at once.
  std::vector<int> join_at;
  for (int i = 0; i < kSubscribers; ++i) {
    join_at.push_back(std::uniform_int_distribution<int>(0, kEvents - 1)(random));
  }
  std::sort(join_at.begin(), join_at.end());
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i) {
      Append("s" + std::to_string(i % 3), "e" + std::to_string(i));
      absl::MutexLock lock(&progress_mu);
      ++appended;
    }
  });
  struct JoinOnExit {
    std::thread& thread;
    ~JoinOnExit() {
      if (thread.joinable()) thread.join();
    }
  } join_writer{writer};

  struct Joined {
    int64_t cursor;
    std::unique_ptr<Collector> collector;
  };
  struct Live {
    int64_t head_before;  // the stream starts after this...
    int64_t head_after;   // ...and no later than right after this
    std::unique_ptr<Collector> collector;
  };
  std::vector<Joined> joined;
  std::vector<Live> live_only;
  // Streams of session s1 without a cursor: all of s1 from its beginning.
  std::vector<std::unique_ptr<Collector>> session_streams;
  for (int i = 0; i < kSubscribers; ++i) {
    {
      absl::MutexLock lock(&progress_mu);
      const int target = join_at[i];
      auto reached = [&appended, target]()
                         ABSL_EXCLUSIVE_LOCKS_REQUIRED(progress_mu) { return appended >= target; };
      progress_mu.Await(absl::Condition(&reached));
    }
    auto head = store_->LastSeq();
    ASSERT_TRUE(head.ok());
    int64_t cursor = std::uniform_int_distribution<int64_t>(0, *head)(random);
    if (i % 2 == 0) cursor = std::max<int64_t>(0, *head - (i % 4 == 0 ? 600 : 3));
    joined.push_back(Joined{cursor, std::make_unique<Collector>(Subscribe({}, cursor))});
    if (i % 4 == 1) {
      int64_t before = *store_->LastSeq();
      auto collector = std::make_unique<Collector>(Subscribe({}, std::nullopt));
      live_only.push_back(Live{before, *store_->LastSeq(), std::move(collector)});
    }
    if (i % 4 == 3)
      session_streams.push_back(std::make_unique<Collector>(Subscribe({"s1"}, std::nullopt)));
  }
  writer.join();
  // A final event every subscriber must get, however late it joined.
  const int64_t last = Append("s1", "final");
  ASSERT_EQ(last, kEvents + 1);

  for (auto& [cursor, collector] : joined) {
    ASSERT_TRUE(collector->WaitForSeq(last))
        << "cursor " << cursor << ": " << collector->Describe();
    auto seqs = collector->seqs();
    ASSERT_EQ(seqs.size(), static_cast<size_t>(last - cursor))
        << "cursor " << cursor << ": " << collector->Describe();
    for (size_t k = 0; k < seqs.size(); ++k) {
      ASSERT_EQ(seqs[k], cursor + 1 + static_cast<int64_t>(k)) << "cursor " << cursor;
    }
    EXPECT_FALSE(collector->finished().has_value()) << collector->Describe();
  }
  for (auto& [head_before, head_after, collector] : live_only) {
    ASSERT_TRUE(collector->WaitForSeq(last)) << collector->Describe();
    auto seqs = collector->seqs();
    ASSERT_FALSE(seqs.empty());
    EXPECT_GT(seqs.front(), head_before);
    EXPECT_LE(seqs.front(), head_after + 1);
    for (size_t k = 1; k < seqs.size(); ++k) ASSERT_EQ(seqs[k], seqs[k - 1] + 1);
    EXPECT_EQ(seqs.back(), last);
  }
  // Event i (seq i + 1) went to session "s<i % 3>", so s1 has seqs 2, 5, 8, ...
  std::vector<int64_t> s1_seqs;
  for (int64_t seq = 2; seq <= kEvents; seq += 3) s1_seqs.push_back(seq);
  s1_seqs.push_back(last);
  for (auto& collector : session_streams) {
    ASSERT_TRUE(collector->WaitForSeq(last)) << collector->Describe();
    EXPECT_EQ(collector->seqs(), s1_seqs) << collector->Describe();
  }
}

TEST_F(EventLogTest, FiltersBySessionIds) {
  CreateSessions({"a", "b", "c"});
  Append("a", "a1");
  Append("b", "b1");
  Append("c", "c1");
  int64_t cursor = Append("b", "b2");
  Collector resumed(Subscribe({"a", "c"}, 0));
  Collector only_b(Subscribe({"b"}, cursor));
  Append("b", "b3");
  Append("a", "a2");
  Append("c", "c2");
  Append("b", "b4");
  ASSERT_TRUE(resumed.WaitForEvents(4));
  ASSERT_TRUE(only_b.WaitForEvents(2));
  EXPECT_EQ(resumed.texts(), (std::vector<std::string>{"a1", "c1", "a2", "c2"}));
  EXPECT_EQ(only_b.texts(), (std::vector<std::string>{"b3", "b4"}));
  // A marker proves nothing else was on its way.
  Append("a", "marker");
  ASSERT_TRUE(resumed.WaitForEvents(5));
  EXPECT_EQ(resumed.texts().back(), "marker");
  EXPECT_EQ(resumed.events().size(), 5u);
}

TEST_F(EventLogTest, SessionStreamWithoutCursorStartsAtTheSessionsBeginning) {
  CreateSessions({"a", "b"});
  Append("a", "a1");  // e.g. the routing event journaled during StartHitl
  Append("b", "b1");
  Append("a", "a2");
  Collector from_start(Subscribe({"a"}, std::nullopt));
  Collector all_live(Subscribe({}, std::nullopt));
  ASSERT_TRUE(from_start.WaitForEvents(2));
  Append("b", "b2");
  Append("a", "a3");
  ASSERT_TRUE(from_start.WaitForEvents(3));
  ASSERT_TRUE(all_live.WaitForEvents(2));
  EXPECT_EQ(from_start.texts(), (std::vector<std::string>{"a1", "a2", "a3"}));
  // A stream of all sessions still starts now.
  EXPECT_EQ(all_live.texts(), (std::vector<std::string>{"b2", "a3"}));
}

TEST_F(EventLogTest, DuplicateCommitPublishesNothing) {
  Collector live(Subscribe({}, std::nullopt));
  auto append_delivery = [&] {
    return store::CommitWith(*store_, [&]() -> absl::StatusOr<std::optional<JournalCommit>> {
      JournalCommit commit;
      commit.dedup_key = "webhook-1";
      commit.entries.push_back(EncodeEntry(Message("s1", "once"), kT0));
      return commit;
    });
  };
  auto first = append_delivery();
  auto second = append_delivery();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE(first->duplicate);
  EXPECT_TRUE(second->duplicate);
  Append("s1", "marker");
  ASSERT_TRUE(live.WaitForEvents(2));
  EXPECT_EQ(live.texts(), (std::vector<std::string>{"once", "marker"}));
}

TEST_F(EventLogTest, AppendWritesNothingWhenBuildDeclinesOrFails) {
  Collector live(Subscribe({}, std::nullopt));
  auto nothing =
      store::CommitWith(*store_, []() -> absl::StatusOr<std::optional<JournalCommit>> { return std::nullopt; });
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->appended.empty());
  auto failed = store::CommitWith(*store_, []() -> absl::StatusOr<std::optional<JournalCommit>> {
    return absl::FailedPreconditionError("session ended");
  });
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store_->LastSeq(), 0);
  int64_t marker = Append("s1", "marker");
  ASSERT_TRUE(live.WaitForEvents(1));
  EXPECT_EQ(live.seqs(), std::vector<int64_t>{marker});
}

// ---------------------------------------------------------------- slow subscribers

TEST(EventLog, SlowSubscriberIsDroppedWithResourceExhaustedWhileOthersKeepReceiving) {
  auto store = OpenMemoryStore();
  Executor executor(2, 1000);
  constexpr size_t kLimit = 4;
  auto log_owner = StartLog(*store, executor, kLimit);
  EventLog& log = *log_owner;
  auto append = [&store](const std::string& text) { AppendMessage(*store, "s1", text); };

  auto slow = log.Subscribe({}, std::nullopt);
  ASSERT_TRUE(slow.ok());
  std::atomic<int> slow_wakeups{0};
  (*slow)->SetWakeup([&slow_wakeups] { ++slow_wakeups; });  // never drains
  auto fast_sub = log.Subscribe({}, std::nullopt);
  ASSERT_TRUE(fast_sub.ok());
  Collector fast(*fast_sub);
  ASSERT_EQ(log.subscriber_count(), 2u);

  // A full queue is still fine...
  for (size_t i = 0; i < kLimit; ++i) append("e" + std::to_string(i));
  ASSERT_TRUE(testing::Eventually([&] { return slow_wakeups.load() == static_cast<int>(kLimit); }));
  EXPECT_EQ(log.subscriber_count(), 2u);
  EXPECT_TRUE((*slow)->status().ok());

  // ...one event more than it holds drops it, and only it.
  append("over");
  ASSERT_TRUE(testing::Eventually([&] { return log.subscriber_count() == 1u; }));
  constexpr size_t kMore = 20;
  for (size_t i = 1; i < kMore; ++i) append("more" + std::to_string(i));

  StoredEvent event;
  EXPECT_EQ((*slow)->Next(&event), Subscription::Poll::kFinished);
  absl::Status status = (*slow)->status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_EQ(ErrorReason(status), reason::kSubscriberTooSlow);
  EXPECT_EQ(slow_wakeups.load(), static_cast<int>(kLimit) + 1);  // told it is over

  ASSERT_TRUE(fast.WaitForEvents(kLimit + kMore));
  auto seqs = fast.seqs();
  ASSERT_EQ(seqs.size(), kLimit + kMore);
  for (size_t k = 0; k < seqs.size(); ++k) EXPECT_EQ(seqs[k], static_cast<int64_t>(k + 1));
  EXPECT_FALSE(fast.finished().has_value());
  (*slow)->Cancel();
  executor.Shutdown();  // before the log goes
}

// ---------------------------------------------------------------- shutdown

TEST_F(EventLogTest, CloseAllEndsEverySubscriptionWithTheStatusAndRefusesNewOnes) {
  CreateSessions({"s1"});
  for (int i = 0; i < 3; ++i) Append("s1", "e" + std::to_string(i));
  Collector live(Subscribe({}, std::nullopt));
  Collector resumed(Subscribe({}, 1));
  Collector one_session(Subscribe({"s1"}, std::nullopt));
  ASSERT_TRUE(resumed.WaitForEvents(2));

  const absl::Status shutdown =
      MakeError(absl::StatusCode::kUnavailable, reason::kShuttingDown, "gateway shutting down");
  log_.CloseAll(shutdown);

  for (Collector* c : {&live, &resumed, &one_session}) {
    auto status = c->WaitForFinish();
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->code(), absl::StatusCode::kUnavailable) << *status;
    EXPECT_EQ(ErrorReason(*status), reason::kShuttingDown);
  }
  EXPECT_EQ(log_.subscriber_count(), 0u);

  auto later = log_.Subscribe({}, std::nullopt);
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(later.status()), reason::kShuttingDown);
  auto later_resume = log_.Subscribe({}, 0);
  EXPECT_EQ(later_resume.status().code(), absl::StatusCode::kUnavailable);
}

// ---------------------------------------------------------------- ended sessions

TEST_F(EventLogTest, StreamOfOneSessionFinishesOkRightAfterItsEndedEvent) {
  CreateSessions({"s1", "s2"});
  Collector one(Subscribe({"s1"}, std::nullopt));
  Collector all(Subscribe({}, std::nullopt));
  Append("s2", "other");
  Append("s1", "hello");
  int64_t ended = EndSession("s1");
  auto status = one.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->ok()) << *status;
  EXPECT_EQ(one.texts(), (std::vector<std::string>{"hello", "<ended s1>"}));
  EXPECT_EQ(one.seqs().back(), ended);
  auto session = store_->GetSession("s1");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->ended_seq, ended);

  // The all-sessions stream goes on.
  int64_t after = Append("s2", "still here");
  ASSERT_TRUE(all.WaitForSeq(after));
  EXPECT_FALSE(all.finished().has_value());
  EXPECT_EQ(log_.subscriber_count(), 1u);
}

TEST_F(EventLogTest, StreamOfSeveralSessionsFinishesOnlyAfterEveryOneEnded) {
  CreateSessions({"s1", "s2"});
  Collector both(Subscribe({"s1", "s2"}, std::nullopt));
  EndSession("s1");
  ASSERT_TRUE(both.WaitForEvents(1));
  int64_t msg = Append("s2", "still open");
  ASSERT_TRUE(both.WaitForSeq(msg));
  EXPECT_FALSE(both.finished().has_value());
  EndSession("s2");
  auto status = both.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->ok()) << *status;
  EXPECT_EQ(both.texts(), (std::vector<std::string>{"<ended s1>", "still open", "<ended s2>"}));
}

TEST_F(EventLogTest, ResumingBeforeTheEndReplaysThroughTheEndedEventThenFinishesOk) {
  CreateSessions({"s1", "s2"});
  int64_t first = Append("s1", "one");
  Append("s2", "other");
  Append("s1", "two");
  EndSession("s1");
  Append("s2", "after end");
  Collector resumed(Subscribe({"s1"}, first));
  auto status = resumed.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->ok()) << *status;
  EXPECT_EQ(resumed.texts(), (std::vector<std::string>{"two", "<ended s1>"}));
}

TEST_F(EventLogTest, SubscribingAfterTheEndWithALaterCursorFinishesImmediately) {
  CreateSessions({"s1"});
  Append("s1", "hello");
  int64_t ended = EndSession("s1");
  Append("s1", "straggler");  // nothing for s1 may follow its end

  for (int64_t cursor : {ended, ended + 1}) {
    Collector resumed(Subscribe({"s1"}, cursor));
    auto status = resumed.WaitForFinish();
    ASSERT_TRUE(status.has_value()) << "cursor " << cursor;
    EXPECT_TRUE(status->ok()) << *status;
    EXPECT_TRUE(resumed.events().empty()) << resumed.Describe();
  }
}

TEST_F(EventLogTest, SessionStreamWithoutCursorReplaysAnEndedSessionThenFinishesOk) {
  CreateSessions({"s1"});
  Append("s1", "hello");
  EndSession("s1");
  Collector replay(Subscribe({"s1"}, std::nullopt));
  auto status = replay.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->ok()) << *status;
  EXPECT_EQ(replay.texts(), (std::vector<std::string>{"hello", "<ended s1>"}));
}

TEST_F(EventLogTest, SessionWhoseEndedEventWasPrunedFinishesImmediately) {
  CreateSessions({"s1", "s2"});
  Append("s1", "old", kT0 - absl::Hours(1));
  EndSession("s1");  // recorded at kT0
  int64_t keep = Append("s2", "new", kT0 + absl::Hours(1));
  ASSERT_TRUE(store_->Prune(kT0 + absl::Minutes(1)).ok());
  ASSERT_EQ(*store_->PrunedThrough(), keep - 1);

  // Its end is gone, so waiting for it would never finish.
  Collector without_cursor(Subscribe({"s1"}, std::nullopt));
  Collector with_cursor(Subscribe({"s1"}, keep - 1));
  for (Collector* c : {&without_cursor, &with_cursor}) {
    auto status = c->WaitForFinish();
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(status->ok()) << *status;
    EXPECT_TRUE(c->events().empty()) << c->Describe();
  }
}

// ---------------------------------------------------------------- failures

TEST_F(EventLogTest, CatchUpReadFailureEndsTheStreamWithTheStoreError) {
  Append("s1", "one");
  Append("s1", "two");
  auto sub = Subscribe({}, 0);  // catching up: its first Next reads the store
  store_->Close();
  Collector broken(sub);
  auto status = broken.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code(), absl::StatusCode::kUnavailable) << *status;
  EXPECT_TRUE(broken.events().empty());
  EXPECT_EQ(log_.subscriber_count(), 0u);
}

TEST_F(EventLogTest, AStoreThatCannotBeReadEndsLiveStreamsUnavailableAndRefusesNewOnes) {
  Collector live(Subscribe({}, std::nullopt));
  store_->Close();
  auto result = store::CommitWith(*store_, []() -> absl::StatusOr<std::optional<JournalCommit>> {
    JournalCommit commit;
    commit.entries.push_back(EncodeEntry(Message("s1", "lost"), kT0));
    return commit;
  });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  // The feed cannot read the store: the stream ends so the client resumes.
  auto status = live.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code(), absl::StatusCode::kUnavailable) << *status;
  EXPECT_EQ(ErrorReason(*status), reason::kStoreFailure);
  EXPECT_TRUE(live.events().empty());
  EXPECT_EQ(log_.Subscribe({}, std::nullopt).status().code(), absl::StatusCode::kUnavailable);
}

TEST(EventLog, CatchUpRefusedByAFullExecutorEndsWithOverloaded) {
  auto store = OpenMemoryStore();
  Executor full(0, 0);  // refuses every task
  auto log_owner = StartLog(*store, full, 100);
  EventLog& log = *log_owner;
  AppendMessage(*store, "s1", "one");
  auto sub = log.Subscribe({}, 0);
  ASSERT_TRUE(sub.ok()) << sub.status();
  Collector refused(*sub);
  auto status = refused.WaitForFinish();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code(), absl::StatusCode::kUnavailable) << *status;
  EXPECT_EQ(ErrorReason(*status), reason::kOverloaded);
  EXPECT_EQ(log.subscriber_count(), 0u);
}

// ---------------------------------------------------------------- bad cursors

TEST_F(EventLogTest, CursorOlderThanRetentionIsOutOfRangeWithCursorExpired) {
  std::vector<int64_t> seqs;
  for (int i = 0; i < 3; ++i) seqs.push_back(Append("s1", "old", kT0 - absl::Hours(1)));
  for (int i = 0; i < 2; ++i) seqs.push_back(Append("s1", "new", kT0 + absl::Hours(1)));
  ASSERT_TRUE(store_->Prune(kT0).ok());
  ASSERT_EQ(*store_->PrunedThrough(), seqs[2]);

  for (int64_t cursor : {int64_t{0}, seqs[0], seqs[1]}) {
    auto sub = log_.Subscribe({}, cursor);
    ASSERT_FALSE(sub.ok()) << "cursor " << cursor;
    EXPECT_EQ(sub.status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_EQ(ErrorReason(sub.status()), reason::kCursorExpired);
    EXPECT_EQ(GetErrorMetadata(sub.status())["field"], "after_cursor");
  }
  // The last pruned seq itself is still a good cursor: nothing after it is gone.
  Collector resumed(Subscribe({}, seqs[2]));
  ASSERT_TRUE(resumed.WaitForEvents(2));
  EXPECT_EQ(resumed.seqs(), (std::vector<int64_t>{seqs[3], seqs[4]}));
}

TEST_F(EventLogTest, CursorAheadOfTheJournalIsOutOfRangeWithCursorInvalid) {
  int64_t head = Append("s1", "only");
  auto sub = log_.Subscribe({}, head + 1);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ErrorReason(sub.status()), reason::kCursorInvalid);
  EXPECT_EQ(GetErrorMetadata(sub.status())["field"], "after_cursor");

  auto at_head = log_.Subscribe({}, head);
  EXPECT_TRUE(at_head.ok()) << at_head.status();
}

TEST_F(EventLogTest, UnknownSessionIdIsNotFound) {
  CreateSessions({"known"});
  auto sub = log_.Subscribe({"known", "unknown"}, std::nullopt);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(sub.status()), reason::kSessionNotFound);
  EXPECT_TRUE(absl::StrContains(sub.status().message(), "unknown")) << sub.status();
  EXPECT_EQ(log_.subscriber_count(), 0u);
}

}  // namespace
}  // namespace hitl::events

namespace hitl::events {
namespace {

TEST(EventLog, CatchUpBacklogDoesNotCountAgainstTheLiveQueueLimit) {
  auto store = OpenMemoryStore();
  Executor executor(2, 1000);
  constexpr size_t kLimit = 4;
  auto log_owner = StartLog(*store, executor, kLimit);
  EventLog& log = *log_owner;
  for (int i = 0; i < 200; ++i) AppendMessage(*store, "s1", "old" + std::to_string(i));

  auto resumed = log.Subscribe({}, 0);
  ASSERT_TRUE(resumed.ok());
  absl::Notification fetched;
  (*resumed)->SetWakeup([&fetched] {
    if (!fetched.HasBeenNotified()) fetched.Notify();
  });
  StoredEvent event;
  ASSERT_EQ((*resumed)->Next(&event), Subscription::Poll::kWait);  // starts the catch-up
  ASSERT_TRUE(fetched.WaitForNotificationWithTimeout(kDeadline));
  // 200 events wait from the store; a few live ones must not drop the subscriber.
  for (size_t i = 0; i + 1 < kLimit; ++i) AppendMessage(*store, "s1", "live" + std::to_string(i));
  size_t received = 0;
  EXPECT_TRUE(testing::Eventually([&] {
    while ((*resumed)->Next(&event) == Subscription::Poll::kEvent) ++received;
    return received == 200 + kLimit - 1;
  })) << received;
  EXPECT_TRUE((*resumed)->status().ok()) << (*resumed)->status();
  (*resumed)->Cancel();
  executor.Shutdown();
}

}  // namespace
}  // namespace hitl::events
