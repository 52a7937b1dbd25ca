// Registry phrasings the language reads (issue 15, "Reach"): each reading is checked on a patient for whom the
// wrong reading would give another result, and each variant left to manual review is checked not to compile.
#include <doctest/doctest.h>

#include "engine/report/criterion_compile.hpp"

#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test::phrasings_tests {

namespace {

const char* screening = "2026-11-02";

Patient patient(const std::string& json) { return read_patient(json, "test.json", *catalogue()); }

Tri eval(const std::string& criterion, const Patient& p, Section section = Section::none)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w, section);
   return evaluate(pred, EvalContext{p, *parse_date(screening), *catalogue(), {}, std::nullopt, {}}).result;
}

std::string compiled(const std::string& criterion, Section section = Section::none)
{
   std::vector<Warning> w;
   return to_string(compile_criterion(criterion, lexicon(), w, section));
}

std::vector<std::string> warnings(const std::string& criterion)
{
   std::vector<Warning> w;
   compile_criterion(criterion, lexicon(), w);
   std::vector<std::string> out;
   for (const auto& x : w) out.push_back(x.message);
   return out;
}

// The message of the error that keeps a criterion from compiling, or "" when it compiles.
std::string error_of(const std::string& criterion)
{
   try {
      compiled(criterion);
   }
   catch (const CriterionError& e) {
      return e.message;
   }
   return "";
}

std::string lab(const std::string& analyte, double value, const std::string& unit)
{
   return R"({"analyte": ")" + analyte + R"(", "value": )" + std::to_string(value) + R"(, "unit": ")" + unit + R"(", "date": "2026-10-30"})";
}

Patient with_labs(const std::vector<std::string>& labs, const std::string& sex = "male", const std::string& birth = "1966-03-12", const std::string& rest = "")
{
   std::string j = R"({"id": "T", "sex": ")" + sex + R"(", "birth_date": ")" + birth + R"(", "labs": [)";
   for (std::size_t i = 0; i < labs.size(); ++i) j += (i ? ", " : "") + labs[i];
   return patient(j + "]" + (rest.empty() ? "" : ", " + rest) + "}");
}

Patient with_scores(const std::string& scores) { return with_labs({}, "male", "1966-03-12", R"("scores": )" + scores); }

}  // namespace

