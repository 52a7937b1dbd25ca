// The patient profile the evaluator reads: labs with units, scores, findings
// and clinical history. Read from Eligo's native JSON (docs/patient-format.md).
#pragma once

#include <map>
#include <set>

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/patient/answer.hpp"
#include "engine/core/error.hpp"
#include "engine/core/date.hpp"
#include "engine/core/units.hpp"

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
   std::string field;       // JSON path (native) or resource (FHIR), for messages
   std::string time;        // the date-time as given
   long long at = 0;        // FHIR: that time in seconds since 1970 UTC, orders results of one day
   std::string conflict;    // another result at the same time disagrees: the value is not usable
   std::string range_note;  // FHIR: why the given reference ranges were not used
};

struct ScoreValue {
   const Score* score = nullptr;
   int lo = 0;  // ordinal range the recorded label stands for
   int hi = 0;
   std::string label;
   std::optional<Date> date;
   std::string field;  // where it was read
};

// A record's status: the native format's spellings (docs/patient-format.md), to which the FHIR
// reader maps clinicalStatus, verificationStatus and a medication's status.
enum class RecordStatus { active, resolved, completed, stopped, inactive, remission, recurrence, refuted, entered_in_error, unconfirmed };
const char* to_string(RecordStatus s);  // "active", …, "entered-in-error"
// The status a native spelling names, or nullopt when it names none.
std::optional<RecordStatus> record_status(std::string_view text);
// The record is over (resolved, inactive, in remission, completed, stopped): it says nothing of now.
bool is_over(RecordStatus s);

// A treatment's outcome as a record gives it (docs/patient-format.md): the tumour response
// assessed after it (mRECIST), why a drug was stopped. engine/patient/treatment_outcome.cpp.
enum class TumourResponse { complete, partial, stable, progressive };
enum class StopReason { progression, intolerance, completed, other };
const char* to_string(TumourResponse r);  // "CR", "PR", "SD", "PD"
const char* describe(TumourResponse r);   // "complete response", …, "progressive disease"
const char* to_string(StopReason r);      // "progression", "intolerance", "completed", "other"
// The response `text` names ("CR", "complete response"; any case), or nullopt.
std::optional<TumourResponse> tumour_response(std::string_view text);
std::optional<StopReason> stop_reason(std::string_view text);

struct Record {
   const Concept* concept_ = nullptr;
   std::optional<Date> start;  // onset, start or date performed
   std::optional<Date> end;    // abatement or end; none = ongoing
   RecordStatus status = RecordStatus::active;
   // A personal history ("History of myocardial infarction (situation)", ICD-10-CM Z85 "Personal history of malignant
   // neoplasm"): it is over, and it happened on or before `latest_known` (history_by), but when is not recorded. A window that date falls inside cannot be
   // decided from it.
   bool history = false;
   // A procedure under way, with no end yet: status "in-progress" (FHIR, or the native format). It applies up to the
   // screening date, as an ongoing medication does (review helper-134: an in-progress course of radiotherapy was a one-day
   // event on its start, so "concurrent radiotherapy" was not met).
   bool in_progress = false;
   std::optional<Date> recorded;  // FHIR Condition.recordedDate
   // FHIR Condition: the latest day its onset or recordedDate can stand for (a partial date's last day, "2026" is
   // 2026-12-31; an onset period's end): a history happened on or before it.
   std::optional<Date> latest_known;
   // FHIR Condition: the latest day its onset alone can stand for (a partial date's last day, an onset period's end): an
   // episode (Concept::episode_days) happened between `start` and this day.
   std::optional<Date> onset_latest;
   bool onset_open = false;  // FHIR: an onset period with a start and no end: the onset may be any day from `start` on
   // FHIR: a Condition under a code of the condition itself, active, whose text begins with past wording ("History of
   // HCC, now recurrent", "Prior MI"): the wording, for the why. Whether it holds at screening, or inside a window, is
   // open; "history of X" and a plain "X" count it.
   std::string history_doubt;
   std::string text;
   std::string field;       // where it was read (JSON path, or FHIR resource)
   std::string mapped_by;   // FHIR: the code, or the text, that named the concept; for a record that names none, its codes
   bool text_only = false;  // FHIR: a record that names no catalogue concept and has a text but no code at all
   // FHIR: for a record that names no catalogue concept, the concepts its text names (Catalogue::concepts_named_in): it
   // may be one of them, so a criterion about them stays open.
   std::vector<const Concept*> named_by_text;
   std::string status_detail;  // FHIR: why a record is "unconfirmed" (verificationStatus provisional...)
   // FHIR: a Condition whose clinicalStatus says it holds (active, recurrence, relapse) and which has an abatement too,
   // against R4's con-4: whether it holds after the abatement cannot be told (the evaluator leaves that open).
   std::string status_conflict;

