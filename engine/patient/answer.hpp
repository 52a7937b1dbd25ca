// A clinician's answer to a question criterion (docs/patient-format.md, "Answers"; docs/fhir.md, "Questionnaire
// responses"): which criterion, the answer, who gave it and when. The criterion id is the trial file's (trial id and a
// hash of the wording, engine/compile/trial.hpp), so an answer survives edits elsewhere in the file.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/date.hpp"

namespace eligo {

// The canonical URL of the questionnaire of a trial's questions is this and the trial id ("…:NCT04560751"), with
// "|" and the trial file's version (eligo questions); a QuestionnaireResponse of any other questionnaire is not read as
// answers to criteria.
inline constexpr std::string_view questionnaire_url_prefix = "urn:eligo:questionnaire:";

struct Answer {
   std::string criterion;  // "NCT04560751-1a2b3c4d"
   // What the answer is: whether the criterion's statement is true for the patient, or a value for a criterion that
   // tests one (a number, a quantity with its unit, a date).
   enum class Type { boolean, number, quantity, date } type = Type::boolean;
   bool yes = false;    // boolean
   double number = 0;   // number, quantity
   std::string unit;    // quantity: the unit as given
   Date date_value{};   // date
   std::string text;    // the answer as given, for the why: "yes", "7.5 g/dL", "2026-10-01"
   std::string by;      // who answered
   Date date{};         // when
   std::string field;   // where it was read: "answers[0]" (native), "QuestionnaireResponse/qr1: item[0]" (FHIR)
   bool native = true;  // from the native format: a wrong type for its criterion is an error, not a skipped element
};

const char* to_string(Answer::Type t);  // "boolean", "number", "quantity", "date"

}  // namespace eligo
