// eligo questions: a trial's question criteria as a FHIR R4 Questionnaire (docs/cli.md, "eligo questions"), one item
// per criterion of kind question (linkId = the criterion id), grouped by section, with the registry text; or the same
// for a person to read. Its answers come back as a QuestionnaireResponse (docs/fhir.md) or a native "answers" list.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"

namespace eligo {

// "urn:eligo:questionnaire:NCT04560751": the Questionnaire's url; with "|" and Trial::version, its canonical.
std::string questionnaire_url(const Trial& trial);
// The FHIR R4 Questionnaire resource.
nlohmann::ordered_json questionnaire_json(const Trial& trial);
// The same questions for a person: id, the answer asked for, section, line and text.
void print_questionnaire_text(std::ostream& out, const Trial& trial);

}  // namespace eligo
