#include "server/livechat/retry_loop.h"

#include "gtest/gtest.h"
#include "server/common/errors.h"
#include "server/livechat/wire/api_error.h"
#include "tests/support/fake_clock.h"

namespace hitl::livechat {
namespace {

using testing::FakeClock;

absl::Status LiveChatError(absl::string_view type, std::optional<absl::Duration> retry_after =
                                                        std::nullopt) {
  return ApiErrorStatus("send_event", wire::ApiError{.type = std::string(type)}, retry_after);
}

// Answers the scripted results in turn and counts attempts.
struct Script {
  std::vector<absl::StatusOr<int>> results;
  int calls = 0;
  std::function<absl::StatusOr<int>()> fn() {
    return [this]() -> absl::StatusOr<int> { return results[std::min<size_t>(calls++, results.size() - 1)]; };
  }
};

std::function<double()> NoJitter() { return [] { return 0.0; }; }

TEST(RetryLoop, ReturnsFirstSuccessWithoutWaiting) {
  FakeClock clock;
  Script script{{7}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_EQ(*result, 7);
  EXPECT_EQ(script.calls, 1);
  EXPECT_EQ(clock.slept(), absl::ZeroDuration());
}

TEST(RetryLoop, DoesNotRetryPermanentFailures) {
  FakeClock clock;
  Script script{{LiveChatError("validation"), 1}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(script.calls, 1);
}

TEST(RetryLoop, RetriesTransientFailuresThenSucceeds) {
  FakeClock clock;
  Script script{{LiveChatError("internal"), LiveChatError("service_unavailable"), 3}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_EQ(*result, 3);
  EXPECT_EQ(script.calls, 3);
  // Exponential backoff: 100ms (half of 200ms, no jitter) then 200ms.
  EXPECT_EQ(clock.slept(), absl::Milliseconds(300));
}

TEST(RetryLoop, GivesUpAfterMaxAttemptsSayingSo) {
  FakeClock clock;
  Script script{{LiveChatError("too_many_requests")}};
  RetryOptions options{.max_attempts = 3};
  auto result = RetryLoop<int>(options, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_EQ(script.calls, 3);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(result.status()), reason::kLiveChatRateLimited);
  EXPECT_NE(result.status().message().find("gave up after 3 attempts"), std::string::npos);
}

TEST(RetryLoop, StopsWhenTheTimeBudgetIsSpent) {
  FakeClock clock;
  Script script{{LiveChatError("service_unavailable")}};
  RetryOptions options{.max_attempts = 100, .budget = absl::Seconds(2),
                       .initial_backoff = absl::Seconds(1), .max_backoff = absl::Seconds(1)};
  auto result = RetryLoop<int>(options, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_FALSE(result.ok());
  EXPECT_LE(clock.slept(), absl::Seconds(2));
  EXPECT_EQ(script.calls, 5);  // waits of 0.5s each: 4 fit in 2s
}

TEST(RetryLoop, HonoursRetryAfter) {
  FakeClock clock;
  Script script{{LiveChatError("too_many_requests", absl::Seconds(3)), 1}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(clock.slept(), absl::Seconds(3));
}

TEST(RetryLoop, GivesUpAtOnceWhenRetryAfterExceedsTheBudget) {
  FakeClock clock;
  Script script{{LiveChatError("too_many_requests", absl::Minutes(5)), 1}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kIdempotent,
                               script.fn());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(script.calls, 1);
  EXPECT_EQ(clock.slept(), absl::ZeroDuration());
}

TEST(RetryLoop, NeverRepeatsANonIdempotentCallLiveChatMayHaveDone) {
  FakeClock clock;
  Script script{{LiveChatError("internal"), 1}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kNonIdempotent,
                               script.fn());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(script.calls, 1);
}

TEST(RetryLoop, RepeatsANonIdempotentCallLiveChatRefusedUnprocessed) {
  FakeClock clock;
  Script script{{LiveChatError("too_many_requests"), 5}};
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kNonIdempotent,
                               script.fn());
  EXPECT_EQ(*result, 5);
}

TEST(RetryLoop, RepeatsANonIdempotentCallOnlyAfterVerifyingItHadNoEffect) {
  FakeClock clock;
  Script script{{LiveChatError("internal"), 9}};
  int verified = 0;
  VerifyFn<int> nothing_there = [&]() -> absl::StatusOr<std::optional<int>> {
    ++verified;
    return std::nullopt;
  };
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kNonIdempotent,
                               script.fn(), nothing_there);
  EXPECT_EQ(*result, 9);
  EXPECT_EQ(verified, 1);
  EXPECT_EQ(script.calls, 2);
}

TEST(RetryLoop, ReturnsTheEarlierResultWhenVerificationFindsIt) {
  FakeClock clock;
  Script script{{LiveChatError("request_timeout"), 9}};
  VerifyFn<int> found = []() -> absl::StatusOr<std::optional<int>> { return 42; };
  auto result = RetryLoop<int>(RetryOptions{}, clock, NoJitter(), Idempotency::kNonIdempotent,
                               script.fn(), found);
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(script.calls, 1);
}

TEST(Backoff, GrowsExponentiallyWithJitterAndIsCapped) {
  RetryOptions options{.initial_backoff = absl::Seconds(1), .max_backoff = absl::Seconds(4)};
  Backoff full(options, [] { return 0.999999; });
  EXPECT_NEAR(absl::ToDoubleSeconds(full.Next()), 1.0, 1e-3);
  EXPECT_NEAR(absl::ToDoubleSeconds(full.Next()), 2.0, 1e-3);
  EXPECT_NEAR(absl::ToDoubleSeconds(full.Next()), 4.0, 1e-3);
  EXPECT_NEAR(absl::ToDoubleSeconds(full.Next()), 4.0, 1e-3);
  Backoff low(options, [] { return 0.0; });
  EXPECT_EQ(low.Next(), absl::Milliseconds(500));
}

}  // namespace
}  // namespace hitl::livechat

namespace hitl::livechat {
namespace {

TEST(RetryLoop, LooksOnceMoreBeforeGivingUpOnACallLiveChatMayHaveDone) {
  testing::FakeClock clock;
  int attempts = 0, verified = 0;
  std::function<absl::StatusOr<int>()> attempt = [&]() -> absl::StatusOr<int> {
    ++attempts;
    return ApiErrorStatus("send_event", wire::ApiError{.type = "internal"}, std::nullopt);
  };
  VerifyFn<int> verify = [&]() -> absl::StatusOr<std::optional<int>> {
    // Nothing after the first attempts; the last one did go through.
    return ++verified == 3 ? std::optional<int>(7) : std::nullopt;
  };
  auto result = RetryLoop<int>(RetryOptions{.max_attempts = 3}, clock, [] { return 0.0; },
                               Idempotency::kNonIdempotent, attempt, verify);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 7);
  EXPECT_EQ(attempts, 3);
}

}  // namespace
}  // namespace hitl::livechat
