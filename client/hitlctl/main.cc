// hitlctl: call a hitl-gateway from a shell. Results are JSON lines on
// stdout; errors one line on stderr ("CODE REASON: message"), exit status 1
// (2 for usage errors).
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/hitlctl/commands.h"
#include "grpcpp/grpcpp.h"
#include "server/common/command_line.h"
#include "server/common/errors.h"

namespace {

constexpr char kUsage[] = R"(hitlctl: call a hitl-gateway from a shell (JSON lines out).

Usage: hitlctl [--addr HOST:PORT] [--timeout 30s] COMMAND ...
  --addr defaults to $HITL_ADDR, else 127.0.0.1:50051.

Commands:
  start --user-id ID [--name NAME] [--email EMAIL] [--title T] [--description D]
        [--user-said TEXT]... [--bot-said TEXT]...   transcript, in the order given
        [--property KEY=VALUE]... [--group-id N] [--request-id ID]
  send SESSION_ID TEXT [--request-id ID]
  stop SESSION_ID [--reason TEXT]
  get SESSION_ID
  watch [--session ID]... [--after CURSOR] [--count N] [--until-ended] [--no-reconnect]
  ping                                               wait until the gateway answers
)";

// Every command: its name, the options it takes (besides --addr and
// --timeout), and what runs it. Used both to check options and to dispatch.
struct Command {
  std::string name;
  std::vector<std::string> options;
  absl::Status (*run)(hitl::cli::Context&, const hitl::CommandLine&);
};

const std::vector<Command>& Commands() {
  static const auto* const kCommands = new std::vector<Command>{
      {"start",
       {"user-id", "name", "email", "title", "description", "user-said", "bot-said", "property",
        "group-id", "request-id"},
       hitl::cli::Start},
      {"send", {"request-id"}, hitl::cli::Send},
      {"stop", {"reason"}, hitl::cli::Stop},
      {"get", {}, hitl::cli::Get},
      {"watch", {"session", "after", "count", "until-ended", "no-reconnect"}, hitl::cli::Watch},
      {"ping", {}, hitl::cli::Ping},
  };
  return *kCommands;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> raw(argv + 1, argv + argc);
  auto args = hitl::ParseCommandLine(raw, {"until-ended", "no-reconnect"},
                                      /*allow_positional=*/true);
  if (!args.ok() || args->positional.empty() || args->help) {
    if (!args.ok()) std::cerr << "hitlctl: " << args.status().message() << "\n";
    std::cerr << kUsage;
    return args.ok() && args->help ? 0 : 2;
  }
  const std::string command = args->positional[0];
  const Command* known = FindCommand(command);
  if (known == nullptr) {
    std::cerr << "hitlctl: unknown command '" << command << "'\n" << kUsage;
    return 2;
  }
  std::vector<std::string> options = known->options;
  options.insert(options.end(), {"addr", "timeout"});
  if (absl::Status s = args->OnlyKnown(options); !s.ok()) {
    std::cerr << "hitlctl " << command << ": " << s.message() << "\n";
    return 2;
  }
  const char* env_addr = std::getenv("HITL_ADDR");
  std::string addr = args->Get("addr").value_or(env_addr ? env_addr : "127.0.0.1:50051");
  absl::Duration timeout = absl::Seconds(30);
  if (auto text = args->Get("timeout"); text && !absl::ParseDuration(*text, &timeout)) {
    std::cerr << "hitlctl: --timeout wants a duration like 10s\n";
    return 2;
  }

  hitl::cli::Context context;
  context.channel = grpc::CreateChannel(addr, grpc::InsecureChannelCredentials());
  context.stub = hitl::v1::HitlService::NewStub(context.channel);
  context.timeout = timeout;
  context.out = &std::cout;
  absl::Status status = known->run(context, *args);
  if (status.ok()) return 0;
  std::string reason = hitl::ErrorReason(status);
  std::cerr << "hitlctl " << command << ": " << absl::StatusCodeToString(status.code())
            << (reason.empty() ? "" : absl::StrCat(" ", reason)) << ": " << status.message()
            << "\n";
  return status.code() == absl::StatusCode::kInvalidArgument && reason.empty() ? 2 : 1;
}
