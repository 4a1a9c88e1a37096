#include "server/handoff/session_reconciler.h"

#include "gtest/gtest.h"
#include "tests/support/handoff_fixture.h"

namespace hitl::handoff {
namespace {

class SessionReconcilerTest : public testing::HandoffFixture {};

TEST_F(SessionReconcilerTest, EndsSessionsWhoseChatLiveChatClosedUnnoticed) {
  auto closed = StartSession("a");
  auto open = StartSession("b");
  livechat_.CloseChat(closed.chat_id());
  SessionReconciler reconciler(*store_, livechat_, *ender_);
  auto ended = reconciler.RunOnce([] { return false; });
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(*ended, 1);
  EXPECT_EQ(Stored(closed.session_id()).ended_by, store::EndedBy::kLiveChat);
  EXPECT_FALSE(Stored(open.session_id()).ended());
  EXPECT_EQ(*reconciler.RunOnce([] { return false; }), 0);  // once only
  EXPECT_EQ(Journal().size(), 1u);
}

TEST_F(SessionReconcilerTest, StopsWhenAskedTo) {
  StartSession("a");
  SessionReconciler reconciler(*store_, livechat_, *ender_);
  int calls = livechat_.Count("GetChat");
  EXPECT_EQ(*reconciler.RunOnce([] { return true; }), 0);
  EXPECT_EQ(livechat_.Count("GetChat"), calls);
}

}  // namespace
}  // namespace hitl::handoff