   // Treatment outcome (issue 21): procedures and medications give a response; medications a
   // stop reason and a line of systemic therapy.
   std::optional<TumourResponse> response;  // assessed after the treatment (mRECIST)
   std::optional<StopReason> stop_reason;   // why the drug was stopped
   std::optional<int> line;                 // line of systemic therapy, 1 = first
   // What the drug or procedure was given for ("indication"; FHIR reasonCode or reasonReference):
   // the catalogue concept, if it names one, and the indication as given, for the why.
   const Concept* indication = nullptr;
   std::string indication_text;
   // How the record answers a criterion's qualifier ("qualifiers": {"clinically significant": true};
   // docs/patient-format.md, "Qualifiers"): the qualifier as written, lower-cased, and the answer.
   std::map<std::string, bool> qualifiers;
   // FHIR: a dose form its text says that a class of its concept excludes ("cream" for hydrocortisone, which is then no
   // systemic corticosteroid; concepts.json "not_dose_forms"). The record is still of its concept (record_is_a).
   std::string dose_form;
};

// A personal history's latest possible date: the latest its onset or recorded date can stand for (the FHIR reader sets it
// whenever it reads either), else its start, else its end.
inline std::optional<Date> history_by(const Record& r)
{
   if (r.latest_known) return r.start ? std::max(*r.start, *r.latest_known) : r.latest_known;
   return r.start ? r.start : r.end;
}

// The episode a record is of (concepts.json "episode_days": an infarction, a stroke; docs/fhir.md, "An episode"): it
// happened at its onset, whatever its status or abatement says. Not a personal history, nor a recurrence or relapse:
// that says the condition came back, on a day the record does not give, and is read as holding.
inline const Concept* episode_of(const Record& r)
{
   return r.concept_ && r.concept_->episode_days && !r.history && r.status != RecordStatus::recurrence ? r.concept_ : nullptr;
}

// The latest day a dated record's onset can stand for ("2026-10" is 2026-10-31; an onset period's end; none for a period
// without an end).
inline Date onset_latest(const Record& r, const Date& start)
{
   if (r.onset_open) return Date{9999, 12, 31};
   return r.onset_latest && *r.onset_latest > start ? *r.onset_latest : start;
}

// Where a dated record's onset lies, for the why: "2026-05-01 … 2026-05-31", "2026-04-20 or later".
inline std::string onset_span(const Record& r, const Date& start)
{
   if (r.onset_open) return start.str() + " or later (an onset period without an end)";
   return start.str() + " … " + onset_latest(r, start).str();
}

// Whether a record counts as concept `c`: its concept is `c` or a kind of it, and no class between them excludes the
// record's dose form (engine/patient/dose_form.cpp): hydrocortisone cream is hydrocortisone, not a systemic corticosteroid.
bool record_is_a(const Catalogue& catalogue, const Record& r, const Concept& c);

// A finding with a date (FHIR: an Observation that says present or absent).
struct FindingRecord {
   const Concept* concept_ = nullptr;
   bool present = false;
   Date date;
   std::string field;
};

// Something read from the input but not evaluated, and why (eligo profile lists them).
struct Unused {
   std::string resource;  // "Observation/abc", or a resource type ("Claim")
   std::string detail;    // "LOINC 72514-3 'Pain severity'", "×572"
   std::string reason;    // "not in the catalogue"
};

// An element of a FHIR record that could not be used and was skipped: the patient is kept, and a
// criterion that needs it is unknown (docs/fhir.md, "Skipped elements").
struct Skipped {
   std::string where;                 // "entry[588] Observation/07a4…: component[0].valueQuantity"
   std::string what;                  // what it held: "Diastolic blood pressure", a code
   std::string reason;                // why it was skipped
   const Analyte* analyte = nullptr;  // the analyte it gave, when it was a lab or measure
   std::optional<Date> date;          // its date, when known
   const Score* score = nullptr;      // the score it gave, when it was an assessment
   const Concept* finding = nullptr;  // the finding it gave, when it was one
   std::optional<long long> at;       // its time in seconds since 1970 UTC, when known (orders values of one day)
   bool value = true;                 // the value itself could not be used (false: only a part of it, a reference range)
};

// A code of a FHIR record that named no catalogue analyte, score or concept, by system and code.
struct UnmappedCode {
   std::string system;  // as written: "http://snomed.info/sct"
   std::string code;
   std::string display;
   std::string list;  // what it was read for: "observations", "conditions", "medications", "procedures", "allergies"
   int count = 0;     // elements of the record with it
};

struct Patient {
   std::string id;
   std::string name;  // FHIR: the Patient's name, for the people who screen (never logged); empty when not given
   std::string sex;   // "female", "male" or "" (unknown)
   std::optional<PartialDate> birth_date;
   std::optional<Date> screening_date;
   std::vector<LabResult> labs;               // newest first
   std::map<std::string, ScoreValue> scores;  // by score id
   std::map<std::string, bool> findings;      // by concept id
   // FHIR: every dated score assessment and finding; the evaluator takes the newest on or
   // before the screening date.
   std::vector<ScoreValue> score_history;
   std::vector<FindingRecord> finding_history;
   // A list that is present is taken as complete (closed world); absent means unknown.
   std::optional<std::vector<Record>> conditions, medications, procedures, allergies;
   // A clinician's answers to question criteria, in the order given (native "answers"; FHIR QuestionnaireResponse).
   std::vector<Answer> answers;

