#include "tests/support/fake_store.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store_errors.h"

namespace hitl::testing {

using store::CommitResult;
using store::JournalCommit;
using store::JournalEntry;
using store::Reservation;
using store::SessionRecord;

namespace {

constexpr absl::string_view kStoreName = "fake store";

// As the SQLite store: an attempt that died leaves its progress for the
// next attempt; ForgetExpired drops it only this long after it expired.

struct IdempotencyRecord {
  std::string owner;
  absl::Time expires;
  bool completed = false;
  std::string value;
};

struct Lease {
  std::string owner;
  absl::Time expires;
};

absl::Status LostReservation(absl::string_view key) {
  return store::StoreConflict(absl::StrCat("the reservation of idempotency key '", key, "'"));
}

}  // namespace

class FakeStore::Backend {
 public:
  explicit Backend(Clock& clock) : clock(clock) {}

  Clock& clock;
  absl::Mutex mu;
  // Signalled after every commit that appended entries, and on Close.
  absl::CondVar changed;
  std::map<std::string, SessionRecord> sessions ABSL_GUARDED_BY(mu);  // by session id
  std::map<std::string, std::string> session_of_chat ABSL_GUARDED_BY(mu);
  std::map<int64_t, JournalEntry> journal ABSL_GUARDED_BY(mu);  // by seq
  int64_t last_seq ABSL_GUARDED_BY(mu) = 0;
  int64_t pruned_through ABSL_GUARDED_BY(mu) = 0;
  std::map<std::string, absl::Time> deliveries ABSL_GUARDED_BY(mu);  // key -> received
  std::map<std::string, IdempotencyRecord> idempotency ABSL_GUARDED_BY(mu);
  std::map<std::string, Lease> leases ABSL_GUARDED_BY(mu);

  std::vector<JournalEntry> Read(int64_t after_seq, const std::vector<std::string>& session_ids,
                                 int limit) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    absl::flat_hash_set<std::string> wanted(session_ids.begin(), session_ids.end());
    std::vector<JournalEntry> entries;
    for (auto it = journal.upper_bound(after_seq);
         it != journal.end() && static_cast<int>(entries.size()) < limit; ++it) {
      if (wanted.empty() || wanted.contains(it->second.session_id)) entries.push_back(it->second);
    }
    return entries;
  }

  // NOT_FOUND, a conflict or INVALID_ARGUMENT (another chat id) unless
  // `session` may replace the stored one.
  absl::Status CheckWrite(const SessionRecord& session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto stored = sessions.find(session.session_id);
    if (stored == sessions.end()) return store::SessionNotFound(session.session_id);
    if (stored->second.version != session.version) {
      return store::StoreConflict(absl::StrCat("session '", session.session_id, "'"));
    }
    if (stored->second.chat_id != session.chat_id) {
      return absl::InvalidArgumentError(absl::StrCat(
          "session '", session.session_id, "': the chat id of a session never changes"));
    }
    return absl::OkStatus();
  }

  // Replaces a session CheckWrite accepted.
  SessionRecord Write(SessionRecord session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    session.version += 1;
    sessions[session.session_id] = session;
    return session;
  }

  // Records a delivery key; false if it was recorded before.
  bool FirstSighting(const std::string& key, absl::Time received_at)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return deliveries.emplace(key, received_at).second;
  }

  // The record `owner` holds under `key`, or null.
  IdempotencyRecord* Held(absl::string_view key, absl::string_view owner)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = idempotency.find(std::string(key));
    return it == idempotency.end() || it->second.owner != owner ? nullptr : &it->second;
  }
};

std::shared_ptr<FakeStore::Backend> FakeStore::NewBackend(Clock& clock) {
  return std::make_shared<Backend>(clock);
}

FakeStore::FakeStore(Clock& clock) : FakeStore(NewBackend(clock)) {}

FakeStore::FakeStore(std::shared_ptr<Backend> backend) : backend_(std::move(backend)) {}

FakeStore::~FakeStore() { Close(); }

void FakeStore::Close() {
  absl::MutexLock lock(&backend_->mu);
  closed_ = true;
  backend_->changed.SignalAll();  // waiters fail at once
}

absl::Status FakeStore::CheckOpen() const {
  if (closed_) return store::StoreUnavailable(kStoreName, "closed");
  return absl::OkStatus();
}

// ---- sessions

