// Near misses (docs/cli.md, "Near misses"): an ineligible trial that the patient misses only by lab values close
// to their thresholds, with how far each is ("PLT 68 ×10^9/L, needs ≥ 75").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"

namespace eligo {

// A lab within this fraction of its threshold is near it: |value − threshold| ≤ 0.10 × |threshold|, both in the
// threshold's unit (for × ULN, the multiple against the factor). Exactly 10% is near.
inline constexpr double near_miss_fraction = 0.10;

// What keeps the criterion from the result that lets the patient in (`want`: met for an inclusion, not met for an
// exclusion), as one line per lab ("PLT 68 ×10^9/L, needs ≥ 75"), when every such obstacle is a lab test within
// near_miss_fraction of its threshold; nullopt when any is not (a score, a fact, a lab further away). An unknown part
// is no obstacle (it is data to collect or a question). `ctx` should ask for gaps.
std::optional<std::vector<std::string>> near_miss_gaps(const Predicate& p, Tri want, const EvalContext& ctx);

}  // namespace eligo
