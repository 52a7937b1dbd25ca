// A suite for one trial: the base patient, then the probes of every leaf and a patient per
// exclusion. The parts: the oracle (oracle.hpp), goals and values (solver.hpp, draws.hpp),
// the probes (probes.hpp) and the cases they make (cases.hpp).
#include "engine/synth/generator.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/synth/cases.hpp"
#include "engine/synth/draws.hpp"
#include "engine/synth/leaves.hpp"
#include "engine/synth/model.hpp"
#include "engine/synth/oracle.hpp"
#include "engine/synth/probes.hpp"
#include "engine/synth/solver.hpp"

namespace eligo {

namespace {

using namespace synth;

class Generator {
public:
   Generator(const Trial& t, const Catalogue& cat, std::uint64_t seed)
       : trial_(t),
         date_(synth_date()),
         draw_(seed),
         oracle_(t, cat, date_),
         solver_(oracle_, cat, date_, draw_),
         book_(t, cat, oracle_, date_),
         prober_(t, cat, oracle_, date_, book_)
   {}

   SynthSuite run();

private:
   void build_base();

   const Trial& trial_;
   Date date_;
   Draw draw_;
   Oracle oracle_;
   Solver solver_;
   CaseBook book_;
   Prober prober_;
   Model initial_, base_;
};

// The base patient: every lab the trial uses, with its own reference range (the catalogue's,
// 10% narrower at the bottom and wider at the top, so the assumed-limit path is told apart),
// taken two days before screening; complete, empty history lists; then the values every goal
// needs. Where a criterion is not met as needed, the other branches of its "or"s are tried.
void Generator::build_base()
{
   initial_.sex = "male";
   initial_.birth = date_.add_months(-12 * 60).add_days(-(30 + draw_.between(0, 200)));
   auto add_lab = [&](const Analyte& a) {
      LabVal& l = initial_.labs[a.id];
      if (a.reference_range) {
         l.own_range = true;
         l.ref_low = round_sig(a.reference_range->low * 1.1, 4);
         l.ref_high = round_sig(a.reference_range->high * 1.1, 4);
      }
      // The middle of the normal range; without one, the lower quarter of the plausible range.
      const double v = a.reference_range ? (l.ref_low + l.ref_high) / 2 : a.plausible ? a.plausible->low + (a.plausible->high - a.plausible->low) / 4 : 1;
      set_lab(l, a, a.id == "tumour_number" ? std::max(1.0, std::round(v)) : round_sig(v, 3));
   };
   for (const Analyte* a : trial_.labs) add_lab(*a);
   for (const LeafRef& r : checkable_leaves(trial_)) {
      const Predicate& p = *r.leaf;
      // A score with an assessment window of its own ("ECOG 0-1 within 7 days of first dose") is assessed two days
      // before screening (or on the window's first day, if it is shorter).
      if (p.kind == Predicate::Kind::score && p.assessed_within) {
         const long age = std::min(2L, assessed_days(p, date_));
         auto [it, added] = initial_.score_age.emplace(p.score->id, age);
         if (!added) it->second = std::min(it->second, age);
      }
      if (p.kind != Predicate::Kind::measure || p.analyte->id == "age") continue;
      if (!initial_.labs.count(p.analyte->id)) add_lab(*p.analyte);
      LabVal& l = initial_.labs[p.analyte->id];
      if (p.assessed_within) l.age_days = std::min(l.age_days, assessed_days(p, date_));
      if ((p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal) && !l.own_range) {
         l.own_range = true;  // no catalogue range: the synthetic laboratory reports 1-10
         l.ref_low = 1;
         l.ref_high = 10;
      }
   }
   auto build = [&] {
      Model m = initial_;
      std::vector<Goal> goals;
      for (const auto& c : trial_.criteria) solver_.require(c.predicate, needed(c), goals);
      solver_.solve(m, goals);
      return m;
   };
   base_ = build();
   int best = oracle_.fit(base_);
   for (std::size_t i = 0; i < trial_.criteria.size() && best < static_cast<int>(trial_.criteria.size()); ++i) {
      const Criterion& c = trial_.criteria[i];
      if (oracle_.judge(c.predicate, base_) == needed(c) || !machine_checkable(c.predicate)) continue;
      std::vector<std::pair<const Predicate*, std::size_t>> nodes;
      Solver::choice_nodes(c.predicate, nodes);
      for (const auto& [node, n] : nodes)
         for (std::size_t alt = 1; alt < n; ++alt) {
            const auto keep = solver_.choices();
            solver_.choices()[node] = alt;
            Model m = build();
            const int f = oracle_.fit(m);
            if (f > best) {
               best = f;
               base_ = m;
            }
            else
               solver_.choices() = keep;
         }
   }
   const Expected e = oracle_.expect(base_);
   if (e.verdict != Verdict::eligible) {
      std::string which;
      for (std::size_t i = 0; i < trial_.criteria.size(); ++i)
         if (e.criteria[i] != needed(trial_.criteria[i]))
            which += (which.empty() ? "" : ", ") + criterion_id(trial_, i) +
                     (trial_.criteria[i].manual ? " (manual review)" : " (" + std::string(to_string(e.criteria[i])) + ")");
      book_.note("the base patient is " + std::string(to_string(e.verdict)) + ": " + which +
                 (e.verdict == Verdict::ineligible ? "; these criteria cannot all be met together" : ""));
   }
}

SynthSuite Generator::run()
{
   build_base();
   book_.add(base_, {"", "", "base", "built to meet every inclusion and no exclusion"}, 0);

   const std::vector<LeafRef> leaves = checkable_leaves(trial_);
   std::vector<std::string> leaf_ids;
   auto leaf = leaves.begin();
   std::map<Section, int> index;
   for (std::size_t ci = 0; ci < trial_.criteria.size(); ++ci) {
      const Criterion& c = trial_.criteria[ci];
      const std::string cid = std::string(to_string(c.section)) + "#" + std::to_string(++index[c.section]);
      for (; leaf != leaves.end() && leaf->criterion == &c; ++leaf) {
         const Predicate* p = leaf->leaf;
         leaf_ids.push_back(leaf->id);
         // The base patient with this leaf's siblings set so that the leaf decides its criterion.
         Model at = base_;
         std::vector<Goal> g;
         solver_.path_goals(c.predicate, p, g);
         if (!g.empty()) solver_.solve(at, g);
         prober_.probe(*p, leaf->id, ci, at);
      }
      // A patient who meets this exclusion, and keeps every other criterion as the base patient has it.
      if (c.section == Section::exclusion && machine_checkable(c.predicate)) {
         Model m = initial_;
         std::vector<Goal> g;
         for (std::size_t k = 0; k < trial_.criteria.size(); ++k)
            solver_.require(trial_.criteria[k].predicate, k == ci ? Tri::met : needed(trial_.criteria[k]), g);
         solver_.solve(m, g);
         const Expected e = oracle_.expect(m);
         if (e.criteria[ci] != Tri::met)
            book_.note(cid + ": no patient meeting it was found (it comes out " + std::string(to_string(e.criteria[ci])) + ")");
         else {
            std::string also;
            const Expected b = oracle_.expect(base_);
            for (std::size_t k = 0; k < trial_.criteria.size(); ++k)
               if (k != ci && e.criteria[k] != b.criteria[k]) also += (also.empty() ? "" : ", ") + criterion_id(trial_, k);
            if (!also.empty()) book_.note(cid + ": a patient meeting it also changes " + also);
            book_.add(m, {cid, c.text, "meets this exclusion", also.empty() ? "" : "also changes " + also}, ci);
         }
      }
   }
   return book_.finish(leaf_ids);
}

}  // namespace

Date synth_date() { return Date{2026, 6, 15}; }

SynthSuite synthesize(const Trial& trial, const Catalogue& catalogue, std::uint64_t seed) { return Generator(trial, catalogue, seed).run(); }

}  // namespace eligo