TEST_SUITE("phrasings")
{
   TEST_CASE("comparator spellings read as ≥ and ≤, the boundary included")
   {
      // Hemoglobin exactly 9 g/dL: '≥' is met where '>' would not be; 8.9 g/dL shows the direction.
      const Patient at9 = with_labs({lab("hemoglobin", 9, "g/dL")});
      const Patient below = with_labs({lab("hemoglobin", 8.9, "g/dL")});
      for (const char* op :
           {"> or equal to", ">_", ">\\_", "=/>", "≥/=", "more or equal to", "greater or equal to", "greater or equal than", "greater than/equal to",
            "greater than / equal to", "higher or equal to", "equal or more than", "equal to or higher than", "equal or above"}) {
         const std::string c = std::string("Hemoglobin ") + op + " 9 g/dL";
         CAPTURE(c);
         CHECK(compiled(c) == "(hemoglobin ≥ 90 g/L [9 g/dL])");
         CHECK(eval(c, at9) == Tri::met);
         CHECK(eval(c, below) == Tri::not_met);
      }
      const Patient at15 = with_labs({lab("total bilirubin", 1.5, "mg/dL")});
      const Patient above = with_labs({lab("total bilirubin", 1.6, "mg/dL")});
      for (const char* op : {"< or equal to", "<_", "=/<", "≤/=", "less or equal to", "less than/equal to", "lower or equal than", "equal or less than",
                             "equal to or lower than", "equal or below"}) {
         const std::string c = std::string("bilirubin ") + op + " 1.5 mg/dL";
         CAPTURE(c);
         CHECK(eval(c, at15) == Tri::met);
         CHECK(eval(c, above) == Tri::not_met);
      }
   }

   TEST_CASE("a list number at the start of a line numbers the line and says nothing")
   {
      const Patient p = with_labs({lab("total bilirubin", 1.9, "mg/dL"), lab("albumin", 2.7, "g/dL")});
      CHECK(eval("2) Total bilirubin is under 2.0 mg/dL", p) == Tri::met);
      CHECK(eval("1) Albumin is 2.8 g/dL or above", p) == Tri::not_met);
      for (const char* n : {"1. ", "12) ", "a. ", "b) ", "(c) ", "(3) ", "iv) ", "ii. "}) {
         CAPTURE(n);
         CHECK(compiled(std::string(n) + "Albumin ≥ 2.8 g/dL") == "(albumin ≥ 28 g/L [2.8 g/dL])");
      }
      // Not a list number: a decimal.
      CHECK(error_of("1.5 mg/dL") != "");
   }

   TEST_CASE("population words before an age: the sexes, a span of years, 'the age of', 'y/o'")
   {
      const Patient woman17 = with_labs({}, "female", "2009-06-01");
      const Patient woman30 = with_labs({}, "female", "1996-06-01");
      const Patient man50 = with_labs({}, "male", "1976-06-01");
      // Was a parse error: the filler took "Men" and left "and women" unread.
      CHECK(compiled("Men and women 18 years and older") == "(and (or (sex male) (sex female)) (age ≥ 18 a))");
      CHECK(eval("Men and women 18 years and older", woman17) == Tri::not_met);
      CHECK(eval("Men and women 18 years and older", woman30) == Tri::met);
      CHECK(compiled("Adults 18-45 years") == "(age in 18..45 a)");
      CHECK(eval("Adults 18-45 years", man50) == Tri::not_met);
      CHECK(eval("Adults 18-45 years", woman30) == Tri::met);
      CHECK(compiled("Patients over the age of 18 years") == "(age > 18 a)");
      CHECK(eval("over the age of 18", woman17) == Tri::not_met);
      CHECK(compiled("between the ages of 18 and 45") == "(age in 18..45 a)");
      CHECK(eval("between the ages of 18 and 45", man50) == Tri::not_met);
      CHECK(compiled("18 y/o or older") == "(age ≥ 18 a)");
      CHECK(eval("≥ 18 y/o", woman17) == Tri::not_met);
      CHECK(compiled("Age 18 y/o", Section::inclusion) == "(age ≥ 18 a)");
      // "Healthy" is a condition the record cannot settle: the line stays manual rather than read as an age alone.
      CHECK(error_of("Healthy adults 18-45 years") != "");
   }

   TEST_CASE("'Child A': Child-Pugh named by its first author, only before a class letter")
   {
      const Patient a5 = with_scores(R"({"child_pugh": "A5"})");
      const Patient b7 = with_scores(R"({"child_pugh": "B7"})");
      CHECK(compiled("Child A") == "(child_pugh in 5..6)");
      CHECK(eval("Child A", a5) == Tri::met);
      CHECK(eval("Child A", b7) == Tri::not_met);
      CHECK(eval("Child's A or B7", b7) == Tri::met);
      CHECK(eval("Childs class B", a5) == Tri::not_met);
      CHECK(compiled("Child-Pough A") == "(child_pugh in 5..6)");
      CHECK(compiled("Child–Pugh B") == "(child_pugh in 7..9)");
      // Before a number "Child" is the ordinary word.
      CHECK(error_of("Child ≤ 7") != "");
      CHECK(error_of("Child 12 years or older") != "");
   }

   TEST_CASE("a second scale in brackets after 'or' is an alternative: either meets it")
   {
      const std::string c = "ECOG 0-1 (or Karnofsky ≥ 80%)";
      CHECK(compiled(c) == "(or (ecog in 0..1) (karnofsky in 80..100))");
      CHECK(eval(c, with_scores(R"({"ecog": 2, "karnofsky": 80})")) == Tri::met);  // all-of would be not met
      CHECK(eval(c, with_scores(R"({"ecog": 2, "karnofsky": 70})")) == Tri::not_met);
      CHECK(eval(c, with_scores(R"({"ecog": 1})")) == Tri::met);
      const std::string crcl = "creatinine ≤ 1.5 mg/dL (or creatinine clearance ≥ 60 mL/min)";
      CHECK(compiled(crcl) == "(or (creatinine ≤ 132.603 umol/L [1.5 mg/dL]) (creatinine_clearance ≥ 60 mL/min))");
      // A bracket with a condition stays an error.
      CHECK(error_of("Platelets ≥ 75×10^9/L (or ≥ 50×10^9/L with liver metastases)").find("adds a condition") != std::string::npos);
   }

   TEST_CASE("an alternative unit in brackets is read and must agree with the threshold")
   {
      CHECK(compiled("Hb ≥ 10 g/dL (≥ 6.2 mmol/L)") == "(hemoglobin ≥ 100 g/L [10 g/dL])");
      CHECK(compiled("bilirubin ≤ 1.5 mg/dL (25 µmol/L)") == "(total_bilirubin ≤ 25.6559 umol/L [1.5 mg/dL])");
      CHECK(compiled("creatinine ≤ 1.5 mg/dL (130 µmol/L)") == "(creatinine ≤ 132.603 umol/L [1.5 mg/dL])");
      CHECK(compiled("PLT ≥ 100 × 10^9/L (100,000/mm³)") == "(platelets ≥ 100 10*9/L)");
      CHECK(eval("Hb ≥ 10 g/dL (≥ 6.2 mmol/L)", with_labs({lab("hemoglobin", 9.9, "g/dL")})) == Tri::not_met);
      CHECK(error_of("Hb ≥ 9 g/dL (≥ 6.2 mmol/L)") ==
            "the threshold is written in two units that disagree: 9 g/dL (= 90 g/L) and 6.2 mmol/L (= 99.9099 g/L): write the one the trial means");
      CHECK(error_of("creatinine ≤ 2 mg/dL (150 µmol/L)").find("disagree") != std::string::npos);
      CHECK(error_of("Hb ≥ 10 g/dL (≤ 6.2 mmol/L)") == "the threshold is written twice with different comparisons: ≥ 10 g/dL and ≤ 6.2 mmol/L");
   }

   TEST_CASE("a term defined by tests: the tests are checked; a negation covers the whole definition")
   {
      const std::string c = "No uncontrolled blood pressure, defined as systolic blood pressure > 150 mm Hg and/or diastolic blood pressure > 100 mm Hg";
      CHECK(compiled(c) == "(not (or (systolic_bp > 150 mm[Hg]) (diastolic_bp > 100 mm[Hg])))");
      const auto bp = [](double sys, double dia) {
         return with_labs({lab("systolic blood pressure", sys, "mm[Hg]"), lab("diastolic blood pressure", dia, "mm[Hg]")});
      };
      CHECK(eval(c, bp(120, 105)) == Tri::not_met);  // a negation of the first test only would be met
      CHECK(eval(c, bp(120, 80)) == Tri::met);
      CHECK(compiled("Renal insufficiency (serum creatinine > 2 mg/dL)") == "(creatinine > 176.803 umol/L [2 mg/dL])");
      CHECK(compiled("Proteinuria, as demonstrated by a 24-hour urine protein ≥ 2 g/24h") == "(urine_protein ≥ 2 g/(24.h))");
      CHECK(compiled("Impaired renal function, i.e. creatinine clearance < 50 mL/min") == "(creatinine_clearance < 50 mL/min)");
   }

   TEST_CASE("an offset from the ULN or from the control value is named, not evaluated")
   {
      CHECK(error_of("PT ≤ ULN + 4 seconds").find("offset from the upper limit of normal") != std::string::npos);
      CHECK(error_of("PT ≤ 4 seconds above the ULN").find("offset from the upper limit of normal") != std::string::npos);
      CHECK(error_of("PT prolonged by no more than 4 seconds over control").find("control value, which is not part of a patient's record") !=
            std::string::npos);
      CHECK(compiled("PT ≤ 1.5 × ULN") == "(prothrombin_time ≤ 1.5 ULN)");
   }

   TEST_CASE("dipstick grades are labels of the dipstick reading, not quantities")
   {
      const std::string c = "urine protein < 2+";
      CHECK(compiled(c) == "(urine_protein_dipstick in 0..2)");
      // Right: a 2+ dipstick fails it. The wrong reading ("urine protein < 2 g/24 h") would be met by this 24-hour protein.
      const Patient p2 = patient(R"({"id": "T", "labs": [)" + lab("urine protein", 0.5, "g/24h") + R"(], "scores": {"urine protein dipstick": "2+"}})");
      CHECK(eval(c, p2) == Tri::not_met);
      CHECK(eval(c, with_scores(R"({"urine_protein_dipstick": "1+"})")) == Tri::met);
      CHECK(eval("proteinuria ≤ 1+", with_scores(R"({"urine_protein_dipstick": "trace"})")) == Tri::met);
      CHECK(eval("proteinuria ≤ 1+", with_scores(R"({"urine_protein_dipstick": "3+"})")) == Tri::not_met);
      // "0 or 1+" leaves out trace, which lies between them and is not meant to be excluded.
      CHECK(compiled("Proteinuria: 0 or 1+ on dipstick") == "(urine_protein_dipstick in 0..2)");
      CHECK(eval("Proteinuria: 0 or 1+ on dipstick", with_scores(R"({"urine_protein_dipstick": "trace"})")) == Tri::met);
      CHECK(compiled("Urine protein < 1+ by urine dip stick") == "(urine_protein_dipstick in 0..1)");
      CHECK(compiled("urine protein < 1 g/24h") == "(urine_protein < 1 g/(24.h))");
      CHECK(error_of("Proteinuria ≥ grade 2").find("is not a Dipstick urine protein value") != std::string::npos);
   }

   TEST_CASE("common misspellings of well-known names are catalogue synonyms")
   {
      const Patient p = with_labs({lab("total bilirubin", 2, "mg/dL"), lab("hemoglobin", 9.5, "g/dL"), lab("platelets", 80, "10^9/L")});
      CHECK(eval("bilirubine ≤ 1.5 mg/dL", p) == Tri::not_met);
      CHECK(eval("haemoglobine ≥ 9 g/dL", p) == Tri::met);
      CHECK(eval("platelete ≥ 100 × 10^9/L", p) == Tri::not_met);
      CHECK(compiled("neutrophile ≥ 1.5 × 10^9/L") == "(absolute_neutrophils ≥ 1.5 10*9/L)");
      CHECK(compiled("creatinin ≤ 1.5 mg/dL") == "(creatinine ≤ 132.603 umol/L [1.5 mg/dL])");
   }

   TEST_CASE("a threshold without a unit is read in the one unit that makes it plausible, with a warning")
   {
      const Patient p = with_labs({lab("platelets", 80, "10^9/L"), lab("creatinine", 1.4, "mg/dL")});
      CHECK(compiled("platelets ≥ 100") == "(platelets ≥ 100 10*9/L)");
      CHECK(eval("platelets ≥ 100", p) == Tri::not_met);  // read as 100/µL it would be met
      CHECK(warnings("platelets ≥ 100") ==
            std::vector<std::string>{"no unit in the registry text: 100 is read as 100 ×10^9/L, the only unit in which it is a plausible Platelets threshold; "
                                     "write the unit to confirm it"});
      CHECK(compiled("Platelets >= 70,000") == "(platelets ≥ 70 10*9/L [70000 /uL])");
      CHECK(eval("creatinine < 1.5", p) == Tri::met);  // read as µmol/L it would be not met
      CHECK(compiled("creatinine < 150") == "(creatinine < 150 umol/L)");
      // Plausible in two units: the line needs its unit.
      CHECK(error_of("Hb ≥ 9") ==
            "the threshold for Hemoglobin has no unit, and 9 is a plausible threshold in g/dL (= 90 g/L) and in mmol/L (= 145.03 g/L): write the unit");
      CHECK(error_of("platelets ≥ 10").find("has no unit") != std::string::npos);
      // No direction of harm: no unit is assumed.
      CHECK(error_of("sodium ≥ 130") == "the threshold for Sodium has no unit: write it, e.g. mmol/L");
   }

   TEST_CASE("a threshold for one sex is read with the sex: what excludes a patient of that sex, or a requirement for that sex")
   {
      // QTcF 460 ms. Once (or (qtcf > 450 ms) (qtcf > 470 ms)): the "(female)" was dropped and this woman was excluded.
      const Patient woman = with_labs({lab("QTcF", 460, "ms"), lab("hemoglobin", 12.5, "g/dL")}, "female");
      const Patient man = with_labs({lab("QTcF", 460, "ms"), lab("hemoglobin", 12.5, "g/dL")}, "male");
      const std::string exclusion_by_sex = "(or (and (sex male) (qtcf > 450 ms)) (and (sex female) (qtcf > 470 ms)))";
      struct Case {
         const char* text;
         Section section;
         std::string reading;
         Tri woman, man;
      };
      const Case cases[] = {
          {"QTcF > 450 msec (male) or QTcF > 470 msec (female)", Section::exclusion, exclusion_by_sex, Tri::not_met, Tri::met},
          {"QTcF > 450 msec for males and > 470 msec for females", Section::exclusion, exclusion_by_sex, Tri::not_met, Tri::met},
          {"QTcF: males > 450 ms, females > 470 ms", Section::exclusion, exclusion_by_sex, Tri::not_met, Tri::met},
          {"QTcF > 450 ms in men or > 470 ms in women", Section::exclusion, exclusion_by_sex, Tri::not_met, Tri::met},
          {"QTcF > 470 msec (female)", Section::exclusion, "(and (sex female) (qtcf > 470 ms))", Tri::not_met, Tri::not_met},
          {"QTcF > 450 msec (male)", Section::exclusion, "(and (sex male) (qtcf > 450 ms))", Tri::not_met, Tri::met},
          // As a requirement, a limit for one sex does not bind the other: limits by sex are all required, whatever joins them.
          {"Hb ≥ 13 g/dL for men, ≥ 12 g/dL for women", Section::inclusion,
           "(and (or (not (sex male)) (hemoglobin ≥ 130 g/L [13 g/dL])) (or (not (sex female)) (hemoglobin ≥ 120 g/L [12 g/dL])))", Tri::met, Tri::not_met},
          {"Hemoglobin ≥ 13 g/dL (men) or hemoglobin ≥ 12 g/dL (women)", Section::inclusion,
           "(and (or (not (sex male)) (hemoglobin ≥ 130 g/L [13 g/dL])) (or (not (sex female)) (hemoglobin ≥ 120 g/L [12 g/dL])))", Tri::met, Tri::not_met},
          {"Hb: men ≥ 13 g/dL; women ≥ 12 g/dL", Section::inclusion,
           "(and (or (not (sex male)) (hemoglobin ≥ 130 g/L [13 g/dL])) (or (not (sex female)) (hemoglobin ≥ 120 g/L [12 g/dL])))", Tri::met, Tri::not_met},
          {"Hb ≥ 13 g/dL for men", Section::inclusion, "(or (not (sex male)) (hemoglobin ≥ 130 g/L [13 g/dL]))", Tri::met, Tri::not_met},
          {"QTcF ≤ 450 msec (male), ≤ 470 msec (female)", Section::inclusion,
           "(and (or (not (sex male)) (qtcf ≤ 450 ms)) (or (not (sex female)) (qtcf ≤ 470 ms)))", Tri::met, Tri::not_met},
          // Under a negation an inclusion's limits exclude.
          {"No QTcF > 450 msec (male) or > 470 msec (female)", Section::inclusion, "(not " + exclusion_by_sex + ")", Tri::met, Tri::not_met},
      };
      for (const Case& c : cases) {
         CAPTURE(c.text);
         CHECK(compiled(c.text, c.section) == c.reading);
         CHECK(eval(c.text, woman, c.section) == c.woman);
         CHECK(eval(c.text, man, c.section) == c.man);
      }
      // One sex with two thresholds says nothing Eligo can check.
      CHECK(error_of("Hb ≥ 13 g/dL for men, ≥ 12 g/dL for men").find("gives one sex two thresholds") != std::string::npos);
      // A patient whose sex is not recorded: a limit for one sex is unknown unless the value meets every limit.
      const Patient unknown_sex = patient(R"({"id": "U", "labs": [)" + lab("hemoglobin", 12.5, "g/dL") + "]}");
      CHECK(eval("Hb ≥ 13 g/dL for men, ≥ 12 g/dL for women", unknown_sex, Section::inclusion) == Tri::unknown);
      CHECK(eval("Hb ≥ 12 g/dL for men, ≥ 11 g/dL for women", unknown_sex, Section::inclusion) == Tri::met);
   }

   TEST_CASE("QTc by formula: QTcF, QTcB and a QTc of unstated formula never stand in for one another")
   {
      const Patient qtcf = with_labs({lab("QTcF", 455, "ms")}, "male");
      const Patient unstated = with_labs({lab("QTc", 455, "ms")}, "male");
      CHECK(compiled("QTcF > 450 ms", Section::exclusion) == "(qtcf > 450 ms)");
      CHECK(compiled("QTc (Bazett) > 450 ms", Section::exclusion) == "(qtcb > 450 ms)");
      CHECK(eval("QTcF > 450 ms", qtcf, Section::exclusion) == Tri::met);
      CHECK(eval("QTcB > 450 ms", qtcf, Section::exclusion) == Tri::unknown);
      CHECK(eval("QTcF > 450 ms", unstated, Section::exclusion) == Tri::unknown);
   }

   TEST_CASE("a method named after the test refines the analyte: 'QTc … (using Bazett's formula)' is QTcB")
   {
      const Patient qtcf = with_labs({lab("QTcF", 455, "ms")}, "male");
      const Patient unstated = with_labs({lab("QTc", 455, "ms")}, "male");
      const Patient qtcb = with_labs({lab("QTcB", 460, "ms"), lab("QTc", 445, "ms")}, "male");
      const std::string bazett = "QTc interval ≥ 450ms for men and ≥ 470ms for women (using Bazett's formula)";
      const CriterionCompile cc = compile_criterion_text(bazett, lexicon(), Section::exclusion);
      REQUIRE(cc.predicate);
      CHECK(to_string(*cc.predicate) == "(or (and (sex male) (qtcb ≥ 450 ms)) (and (sex female) (qtcb ≥ 470 ms)))");
      CHECK(cc.unread.empty());
      REQUIRE(cc.notes.size() == 1);
      CHECK(cc.notes[0].find("'using Bazett's formula' names the method") == 0);
      // The Bazett value decides, never a QTcF or a QTc of unstated formula (reviewer's case: QTcB 460 with a QTc 445).
      CHECK(eval(bazett, qtcb, Section::exclusion) == Tri::met);
      CHECK(eval(bazett, qtcf, Section::exclusion) == Tri::unknown);
      CHECK(eval(bazett, unstated, Section::exclusion) == Tri::unknown);
      const CriterionCompile fridericia = compile_criterion_text("QTc > 450 ms (Fridericia)", lexicon(), Section::exclusion);
      REQUIRE(fridericia.predicate);
      CHECK(to_string(*fridericia.predicate) == "(qtcf > 450 ms)");
      // Two methods named for one test: nothing is refined, and both words stay unread.
      const CriterionCompile both = compile_criterion_text("QTc > 450 ms (Bazett) or QTc > 470 ms (Fridericia)", lexicon(), Section::exclusion);
      REQUIRE(both.predicate);
      CHECK(to_string(*both.predicate) == "(or (qtc > 450 ms) (qtc > 470 ms))");
      CHECK(both.unread == std::vector<std::string>{"Bazett", "Fridericia"});
   }
}

}  // namespace eligo::test::phrasings_tests
