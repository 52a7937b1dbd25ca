// The generator's model of a patient: what its records mean in time and in the hierarchy.
#include "engine/synth/model.hpp"

#include <algorithm>

namespace eligo::synth {

const char* list_of(const Concept& c)
{
   if (c.kind == ConceptKind::medication) return "medications";
   if (c.kind == ConceptKind::procedure) return "procedures";
   return "conditions";
}

bool uses_findings(const Predicate& p) { return p.concept_->kind == ConceptKind::finding && !p.window && !p.allergy && !p.after; }

const char* list_read_by(const Concept& derived) { return derived.derived == DerivedFinding::jsh_lcsgj ? "procedures" : "medications"; }

bool list_left_out(const Model& m, const std::string& list, const Catalogue& cat)
{
   bool read = false;
   for (const auto& [id, present] : m.findings) {
      const Concept* c = cat.concept_(id);
      read = read || (c && c->derived != DerivedFinding::none && list == list_read_by(*c));
   }
   if (!read) return false;
   for (const auto& [id, r] : m.facts) {
      const Concept* c = cat.concept_(id);
      if (c && r.state != FactState::absent && list == list_of(*c)) return false;
   }
   return true;
}

Date window_start(const Predicate& p, const Date& screening)
{
   if (p.window_unit == "d") return screening.add_days(-p.window_amount);
   if (p.window_unit == "wk") return screening.add_days(-7L * p.window_amount);
   if (p.window_unit == "mo") return screening.add_months(-p.window_amount);
   return screening.add_months(-12 * p.window_amount);
}

Date shifted(const Date& d, int amount, const std::string& unit)
{
   if (unit == "d") return d.add_days(amount);
   if (unit == "wk") return d.add_days(7L * amount);
   if (unit == "mo") return d.add_months(amount);
   return d.add_months(12 * amount);
}

long assessed_days(const Predicate& p, const Date& screening)
{
   if (!p.assessed_within) return 0;
   return screening.days() - shifted(screening, -p.assessed_within, p.assessed_unit).days();
}

int open_start_days(const Concept& c, FactState state)
{
   // An episode is written inside its acute course (an infarction 14 days old), so that it is current at screening, and
   // inside a window of 4 weeks.
   if ((state == FactState::recent || state == FactState::unconfirmed) && c.episode_days) return std::min(14, c.acute_days.value_or(*c.episode_days) / 2);
   return 30;
}

Date first_applied(const Concept& c, const FactRec& r, const Date& screening)
{
   if (r.state == FactState::unconfirmed || (r.state == FactState::recent && c.kind != ConceptKind::procedure))
      return screening.add_days(-open_start_days(c, r.state));
   const Date last = last_applied(c, r, screening);
   return c.kind == ConceptKind::procedure || c.episode_days ? last : last.add_days(-365);
}

Date last_applied(const Concept& c, const FactRec& r, const Date& screening)
{
   if (r.state == FactState::dated) return r.last;
   const bool procedure = c.kind == ConceptKind::procedure;
   if (procedure && r.state == FactState::unconfirmed) return screening.add_days(-30);
   if (procedure && r.state == FactState::recent) return screening.add_days(-2);
   // Written with a start only: ongoing, but an episode happened on its start (FactQuestion::last_applied).
   if (r.state == FactState::unconfirmed || r.state == FactState::recent) return c.episode_days ? screening.add_days(-open_start_days(c, r.state)) : screening;
   return procedure ? screening.add_days(-3650) : screening.add_days(-3285);
}

AtScreening at_screening(const Concept& c, const FactRec& r, const Date& screening)
{
   if (c.kind == ConceptKind::procedure) return last_applied(c, r, screening) == screening ? AtScreening::yes : AtScreening::no;
   // An episode is current inside its acute course whatever its status, over after it lasts at most; between, a resolved
   // one is over and one written with a start only is open (FactQuestion::at_screening).
   if (c.episode_days && r.state != FactState::absent) {
      const long age = screening.days() - last_applied(c, r, screening).days();
      if (age > *c.episode_days) return AtScreening::no;
      if (c.acute_days && age <= *c.acute_days) return AtScreening::yes;
      return r.state == FactState::unconfirmed || r.state == FactState::recent ? AtScreening::open : AtScreening::no;
   }
   return last_applied(c, r, screening) >= screening ? AtScreening::yes : AtScreening::no;
}

bool plausible(const Analyte& a, double canonical) { return !a.plausible || (canonical >= a.plausible->low && canonical <= a.plausible->high); }

void set_lab(LabVal& l, const Analyte& a, double canonical)
{
   l.canonical = canonical;
   l.unit = a.canonical.code;
   l.written = canonical;
   l.molar = false;
}

void set_finding(Model& m, const Concept& c, bool present, const Catalogue& cat)
{
   m.findings[c.id] = present;
   for (auto& [id, v] : m.findings) {
      const Concept* o = cat.concept_(id);
      if (!o || o == &c) continue;
      if (present && !v && cat.is_a(c, *o)) v = true;   // ancestors are present too
      if (!present && v && cat.is_a(*o, c)) v = false;  // descendants are absent too
   }
}

}  // namespace eligo::synth
