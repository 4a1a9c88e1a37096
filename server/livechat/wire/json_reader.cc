#include "server/livechat/wire/json_reader.h"

#include "absl/strings/str_cat.h"
#include "server/common/json_bounds.h"

namespace hitl::livechat::wire {
namespace {

absl::string_view TypeName(const Json& value) { return value.type_name(); }

}  // namespace

absl::StatusOr<Json> ParseJson(absl::string_view text) {
  if (absl::Status s = CheckJsonBounds(text, "body"); !s.ok()) return s;
  Json parsed = Json::parse(text.begin(), text.end(), /*cb=*/nullptr,
                            /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return absl::InvalidArgumentError("body is not valid JSON");
  }
  return parsed;
}

FieldReader::FieldReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    status_ = absl::InvalidArgumentError(
        absl::StrCat(path_.empty() ? "body" : path_, ": expected an object, got ",
                     TypeName(object_)));
  }
}

std::string FieldReader::PathOf(absl::string_view key) const {
  return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
}

void FieldReader::Fail(absl::string_view key, absl::string_view problem) {
  if (!status_.ok()) return;
  status_ = absl::InvalidArgumentError(absl::StrCat(PathOf(key), ": ", problem));
}

void FieldReader::Merge(const absl::Status& status) {
  if (status_.ok() && !status.ok()) status_ = status;
}

const Json* FieldReader::Find(absl::string_view key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(std::string(key));
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> FieldReader::OptionalString(absl::string_view key) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Fail(key, absl::StrCat("expected a string, got ", TypeName(*value)));
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::string FieldReader::RequiredString(absl::string_view key) {
  if (Find(key) == nullptr) {
    Fail(key, "required string is missing");
    return {};
  }
  return OptionalString(key).value_or("");
}

std::optional<int64_t> FieldReader::OptionalInt(absl::string_view key) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    Fail(key, absl::StrCat("expected an integer, got ", TypeName(*value)));
    return std::nullopt;
  }
  return value->get<int64_t>();
}

int64_t FieldReader::RequiredInt(absl::string_view key) {
  if (Find(key) == nullptr) {
    Fail(key, "required integer is missing");
    return 0;
  }
  return OptionalInt(key).value_or(0);
}

std::optional<bool> FieldReader::OptionalBool(absl::string_view key) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    Fail(key, absl::StrCat("expected a boolean, got ", TypeName(*value)));
    return std::nullopt;
  }
  return value->get<bool>();
}

bool FieldReader::RequiredBool(absl::string_view key) {
  if (Find(key) == nullptr) {
    Fail(key, "required boolean is missing");
    return false;
  }
  return OptionalBool(key).value_or(false);
}

const Json* FieldReader::Object(absl::string_view key, bool required) {
  const Json* value = Find(key);
  if (value == nullptr) {
    if (required) Fail(key, "required object is missing");
    return nullptr;
  }
  if (!value->is_object()) {
    Fail(key, absl::StrCat("expected an object, got ", TypeName(*value)));
    return nullptr;
  }
  return value;
}

const Json* FieldReader::Array(absl::string_view key, bool required) {
  const Json* value = Find(key);
  if (value == nullptr) {
    if (required) Fail(key, "required array is missing");
    return nullptr;
  }
  if (!value->is_array()) {
    Fail(key, absl::StrCat("expected an array, got ", TypeName(*value)));
    return nullptr;
  }
  return value;
}

std::vector<std::string> FieldReader::StringArray(absl::string_view key,
                                                  bool required) {
  std::vector<std::string> out;
  const Json* array = Array(key, required);
  if (array == nullptr) return out;
  for (const Json& item : *array) {
    if (!item.is_string()) {
      Fail(key, absl::StrCat("expected strings, got ", TypeName(item)));
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<int64_t> FieldReader::IntArray(absl::string_view key, bool required) {
  std::vector<int64_t> out;
  const Json* array = Array(key, required);
  if (array == nullptr) return out;
  for (const Json& item : *array) {
    if (!item.is_number_integer()) {
      Fail(key, absl::StrCat("expected integers, got ", TypeName(item)));
      return {};
    }
    out.push_back(item.get<int64_t>());
  }
  return out;
}

}  // namespace hitl::livechat::wire