absl::StatusOr<SessionRecord> FakeStore::CreateSession(const SessionRecord& session) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (backend_->sessions.contains(session.session_id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("session '", session.session_id, "' already exists"));
  }
  if (backend_->session_of_chat.contains(session.chat_id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("chat '", session.chat_id, "' already has a session"));
  }
  SessionRecord stored = session;
  stored.version = 1;
  backend_->sessions[stored.session_id] = stored;
  backend_->session_of_chat[stored.chat_id] = stored.session_id;
  return stored;
}

absl::StatusOr<SessionRecord> FakeStore::GetSession(absl::string_view session_id) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  auto it = backend_->sessions.find(std::string(session_id));
  if (it == backend_->sessions.end()) return store::SessionNotFound(session_id);
  return it->second;
}

absl::StatusOr<std::optional<SessionRecord>> FakeStore::FindSessionByChat(
    absl::string_view chat_id) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  auto it = backend_->session_of_chat.find(std::string(chat_id));
  if (it == backend_->session_of_chat.end()) return std::nullopt;
  return backend_->sessions.at(it->second);
}

absl::StatusOr<SessionRecord> FakeStore::UpdateSession(const SessionRecord& session) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (absl::Status s = backend_->CheckWrite(session); !s.ok()) return s;
  return backend_->Write(session);
}

absl::Status FakeStore::DeleteSession(absl::string_view session_id) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  auto it = backend_->sessions.find(std::string(session_id));
  if (it == backend_->sessions.end()) return absl::OkStatus();
  backend_->session_of_chat.erase(it->second.chat_id);
  backend_->sessions.erase(it);
  std::erase_if(backend_->journal,
                [&](const auto& entry) { return entry.second.session_id == session_id; });
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SessionRecord>> FakeStore::ListOpenSessions(
    absl::string_view after_session_id, int limit) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  std::vector<SessionRecord> open_sessions;
  for (auto it = backend_->sessions.upper_bound(std::string(after_session_id));
       it != backend_->sessions.end() && static_cast<int>(open_sessions.size()) < limit; ++it) {
    if (!it->second.ended()) open_sessions.push_back(it->second);
  }
  return open_sessions;
}

// ---- journal

absl::StatusOr<CommitResult> FakeStore::Commit(const JournalCommit& commit) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  Backend& b = *backend_;
  CommitResult result;
  if (!commit.dedup_key.empty() && b.deliveries.contains(commit.dedup_key)) {
    result.duplicate = true;
    return result;
  }
  // Every check before the first write, so a failed commit writes nothing.
  if (commit.session) {
    if (absl::Status s = b.CheckWrite(*commit.session); !s.ok()) return s;
  }
  if (absl::Status s = store::CheckCommit(commit); !s.ok()) return s;
  if (!commit.dedup_key.empty()) b.FirstSighting(commit.dedup_key, commit.received_at);
  int64_t ended_seq = 0;
  for (size_t i = 0; i < commit.entries.size(); ++i) {
    const JournalEntry& entry = commit.entries[i];
    if (!entry.dedup_key.empty() && !b.FirstSighting(entry.dedup_key, commit.received_at)) {
      continue;  // journaled before
    }
    JournalEntry& appended = result.appended.emplace_back(entry);
    appended.seq = ++b.last_seq;
    appended.dedup_key.clear();
    b.journal[appended.seq] = appended;
    if (static_cast<int>(i) == commit.ended_entry) ended_seq = appended.seq;
  }
  if (commit.session_unchanged) {
    result.session = *commit.session;
  } else if (commit.session) {
    SessionRecord session = *commit.session;
    if (ended_seq > 0) session.ended_seq = ended_seq;
    result.session = b.Write(std::move(session));
  }
  if (!result.appended.empty()) b.changed.SignalAll();
  return result;
}

absl::StatusOr<std::vector<JournalEntry>> FakeStore::ReadJournal(
    int64_t after_seq, const std::vector<std::string>& session_ids, int limit) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return backend_->Read(after_seq, session_ids, limit);
}

absl::StatusOr<std::vector<JournalEntry>> FakeStore::WaitForEntries(int64_t after_seq, int limit,
                                                                    absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  absl::MutexLock lock(&backend_->mu);
  while (true) {
    if (absl::Status open = CheckOpen(); !open.ok()) return open;
    std::vector<JournalEntry> entries = backend_->Read(after_seq, {}, limit);
    if (!entries.empty()) return entries;
    if (backend_->changed.WaitWithDeadline(&backend_->mu, deadline)) {
      if (absl::Status open = CheckOpen(); !open.ok()) return open;
      return backend_->Read(after_seq, {}, limit);
    }
  }
}

