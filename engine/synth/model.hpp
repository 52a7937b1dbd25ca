// The generator's own model of a patient (internal to engine/synth/): the values it writes
// into a case, which the oracle reads back and patient_json() writes out. It is not the
// engine's Patient on purpose: the expectation must not come from the engine's reading.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/predicate.hpp"
#include "engine/core/date.hpp"
#include "engine/evaluate/evaluator.hpp"

namespace eligo::synth {

using ojson = nlohmann::ordered_json;

// How the generator wrote a concept into the patient's history.
enum class FactState {
   absent,       // no record (the lists are complete)
   recent,       // ongoing condition or medication started 30 days ago; procedure 2 days ago
   long_ago,     // over: started ten years ago, ended nine years ago
   unconfirmed,  // recorded with status "unconfirmed": it may not have happened
   dated,        // over, last applying on a given day (window edges)
};

struct FactRec {
   FactState state = FactState::absent;
   Date last;  // dated: the day it last applied
};

struct LabVal {
   double canonical = 0;  // in the analyte's canonical unit
   std::string unit;      // the UCUM code written
   double written = 0;    // the value written, in `unit`
   bool molar = false;    // written in a unit of the other dimension (mass vs substance)
   long age_days = 2;     // taken this many days before the screening date
   bool own_range = false;
   double ref_low = 0, ref_high = 0;  // canonical
};

struct Model {
   std::string sex;
   std::optional<Date> birth;
   std::map<std::string, LabVal> labs;      // analyte id
   std::map<std::string, int> scores;       // score id -> ordinal
   std::map<std::string, long> score_age;   // score id -> assessed this many days before the screening date; none: undated
   std::map<std::string, bool> findings;    // concept id
   std::map<std::string, FactRec> facts;    // concept id -> its record in conditions/medications/procedures
   std::map<std::string, FactRec> allergy;  // concept id -> its record in allergies
};

// A leaf and the result the generator wants of it.
struct Goal {
   const Predicate* leaf = nullptr;
   Tri target = Tri::met;
};

inline Tri flip(Tri t) { return t == Tri::met ? Tri::not_met : t == Tri::not_met ? Tri::met : Tri::unknown; }
inline Tri tri(bool b) { return b ? Tri::met : Tri::not_met; }

// The history list a concept's records go in: "conditions", "medications" or "procedures".
const char* list_of(const Concept& c);

// A finding without a window is about now: it is read from the findings, not the history lists.
bool uses_findings(const Predicate& p);

// The history list a derived finding's computation reads (engine/evaluate/derived_finding.cpp):
// "procedures" for TACE refractoriness, "medications" for BCLC systemic-therapy failure.
const char* list_read_by(const Concept& derived);
// Whether a case leaves `list` out: its model records a derived finding that reads the list, and
// holds no record in it. The generator cannot write what the computation reads (TACE sessions and
// their responses, lines of therapy), so the recorded yes/no stands, as it does in the engine
// when the list is not given; every other criterion on that list is then unknown.
bool list_left_out(const Model& m, const std::string& list, const Catalogue& cat);

// The first day of a fact's window ("within 4 weeks" of `screening`).
Date window_start(const Predicate& p, const Date& screening);

// When a record last applied (the screening date while it is ongoing).
Date last_applied(const Concept& c, const FactRec& r, const Date& screening);
// When it began to apply, as patient_json() writes it (a procedure: its date).
Date first_applied(const Concept& c, const FactRec& r, const Date& screening);
// How many days before screening a record written with a start only begins.
int open_start_days(const Concept& c, FactState state);
// Whether it applies on the screening date ("active X", "concurrent X"): an episode past its acute course may or may not.
enum class AtScreening { yes, no, open };
AtScreening at_screening(const Concept& c, const FactRec& r, const Date& screening);

// How many days a measure's or score's own assessment window ("within 7 days of first dose") reaches back from
// `screening`; 0 when the leaf has none.
long assessed_days(const Predicate& p, const Date& screening);

// `d` moved by a duration in a predicate's unit ("d", "wk", "mo", "a").
Date shifted(const Date& d, int amount, const std::string& unit);

// The engine rejects a patient value outside the analyte's plausible range (a unit slip).
bool plausible(const Analyte& a, double canonical);

// A lab value written in the analyte's canonical unit.
void set_lab(LabVal& l, const Analyte& a, double canonical);

// Sets a finding, keeping the hierarchy consistent both ways.
void set_finding(Model& m, const Concept& c, bool present, const Catalogue& cat);

}  // namespace eligo::synth
