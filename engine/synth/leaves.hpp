// The machine-checkable leaves of a trial's criteria and their stable ids: what a suite
// probes and what regress counts as covered (docs/synthetic.md).
#pragma once

#include <string>
#include <vector>

#include "engine/compile/trial.hpp"

namespace eligo {

// A leaf's stable id within a trial: "inclusion#9/3" (criterion index in its section, 1-based;
// leaf index in pre-order, 1-based). Manual leaves are not machine-checkable.
struct LeafRef {
   std::string id;
   const Predicate* leaf = nullptr;
   const Criterion* criterion = nullptr;
};
std::vector<LeafRef> checkable_leaves(const Trial& trial);

// Whether `p` has a leaf other than manual review.
bool machine_checkable(const Predicate& p);

}  // namespace eligo
