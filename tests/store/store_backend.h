// One backend of the store contract suite (store_contract_test.cc): how to
// get a store on a fresh, empty backend, and more instances on that same
// backend (a second replica, or the same data after a restart).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/store.h"

namespace hitl::testing {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  // A store on a fresh, empty backend; called once per test, first.
  virtual absl::StatusOr<std::unique_ptr<store::Store>> OpenFresh() = 0;
  // Another store on the backend OpenFresh made: the same data, as a second
  // replica (while the first is open) or after a restart (once it closed).
  virtual absl::StatusOr<std::unique_ptr<store::Store>> OpenAnother() = 0;
};

// A test parameter: the backend's name (in test names) and how to make one.
struct StoreBackendParam {
  std::string name;
  std::function<std::unique_ptr<StoreBackend>()> make;
};

}  // namespace hitl::testing
