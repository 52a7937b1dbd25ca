// The answers the CLI's --format json and the HTTP API share (docs/cli.md, docs/server.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/compile/predicate.hpp"
#include "engine/core/date.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

// What a reader of the verdicts must know about the patient record itself (deceased, a partial bundle),
// for screening on `date`.
std::vector<std::string> patient_warnings(const Patient& p, const Date& date);
// The patient's answers that name none of `trials` (no criterion id of theirs): one warning each.
std::vector<std::string> stray_answers(const Patient& p, const std::vector<const Trial*>& trials);
// eligo screen --format json, POST /api/screen
nlohmann::ordered_json screen_json(const Patient& patient, const Date& date, const std::vector<TrialResult>& results);
// eligo check --format json, POST /api/check/{id}
nlohmann::ordered_json check_json(const Patient& patient, const Date& date, const TrialResult& result);
// eligo eval --format json, POST /api/eval
nlohmann::ordered_json eval_json(const Outcome& outcome, const Predicate& p);
// The same for a patient deceased on or before `date`: no criterion is evaluated, as in screen and check
// ("result": "not_screenable", "reason": "deceased on 1993-03-22", the warning, and the compiled tree).
nlohmann::ordered_json not_screenable_eval_json(const Patient& patient, const Date& date, const Predicate& p);

}  // namespace eligo