   std::string format;                          // "eligo-patient/1" or "FHIR R4 Bundle (transaction)"
   std::vector<Unused> unused;                  // read but not used, with the reason
   std::vector<Skipped> skipped;                // FHIR: elements that could not be used, with the reason
   std::vector<UnmappedCode> unmapped_codes;    // FHIR: codes that name nothing in the catalogue
   std::map<std::string, int> resource_counts;  // FHIR: resources by type
   std::map<std::string, int> unmapped;         // FHIR: records per list that name no catalogue concept
   // FHIR: those records, per list, with their dates, status and text (concept_ null): one may be a concept no code can
   // name (Catalogue::closed_world), so the evaluator weighs the ones in a criterion's time against it.
   std::map<std::string, std::vector<Record>> unrecognised;
   bool lists_partial = false;  // FHIR: one page of a search result; no list is complete
   // FHIR: history lists ("conditions", "medications", "procedures", "allergies") with a resource that could not be
   // read at all (a malformed subject, an entry that is not a resource): such a list is not complete.
   std::set<std::string> partial_lists;
   std::optional<std::string> deceased;  // "1993-03-22" (or "1993-03", "1993"), or "yes" when only a flag is given
};

// The newest value of an analyte, a score or a finding that the record holds but that could not be used (a skipped
// element), dated on or before `on`; null when there is none (engine/patient/unusable.cpp). A criterion that reads the
// analyte, score or finding is unknown when this is at least as new as the newest usable value: the older one is not
// the latest (docs/fhir.md, "Skipped elements").
const Skipped* newest_unusable(const Patient& p, const Analyte& a, const Date& on);
const Skipped* newest_unusable(const Patient& p, const Score& s, const Date& on);
const Skipped* newest_unusable(const Patient& p, const Concept& finding, const Date& on);
// Whether the unusable value `k` is at least as new as a usable one dated `date` (at the instant `at`, when known):
// a later day, or the same day unless both instants are known and it is the earlier.
bool supersedes(const Skipped& k, const Date& date, std::optional<long long> at = std::nullopt);

// Whether the history list `list`, named `name` ("conditions", …), can be taken as complete (closed world): it is
// given, the bundle is not one page of a search result, and no resource of it went unread (partial_lists).
bool list_complete(const Patient& p, const std::optional<std::vector<Record>>& list, const std::string& name);

// A deceased patient (engine/patient/deceased.cpp). The day of death as given, or nullopt when the
// patient is alive or only a flag says otherwise.
std::optional<PartialDate> death_date(const Patient& p);
// Dead on or before `on` (the earliest possible day of death); a flag without a date is dead on any day.
bool deceased_by(const Patient& p, const Date& on);
// The day an age is computed on: `on`, or the last possible day of death if that is earlier.
Date alive_until(const Patient& p, const Date& on);
// "deceased on 1993-03-22", or "deceased (date not recorded)".
std::string deceased_text(const Patient& p);

// Reads a native patient JSON document. `source` names the file in messages.
// The format is told by the document: an object with "resourceType": "Bundle" is
// FHIR R4 (docs/fhir.md); anything else is read as the native format.
Patient read_patient(const std::string& json_text, const std::string& source, const Catalogue& catalogue);
// The same, from a document already parsed (by parse_json_text).
Patient read_patient_document(const nlohmann::json& document, const std::string& source, const Catalogue& catalogue);
// Parses JSON text within the limits (size, nesting depth) with a message that names `source`;
// skips a leading BOM. Throws InputError.
nlohmann::json parse_json_text(std::string_view text, const std::string& source);
Patient read_patient_file(const std::string& path, const Catalogue& catalogue);
// A parsed FHIR R4 Bundle -> Patient (engine/patient/fhir_reader.cpp).
Patient read_fhir_bundle(const nlohmann::json& bundle, const std::string& source, const Catalogue& catalogue);

// A code system's short name for messages and reports ("http://snomed.info/sct" -> "SNOMED CT"); the
// URI itself when Eligo has no name for it, "(no system)" for none.
std::string code_system_name(const std::string& system);

// The native format's sex spellings: "female"/"f"/"F"/"Female" -> "female", the male ones ->
// "male", "unknown"/"other" -> "" (unknown); anything else is not a sex value (nullopt).
std::optional<std::string> native_sex(std::string_view text);

// Resolves a lab's unit (r.unit_text, through the analyte's aliases), converts it to the
// canonical unit and checks it is possible. On failure: the field ("unit" or "value") and why.
struct LabProblem {
   std::string field;
   std::string message;
   std::string plain;  // in a clinician's words, naming the analyte, the value and the unit given (LocatedError::plain)
};
std::optional<LabProblem> settle_lab(LabResult& r);
// The part of settle_lab() that depends on the value: r.unit is set and passed every check of the unit (settle_lab did,
// for this analyte and unit as written); converts the value to the canonical unit and checks it is possible.
std::optional<LabProblem> settle_value(LabResult& r);

// Limits on what a patient file may hold (docs/patient-format.md, "Limits").
inline constexpr std::size_t max_patient_bytes = 64 * 1024 * 1024;
inline constexpr int max_json_depth = 64;

}  // namespace eligo
