// The probes of each kind of leaf.
#include "engine/synth/probes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "engine/core/units.hpp"
#include "engine/synth/draws.hpp"
#include "engine/synth/reference_units.hpp"

namespace eligo::synth {

namespace {

std::string num(double v)
{
   char buf[64];
   std::snprintf(buf, sizeof buf, "%.10g", v);
   return buf;
}

// A step: one unit of the second significant digit of the value as written.
double step_of(double written)
{
   if (written == 0) return 0.1;
   return std::pow(10.0, std::floor(std::log10(std::fabs(written))) - 1);
}

bool inclusive(Comparator op) { return op == Comparator::ge || op == Comparator::le || op == Comparator::eq; }

// A value written in `unit`; its canonical value through the reference conversions.
bool write_lab(LabVal& l, const Analyte& a, double value, const Unit& unit)
{
   const auto canonical = reference_convert(round_sig(value, 10), unit.code, a.canonical.code, a.molar_mass);
   if (!canonical) return false;
   l.written = round_sig(value, 10);
   l.unit = unit.code;
   l.canonical = *canonical;
   l.molar = unit.dim != a.canonical.dim;
   return true;
}

// Another unit the analyte is reported in: the canonical one if the criterion is written in
// another, else the count per microlitre (75×10^9/L as 75000/µL), else the next in the list;
// only units the reference table knows.
std::optional<Unit> other_unit(const Analyte& a, const Unit& not_this)
{
   std::vector<std::string> order = {a.canonical.code};
   if (std::find(a.units.begin(), a.units.end(), "/uL") != a.units.end()) order.push_back("/uL");
   order.insert(order.end(), a.units.begin(), a.units.end());
   for (const auto& code : order) {
      try {
         const Unit u = a.unit(code);
         if (u.code == not_this.code || (u.dim == not_this.dim && std::fabs(u.factor - not_this.factor) <= 1e-12 * not_this.factor)) continue;
         if (!reference_convert(1, not_this.code, u.code, a.molar_mass)) continue;
         return u;
      }
      catch (const std::exception&) {
      }
   }
   return std::nullopt;
}

}  // namespace

Prober::Prober(const Trial& trial, const Catalogue& catalogue, const Oracle& oracle, const Date& screening, CaseBook& book)
    : trial_(trial), cat_(catalogue), oracle_(oracle), date_(screening), book_(book)
{}

void Prober::probe(const Predicate& p, const std::string& id, std::size_t criterion, const Model& at)
{
   criterion_ = criterion;
   switch (p.kind) {
      case Predicate::Kind::measure:
         if (p.analyte->id == "age")
            probe_age(p, id, at);
         else
            probe_lab(p, id, at);
         break;
      case Predicate::Kind::score: probe_score(p, id, at); break;
      case Predicate::Kind::sex: probe_sex(p, id, at); break;
      case Predicate::Kind::fact: probe_fact(p, id, at); break;
      case Predicate::Kind::lab_window: probe_lab_window(p, id, at); break;
      default: break;
   }
}

void Prober::add_case(const Model& m, const Probe& probe, const std::vector<std::string>& why_contains) { book_.add(m, probe, criterion_, why_contains); }

void Prober::add_lab_case(const Model& m, const Analyte& a, const Probe& probe, const std::vector<std::string>& why_contains)
{
   if (auto it = m.labs.find(a.id); it != m.labs.end() && !plausible(a, it->second.canonical)) {
      book_.note(probe.leaf + " " + probe.variant + ": no case, " + probe.detail + " is outside the plausible range of " + a.display +
                 " (the criterion itself draws a plausibility warning)");
      return;
   }
   add_case(m, probe, why_contains);
}

void Prober::probe_lab(const Predicate& p, const std::string& id, const Model& at)
{
   const Analyte& a = *p.analyte;
   const LabVal base = at.labs.at(a.id);
   struct Edge {
      double written;  // as written in `unit`
      Unit unit;
      Comparator op;
      const char* name;
   };
   std::vector<Edge> edges;
   const Unit canon = a.canonical;
   if (p.test == Predicate::Test::compare) edges.push_back({p.written, p.unit, p.op, "threshold"});
   if (p.test == Predicate::Test::range) {
      edges.push_back({p.written, p.unit, p.low_open ? Comparator::gt : Comparator::ge, "low end"});
      edges.push_back({p.written_high, p.unit, p.high_open ? Comparator::lt : Comparator::le, "high end"});
   }
   if (p.test == Predicate::Test::relative) {
      const double t = p.factor * (p.upper ? base.ref_high : base.ref_low);
      edges.push_back({t, canon, p.op, p.upper ? "factor × ULN" : "factor × LLN"});
   }
   if (p.test == Predicate::Test::within_normal) {
      edges.push_back({base.ref_high, canon, Comparator::le, "ULN"});
      edges.push_back({base.ref_low, canon, Comparator::ge, "LLN"});
   }
   auto with_unit = [](double v, const Unit& u) {
      const std::string d = display_unit(u.code);
      return num(v) + (d.empty() ? "" : " " + d);
   };
   for (const auto& e : edges) {
      const std::string shown = with_unit(e.written, e.unit);
      const Tri at_edge = tri(inclusive(e.op));
      Model m = at;
      if (!write_lab(m.labs.at(a.id), a, e.written, e.unit)) {
         book_.note(id + ": no boundary case: the reference conversions do not know " + e.unit.code);
         continue;
      }
      add_lab_case(m, a, {id, p.text, "boundary", e.name + std::string(" exactly: ") + shown, at_edge, &p});
      // One step to the other side of the boundary.
      const double step = a.id == "tumour_number" ? 1 : step_of(e.written);   // a count steps by one
      const bool outward = e.op == Comparator::ge || e.op == Comparator::lt;  // for ≥ and <, "beyond" is below
      const double beyond = outward ? e.written - step : e.written + step;
      if (beyond >= 0) {
         m = at;
         write_lab(m.labs.at(a.id), a, beyond, e.unit);
         add_lab_case(m, a, {id, p.text, "one step beyond", with_unit(beyond, e.unit), flip(at_edge), &p});
      }
      if (auto u = other_unit(a, e.unit)) {
         m = at;
         const double v = *reference_convert(e.written, e.unit.code, u->code, a.molar_mass);
         write_lab(m.labs.at(a.id), a, v, *u);
         add_lab_case(m, a, {id, p.text, "boundary in another unit", shown + " written as " + with_unit(round_sig(v, 10), *u), at_edge, &p});
         // One step beyond, in the other unit: a wrong conversion factor in the engine shows here.
         if (beyond >= 0) {
            m = at;
            const double vb = *reference_convert(beyond, e.unit.code, u->code, a.molar_mass);
            write_lab(m.labs.at(a.id), a, vb, *u);
            add_lab_case(m, a,
                         {id, p.text, "one step beyond in another unit", with_unit(beyond, e.unit) + " written as " + with_unit(round_sig(vb, 10), *u),
                          flip(at_edge), &p});
         }
      }
   }
   Model m = at;
   m.labs.erase(a.id);
   add_case(m, {id, p.text, "missing", a.display + " not given", Tri::unknown, &p});
   if (p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal) {
      // No reference range: the engine falls back to the catalogue's, and says so.
      m = at;
      LabVal& l = m.labs.at(a.id);
      l.own_range = false;
      if (!edges.empty()) write_lab(l, a, edges.front().written, edges.front().unit);
      const std::string which = p.test == Predicate::Test::relative && !p.upper ? "LLN" : "ULN";
      add_lab_case(m, a,
                   {id, p.text, "no reference range", a.reference_range ? "assumed " + which + " from the catalogue" : "no catalogue default either", {}, &p},
                   a.reference_range ? std::vector<std::string>{"assumed " + which} : std::vector<std::string>{});
   }
   // How recent the result must be: the trial's lab window (a lab) and the criterion's own assessment window, the
   // stricter of the two.
   std::optional<long> w;
   bool own = false;
   if (trial_.lab_window_days && a.kind == AnalyteKind::lab) w = *trial_.lab_window_days;
   if (p.assessed_within && (!w || assessed_days(p, date_) <= *w)) {
      w = assessed_days(p, date_);
      own = true;
   }
   if (w) {
      m = at;
      m.labs.at(a.id).age_days = *w;
      add_case(
          m, {id, p.text, own ? "last day of the assessment window" : "last day of the lab window", "taken " + std::to_string(*w) + " days before screening"});
      m = at;
      m.labs.at(a.id).age_days = *w + 1;
      add_case(
          m, {id, p.text, own ? "older than the assessment window" : "stale", "taken " + std::to_string(*w + 1) + " days before screening", Tri::unknown, &p});
   }
}

void Prober::probe_age(const Predicate& p, const std::string& id, const Model& at)
{
   std::vector<std::pair<double, Comparator>> edges;
   if (p.test == Predicate::Test::range) {
      edges.push_back({p.threshold, p.low_open ? Comparator::gt : Comparator::ge});
      edges.push_back({p.high, p.high_open ? Comparator::lt : Comparator::le});
   }
   else
      edges.push_back({p.threshold, p.op});
   for (const auto& [t, op] : edges) {
      if (t != std::floor(t) || t < 0 || t > 130) {
         book_.note(id + ": age boundary " + num(t) + " years is not a whole year; no boundary case");
         continue;
      }
      const int y = static_cast<int>(t);
      const Tri at_edge = tri(inclusive(op));
      Model m = at;
      m.birth = date_.add_months(-12 * y);
      add_case(m, {id, p.text, "boundary", std::to_string(y) + "th birthday on the screening date", at_edge, &p});
      m = at;
      const bool below = op == Comparator::ge || op == Comparator::lt;
      // "over 18" where it admits is met from the day after the 18th birthday (Predicate::older_than).
      const bool exact = op == Comparator::gt && p.older_than;
      m.birth = below ? date_.add_months(-12 * y).add_days(1) : exact ? date_.add_months(-12 * y).add_days(-1) : date_.add_months(-12 * (y + 1));
      add_case(m, {id, p.text, "one step beyond",
                   below   ? std::to_string(y) + "th birthday tomorrow"
                   : exact ? std::to_string(y) + "th birthday yesterday"
                           : std::to_string(y + 1) + "th birthday on the screening date",
                   flip(at_edge), &p});
   }
   Model m = at;
   m.birth.reset();
   add_case(m, {id, p.text, "missing", "no birth date", Tri::unknown, &p});
}

void Prober::probe_score(const Predicate& p, const std::string& id, const Model& at)
{
   const Score& s = *p.score;
   const int step = s.id == "karnofsky" ? 10 : 1;
   std::set<int> values;
   auto inside = [&](int v) { return std::any_of(p.accepted.begin(), p.accepted.end(), [&](const auto& r) { return v >= r.first && v <= r.second; }); };
   for (const auto& [a, b] : p.accepted)
      for (int v : {a, a - step, b, b + step})
         if (v >= s.min && v <= s.max) values.insert(v);
   for (int v : values) {
      Model m = at;
      m.scores[s.id] = v;
      add_case(m, {id, p.text, inside(v) ? "boundary" : "one step beyond", s.display + " " + (s.numeric_labels ? std::to_string(v) : s.label_for(v)),
                   tri(inside(v)), &p});
   }
   if (p.assessed_within) {
      // The criterion's own assessment window: a score assessed on its first day, the day before, and one without a
      // date, which cannot be shown to be within it. Set aside, a derived score falls back to what it is derived from.
      const long w = assessed_days(p, date_);
      Model m = at;
      m.score_age[s.id] = w;
      add_case(m, {id, p.text, "last day of the assessment window", s.display + " assessed " + std::to_string(w) + " days before screening"});
      m.score_age[s.id] = w + 1;
      add_case(m,
               {id, p.text, "older than the assessment window", s.display + " assessed " + std::to_string(w + 1) + " days before screening", Tri::unknown, &p});
      m.score_age.erase(s.id);
      add_case(m, {id, p.text, "undated", s.display + " recorded without a date", Tri::unknown, &p});
   }
   Model m = at;
   m.scores.erase(s.id);
   std::string detail = s.display + " not given";
   if (s.derived != DerivedScore::none) {
      const DerivedInputs in = derived_inputs(s);
      for (const auto& l : in.labs) m.labs.erase(l);
      for (const auto& x : in.scores) m.scores.erase(x);
      for (const auto& c : in.concepts) {
         const Concept* cc = cat_.concept_(c);
         if (!cc) continue;
         // The input and everything narrower: unknown.
         for (auto it = m.findings.begin(); it != m.findings.end();)
            it = cat_.concept_(it->first) && cat_.is_a(*cat_.concept_(it->first), *cc) ? m.findings.erase(it) : std::next(it);
         for (auto& [fid, r] : m.facts)
            if (cat_.concept_(fid) && cat_.is_a(*cat_.concept_(fid), *cc) && r.state != FactState::absent) r.state = FactState::unconfirmed;
         if (cc->kind != ConceptKind::finding) m.facts[c] = FactRec{FactState::unconfirmed, {}};
      }
      detail += ", nor what it is derived from";
   }
   add_case(m, {id, p.text, "missing", detail, Tri::unknown, &p});
}

void Prober::probe_sex(const Predicate& p, const std::string& id, const Model& at)
{
   for (const char* s : {"female", "male"}) {
      Model m = at;
      m.sex = s;
      add_case(m, {id, p.text, p.sex == s ? "required sex" : "other sex", s, tri(p.sex == s), &p});
   }
   Model m = at;
   m.sex.clear();
   add_case(m, {id, p.text, "missing", "sex not recorded", Tri::unknown, &p});
}

void Prober::probe_fact(const Predicate& p, const std::string& id, const Model& at)
{
   if (p.after) {
      probe_after_event(p, id, at);
      return;
   }
   const Concept& c = *p.concept_;
   auto with_sex = [&](Model& m) {
      if (!c.sex.empty()) m.sex = c.sex;
   };
   if (uses_findings(p)) {
      for (bool present : {true, false}) {
         Model m = at;
         set_finding(m, c, present, cat_);
         if (present) with_sex(m);
         add_case(m, {id, p.text, present ? "present" : "absent", c.display + (present ? " recorded as present" : " recorded as absent")});
      }
      if (!c.sex.empty()) {
         Model m = at;
         set_finding(m, c, true, cat_);
         m.sex = c.sex == "female" ? "male" : "female";
         add_case(m, {id, p.text, "present, other sex", c.display + " recorded as present for a " + m.sex + " patient"});
      }
      Model m = at;
      m.findings.erase(c.id);
      with_sex(m);
      add_case(m, {id, p.text, "missing", c.display + " not recorded"});
      return;
   }
   auto which = [&](Model& m) -> std::map<std::string, FactRec>& { return p.allergy ? m.allergy : m.facts; };
   const std::pair<FactState, const char*> states[] = {{FactState::recent, "recent record"},
                                                       {FactState::long_ago, "record ten years ago"},
                                                       {FactState::absent, "no record"},
                                                       {FactState::unconfirmed, "missing"}};
   // For "other X" when X may be the trial's own, a record of X itself cannot be told apart:
   // the cases record a narrower concept that is surely another X.
   const Concept& rc = oracle_.record_concept(p);
   for (const auto& [st, name] : states) {
      Model m = at;
      which(m)[rc.id] = FactRec{st, {}};
      if (st != FactState::absent) with_sex(m);
      const std::string detail = st == FactState::unconfirmed ? rc.display + " recorded as unconfirmed"
                                 : st == FactState::absent
                                     ? "no " + rc.display + " in a complete " + (p.allergy ? std::string("allergies") : list_of(rc)) + " list"
                                     : rc.display + " " + name;
      add_case(m, {id, p.text, name, detail});
   }
   // A record of a narrower concept counts for this one; a record of the trial's own
   // condition or intervention, or one that may be it, does not count for "other ...".
   for (const auto& x : cat_.concepts())
      if (&x != &c && x.kind != ConceptKind::finding && cat_.is_a(x, c) &&
          !(p.other && (oracle_.own_below(x) || std::any_of(oracle_.own().begin(), oracle_.own().end(), [&](const Concept* o) { return cat_.is_a(x, *o); })))) {
         Model m = at;
         which(m)[x.id] = FactRec{FactState::recent, {}};
         add_case(m, {id, p.text, "narrower record", x.display + " recent record, a kind of " + c.display});
         break;
      }
   if (p.other)
      for (const Concept* o : oracle_.own())
         if (cat_.is_a(*o, c) && o->kind != ConceptKind::finding) {
            Model m = at;
            which(m)[o->id] = FactRec{FactState::recent, {}};
            add_case(m, {id, p.text, "the trial's own", o->display + " recent record: not another " + c.display});
            break;
         }
   // Window edges: the last day inside the window and the day before it.
   if (p.window && c.kind != ConceptKind::finding) {
      const Date ws = window_start(p, date_);
      if (*p.window == syntax::Window::Kind::within) {
         for (int back : {0, 1}) {
            Model m = at;
            which(m)[rc.id] = FactRec{FactState::dated, ws.add_days(-back)};
            add_case(m, {id, p.text, back ? "a day before the window" : "first day of the window", rc.display + " last on " + ws.add_days(-back).str()});
         }
      }
      else {
         for (int back : {0, 1}) {
            Model m = at;
            const Date last = ws.add_days(back);
            which(m)[rc.id] = FactRec{FactState::dated, last};
            add_case(m, {id, p.text, back ? "a day too recent" : "exactly the time since", rc.display + " last on " + last.str()});
         }
      }
   }
}

// "X after resection": X after the event, before it, no event at all, X not confirmed, and the
// edges of the time: the event's day, and N after it.
void Prober::probe_after_event(const Predicate& p, const std::string& id, const Model& at)
{
   // For "other X" when X may be the trial's own, the cases record a narrower concept that is
   // surely another X, as for untimed facts.
   const Concept& c = oracle_.record_concept(p);
   const Predicate::EventAnchor& an = *p.after;
   const Concept& e = *an.event;
   // The patient's records of the event (a curative resection the trial asks for, say) all move to
   // the event's time, so that the other criteria keep their results; with none, one of the event.
   auto with = [&](FactState event, FactState fact, Date event_day = {}, Date fact_day = {}) {
      Model m = at;
      bool moved = false;
      for (auto& [fid, r] : m.facts)
         if (const Concept* fc = cat_.concept_(fid); fc && r.state != FactState::absent && cat_.is_a(*fc, e) && !cat_.is_a(*fc, c)) {
            r = FactRec{event, event_day};
            moved = true;
         }
      if (!moved && event != FactState::absent) m.facts[e.id] = FactRec{event, event_day};
      m.facts[c.id] = FactRec{fact, fact_day};
      if (!c.sex.empty()) m.sex = c.sex;
      return m;
   };
   add_case(with(FactState::long_ago, FactState::recent), {id, p.text, "after the event", c.display + " recent, " + e.display + " ten years ago"});
   add_case(with(FactState::recent, FactState::long_ago), {id, p.text, "before the event", c.display + " ten years ago, " + e.display + " recent"});
   add_case(with(FactState::absent, FactState::recent), {id, p.text, "no event", c.display + " recent, no " + e.display + " in a complete procedures list"});
   add_case(with(FactState::long_ago, FactState::unconfirmed), {id, p.text, "not confirmed", c.display + " not confirmed, " + e.display + " ten years ago"});
   // The edges, on an event day far enough back that N after it is still before screening.
   const Date event_day = an.op ? shifted(date_, -an.amount, an.unit).add_days(-40) : date_.add_days(-400);
   const Date ahead = an.op ? shifted(event_day, an.amount, an.unit) : event_day;
   const bool point = c.kind == ConceptKind::procedure;
   std::vector<std::pair<Date, std::string>> edges;
   if (!an.op || *an.op == Comparator::le || *an.op == Comparator::lt) {
      edges.push_back({event_day, "on the event's day"});
      edges.push_back({event_day.add_days(-1), "the day before the event"});
      if (an.op && point) {
         edges.push_back({ahead, "on the last day of the time"});
         edges.push_back({ahead.add_days(1), "the day after the time"});
      }
   }
   else {
      edges.push_back({ahead, "on the first day of the time"});
      edges.push_back({ahead.add_days(-1), "the day before the time"});
   }
   for (const auto& [day, name] : edges)
      add_case(with(FactState::dated, FactState::dated, event_day, day),
               {id, p.text, name, c.display + " last on " + day.str() + ", " + e.display + " on " + event_day.str()});
}

void Prober::probe_lab_window(const Predicate& p, const std::string& id, const Model& at)
{
   add_case(at, {id, p.text, "all labs in the window", std::to_string(trial_.labs.size()) + " labs taken 2 days before screening"});
   for (const Analyte* a : trial_.labs) {
      if (!at.labs.count(a->id)) continue;
      for (int extra : {0, 1}) {
         Model m = at;
         m.labs.at(a->id).age_days = p.lab_window_days + extra;
         add_case(m, {id, p.text, extra ? "stale" : "last day of the window",
                      a->display + " taken " + std::to_string(p.lab_window_days + extra) + " days before screening"});
      }
      break;
   }
}

}  // namespace eligo::synth
