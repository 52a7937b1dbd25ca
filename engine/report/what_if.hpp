// What-if (docs/server.md, "What-if"): values of a patient changed in place on top of the record as it was read, to see
// how the verdicts move. The record is read whole first (every element kept, skipped ones still listed), then each change
// replaces the value the evaluator would use; the results of the changed patient are then marked against the record's.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

// One change as applied: what was changed, from what, to what.
struct WhatIfChange {
   std::string kind;   // "lab", "score", "finding", "history", "sex", "birth_date"
   std::string key;    // the analyte, score or concept id; the kind for sex and birth date
   std::string item;   // for people: "Platelets", "ECOG performance status", "lenvatinib (medications)", "Sex"
   std::string from;   // "75 ×10^9/L (2026-10-29)", a history item's start date(s), or "not recorded"
   std::string to;     // "110 ×10^9/L (2026-10-29)", "removed", "2025-05-01", "added (2025-03-01)"
   std::string field;  // where the change was given: "changes[0]"
};

// Applies `changes`, a JSON array of
//   {"lab": ANALYTE, "value": N, "unit": UCUM [, "date": "YYYY-MM-DD"]}
//   {"score": SCORE, "value": LABEL_OR_INTEGER [, "date": …]}
//   {"finding": CONCEPT, "present": true|false [, "date": …]}
//   {"history": CONCEPT, "remove": true [, "list": LIST] [, "from": START]}
//   {"history": CONCEPT, "date": "YYYY-MM-DD" [, "list": LIST] [, "from": START]}
//   {"history": CONCEPT, "add": true, "date": "YYYY-MM-DD" [, "list": LIST]}
//   {"sex": "female"|"male"|"unknown"}
//   {"birth_date": "YYYY-MM-DD"|"YYYY-MM"|"YYYY"}
// to `p` for screening on `date`. A lab, score or finding change replaces the value the evaluator uses (the newest on or
// before `date`), keeping its date unless one is given; with none recorded, one dated `date` (or the date given) is added.
// An element of the record that was skipped as unusable for the same analyte, score or finding would keep it unknown: it
// is moved to the record's unused list with the reason, never dropped. A history change removes the records of CONCEPT
// on LIST ("conditions", "medications", "procedures", "allergies"; by default the list its kind fits), or of them the
// one starting on START (kept in the unused list, with the reason); changes the start date of the one record; or adds a
// record. Added to a list the record does not give, the list stays incomplete (unknown, never closed-world). Throws InputError naming the change
// ("changes[0].unit: …").
std::vector<WhatIfChange> apply_what_if(Patient& p, const nlohmann::json& changes, const Date& date, const Catalogue& catalogue);

// "Platelets 75 ×10^9/L (2026-10-29) → 110 ×10^9/L (2026-10-29)"
std::string describe(const WhatIfChange& c);

// Marks a result of the changed patient (check_json or screen_json) against the same result for the record: the changes
// at the top ("what_if": {"changes": [...]}), each trial's verdict for the record ("what_if": {"record_verdict"}), and
// each criterion whose result or why differs ("what_if": {"record_result", "record_why"}).
void mark_what_if(nlohmann::ordered_json& changed, const nlohmann::ordered_json& record, const std::vector<WhatIfChange>& changes);

}  // namespace eligo
