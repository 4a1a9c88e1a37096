#include "tests/support/fake_livechat.h"

#include "absl/strings/str_cat.h"
#include "server/livechat/livechat_status.h"

namespace hitl::testing {

void FakeLiveChat::FailNext(const std::string& method, absl::Status status) {
  FailAfter(method, 0, std::move(status));
}

void FakeLiveChat::FailAfter(const std::string& method, int successes, absl::Status status) {
  absl::MutexLock lock(&mu_);
  failures_.emplace(method, Failure{successes, std::move(status)});
}

std::vector<std::string> FakeLiveChat::calls() {
  absl::MutexLock lock(&mu_);
  return calls_;
}

int FakeLiveChat::Count(const std::string& method) {
  absl::MutexLock lock(&mu_);
  int count = 0;
  for (const auto& call : calls_) count += call.rfind(method, 0) == 0;
  return count;
}

std::vector<std::string> FakeLiveChat::posted(const std::string& chat_id) {
  absl::MutexLock lock(&mu_);
  return posted_[chat_id];
}

livechat::ChatOpening FakeLiveChat::last_opening() {
  absl::MutexLock lock(&mu_);
  return last_opening_;
}

void FakeLiveChat::ExpireTokens() {
  absl::MutexLock lock(&mu_);
  valid_tokens_.clear();
}

absl::Status FakeLiveChat::Enter(const std::string& method, const std::string& detail) {
  calls_.push_back(detail.empty() ? method : absl::StrCat(method, ":", detail));
  auto it = failures_.find(method);
  if (it == failures_.end()) return absl::OkStatus();
  if (it->second.skip > 0) {
    --it->second.skip;
    return absl::OkStatus();
  }
  absl::Status status = it->second.status;
  failures_.erase(it);
  return status;
}

livechat::CustomerCredentials FakeLiveChat::Issue(const std::string& customer_id) {
  std::string token = absl::StrCat("token-", next_id_++);
  valid_tokens_[token] = customer_id;
  return {.customer_id = customer_id,
          .access_token = token,
          .expires_at = clock_.Now() + absl::Hours(8),
          .cookies = {.customer_id = customer_id, .secret = "cst-" + customer_id}};
}

absl::StatusOr<livechat::CustomerCredentials> FakeLiveChat::CreateCustomer() {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("CreateCustomer"); !s.ok()) return s;
  return Issue(absl::StrCat("customer-", next_id_++));
}

absl::StatusOr<livechat::CustomerCredentials> FakeLiveChat::RefreshCustomer(
    const livechat::wire::CustomerCookies& cookies) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("RefreshCustomer", cookies.customer_id); !s.ok()) return s;
  return Issue(forget_customers_ ? absl::StrCat("stranger-", next_id_++) : cookies.customer_id);
}

absl::Status FakeLiveChat::UpdateCustomer(absl::string_view access_token,
                                          const livechat::wire::UpdateCustomerRequest& request) {
  absl::MutexLock lock(&mu_);
  std::string fields;
  for (const auto& [key, value] : request.session_fields) absl::StrAppend(&fields, key, "=", value, ";");
  return Enter("UpdateCustomer", fields);
}

absl::StatusOr<livechat::OpenedChat> FakeLiveChat::StartChat(
    const livechat::ChatOpening& opening) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("StartChat", absl::StrCat(opening.group_id)); !s.ok()) return s;
  last_opening_ = opening;
  std::string id = absl::StrCat("CHAT", next_id_++);
  livechat::OpenedChat opened{.chat_id = id, .thread_id = "T-" + id};
  customer_chats_[opening.customer_id].push_back(id);
  livechat::wire::Thread& thread = threads_[id];
  thread.id = opened.thread_id;
  thread.active = true;
  for (livechat::wire::Event event : opening.events) {
    event.id = absl::StrCat(thread.id, "_", thread.events.size() + 1);
    event.created_at = "2025-06-12T09:15:30.000000Z";
    if (event.author_id.empty()) event.author_id = "bot@example.com";
    opened.event_ids.push_back(event.id);
    thread.events.push_back(std::move(event));
  }
  return opened;
}

