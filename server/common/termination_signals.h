// SIGTERM/SIGINT taken synchronously by the main thread (sigwait), so no
// signal handler ever runs on an arbitrary thread.
#pragma once

namespace hitl {

// Blocks SIGTERM and SIGINT in this thread and every thread it starts later,
// and ignores SIGPIPE (a peer closing a socket is an error value, not a
// death). Call first thing in main, before any thread starts.
void BlockTerminationSignals();

// Waits for SIGTERM or SIGINT; returns its name.
const char* AwaitTerminationSignal();

}  // namespace hitl
