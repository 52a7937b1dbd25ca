// The oracle (internal to engine/synth/): what each criterion and the trial come to on the
// values the generator wrote, through its own model of each leaf and Kleene logic. It never
// runs the evaluator: otherwise the suite would test the engine against itself.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/synth/model.hpp"

namespace eligo::synth {

// What a derived score is computed from (engine/evaluate/child_pugh.hpp, albi.hpp, bclc.hpp); the generator removes
// all of them together, so the engine can only derive the whole range.
struct DerivedInputs {
   std::vector<std::string> labs, scores, concepts;
};
DerivedInputs derived_inputs(const Score& s);

// The result a criterion must have for the patient to be eligible.
Tri needed(const Criterion& c);

struct Expected {
   std::vector<Tri> criteria;
   std::vector<CriterionKind> open;  // for an unknown criterion: what settles it (CriterionResult::open)
   Verdict verdict = Verdict::indeterminate;
};

class Oracle {
public:
   Oracle(const Trial& trial, const Catalogue& catalogue, const Date& screening);

   // The result of `p` (a leaf or a subtree) on the values in `m`.
   Tri judge(const Predicate& p, const Model& m) const;
   // The same; sets `undecidable` when a derived score's inputs are partly given, so that the
   // generator cannot tell what the engine would derive.
   Tri judge(const Predicate& p, const Model& m, bool& undecidable) const;

   Expected expect(const Model& m) const;
   // The same with `fixed` (when not null) taken to have the result `as`: the probed leaf's
   // result by construction. Sets `undecidable` as judge() does.
   Expected expect(const Model& m, const Predicate* fixed, Tri as, bool& undecidable) const;

   // How many criteria come out as the base patient needs them.
   int fit(const Model& m) const;

   // The trial's own condition and interventions ("other X" leaves them out).
   const std::vector<const Concept*>& own() const { return own_; }
   // The trial's own concept that a record of `c` is broader than, if any (a "primary liver
   // cancer" record for a trial on hepatocellular carcinoma): for "other X", such a record is
   // the trial's own (a condition) or cannot be told apart.
   const Concept* own_below(const Concept& c) const;
   // The concept a case records to give a fact leaf a record: the leaf's own concept, or for
   // "other X" when X may be the trial's own, the first narrower concept that is surely another X.
   const Concept& record_concept(const Predicate& p) const;

private:
   struct Reading {
      const Predicate* fixed = nullptr;
      Tri as = Tri::unknown;
      bool undecidable = false;
   };
   Tri read(const Predicate& p, const Model& m, Reading& r) const;
   // An unknown part of `p` is a test the record could answer (not manual review, not a qualifier on a record of its fact).
   bool data_open(const Predicate& p, const Model& m, Reading& r) const;
   // An unknown part of `p` needs a clinician: manual review, or a qualifier on a record of its fact.
   bool question_open(const Predicate& p, const Model& m, Reading& r) const;
   Expected expect(const Model& m, Reading& r) const;
   Tri lab(const Predicate& p, const Model& m) const;
   Tri age(const Predicate& p, const Model& m) const;
   Tri score(const Predicate& p, const Model& m, Reading& r) const;
   Tri fact(const Predicate& p, const Model& m) const;
   Tri derived_fact(const Predicate& p, const Model& m, Reading& r) const;
   Tri after_event(const Predicate& p, const Model& m) const;
   bool concept_known(const Model& m, const Concept& c) const;

   const Trial& trial_;
   const Catalogue& cat_;
   Date date_;
   std::vector<const Concept*> own_;
};

}  // namespace eligo::synth
