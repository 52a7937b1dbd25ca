// The cases of a suite as they are built (internal to engine/synth/): each patient with its
// expected verdict and criterion results, one file per distinct patient, and the notes on
// what could not be built.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/synth/generator.hpp"
#include "engine/synth/model.hpp"
#include "engine/synth/oracle.hpp"

namespace eligo::synth {

// What a case probes: a leaf ("inclusion#9/3@1a2b3c4d"), its text, and how. `intended` is the
// leaf's result by construction (an inclusive boundary is met, one step beyond it is not), which
// the expectation uses for that leaf.
struct Probe {
   Probe(std::string l, std::string t, std::string v, std::string d = "", std::optional<Tri> i = std::nullopt, const Predicate* n = nullptr)
       : leaf(std::move(l)), text(std::move(t)), variant(std::move(v)), detail(std::move(d)), intended(i), node(n)
   {}
   std::string leaf;
   std::string text;
   std::string variant;
   std::string detail;
   std::optional<Tri> intended;
   const Predicate* node = nullptr;
};

// "inclusion 9": the criterion's section and its place in it, as cases and regress name it.
std::string criterion_id(const Trial& trial, std::size_t i);

class CaseBook {
public:
   CaseBook(const Trial& trial, const Catalogue& catalogue, const Oracle& oracle, const Date& screening);

   // Adds a case for criterion `criterion` (the index in the trial); the probed leaf's result is
   // its result by construction (probe.intended), the other leaves' from the oracle's reading of
   // the values written. Where the two readings of the probed leaf disagree, there is no case and
   // a note says so. A patient already in the book gets the probe added to its file.
   void add(const Model& m, const Probe& probe, std::size_t criterion, const std::vector<std::string>& why_contains = {});

   void note(std::string text) { notes_.push_back(std::move(text)); }

   // The suite: every case, and which of `leaf_ids` its cases show deciding their criterion.
   SynthSuite finish(const std::vector<std::string>& leaf_ids);

private:
   const Trial& trial_;
   const Catalogue& cat_;
   const Oracle& oracle_;
   Date date_;
   std::vector<SynthCase> cases_;
   std::map<std::string, std::size_t> seen_;            // patient JSON without id and note -> its case
   std::map<std::string, std::set<Tri>> leaf_results_;  // leaf id -> its criterion's expected results over its cases
   std::vector<std::string> notes_;
};

}  // namespace eligo::synth
