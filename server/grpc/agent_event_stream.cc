#include "server/grpc/agent_event_stream.h"

#include "server/common/grpc_status.h"
#include "server/events/cursor.h"
#include "server/grpc/wire_message.h"

namespace hitl::grpc_api {

AgentEventStream::AgentEventStream(grpc::CallbackServerContext* context,
                                   CallTracker::Ticket ticket, Start start)
    : context_(context),
      ticket_(std::move(ticket)),
      start_(std::move(start)),
      guard_(std::make_shared<Guard>()) {
  {
    absl::MutexLock lock(&guard_->mu);
    guard_->stream = this;
  }
  StartRead(&request_);
}

void AgentEventStream::OnReadDone(bool ok) {
  if (!ok) {
    absl::MutexLock lock(&guard_->mu);
    FinishOnce(NoRequestMessage());
    return;
  }
  // Not under the lock: `start` may attach at once, which takes it.
  start_(std::move(request_), Attacher());
}

AgentEventStream::Attach AgentEventStream::Attacher() {
  std::weak_ptr<Guard> weak = guard_;
  return [weak](absl::StatusOr<std::shared_ptr<events::Subscription>> subscription) {
    auto guard = weak.lock();
    if (guard) {
      absl::MutexLock lock(&guard->mu);
      if (guard->stream != nullptr) {
        guard->stream->AttachLocked(std::move(subscription));
        return;
      }
    }
    if (subscription.ok()) (*subscription)->Cancel();  // the call ended meanwhile
  };
}

void AgentEventStream::AttachLocked(
    absl::StatusOr<std::shared_ptr<events::Subscription>> subscription) {
  if (!subscription.ok()) {
    FinishOnce(ToGrpcStatus(subscription.status()));
    return;
  }
  subscription_ = *std::move(subscription);
  if (cancelled_) {
    Pump();
    return;
  }
  context_->AddInitialMetadata(std::string(kCursorHeader),
                               events::EncodeCursor(subscription_->start_seq()));
  std::weak_ptr<Guard> weak = guard_;
  subscription_->SetWakeup([weak] {
    auto guard = weak.lock();
    if (!guard) return;
    absl::MutexLock lock(&guard->mu);
    if (guard->stream != nullptr) guard->stream->Pump();
  });
  // The subscription is registered: headers now tell the client that every
  // event from here on will reach it.
  StartSendInitialMetadata();
  Pump();
}

void AgentEventStream::Pump() {
  if (writing_ || finished_) return;
  if (cancelled_) {
    FinishOnce(grpc::Status::CANCELLED);
    return;
  }
  if (!subscription_) return;  // not attached yet
  events::StoredEvent next;
  switch (subscription_->Next(&next)) {
    case events::Subscription::Poll::kEvent:
      current_ = SerializeMessage(next.event);
      writing_ = true;
      StartWrite(&current_);
      return;
    case events::Subscription::Poll::kWait:
      return;
    case events::Subscription::Poll::kFinished:
      FinishOnce(ToGrpcStatus(subscription_->status()));
      return;
  }
}

void AgentEventStream::FinishOnce(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  Finish(status);
}

void AgentEventStream::OnWriteDone(bool ok) {
  absl::MutexLock lock(&guard_->mu);
  writing_ = false;
  if (!ok) cancelled_ = true;  // the stream is gone
  Pump();
}

void AgentEventStream::OnCancel() {
  absl::MutexLock lock(&guard_->mu);
  cancelled_ = true;
  Pump();
}

void AgentEventStream::OnDone() {
  std::shared_ptr<events::Subscription> subscription;
  {
    absl::MutexLock lock(&guard_->mu);
    guard_->stream = nullptr;
    subscription = subscription_;
  }
  if (subscription) subscription->Cancel();
  delete this;
}

}  // namespace hitl::grpc_api
