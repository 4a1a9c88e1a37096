#include "server/store/redis_store.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/common/errors.h"
#include "server/common/log.h"
#include "server/store/redis_durability.h"
#include "server/store/redis_stream.h"
#include "server/store/session_codec.h"
#include "server/store/store_errors.h"

namespace hitl::store {
namespace {

// Page sizes: big enough for few round trips, small enough not to stall
// Redis (it serves one command at a time).
constexpr int kPrunePage = 512;
constexpr int kSessionJournalBatch = 128;
constexpr int kDeleteAttempts = 3;

// For PX and PEXPIRE, which refuse 0.
std::string Millis(absl::Duration duration) {
  return absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(duration)));
}
// For a reservation's expiry: zero means "expired now", so the next attempt
// takes over the progress at once.
std::string ExpiryMillis(absl::Duration ttl) {
  return absl::StrCat(std::max<int64_t>(0, absl::ToInt64Milliseconds(ttl)));
}

const char* Flag(bool value) { return value ? "1" : "0"; }

// CLIENT SETNAME takes no spaces or control characters.
std::string ClientName(absl::string_view replica_id) {
  std::string name = "hitl-gateway";
  if (replica_id.empty()) return name;
  absl::StrAppend(&name, "-", replica_id);
  for (char& c : name) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

absl::Status CheckOptions(const RedisOptions& options) {
  if (absl::Status s = ValidateKeyPrefix(options.key_prefix); !s.ok()) return s;
  if (options.pool_size < 1) return absl::InvalidArgumentError("Redis pool size: must be >= 1");
  if (options.min_replicas < 0) {
    return absl::InvalidArgumentError("Redis min replicas: must be >= 0");
  }
  if (options.connect_timeout <= absl::ZeroDuration() ||
      options.command_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("Redis timeouts: must be positive");
  }
  return absl::OkStatus();
}

absl::Status Unexpected(absl::string_view what, const RedisReply& reply) {
  return StoreUnavailable(kRedisStoreName,
                          absl::StrCat("unexpected reply to ", what, ": ", reply.text));
}

// The first element of a script's array reply ("ok", "conflict", ...).
absl::string_view Outcome(const RedisReply& reply) {
  if (reply.kind == RedisReply::Kind::kArray && !reply.elements.empty()) {
    return reply.elements[0].text;
  }
  return reply.text;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisStore>> RedisStore::Open(const RedisOptions& options,
                                                             Clock& clock) {
  if (absl::Status s = CheckOptions(options); !s.ok()) return s;
  auto url = ParseRedisUrl(options.url);
  if (!url.ok()) return url.status();
  if (!options.password.empty()) url->password = options.password;
  RedisConnectionOptions connection{.target = *url,
                                    .connect_timeout = options.connect_timeout,
                                    .command_timeout = options.command_timeout,
                                    .client_name = ClientName(options.replica_id)};
  std::unique_ptr<RedisStore> store(new RedisStore(options, std::move(connection), clock));
  {
    auto first = store->pool_.Acquire();
    if (!first.ok()) return Annotate(first.status(), "HITL_REDIS_URL");
    if (absl::Status s = LoadScripts(**first); !s.ok()) return Annotate(s, "HITL_REDIS_URL");
    LogDurability(CheckDurability(**first), url->Address());
  }
  log::Info("event=redis_store_open address={} key_prefix={} min_replicas={} pool_size={}",
            url->Address(), options.key_prefix, options.min_replicas, options.pool_size);
  return store;
}

RedisStore::RedisStore(const RedisOptions& options, RedisConnectionOptions connection,
                       Clock& clock)
    : keys_(options.key_prefix),
      min_replicas_(options.min_replicas),
      command_timeout_(options.command_timeout),
      connector_(std::move(connection), clock),
      pool_(connector_, options.pool_size, options.command_timeout),
      tail_(connector_, keys_.Journal(), options.command_timeout) {}

RedisStore::~RedisStore() { Close(); }

void RedisStore::Close() {
  closed_ = true;
  tail_.Close();
  pool_.Close();
}

// ---- plumbing

absl::StatusOr<RedisReply> RedisStore::Write(const RedisScript& script,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args) {
  auto connection = pool_.Acquire();
  if (!connection.ok()) return connection.status();
  auto reply = script.Run(**connection, keys, args);
  if (!reply.ok()) return reply.status();
  if (absl::Status s = AwaitReplicas(**connection); !s.ok()) return s;
  return reply;
}

absl::Status RedisStore::AwaitReplicas(RedisConnection& connection) {
  if (min_replicas_ == 0) return absl::OkStatus();
  // WAIT blocks up to the command timeout: the socket must wait longer.
  if (absl::Status s = connection.SetTimeout(2 * command_timeout_); !s.ok()) return s;
  auto reply = connection.Command(
      {"WAIT", absl::StrCat(min_replicas_), Millis(command_timeout_)});
  if (!reply.ok()) return reply.status();
  if (absl::Status s = connection.SetTimeout(command_timeout_); !s.ok()) return s;
  std::optional<int64_t> acknowledged = reply->AsInt();
  if (!acknowledged) return Unexpected("WAIT", *reply);
  if (*acknowledged < min_replicas_) {
    return StoreUnavailable(
        kRedisStoreName,
        absl::StrCat("only ", *acknowledged, " of ", min_replicas_,
                     " required replicas confirmed the write within ",
                     absl::FormatDuration(command_timeout_),
                     "; it could be lost if the primary fails (check the replicas)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisStore::Call(const std::vector<std::string>& command) {
  auto reply = pool_.Command(command);
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) return Unexpected(command[0], *reply);
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisStore::CallAll(
    const std::vector<std::vector<std::string>>& commands) {
  if (commands.empty()) return std::vector<RedisReply>();
  auto replies = pool_.Pipeline(commands);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < replies->size(); ++i) {
    if ((*replies)[i].is_error()) return Unexpected(commands[i][0], (*replies)[i]);
  }
  return replies;
}

absl::StatusOr<int64_t> RedisStore::Counter(const std::string& key) {
  auto reply = Call({"GET", key});
  if (!reply.ok()) return reply.status();
  if (reply->is_nil()) return 0;
  std::optional<int64_t> value = reply->AsInt();
  if (!value) return Unexpected(absl::StrCat("GET ", key), *reply);
  return *value;
}

// ---- sessions

std::vector<std::string> RedisStore::SessionFields(absl::string_view session_id) const {
  return {"HMGET", keys_.Session(session_id), "r", "v", "e"};
}

absl::StatusOr<std::optional<SessionRecord>> RedisStore::DecodeStored(
    absl::string_view session_id, const RedisReply& fields) const {
  if (fields.kind != RedisReply::Kind::kArray || fields.elements.size() != 3) {
    return Unexpected("HMGET", fields);
  }
  const RedisReply& record = fields.elements[0];
  if (record.is_nil()) return std::nullopt;
  auto session = DecodeSession(record.text);
  std::optional<int64_t> version = fields.elements[1].AsInt();
  std::optional<int64_t> ended_seq = fields.elements[2].AsInt();
  if (!session.ok() || !version || !ended_seq) {
    return StoreUnavailable(
        kRedisStoreName,
        absl::StrCat("session '", session_id, "' is unreadable (",
                     session.ok() ? "bad version or ended_seq" : session.status().message(),
                     "); inspect key ", keys_.Session(session_id)));
  }
  session->version = *version;
  session->ended_seq = *ended_seq;
  return *std::move(session);
}

absl::StatusOr<std::optional<SessionRecord>> RedisStore::FindSession(
    absl::string_view session_id) {
  auto fields = Call(SessionFields(session_id));
  if (!fields.ok()) return fields.status();
  auto session = DecodeStored(session_id, *fields);
  if (session.ok() && session->has_value()) recent_.Remember(**session);
  return session;
}

absl::StatusOr<SessionRecord> RedisStore::CreateSession(const SessionRecord& session) {
  SessionRecord stored = session;
  stored.version = 1;
  auto record = EncodeSession(stored);
  if (!record.ok()) return record.status();
  auto reply = Write(kCreateSessionScript,
                     {keys_.Session(session.session_id), keys_.Chat(session.chat_id), keys_.Open()},
                     {*record, session.session_id, session.chat_id, Flag(session.ended()),
                      absl::StrCat(session.ended_seq)});
  if (!reply.ok()) return reply.status();
  if (reply->text == "session") {
    return absl::AlreadyExistsError(
        absl::StrCat("session '", session.session_id, "' already exists"));
  }
  if (reply->text == "chat") {
    return absl::AlreadyExistsError(
        absl::StrCat("chat '", session.chat_id, "' already has a session"));
  }
  if (reply->text != "ok") return Unexpected("create_session", *reply);
  recent_.Remember(stored);
  return stored;
}

absl::StatusOr<SessionRecord> RedisStore::GetSession(absl::string_view session_id) {
  auto session = FindSession(session_id);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return SessionNotFound(session_id);
  return **std::move(session);
}

absl::StatusOr<std::optional<SessionRecord>> RedisStore::FindSessionByChat(
    absl::string_view chat_id) {
  if (std::optional<SessionRecord> known = recent_.Find(chat_id)) {
    auto session = FindSession(known->session_id);
    if (!session.ok()) return session.status();
    if (session->has_value() && (*session)->chat_id == chat_id) return session;
    recent_.Forget(chat_id);  // deleted since: ask the index
  }
  auto session_id = Call({"GET", keys_.Chat(chat_id)});
  if (!session_id.ok()) return session_id.status();
  if (session_id->is_nil()) return std::nullopt;
  return FindSession(session_id->text);
}

absl::StatusOr<std::optional<SessionRecord>> RedisStore::FindSessionByChatToWrite(
    absl::string_view chat_id) {
  if (std::optional<SessionRecord> known = recent_.Find(chat_id)) return known;
  return FindSessionByChat(chat_id);
}

absl::StatusOr<SessionRecord> RedisStore::UpdateSession(const SessionRecord& session) {
  JournalCommit commit;
  commit.session = session;
  auto result = Commit(commit);
  if (!result.ok()) return result.status();
  return *std::move(result->session);
}

absl::Status RedisStore::DeleteSession(absl::string_view session_id) {
  for (int attempt = 0; attempt < kDeleteAttempts; ++attempt) {
    // The chat key must be named in KEYS, so read it first; the script
    // answers "retry" if the session changed meanwhile.
    auto chat = Call({"HGET", keys_.Session(session_id), "c"});
    if (!chat.ok()) return chat.status();
    std::string chat_id = chat->is_nil() ? "" : chat->text;
    auto reply = Write(kDeleteSessionScript,
                       {keys_.Session(session_id), keys_.Chat(chat_id), keys_.Open(),
                        keys_.Journal(), keys_.SessionJournal(session_id),
                        keys_.SessionJournals()},
                       {std::string(session_id), chat_id});
    if (!reply.ok()) return reply.status();
    if (reply->text == "ok") {
      recent_.Forget(chat_id);
      return absl::OkStatus();
    }
  }
  return StoreConflict(absl::StrCat("session '", session_id, "'"));
}

absl::StatusOr<std::vector<SessionRecord>> RedisStore::ListOpenSessions(
    absl::string_view after_session_id, int limit) {
  if (limit <= 0) return std::vector<SessionRecord>();
  std::string start =
      after_session_id.empty() ? "-" : absl::StrCat("(", after_session_id);
  auto ids = Call({"ZRANGEBYLEX", keys_.Open(), start, "+", "LIMIT", "0", absl::StrCat(limit)});
  if (!ids.ok()) return ids.status();
  std::vector<std::vector<std::string>> reads;
  for (const RedisReply& id : ids->elements) reads.push_back(SessionFields(id.text));
  auto replies = CallAll(reads);
  if (!replies.ok()) return replies.status();
  std::vector<SessionRecord> sessions;
  for (size_t i = 0; i < replies->size(); ++i) {
    auto session = DecodeStored(ids->elements[i].text, (*replies)[i]);
    if (!session.ok()) return session.status();
    // Deleted between the two reads, or ended by a write in between.
    if (session->has_value() && !(*session)->ended()) sessions.push_back(**std::move(session));
  }
  return sessions;
}

// ---- journal

absl::StatusOr<CommitResult> RedisStore::Commit(const JournalCommit& commit) {
  if (absl::Status s = CheckCommit(commit); !s.ok()) return s;
  const SessionRecord* session = commit.session ? &*commit.session : nullptr;
  std::string record;
  if (session != nullptr && !commit.session_unchanged) {
    auto encoded = EncodeSession(*session);
    if (!encoded.ok()) return encoded.status();
    record = *std::move(encoded);
  }
  // Without a session a placeholder key (never written) fills its slot,
  // so the script's KEYS keep their positions.
  std::vector<std::string> keys = {keys_.Journal(),  keys_.Seq(),
                                   keys_.SessionJournals(), keys_.Open(),
                                   keys_.Session(session ? session->session_id : ""),
                                   keys_.Deliveries()};
  std::vector<std::string> args = {
      commit.dedup_key,
      absl::StrCat(TimeToMicros(commit.received_at)),
      // How the session is committed: 0 not at all, 1 written, 2 checked.
      session == nullptr ? "0" : commit.session_unchanged ? "2" : "1",
      session ? absl::StrCat(session->version) : "0",
      record,
      Flag(session != nullptr && session->ended()),
      session ? session->session_id : "",
      session ? absl::StrCat(session->ended_seq) : "0",
      absl::StrCat(commit.ended_entry >= 0 ? commit.ended_entry + 1 : 0),
      session ? session->chat_id : "",
      absl::StrCat(commit.entries.size())};
  for (const JournalEntry& entry : commit.entries) {
    keys.push_back(keys_.SessionJournal(entry.session_id));
    args.insert(args.end(), {entry.dedup_key, entry.session_id,
                             absl::StrCat(TimeToMicros(entry.recorded_at)), entry.payload});
  }
  auto reply = Write(kCommitScript, keys, args);
  if (!reply.ok()) return reply.status();
  absl::string_view outcome = Outcome(*reply);
  CommitResult result;
  if (outcome == "duplicate") {
    result.duplicate = true;
    return result;
  }
  if (outcome == "missing") {
    recent_.Forget(session->chat_id);
    return SessionNotFound(session->session_id);
  }
  if (outcome == "conflict") return StoreConflict(absl::StrCat("session '", session->session_id, "'"));
  if (outcome == "chat") {
    return absl::InvalidArgumentError(
        absl::StrCat("session '", session->session_id, "': the chat id of a session never changes"));
  }
  const std::vector<RedisReply>& parts = reply->elements;
  if (outcome != "ok" || parts.size() != 3 + commit.entries.size()) {
    return Unexpected("commit", *reply);
  }
  for (size_t i = 0; i < commit.entries.size(); ++i) {
    std::optional<int64_t> seq = parts[3 + i].AsInt();
    if (!seq) return Unexpected("commit", parts[3 + i]);
    if (*seq == 0) continue;  // its dedup key was seen before
    JournalEntry appended = commit.entries[i];
    appended.seq = *seq;
    result.appended.push_back(std::move(appended));
  }
  if (session != nullptr) {
    std::optional<int64_t> version = parts[1].AsInt();
    std::optional<int64_t> ended_seq = parts[2].AsInt();
    if (!version || !ended_seq) return Unexpected("commit", *reply);
    result.session = *session;
    result.session->version = *version;
    result.session->ended_seq = *ended_seq;
    recent_.Remember(*result.session);
  }
  return result;
}

absl::StatusOr<std::vector<JournalEntry>> RedisStore::ReadJournal(
    int64_t after_seq, const std::vector<std::string>& session_ids, int limit) {
  if (limit <= 0) return std::vector<JournalEntry>();
  std::string start = absl::StrCat("(", StreamId(std::max<int64_t>(after_seq, 0)));
  std::string count = absl::StrCat(limit);
  if (session_ids.empty()) {
    auto reply = Call({"XRANGE", keys_.Journal(), start, "+", "COUNT", count});
    if (!reply.ok()) return reply.status();
    return DecodeStreamEntries(*reply);
  }
  // A session's stream holds only the ids of its entries (the commit
  // writes each payload once); one script gathers them from the journal.
  std::vector<std::string> keys = {keys_.Journal()};
  absl::flat_hash_set<std::string> seen;
  for (const std::string& id : session_ids) {
    if (seen.insert(id).second) keys.push_back(keys_.SessionJournal(id));
  }
  auto connection = pool_.Acquire();
  if (!connection.ok()) return connection.status();
  auto reply = kReadSessionsScript.Run(**connection, keys, {start, count});
  if (!reply.ok()) return reply.status();
  return DecodeStreamEntries(*reply);
}

absl::StatusOr<std::vector<JournalEntry>> RedisStore::WaitForEntries(int64_t after_seq,
                                                                     int limit,
                                                                     absl::Duration wait) {
  return tail_.Wait(after_seq, limit, wait);
}

absl::StatusOr<int64_t> RedisStore::LastSeq() { return Counter(keys_.Seq()); }

absl::StatusOr<int64_t> RedisStore::PrunedThrough() { return Counter(keys_.Pruned()); }

absl::StatusOr<int64_t> RedisStore::PruneEnd(absl::Time cutoff) {
  // recorded_at may step back between entries (replica clocks), so the
  // scan goes on until entries are clearly newer than the cutoff.
  int64_t through = 0;
  std::string start = "-";
  bool done = false;
  while (!done) {
    auto page = Call({"XRANGE", keys_.Journal(), start, "+", "COUNT", absl::StrCat(kPrunePage)});
    if (!page.ok()) return page.status();
    auto entries = DecodeStreamEntries(*page);
    if (!entries.ok()) return entries.status();
    for (const JournalEntry& entry : *entries) {
      if (entry.recorded_at < cutoff) {
        through = entry.seq;
      } else if (entry.recorded_at >= cutoff + kPruneClockSkew) {
        done = true;
        break;
      }
    }
    if (entries->size() < static_cast<size_t>(kPrunePage)) break;
    start = absl::StrCat("(", StreamId(entries->back().seq));
  }
  return through;
}

absl::StatusOr<int64_t> RedisStore::Prune(absl::Time cutoff) {
  auto through = PruneEnd(cutoff);
  if (!through.ok()) return through.status();
  // Dedup keys go by received_at alone, whatever happens to the journal.
  auto forgotten = Call({"ZREMRANGEBYSCORE", keys_.Deliveries(), "-inf",
                         absl::StrCat("(", TimeToMicros(cutoff))});
  if (!forgotten.ok()) return forgotten.status();
  int64_t count = 0;
  if (*through > 0) {
    auto trimmed = Write(kPruneJournalScript, {keys_.Journal(), keys_.Pruned()},
                         {absl::StrCat(*through), StreamId(*through + 1)});
    if (!trimmed.ok()) return trimmed.status();
    std::optional<int64_t> trimmed_count = trimmed->AsInt();
    if (!trimmed_count) return Unexpected("prune_journal", *trimmed);
    count = *trimmed_count;
  }
  // Up to the mark, not just this run's `through`: a run that failed after
  // trimming the journal left the session streams for this one.
  auto pruned = PrunedThrough();
  if (!pruned.ok()) return pruned.status();
  if (*pruned > 0) {
    if (absl::Status s = PruneSessionJournals(*pruned); !s.ok()) return s;
  }
  return count;
}

absl::Status RedisStore::PruneSessionJournals(int64_t through) {
  std::string cursor = "0";
  do {
    auto scan = Call({"SSCAN", keys_.SessionJournals(), cursor, "COUNT",
                      absl::StrCat(kSessionJournalBatch)});
    if (!scan.ok()) return scan.status();
    if (scan->elements.size() != 2) return Unexpected("SSCAN", *scan);
    cursor = scan->elements[0].text;
    std::vector<std::string> keys = {keys_.SessionJournals()};
    std::vector<std::string> args = {StreamId(through + 1)};
    for (const RedisReply& id : scan->elements[1].elements) {
      keys.push_back(keys_.SessionJournal(id.text));
      args.push_back(id.text);
    }
    if (keys.size() > 1) {
      auto reply = Write(kPruneSessionJournalsScript, keys, args);
      if (!reply.ok()) return reply.status();
    }
  } while (cursor != "0");
  return absl::OkStatus();
}

// ---- idempotency

absl::StatusOr<Reservation> RedisStore::Reserve(absl::string_view key, absl::string_view owner,
                                                absl::Duration ttl) {
  auto reply = Write(kReserveScript, {keys_.Idempotency(key)},
                     {std::string(owner), ExpiryMillis(ttl), Millis(ttl + kProgressKeep)});
  if (!reply.ok()) return reply.status();
  const std::vector<RedisReply>& parts = reply->elements;
  if (parts.size() != 3) return Unexpected("reserve", *reply);
  Reservation reservation;
  reservation.value = parts[1].text;
  absl::string_view state = parts[0].text;
  if (state == "acquired") {
    reservation.state = Reservation::State::kAcquired;
  } else if (state == "progress") {
    reservation.state = Reservation::State::kTakenOver;
  } else if (state == "completed") {
    reservation.state = Reservation::State::kCompleted;
  } else if (state == "held") {
    reservation.state = Reservation::State::kHeld;
    reservation.held_for = absl::Milliseconds(parts[2].AsInt().value_or(0));
  } else {
    return Unexpected("reserve", *reply);
  }
  return reservation;
}

absl::Status RedisStore::SaveProgress(absl::string_view key, absl::string_view owner,
                                      absl::string_view value, absl::Duration ttl) {
  auto reply = Write(kSaveProgressScript, {keys_.Idempotency(key)},
                     {std::string(owner), std::string(value), ExpiryMillis(ttl),
                      Millis(ttl + kProgressKeep)});
  if (!reply.ok()) return reply.status();
  if (reply->AsInt() != 1) return StoreConflict(absl::StrCat("idempotency key '", key, "'"));
  return absl::OkStatus();
}

absl::Status RedisStore::Complete(absl::string_view key, absl::string_view owner,
                                  absl::string_view value, absl::Duration keep) {
  auto reply = Write(kCompleteScript, {keys_.Idempotency(key)},
                     {std::string(owner), std::string(value), Millis(keep)});
  if (!reply.ok()) return reply.status();
  if (reply->AsInt() != 1) return StoreConflict(absl::StrCat("idempotency key '", key, "'"));
  return absl::OkStatus();
}

absl::Status RedisStore::Release(absl::string_view key, absl::string_view owner) {
  return Write(kReleaseScript, {keys_.Idempotency(key)}, {std::string(owner)}).status();
}

// ---- leases

absl::StatusOr<bool> RedisStore::AcquireLease(absl::string_view name, absl::string_view owner,
                                              absl::Duration ttl) {
  auto reply = Write(kAcquireLeaseScript, {keys_.Lease(name)}, {std::string(owner), Millis(ttl)});
  if (!reply.ok()) return reply.status();
  return reply->AsInt() == 1;
}

absl::Status RedisStore::ReleaseLease(absl::string_view name, absl::string_view owner) {
  return Write(kReleaseLeaseScript, {keys_.Lease(name)}, {std::string(owner)}).status();
}

// ---- health

absl::Status RedisStore::Ping() {
  auto reply = Call({"PING"});
  if (!reply.ok()) return reply.status();
  if (reply->text != "PONG") return Unexpected("PING", *reply);
  return absl::OkStatus();
}

absl::Status RedisStore::ForgetExpired() {
  if (closed_) return StoreUnavailable(kRedisStoreName, "closed");
  return absl::OkStatus();
}

}  // namespace hitl::store
