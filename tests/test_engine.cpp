// Evaluation: three-valued logic, ULN sources, stale data, derived values,
// history and windows, and verdicts.
#include <doctest/doctest.h>

#include "engine/evaluate/albi.hpp"
#include "engine/evaluate/bclc.hpp"
#include "engine/evaluate/child_pugh.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "support.hpp"

namespace eligo::test::engine_tests {

namespace {

Patient patient(const std::string& json) { return read_patient(json, "test.json", *catalogue()); }

Outcome eval(const std::string& criterion, const Patient& p, std::optional<int> window = std::nullopt, const std::string& date = "2026-11-02")
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   std::vector<const Concept*> own = {catalogue()->concept_("hepatocellular carcinoma"), catalogue()->concept_("lenvatinib")};
   return evaluate(pred, EvalContext{p, *parse_date(date), *catalogue(), own, window, {}});
}

const char* base = R"({"id": "T", "sex": "male", "birth_date": "1966-03-12", "labs": [)";

std::string with_labs(const std::string& labs, const std::string& rest = "")
{
   return std::string(base) + labs + "]" + (rest.empty() ? "" : ", " + rest) + "}";
}

}  // namespace

TEST_SUITE("engine")
{
   TEST_CASE("Kleene logic for and, or, not")
   {
      // met: male; not_met: female; unknown: ECOG (not recorded).
      const Patient p = patient(with_labs(""));
      auto r = [&](const std::string& c) { return to_string(eval(c, p).result); };
      CHECK(r("male") == std::string("met"));
      CHECK(r("female") == std::string("not_met"));
      CHECK(r("ECOG 0-1") == std::string("unknown"));
      CHECK(r("male and age < 18 years") == std::string("not_met"));
      CHECK(r("male and ECOG 0-1") == std::string("unknown"));
      CHECK(r("female and ECOG 0-1") == std::string("not_met"));
      CHECK(r("male or ECOG 0-1") == std::string("met"));
      CHECK(r("female or ECOG 0-1") == std::string("unknown"));
      CHECK(r("female or male") == std::string("met"));
      CHECK(r("not male") == std::string("not_met"));
      CHECK(r("not ECOG 0-1") == std::string("unknown"));
      CHECK(eval("female or ECOG 0-1", p).missing == std::vector<std::string>{"ECOG performance status"});
   }

   TEST_CASE("boundaries hold at equality, across units")
   {
      const Patient p75 = patient(with_labs(R"({"analyte": "platelets", "value": 75000, "unit": "/µL", "date": "2026-10-30"})"));
      CHECK(eval("PLT ≥ 75×10^9/L", p75).result == Tri::met);
      CHECK(eval("PLT > 75×10^9/L", p75).result == Tri::not_met);
      CHECK(eval("PLT ≥ 75 ×10^3/µL", p75).result == Tri::met);
      CHECK(eval("PLT ≥ 75,000/mm³", p75).result == Tri::met);
      const Patient bili = patient(with_labs(R"({"analyte": "total bilirubin", "value": 51.3, "unit": "µmol/L", "date": "2026-10-30"})"));
      CHECK(eval("Total bilirubin ≤ 3.0 mg/dL", bili).result == Tri::met);
      CHECK(eval("Total bilirubin ≥ 3.0 mg/dL", bili).result == Tri::met);  // equal within the molar-mass tolerance
      CHECK(eval("Total bilirubin < 3.0 mg/dL", bili).result == Tri::not_met);
      const Patient bili2 = patient(with_labs(R"({"analyte": "total bilirubin", "value": 3.0, "unit": "mg/dL", "date": "2026-10-30"})"));
      CHECK(eval("Total bilirubin ≤ 51.3 µmol/L", bili2).result == Tri::met);
      const Patient bili3 = patient(with_labs(R"({"analyte": "total bilirubin", "value": 52.0, "unit": "µmol/L", "date": "2026-10-30"})"));
      CHECK(eval("Total bilirubin ≤ 3.0 mg/dL", bili3).result == Tri::not_met);
      const Outcome o = eval("Total bilirubin ≤ 3.0 mg/dL", bili);
      CHECK(o.why == "Total bilirubin 51.3 µmol/L (2026-10-30) = 2.999 mg/dL (via molar mass 584.66 g/mol) ≤ 3 mg/dL: met");
   }

   TEST_CASE("a fasting glucose is its own analyte: a random glucose never answers it")
   {
      // NCT01127763 (seed-47 sample, review helper-144): "uncontrolled diabetes as defined by fasting serum glucose > 1.5 × ULN"
      // read any glucose, so a random glucose of 10 mmol/L excluded a patient whose fasting glucose was 5.0.
      const Patient random = patient(R"({"id": "G", "labs": [{"analyte": "glucose", "value": 10, "unit": "mmol/L", "date": "2026-10-30"}]})");
      const Patient fasting = patient(
          R"({"id": "F", "labs": [{"analyte": "fasting glucose", "value": 5.0, "unit": "mmol/L", "date": "2026-10-28"}, {"analyte": "glucose", "value": 10, "unit": "mmol/L", "date": "2026-10-30"}]})");
      const std::string line = "uncontrolled diabetes as defined by fasting serum glucose >1.5 x ULN";
      CHECK(eval(line, random).result == Tri::unknown);
      CHECK(eval(line, fasting).result == Tri::not_met);
      CHECK(eval("glucose ≤ 200 mg/dL", random).result == Tri::met);  // a glucose of any timing
      // "Glucose (fasting)" (review helper-146: 'fasting' was unread, and any glucose answered it).
      CHECK(eval("Glucose (fasting) > 160 mg/dL", random).result == Tri::unknown);
      CHECK(eval("Glucose, fasting > 160 mg/dL", fasting).result == Tri::not_met);
   }

   TEST_CASE("ULN comes from the patient's reference range; the catalogue default is flagged")
   {
      const Patient own =
          patient(with_labs(R"({"analyte": "AST", "value": 120, "unit": "U/L", "date": "2026-10-30", "reference_range": {"low": 0, "high": 30}})"));
      Outcome o = eval("AST ≤ 3 × ULN", own);
      CHECK(o.result == Tri::not_met);
      CHECK(o.why.find("ULN 30 U/L from the patient's reference range") != std::string::npos);
      const Patient assumed = patient(with_labs(R"({"analyte": "AST", "value": 120, "unit": "U/L", "date": "2026-10-30"})"));
      o = eval("AST ≤ 3 × ULN", assumed);
      CHECK(o.result == Tri::met);
      CHECK(o.why.find("assumed ULN 48 U/L (catalogue default; no reference range given)") != std::string::npos);
      const Patient alb =
          patient(with_labs(R"({"analyte": "albumin", "value": 3.2, "unit": "g/dL", "date": "2026-10-30", "reference_range": {"low": 3.5, "high": 5.2}})"));
      CHECK(eval("albumin ≥ LLN", alb).result == Tri::not_met);
      CHECK(eval("albumin within normal limits", alb).result == Tri::not_met);
      // Both limits included, also across units: 3.5 g/dL against an LLN of 35 g/L.
      const Patient edge = patient(with_labs(
          R"({"analyte": "albumin", "value": 3.5, "unit": "g/dL", "date": "2026-10-30", "reference_range": {"low": 35, "high": 52, "unit": "g/L"}})"));
      CHECK(eval("albumin ≥ LLN", edge).result == Tri::met);
      CHECK(eval("albumin within normal limits", edge).result == Tri::met);
      const Patient top =
          patient(with_labs(R"({"analyte": "ALP", "value": 126.5, "unit": "U/L", "date": "2026-10-30", "reference_range": {"low": 45, "high": 126.5}})"));
      CHECK(eval("ALP within normal limits", top).result == Tri::met);
   }

   TEST_CASE("a record counts for its ancestors whatever list it is in")
   {
      const Patient p = patient(R"({"id": "1", "medications": [], "procedures": [{"concept": "tace", "date": "2026-01-10", "status": "completed"}]})");
      CHECK(eval("prior anticancer therapy", p).result == Tri::met);
      CHECK(eval("prior systemic therapy", p).result == Tri::not_met);
   }

   TEST_CASE("stale and missing labs are unknown, with what would settle them")
   {
      const Patient p = patient(with_labs(R"({"analyte": "INR", "value": 1.1, "date": "2026-08-01"})"));
      Outcome o = eval("INR ≤ 2.3", p, 28);
      CHECK(o.result == Tri::unknown);
      CHECK(o.why == "INR: stale, the latest result (2026-08-01) is older than the trial's 28-day lab window");
      CHECK(o.missing == std::vector<std::string>{"INR (result within 28 days)"});
      CHECK(eval("INR ≤ 2.3", p).result == Tri::met);  // no window: used, and dated in the explanation
      o = eval("PLT ≥ 75×10^9/L", p);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"Platelets"});
      // A result dated after the screening date is not used.
      const Patient future = patient(with_labs(R"({"analyte": "INR", "value": 1.1, "date": "2026-12-01"})"));
      CHECK(eval("INR ≤ 2.3", future).result == Tri::unknown);
   }

   TEST_CASE("the most recent value on or before the screening date is used")
   {
      const Patient p = patient(with_labs(R"({"analyte": "PLT", "value": 60, "unit": "10^9/L", "date": "2026-10-01"},
                                             {"analyte": "PLT", "value": 90, "unit": "10^9/L", "date": "2026-10-25"})"));
      CHECK(eval("PLT ≥ 75×10^9/L", p).result == Tri::met);
      CHECK(eval("PLT ≥ 75×10^9/L", p, std::nullopt, "2026-10-10").result == Tri::not_met);
   }

   TEST_CASE("a value known only as a bound decides only what it can")
   {
      const Patient p = patient(with_labs(R"({"analyte": "total bilirubin", "value": 5, "unit": "µmol/L", "comparator": "<", "date": "2026-10-30"})"));
      CHECK(eval("bilirubin ≤ 3 mg/dL", p).result == Tri::met);
      CHECK(eval("bilirubin ≥ 3 µmol/L", p).result == Tri::unknown);
      CHECK(eval("bilirubin > 10 µmol/L", p).result == Tri::not_met);
      // A strict bound excludes itself: "<5" is below a threshold of 5, whatever the criterion's comparison.
      CHECK(eval("bilirubin < 5 µmol/L", p).result == Tri::met);
      CHECK(eval("bilirubin ≥ 5 µmol/L", p).result == Tri::not_met);
      CHECK(eval("bilirubin ≤ 5 µmol/L", p).result == Tri::met);
      CHECK(eval("bilirubin > 5 µmol/L", p).result == Tri::not_met);
      // A threshold just inside the bound, equal to it only within the conversion tolerance, is not decided: 0.2922 mg/dL
      // is 4.998 µmol/L, and "<5" allows values on both sides of it.
      CHECK(eval("bilirubin ≥ 0.2922 mg/dL", p).result == Tri::unknown);
      CHECK(eval("bilirubin < 0.2922 mg/dL", p).result == Tri::unknown);
      CHECK(eval("bilirubin < 0.2924 mg/dL", p).result == Tri::met);
      // "≤5" may be 5.
      const Patient q = patient(with_labs(R"({"analyte": "total bilirubin", "value": 5, "unit": "µmol/L", "comparator": "<=", "date": "2026-10-30"})"));
      CHECK(eval("bilirubin < 5 µmol/L", q).result == Tri::unknown);
      CHECK(eval("bilirubin ≤ 5 µmol/L", q).result == Tri::met);
   }

   TEST_CASE("Child-Pugh is derived when not given, as an interval when inputs are missing")
   {
      using namespace eligo::q;
      CHECK(child_pugh_bilirubin_points(33.0 * micromole_per_litre) == 1);
      CHECK(child_pugh_bilirubin_points(34.3 * micromole_per_litre) == 2);
      CHECK(child_pugh_bilirubin_points(51.3 * micromole_per_litre) == 2);
      CHECK(child_pugh_bilirubin_points(51.4 * micromole_per_litre) == 3);
      CHECK(child_pugh_albumin_points(35.1 * gram_per_litre) == 1);
      CHECK(child_pugh_albumin_points(28.0 * gram_per_litre) == 2);
      CHECK(child_pugh_albumin_points(27.9 * gram_per_litre) == 3);
      // Edges are exact also when the value comes through a unit's factor (28 g/L, 2.8 g/dL),
      // and 51.3 / 34.2 µmol/L are the µmol/L edges of 3 / 2 mg/dL.
      CHECK(child_pugh_albumin_points(typed<MassConcentration>(28.0, parse_unit("g/L"))) == 2);
      CHECK(child_pugh_albumin_points(typed<MassConcentration>(2.8, parse_unit("g/dL"))) == 2);
      CHECK(child_pugh_albumin_points(typed<MassConcentration>(35.0, parse_unit("g/L"))) == 2);
      CHECK(child_pugh_bilirubin_points(typed<SubstanceConcentration>(34.2, parse_unit("umol/L"))) == 2);
      CHECK(child_pugh_bilirubin_points(typed<SubstanceConcentration>(34.1, parse_unit("umol/L"))) == 1);
      CHECK(child_pugh_bilirubin_points(typed<SubstanceConcentration>(51.3, parse_unit("umol/L"))) == 2);
      CHECK(child_pugh_inr_points(typed<Ratio>(2.3, parse_unit("1"))) == 2);
      CHECK(child_pugh_inr_points(typed<Ratio>(1.7, parse_unit("1"))) == 2);
      const std::string labs = R"({"analyte": "bilirubin", "value": 1.0, "unit": "mg/dL", "date": "2026-10-30"},
                                  {"analyte": "albumin", "value": 30, "unit": "g/L", "date": "2026-10-30"})";
      const Patient partial = patient(with_labs(labs, R"("scores": {"ascites": "none", "hepatic_encephalopathy": 0})"));
      Outcome o = eval("Child-Pugh A", partial);
      CHECK(o.result == Tri::unknown);  // 1 + 2 + INR [1,3] + 1 + 1 = 6..8
      CHECK(o.missing == std::vector<std::string>{"INR"});
      CHECK(eval("Child-Pugh score ≤ 9", partial).result == Tri::met);
      const Patient full = patient(
          with_labs(labs + R"(, {"analyte": "INR", "value": 1.8, "date": "2026-10-30"})", R"("scores": {"ascites": "mild", "hepatic_encephalopathy": 0})"));
      o = eval("Child-Pugh A", full);
      CHECK(o.result == Tri::not_met);  // 1 + 2 + 2 + 2 + 1 = 8 (B8)
      CHECK(o.why.find("B8 (derived: bilirubin 17.1 µmol/L → 1 + albumin 30 g/L → 2 + INR 1.8 → 2 + ascites → 2 + encephalopathy grade 0 → 1)") !=
            std::string::npos);
      // Given and derived disagree: the given value is used, the disagreement is reported.
      const Patient given = patient(with_labs(labs + R"(, {"analyte": "INR", "value": 1.8, "date": "2026-10-30"})",
                                              R"("scores": {"child_pugh": "A", "ascites": "mild", "hepatic_encephalopathy": 0})"));
      o = eval("Child-Pugh A", given);
      CHECK(o.result == Tri::met);
      CHECK(o.why.find("derived value disagrees: B8") != std::string::npos);
   }

   TEST_CASE("ALBI score and grade")
   {
      using namespace eligo::q;
      // Johnson 2015: 0.66 × log10(17.1) − 0.085 × 40 = −2.586 → grade 2 (just above −2.60).
      CHECK(albi_score(17.1 * micromole_per_litre, 40.0 * gram_per_litre) == doctest::Approx(-2.5860).epsilon(1e-3));
      CHECK(albi_grade(-2.61) == 1);
      CHECK(albi_grade(-2.60) == 1);
      CHECK(albi_grade(-1.39) == 2);
      CHECK(albi_grade(-1.38) == 3);
      const Patient p = patient(with_labs(R"({"analyte": "bilirubin", "value": 10, "unit": "µmol/L", "date": "2026-10-30"},
                                             {"analyte": "albumin", "value": 45, "unit": "g/L", "date": "2026-10-30"})"));
      CHECK(eval("ALBI grade 1", p).result == Tri::met);
   }

   TEST_CASE("age from the birth date; a partial birth date bounds it")
   {
      const Patient p = patient(R"({"id": "A", "birth_date": "1951-11-03"})");
      CHECK(eval("age 18-75 years", p).result == Tri::met);                                  // 74 on 2026-11-02
      CHECK(eval("age 18-75 years", p, std::nullopt, "2027-11-03").result == Tri::not_met);  // 76
      const Patient year_only = patient(R"({"id": "B", "birth_date": "1951"})");
      Outcome o = eval("age ≤ 74 years", year_only);  // 74 or 75 on 2026-11-02
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"exact birth date"});
      CHECK(eval("age ≥ 18 years", year_only).result == Tri::met);
      CHECK(eval("age ≥ 18 years", patient(R"({"id": "C"})")).result == Tri::unknown);
   }

   TEST_CASE("older than N years is from the day after the Nth birthday; other comparisons count completed years")
   {
      // Wide corpus NCT06591572 (seed-24 sample, helper-127): "Over 18 years old" once waited for the 19th birthday.
      const Patient p = patient(R"({"id": "A", "birth_date": "2008-05-01"})");  // 18 years and 6 months on 2026-11-02
      Outcome o = eval("Over 18 years old", p);
      CHECK(o.result == Tri::met);
      CHECK(o.why.find("(older than 18 years: from the day after the birthday): met") != std::string::npos);
      CHECK(eval("Over 18 years old", p, std::nullopt, "2026-05-01").result == Tri::not_met);  // the 18th birthday itself
      CHECK(eval("Over 18 years old", p, std::nullopt, "2026-05-02").result == Tri::met);
      CHECK(eval("Over 18 years old", p, std::nullopt, "2026-04-30").result == Tri::not_met);
      CHECK(eval("age > 18 and < 75 years", p, std::nullopt, "2026-05-02").result == Tri::met);
      CHECK(eval("age < 18 years", p, std::nullopt, "2026-05-01").result == Tri::not_met);  // 18 on the birthday
      CHECK(eval("age < 18 years", p, std::nullopt, "2026-04-30").result == Tri::met);
      CHECK(eval("age ≤ 18 years", p, std::nullopt, "2027-04-30").result == Tri::met);  // still 18
      CHECK(eval("age ≥ 19 years", p, std::nullopt, "2027-04-30").result == Tri::not_met);
      // Where "> N" is the oldest a trial admits ("Age > 70" among exclusions, "no older than 75"), it counts completed years, as
      // "≤ 70" does: a 70-year-old is admitted until the 71st birthday (review helper-128: exact age excluded her at 70½).
      const Patient seventy = patient(R"({"id": "S", "birth_date": "1956-05-01"})");  // 70 and a half on 2026-11-02
      auto in = [&](const char* text, Section section) {
         std::vector<Warning> w;
         return evaluate(compile_criterion(text, lexicon(), w, section), EvalContext{seventy, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}})
             .result;
      };
      CHECK(in("Age > 70", Section::exclusion) == Tri::not_met);  // not excluded
      CHECK(in("no older than 75 years", Section::inclusion) == Tri::met);
      CHECK(in("Age ≤ 70 years", Section::inclusion) == Tri::met);
      CHECK(in("Over 70 years old", Section::inclusion) == Tri::met);  // where it admits: exact age
      CHECK(in("70 < age ≤ 80", Section::exclusion) == Tri::not_met);  // a strict lower end among exclusions: completed years
      // A heading's negation over an item (review helper-129): "must not have any of the following:" over "Age > 75".
      const CompileResult none =
          compile_trial_text("trial: T\ninclusion:\n- Patients must not have any of the following:\n  - Age > 70 years\n", "t.trial", lexicon());
      REQUIRE(none.errors.empty());
      CHECK(screen(*none.trial, seventy, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::eligible);
      CHECK_FALSE(none.trial->criteria.at(0).children.at(0).predicate.older_than);  // the item's own row reads as the heading does
      // A band's upper end under a negation (review helper-130): an 80-year-old a day before the 81st birthday is in the band.
      const Patient eighty = patient(R"({"id": "E", "birth_date": "1945-11-03"})");
      std::vector<Warning> w;
      CHECK(evaluate(compile_criterion("Older than 70 years and no older than 80 years", lexicon(), w, Section::exclusion),
                     EvalContext{eighty, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}})
                .result == Tri::met);
      // A birth year only: older than 18 for every day of 2008 only from 2027-01-01.
      const Patient year_only = patient(R"({"id": "B", "birth_date": "2008"})");
      CHECK(eval("Over 18 years old", year_only, std::nullopt, "2026-11-02").result == Tri::unknown);
      CHECK(eval("Over 18 years old", year_only, std::nullopt, "2027-01-01").result == Tri::met);
      // The registry's minimum age says what "over 18" means (wide corpus NCT02867865, seed-31 sample, helper-132): "More
      // than 18 years of age" beside a minimum age of 19 Years is 19 completed years; beside 18 Years, exact age.
      auto trial_with = [&](const char* minimum) {
         return compile_trial_text(std::string("trial: T\nminimum age: ") + minimum + "\ninclusion:\n- More than 18 years of age\n", "t.trial", lexicon());
      };
      const CompileResult nineteen = trial_with("19 Years"), eighteen = trial_with("18 Years");
      REQUIRE(nineteen.errors.empty());
      REQUIRE(eighteen.errors.empty());
      CHECK(screen(*nineteen.trial, p, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::ineligible);  // 18 and a half
      CHECK(screen(*eighteen.trial, p, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::eligible);
      // Beside a minimum age of 18 Years, "age above 18 years" admits the 18th birthday, as the registry does (wide corpus
      // NCT02965001, seed-47 sample, review helper-145: exact age failed an 18-year-old on the birthday).
      const Patient birthday = patient(R"({"id": "D", "birth_date": "2008-11-02"})");
      const CompileResult above = compile_trial_text("trial: T\nminimum age: 18 Years\ninclusion:\n- age above 18 years.\n", "t.trial", lexicon());
      REQUIRE(above.errors.empty());
      CHECK(to_string(above.trial->criteria.at(0).predicate) == "(age ≥ 18 a)");
      CHECK(screen(*above.trial, birthday, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::eligible);
      // A range written with its own signs keeps its open end (review helper-147).
      const CompileResult range = compile_trial_text("trial: T\nminimum age: 18 Years\ninclusion:\n- 18 < age ≤ 70 years old\n", "t.trial", lexicon());
      REQUIRE(range.errors.empty());
      CHECK(screen(*range.trial, birthday, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::ineligible);
      // Beside a maximum age of 45 Years, "< 45 years" admits a 45-year-old, as the registry does (wide corpus NCT00352872,
      // seed-59 sample, review helper-151: "Age > 18 years and <45 years" failed a 45-year-old whom the registry's field admits).
      const Patient forty_five = patient(R"({"id": "G", "birth_date": "1981-06-01"})");
      const CompileResult below =
          compile_trial_text("trial: T\nminimum age: 18 Years\nmaximum age: 45 Years\ninclusion:\n- Age > 18 years and <45 years\n", "t.trial", lexicon());
      REQUIRE(below.errors.empty());
      CHECK(to_string(below.trial->criteria.at(0).predicate) == "(and (age ≥ 18 a) (age ≤ 45 a))");
      CHECK(screen(*below.trial, forty_five, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::eligible);
      const CompileResult below_no_field = compile_trial_text("trial: T\ninclusion:\n- Age > 18 years and <45 years\n", "t.trial", lexicon());
      REQUIRE(below_no_field.errors.empty());
      CHECK(screen(*below_no_field.trial, forty_five, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::ineligible);
      // Among exclusions the bound is what excludes, and stays as written.
      const CompileResult young = compile_trial_text("trial: T\nmaximum age: 45 Years\nexclusion:\n- age < 45 years\n", "t.trial", lexicon());
      REQUIRE(young.errors.empty());
      CHECK(to_string(young.trial->criteria.at(0).predicate) == "(age < 45 a)");
      const CompileResult no_field = compile_trial_text("trial: T\ninclusion:\n- age above 18 years.\n", "t.trial", lexicon());
      REQUIRE(no_field.errors.empty());
      CHECK(screen(*no_field.trial, birthday, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::ineligible);
      // An item's row reads its age bound as the criterion does wherever the heading's negation sits in it (review helper-133):
      // "ECOG 0-1 and none of the following:" over "older than 75 years", a day after the 75th birthday.
      const CompileResult inner =
          compile_trial_text("trial: T\ninclusion:\n- ECOG 0-1 and none of the following:\n  - older than 75 years\n  - pregnancy\n", "t.trial", lexicon());
      REQUIRE(inner.errors.empty());
      const Criterion& heading = inner.trial->criteria.at(0);
      CHECK_FALSE(heading.children.at(0).predicate.older_than);
      const Patient seventy_five = patient(R"({"id": "F", "birth_date": "1951-11-01", "sex": "male", "scores": {"ecog": 0}})");
      const TrialResult r = screen(*inner.trial, seventy_five, *parse_date("2026-11-02"), *catalogue());
      CHECK(r.verdict == Verdict::eligible);
      REQUIRE_FALSE(r.criteria.at(0).children.empty());
      CHECK(r.criteria.at(0).children.at(0).outcome.result == Tri::not_met);  // the row agrees with the heading's "met"
   }

   TEST_CASE("an age bound written in months or days counts completed months or days")
   {
      // Review helper-133: in completed years a 7-month-old was 0 and failed "age ≥ 6 months".
      const Patient baby = patient(R"({"id": "K", "birth_date": "2025-06-15"})");
      CHECK(eval("age ≥ 6 months", baby, std::nullopt, "2026-01-15").result == Tri::met);      // 7 months
      CHECK(eval("age ≥ 6 months", baby, std::nullopt, "2025-12-14").result == Tri::not_met);  // a day short of 6 months
      CHECK(eval("age ≥ 6 months", baby, std::nullopt, "2025-12-15").result == Tri::met);
      CHECK(eval("age < 18 months", baby, std::nullopt, "2027-02-15").result == Tri::not_met);  // 20 months
      CHECK(eval("age ≥ 18 months", baby, std::nullopt, "2027-02-15").result == Tri::met);
      const Outcome o = eval("age ≥ 6 months", baby, std::nullopt, "2026-01-15");
      CHECK_MESSAGE(o.why.find("age 7 months") != std::string::npos, o.why);
      CHECK_MESSAGE(o.why.find("≥ 6 months") != std::string::npos, o.why);
      CHECK(eval("age ≥ 28 days", baby, std::nullopt, "2025-07-13").result == Tri::met);  // 28 days old
      CHECK(eval("age ≥ 28 days", baby, std::nullopt, "2025-07-12").result == Tri::not_met);
      CHECK(eval("age ≥ 1 year", baby, std::nullopt, "2026-06-14").result == Tri::not_met);  // years still count whole years
      CHECK(eval("age ≥ 1.5 years", baby, std::nullopt, "2027-01-15").result == Tri::met);   // 19 months: 1.5 years is 18 months
      // Each end of a range counts on its own (review helper-134): "12 months to 17 years" admits a 17-year-old until the 18th birthday.
      const Patient seventeen = patient(R"({"id": "Y", "birth_date": "2008-11-03"})");  // 17 years 11 months on 2026-11-02
      const Outcome range = eval("age 12 months to 17 years", seventeen);
      CHECK(range.result == Tri::met);
      CHECK_MESSAGE(range.why.find("age 17 years 11 months (born 2008-11-03, on 2026-11-02) in 12 months–17 years: met") != std::string::npos, range.why);
      CHECK_MESSAGE(eval("age 6 months to 17 years", seventeen).why.find("age 17 years 11 months") != std::string::npos, range.why);
      CHECK(eval("age 12 months to 17 years", seventeen, std::nullopt, "2026-11-03").result == Tri::not_met);  // 18
      CHECK(eval("age 28 days to 17 years", seventeen).result == Tri::met);
      CHECK(eval("age 6 months to 17 years", baby, std::nullopt, "2025-12-14").result == Tri::not_met);
      // A bound written in months counts months even when it is a whole number of years (review helper-135): "≤ 12 months" ends
      // at 13 months, not at the 2nd birthday.
      CHECK(eval("age ≤ 12 months", baby, std::nullopt, "2026-07-15").result == Tri::not_met);     // 13 months
      CHECK(eval("age ≤ 12 months", baby, std::nullopt, "2026-07-14").result == Tri::met);         // 12 months
      CHECK(eval("age 6 to 12 months", baby, std::nullopt, "2026-12-15").result == Tri::not_met);  // 18 months
      CHECK(eval("age > 12 months", baby, std::nullopt, "2026-07-15").result == Tri::met);
      CHECK(eval("age ≤ 1 year", baby, std::nullopt, "2027-06-14").result == Tri::met);  // in years: until the 2nd birthday
      // Weeks count completed weeks (review helper-136): 6 weeks and 3 days is "6 weeks old".
      CHECK(eval("age ≤ 6 weeks", baby, std::nullopt, "2025-07-30").result == Tri::met);      // 45 days
      CHECK(eval("age ≤ 6 weeks", baby, std::nullopt, "2025-08-03").result == Tri::not_met);  // 49 days: 7 weeks
   }

   TEST_CASE("history: closed world when a list is given, unknown when it is not")
   {
      const Patient none = patient(R"({"id": "H", "sex": "female"})");
      Outcome o = eval("no prior sorafenib", none);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"medications history (for sorafenib)"});
      const Patient empty = patient(R"({"id": "H", "sex": "female", "medications": [], "allergies": []})");
      CHECK(eval("no prior sorafenib", empty).result == Tri::met);
      CHECK(eval("no sorafenib allergies", empty).result == Tri::met);
      const Patient p = patient(R"({"id": "H", "sex": "female", "medications": [{"concept": "sorafenib", "start": "2025-01-01", "end": "2025-06-01"}],
                                    "allergies": [{"concept": "sorafenib"}], "conditions": [{"concept": "hepatocellular carcinoma"}, {"concept": "breast cancer", "status": "resolved"}],
                                    "procedures": [{"concept": "TACE", "date": "2026-10-20"}]})");
      CHECK(eval("no prior sorafenib", p).result == Tri::not_met);
      CHECK(eval("prior targeted therapy", p).result == Tri::met);  // sorafenib is_a targeted therapy
      CHECK(eval("allergy to sorafenib", p).result == Tri::met);
      CHECK(eval("other malignancy", p).result == Tri::met);                     // breast cancer; HCC is the trial's own condition
      CHECK(eval("prior sorafenib within 3 months", p).result == Tri::not_met);  // ended 2025-06-01
      CHECK(eval("prior TACE within 28 days", p).result == Tri::met);
      CHECK(eval("≥ 4 weeks since prior TACE", p).result == Tri::not_met);  // 13 days ago
      CHECK(eval("≥ 4 weeks since prior TACE", p, std::nullopt, "2026-12-01").result == Tri::met);
      CHECK(eval("≥ 4 weeks since prior TACE", empty).result == Tri::unknown);  // no procedures list
   }

   TEST_CASE("time windows: an ongoing medication applies up to screening; a procedure on its date")
   {
      const Patient p = patient(R"({"id": "W", "medications": [{"concept": "sorafenib", "start": "2025-01-01"}],
                                    "procedures": [{"concept": "TACE", "date": "2020-03-01"}]})");
      CHECK(eval("prior sorafenib within 3 months", p).result == Tri::met);      // still taking it
      CHECK(eval("≥ 4 weeks since prior sorafenib", p).result == Tri::not_met);  // so not 4 weeks since
      CHECK(eval("prior TACE within 3 months", p).result == Tri::not_met);       // 2020 is not within 3 months
      CHECK(eval("≥ 4 weeks since prior TACE", p).result == Tri::met);
      CHECK(eval("prior TACE", p).result == Tri::met);
      // A stopped medication with no end date: its start decides only when it is recent.
      const Patient stopped = patient(R"({"id": "S", "medications": [{"concept": "sorafenib", "start": "2026-10-25", "status": "stopped"},
                                                                      {"concept": "regorafenib", "start": "2024-01-01", "status": "stopped"}]})");
      CHECK(eval("≥ 4 weeks since prior sorafenib", stopped).result == Tri::not_met);
      CHECK(eval("≥ 4 weeks since prior regorafenib", stopped).result == Tri::unknown);
      CHECK(eval("≥ 4 weeks since prior targeted therapy", stopped).result == Tri::not_met);
      const Patient undated = patient(R"({"id": "U", "procedures": [{"concept": "TACE"}]})");
      CHECK(eval("prior TACE", undated).result == Tri::met);
      CHECK(eval("prior TACE within 3 months", undated).result == Tri::unknown);
   }

   TEST_CASE("the lab window makes labs stale, not tumour facts or vitals")
   {
      const Patient p = patient(R"({"id": "S", "tumour": {"number": 3, "size": {"value": 9, "unit": "cm"}, "date": "2026-06-01"},
                                    "labs": [{"analyte": "INR", "value": 1.0, "date": "2026-06-01"}]})");
      CHECK(eval("tumor size ≥ 8 cm", p, 14).result == Tri::met);
      CHECK(eval("INR ≤ 1.5", p, 14).result == Tri::unknown);
   }

   TEST_CASE("strict bounds stay strict")
   {
      const Patient p = patient(R"({"id": "B", "birth_date": "2008-11-02"})");  // 18 on 2026-11-02
      CHECK(eval("18 < age < 75", p).result == Tri::not_met);
      CHECK(eval("18 ≤ age ≤ 75", p).result == Tri::met);
      CHECK(eval("75 > age ≥ 18", p).result == Tri::met);
   }

   TEST_CASE("an allergy is not read from findings")
   {
      const Patient p = patient(R"({"id": "A", "findings": {"sorafenib": true}, "allergies": []})");
      CHECK(eval("allergy to sorafenib", p).result == Tri::not_met);
   }

   TEST_CASE("findings are explicit; sex-specific concepts do not apply to the other sex")
   {
      const Patient m = patient(R"({"id": "M", "sex": "male"})");
      CHECK(eval("pregnant or lactating", m).result == Tri::not_met);
      const Patient f = patient(R"({"id": "F", "sex": "female"})");
      Outcome o = eval("pregnant or lactating", f);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing.size() == 2);
      const Patient f2 = patient(R"({"id": "F", "sex": "female", "findings": {"pregnant": false, "lactating": false, "PVTT": true}})");
      CHECK(eval("pregnant or lactating", f2).result == Tri::not_met);
      CHECK(eval("macrovascular invasion", f2).result == Tri::met);  // PVTT is_a macrovascular invasion
   }

   TEST_CASE("verdicts: eligible, ineligible, indeterminate with what is missing")
   {
      const std::string trial = "trial: T\ntitle: t\ninclusion:\n- PLT ≥ 75×10^9/L\n- ECOG 0-1\nexclusion:\n- pregnant\n";
      const CompileResult c = compile_trial_text(trial, "t.trial", lexicon());
      REQUIRE(c.trial.has_value());
      auto verdict = [&](const std::string& json) { return screen(*c.trial, patient(json), *parse_date("2026-11-02"), *catalogue()); };
      const std::string plt = R"("labs": [{"analyte": "PLT", "value": 100, "unit": "10^9/L", "date": "2026-10-30"}])";
      CHECK(verdict(R"({"id": "1", "sex": "male", )" + plt + R"(, "scores": {"ecog": 1}})").verdict == Verdict::eligible);
      CHECK(verdict(R"({"id": "2", "sex": "male", )" + plt + R"(, "scores": {"ecog": 2}})").verdict == Verdict::ineligible);
      const TrialResult r = verdict(R"({"id": "3", "sex": "female", )" + plt + R"(, "scores": {"ecog": 0}})");
      CHECK(r.verdict == Verdict::indeterminate);
      CHECK(r.missing == std::vector<std::string>{"pregnant"});
      // An exclusion that is met decides, whatever is unknown.
      CHECK(verdict(R"({"id": "4", "sex": "female", "findings": {"pregnant": true}})").verdict == Verdict::ineligible);
   }

   TEST_CASE("'labs within 14 days' sets the trial's lab window and checks every lab the trial uses")
   {
      const CompileResult c = compile_trial_text("trial: T\ninclusion:\n- labs within 14 days\n- PLT ≥ 75×10^9/L\n- INR ≤ 1.5\n", "t.trial", lexicon());
      REQUIRE(c.trial.has_value());
      CHECK(c.trial->lab_window_days == 14);
      CHECK(c.trial->labs.size() == 2);
      const Patient p = read_patient(R"({"id": "W", "labs": [{"analyte": "PLT", "value": 100, "unit": "10^9/L", "date": "2026-10-30"},
                                                            {"analyte": "INR", "value": 1.1, "date": "2026-09-01"}]})",
                                     "w.json", *catalogue());
      const TrialResult r = screen(*c.trial, p, *parse_date("2026-11-02"), *catalogue());
      CHECK(r.verdict == Verdict::indeterminate);
      CHECK(r.criteria[0].outcome.why == "labs within 14 days of 2026-11-02: 1 of 2 in the window; not: INR (result within 14 days; latest 2026-09-01)");
      CHECK(r.criteria[2].outcome.result == Tri::unknown);  // the INR itself is stale
      const CompileResult clash = compile_trial_text("trial: T\nlab window: 28 days\ninclusion:\n- labs within 14 days\n", "t.trial", lexicon());
      REQUIRE(clash.errors.size() == 1);
      CHECK(clash.errors[0].message == "this lab window (14 days) contradicts the trial's other one (28 days)");
   }

   TEST_CASE("manual-review criteria are kept, visible, and keep a trial from being eligible: a question for a clinician")
   {
      const CompileResult c = compile_trial_text(
          "trial: T\ninclusion:\n- male\n- Life expectancy of at least 12 weeks\n  manual: life expectancy is a clinical judgement\n", "t.trial", lexicon());
      REQUIRE(c.trial.has_value());
      CHECK(c.manual == 1);
      CHECK(c.trial->criteria.at(1).manual);
      const TrialResult r = screen(*c.trial, patient(R"({"id": "1", "sex": "male"})"), *parse_date("2026-11-02"), *catalogue());
      CHECK(r.verdict == Verdict::pending_questions);
      CHECK(r.missing.empty());
      CHECK(r.questions == std::vector<std::size_t>{1});
      CHECK(r.criteria.at(1).outcome.missing == std::vector<std::string>{"manual review: Life expectancy of at least 12 weeks"});
   }

   TEST_CASE("nested bullets under a manual-review bullet are still compiled and shown")
   {
      const CompileResult bad =
          compile_trial_text("trial: T\ninclusion:\n- Adequate organ function:\n  manual: see below\n  - PLT ≥ 75 mg/dL\n", "t.trial", lexicon());
      REQUIRE(bad.errors.size() == 1);
      CHECK(bad.errors[0].line == 5);
      const CompileResult ok =
          compile_trial_text("trial: T\ninclusion:\n- Adequate organ function:\n  manual: see below\n  - PLT ≥ 75×10^9/L\n", "t.trial", lexicon());
      REQUIRE(ok.trial.has_value());
      CHECK(ok.trial->criteria.at(0).manual);
      CHECK(ok.trial->criteria.at(0).children.size() == 1);
   }

   TEST_CASE("compile errors are collected with file:line:col, never dropped")
   {
      const CompileResult c =
          compile_trial_text("trial: T\ninclusion:\n- PLT ≥ 75 mg/dL\n- Hb ≥ 8.5 g/L\n- Life expectancy ≥ 3 months\n", "t.trial", lexicon());
      CHECK_FALSE(c.trial.has_value());
      REQUIRE(c.errors.size() == 2);
      CHECK(c.errors[0].str() ==
            "t.trial:3:12: dimension mismatch: Platelets is a number concentration (×10^9/L), but 'mg/dL' is a mass concentration\n  PLT ≥ 75 mg/dL\n          "
            " ^");
      CHECK(c.errors[1].line == 5);
      REQUIRE(c.warnings.size() == 1);
      CHECK(c.warnings[0].line == 4);
      CHECK(c.warnings[0].message.find("did you mean g/dL?") != std::string::npos);
   }
}

}  // namespace eligo::test::engine_tests

