#include "tools/livechat-sim/list_params.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "tools/livechat-sim/sim_errors.h"

namespace hitl::sim {
namespace {

constexpr int64_t kDefaultListLimit = 10;

}  // namespace

absl::StatusOr<ListParams> ReadListParams(livechat::wire::FieldReader& fields, int64_t max_limit) {
  std::string sort_order = fields.OptionalString("sort_order").value_or("desc");
  int64_t limit = fields.OptionalInt("limit").value_or(kDefaultListLimit);
  bool paged = fields.OptionalString("page_id").has_value();
  if (!fields.ok()) return fields.status();
  if (sort_order != "asc" && sort_order != "desc") {
    return ValidationError("sort_order: expected \"asc\" or \"desc\"");
  }
  if (limit < 1 || limit > max_limit) {
    return ValidationError(absl::StrCat("limit: expected 1 to ", max_limit));
  }
  if (paged) return ValidationError("page_id: pagination is not simulated; raise limit instead");
  return ListParams{.descending = sort_order == "desc", .limit = limit};
}

}  // namespace hitl::sim
