// A Store wrapper that fails or stalls chosen methods on command and counts
// calls, for tests of what the gateway answers when its store fails
// (leveldb's fault-injecting Env, for our store seam). Everything not made
// to fail goes to the wrapped store unchanged.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store.h"

namespace hitl::testing {

class FaultyStore final : public store::Store {
 public:
  enum class Method {
    kCreateSession, kGetSession, kFindSessionByChat, kUpdateSession, kDeleteSession,
    kListOpenSessions, kCommit, kReadJournal, kWaitForEntries, kLastSeq, kPrunedThrough,
    kPrune, kReserve, kSaveProgress, kComplete, kRelease, kAcquireLease, kReleaseLease,
    kPing, kForgetExpired,
  };

  explicit FaultyStore(std::unique_ptr<store::Store> inner);
  // Wraps a store it does not own (which must outlive it).
  explicit FaultyStore(store::Store& inner);

  // Calls of `method` fail with `status`, the next `times` of them (-1: until
  // Heal).
  void Fail(Method method, absl::Status status, int times = -1);
  // Every call fails with UNAVAILABLE naming the store, as when the backend
  // cannot be reached (WaitForEntries too, after its wait).
  void FailEverything();
  // Calls of `method` block until Unstall or Heal.
  void Stall(Method method);
  void Unstall(Method method);
  // From now on FindSessionByChatToWrite answers, for each chat, the record
  // it answered first after this call: as stale as the contract allows
  // (an older version, or a session since deleted).
  void ServeStaleRecords();
  // Clears every failure, stall and stale record.
  void Heal();
  // How many calls `method` had (failed and stalled ones included).
  int calls(Method method);
  store::Store& inner() { return *inner_; }

  absl::StatusOr<store::SessionRecord> CreateSession(const store::SessionRecord& s) override;
  absl::StatusOr<store::SessionRecord> GetSession(absl::string_view session_id) override;
  absl::StatusOr<std::optional<store::SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) override;
  absl::StatusOr<std::optional<store::SessionRecord>> FindSessionByChatToWrite(
      absl::string_view chat_id) override;
  absl::StatusOr<store::SessionRecord> UpdateSession(const store::SessionRecord& s) override;
  absl::Status DeleteSession(absl::string_view session_id) override;
  absl::StatusOr<std::vector<store::SessionRecord>> ListOpenSessions(absl::string_view after,
                                                                     int limit) override;
  absl::StatusOr<store::CommitResult> Commit(const store::JournalCommit& commit) override;
  absl::StatusOr<std::vector<store::JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) override;
  absl::StatusOr<std::vector<store::JournalEntry>> WaitForEntries(int64_t after_seq, int limit,
                                                                  absl::Duration wait) override;
  absl::StatusOr<int64_t> LastSeq() override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<int64_t> Prune(absl::Time cutoff) override;
  absl::StatusOr<store::Reservation> Reserve(absl::string_view key, absl::string_view owner,
                                             absl::Duration ttl) override;
  absl::Status SaveProgress(absl::string_view key, absl::string_view owner,
                            absl::string_view value, absl::Duration ttl) override;
  absl::Status Complete(absl::string_view key, absl::string_view owner, absl::string_view value,
                        absl::Duration keep) override;
  absl::Status Release(absl::string_view key, absl::string_view owner) override;
  absl::StatusOr<bool> AcquireLease(absl::string_view name, absl::string_view owner,
                                    absl::Duration ttl) override;
  absl::Status ReleaseLease(absl::string_view name, absl::string_view owner) override;
  absl::Status Ping() override;
  absl::Status ForgetExpired() override;
  void Close() override;

 private:
  struct Failure {
    absl::Status status;
    int times;  // -1: until healed
  };
  // Counts the call, waits while it is stalled, and returns the injected
  // failure, if any (OK: call the wrapped store).
  absl::Status Enter(Method method);
  // `call` on the wrapped store, unless Enter injects a failure.
  template <typename Call>
  auto Forward(Method method, Call call) -> decltype(call()) {
    if (absl::Status failure = Enter(method); !failure.ok()) return failure;
    return call();
  }

  std::unique_ptr<store::Store> owned_;
  store::Store* const inner_;
  absl::Mutex mu_;
  std::map<Method, Failure> failures_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> everything_ ABSL_GUARDED_BY(mu_);
  std::set<Method> stalled_ ABSL_GUARDED_BY(mu_);
  std::map<Method, int> calls_ ABSL_GUARDED_BY(mu_);
  bool serve_stale_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, std::optional<store::SessionRecord>, std::less<>> stale_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace hitl::testing
