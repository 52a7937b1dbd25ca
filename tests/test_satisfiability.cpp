// Readings that cannot be true (engine/compile/satisfiability.cpp): a compiled criterion no patient
// can meet, or none can fail, is a compile error with the reason; a reading a patient can meet and
// another can fail, however close, compiles.
#include <doctest/doctest.h>

#include "engine/compile/satisfiability.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::satisfiability_tests {

namespace {

// The compile error of a criterion, or "" when it compiles.
std::string error_of(const std::string& text, Section section = Section::none)
{
   std::vector<Warning> w;
   try {
      compile_criterion(text, lexicon(), w, section);
   }
   catch (const CriterionError& e) {
      return e.message;
   }
   return "";
}

}  // namespace

TEST_SUITE("satisfiability")
{
   TEST_CASE("a fact both required and excluded")
   {
      CHECK(error_of("systemic corticosteroid and no steroid therapy") ==
            "no patient can meet this criterion: 'systemic corticosteroid' and 'no systemic corticosteroid' cannot both hold");
      // NCT00093548's 'No concurrent steroid therapy, including corticosteroids' was such a contradiction until examples
      // stopped narrowing their head (the scope rules); now an example that is its head's own concept says the head is broader.
      CHECK(error_of("No concurrent steroid therapy, including corticosteroids").rfind("the example 'corticosteroids' names the same concept", 0) == 0);
      CHECK(error_of("TACE or no TACE") ==
            "no patient can fail this criterion: one of 'transarterial chemoembolization (TACE)' or 'no transarterial "
            "chemoembolization (TACE)' always holds");
      CHECK(error_of("no steroid therapy") == "");
   }

   TEST_CASE("a kind implies its class; a narrower window implies a wider one and 'ever'")
   {
      CHECK(error_of("(no prior PD-1 inhibitor) and nivolumab") == "no patient can meet this criterion: 'no PD-1 inhibitor' and 'nivolumab' cannot both hold");
      // Some PD-1 inhibitor other than nivolumab: possible.
      CHECK(error_of("no prior nivolumab and (PD-1 inhibitor)") == "");
      CHECK(error_of("(no TACE) and TACE within 1 month") ==
            "no patient can meet this criterion: 'no transarterial chemoembolization (TACE)' and 'transarterial chemoembolization (TACE) within 1 "
            "month' cannot both hold");
      // TACE ever, but not in the last month: possible.
      CHECK(error_of("TACE and no TACE within 1 month") == "");
      CHECK(error_of("TACE within 2 weeks and no TACE within 1 month") != "");
      // Within 1 month (28 to 31 days) does not imply within 4 weeks.
      CHECK(error_of("TACE within 1 month and no TACE within 4 weeks") == "");
      CHECK(error_of("TACE within 4 weeks and no TACE within 1 month") != "");
   }

   TEST_CASE("a finding about now is not implied by one within a window")
   {
      // Pregnant within the last 3 months, and not now: possible.
      CHECK(error_of("pregnant within 3 months and not pregnant") == "");
      CHECK(error_of("pregnant and not pregnant") == "no patient can meet this criterion: 'pregnant' and 'not pregnant' cannot both hold");
   }

   TEST_CASE("a range whose ends cross, and two bounds on one analyte that leave no value")
   {
      CHECK(error_of("age ≥ 75 years and age < 18 years") == "no patient can meet this criterion: 'Age ≥ 75 years' and 'Age < 18 years' cannot both hold");
      CHECK(error_of("age ≥ 18 years and age < 75 years") == "");
      CHECK(error_of("18 < age < 18") == "no patient can meet this criterion: no value meets 'Age 18 (excluded)–18 (excluded) years'");
      CHECK(error_of("18 ≤ age ≤ 18") == "");
      CHECK(error_of("PLT ≥ 5 x 10^9/L and PLT < 3 x 10^9/L") ==
            "no patient can meet this criterion: 'Platelets ≥ 5 ×10^9/L' and 'Platelets < 3 ×10^9/L' cannot both hold");
      CHECK(error_of("PLT ≥ 3 x 10^9/L and PLT < 5 x 10^9/L") == "");
      // Across units: 75 ×10^9/L is 75,000/µL exactly.
      CHECK(error_of("PLT ≥ 75 x 10^9/L and PLT < 75,000/µL") != "");
      CHECK(error_of("PLT ≥ 75 x 10^9/L and PLT ≤ 75,000/µL") == "");
      CHECK(error_of("AST ≤ 2.5 x ULN and AST > 5 x ULN") != "");
      // A multiple of the ULN and an absolute value: the ULN differs between patients.
      CHECK(error_of("AST ≤ 2.5 x ULN and AST > 200 U/L") == "");
      CHECK(error_of("PLT ≥ 100 x 10^9/L or PLT < 100 x 10^9/L") ==
            "no patient can fail this criterion: one of 'Platelets ≥ 100 ×10^9/L' or 'Platelets < 100 ×10^9/L' always holds");
   }

   TEST_CASE("equality across a molar mass is within the evaluator's tolerance: a reading met only there is still possible")
   {
      // 3 mg/dL is 51.312 µmol/L; the evaluator takes 51.3 µmol/L as equal to it (docs/language.md, "Exact boundaries").
      CHECK(error_of("bilirubin ≤ 3 mg/dL and bilirubin ≥ 51.3 umol/L") == "");
      const Patient pt = read_patient(R"({"id": "B", "labs": [{"analyte": "total bilirubin", "value": 51.3, "unit": "umol/L", "date": "2026-01-01"}]})",
                                      "b.json", *catalogue());
      std::vector<Warning> w;
      const Predicate p = compile_criterion("bilirubin ≤ 3 mg/dL and bilirubin ≥ 51.3 umol/L", lexicon(), w);
      CHECK(evaluate(p, EvalContext{pt, *parse_date("2026-01-02"), *catalogue(), {}, std::nullopt, {}}).result == Tri::met);
   }

   TEST_CASE("a score label set that covers every label, or labels that exclude each other")
   {
      CHECK(error_of("Child-Pugh A-C") == "no patient can fail this criterion: 'Child-Pugh score A–C' covers every Child-Pugh score value");
      CHECK(error_of("Child-Pugh A-B") == "");
      CHECK(error_of("ECOG 0-1 and ECOG ≥ 2") ==
            "no patient can meet this criterion: 'ECOG performance status 0–1' and 'ECOG performance status ≥ 2' cannot both hold");
      CHECK(error_of("ECOG 0-2 and ECOG ≥ 2") == "");
      CHECK(error_of("ECOG 0-1 or ECOG ≥ 2") ==
            "no patient can fail this criterion: one of 'ECOG performance status 0–1' or 'ECOG performance status ≥ 2' always holds");
   }

   TEST_CASE("sex: the two values exclude each other, and a fact for one sex excludes the other")
   {
      CHECK(error_of("pregnant and male") == "no patient can meet this criterion: 'pregnant' and 'male' cannot both hold");
      CHECK(error_of("pregnant and female") == "");
      // Either sex is how registries say "both welcome": read so on purpose, it is not an error.
      CHECK(error_of("male or female") == "");
      CHECK(error_of("female") == "");
      CHECK(error_of("male and (female)") == "no patient can meet this criterion: 'male' and 'female' cannot both hold");
      // Either sex or a fact, either way: still fails no one.
      CHECK(error_of("male or female or TACE or no TACE") != "");
   }

   TEST_CASE("in a trial file: the error points at the line; a heading's nested items are checked together")
   {
      const std::string trial =
          "trial: T\ninclusion:\n- age ≥ 18 years\n- The age:\n  - age ≥ 75 years\n  - age < 18 years\n"
          "exclusion:\n- systemic corticosteroid and no steroid therapy\n";
      const CompileResult r = compile_trial_text(trial, "t.trial", lexicon());
      REQUIRE(r.errors.size() == 2);
      CHECK(r.errors[0].line == 4);
      CHECK(r.errors[0].message == "no patient can meet this criterion: 'Age ≥ 75 years' and 'Age < 18 years' cannot both hold");
      CHECK(r.errors[1].line == 8);
      CHECK(r.errors[1].message.rfind("no patient can meet this criterion", 0) == 0);
      // Marked manual, the file compiles.
      const std::string fixed = "trial: T\nexclusion:\n- systemic corticosteroid and no steroid therapy\n  manual: contradiction\n";
      CHECK(compile_trial_text(fixed, "t.trial", lexicon()).errors.empty());
   }

   TEST_CASE("impossible_reading on a bound tree: nothing for a tree it cannot decide")
   {
      std::vector<Warning> w;
      const Predicate ok = compile_criterion("ECOG 0-1 and PLT ≥ 75×10^9/L and no sorafenib", lexicon(), w);
      CHECK_FALSE(impossible_reading(ok, *catalogue()));
      // The same contradiction, built by hand: X and not X.
      Predicate x = ok.children.at(2).children.at(0);
      Predicate both;
      both.kind = Predicate::Kind::all;
      both.children = {ok.children.at(2), x};
      const auto r = impossible_reading(both, *catalogue());
      REQUIRE(r);
      CHECK(r->kind == ImpossibleReading::Kind::never_met);
      CHECK(r->reason == "no patient can meet this criterion: 'no sorafenib' and 'sorafenib' cannot both hold");
   }
}

}  // namespace eligo::test::satisfiability_tests
