// The code systems Eligo reads (engine/catalogue/code_system.hpp). The URIs are the FHIR ones: HL7
// Terminology (THO) gives CPT as http://www.ama-assn.org/go/cpt (CodeSystem CPT, OID 2.16.840.1.113883.6.12)
// and HCPCS Level II as http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets (CodeSystem hcpcs-Level-II,
// OID 2.16.840.1.113883.6.285); the others are as docs/fhir.md cites them.
#include "engine/catalogue/code_system.hpp"

#include <algorithm>
#include <cctype>

namespace eligo {

const std::vector<CodeSystem>& code_systems()
{
   static const std::vector<CodeSystem> systems = {{"http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"},
                                                   {"http://www.whocc.no/atc", "ATC"},
                                                   {"http://snomed.info/sct", "SNOMED CT"},
                                                   {"http://hl7.org/fhir/sid/icd-10", "ICD-10"},
                                                   {"http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM"},
                                                   {"http://www.cms.gov/Medicare/Coding/ICD10", "ICD-10-PCS"},
                                                   {"http://hl7.org/fhir/sid/icd-9-cm", "ICD-9-CM"},
                                                   {"http://www.ama-assn.org/go/cpt", "CPT"},
                                                   {"http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "HCPCS Level II"},
                                                   {"http://loinc.org", "LOINC"},
                                                   {"http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "NCI Thesaurus"},
                                                   {"http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips", "IPS absent-unknown"},
                                                   {"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "HL7 v3 ObservationInterpretation"},
                                                   {"urn:eligo:analyte", "Eligo analyte"},
                                                   {"urn:eligo:score", "Eligo score"},
                                                   {"urn:eligo:concept", "Eligo concept"}};
   return systems;
}

const CodeSystem* find_code_system(std::string_view uri)
{
   const auto& all = code_systems();
   auto it = std::find_if(all.begin(), all.end(), [&](const CodeSystem& s) { return s.uri == uri; });
   return it == all.end() ? nullptr : &*it;
}

bool is_icd10(std::string_view uri) { return uri == "http://hl7.org/fhir/sid/icd-10" || uri == "http://hl7.org/fhir/sid/icd-10-cm"; }
bool is_icd9(std::string_view uri) { return uri == "http://hl7.org/fhir/sid/icd-9-cm"; }

std::string catalogue_code(std::string_view uri, std::string_view code, IcdUse use)
{
   while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front()))) code.remove_prefix(1);
   while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) code.remove_suffix(1);
   std::string c(code);
   const bool icd10 = is_icd10(uri), icd9 = is_icd9(uri);
   if (!icd10 && !icd9) return c;
   for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
   if (!c.empty() && c.back() == '.') c.pop_back();
   if (c.find('.') != std::string::npos) return c;
   const bool plain = std::all_of(c.begin(), c.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; });
   if (!plain) return c;
   std::size_t category = 0;
   if (icd10 && std::isupper(static_cast<unsigned char>(c.front())))
      category = 3;
   else if (icd9 && c.front() == 'V')
      category = 3;
   else if (icd9 && c.front() == 'E')
      category = 4;
   else if (icd9 && std::all_of(c.begin(), c.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; }))
      category = use == IcdUse::procedure && c.size() <= 4 ? 2 : 3;
   if (category && c.size() > category) c.insert(category, ".");
   return c;
}

}  // namespace eligo
