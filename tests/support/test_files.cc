#include "tests/support/test_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace hitl::testing {

std::string ReadSample(const std::string& name) {
  std::string path = std::string(HITL_SAMPLES_DIR) + "/" + name;
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << "missing LiveChat sample " << path;
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
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
