#include <algorithm>
#include <iterator>

#include "engine/patient/patient.hpp"

namespace eligo {

namespace {

struct Spelling {
   const char* text;
   RecordStatus status;
};
constexpr Spelling spellings[] = {
    {"active", RecordStatus::active},          {"resolved", RecordStatus::resolved}, {"completed", RecordStatus::completed},
    {"stopped", RecordStatus::stopped},        {"inactive", RecordStatus::inactive}, {"remission", RecordStatus::remission},
    {"recurrence", RecordStatus::recurrence},  {"refuted", RecordStatus::refuted},   {"entered-in-error", RecordStatus::entered_in_error},
    {"unconfirmed", RecordStatus::unconfirmed}};

}  // namespace

const char* to_string(RecordStatus s)
{
   for (const auto& x : spellings)
      if (x.status == s) return x.text;
   return "active";
}

std::optional<RecordStatus> record_status(std::string_view text)
{
   for (const auto& x : spellings)
      if (text == x.text) return x.status;
   return std::nullopt;
}

bool is_over(RecordStatus s)
{
   using S = RecordStatus;
   return s == S::resolved || s == S::inactive || s == S::remission || s == S::completed || s == S::stopped;
}

}  // namespace eligo
