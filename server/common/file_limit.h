// Every open connection is a file descriptor, and many systems start a
// process with a soft limit of 1024 while allowing far more.
#pragma once

#include <cstdint>

namespace hitl {

// Raises this process's soft limit on open files to its hard limit and
// returns the soft limit now in force.
uint64_t RaiseOpenFileLimit();

}  // namespace hitl