absl::StatusOr<std::optional<livechat::OpenedChat>> FakeLiveChat::FindCustomerChat(
    absl::string_view customer_access_token) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("FindCustomerChat"); !s.ok()) return s;
  auto customer = valid_tokens_.find(std::string(customer_access_token));
  if (customer == valid_tokens_.end()) {
    return absl::UnauthenticatedError("FindCustomerChat: unknown customer token");
  }
  auto chats = customer_chats_.find(customer->second);
  if (chats == customer_chats_.end() || chats->second.empty()) return std::nullopt;
  const std::string& chat_id = chats->second.front();
  const livechat::wire::Thread& thread = threads_[chat_id];
  livechat::OpenedChat opened{.chat_id = chat_id, .thread_id = thread.id};
  for (const auto& event : thread.events) opened.event_ids.push_back(event.id);
  return opened;
}

absl::Status FakeLiveChat::RouteToGroup(absl::string_view chat_id, int64_t group_id) {
  absl::MutexLock lock(&mu_);
  return Enter("RouteToGroup", absl::StrCat(chat_id, ">", group_id));
}

absl::Status FakeLiveChat::DeactivateChat(absl::string_view chat_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("DeactivateChat", std::string(chat_id)); !s.ok()) return s;
  threads_[std::string(chat_id)].active = false;
  return absl::OkStatus();
}

void FakeLiveChat::AddChatEvent(const std::string& chat_id, livechat::wire::Event event) {
  absl::MutexLock lock(&mu_);
  threads_[chat_id].events.push_back(std::move(event));
}

void FakeLiveChat::CloseChat(const std::string& chat_id) {
  absl::MutexLock lock(&mu_);
  threads_[chat_id].active = false;
}

absl::StatusOr<livechat::wire::Chat> FakeLiveChat::GetChat(absl::string_view chat_id,
                                                           absl::string_view thread_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("GetChat", std::string(chat_id)); !s.ok()) return s;
  auto it = threads_.find(std::string(chat_id));
  if (it == threads_.end()) {
    return livechat::ApiErrorStatus("get_chat", {.type = "not_found"}, std::nullopt);
  }
  return livechat::wire::Chat{.id = std::string(chat_id), .thread = it->second};
}

absl::StatusOr<std::string> FakeLiveChat::SendCustomerMessage(absl::string_view access_token,
                                                              absl::string_view chat_id,
                                                              absl::string_view text,
                                                              absl::string_view custom_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("SendCustomerMessage", std::string(custom_id)); !s.ok()) return s;
  if (!valid_tokens_.count(std::string(access_token))) {
    return livechat::ApiErrorStatus(
        "send_event", {.type = "authentication", .message = "Invalid access token"},
        std::nullopt);
  }
  livechat::wire::Thread& thread = threads_[std::string(chat_id)];
  if (!thread.active) {
    return livechat::ApiErrorStatus("send_event", {.type = "chat_inactive"}, std::nullopt);
  }
  auto& texts = posted_[std::string(chat_id)];
  texts.emplace_back(text);
  std::string id = absl::StrCat(chat_id, "_", texts.size());
  thread.events.push_back({.id = id, .custom_id = std::string(custom_id),
                           .created_at = "2025-06-12T09:16:00.000000Z", .type = "message",
                           .author_id = valid_tokens_[std::string(access_token)],
                           .visibility = "all", .text = std::string(text)});
  if (lose_next_send_answer_) {
    lose_next_send_answer_ = false;
    return livechat::TransportStatus("send_event", absl::UnknownError("answer lost"));
  }
  return id;
}

absl::StatusOr<std::vector<livechat::wire::Group>> FakeLiveChat::ListGroups() {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Enter("ListGroups"); !s.ok()) return s;
  return std::vector<livechat::wire::Group>{{.id = 0, .name = "General"},
                                            {.id = 7, .name = "Support"}};
}

}  // namespace hitl::testing
