#include "tests/support/faulty_store.h"

#include "server/store/store_errors.h"

namespace hitl::testing {

FaultyStore::FaultyStore(std::unique_ptr<store::Store> inner)
    : owned_(std::move(inner)), inner_(owned_.get()) {}

FaultyStore::FaultyStore(store::Store& inner) : inner_(&inner) {}

void FaultyStore::ServeStaleRecords() {
  absl::MutexLock lock(&mu_);
  serve_stale_ = true;
  stale_.clear();
}

void FaultyStore::Fail(Method method, absl::Status status, int times) {
  absl::MutexLock lock(&mu_);
  failures_[method] = Failure{std::move(status), times};
}

void FaultyStore::FailEverything() {
  absl::MutexLock lock(&mu_);
  everything_ = store::StoreUnavailable("faulty store", "the backend cannot be reached");
}

void FaultyStore::Stall(Method method) {
  absl::MutexLock lock(&mu_);
  stalled_.insert(method);
}

void FaultyStore::Unstall(Method method) {
  absl::MutexLock lock(&mu_);
  stalled_.erase(method);
}

void FaultyStore::Heal() {
  absl::MutexLock lock(&mu_);
  failures_.clear();
  everything_.reset();
  stalled_.clear();
  serve_stale_ = false;
  stale_.clear();
}

int FaultyStore::calls(Method method) {
  absl::MutexLock lock(&mu_);
  return calls_[method];
}

absl::Status FaultyStore::Enter(Method method) {
  absl::MutexLock lock(&mu_);
  ++calls_[method];
  auto released = [this, method]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stalled_.count(method) == 0;
  };
  mu_.Await(absl::Condition(&released));
  if (everything_) return *everything_;
  auto it = failures_.find(method);
  if (it == failures_.end()) return absl::OkStatus();
  absl::Status status = it->second.status;
  if (it->second.times > 0 && --it->second.times == 0) failures_.erase(it);
  return status;
}

absl::StatusOr<store::SessionRecord> FaultyStore::CreateSession(const store::SessionRecord& s) {
  return Forward(Method::kCreateSession, [&] { return inner_->CreateSession(s); });
}

absl::StatusOr<store::SessionRecord> FaultyStore::GetSession(absl::string_view session_id) {
  return Forward(Method::kGetSession, [&] { return inner_->GetSession(session_id); });
}

absl::StatusOr<std::optional<store::SessionRecord>> FaultyStore::FindSessionByChat(
    absl::string_view chat_id) {
  return Forward(Method::kFindSessionByChat, [&] { return inner_->FindSessionByChat(chat_id); });
}

absl::StatusOr<std::optional<store::SessionRecord>> FaultyStore::FindSessionByChatToWrite(
    absl::string_view chat_id) {
  {
    absl::MutexLock lock(&mu_);
    if (serve_stale_) {
      if (auto it = stale_.find(chat_id); it != stale_.end()) return it->second;
    }
  }
  auto found = Forward(Method::kFindSessionByChat,
                       [&] { return inner_->FindSessionByChatToWrite(chat_id); });
  absl::MutexLock lock(&mu_);
  if (found.ok() && serve_stale_) stale_.emplace(std::string(chat_id), *found);
  return found;
}

absl::StatusOr<store::SessionRecord> FaultyStore::UpdateSession(const store::SessionRecord& s) {
  return Forward(Method::kUpdateSession, [&] { return inner_->UpdateSession(s); });
}

absl::Status FaultyStore::DeleteSession(absl::string_view session_id) {
  return Forward(Method::kDeleteSession, [&] { return inner_->DeleteSession(session_id); });
}

absl::StatusOr<std::vector<store::SessionRecord>> FaultyStore::ListOpenSessions(
    absl::string_view after, int limit) {
  return Forward(Method::kListOpenSessions, [&] { return inner_->ListOpenSessions(after, limit); });
}

absl::StatusOr<store::CommitResult> FaultyStore::Commit(const store::JournalCommit& commit) {
  return Forward(Method::kCommit, [&] { return inner_->Commit(commit); });
}

absl::StatusOr<std::vector<store::JournalEntry>> FaultyStore::ReadJournal(
    int64_t after_seq, const std::vector<std::string>& session_ids, int limit) {
  return Forward(Method::kReadJournal, [&] { return inner_->ReadJournal(after_seq, session_ids, limit); });
}

absl::StatusOr<std::vector<store::JournalEntry>> FaultyStore::WaitForEntries(
    int64_t after_seq, int limit, absl::Duration wait) {
  if (absl::Status f = Enter(Method::kWaitForEntries); !f.ok()) {
    // A real backend fails after its timeout, not in a tight loop.
    absl::SleepFor(std::min(wait, absl::Milliseconds(20)));
    return f;
  }
  return inner_->WaitForEntries(after_seq, limit, wait);
}

absl::StatusOr<int64_t> FaultyStore::LastSeq() {
  return Forward(Method::kLastSeq, [&] { return inner_->LastSeq(); });
}

absl::StatusOr<int64_t> FaultyStore::PrunedThrough() {
  return Forward(Method::kPrunedThrough, [&] { return inner_->PrunedThrough(); });
}

absl::StatusOr<int64_t> FaultyStore::Prune(absl::Time cutoff) {
  return Forward(Method::kPrune, [&] { return inner_->Prune(cutoff); });
}

absl::StatusOr<store::Reservation> FaultyStore::Reserve(absl::string_view key,
                                                        absl::string_view owner,
                                                        absl::Duration ttl) {
  return Forward(Method::kReserve, [&] { return inner_->Reserve(key, owner, ttl); });
}

absl::Status FaultyStore::SaveProgress(absl::string_view key, absl::string_view owner,
                                       absl::string_view value, absl::Duration ttl) {
  return Forward(Method::kSaveProgress, [&] { return inner_->SaveProgress(key, owner, value, ttl); });
}

absl::Status FaultyStore::Complete(absl::string_view key, absl::string_view owner,
                                   absl::string_view value, absl::Duration keep) {
  return Forward(Method::kComplete, [&] { return inner_->Complete(key, owner, value, keep); });
}

absl::Status FaultyStore::Release(absl::string_view key, absl::string_view owner) {
  return Forward(Method::kRelease, [&] { return inner_->Release(key, owner); });
}

absl::StatusOr<bool> FaultyStore::AcquireLease(absl::string_view name, absl::string_view owner,
                                               absl::Duration ttl) {
  return Forward(Method::kAcquireLease, [&] { return inner_->AcquireLease(name, owner, ttl); });
}

absl::Status FaultyStore::ReleaseLease(absl::string_view name, absl::string_view owner) {
  return Forward(Method::kReleaseLease, [&] { return inner_->ReleaseLease(name, owner); });
}

absl::Status FaultyStore::Ping() {
  return Forward(Method::kPing, [&] { return inner_->Ping(); });
}

absl::Status FaultyStore::ForgetExpired() {
  return Forward(Method::kForgetExpired, [&] { return inner_->ForgetExpired(); });
}

void FaultyStore::Close() {
  Heal();  // nothing may stay blocked once the store goes
  inner_->Close();
}

}  // namespace hitl::testing
