#include "server/handoff/text_splitter.h"

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace hitl::handoff {
namespace {

TEST(TextSplitter, KeepsShortTextWhole) {
  EXPECT_EQ(SplitText("hello", 16), std::vector<std::string>{"hello"});
}

TEST(TextSplitter, SplitsAtWhiteSpaceAndLosesNothing) {
  std::string text = "aaaaaaaaaaaaaa bbbbbbbbbbbbbbbb cccc";
  auto parts = SplitText(text, 16);
  ASSERT_GE(parts.size(), 2u);
  EXPECT_EQ(absl::StrJoin(parts, ""), text);
  for (const auto& part : parts) EXPECT_LE(part.size(), 16u);
  EXPECT_EQ(parts[0], "aaaaaaaaaaaaaa ");
}

TEST(TextSplitter, NeverCutsInsideAUtf8Character) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xC3\xA9\xE2\x82\xAC";  // é€
  auto parts = SplitText(text, 16);
  EXPECT_EQ(absl::StrJoin(parts, ""), text);
  for (const auto& part : parts) {
    EXPECT_LE(part.size(), 16u);
    EXPECT_TRUE(IsValidUtf8(part)) << part;
  }
}

TEST(TextSplitter, LargestAcceptedTextFitsFewParts) {
  std::string text(kMaxTextBytes, 'x');
  auto parts = SplitText(text);
  EXPECT_EQ(parts.size(), 5u);
  EXPECT_EQ(absl::StrJoin(parts, ""), text);
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8("plain \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
}

}  // namespace
}  // namespace hitl::handoff
