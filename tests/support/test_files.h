// Files for tests: LiveChat's samples and private temporary directories.
#pragma once

#include <string>

namespace hitl::testing {

// The text of ../shared/livechat/samples/<name>; fails the test if missing.
std::string ReadSample(const std::string& name);

// A fresh directory under the system temp dir, removed with its contents on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hitl::testing
