// Goals from the predicate tree, and values tried until the goals are met.
#include "engine/synth/solver.hpp"

#include <algorithm>

#include "engine/synth/leaves.hpp"

namespace eligo::synth {

namespace {

std::string var_of(const Predicate& p, const Oracle& oracle)
{
   switch (p.kind) {
      case Predicate::Kind::measure: return p.analyte->id == "age" ? "age" : "lab:" + p.analyte->id;
      case Predicate::Kind::score: return "score:" + p.score->id;
      case Predicate::Kind::sex: return "sex";
      case Predicate::Kind::fact:
         if (p.allergy) return "allergy:" + p.concept_->id;
         return (uses_findings(p) ? "finding:" : "fact:") + oracle.record_concept(p).id;
      default: return "";
   }
}

// Order in which variables are chosen: sex first (a fact such as "pregnant" needs it).
// An event a fact is timed from ("after resection") comes after the facts: a record the patient has
// for another criterion (the curative resection an adjuvant trial asks for) is then its event.
int var_rank(const std::string& v)
{
   if (v == "sex") return 0;
   if (v == "age") return 1;
   if (v.rfind("lab:", 0) == 0) return 2;
   if (v.rfind("score:", 0) == 0) return 3;
   if (v.rfind("event:", 0) == 0) return 6;
   return 5;
}

}  // namespace

Solver::Solver(const Oracle& oracle, const Catalogue& catalogue, const Date& screening, Draw& draw)
    : oracle_(oracle), cat_(catalogue), date_(screening), draw_(draw)
{}

// Where one child decides (an "any" to meet, an "all" to fail), the child taken is the choice_
// for that node, the first by default.
void Solver::require(const Predicate& p, Tri target, std::vector<Goal>& out) const
{
   switch (p.kind) {
      case Predicate::Kind::all:
      case Predicate::Kind::any: {
         const bool each = (p.kind == Predicate::Kind::all) == (target == Tri::met);
         if (each) {
            for (const auto& c : p.children) require(c, target, out);
            return;
         }
         std::vector<const Predicate*> options;
         for (const auto& c : p.children)
            if (machine_checkable(c)) options.push_back(&c);
         if (options.empty()) return;
         auto it = choice_.find(&p);
         require(*options[(it == choice_.end() ? 0 : it->second) % options.size()], target, out);
         return;
      }
      case Predicate::Kind::negate: require(p.children.at(0), flip(target), out); return;
      case Predicate::Kind::manual:
      case Predicate::Kind::qualifier:
      case Predicate::Kind::lab_window: return;
      default: out.push_back({&p, target});
   }
}

void Solver::choice_nodes(const Predicate& p, std::vector<std::pair<const Predicate*, std::size_t>>& out)
{
   if (p.kind == Predicate::Kind::all || p.kind == Predicate::Kind::any) {
      const auto n = static_cast<std::size_t>(std::count_if(p.children.begin(), p.children.end(), machine_checkable));
      if (n > 1) out.push_back({&p, n});
   }
   for (const auto& c : p.children) choice_nodes(c, out);
}

bool Solver::path_goals(const Predicate& node, const Predicate* leaf, std::vector<Goal>& out) const
{
   if (&node == leaf) return true;
   for (std::size_t i = 0; i < node.children.size(); ++i) {
      std::vector<Goal> inner;
      if (!path_goals(node.children[i], leaf, inner)) continue;
      if (node.kind == Predicate::Kind::all || node.kind == Predicate::Kind::any)
         for (std::size_t j = 0; j < node.children.size(); ++j)
            if (j != i) require(node.children[j], node.kind == Predicate::Kind::all ? Tri::met : Tri::not_met, out);
      out.insert(out.end(), inner.begin(), inner.end());
      return true;
   }
   return false;
}

// Tries the values a variable may take, most realistic first, and keeps the first that
// gives every goal on it its target (else the one that gives the most).
template <class Set>
void Solver::pick(Model& m, const std::vector<Goal>& goals, std::size_t n, Set set)
{
   auto satisfied = [&]() {
      int k = 0;
      for (const auto& g : goals) k += oracle_.judge(*g.leaf, m) == g.target;
      return k;
   };
   int best = -1;
   std::size_t best_i = 0;
   for (std::size_t i = 0; i < n; ++i) {
      set(i);
      const int s = satisfied();
      if (s == static_cast<int>(goals.size())) return;
      if (s > best) best = s, best_i = i;
   }
   set(best_i);
}

void Solver::try_candidates(Model& m, const std::string& var, const std::vector<Goal>& goals, const std::string& want_sex)
{
   if (var == "sex") {
      std::string want = want_sex;
      for (const auto& g : goals)
         if (g.leaf->kind == Predicate::Kind::sex && g.target == Tri::met) want = g.leaf->sex;
      const std::vector<std::string> c = sex_candidates(want);
      pick(m, goals, c.size(), [&](std::size_t i) { m.sex = c[i]; });
      return;
   }
   if (var == "age") {
      const std::vector<Date> c = birth_candidates(date_, draw_);
      pick(m, goals, c.size(), [&](std::size_t i) { m.birth = c[i]; });
      return;
   }
   if (var.rfind("lab:", 0) == 0) {
      const Analyte& a = *cat_.analyte(var.substr(4));
      const std::vector<double> c = lab_candidates(a, goals, m.labs.at(a.id), draw_);
      if (c.empty()) return;
      pick(m, goals, c.size(), [&](std::size_t i) { set_lab(m.labs.at(a.id), a, c[i]); });
      return;
   }
   if (var.rfind("score:", 0) == 0) {
      const Score& s = *cat_.score(var.substr(6));
      const std::vector<int> c = score_candidates(s);
      pick(m, goals, c.size(), [&](std::size_t i) { m.scores[s.id] = c[i]; });
      return;
   }
   if (var.rfind("finding:", 0) == 0) {
      const std::string id = var.substr(8);
      const std::vector<bool> c = finding_candidates();
      pick(m, goals, c.size(), [&](std::size_t i) { m.findings[id] = c[i]; });
      return;
   }
   const bool allergy = var.rfind("allergy:", 0) == 0;
   const std::string id = var.substr(var.find(':') + 1);
   // The patient already has a record of the event, or of a narrower one (an R0 resection for
   // "after resection"): that is the event, and no broader record is added beside it.
   if (var.rfind("event:", 0) == 0)
      if (const Concept* e = cat_.concept_(id))
         for (const auto& [fid, r] : m.facts)
            if (const Concept* fc = cat_.concept_(fid); fc && r.state != FactState::absent && cat_.is_a(*fc, *e)) return;
   // An event is set after the facts timed from it (var_rank): present first (ten years ago, so that a recent
   // fact is after it), absent last.
   const std::vector<FactState> c =
       var.rfind("event:", 0) == 0 ? std::vector<FactState>{FactState::long_ago, FactState::recent, FactState::absent} : fact_candidates();
   auto& map = allergy ? m.allergy : m.facts;
   pick(m, goals, c.size(), [&](std::size_t i) { map[id] = FactRec{c[i], {}}; });
}

void Solver::solve(Model& m, const std::vector<Goal>& goals)
{
   std::map<std::string, std::vector<Goal>> by_var;
   std::string want_sex;
   for (const auto& g : goals) {
      const std::string v = var_of(*g.leaf, oracle_);
      if (v.rfind("lab:", 0) == 0 && !m.labs.count(v.substr(4))) set_lab(m.labs[v.substr(4)], *g.leaf->analyte, 1);
      by_var[v].push_back(g);
      if (g.leaf->kind == Predicate::Kind::fact && g.leaf->after) by_var["event:" + g.leaf->after->event->id].push_back(g);
      if (g.leaf->kind == Predicate::Kind::fact && !g.leaf->concept_->sex.empty() && g.target == Tri::met) {
         by_var["sex"];
         want_sex = g.leaf->concept_->sex;
      }
   }
   std::vector<std::string> vars;
   for (const auto& [v, gs] : by_var) vars.push_back(v);
   std::stable_sort(vars.begin(), vars.end(), [](const std::string& a, const std::string& b) { return var_rank(a) < var_rank(b); });
   for (const auto& v : vars) try_candidates(m, v, by_var[v], want_sex);
   consistent(m);
}

// A finding recorded present makes its ancestors present (a PVTT is a macrovascular invasion).
void Solver::consistent(Model& m) const
{
   for (const auto& [id, present] : m.findings) {
      if (!present) continue;
      const Concept* f = cat_.concept_(id);
      for (auto& [aid, ap] : m.findings)
         if (!ap && aid != id && f && cat_.concept_(aid) && cat_.is_a(*f, *cat_.concept_(aid))) ap = true;
   }
}

}  // namespace eligo::synth
