// Whole-file reads and atomic whole-file writes.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hitl {

// The bytes of the file at `path`, unchanged (no trimming). NotFoundError
// "cannot read '<path>'" when it cannot be opened.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

// Writes `text` to "<path>.tmp", then renames that over `path`: readers see
// no file or the whole file. UnavailableError "cannot write '<path>.tmp'"
// when writing fails, or "cannot rename into '<path>'" (after removing the
// .tmp file) when renaming does.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view text);

}  // namespace hitl