namespace eligo::test::engine_tests {

TEST_SUITE("engine")
{
   TEST_CASE("BCLC stage, 2022 update: the table, and derivation with unknown inputs")
   {
      const q::Length cm = 0.01 * q::bu::si::meter;
      CHECK(bclc_stage(1, 1.5 * cm, false, false, 0, 5) == 0);  // very early: single ≤ 2 cm
      CHECK(bclc_stage(1, 2.0 * cm, false, false, 0, 6) == 0);
      CHECK(bclc_stage(1, 2.1 * cm, false, false, 0, 5) == 1);  // early: single, any size
      CHECK(bclc_stage(1, 9.0 * cm, false, false, 0, 5) == 1);
      CHECK(bclc_stage(3, 3.0 * cm, false, false, 0, 5) == 1);  // early: up to 3 nodules ≤ 3 cm
      CHECK(bclc_stage(3, 3.1 * cm, false, false, 0, 5) == 2);  // intermediate
      CHECK(bclc_stage(4, 1.0 * cm, false, false, 0, 5) == 2);
      CHECK(bclc_stage(1, 1.0 * cm, true, false, 0, 5) == 3);    // advanced: macrovascular invasion
      CHECK(bclc_stage(1, 1.0 * cm, false, true, 0, 5) == 3);    // advanced: extrahepatic spread
      CHECK(bclc_stage(1, 1.0 * cm, false, false, 1, 5) == 3);   // advanced: ECOG 1-2
      CHECK(bclc_stage(1, 1.0 * cm, false, false, 3, 5) == 4);   // terminal: ECOG 3-4
      CHECK(bclc_stage(1, 1.0 * cm, false, false, 0, 10) == 4);  // terminal: Child-Pugh C
      BclcInputs in;
      in.macrovascular_invasion = false;
      in.extrahepatic_spread = false;
      in.ecog = Interval{0, 0};
      in.child_pugh = Interval{5, 5};
      in.child_pugh_how = "A5 (recorded)";
      Derivation d = derive_bclc(in);
      CHECK(d.value.lo == 0);
      CHECK(d.value.hi == 2);
      CHECK(d.missing == std::vector<std::string>{"Number of tumours", "Largest tumour diameter"});
      in.tumour_number = 1;
      in.largest_tumour = 5.0 * cm;
      d = derive_bclc(in);
      CHECK(d.value.lo == 1);
      CHECK(d.value.hi == 1);
      CHECK(d.how == "1 tumour, largest 5 cm, macrovascular invasion absent, extrahepatic spread absent, ECOG 0, Child-Pugh A5 (recorded) (BCLC 2022)");
   }

   TEST_CASE("BCLC is derived for a criterion when the patient file does not state it, and shows how")
   {
      const Patient p = read_patient(
          R"({"id": "B", "sex": "male", "birth_date": "1960-01-01", "scores": {"ecog": 0, "child_pugh": "A"},
              "tumour": {"number": 1, "size": {"value": 1.5, "unit": "cm"}, "date": "2026-10-01"},
              "findings": {"macrovascular_invasion": false, "extrahepatic_spread": false}})",
          "b.json", *catalogue());
      std::vector<Warning> w;
      const Predicate early = compile_criterion("BCLC stage 0 or A", lexicon(), w);
      const Outcome o = evaluate(early, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
      CHECK(to_string(o.result) == std::string("met"));
      CHECK(o.why.find("BCLC stage 0 (derived: 1 tumour, largest 1.5 cm, macrovascular invasion absent") == 0);
      const Predicate later = compile_criterion("BCLC stage B or C", lexicon(), w);
      CHECK(to_string(evaluate(later, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}}).result) == std::string("not_met"));
      // A recorded stage wins.
      const Patient given = read_patient(R"({"id": "G", "scores": {"bclc": "C"}})", "g.json", *catalogue());
      CHECK(to_string(evaluate(later, EvalContext{given, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}}).result) == std::string("met"));
   }
   TEST_CASE("a comparison the registry lost is inferred only in the inclusion section, from the direction of harm, with a warning")
   {
      auto compiled = [](const std::string& text, Section section, std::vector<Warning>& w) {
         return to_string(compile_criterion(text, lexicon(), w, section));
      };
      std::vector<Warning> w;
      CHECK(compiled("Hemoglobin 8.5 g/dl", Section::inclusion, w) == "(hemoglobin ≥ 85 g/L [8.5 g/dl])");
      REQUIRE(w.size() == 1);
      CHECK(w[0].message ==
            "comparator missing in the registry text; ≥ inferred from the inclusion section and Hemoglobin's direction of harm (low values harm)");
      w.clear();
      CHECK(compiled("Serum creatinine 1.5 x upper limit of normal.", Section::inclusion, w) == "(creatinine ≤ 1.5 ULN)");
      CHECK(w.size() == 1);
      w.clear();
      CHECK(compiled("ALT (SGOT) and AST (SGPT) 5 x upper limit of normal", Section::inclusion, w) == "(and (alt ≤ 5 ULN) (ast ≤ 5 ULN))");
      CHECK(w.size() == 2);  // one per analyte
      w.clear();
      CHECK(compiled("Age 18 years.", Section::inclusion, w) == "(age ≥ 18 a)");
      CHECK(w.size() == 1);
      // Not principled: an exclusion, no section, an analyte without a direction of harm.
      CHECK_THROWS_WITH_AS(compile_criterion("Hemoglobin 8.5 g/dl", lexicon(), w, Section::exclusion),
                           "the threshold for Hemoglobin has no comparison: write one (≥, ≤, …); Eligo infers it only in the inclusion section", BindError);
      CHECK_THROWS_AS(compile_criterion("Platelet count 60 x 109/L", lexicon(), w), BindError);
      CHECK_THROWS_WITH_AS(compile_criterion("Sodium 130 mmol/L", lexicon(), w, Section::inclusion),
                           "the threshold for Sodium has no comparison: write one (≥, ≤, …); Eligo infers it only in the inclusion section and for an analyte "
                           "with a direction of harm, which Sodium has not",
                           BindError);
      CHECK_THROWS_WITH_AS(compile_criterion("18 years of age", lexicon(), w, Section::exclusion),
                           "an age needs a comparison: write 'at least 18 years of age' or '18 years or older'", BindError);
      // In a trial file the section comes from the file; an exclusion line is an error, so import keeps it manual.
      const CompileResult c =
          compile_trial_text("trial: T\ninclusion:\n- Hemoglobin 8.5 g/dl\nexclusion:\n- Total serum bilirubin 3 mg/dl\n", "t.trial", lexicon());
      REQUIRE(c.errors.size() == 1);
      CHECK(c.errors[0].line == 5);
      const CompileResult ok = compile_trial_text("trial: T\ninclusion:\n- Hemoglobin 8.5 g/dl\n- Total serum bilirubin 3 mg/dl\n", "t.trial", lexicon());
      REQUIRE(ok.trial.has_value());
      CHECK(ok.warnings.size() == 2);
      CHECK(to_string(ok.trial->criteria.at(1).predicate) == "(total_bilirubin ≤ 51.3119 umol/L [3 mg/dl])");
   }

   TEST_CASE("one bound over 'A or B' bounds each measured one in an inclusion, any one in an exclusion")
   {
      auto compiled = [](const std::string& text, Section section) {
         std::vector<Warning> w;
         return to_string(compile_criterion(text, lexicon(), w, section));
      };
      const std::string sgot = "SGOT or SGPT less than 2.5 times ULN";  // NCT00003926, inclusion
      CHECK(compiled(sgot, Section::inclusion) == "(and (ast < 2.5 ULN) (alt < 2.5 ULN))");
      CHECK(compiled("AST or ALT > 5 × ULN", Section::exclusion) == "(or (ast > 5 ULN) (alt > 5 ULN))");
      {
         std::vector<Warning> w;
         const Predicate any = compile_criterion("AST or ALT > 5 × ULN", lexicon(), w, Section::exclusion);
         for (const auto& leaf : any.children) CHECK(leaf.text == "AST or ALT > 5 × ULN");  // each test keeps the text of the whole
      }
      CHECK(compiled("AST or ALT > 5 × ULN", Section::none) == "(or (ast > 5 ULN) (alt > 5 ULN))");
      // "PT or INR, and PTT" (NCT01012362): in an inclusion the explicit "and" splits the list; in an exclusion each test is a
      // reason to exclude, whatever joins the names (docs/language.md, "One threshold over a list").
      const std::string coag =
          "Prothrombin time or international normalized ratio, and partial thromboplastin time (PTT) < or = 1.2 x upper limit of normal (ULN)";
      CHECK(compiled(coag, Section::exclusion) == "(or (prothrombin_time ≤ 1.2 ULN) (inr ≤ 1.2 ULN) (aptt ≤ 1.2 ULN))");
      CHECK(compiled(coag, Section::inclusion) == "(and (or (prothrombin_time ≤ 1.2 ULN) (inr ≤ 1.2 ULN)) (aptt ≤ 1.2 ULN))");
      CHECK(compiled("AST and/or ALT > 5 × ULN", Section::exclusion) == "(or (ast > 5 ULN) (alt > 5 ULN))");
      CHECK(compiled("transaminases or bilirubin > 3 × ULN", Section::exclusion) == "(or (ast > 3 ULN) (alt > 3 ULN) (total_bilirubin > 3 ULN))");

      // A patient whose AST is normal and ALT ten times the ULN: once met by the inclusion through AST alone.
      const std::string labs = R"({"analyte": "AST", "value": 30, "unit": "U/L", "date": "2026-10-30", "reference_range": {"high": 40}},
                                  {"analyte": "ALT", "value": 400, "unit": "U/L", "date": "2026-10-30", "reference_range": {"high": 40}})";
      const Patient p = patient(with_labs(labs));
      auto run = [&p](const std::string& text, Section section) {
         std::vector<Warning> w;
         return evaluate(compile_criterion(text, lexicon(), w, section), EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
      };
      CHECK(run(sgot, Section::inclusion).result == Tri::not_met);
      CHECK(run("AST or ALT > 5 × ULN", Section::exclusion).result == Tri::met);
      // One not measured is unknown, never skipped.
      const Patient ast_only = patient(with_labs(R"({"analyte": "AST", "value": 30, "unit": "U/L", "date": "2026-10-30", "reference_range": {"high": 40}})"));
      std::vector<Warning> w;
      const Outcome o = evaluate(compile_criterion(sgot, lexicon(), w, Section::inclusion),
                                 EvalContext{ast_only, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
      CHECK(o.result == Tri::unknown);
      // In a trial file the section decides.
      const CompileResult c = compile_trial_text("trial: T\ninclusion:\n- " + sgot + "\nexclusion:\n- AST or ALT > 5 x ULN\n", "t.trial", lexicon());
      REQUIRE(c.trial.has_value());
      CHECK(to_string(c.trial->criteria.at(0).predicate) == "(and (ast < 2.5 ULN) (alt < 2.5 ULN))");
      CHECK(to_string(c.trial->criteria.at(1).predicate) == "(or (ast > 5 ULN) (alt > 5 ULN))");
   }

   TEST_CASE("lead-ins, either sex, assessment times, score phrasings and defined terms")
   {
      auto c = [](const std::string& text) {
         std::vector<Warning> w;
         return to_string(compile_criterion(text, lexicon(), w));
      };
      CHECK(c("Over 18") == "(age > 18 a)");
      CHECK(c("Subject is 18 years of age or more at the time of signing the Informed Consent Form") == "(age ≥ 18 a)");
      CHECK(c("Patients of all genders, age >18 years") == "(and (or (sex female) (sex male)) (age > 18 a))");
      CHECK(c("male and female") == "(or (sex male) (sex female))");
      // A bracket keeps the literal conjunction, which no patient can meet (satisfiability.cpp).
      CHECK_THROWS_WITH(c("male and (female)"), "no patient can meet this criterion: 'male' and 'female' cannot both hold");
      CHECK(c("Child-Pugh class C cirrhosis.") == "(child_pugh in 10..15)");
      CHECK(c("Child Pugh A or B8") == "(child_pugh in 5..6 7..8)");
      CHECK(c("Child Pugh A or B7") == "(child_pugh in 5..6 7..7)");
      CHECK_THROWS(c("Child Pugh B or C9"));  // C9 is no Child-Pugh label
      CHECK(c("Karnofsky < 80") == "(karnofsky in 0..70)");
      CHECK(c("transaminases ≤ 5 x ULN") == "(and (ast ≤ 5 ULN) (alt ≤ 5 ULN))");
      CHECK(c("Impaired kidney function (creatinin > 150 µmol/l).") == "(creatinine > 150 umol/L)");
      // Not read: a dangling 'or', a term with a structure word, a bracket that only names things, a lone demographic phrase.
      CHECK_THROWS(c("Creatinine < 2 × ULN OR"));
      CHECK_THROWS(c("Renal or hepatic insufficiency (serum creatinine > 2 mg/dL)"));
      // A negation before a defined term covers the whole definition (tests/test_phrasings.cpp).
      CHECK(c("No renal insufficiency (serum creatinine > 2 mg/dL)") == "(not (creatinine > 176.803 umol/L [2 mg/dL]))");
      CHECK_THROWS(c("Known infection with human immunodeficiency virus (HIV) (CD4 > 200)"));
      CHECK_THROWS(c("Diagnosis of immunodeficiency (e.g. HIV, immunosuppressants)"));
      CHECK_THROWS(c("of all races and ethnic groups"));
      CHECK_THROWS(c("Adequate organ function as defined below"));
      CHECK_THROWS(c("ASL and AST ≤ 5 x upper limit of normal"));  // ASL is not a name: no guess
      // The assessment window is read (tests/test_assessment_window.cpp), so nothing warns that it is not checked.
      std::vector<Warning> w;
      CHECK(to_string(compile_criterion("ECOG 0-1 within 7 days of first dose of study drug", lexicon(), w)) == "(ecog in 0..1 assessed within 7d)");
      CHECK(w.empty());
   }
}

}  // namespace eligo::test::engine_tests
