// The gateway's domain wired for tests: an in-memory store, the event log,
// a FakeLiveChat and a fake clock, plus helpers to feed webhooks and read
// the journal.
#pragma once

#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "hitl/v1/hitl.pb.h"
#include "server/common/executor.h"
#include "server/events/event_log.h"
#include "server/handoff/agent_event_ingest.h"
#include "server/handoff/customer_tokens.h"
#include "server/handoff/group_directory.h"
#include "server/handoff/handoff_service.h"
#include "server/handoff/session_ender.h"
#include "server/livechat/wire/webhooks.h"
#include "server/store/sqlite_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_livechat.h"

namespace hitl::testing {

inline constexpr char kOrganization[] = "org-1";
inline constexpr char kWebhookSecret[] = "hook-secret";
inline constexpr int64_t kDefaultGroup = 0;

class HandoffFixture : public ::testing::Test {
 protected:
  HandoffFixture();
  ~HandoffFixture() override;

  // A started session (user "u1", one user and one bot transcript message).
  hitl::v1::Session StartSession(const std::string& request_id = "");

  // Feeds a webhook built from `payload` (already verified) to the ingest.
  absl::StatusOr<handoff::IngestOutcome> Deliver(const std::string& action,
                                                 const livechat::wire::Json& payload,
                                                 const std::string& organization = kOrganization);
  absl::StatusOr<handoff::IngestOutcome> AgentMessage(const hitl::v1::Session& session,
                                                      const std::string& event_id,
                                                      const std::string& author,
                                                      const std::string& text,
                                                      const std::string& visibility = "all");
  absl::StatusOr<handoff::IngestOutcome> ChatDeactivated(const hitl::v1::Session& session,
                                                         const std::string& user_id);

  // Every journaled event, oldest first.
  std::vector<hitl::v1::AgentEvent> Journal();
  store::SessionRecord Stored(const std::string& session_id);

  FakeClock clock_;
  std::unique_ptr<store::SqliteStore> store_;
  Executor executor_{2, 100};
  std::unique_ptr<events::EventLog> log_;
  FakeLiveChat livechat_{clock_};
  std::unique_ptr<handoff::CustomerTokens> tokens_;
  std::unique_ptr<handoff::GroupDirectory> groups_;
  std::unique_ptr<handoff::SessionEnder> ender_;
  std::unique_ptr<handoff::HandoffService> handoff_;
  std::unique_ptr<handoff::AgentEventIngest> ingest_;
};

}  // namespace hitl::testing
