// DutyLease: one replica at a time holds the duties; a dead holder's lease
// is taken over, a released one at once.
#include "server/handoff/duty_lease.h"

#include <atomic>

#include "gtest/gtest.h"
#include "server/common/clock.h"
#include "tests/support/eventually.h"
#include "tests/support/fake_store.h"
#include "tests/support/log_capture.h"

namespace hitl::handoff {
namespace {

using testing::Eventually;
using testing::LogCapture;

constexpr absl::Duration kTtl = absl::Milliseconds(600);

// A replica's view of the shared store that can die: once `dead`, its calls
// never arrive (as if its process had been killed), so it neither renews
// nor releases.
class MortalLeases final : public store::Leases {
 public:
  explicit MortalLeases(store::Leases& store) : store_(store) {}
  absl::StatusOr<bool> AcquireLease(absl::string_view name, absl::string_view owner,
                                    absl::Duration ttl) override {
    ++acquire_calls;
    if (dead) return absl::UnavailableError("replica is dead");
    return store_.AcquireLease(name, owner, ttl);
  }
  absl::Status ReleaseLease(absl::string_view name, absl::string_view owner) override {
    if (dead) return absl::UnavailableError("replica is dead");
    return store_.ReleaseLease(name, owner);
  }
  std::atomic<bool> dead{false};
  std::atomic<int> acquire_calls{0};

 private:
  store::Leases& store_;
};

class DutyLeaseTest : public ::testing::Test {
 protected:
  std::shared_ptr<testing::FakeStore::Backend> backend_ =
      testing::FakeStore::NewBackend(RealClock::Instance());
  testing::FakeStore store_a_{backend_};
  testing::FakeStore store_b_{backend_};
  MortalLeases leases_a_{store_a_};
  // Two replicas that compete for the lease once started; `a` first.
  DutyLease a_{leases_a_, "replica-a", kTtl};
  DutyLease b_{store_b_, "replica-b", kTtl};
  void StartBoth() {
    a_.Start();
    b_.Start();
  }
};

TEST_F(DutyLeaseTest, ALoneReplicaHoldsItFromTheStart) {
  DutyLease lease(store_a_, "replica-a", kTtl);
  lease.Start();
  EXPECT_TRUE(lease.held());
  lease.Stop();
  EXPECT_FALSE(lease.held());
}

TEST_F(DutyLeaseTest, OnlyOneOfTwoReplicasHoldsItAndTheHolderKeepsIt) {
  StartBoth();
  ASSERT_TRUE(a_.held());
  // Over several lease periods the holder renews and the other never gets it.
  EXPECT_FALSE(Eventually([&] { return b_.held() || !a_.held(); }, 4 * kTtl));
  EXPECT_TRUE(a_.held());
  EXPECT_FALSE(b_.held());
}

TEST_F(DutyLeaseTest, ADeadHoldersLeaseIsTakenOverWithinTwoLeasePeriods) {
  StartBoth();
  ASSERT_TRUE(a_.held());
  const absl::Time died = absl::Now();
  leases_a_.dead = true;
  ASSERT_TRUE(Eventually([&] { return b_.held(); }));
  const absl::Duration takeover = absl::Now() - died;
  ::testing::Test::RecordProperty("takeover_ms", absl::ToInt64Milliseconds(takeover));
  // ttl + ttl/3 by design; the slack absorbs a loaded machine's scheduling.
  EXPECT_LT(takeover, 2 * kTtl + absl::Seconds(1)) << takeover;
}

TEST_F(DutyLeaseTest, AReleasedLeaseIsTakenOverAtTheNextRenewal) {
  auto a = std::make_unique<DutyLease>(store_a_, "replica-a", absl::Hours(1));
  DutyLease b(store_b_, "replica-b", kTtl);
  a->Start();
  b.Start();
  ASSERT_TRUE(a->held());
  EXPECT_FALSE(b.held());
  a.reset();  // shutdown releases it; without that b would wait an hour
  EXPECT_TRUE(Eventually([&] { return b.held(); }));
}

TEST_F(DutyLeaseTest, AReplicaThatCannotReachTheStoreStopsHoldingIt) {
  DutyLease a(leases_a_, "replica-a", kTtl);
  a.Start();
  ASSERT_TRUE(a.held());
  leases_a_.dead = true;
  EXPECT_TRUE(Eventually([&] { return !a.held(); }));
}

TEST_F(DutyLeaseTest, AStoreOutageIsWarnedOnceAndItsEndSaid) {
  LogCapture log;
  DutyLease a(leases_a_, "replica-a", kTtl);
  a.Start();
  leases_a_.dead = true;
  const int calls = leases_a_.acquire_calls;
  ASSERT_TRUE(Eventually([&] { return leases_a_.acquire_calls >= calls + 3; }));
  leases_a_.dead = false;
  ASSERT_TRUE(Eventually([&] { return a.held(); }));
  a.Stop();
  const std::string text = log.Text();
  size_t warnings = 0;
  for (size_t at = text.find("cannot renew"); at != std::string::npos;
       at = text.find("cannot renew", at + 1)) {
    ++warnings;
  }
  EXPECT_EQ(warnings, 1u) << text;
  EXPECT_NE(text.find("the store answers again"), std::string::npos) << text;
}

}  // namespace
}  // namespace hitl::handoff
