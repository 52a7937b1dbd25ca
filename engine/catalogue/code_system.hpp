#pragma once
// The code systems Eligo reads codes of: a FHIR system URI and the short name messages and reports use
// (docs/catalogue.md, "codes"; docs/fhir.md, "From codes to concepts"). The catalogue refuses a code in
// any other system when it loads, and the FHIR reader names these systems in the why and in `eligo profile`.
#include <string_view>
#include <vector>

namespace eligo {

struct CodeSystem {
   std::string_view uri;   // as a FHIR Coding.system writes it: "http://snomed.info/sct"
   std::string_view name;  // "SNOMED CT"
};

// Every code system the catalogue may use, in the order docs/catalogue.md lists them.
const std::vector<CodeSystem>& code_systems();

// The code system with this URI (matched exactly, as FHIR compares Coding.system), or nullptr.
const CodeSystem* find_code_system(std::string_view uri);

}  // namespace eligo
