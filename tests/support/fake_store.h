// An in-memory Store for unit tests, with the contract of the real backends
// (the store contract suite in tests/store/ runs on it too): sessions with
// compare-and-set versions, a journal with delivery keys, idempotency
// records and leases that expire by the given Clock, WaitForEntries woken
// by commits. Several FakeStores can share one Backend, as replicas share
// Redis: a commit through one wakes the waiters of all, and closing one
// (a restart) leaves the data to the others and to the next one opened.
//
// Thread-safe: each call holds the backend's one mutex (WaitForEntries
// releases it while it waits).
#pragma once

#include <atomic>
#include <memory>

#include "server/common/clock.h"
#include "server/store/store.h"

namespace hitl::testing {

class FakeStore final : public store::Store {
 public:
  // The data several FakeStores share. Opaque.
  class Backend;
  // An empty backend; `clock` must outlive it.
  static std::shared_ptr<Backend> NewBackend(Clock& clock);

  // A store on a new backend of its own.
  explicit FakeStore(Clock& clock);
  // Another store on `backend`.
  explicit FakeStore(std::shared_ptr<Backend> backend);
  ~FakeStore() override;

  const std::shared_ptr<Backend>& backend() const { return backend_; }

  // SessionStore
  absl::StatusOr<store::SessionRecord> CreateSession(const store::SessionRecord& session) override;
  absl::StatusOr<store::SessionRecord> GetSession(absl::string_view session_id) override;
  absl::StatusOr<std::optional<store::SessionRecord>> FindSessionByChat(
      absl::string_view chat_id) override;
  absl::StatusOr<store::SessionRecord> UpdateSession(const store::SessionRecord& session) override;
  absl::Status DeleteSession(absl::string_view session_id) override;
  absl::StatusOr<std::vector<store::SessionRecord>> ListOpenSessions(
      absl::string_view after_session_id, int limit) override;

  // Journal
  absl::StatusOr<store::CommitResult> Commit(const store::JournalCommit& commit) override;
  absl::StatusOr<std::vector<store::JournalEntry>> ReadJournal(
      int64_t after_seq, const std::vector<std::string>& session_ids, int limit) override;
  absl::StatusOr<std::vector<store::JournalEntry>> WaitForEntries(int64_t after_seq, int limit,
                                                                  absl::Duration wait) override;
  absl::StatusOr<int64_t> LastSeq() override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<int64_t> Prune(absl::Time cutoff) override;

  // Idempotency
  absl::StatusOr<store::Reservation> Reserve(absl::string_view key, absl::string_view owner,
                                             absl::Duration ttl) override;
  absl::Status SaveProgress(absl::string_view key, absl::string_view owner,
                            absl::string_view value, absl::Duration ttl) override;
  absl::Status Complete(absl::string_view key, absl::string_view owner, absl::string_view value,
                        absl::Duration keep) override;
  absl::Status Release(absl::string_view key, absl::string_view owner) override;

  // Leases
  absl::StatusOr<bool> AcquireLease(absl::string_view name, absl::string_view owner,
                                    absl::Duration ttl) override;
  absl::Status ReleaseLease(absl::string_view name, absl::string_view owner) override;

  // Store
  absl::Status Ping() override;
  absl::Status ForgetExpired() override;
  void Close() override;

 private:
  // UNAVAILABLE once this instance is closed.
  absl::Status CheckOpen() const;

  const std::shared_ptr<Backend> backend_;
  std::atomic<bool> closed_{false};
};

}  // namespace hitl::testing
