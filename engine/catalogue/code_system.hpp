#pragma once
// The code systems Eligo reads codes of: a FHIR system URI and the short name messages and reports use
// (docs/catalogue.md, "codes"; docs/fhir.md, "From codes to concepts"). The catalogue refuses a code in
// any other system when it loads, and the FHIR reader names these systems in the why and in `eligo profile`.
#include <string>
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

// A code as the catalogue writes it. ICD codes are often stored without their dot ("C220", "V081"): the dot of ICD-10
// and ICD-10-CM always follows the three-character category, so "c220" is "C22.0"; in ICD-9-CM a V code's dot follows
// its third character and an E code's its fourth ("E8801" is "E880.1"). A numeric ICD-9-CM code without its dot stays
// as written: "5022" may be the diagnosis 502.2 or the procedure 50.22, and a guess could be a wrong match. Spaces
// around a code are trimmed in every system; codes of other systems are otherwise unchanged.
std::string catalogue_code(std::string_view uri, std::string_view code);

}  // namespace eligo
