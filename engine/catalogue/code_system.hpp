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
// its third character and an E code's its fourth ("E8801" is "E880.1"). ICD-9-CM diagnoses and procedures share one
// system URI, and a numeric code without its dot says which only by where it is kept: a diagnosis (a Condition) has
// three digits before the dot ("4011" is 401.1), a procedure (a Procedure) two ("4011" is 40.11); a five-digit code is a
// diagnosis. Spaces around a code are trimmed in every system; codes of other systems are otherwise unchanged.
enum class IcdUse { diagnosis, procedure };
// ICD-10, ICD-10-CM (codes with a dot after the three-character category) and ICD-9-CM.
bool is_icd10(std::string_view uri);
bool is_icd9(std::string_view uri);
std::string catalogue_code(std::string_view uri, std::string_view code, IcdUse use = IcdUse::diagnosis);

}  // namespace eligo
