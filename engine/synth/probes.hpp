// The probes of one leaf (internal to engine/synth/): boundary, one step beyond, boundary in
// another unit, value missing, no reference range, stale value, window edges and so on, each
// a case in the book (docs/synthetic.md lists them).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/synth/cases.hpp"
#include "engine/synth/model.hpp"
#include "engine/synth/oracle.hpp"

namespace eligo::synth {

class Prober {
public:
   Prober(const Trial& trial, const Catalogue& catalogue, const Oracle& oracle, const Date& screening, CaseBook& book);

   // Every case for leaf `p` (id `id`) of criterion `criterion`, each a change to `at`: the base
   // patient with the leaf's siblings set so that the leaf decides its criterion.
   void probe(const Predicate& p, const std::string& id, std::size_t criterion, const Model& at);

private:
   void probe_lab(const Predicate& p, const std::string& id, const Model& at);
   void probe_age(const Predicate& p, const std::string& id, const Model& at);
   void probe_score(const Predicate& p, const std::string& id, const Model& at);
   void probe_sex(const Predicate& p, const std::string& id, const Model& at);
   void probe_fact(const Predicate& p, const std::string& id, const Model& at);
   void probe_after_event(const Predicate& p, const std::string& id, const Model& at);
   void probe_lab_window(const Predicate& p, const std::string& id, const Model& at);

   void add_case(const Model& m, const Probe& probe, const std::vector<std::string>& why_contains = {});
   void add_lab_case(const Model& m, const Analyte& a, const Probe& probe, const std::vector<std::string>& why_contains = {});

   const Trial& trial_;
   const Catalogue& cat_;
   const Oracle& oracle_;
   Date date_;
   CaseBook& book_;
   std::size_t criterion_ = 0;  // of the leaf being probed
};

}  // namespace eligo::synth
