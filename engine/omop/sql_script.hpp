// eligo sql (docs/omop.md): trials compiled into one SQL script over an OMOP CDM v5.4 database. The script
// answers, for every person and trial, the verdict and each criterion as met (TRUE), not met (FALSE) or unknown
// (NULL): SQL's NULL logic is Kleene's, the logic the evaluator keeps. What it holds mirrors the compiled batch
// path (engine/evaluate/compiled_trial.hpp) leaf for leaf: labs and measurements (absolute thresholds, ranges,
// × ULN / × LLN from the result's own range_high or range_low, else the catalogue's default), the trial's lab
// window and a criterion's own assessment window, age on the screening date (a partial birth date widens it),
// sex, recorded scores, Child-Pugh and ALBI derived from the labs with the engine's band edges, "labs within N
// days", and manual review (NULL, asked of a clinician). A leaf the script does not express yet (a clinical
// fact: conditions, drugs, procedures; a BCLC or CNLC stage) is NULL, and the script says so per criterion.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/omop/sql_dialect.hpp"

namespace eligo::omop {

struct SqlOptions {
   std::string cdm_schema;    // where person, measurement, death … are; "" = the search path
   std::string vocab_schema;  // where concept is; "" = the CDM schema
   // where the script writes its tables (eligo_person, eligo_verdict …); "" = the search path. The CDM schema is often
   // read-only.
   std::string results_schema;
   Date date;  // the screening date
   // Take each person's conditions, drugs and procedures as the whole history when an observation period covers the
   // screening date (closed world), so that no record of a fact means none: the site says its records are complete
   // (docs/omop.md, "Clinical facts"). Without it an absence is unknown.
   bool complete_history = false;
   const SqlDialect* dialect = &postgresql();
};

// Why a criterion's SQL is incomplete: the leaves it holds as NULL because the script cannot express them yet.
struct SqlGap {
   std::string trial;
   std::string criterion;  // its id, as eligo batch rows name it
   std::string reason;     // "clinical fact 'prior sorafenib': conditions, drugs and procedures are not yet compiled to SQL"
};

struct SqlScript {
   std::string text;
   std::vector<SqlGap> gaps;
   std::size_t criteria = 0;  // criteria compiled
};

SqlScript sql_script(const std::vector<const Trial*>& trials, const Catalogue& catalogue, const SqlOptions& options);

}  // namespace eligo::omop
