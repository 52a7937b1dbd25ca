#include "engine/core/spelling.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

namespace {

constexpr Spelling<RecordStatus> statuses[] = {
    {"active", RecordStatus::active},           {"resolved", RecordStatus::resolved}, {"completed", RecordStatus::completed},
    {"stopped", RecordStatus::stopped},         {"inactive", RecordStatus::inactive}, {"remission", RecordStatus::remission},
    {"recurrence", RecordStatus::recurrence},   {"refuted", RecordStatus::refuted},   {"entered-in-error", RecordStatus::entered_in_error},
    {"unconfirmed", RecordStatus::unconfirmed}, {"in-progress", RecordStatus::active}};

}  // namespace

const char* to_string(RecordStatus s) { return spelling_of(statuses, s); }

std::optional<RecordStatus> record_status(std::string_view text) { return value_of(statuses, text); }

bool is_over(RecordStatus s)
{
   using S = RecordStatus;
   return s == S::resolved || s == S::inactive || s == S::remission || s == S::completed || s == S::stopped;
}

}  // namespace eligo
