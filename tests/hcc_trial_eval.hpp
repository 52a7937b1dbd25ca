// One criterion evaluated against a read patient as a hepatocellular-carcinoma trial evaluates it: the
// trial's own condition is HCC (so "malignancy other than HCC" leaves it out), screened on 2026-11-02.
// Shared by the FHIR vocabulary tests, which build small bundles and ask what a criterion makes of them.
#pragma once

#include <string>
#include <vector>

#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test {

inline Outcome eval_in_hcc_trial(const std::string& criterion, const Patient& p)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   std::vector<const Concept*> own = {catalogue()->concept_("hepatocellular carcinoma")};
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), own, std::nullopt, {}});
}

}  // namespace eligo::test
