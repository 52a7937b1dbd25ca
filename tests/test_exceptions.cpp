// Exceptions (docs/language.md, "Exceptions"): "X other than Y", "X except Y" are read where Y is a kind
// of X; any other exception ("… allowed", "(… permitted)", "unless …") makes the line fail, quoting it,
// and a bracketed note that says one is never skipped.
#include <doctest/doctest.h>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::exceptions_tests {

namespace {

std::string reading(const std::string& criterion) { return compile_summary(criterion).substr(3); }

Outcome eval(const std::string& criterion, const std::string& conditions)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   const Patient p = read_patient(R"({"id": "E", "conditions": [)" + conditions + "]}", "test.json", *catalogue());
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
}

const char* hcc = R"({"concept": "hepatocellular carcinoma", "onset": "2026-09-01"})";
const char* melanoma = R"({"concept": "melanoma", "onset": "2019-01-01"})";
const char* plain_malignancy = R"({"concept": "malignancy", "onset": "2019-01-01", "text": "cancer"})";

}  // namespace

TEST_SUITE("words")
{
   TEST_CASE("'other than', 'except', 'excluding': records of the exception do not count")
   {
      CHECK(reading("malignancy other than hepatocellular carcinoma") == "(has malignancy except hepatocellular_carcinoma)");
      CHECK(reading("malignancy (other than HCC)") == "(has malignancy except hepatocellular_carcinoma)");
      CHECK(reading("prior malignancy, except hepatocellular carcinoma") == "(has malignancy except hepatocellular_carcinoma)");
      // The patient's own HCC is not another malignancy (eligo eval has no trial condition to leave out).
      CHECK(eval("malignancy other than hepatocellular carcinoma", hcc).result == Tri::not_met);
      CHECK(eval("malignancy other than hepatocellular carcinoma", std::string(hcc) + ", " + melanoma).result == Tri::met);
      // A record that may be the exception cannot be told apart.
      const Outcome open = eval("malignancy other than hepatocellular carcinoma", plain_malignancy);
      CHECK(open.result == Tri::unknown);
      CHECK(open.missing == std::vector<std::string>{"whether cancer (2019-01-01) is hepatocellular carcinoma"});
      CHECK(reading("malignancy other than hypertension") ==
            "error 1: the exception 'hypertension' is not a kind of malignancy: Eligo cannot read what it leaves out");
   }

   TEST_CASE("an exception Eligo cannot express makes the line fail, quoting it")
   {
      CHECK(reading("Hepatitis B or C viral infection allowed") ==
            "error 1: the exception 'Hepatitis B or C viral infection allowed' is not read: Eligo has no reading for it here, so the line is for manual "
            "review (or give the reading in an as: line)");
      // A bracketed note that says "allowed", "permitted", "acceptable" or "eligible" is never skipped.
      CHECK(reading("Prior sorafenib (Child-Pugh B allowed)") ==
            "error 17: the exception '(Child-Pugh B allowed)' is not read: Eligo has no reading for it here, so the line is for manual review (or give the "
            "reading in an as: line)");
      CHECK(reading("Total bilirubin ≤ 1.5 × ULN (patients with Gilbert's syndrome are eligible)") ==
            "error 29: the exception '(patients with Gilbert's syndrome are eligible)' is not read: Eligo has no reading for it here, so the line is for "
            "manual review (or give the reading in an as: line)");
      CHECK(reading("prior TACE, unless more than 6 months ago") ==
            "error 13: the exception 'unless more than 6 months ago' is not read: Eligo has no reading for it here, so the line is for manual review (or "
            "give the reading in an as: line)");
      // "(American …)" holds "can" inside a word: not an exception.
      CHECK(reading("ASA (American Society of Anesthesiologists) I-III") == "(asa in 1..3)");
   }

   TEST_CASE("in a trial file, the line with an exception is an error at its line (eligo import keeps such a line as manual review)")
   {
      const CompileResult r = compile_trial_text("trial: T-EXC\ninclusion:\n- Hepatitis B viral infection allowed\n", "t.trial", lexicon());
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].line == 3);
      CHECK(r.errors[0].message.find("the exception 'Hepatitis B viral infection allowed' is not read") == 0);
   }
}

}  // namespace eligo::test::exceptions_tests
