// "HIV negative", "HBsAg negative": a result the catalogue names by its positive form, written negative, is the absence
// of that concept (docs/language.md, "Negative results").
#include <doctest/doctest.h>

#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test {

namespace {

std::string reading(const std::string& criterion)
{
   std::vector<Warning> w;
   try {
      return to_string(compile_criterion(criterion, lexicon(), w, Section::inclusion));
   }
   catch (const std::exception& e) {
      return std::string("error: ") + e.what();
   }
}

Tri eval(const std::string& criterion, const std::string& patient_json)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w, Section::inclusion);
   const Patient p = read_patient(patient_json, "test.json", *catalogue());
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-20"), *catalogue(), {}, std::nullopt, {}}).result;
}

}  // namespace

TEST_SUITE("negative")
{
   TEST_CASE("a named positive result written negative is its absence")
   {
      CHECK(reading("HIV negative") == "(not (has hiv_infection))");  // NCT00093548
      CHECK(reading("HIV-negative") == "(not (has hiv_infection))");
      CHECK(reading("HIV seronegative") == "(not (has hiv_infection))");
      CHECK(reading("HBsAg negative") == "(not (has hbsag_positive))");
      CHECK(reading("HBsAg negative and anti-HCV negative") == "(and (not (has hbsag_positive)) (not (has anti_hcv_positive)))");
      // Only a name the catalogue has in its positive form: "albumin negative" names nothing.
      CHECK(reading("albumin negative").rfind("error: ", 0) == 0);
      CHECK(reading("HIV positive or negative").rfind("error: ", 0) == 0);
   }

   TEST_CASE("a negative result needs the record to show the absence: a lab finding never tested stays unknown")
   {
      const std::string untested = R"({"id": "N", "conditions": [], "conditions_complete": true})";
      CHECK(eval("HBsAg negative", untested) == Tri::unknown);
      CHECK(eval("HBsAg negative", R"({"id": "N", "findings": {"HBsAg positive": true}})") == Tri::not_met);
      CHECK(eval("HBsAg negative", R"({"id": "N", "findings": {"HBsAg positive": false}})") == Tri::met);
   }
}

}  // namespace eligo::test
