// The screening report a screener reads (eligo screen, eligo check).
#pragma once

#include <ostream>
#include <vector>

#include "engine/core/date.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

void print_screen_text(std::ostream& out, const Patient& patient, const Date& date, const std::vector<TrialResult>& results);
void print_trial_text(std::ostream& out, const TrialResult& r);

}  // namespace eligo
