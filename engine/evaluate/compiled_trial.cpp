// The compiled path (compiled_trial.hpp). Each instruction mirrors one leaf of the tree evaluator
// and calls the same helpers (holds, tolerance, age_in, in_accepted, child_pugh_interval,
// albi_interval), so the two agree by construction; the differential test checks they do.
#include "engine/evaluate/compiled_trial.hpp"

#include <algorithm>

#include "engine/evaluate/albi.hpp"
#include "engine/evaluate/age.hpp"
#include "engine/evaluate/child_pugh.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo {

namespace {

using evaluation::holds;
using evaluation::tolerance;

// A result on the stack: the Kleene value in the low two bits, and whether an unknown result misses data the record
// could hold (bit 2), rather than only a clinician's judgement (a manual-review line).
// Bit 3: an unknown result lists something missing at all (screen.cpp's open_kind gives a criterion that lists nothing
// its own kind). Bit 4: a tree leaf's list holds an empty item, which a combination of two or more parts drops
// (add_missing) and a lone leaf passes on, where open_kind counts it as data.
constexpr std::uint8_t met = 0, not_met = 1, unknown = 2, data = 4, listed = 8, empty_item = 16;
constexpr std::uint8_t unknown_data = unknown | data | listed;

std::uint8_t of(bool b) { return b ? met : not_met; }
std::uint8_t of(Tri t) { return t == Tri::met ? met : t == Tri::not_met ? not_met : unknown_data; }

}  // namespace

std::optional<CompiledTrial> CompiledTrial::compile(const Trial& trial, const Catalogue& catalogue, std::string* why_not, TreeLeaves* leaves)
{
   std::vector<const Concept*> own = trial.interventions;
   if (trial.condition) own.push_back(trial.condition);
   auto leaf = [&](const Predicate& p) { return leaves ? leaves->intern(p, own, trial.lab_window_days) : TreeLeaves::none; };
   CompiledTrial out;
   out.trial_ = &trial;
   out.catalogue_ = &catalogue;
   std::string reason;
   std::size_t depth = 0, deepest = 0;
   auto push = [&] { deepest = std::max(deepest, ++depth); };
   auto fail = [&](std::string why) {
      if (reason.empty()) reason = std::move(why);
      return false;
   };
   // The slot of an analyte or a score in its table (analytes_, scores_), added at the first use.
   auto slot_in = [](auto& table, auto* entry) -> std::optional<std::uint16_t> {
      auto it = std::find(table.begin(), table.end(), entry);
      if (it != table.end()) return static_cast<std::uint16_t>(it - table.begin());
      if (table.size() >= max_slots) return std::nullopt;
      table.push_back(entry);
      return static_cast<std::uint16_t>(table.size() - 1);
   };
   auto analyte_slot = [&](const Analyte* a) { return slot_in(out.analytes_, a); };
   auto score_slot = [&](const Score* s) { return slot_in(out.scores_, s); };
   // Child-Pugh and ALBI read these whenever the catalogue has them (score.cpp, derive).
   auto inputs = [&](DerivedScore d) {
      if (d != DerivedScore::child_pugh && d != DerivedScore::albi) return true;
      auto input = [&](auto& table, auto* entry, std::uint16_t& slot) {
         if (!entry) return true;  // not in this catalogue: the derivation goes without it, as the tree's does
         auto s = slot_in(table, entry);
         if (s) slot = *s;
         return s.has_value();
      };
      return input(out.analytes_, catalogue.analyte("total_bilirubin"), out.bilirubin_) && input(out.analytes_, catalogue.analyte("albumin"), out.albumin_) &&
             input(out.analytes_, catalogue.analyte("inr"), out.inr_) && input(out.scores_, catalogue.score("ascites"), out.ascites_) &&
             input(out.scores_, catalogue.score("hepatic_encephalopathy"), out.encephalopathy_);
   };
   auto emit = [&](auto& self, const Predicate& p) -> bool {
      using K = Predicate::Kind;
      Instruction in;
      in.predicate = &p;
      switch (p.kind) {
         case K::all:
         case K::any:
            for (const auto& c : p.children)
               if (!self(self, c)) return false;
            in.op = p.kind == K::all ? Op::all : Op::any;
            in.count = static_cast<std::uint32_t>(p.children.size());
            depth -= p.children.size();
            push();
            break;
         case K::negate:
            if (p.children.size() != 1) return fail("a negation of " + std::to_string(p.children.size()) + " parts");
            if (!self(self, p.children.front())) return false;
            in.op = Op::negate;
            break;
         case K::measure:
            if (!p.analyte) return fail("a measure with no analyte");
            if (p.analyte->id == "age")
               in.op = Op::age;
            else {
               auto s = analyte_slot(p.analyte);
               if (!s) return fail("more than 64 analytes");
               in.op = Op::lab;
               in.slot = *s;
            }
            push();
            break;
         case K::score: {
            if (!p.score) return fail("a score with no catalogue entry");
            if (p.assessed_within) {  // its inputs under the window: the tree answers it
               in.op = Op::tree;
               in.leaf = leaf(p);
               out.needs_patient_ = true;
               push();
               break;
            }
            if (p.score->derived == DerivedScore::bclc || p.score->derived == DerivedScore::cnlc) {
               out.needs_patient_ = true;
               in.leaf = leaf(p);
            }
            auto s = score_slot(p.score);
            if (!s || !inputs(p.score->derived)) return fail("more than 64 scores or analytes");
            in.op = Op::score;
            in.slot = *s;
            push();
            break;
         }
         case K::sex:
            in.op = Op::sex;
            push();
            break;
         case K::manual:
            in.op = Op::manual;
            push();
            break;
         case K::lab_window:
            in.op = Op::lab_window;
            if (out.window_labs_.empty())
               for (const Analyte* a : trial.labs) {
                  auto s = analyte_slot(a);
                  if (!s) return fail("more than 64 analytes");
                  out.window_labs_.push_back(*s);
               }
            push();
            break;
         case K::fact:
         case K::qualifier:
            in.op = Op::tree;
            in.leaf = leaf(p);
            out.needs_patient_ = true;
            push();
            break;
      }
      out.code_.push_back(in);
      return true;
   };
   for (const Criterion& c : trial.criteria) {
      depth = 0;
      if (!emit(emit, c.predicate) || depth != 1) {
         if (why_not) *why_not = reason.empty() ? "a criterion the program cannot hold" : reason;
         return std::nullopt;
      }
      CriterionCode cc;
      cc.end = static_cast<std::uint32_t>(out.code_.size());
      cc.inclusion = c.section == Section::inclusion;
      // screen.cpp, open_kind; an unknown result that lists nothing missing takes the criterion's own kind.
      cc.kind = c.kind;
      cc.open = c.kind == CriterionKind::enrolment          ? Open::enrolment
                : c.kind_set == "question"                  ? Open::question
                : c.kind_set == "data"                      ? Open::data
                : c.manual && c.kind == CriterionKind::data ? Open::data
                                                            : Open::by_leaves;
      out.criteria_.push_back(cc);
   }
   out.own_ = std::move(own);
   if (deepest > max_stack) {
      if (why_not) *why_not = "nested deeper than the program's stack";
      return std::nullopt;
   }
   return out;
}

