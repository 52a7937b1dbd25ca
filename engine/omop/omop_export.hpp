// Patients as OMOP CDM v5.4 tables (docs/omop.md, "Synthetic OMOP data"): eligo synth --population N --format omop
// writes the same population eligo batch screens as CSV files, with the vocabulary subset it uses (its own
// concept_ids, above 2,000,000,000 as OMOP keeps site concepts) and a load.sql that creates the tables and loads
// them with psql's \copy. What a patient holds that OMOP has no place for is counted, never dropped in silence.
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "engine/catalogue/catalogue.hpp"
#include "engine/omop/omop_vocabulary.hpp"
#include "engine/patient/patient.hpp"

namespace eligo::omop {

class OmopExport {
public:
   explicit OmopExport(const Catalogue& catalogue) : catalogue_(catalogue) {}

   // One person; person_id is the order of adding, from 1.
   void add(const Patient& p);
   // Writes the tables, concept.csv and load.sql into `dir` (created if needed).
   void write(const std::string& dir) const;

   // What the patients held that the tables do not: "tumour (number, size)" -> patients.
   const std::map<std::string, std::size_t>& not_exported() const { return not_exported_; }
   std::size_t persons() const { return persons_; }

private:
   const Catalogue& catalogue_;
   std::size_t persons_ = 0;
   std::uint64_t next_row_ = 1;
   std::map<VocabularyCode, std::pair<long long, std::string>> concepts_;  // code -> concept_id, name (and domain in the name's map)
   std::map<VocabularyCode, std::string> domains_;
   std::ostringstream person_, period_, measurement_, observation_, condition_, drug_, procedure_, death_, loss_;
   std::map<std::string, std::size_t> not_exported_;

   long long concept_id(const VocabularyCode& code, const std::string& name, const std::string& domain);
};

}  // namespace eligo::omop
