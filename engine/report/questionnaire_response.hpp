// Answers given as FHIR R4 QuestionnaireResponse resources, read on their own (the page loads a file of them,
// docs/server.md, "Answers in the page"): the same reading as in a patient's bundle (docs/fhir.md, "Questionnaire
// responses"), but strict, since the answers are all the document holds: anything that is not read as an answer is an
// error naming where it is, never skipped.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

// `document` is one QuestionnaireResponse or a Bundle holding some (other resources of a bundle are left alone). Every
// response must be one the engine reads as answers: of a questionnaire of `eligo questions` (urn:eligo:questionnaire:TRIAL),
// completed or amended, with author and authored, each item with an answer readable, and each linkId a criterion of one
// of `trials`. Returns the answers in the native format (docs/patient-format.md, "Answers"): [{"criterion", "answer",
// "by", "date"}], in document order. Throws InputError whose where.field names the element ("item[0].answer[0]",
// "entry[2] QuestionnaireResponse/qr1: authored").
nlohmann::ordered_json read_questionnaire_responses(const nlohmann::json& document, const std::vector<const Trial*>& trials, const Catalogue& catalogue);

}  // namespace eligo
