// The catalogue's codes and units as OMOP's vocabulary tables name them.
#include "engine/omop/omop_vocabulary.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "engine/core/units.hpp"

namespace eligo::omop {

std::string vocabulary_of(std::string_view system_uri)
{
   // OMOP's vocabulary_id of each code system (OHDSI Athena's vocabulary table). ICD-9-CM procedures are "ICD9Proc" in
   // OMOP (concept_codes tells them by the concept's kind: the catalogue keeps them under the ICD-9-CM URI).
   static const std::pair<std::string_view, const char*> table[] = {{"http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"},
                                                                    {"http://www.whocc.no/atc", "ATC"},
                                                                    {"http://snomed.info/sct", "SNOMED"},
                                                                    {"http://hl7.org/fhir/sid/icd-10", "ICD10"},
                                                                    {"http://hl7.org/fhir/sid/icd-10-cm", "ICD10CM"},
                                                                    {"http://www.cms.gov/Medicare/Coding/ICD10", "ICD10PCS"},
                                                                    {"http://hl7.org/fhir/sid/icd-9-cm", "ICD9CM"},
                                                                    {"http://www.ama-assn.org/go/cpt", "CPT4"},
                                                                    {"http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "HCPCS"},
                                                                    {"http://loinc.org", "LOINC"},
                                                                    {"http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "NCIt"}};
   for (const auto& [uri, id] : table)
      if (uri == system_uri) return id;
   return "";
}

std::vector<VocabularyCode> analyte_codes(const Analyte& a)
{
   std::vector<VocabularyCode> out;
   for (const auto& c : a.loinc) out.push_back({"LOINC", c});
   if (out.empty()) out.push_back({local_vocabulary, "analyte:" + a.id});
   return out;
}

std::vector<VocabularyCode> score_codes(const Score& s)
{
   std::vector<VocabularyCode> out;
   for (const auto& c : s.loinc) out.push_back({"LOINC", c});
   for (const auto& c : s.snomed) out.push_back({"SNOMED", c});
   if (out.empty()) out.push_back({local_vocabulary, "score:" + s.id});
   return out;
}

std::vector<VocabularyCode> concept_codes(const Concept& c)
{
   std::vector<VocabularyCode> out;
   for (const Code& code : c.codes) {
      std::string v = vocabulary_of(code.system);
      // OMOP splits ICD-9-CM: diagnoses are ICD9CM, procedures ICD9Proc; FHIR keeps both under one URI.
      if (v == "ICD9CM" && c.kind == ConceptKind::procedure) v = "ICD9Proc";
      if (!v.empty() && !code.history) out.push_back({v, code.code});
   }
   if (out.empty()) out.push_back({local_vocabulary, "concept:" + c.id});
   // OMOP's standard vocabularies first (SNOMED for conditions and procedures, RxNorm for drugs, LOINC for
   // observations), then the source vocabularies it maps from (ICD, CPT), then classifications (ATC).
   auto rank = [](const VocabularyCode& v) {
      static const char* order[] = {"SNOMED", "RxNorm", "LOINC", "ICD10CM", "ICD10", "ICD9CM", "ICD9Proc", "ICD10PCS", "CPT4", "HCPCS", "NCIt", "ATC"};
      for (std::size_t i = 0; i < std::size(order); ++i)
         if (v.vocabulary == order[i]) return i;
      return std::size(order);
   };
   std::stable_sort(out.begin(), out.end(), [&](const VocabularyCode& a, const VocabularyCode& b) { return rank(a) < rank(b); });
   return out;
}

std::vector<UnitFactor> unit_factors(const Analyte& a)
{
   // json_reader.cpp, settle_lab: a rate per 1.73 m² of body surface and an absolute rate are never equated.
   auto per_body_surface = [](const std::string& code) { return code.find("1.73") != std::string::npos; };
   std::vector<UnitFactor> out;
   for (const std::string& spelling : a.units) {
      Unit u;
      try {
         u = a.unit(spelling);
         if (per_body_surface(u.code) != per_body_surface(a.canonical.code)) continue;
         const double factor = convert(1.0, u, a.canonical, a.molar_mass).value;
         // Every unit the catalogue lists is a scale of the canonical one (no offset, as a temperature would have).
         if (std::fabs(convert(0.0, u, a.canonical, a.molar_mass).value) > 0) continue;
         const bool seen = std::any_of(out.begin(), out.end(), [&](const UnitFactor& f) { return f.ucum == u.code; });
         if (!seen) out.push_back(UnitFactor{u.code, factor, !(u.dim == a.canonical.dim)});
      }
      catch (const UnitError&) {
         continue;  // a unit this analyte cannot be converted from (no molar mass): the reader refuses it too
      }
   }
   if (a.canonical.dim.dimensionless()) out.push_back(UnitFactor{"", 1, false});
   return out;
}

}  // namespace eligo::omop
