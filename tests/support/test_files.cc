#include "tests/support/test_files.h"

#include <cstdlib>
#include <filesystem>

#include "gtest/gtest.h"
#include "server/common/files.h"

namespace hitl::testing {

std::string ReadSample(const std::string& name) {
  std::string path = std::string(HITL_SAMPLES_DIR) + "/" + name;
  absl::StatusOr<std::string> content = ReadFileToString(path);
  EXPECT_TRUE(content.ok()) << "missing LiveChat sample " << path;
  return content.value_or("");
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "hitl-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace hitl::testing
