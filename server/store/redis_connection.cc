#include "server/store/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/socket.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "server/store/store_errors.h"

namespace hitl::store {
namespace {

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using OwnedReply = std::unique_ptr<redisReply, ReplyDeleter>;

RedisReply Convert(const redisReply& reply) {
  RedisReply out;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.kind = reply.type == REDIS_REPLY_STRING   ? RedisReply::Kind::kString
                 : reply.type == REDIS_REPLY_STATUS ? RedisReply::Kind::kStatus
                                                    : RedisReply::Kind::kError;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::kInteger;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::kArray;
      out.elements.reserve(reply.elements);
      for (size_t i = 0; i < reply.elements; ++i) out.elements.push_back(Convert(*reply.element[i]));
      break;
    default:
      out.kind = RedisReply::Kind::kNil;
  }
  return out;
}

timeval SocketTimeout(absl::Duration timeout) {
  // A zero socket timeout would mean "wait forever".
  return absl::ToTimeval(std::max(timeout, absl::Milliseconds(1)));
}

// An error reply during setup (AUTH, SELECT, PING) as a failure.
absl::Status Refused(absl::string_view what, const std::string& address,
                     const RedisReply& reply) {
  return StoreUnavailable(kRedisStoreName,
                          absl::StrCat(what, " on ", address, " failed: ", reply.text));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Open(
    const RedisConnectionOptions& options) {
  std::string address = options.target.Address();
  redisContext* context = redisConnectWithTimeout(options.target.host.c_str(),
                                                  options.target.port,
                                                  SocketTimeout(options.connect_timeout));
  if (context == nullptr) {
    return StoreUnavailable(kRedisStoreName, absl::StrCat("cannot connect to ", address,
                                                          ": out of memory"));
  }
  if (context->err != 0) {
    absl::Status status = StoreUnavailable(
        kRedisStoreName, absl::StrCat("cannot connect to ", address, " within ",
                                      absl::FormatDuration(options.connect_timeout), ": ",
                                      context->errstr));
    redisFree(context);
    return status;
  }
  std::unique_ptr<RedisConnection> connection(
      new RedisConnection(context, std::move(address), options.command_timeout));
  if (absl::Status s = connection->Setup(options); !s.ok()) return s;
  return connection;
}

RedisConnection::RedisConnection(redisContext* context, std::string address,
                                 absl::Duration timeout)
    : context_(context), address_(std::move(address)), timeout_(timeout) {}

RedisConnection::~RedisConnection() { redisFree(context_); }

absl::Status RedisConnection::Setup(const RedisConnectionOptions& options) {
  if (absl::Status s = SetTimeout(options.command_timeout); !s.ok()) return s;
  // Keepalive notices a peer that vanished without closing (a dead host).
  redisEnableKeepAlive(context_);
  const RedisUrl& target = options.target;
  if (!target.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!target.user.empty()) auth.push_back(target.user);
    auth.push_back(target.password);
    auto reply = Command(auth);
    if (!reply.ok()) return reply.status();
    if (reply->is_error()) {
      return Refused("AUTH (check HITL_REDIS_PASSWORD_FILE or HITL_REDIS_URL)", address_, *reply);
    }
  }
  std::vector<std::vector<std::string>> setup = {{"PING"}};
  if (target.db != 0) setup.push_back({"SELECT", absl::StrCat(target.db)});
  if (!options.client_name.empty()) setup.push_back({"CLIENT", "SETNAME", options.client_name});
  auto replies = Pipeline(setup);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < replies->size(); ++i) {
    if ((*replies)[i].is_error()) return Refused(setup[i][0], address_, (*replies)[i]);
  }
  return absl::OkStatus();
}

absl::Status RedisConnection::SetTimeout(absl::Duration timeout) {
  if (redisSetTimeout(context_, SocketTimeout(timeout)) != REDIS_OK) {
    return Failure("setting the socket timeout for", errno);
  }
  timeout_ = timeout;
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisConnection::Command(absl::Span<const std::string> args) {
  std::vector<std::vector<std::string>> one = {{args.begin(), args.end()}};
  auto replies = Pipeline(one);
  if (!replies.ok()) return replies.status();
  return std::move(replies->front());
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    absl::Span<const std::vector<std::string>> commands) {
  if (broken_) {
    return StoreUnavailable(kRedisStoreName,
                            absl::StrCat("the connection to ", address_, " is broken"));
  }
  for (const std::vector<std::string>& args : commands) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const std::string& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      return Failure("sending a command to", errno);
    }
  }
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return Failure("reading a reply from", errno);
    }
    OwnedReply reply(static_cast<redisReply*>(raw));
    replies.push_back(Convert(*reply));
  }
  return replies;
}

absl::Status RedisConnection::Failure(absl::string_view what, int saved_errno) {
  broken_ = true;
  std::string why = context_->errstr;
  if (context_->err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) {
    why = absl::StrCat("no answer within ", absl::FormatDuration(timeout_));
  } else if (context_->err == REDIS_ERR_EOF) {
    why = "the server closed the connection";
  }
  return StoreUnavailable(kRedisStoreName, absl::StrCat(what, " ", address_, ": ", why));
}

bool RedisConnection::LooksAlive() const {
  if (broken_) return false;
  char byte;
  ssize_t n = recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // Nothing to read is the healthy idle state; EOF or unsolicited bytes are not.
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void RedisConnection::Interrupt() { shutdown(context_->fd, SHUT_RDWR); }

}  // namespace hitl::store
