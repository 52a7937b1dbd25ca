// What Eligo's catalogue is in OMOP CDM terms (docs/omop.md): the vocabulary and code of each analyte, score
// and concept, and the conversion of each (analyte, UCUM unit) pair to the analyte's canonical unit. `eligo sql`
// resolves these through the site's own concept table (vocabulary_id and concept_code, never a concept_id), and
// `eligo synth --format omop` writes the same codes, so the two meet in the vocabulary tables.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"

namespace eligo::omop {

// A code as OMOP's concept table holds it: concept.vocabulary_id and concept.concept_code.
struct VocabularyCode {
   std::string vocabulary;  // "LOINC", "SNOMED", "RxNorm", "ICD10CM", "UCUM", "Gender", or "Eligo" for a local code
   std::string code;
   bool operator==(const VocabularyCode&) const = default;
   bool operator<(const VocabularyCode& o) const { return vocabulary != o.vocabulary ? vocabulary < o.vocabulary : code < o.code; }
};

// OMOP's vocabulary_id for a code system URI of the catalogue ("http://loinc.org" -> "LOINC"), or "" for one OMOP
// does not carry.
std::string vocabulary_of(std::string_view system_uri);

// The local vocabulary for what has no standard code (a score without a LOINC code, a class concept): OMOP keeps
// site concepts above concept_id 2,000,000,000 (docs/omop.md, "Local codes").
inline constexpr const char* local_vocabulary = "Eligo";

// The codes a measurement of this analyte may carry: its LOINC codes, else the local code "analyte:<id>".
std::vector<VocabularyCode> analyte_codes(const Analyte& a);
// A score's codes: its LOINC codes, then its SNOMED CT observables, else the local code "score:<id>".
std::vector<VocabularyCode> score_codes(const Score& s);
// A concept's codes in the vocabularies OMOP carries, standard vocabularies first (SNOMED, RxNorm, LOINC), else the
// local code "concept:<id>".
std::vector<VocabularyCode> concept_codes(const Concept& c);

// One unit an analyte may be reported in, with the factor that takes a value in it to the canonical unit (through the
// molar mass where the dimensions differ). `ucum` is empty for "no unit", accepted only for a dimensionless analyte,
// as the readers accept it. Units the readers refuse for the analyte (mL/min for an eGFR per 1.73 m²) are not listed.
struct UnitFactor {
   std::string ucum;
   double factor = 1;
   bool crosses = false;  // mass <-> substance: the tolerance at a threshold is the molar one (threshold.cpp)
};
std::vector<UnitFactor> unit_factors(const Analyte& a);

}  // namespace eligo::omop
