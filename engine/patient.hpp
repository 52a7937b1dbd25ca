// The patient profile the evaluator reads: labs with units, scores, findings
// and clinical history. Read from Eligo's native JSON (docs/patient-format.md).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalogue.hpp"
#include "date.hpp"
#include "units.hpp"

namespace eligo {

struct LabResult {
   const Analyte* analyte = nullptr;
   double value = 0;       // as given
   std::string unit_text;  // as given
   Unit unit;
   double canonical = 0;    // in the analyte's canonical unit
   std::string comparator;  // "", "<", "<=", ">", ">=": the value is a bound, not a point
   Date date;
   std::optional<double> low;  // reference range, canonical unit
   std::optional<double> high;
   std::string field;  // JSON path, for messages
};

struct ScoreValue {
   const Score* score = nullptr;
   int lo = 0;  // ordinal range the recorded label stands for
   int hi = 0;
   std::string label;
   std::optional<Date> date;
};

struct Record {
   const Concept* concept_ = nullptr;
   std::optional<Date> start;  // onset, start or date performed
   std::optional<Date> end;    // abatement or end; none = ongoing
   std::string status;
   std::string text;
};

struct Patient {
   std::string id;
   std::string sex;  // "female", "male" or "" (unknown)
   std::optional<PartialDate> birth_date;
   std::optional<Date> screening_date;
   std::vector<LabResult> labs;               // newest first
   std::map<std::string, ScoreValue> scores;  // by score id
   std::map<std::string, bool> findings;      // by concept id
   // A list that is present is taken as complete (closed world); absent means unknown.
   std::optional<std::vector<Record>> conditions, medications, procedures, allergies;
};

// An input that cannot be used: where (file, patient id, JSON path) and what was expected.
class InputError : public std::runtime_error {
public:
   using std::runtime_error::runtime_error;
};

// Reads a native patient JSON document. `source` names the file in messages.
Patient read_patient(const std::string& json_text, const std::string& source, const Catalogue& catalogue);
Patient read_patient_file(const std::string& path, const Catalogue& catalogue);

// Limits on what a patient file may hold (docs/patient-format.md, "Limits").
inline constexpr std::size_t max_patient_bytes = 64 * 1024 * 1024;
inline constexpr int max_json_depth = 64;

}  // namespace eligo
