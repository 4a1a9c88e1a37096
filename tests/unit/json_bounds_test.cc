// The shape bounds checked before any JSON is parsed.
#include "server/common/json_bounds.h"

#include <string>

#include "gtest/gtest.h"

namespace hitl {
namespace {

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonBounds, AllowsNestingUpToTheLimitAndRefusesOneLevelMore) {
  const JsonBounds bounds{.max_depth = 8, .max_elements = 1000};
  EXPECT_TRUE(CheckJsonBounds(Nested(8), "body", bounds).ok());
  absl::Status deeper = CheckJsonBounds(Nested(9), "body", bounds);
  EXPECT_EQ(deeper.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(deeper.message(), "body: JSON nests deeper than 8 levels");
  // Objects count as arrays do, and depth is the deepest point, not a sum.
  EXPECT_TRUE(
      CheckJsonBounds(R"({"a":{"b":[1,2]},"c":{"d":[3]}})", "body", {.max_depth = 3}).ok());
  EXPECT_FALSE(CheckJsonBounds(R"({"a":{"b":[{}]}})", "body", {.max_depth = 3}).ok());
}

TEST(JsonBounds, IgnoresBracketsAndQuotesInsideStrings) {
  const JsonBounds bounds{.max_depth = 2, .max_elements = 10};
  EXPECT_TRUE(CheckJsonBounds(R"({"text":"[[[[{{{{,,,,,,,,,,,,"})", "body", bounds).ok());
  EXPECT_TRUE(CheckJsonBounds(R"({"text":"say \"[[[[\" \\"})", "body", bounds).ok());
  // After an escaped backslash the quote does end the string.
  EXPECT_FALSE(CheckJsonBounds(R"({"t":"\\","u":[[[]]]})", "body", bounds).ok());
}

TEST(JsonBounds, RefusesTooManyValuesNamingWhatWasRead) {
  std::string many = "[0";
  for (int i = 0; i < 100; ++i) many += ",0";
  many += "]";
  EXPECT_TRUE(CheckJsonBounds(many, "answer", {.max_elements = 200}).ok());
  absl::Status status = CheckJsonBounds(many, "answer", {.max_elements = 50});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "answer: JSON has more than 50 values");
}

TEST(JsonBounds, TheDefaultsAllowWhatLiveChatSendsAndRefuseAnAttack) {
  EXPECT_TRUE(CheckJsonBounds(Nested(64), "body").ok());
  EXPECT_FALSE(CheckJsonBounds(Nested(100000), "body").ok());
}

}  // namespace
}  // namespace hitl
