// The store contract suite on Redis: a real redis-server per test (fresh
// and empty), on 127.0.0.1 with appendonly and appendfsync always;
// OpenAnother opens another RedisStore on it (a second replica, or the same
// data after a restart of the gateway). Skipped where redis-server is not
// installed.
#include <memory>

#include "server/store/redis_store.h"
#include "tests/store/store_contract_test.h"
#include "tools/processes/redis_server.h"

namespace hitl::testing {
namespace {

class RedisBackend final : public StoreBackend {
 public:
  explicit RedisBackend(std::unique_ptr<RedisServer> server) : server_(std::move(server)) {}
  absl::StatusOr<std::unique_ptr<store::Store>> OpenFresh() override { return Open(); }
  absl::StatusOr<std::unique_ptr<store::Store>> OpenAnother() override { return Open(); }

 private:
  absl::StatusOr<std::unique_ptr<store::Store>> Open() {
    store::RedisOptions options;
    options.url = server_->url();
    auto opened = store::RedisStore::Open(options);
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<store::Store>(*std::move(opened));
  }

  std::unique_ptr<RedisServer> server_;
};

std::unique_ptr<StoreBackend> MakeRedis() {
  if (!RedisServer::Installed()) return nullptr;
  auto server = RedisServer::Start();
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    return nullptr;
  }
  return std::make_unique<RedisBackend>(*std::move(server));
}

INSTANTIATE_TEST_SUITE_P(Redis, StoreContractTest,
                         ::testing::Values(StoreBackendParam{"Redis", MakeRedis}),
                         BackendName);

}  // namespace
}  // namespace hitl::testing