absl::StatusOr<int64_t> FakeStore::LastSeq() {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return backend_->last_seq;
}

absl::StatusOr<int64_t> FakeStore::PrunedThrough() {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return backend_->pruned_through;
}

absl::StatusOr<int64_t> FakeStore::Prune(absl::Time cutoff) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  Backend& b = *backend_;
  // A prefix by seq, through the newest entry recorded before the cutoff.
  int64_t through = 0;
  for (const auto& [seq, entry] : b.journal) {
    if (entry.recorded_at < cutoff) through = seq;
  }
  int64_t deleted = 0;
  while (!b.journal.empty() && b.journal.begin()->first <= through) {
    b.journal.erase(b.journal.begin());
    ++deleted;
  }
  b.pruned_through = std::max(b.pruned_through, through);
  std::erase_if(b.deliveries, [&](const auto& key) { return key.second < cutoff; });
  return deleted;
}

// ---- idempotency

absl::StatusOr<Reservation> FakeStore::Reserve(absl::string_view key, absl::string_view owner,
                                               absl::Duration ttl) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const absl::Time now = backend_->clock.Now();
  auto [it, added] = backend_->idempotency.try_emplace(std::string(key));
  IdempotencyRecord& record = it->second;
  std::string progress;
  if (!added) {
    const bool live = record.expires > now;
    if (record.completed && live) {
      return Reservation{.state = Reservation::State::kCompleted, .value = record.value};
    }
    if (!record.completed && live && record.owner != owner) {
      return Reservation{
          .state = Reservation::State::kHeld, .value = {}, .held_for = record.expires - now};
    }
    // Ours (renewed), or expired: an outcome is forgotten, progress is
    // taken over.
    if (!record.completed) progress = record.value;
  }
  record = {.owner = std::string(owner), .expires = now + ttl, .completed = false,
            .value = progress};
  return Reservation{.state = progress.empty() ? Reservation::State::kAcquired
                                               : Reservation::State::kTakenOver,
                     .value = progress};
}

absl::Status FakeStore::SaveProgress(absl::string_view key, absl::string_view owner,
                                     absl::string_view value, absl::Duration ttl) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  IdempotencyRecord* held = backend_->Held(key, owner);
  if (held == nullptr || held->completed) return LostReservation(key);
  held->value = std::string(value);
  held->expires = backend_->clock.Now() + ttl;
  return absl::OkStatus();
}

absl::Status FakeStore::Complete(absl::string_view key, absl::string_view owner,
                                 absl::string_view value, absl::Duration keep) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  IdempotencyRecord* held = backend_->Held(key, owner);
  if (held == nullptr) return LostReservation(key);
  if (held->completed) return absl::OkStatus();  // an outcome is final
  held->expires = backend_->clock.Now() + keep;
  held->completed = true;
  held->value = std::string(value);
  return absl::OkStatus();
}

absl::Status FakeStore::Release(absl::string_view key, absl::string_view owner) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  IdempotencyRecord* held = backend_->Held(key, owner);
  if (held != nullptr && !held->completed) backend_->idempotency.erase(std::string(key));
  return absl::OkStatus();
}

// ---- leases

absl::StatusOr<bool> FakeStore::AcquireLease(absl::string_view name, absl::string_view owner,
                                             absl::Duration ttl) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const absl::Time now = backend_->clock.Now();
  auto [it, added] = backend_->leases.try_emplace(std::string(name));
  if (!added && it->second.owner != owner && it->second.expires > now) return false;
  it->second = {.owner = std::string(owner), .expires = now + ttl};
  return true;
}

absl::Status FakeStore::ReleaseLease(absl::string_view name, absl::string_view owner) {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  auto it = backend_->leases.find(std::string(name));
  if (it != backend_->leases.end() && it->second.owner == owner) backend_->leases.erase(it);
  return absl::OkStatus();
}

// ---- store

absl::Status FakeStore::Ping() {
  absl::MutexLock lock(&backend_->mu);
  return CheckOpen();
}

absl::Status FakeStore::ForgetExpired() {
  absl::MutexLock lock(&backend_->mu);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const absl::Time now = backend_->clock.Now();
  std::erase_if(backend_->idempotency, [&](const auto& entry) {
    const IdempotencyRecord& r = entry.second;
    return r.expires <= now &&
           (r.completed || r.value.empty() || r.expires <= now - store::kProgressKeep);
  });
  std::erase_if(backend_->leases, [&](const auto& lease) { return lease.second.expires <= now; });
  return absl::OkStatus();
}

}  // namespace hitl::testing
