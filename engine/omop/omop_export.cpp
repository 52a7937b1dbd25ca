// Writing patients as OMOP CDM v5.4 rows. Columns follow the CDM v5.4 tables (a subset: the ones the data has);
// type concepts are 0 ("No matching concept"), as a site without them would load.
#include "engine/omop/omop_export.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/units.hpp"

namespace eligo::omop {

namespace {

std::string csv(const std::string& s)
{
   if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
   std::string out = "\"";
   for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
   return out + "\"";
}

// The shortest decimal that reads back as the same double.
std::string csv_number(double v)
{
   char b[40];
   for (int digits = 15; digits <= 17; ++digits) {
      std::snprintf(b, sizeof b, "%.*g", digits, v);
      if (std::strtod(b, nullptr) == v) break;
   }
   return b;
}

// A time in seconds since 1970 UTC as a SQL timestamp ("2026-06-13 08:30:00").
std::string timestamp(long long at)
{
   const long long day = at >= 0 ? at / 86400 : (at - 86399) / 86400;
   const long long sec = at - day * 86400;
   char b[48];
   std::snprintf(b, sizeof b, " %02d:%02d:%02d", static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
   return Date::from_days(day).str() + b;
}

// The CDM v5.4 tables as load.sql creates them: the columns written, with their CDM types.
struct Table {
   const char* name;
   const char* columns;  // "name TYPE, …"
};
const Table tables[] = {
    {"concept",
     "concept_id BIGINT NOT NULL, concept_name VARCHAR(255) NOT NULL, domain_id VARCHAR(20) NOT NULL, vocabulary_id VARCHAR(20) NOT NULL, "
     "concept_class_id VARCHAR(20) NOT NULL, standard_concept VARCHAR(1), concept_code VARCHAR(50) NOT NULL, valid_start_date DATE NOT NULL, "
     "valid_end_date DATE NOT NULL, invalid_reason VARCHAR(1)"},
    {"person",
     "person_id BIGINT NOT NULL, gender_concept_id BIGINT NOT NULL, year_of_birth INTEGER NOT NULL, month_of_birth INTEGER, day_of_birth INTEGER, "
     "race_concept_id BIGINT NOT NULL, ethnicity_concept_id BIGINT NOT NULL, person_source_value VARCHAR(255), gender_source_value VARCHAR(50)"},
    {"observation_period",
     "observation_period_id BIGINT NOT NULL, person_id BIGINT NOT NULL, observation_period_start_date DATE NOT NULL, observation_period_end_date DATE NOT "
     "NULL, "
     "period_type_concept_id BIGINT NOT NULL"},
    {"measurement",
     "measurement_id BIGINT NOT NULL, person_id BIGINT NOT NULL, measurement_concept_id BIGINT NOT NULL, measurement_date DATE NOT NULL, "
     "measurement_datetime TIMESTAMP, measurement_type_concept_id BIGINT NOT NULL, operator_concept_id BIGINT, value_as_number DOUBLE PRECISION, "
     "value_as_concept_id BIGINT, unit_concept_id BIGINT, range_low DOUBLE PRECISION, range_high DOUBLE PRECISION, measurement_source_value VARCHAR(50), "
     "unit_source_value VARCHAR(50), value_source_value VARCHAR(50)"},
    {"observation",
     "observation_id BIGINT NOT NULL, person_id BIGINT NOT NULL, observation_concept_id BIGINT NOT NULL, observation_date DATE NOT NULL, "
     "observation_type_concept_id BIGINT NOT NULL, value_as_number DOUBLE PRECISION, value_as_string VARCHAR(60), value_as_concept_id BIGINT, "
     "observation_source_value VARCHAR(50), value_source_value VARCHAR(50)"},
    {"condition_occurrence",
     "condition_occurrence_id BIGINT NOT NULL, person_id BIGINT NOT NULL, condition_concept_id BIGINT NOT NULL, condition_start_date DATE NOT NULL, "
     "condition_end_date DATE, condition_type_concept_id BIGINT NOT NULL, condition_status_source_value VARCHAR(50), condition_source_value VARCHAR(50)"},
    {"drug_exposure",
     "drug_exposure_id BIGINT NOT NULL, person_id BIGINT NOT NULL, drug_concept_id BIGINT NOT NULL, drug_exposure_start_date DATE NOT NULL, "
     "drug_exposure_end_date DATE NOT NULL, drug_type_concept_id BIGINT NOT NULL, stop_reason VARCHAR(20), drug_source_value VARCHAR(50)"},
    {"procedure_occurrence",
     "procedure_occurrence_id BIGINT NOT NULL, person_id BIGINT NOT NULL, procedure_concept_id BIGINT NOT NULL, procedure_date DATE NOT NULL, "
     "procedure_end_date DATE, procedure_type_concept_id BIGINT NOT NULL, procedure_source_value VARCHAR(50)"},
    {"death", "person_id BIGINT NOT NULL, death_date DATE NOT NULL, death_type_concept_id BIGINT NOT NULL"},
    // Each concept as its own ancestor (the CDM's row of level 0): the classes a script finds through concept_ancestor.
    {"concept_ancestor",
     "ancestor_concept_id BIGINT NOT NULL, descendant_concept_id BIGINT NOT NULL, min_levels_of_separation INTEGER NOT NULL, max_levels_of_separation "
     "INTEGER NOT NULL"},
    // Not a CDM table: the persons whose clinical records the tables hold only in part, and what is missing (a record
    // not confirmed, one that names no catalogue concept ...). eligo sql does not read it; the parity test does not
    // compare their clinical facts (docs/omop.md, "Synthetic OMOP data").
    {"eligo_export_loss", "person_id BIGINT NOT NULL, what VARCHAR(255) NOT NULL"},
};

std::string header(const char* columns)
{
   std::string h, c = columns;
   std::size_t at = 0;
   while (at < c.size()) {
      std::size_t comma = c.find(", ", at);
      std::string part = c.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      h += (h.empty() ? "" : ",") + part.substr(0, part.find(' '));
      if (comma == std::string::npos) break;
      at = comma + 2;
   }
   return h;
}

}  // namespace

long long OmopExport::concept_id(const VocabularyCode& code, const std::string& name, const std::string& domain)
{
   auto it = concepts_.find(code);
   if (it != concepts_.end()) return it->second.first;
   const long long id = 2000000001LL + static_cast<long long>(concepts_.size());
   concepts_.emplace(code, std::make_pair(id, name));
   domains_.emplace(code, domain);
   return id;
}

void OmopExport::add(const Patient& p)
{
   const std::size_t person = ++persons_;
   const std::string pid = std::to_string(person);
   auto row = [&] { return std::to_string(next_row_++); };
   if (!p.birth_date) {
      ++not_exported_["a patient without a birth date (person.year_of_birth is required)"];
      return;
   }
   const PartialDate& b = *p.birth_date;
   const bool month = b.earliest.month == b.latest.month && b.earliest.year == b.latest.year;
   const bool day = b.exact();
   long long gender = 0;
   if (p.sex == "female") gender = concept_id({"Gender", "F"}, "FEMALE", "Gender");
   if (p.sex == "male") gender = concept_id({"Gender", "M"}, "MALE", "Gender");
   person_ << pid << ',' << gender << ',' << b.earliest.year << ',' << (month ? std::to_string(b.earliest.month) : "") << ','
           << (day ? std::to_string(b.earliest.day) : "") << ",0,0," << csv(p.id) << ',' << csv(p.sex) << '\n';
   const Date until = p.screening_date ? *p.screening_date : today();
   // The observation period: from the first event the record holds to the screening date (CDM: inferred from the events).
   Date first = until;
   auto seen = [&](const std::optional<Date>& d) {
      if (d && *d < first) first = *d;
   };
   for (const LabResult& l : p.labs) seen(l.date);
   for (const ScoreValue& s : p.score_history) seen(s.date);
   for (const auto* list : {&p.conditions, &p.medications, &p.procedures})
      if (*list)
         for (const Record& r : **list) seen(r.start ? r.start : r.end);
   for (const Skipped& k : p.skipped) seen(k.date);
   period_ << pid << ',' << pid << ',' << first.str() << ',' << until.str() << ",0\n";

   for (const LabResult& l : p.labs) {
      const Analyte& a = *l.analyte;
      const auto codes = analyte_codes(a);
      const long long c = concept_id(codes.front(), a.display, "Measurement");
      // The unit as OMOP's UCUM concepts spell it: the catalogue's spelling of the same unit ("10*9/L" for "10*9/l"); a unit
      // the catalogue does not list is written as the canonical one, the value converted (what the reader compares).
      const double given_factor = convert(1.0, l.unit, a.canonical, a.molar_mass).value;
      const bool given_crosses = !(l.unit.dim == a.canonical.dim);
      std::string ucum = a.canonical.code;
      double value = l.canonical, factor = 1;
      for (const UnitFactor& u : unit_factors(a))
         if (!u.ucum.empty() && u.crosses == given_crosses && std::fabs(u.factor - given_factor) <= 1e-12 * std::fabs(given_factor)) {
            ucum = u.ucum;
            value = l.value;
            factor = given_factor;
            break;
         }
      std::string unit;  // none: NULL, as the CDM writes "no unit" (0 is a unit that was not mapped)
      if (!(l.unit_text.empty() && a.canonical.dim.dimensionless()) && !ucum.empty())
         unit = std::to_string(concept_id({"UCUM", ucum}, display_unit(ucum).empty() ? ucum : display_unit(ucum), "Unit"));
      // A bound ("<0.5"): an operator concept named as OMOP's are ("<", ">="); an exact value has none (NULL).
      std::string op;
      if (!l.comparator.empty()) op = std::to_string(concept_id({local_vocabulary, "operator:" + l.comparator}, l.comparator, "Meas Value Operator"));
      // Two results at the same time that disagree: the value is not usable, and is written without one (what the
      // reader keeps of it).
      const std::string shown = l.conflict.empty() ? csv_number(value) : "";
      measurement_ << row() << ',' << pid << ',' << c << ',' << l.date.str() << ',' << (l.time.size() > 10 ? timestamp(l.at) : "") << ",0," << op << ','
                   << shown << ",," << unit << ',' << (l.low ? csv_number(*l.low / factor) : "") << ',' << (l.high ? csv_number(*l.high / factor) : "") << ','
                   << csv(a.id) << ',' << csv(l.unit_text) << ',' << (l.conflict.empty() ? "" : "conflicting results") << '\n';
   }
   // A lab result the reader skipped as unusable is a result without a value: it is still the newest (unusable.cpp).
   for (const Skipped& k : p.skipped)
      if (k.value && k.date && k.analyte) {
         const long long c = concept_id(analyte_codes(*k.analyte).front(), k.analyte->display, "Measurement");
         measurement_ << row() << ',' << pid << ',' << c << ',' << k.date->str() << ',' << (k.at ? timestamp(*k.at) : "") << ",0,,,,,,," << csv(k.analyte->id)
                      << ",,unusable\n";
      }
   auto score_row = [&](const ScoreValue& s) {
      const long long c = concept_id(score_codes(*s.score).front(), s.score->display, "Measurement");
      // An undated score (the native format's "scores") is written on the screening date.
      const Date on = s.date ? *s.date : until;
      const std::string number = s.lo == s.hi && s.score->numeric_labels ? std::to_string(s.lo) : "";
      measurement_ << row() << ',' << pid << ',' << c << ',' << on.str() << ",,0,," << number << ",,,,," << csv(s.score->id) << ",," << csv(s.label) << '\n';
   };
   for (const ScoreValue& s : p.score_history) score_row(s);  // FHIR: every dated assessment
   for (const auto& [id, s] : p.scores) score_row(s);
   // An assessment the reader skipped as unusable stays the newest: written without a value it can read.
   for (const Skipped& k : p.skipped)
      if (k.value && k.date && k.score) {
         const long long c = concept_id(score_codes(*k.score).front(), k.score->display, "Measurement");
         measurement_ << row() << ',' << pid << ',' << c << ',' << k.date->str() << ",,0,,,,,,," << csv(k.score->id) << ",,unusable\n";
      }
   for (const auto& [id, present] : p.findings) {
      const Concept* f = catalogue_.concept_(id);
      if (!f) continue;
      const long long c = concept_id(concept_codes(*f).front(), f->display, "Observation");
      observation_ << row() << ',' << pid << ',' << c << ',' << until.str() << ",0,," << (present ? "present" : "absent") << ",0," << csv(id) << ','
                   << (present ? "present" : "absent") << '\n';
   }
   if (!p.finding_history.empty()) ++not_exported_["dated findings (finding history)"];
   // What of the clinical records the tables cannot hold, for eligo_export_loss: a script reads the tables, the
   // evaluator the whole record, and the two can differ on this person's clinical facts.
   std::set<std::string> lost;
   const std::pair<const char*, const std::optional<std::vector<Record>>*> lists[] = {
       {"conditions", &p.conditions}, {"medications", &p.medications}, {"procedures", &p.procedures}};
   for (const auto& [name, list] : lists)
      if (!list_complete(p, *list, name)) lost.insert(std::string("the ") + name + " list is not given whole");
   for (const auto& [list, recs] : p.unrecognised)
      if (!recs.empty()) lost.insert(list + " records that name no catalogue concept");
   for (const auto& [id, present] : p.findings)
      if (const Concept* f = catalogue_.concept_(id); f && f->kind != ConceptKind::finding) lost.insert("a condition, drug or procedure given as a finding");
   if (!p.answers.empty()) lost.insert("a clinician's answers");
   auto records = [&](const std::optional<std::vector<Record>>& list, const char* domain, std::ostringstream& out, bool needs_end) {
      if (!list) return;
      const std::string d = domain;
      for (const Record& r : *list) {
         if (r.status == RecordStatus::refuted || r.status == RecordStatus::entered_in_error) {
            ++not_exported_[d + " records refuted or entered in error (not written: the tables hold what happened)"];
            continue;
         }
         if (!r.concept_) {
            ++not_exported_[d + " records that name no catalogue concept"];
            lost.insert(d + " records that name no catalogue concept");
            continue;
         }
         if (!r.start) {
            ++not_exported_[d + " records without a date (OMOP requires a start date)"];
            lost.insert(d + " records without a date");
            continue;
         }
         if (r.history) lost.insert("a personal history (when it happened is not recorded)");
         if (r.in_progress) lost.insert("a procedure in progress");
         if (r.status == RecordStatus::unconfirmed) lost.insert("a record not confirmed");
         if (!r.status_conflict.empty()) lost.insert("a condition whose status and abatement disagree");
         if (!r.history_doubt.empty()) lost.insert("a condition whose text says it is a history");
         if (!r.dose_form.empty()) lost.insert("a drug's dose form");
         if (is_over(r.status) && !r.end && d != "Procedure") lost.insert(d + " over (" + to_string(r.status) + ") without an end date");
         const long long c = concept_id(concept_codes(*r.concept_).front(), r.concept_->display, domain);
         out << row() << ',' << pid << ',' << c << ',' << r.start->str();
         out << ',' << (r.end ? r.end->str() : needs_end ? until.str() : "");
         out << ",0";
         if (d == "Condition") out << ',' << csv(to_string(r.status));
         if (d == "Drug") out << ',' << (r.stop_reason ? to_string(*r.stop_reason) : "");
         out << ',' << csv(r.concept_->id) << '\n';
         if (d != "Condition" && r.status != RecordStatus::active && r.status != RecordStatus::completed && r.status != RecordStatus::stopped)
            ++not_exported_[d + " record status '" + to_string(r.status) + "' (no OMOP column)"];
      }
   };
   records(p.conditions, "Condition", condition_, false);
   records(p.medications, "Drug", drug_, true);
   records(p.procedures, "Procedure", procedure_, false);
   for (const std::string& what : lost) loss_ << pid << ',' << csv(what) << '\n';
   if (!lost.empty()) ++not_exported_["patients whose clinical records the tables hold only in part (eligo_export_loss.csv)"];
   if (p.allergies && !p.allergies->empty()) ++not_exported_["allergies (no OMOP table; written as observations by sites that keep them)"];
   if (!p.answers.empty()) ++not_exported_["a clinician's answers to questions"];
   if (auto d = death_date(p)) death_ << pid << ',' << d->earliest.str() << ",0\n";
}

void OmopExport::write(const std::string& dir) const
{
   std::error_code ec;
   std::filesystem::create_directories(dir, ec);
   if (ec) throw InputError("cannot create the folder " + dir + ": " + ec.message());
   auto put = [&](const std::string& name, const std::string& head, const std::string& body) {
      AtomicFile f(dir + "/" + name);
      f.stream() << head << '\n' << body;
      f.commit();
   };
   std::ostringstream concept_rows;
   for (const auto& [code, id_name] : concepts_)
      // Local codes are not standard concepts (OMOP's convention for site concepts); the others stand for standard ones.
      concept_rows << id_name.first << ',' << csv(id_name.second) << ',' << csv(domains_.at(code)) << ',' << csv(code.vocabulary) << ",Eligo,"
                   << (code.vocabulary == local_vocabulary ? "" : "S") << ',' << csv(code.code) << ",1970-01-01,2099-12-31,\n";
   std::ostringstream ancestor_rows;
   for (const auto& [code, id_name] : concepts_) ancestor_rows << id_name.first << ',' << id_name.first << ",0,0\n";
   const std::map<std::string, std::string> bodies = {{"concept", concept_rows.str()},
                                                      {"person", person_.str()},
                                                      {"observation_period", period_.str()},
                                                      {"measurement", measurement_.str()},
                                                      {"observation", observation_.str()},
                                                      {"condition_occurrence", condition_.str()},
                                                      {"drug_exposure", drug_.str()},
                                                      {"procedure_occurrence", procedure_.str()},
                                                      {"death", death_.str()},
                                                      {"concept_ancestor", ancestor_rows.str()},
                                                      {"eligo_export_loss", loss_.str()}};
   std::string load =
       "-- Creates the OMOP CDM v5.4 tables Eligo's synthetic population fills (the columns it has) and loads them.\n"
       "-- Run from this folder: psql -v ON_ERROR_STOP=1 -f load.sql (docs/omop.md).\n";
   for (const Table& t : tables) {
      put(std::string(t.name) + ".csv", header(t.columns), bodies.at(t.name));
      load += "DROP TABLE IF EXISTS " + std::string(t.name) + ";\nCREATE TABLE " + t.name + " (" + t.columns + ");\n\\copy " + t.name + " FROM '" + t.name +
              ".csv' WITH (FORMAT csv, HEADER true)\n";
   }
   load += "ANALYZE;\n";
   AtomicFile f(dir + "/load.sql");
   f.stream() << load;
   f.commit();
}

}  // namespace eligo::omop
