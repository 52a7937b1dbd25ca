// The oracle: each leaf judged on the values the generator wrote.
#include "engine/synth/oracle.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/evaluate/age.hpp"
#include "engine/synth/reference_units.hpp"

namespace eligo::synth {

namespace {

// Equality at a threshold within a relative tolerance (docs/language.md, "Exact boundaries":
// 5e-4 when a value crosses between mass and substance units, else 1e-9). Written again here,
// apart from the evaluator's, on purpose: the generator must not share the engine's code.
bool holds(double x, Comparator op, double t, double tol)
{
   const bool equal = std::fabs(x - t) <= tol * std::max(std::fabs(t), std::fabs(x));
   switch (op) {
      case Comparator::ge: return equal || x > t;
      case Comparator::gt: return !equal && x > t;
      case Comparator::le: return equal || x < t;
      case Comparator::lt: return !equal && x < t;
      case Comparator::eq: return equal;
      case Comparator::ne: return !equal;
   }
   return false;
}

std::optional<double> limit(const Analyte& a, const LabVal& l, bool upper)
{
   if (l.own_range) return upper ? l.ref_high : l.ref_low;
   if (a.reference_range) return upper ? a.reference_range->high : a.reference_range->low;
   return std::nullopt;
}

Tri accepted(const Predicate& p, int lo, int hi)
{
   bool all = true, none = true;
   for (int v = lo; v <= hi; ++v) {
      bool ok = false;
      for (const auto& [a, b] : p.accepted) ok = ok || (v >= a && v <= b);
      all = all && ok;
      none = none && !ok;
   }
   return all ? Tri::met : none ? Tri::not_met : Tri::unknown;
}

}  // namespace

DerivedInputs derived_inputs(const Score& s)
{
   DerivedInputs in;
   if (s.derived == DerivedScore::child_pugh) {
      in.labs = {"total_bilirubin", "albumin", "inr"};
      in.scores = {"ascites", "hepatic_encephalopathy"};
   }
   else if (s.derived == DerivedScore::albi)
      in.labs = {"total_bilirubin", "albumin"};
   else if (s.derived == DerivedScore::bclc || s.derived == DerivedScore::cnlc) {
      in.labs = {"tumour_number", "tumour_size", "total_bilirubin", "albumin", "inr"};
      in.scores = {"ecog", "child_pugh", "ascites", "hepatic_encephalopathy"};
      in.concepts = {"macrovascular_invasion", "extrahepatic_spread"};
   }
   return in;
}

Tri needed(const Criterion& c) { return c.section == Section::inclusion ? Tri::met : Tri::not_met; }

Oracle::Oracle(const Trial& trial, const Catalogue& catalogue, const Date& screening) : trial_(trial), cat_(catalogue), date_(screening)
{
   own_ = trial.interventions;
   if (trial.condition) own_.push_back(trial.condition);
}

Tri Oracle::judge(const Predicate& p, const Model& m) const
{
   Reading r;
   return read(p, m, r);
}

Tri Oracle::judge(const Predicate& p, const Model& m, bool& undecidable) const
{
   Reading r;
   const Tri t = read(p, m, r);
   undecidable = undecidable || r.undecidable;
   return t;
}

Tri Oracle::read(const Predicate& p, const Model& m, Reading& r) const
{
   if (&p == r.fixed) return r.as;
   switch (p.kind) {
      case Predicate::Kind::all: {
         Tri out = Tri::met;
         for (const auto& c : p.children) {
            const Tri x = read(c, m, r);
            if (x == Tri::not_met) return Tri::not_met;
            if (x == Tri::unknown) out = Tri::unknown;
         }
         return out;
      }
      case Predicate::Kind::any: {
         Tri out = Tri::not_met;
         for (const auto& c : p.children) {
            const Tri x = read(c, m, r);
            if (x == Tri::met) return Tri::met;
            if (x == Tri::unknown) out = Tri::unknown;
         }
         return out;
      }
      case Predicate::Kind::negate: return flip(read(p.children.at(0), m, r));
      case Predicate::Kind::manual: return Tri::unknown;
      case Predicate::Kind::lab_window:
         for (const Analyte* a : trial_.labs) {
            auto it = m.labs.find(a->id);
            if (it == m.labs.end() || it->second.age_days > p.lab_window_days) return Tri::unknown;
         }
         return Tri::met;
      case Predicate::Kind::sex: return m.sex.empty() ? Tri::unknown : tri(m.sex == p.sex);
      case Predicate::Kind::measure: return p.analyte->id == "age" ? age(p, m) : lab(p, m);
      case Predicate::Kind::score: return score(p, m, r);
      case Predicate::Kind::fact:
         if (p.concept_->derived != DerivedFinding::none && !p.window && !p.allergy) return derived_fact(p, m, r);
         return fact(p, m);
      case Predicate::Kind::qualifier: {
         // "clinically significant X": the generator writes no answer to a qualifier, so a record of X
         // leaves it open, and no record of X settles it (docs/language.md, "Qualifier leaves").
         Predicate x = p;
         x.kind = Predicate::Kind::fact;
         const Tri t = fact(x, m);
         return t == Tri::met ? Tri::unknown : t;
      }
   }
   return Tri::unknown;
}

Tri Oracle::lab(const Predicate& p, const Model& m) const
{
   const Analyte& a = *p.analyte;
   auto it = m.labs.find(a.id);
   if (it == m.labs.end()) return Tri::unknown;
   const LabVal& l = it->second;
   if (trial_.lab_window_days && a.kind == AnalyteKind::lab && l.age_days > *trial_.lab_window_days) return Tri::unknown;
   // The criterion's own assessment window ("within 7 days of first dose"), for any dated measure.
   if (p.assessed_within && l.age_days > assessed_days(p, date_)) return Tri::unknown;
   const double v = l.canonical;
   const double tol = p.molar || l.molar ? 5e-4 : 1e-9;
   // The threshold as written, converted by the reference table (not the binder's value).
   const double low = reference_convert(p.written, p.unit.code, a.canonical.code, a.molar_mass).value_or(p.threshold);
   const double high = reference_convert(p.written_high, p.unit.code, a.canonical.code, a.molar_mass).value_or(p.high);
   switch (p.test) {
      case Predicate::Test::compare: return tri(holds(v, p.op, low, tol));
      case Predicate::Test::range:
         return tri(holds(v, p.low_open ? Comparator::gt : Comparator::ge, low, tol) && holds(v, p.high_open ? Comparator::lt : Comparator::le, high, tol));
      case Predicate::Test::relative: {
         const auto lim = limit(a, l, p.upper);
         if (!lim) return Tri::unknown;
         return tri(holds(v, p.op, p.factor * *lim, 1e-9));
      }
      case Predicate::Test::within_normal: {
         const auto lo = limit(a, l, false), hi = limit(a, l, true);
         if (!lo || !hi) return Tri::unknown;
         return tri(holds(v, Comparator::ge, *lo, tol) && holds(v, Comparator::le, *hi, tol));
      }
   }
   return Tri::unknown;
}

Tri Oracle::age(const Predicate& p, const Model& m) const
{
   if (!m.birth) return Tri::unknown;
   // Completed years, months or days, as each bound counts (age.hpp).
   const AgeCount low_count = age_count(p.threshold, p.written), high_count = age_count(p.high, p.written_high);
   const double lo = age_bound(low_count, p.threshold), hi = age_bound(high_count, p.high);
   const double y = completed_age(low_count, *m.birth, date_);
   // "over 18 years" where it admits: older than 18 years, from the day after the birthday (Predicate::older_than).
   const double before = completed_age(low_count, *m.birth, date_.add_days(-1));
   if (p.test == Predicate::Test::range) {
      const bool low = p.low_open && p.older_than ? holds(before, Comparator::ge, lo, 1e-9) : holds(y, p.low_open ? Comparator::gt : Comparator::ge, lo, 1e-9);
      return tri(low && holds(completed_age(high_count, *m.birth, date_), p.high_open ? Comparator::lt : Comparator::le, hi, 1e-9));
   }
   if (p.op == Comparator::gt && p.older_than) return tri(holds(before, Comparator::ge, lo, 1e-9));
   return tri(holds(y, p.op, lo, 1e-9));
}

// Whether the model still holds something a derived score's concept input could be read from.
bool Oracle::concept_known(const Model& m, const Concept& c) const
{
   for (const auto& [id, present] : m.findings) {
      const Concept* f = cat_.concept_(id);
      if (f && (f == &c || (present && cat_.is_a(*f, c)))) return true;
   }
   for (const auto& [id, r] : m.facts) {
      const Concept* f = cat_.concept_(id);
      if (f && r.state != FactState::absent && r.state != FactState::unconfirmed && cat_.is_a(*f, c)) return true;
   }
   return false;
}

Tri Oracle::score(const Predicate& p, const Model& m, Reading& r) const
{
   const Score& s = *p.score;
   if (auto it = m.scores.find(s.id); it != m.scores.end()) {
      // Under the criterion's own assessment window, only a score dated within it is read; else, as when none is
      // recorded, what it is derived from.
      const auto age = m.score_age.find(s.id);
      if (!p.assessed_within || (age != m.score_age.end() && age->second <= assessed_days(p, date_))) return accepted(p, it->second, it->second);
   }
   if (s.derived == DerivedScore::none) return Tri::unknown;
   const DerivedInputs in = derived_inputs(s);
   auto undecidable = [&] {
      r.undecidable = true;
      return Tri::unknown;
   };
   for (const auto& l : in.labs)
      if (m.labs.count(l)) return undecidable();
   for (const auto& x : in.scores)
      if (m.scores.count(x)) return undecidable();
   for (const auto& c : in.concepts)
      if (const Concept* cc = cat_.concept_(c); cc && concept_known(m, *cc)) return undecidable();
   return accepted(p, s.min, s.max);
}

const Concept* Oracle::own_below(const Concept& c) const
{
   for (const Concept* o : own_)
      if (o != &c && cat_.is_a(*o, c)) return o;
   return nullptr;
}

const Concept& Oracle::record_concept(const Predicate& p) const
{
   const Concept& c = *p.concept_;
   // "X other than E": a narrower X that is no E and has no E under it.
   if (!p.except.empty()) {
      for (const auto& x : cat_.concepts())
         if (&x != &c && x.kind != ConceptKind::finding && cat_.is_a(x, c) &&
             std::none_of(p.except.begin(), p.except.end(), [&](const Concept* e) { return cat_.is_a(x, *e) || cat_.is_a(*e, x); }))
            return x;
      return c;
   }
   if (!p.other || !own_below(c)) return c;
   for (const auto& x : cat_.concepts())
      if (&x != &c && x.kind != ConceptKind::finding && cat_.is_a(x, c) && !own_below(x) &&
          std::none_of(own_.begin(), own_.end(), [&](const Concept* o) { return cat_.is_a(x, *o); }))
         return x;
   return c;
}

// A regimen the model's records make (docs/patient-format.md, "Regimens"): every component has a
// record, and the generator writes records of one state on the same days, so records of one
// state are given together; records of different states are years apart.
namespace {
std::optional<FactRec> regimen_record(const Concept& regimen, const Concept& c, const Model& m, const Catalogue& cat)
{
   if (!cat.kind_of(regimen, c) || std::any_of(regimen.parts.begin(), regimen.parts.end(), [&](const Concept* x) { return cat.is_a(*x, c); }))
      return std::nullopt;
   for (const auto& [id, r] : m.facts) {
      if (r.state == FactState::absent || r.state == FactState::unconfirmed) continue;
      bool all = true;
      for (const Concept* part : regimen.parts) {
         bool found = false;
         for (const auto& [oid, o] : m.facts) {
            const Concept* oc = cat.concept_(oid);
            if (oc && oc != &regimen && cat.is_a(*oc, *part) && o.state == r.state && (r.state != FactState::dated || o.last == r.last)) found = true;
         }
         all = all && found;
      }
      if (all) return r;
   }
   return std::nullopt;
}
}  // namespace

// Documented semantics (docs/patient-format.md): a record counts for its concept and every
// ancestor, in whatever list it is; "other X" leaves out the trial's own condition and
// interventions, takes a broader record of the trial's own condition as that condition and
// leaves any other broader record of the trial's own open; a record broader than the concept,
// or of a drug whose class depends on its indication (the model writes none), leaves it open;
// a regimen is found from its drugs; a finding without a window is about now (an ongoing record).
Tri Oracle::fact(const Predicate& p, const Model& m) const
{
   const Concept& c = *p.concept_;
   if (!c.sex.empty() && !m.sex.empty() && m.sex != c.sex) return Tri::not_met;
   if (p.after) return after_event(p, m);
   if (!p.window && !p.allergy) {
      if (auto it = m.findings.find(c.id); it != m.findings.end()) return tri(it->second);
      for (const auto& [id, present] : m.findings) {
         const Concept* f = cat_.concept_(id);
         if (present && f && f != &c && cat_.is_a(*f, c)) return Tri::met;
      }
   }
   bool hit = false, unconfirmed = false, failing = false, open = false, recent = false;
   // A finding that is evidence of the fact ("evidence_of": HBsAg positive for hepatitis B) meets its history and
   // leaves it open at the screening date (docs/fhir.md, "Findings in time").
   if (!p.window && !p.allergy && !p.after)
      for (const auto& [id, present] : m.findings)
         if (const Concept* f = cat_.concept_(id); present && f && cat_.evidence_of(*f, c)) {
            if (!p.current) return Tri::met;
            open = true;
         }
   const auto& records = p.allergy ? m.allergy : m.facts;
   const bool since = p.window && *p.window == syntax::Window::Kind::since;
   const long need = date_.days() - window_start(p, date_).days();
   auto long_enough = [&](const Date& last) { return holds(static_cast<double>(date_.days() - last.days()), p.window_op, static_cast<double>(need), 1e-9); };
   const bool recent_op = since && (p.window_op == Comparator::lt || p.window_op == Comparator::le);  // "less than 4 weeks since": long_enough is recent enough
   // A record that may or may not be the concept matters only where a record of it would.
   auto maybe = [&](const Concept& rc, const FactRec& r) {
      const Date last = last_applied(rc, r, date_);
      // A record that was not at screening is no current X, whichever X it may be (FactQuestion::read).
      if (p.current && at_screening(rc, r, date_) == AtScreening::no) return;
      if (since ? recent_op == long_enough(last) : (!p.window || last >= window_start(p, date_))) open = true;
   };
   auto broader = [&](const Concept& rc) {
      return &rc != &c && c.kind != ConceptKind::finding && rc.kind != ConceptKind::finding && !p.allergy &&
             (cat_.kind_of(c, rc) || cat_.is_a_for_indication(c, rc));
   };
   std::vector<std::pair<const Concept*, FactRec>> recs;
   for (const auto& [id, r] : records)
      if (const Concept* rc = cat_.concept_(id)) recs.push_back({rc, r});
   if (!p.allergy && c.kind != ConceptKind::finding)
      for (const Concept* regimen : cat_.regimens())
         if (auto r = regimen_record(*regimen, c, m, cat_)) recs.push_back({regimen, *r});
   for (const auto& [rc, r] : recs) {
      if (r.state == FactState::absent) continue;
      if (!cat_.is_a(*rc, c)) {
         if (!p.allergy && (cat_.is_a_for_indication(*rc, c) || broader(*rc))) maybe(*rc, r);
         continue;
      }
      // An exception's records do not count; a record that may be one leaves it open.
      if (std::any_of(p.except.begin(), p.except.end(), [&](const Concept* e) { return cat_.is_a(*rc, *e); })) continue;
      if (std::any_of(p.except.begin(), p.except.end(), [&](const Concept* e) { return cat_.is_a(*e, *rc); })) {
         maybe(*rc, r);
         continue;
      }
      if (p.other && std::any_of(own_.begin(), own_.end(), [&](const Concept* o) { return cat_.is_a(*rc, *o); })) continue;
      if (p.other)
         if (const Concept* o = own_below(*rc)) {
            if (o->kind != ConceptKind::condition || rc == &c) maybe(*rc, r);
            continue;
         }
      const Date last = last_applied(*rc, r, date_);
      // "concurrent X", "active X": X at the screening date. A procedure applies on its day, an episode with no end
      // inside its acute course (an infarction 28 days); anything else until its end (the generator writes an end, or a status
      // that says it is over, on every record that is not ongoing). A record that was not at screening does not count, confirmed or not.
      if (p.current && at_screening(*rc, r, date_) == AtScreening::no) continue;
      if (p.current && at_screening(*rc, r, date_) == AtScreening::open) {
         open = true;  // an episode past its acute course
         continue;
      }
      if (r.state == FactState::unconfirmed) {
         unconfirmed = unconfirmed || !recent_op || long_enough(last);
         continue;
      }
      if (c.kind == ConceptKind::finding && !p.window && !p.allergy && last < date_) continue;  // a finding is about now
      if (since) {
         if (!long_enough(last))
            failing = true;
         else
            recent = true;
      }
      else if (!p.window || last >= window_start(p, date_))
         hit = true;
   }
   // A list the case leaves out (list_left_out) is unknown: nothing on it is absent.
   const bool left_out = !p.allergy && list_left_out(m, list_of(c), cat_);
   // "less than 4 weeks since X" is about an X that happened: met by a recent one, not met without one.
   if (recent_op) return recent ? Tri::met : unconfirmed || open || left_out ? Tri::unknown : Tri::not_met;
   if (since) return failing ? Tri::not_met : unconfirmed || open || left_out ? Tri::unknown : Tri::met;
   if (hit) return Tri::met;
   if (unconfirmed || open) return Tri::unknown;
   if (c.kind == ConceptKind::finding && !p.allergy) return Tri::unknown;
   if (left_out) return Tri::unknown;
   return Tri::not_met;
}

// A finding computed from the record (engine/evaluate/derived_finding.cpp). The generator writes
// every history list, complete. Without the therapy the computation reads (a TACE; a systemic
// anticancer drug), the record holds none: not met, and a recorded "present" is contradicted
// (unknown). With it, the generator cannot tell what the engine would compute.
Tri Oracle::derived_fact(const Predicate& p, const Model& m, Reading& r) const
{
   const Concept& c = *p.concept_;
   const FindingDefinition& d = c.definition;
   // The list it reads is left out: the recorded yes/no stands.
   if (list_left_out(m, list_read_by(c), cat_)) {
      if (auto it = m.findings.find(c.id); it != m.findings.end()) return tri(it->second);
      return Tri::unknown;
   }
   for (const auto& [id, rec] : m.facts) {
      const Concept* rc = cat_.concept_(id);
      if (!rc || rec.state == FactState::absent) continue;
      bool input = false;
      if (c.derived == DerivedFinding::jsh_lcsgj) input = cat_.is_a(*rc, *cat_.concept_("tace"));
      if (c.derived == DerivedFinding::bclc_systemic_failure && d.courses_of) input = cat_.is_a(*rc, *d.courses_of);
      if (input) {
         r.undecidable = true;
         return Tri::unknown;
      }
   }
   bool flag = fact(p, m) == Tri::met;
   for (const Concept* f : d.flags) {
      Predicate q = p;
      q.concept_ = f;
      flag = flag || fact(q, m) == Tri::met;
   }
   return flag ? Tri::unknown : Tri::not_met;
}

// "X after resection" (docs/language.md, "Time relative to an event"): the records of X against the
// patient's latest record of the event. Every date is the one patient_json() writes; an unconfirmed
// record may not have happened. Lists are complete; a finding is never closed-world.
Tri Oracle::after_event(const Predicate& p, const Model& m) const
{
   const Predicate::EventAnchor& an = *p.after;
   const Concept& c = *p.concept_;
   struct Dated {
      std::string id;
      Date start, last;
      bool confirmed;
   };
   auto dated = [&](const std::string& id, const FactRec& r) {
      const Concept& rc = *cat_.concept_(id);
      return Dated{id, first_applied(rc, r, date_), last_applied(rc, r, date_), r.state != FactState::unconfirmed};
   };
   std::optional<Dated> latest;                         // the latest confirmed event
   std::optional<Date> unconfirmed_lo, unconfirmed_hi;  // events that may not have happened
   std::vector<Dated> xs;
   for (const auto& [id, r] : m.facts) {
      const Concept* rc = cat_.concept_(id);
      if (r.state == FactState::absent || !rc) continue;
      if (cat_.is_a(*rc, *an.event)) {
         const Dated d = dated(id, r);
         if (!d.confirmed) {
            unconfirmed_lo = unconfirmed_lo ? std::min(*unconfirmed_lo, d.start) : d.start;
            unconfirmed_hi = unconfirmed_hi ? std::max(*unconfirmed_hi, d.start) : d.start;
         }
         else if (!latest || d.start > latest->start)
            latest = d;
      }
      if (cat_.is_a(*rc, c) && !(p.other && std::any_of(own_.begin(), own_.end(), [&](const Concept* o) { return cat_.is_a(*rc, *o); })))
         xs.push_back(dated(id, r));
      // A record broader than the concept (chemotherapy, for FOLFOX) may or may not be one: it can leave the test open,
      // never meet it, as fact() reads it.
      else if (rc != &c && c.kind != ConceptKind::finding && rc->kind != ConceptKind::finding && cat_.kind_of(c, *rc)) {
         Dated d = dated(id, r);
         d.confirmed = false;
         xs.push_back(d);
      }
   }
   const bool finding = c.kind == ConceptKind::finding;
   if (xs.empty()) return finding ? Tri::unknown : Tri::not_met;
   if (!latest && !unconfirmed_lo) return Tri::not_met;  // nothing can be after an event that did not happen
   const bool maybe_absent = !latest;
   const Date lo = latest ? latest->start : *unconfirmed_lo;
   const Date hi = latest ? std::max(latest->start, unconfirmed_hi.value_or(latest->start)) : *unconfirmed_hi;
   const Date ahead_lo = an.op ? shifted(lo, an.amount, an.unit) : lo, ahead_hi = an.op ? shifted(hi, an.amount, an.unit) : hi;
   bool open = false;
   for (const Dated& x : xs) {
      if (latest && x.id == latest->id) continue;  // the event is not after itself
      bool surely = false, possibly = false;
      if (!an.op)
         surely = x.last >= hi, possibly = x.last >= lo;
      else if (*an.op == Comparator::le)
         surely = x.start <= ahead_lo && x.last >= hi, possibly = x.start <= ahead_hi && x.last >= lo;
      else if (*an.op == Comparator::lt)
         surely = x.start < ahead_lo && x.last >= hi, possibly = x.start < ahead_hi && x.last >= lo;
      else if (*an.op == Comparator::ge)
         surely = x.last >= ahead_hi, possibly = x.last >= ahead_lo;
      else if (*an.op == Comparator::gt)
         surely = x.last > ahead_hi, possibly = x.last > ahead_lo;
      if (surely && x.confirmed && !maybe_absent) return Tri::met;
      open = open || possibly;
   }
   return open || finding ? Tri::unknown : Tri::not_met;
}

bool Oracle::data_open(const Predicate& p, const Model& m, Reading& r) const
{
   if (&p == r.fixed || read(p, m, r) != Tri::unknown) return &p == r.fixed && r.as == Tri::unknown;
   switch (p.kind) {
      case Predicate::Kind::all:
      case Predicate::Kind::any:
      case Predicate::Kind::negate: return std::any_of(p.children.begin(), p.children.end(), [&](const Predicate& c) { return data_open(c, m, r); });
      case Predicate::Kind::manual: return p.chart;  // "(transfusion independent)": the chart answers it
      case Predicate::Kind::qualifier: {
         // What a fact needs or needed ("requiring systemic therapy") is in the chart: data to collect, as the evaluator lists it
         // (engine/evaluate/evaluator.cpp, asks_clinician).
         if (p.qualifier_after) return true;
         Predicate x = p;
         x.kind = Predicate::Kind::fact;
         return fact(x, m) == Tri::unknown;  // the fact itself is open; a record of it leaves only the question
      }
      default: return true;
   }
}

bool Oracle::question_open(const Predicate& p, const Model& m, Reading& r) const
{
   if (&p == r.fixed || read(p, m, r) != Tri::unknown) return false;
   switch (p.kind) {
      case Predicate::Kind::all:
      case Predicate::Kind::any:
      case Predicate::Kind::negate: return std::any_of(p.children.begin(), p.children.end(), [&](const Predicate& c) { return question_open(c, m, r); });
      case Predicate::Kind::manual: return !p.chart;
      case Predicate::Kind::qualifier: return !p.qualifier_after && !data_open(p, m, r);
      default: return false;
   }
}

// The verdict as engine/evaluate/screen.cpp gives it: an open criterion for enrolment holds nothing back; one whose open
// parts are all questions (or that the file sets as a question) makes the trial pending questions; any other open one
// makes it indeterminate.
Expected Oracle::expect(const Model& m, Reading& r) const
{
   Expected e;
   bool failed = false, data = false, questions = false;
   for (const auto& c : trial_.criteria) {
      const Tri t = read(c.predicate, m, r);
      e.criteria.push_back(t);
      CriterionKind open = CriterionKind::data;
      if (t == Tri::unknown) {
         if (c.kind == CriterionKind::enrolment)
            open = CriterionKind::enrolment;
         else if (c.kind_set == "data" || (c.kind_set.empty() && c.manual && c.kind == CriterionKind::data))
            open = CriterionKind::data;  // set in the file, or a manual line naming what a record holds (decide_kind)
         else if (c.kind_set == "question" || (!data_open(c.predicate, m, r) && question_open(c.predicate, m, r)))
            open = CriterionKind::question;
         else if (!data_open(c.predicate, m, r))
            open = c.kind;
         data = data || open == CriterionKind::data;
         questions = questions || open == CriterionKind::question;
      }
      else if (t != needed(c))
         failed = true;
      e.open.push_back(open);
   }
   e.verdict = failed ? Verdict::ineligible : data ? Verdict::indeterminate : questions ? Verdict::pending_questions : Verdict::eligible;
   return e;
}

Expected Oracle::expect(const Model& m) const
{
   Reading r;
   return expect(m, r);
}

Expected Oracle::expect(const Model& m, const Predicate* fixed, Tri as, bool& undecidable) const
{
   Reading r{fixed, as, false};
   const Expected e = expect(m, r);
   undecidable = undecidable || r.undecidable;
   return e;
}

int Oracle::fit(const Model& m) const
{
   int n = 0;
   for (const auto& c : trial_.criteria) n += judge(c.predicate, m) == needed(c);
   return n;
}

}  // namespace eligo::synth
