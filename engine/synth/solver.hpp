// Building a patient to reach goals (internal to engine/synth/): which leaves must come out
// how for a criterion to have a result, and values chosen so that they do.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/synth/draws.hpp"
#include "engine/synth/model.hpp"
#include "engine/synth/oracle.hpp"

namespace eligo::synth {

class Solver {
public:
   // For each node where one child decides (an "any" to meet, an "all" to fail), the index of
   // the child taken among its checkable ones; the first by default.
   using Choices = std::map<const Predicate*, std::size_t>;

   Solver(const Oracle& oracle, const Catalogue& catalogue, const Date& screening, Draw& draw);

   // Leaf goals that give `p` the result `target`.
   void require(const Predicate& p, Tri target, std::vector<Goal>& out) const;
   // Goals that make `leaf` decide its criterion: along the path from the root to it, the
   // siblings under an "all" met and under an "any" not met.
   bool path_goals(const Predicate& node, const Predicate* leaf, std::vector<Goal>& out) const;
   // Nodes of `p` where require() picks one child among several, with their number of choices.
   static void choice_nodes(const Predicate& p, std::vector<std::pair<const Predicate*, std::size_t>>& out);

   // Chooses values for the variables the goals name; other variables keep their values.
   void solve(Model& m, const std::vector<Goal>& goals);

   Choices& choices() { return choice_; }

private:
   template <class Set>
   void pick(Model& m, const std::vector<Goal>& goals, std::size_t n, Set set);
   void try_candidates(Model& m, const std::string& var, const std::vector<Goal>& goals, const std::string& want_sex);
   void consistent(Model& m) const;

   const Oracle& oracle_;
   const Catalogue& cat_;
   Date date_;
   Draw& draw_;
   Choices choice_;
};

}  // namespace eligo::synth