bool CompiledTrial::screen(const PatientSlots& patient, const Patient* record, const Date& date, CompiledVerdict& out, TreeLeafMemo* memo) const
{
   out.clear();
   if (needs_patient_ && !record) return false;
   // A tree leaf's context, as screen() makes it; built at the first tree leaf (it copies `own_`).
   std::optional<EvalContext> context;
   auto answer = [&](const Predicate& p) -> std::uint8_t {
      if (!context) context.emplace(EvalContext{*record, date, *catalogue_, own_, trial_->lab_window_days, trial_->labs, false});
      const Outcome o = evaluate(p, *context);
      if (o.result != Tri::unknown) return o.result == Tri::met ? met : not_met;
      std::uint8_t r = unknown;
      for (const auto& m : o.missing) r |= m.empty() ? empty_item : listed | (asks_clinician(m, *catalogue_) ? 0 : data);
      return r;
   };
   auto tree = [&](const Instruction& in) -> std::uint8_t {
      if (!memo || in.leaf == TreeLeaves::none) return answer(*in.predicate);
      if (std::optional<std::uint8_t> known = memo->get(in.leaf)) return *known;
      const std::uint8_t r = answer(*in.predicate);
      memo->put(in.leaf, r);
      return r;
   };
   // The slots of this record: each analyte's newest result on or before the screening date (evaluator: latest), and
   // each recorded score.
   std::array<const SlotLab*, max_slots> latest{};
   for (std::size_t i = 0; i < analytes_.size(); ++i)
      for (const SlotLab& l : patient.labs)
         if (l.analyte == analytes_[i] && l.date <= date) {
            latest[i] = &l;
            break;
         }
   std::array<const SlotScore*, max_slots> given{};
   for (std::size_t i = 0; i < scores_.size(); ++i)
      for (const SlotScore& s : patient.scores)
         if (s.score == scores_[i]) given[i] = &s;
   const std::optional<int> window = trial_->lab_window_days;
   // threshold.cpp, Evaluator::stale
   auto stale = [&](const SlotLab& l, std::optional<int> days) { return days && l.analyte->kind == AnalyteKind::lab && l.date.days() < date.days() - *days; };
   auto typed_lab = [&]<class Q>(std::uint16_t slot) -> std::optional<Q> {
      if (slot >= max_slots || !latest[slot] || stale(*latest[slot], window)) return std::nullopt;
      return q::typed<Q>(latest[slot]->canonical, analytes_[slot]->canonical);
   };
   auto given_interval = [&](std::uint16_t slot) -> std::optional<Interval> {
      if (slot >= max_slots || !given[slot]) return std::nullopt;
      return Interval{given[slot]->lo, given[slot]->hi};
   };

   std::array<std::uint8_t, max_stack> stack;
   std::size_t top = 0;
   bool data_open = false;
   std::size_t pc = 0;
   for (std::size_t ci = 0; ci < criteria_.size(); ++ci) {
      const CriterionCode& cc = criteria_[ci];
      for (; pc < cc.end; ++pc) {
         const Instruction& in = code_[pc];
         const Predicate& p = *in.predicate;
         switch (in.op) {
            case Op::all:
            case Op::any: {
               if (in.count == 1) break;  // a combination of one part is that part, its missing list as it is
               // Kleene (evaluator.cpp, combine): all is not met when a part is not, met when all are; any the dual.
               const std::uint8_t decides = in.op == Op::all ? not_met : met;
               bool decided = false, any_unknown = false;
               std::uint8_t missing = 0;  // the data and listed bits of the unknown parts
               for (std::size_t k = top - in.count; k < top; ++k) {
                  const std::uint8_t v = stack[k] & 3;
                  decided = decided || v == decides;
                  if (v == unknown) {
                     any_unknown = true;
                     missing |= stack[k] & (data | listed);
                  }
               }
               top -= in.count;
               stack[top++] = decided ? decides : any_unknown ? static_cast<std::uint8_t>(unknown | missing) : (in.op == Op::all ? met : not_met);
               break;
            }
            case Op::negate: {
               std::uint8_t& v = stack[top - 1];
               if ((v & 3) != unknown) v = (v & 3) == met ? not_met : met;
               break;
            }
            case Op::lab: {
               // threshold.cpp, Evaluator::measure and its tests; the fast shape has no bounds, conflicts or skipped values.
               const SlotLab* l = latest[in.slot];
               const Analyte& a = *analytes_[in.slot];
               std::uint8_t r = unknown_data;
               if (l) {
                  std::optional<Date> from;
                  if (a.kind == AnalyteKind::lab && window) from = date.add_days(-*window);
                  if (p.assessed_within) {
                     const Date f = evaluation::shifted(date, -p.assessed_within, p.assessed_unit);
                     if (!from || f >= *from) from = f;
                  }
                  if (!from || !(l->date < *from)) {
                     const double v = l->canonical;
                     const bool crosses = p.molar || l->other_dimension;
                     switch (p.test) {
                        case Predicate::Test::compare: r = of(holds(v, p.op, p.threshold, tolerance(crosses))); break;
                        case Predicate::Test::range: {
                           const double tol = tolerance(crosses);
                           r = of(holds(v, p.low_open ? Comparator::gt : Comparator::ge, p.threshold, tol) &&
                                  holds(v, p.high_open ? Comparator::lt : Comparator::le, p.high, tol));
                           break;
                        }
                        case Predicate::Test::relative: {
                           // times_uln.cpp: the patient's own limit, else the catalogue's default
                           std::optional<double> lim = p.upper ? l->high : l->low;
                           if (!lim && a.reference_range) lim = p.upper ? a.reference_range->high : a.reference_range->low;
                           if (lim) r = of(holds(v, p.op, p.factor * *lim, 1e-9));
                           break;
                        }
                        case Predicate::Test::within_normal: {
                           std::optional<double> lo = l->low, hi = l->high;
                           if (!lo && a.reference_range) lo = a.reference_range->low;
                           if (!hi && a.reference_range) hi = a.reference_range->high;
                           if (lo && hi) {
                              const double tol = tolerance(crosses);
                              r = of(holds(v, Comparator::ge, *lo, tol) && holds(v, Comparator::le, *hi, tol));
                           }
                           break;
                        }
                     }
                  }
               }
               stack[top++] = r;
               break;
            }
            case Op::age: {
               // age_sex.cpp; the fast shape has no day of death, so the age is on the screening date
               std::uint8_t r = unknown_data;
               if (patient.birth_date) r = of(evaluation::age_in(p, patient.birth_date->earliest, patient.birth_date->latest, date));
               stack[top++] = r;
               break;
            }
            case Op::sex: stack[top++] = patient.sex.empty() ? unknown_data : of(patient.sex == p.sex); break;
            // "manual review: …" asks a clinician; "from the chart: …" is data the chart holds
            case Op::manual: stack[top++] = p.chart ? unknown_data : unknown | listed; break;
            case Op::tree: stack[top++] = tree(in); break;
            case Op::score: {
               // score.cpp, Evaluator::score without explanations: the recorded value, else the derived one
               std::uint8_t r = unknown_data;
               if (const SlotScore* g = given[in.slot])
                  r = of(evaluation::in_accepted(p, g->lo, g->hi));
               else
                  switch (p.score->derived) {
                     case DerivedScore::none: break;
                     case DerivedScore::child_pugh: {
                        ChildPughInputs cp;
                        cp.bilirubin = typed_lab.template operator()<q::SubstanceConcentration>(bilirubin_);
                        cp.albumin = typed_lab.template operator()<q::MassConcentration>(albumin_);
                        cp.inr = typed_lab.template operator()<q::Ratio>(inr_);
                        if (auto a = given_interval(ascites_)) cp.ascites_points = *a;
                        if (auto he = given_interval(encephalopathy_)) cp.encephalopathy_grade = *he;
                        const Interval v = child_pugh_interval(cp);
                        r = of(evaluation::in_accepted(p, v.lo, v.hi));
                        break;
                     }
                     case DerivedScore::albi: {
                        const Interval v = albi_interval(typed_lab.template operator()<q::SubstanceConcentration>(bilirubin_),
                                                         typed_lab.template operator()<q::MassConcentration>(albumin_));
                        r = of(evaluation::in_accepted(p, v.lo, v.hi));
                        break;
                     }
                     case DerivedScore::bclc:
                     case DerivedScore::cnlc: r = tree(in); break;  // staged from findings: the tree answers it
                  }
               stack[top++] = r;
               break;
            }
            case Op::lab_window: {
               // threshold.cpp, Evaluator::lab_window: every lab the trial uses has a result inside the window
               bool all = true;
               for (std::uint16_t s : window_labs_) all = all && latest[s] && !stale(*latest[s], p.lab_window_days);
               stack[top++] = all ? met : unknown_data;
               break;
            }
         }
      }
      const std::uint8_t v = stack[--top];
      if ((v & 3) == unknown) {
         const Open open = cc.open != Open::by_leaves     ? cc.open
                           : !(v & (listed | empty_item)) ? (cc.kind == CriterionKind::question ? Open::question : Open::data)
                           : (v & (data | empty_item))    ? Open::data
                                                          : Open::question;
         if (open == Open::enrolment)
            out.at_enrolment.push_back(ci);
         else if (open == Open::question)
            out.questions.push_back(ci);
         else {
            out.open.push_back(ci);
            data_open = true;
         }
      }
      else if (((v & 3) == not_met) == cc.inclusion)
         out.failing.push_back(ci);
   }
   out.verdict = !out.failing.empty()     ? Verdict::ineligible
                 : data_open              ? Verdict::indeterminate
                 : !out.questions.empty() ? Verdict::pending_questions
                                          : Verdict::eligible;
   return true;
}

std::string CompiledTrial::listing() const
{
   std::string s;
   std::size_t pc = 0;
   for (std::size_t ci = 0; ci < criteria_.size(); ++ci) {
      s += "criterion " + trial_->criteria[ci].id + "\n";
      for (; pc < criteria_[ci].end; ++pc) {
         const Instruction& in = code_[pc];
         switch (in.op) {
            case Op::all: s += "  all " + std::to_string(in.count); break;
            case Op::any: s += "  any " + std::to_string(in.count); break;
            case Op::negate: s += "  not"; break;
            case Op::lab: s += "  lab " + analytes_[in.slot]->id; break;
            case Op::age: s += "  age"; break;
            case Op::score: s += "  score " + scores_[in.slot]->id; break;
            case Op::sex: s += "  sex " + in.predicate->sex; break;
            case Op::manual: s += "  manual"; break;
            case Op::lab_window: s += "  labs within " + std::to_string(in.predicate->lab_window_days) + " days"; break;
            case Op::tree: s += "  tree " + to_string(*in.predicate); break;
         }
         s += "\n";
      }
   }
   return s;
}

}  // namespace eligo
