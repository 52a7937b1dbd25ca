// Two readings added together (docs/language.md): a note on how a blood count was reached ("Support for a blood count"),
// read as a part for manual review beside the count; and a comparison that lost its "=" ("< or 2", "Comparisons the
// registry lost"), read as ≤ or ≥ with a slip warning, and kept for review in an imported draft.
#include <doctest/doctest.h>

#include "engine/evaluate/evaluator.hpp"
#include "engine/import/importer.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::support_note_tests {

namespace {

std::string reading(const std::string& criterion, Section section = Section::inclusion)
{
   std::vector<Warning> w;
   try {
      return to_string(compile_criterion(criterion, lexicon(), w, section));
   }
   catch (const std::exception& e) {
      return std::string("error: ") + e.what();
   }
}

Outcome eval(const std::string& criterion, const std::string& patient_json, Section section = Section::inclusion)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w, section);
   const Patient p = read_patient(patient_json, "test.json", *catalogue());
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-20"), *catalogue(), {}, std::nullopt, {}});
}

std::string with_lab(const std::string& analyte, double value, const std::string& unit)
{
   return R"({"id": "S", "labs": [{"analyte": ")" + analyte + R"(", "value": )" + std::to_string(value) + R"(, "unit": ")" + unit +
          R"(", "date": "2026-11-18"}]})";
}

std::vector<Warning> warnings_of(const std::string& text)
{
   std::vector<Warning> w;
   compile_criterion(text, lexicon(), w, Section::inclusion);
   return w;
}

}  // namespace

TEST_SUITE("support")
{
   TEST_CASE("a note on transfusion or growth-factor support is a part for manual review beside the count, never skipped")
   {
      // NCT00093548, NCT05791448, NCT01306058 (../shared/corpus/hcc_trials.jsonl).
      CHECK(reading("Hemoglobin > 9.0 g/dL (transfusion independent)") == "(and (hemoglobin > 90 g/L [9 g/dL]) (manual))");
      CHECK(reading("Hemoglobin >= 8 g/dL (prior transfusion is allowed if completed 2 weeks prior to screening and hemoglobin remains >= 8 g/dL)") ==
            "(and (hemoglobin ≥ 80 g/L [8 g/dL]) (manual))");
      CHECK(reading("Platelets greater than or equal to 60,000/mcL without transfusion support within the past 30 days") ==
            "(and (platelets ≥ 60 10*9/L [60000 /uL]) (manual))");
      CHECK(reading("ANC ≥ 1.5 × 10^9/L without growth factor support") == "(and (absolute_neutrophils ≥ 1.5 10*9/L) (manual))");
      CHECK(reading("ANC ≥ 1.5 × 10^9/L (no G-CSF within 14 days)") == "(and (absolute_neutrophils ≥ 1.5 10*9/L) (manual))");
      // A note that only permits support adds no condition: the count alone (a note that permits under a condition does).
      CHECK(reading("Hemoglobin ≥ 10 g/dL (transfusion allowed)") == "(hemoglobin ≥ 100 g/L [10 g/dL])");
      CHECK(reading("Hemoglobin >= 9.0 g/dL (hemoglobin may be supported by transfusion)") == "(hemoglobin ≥ 90 g/L [9 g/dL])");
      CHECK(reading("Hemoglobin < 9 g/dL (transfusions and/or erythropoietin are permitted)", Section::exclusion) == "(hemoglobin < 90 g/L [9 g/dL])");
      // Comparison words in a note are taken for an alternative, even of time: the line is manual review (the safe side).
      CHECK(reading("Hemoglobin ≥ 10 g/dL (transfusion allowed if more than 14 days before)").rfind("error: ", 0) == 0);
      // Only a word that says the support is absent makes the note one on an unsupported count (review helper-87): "(prior
      // transfusion within 7 days)" says it was given, and "at least 3 days after any transfusion" is a timing Eligo leaves
      // to review.
      CHECK(reading("Hemoglobin ≥ 10 g/dL (must be obtained at least 3 days after any transfusion)").rfind("error: ", 0) == 0);
      for (const char* line : {"Platelets < 50,000/uL (prior platelet transfusion within the past 7 days)", "Platelets < 50,000/uL (prior transfusion)",
                               "Platelets < 50,000/uL (completed transfusion)", "ANC < 1,000/uL (prior G-CSF within 7 days)",
                               "Platelets < 50,000/uL (no transfusion independence)", "Platelets < 50,000/uL (without transfusion independence)"}) {
         CAPTURE(line);
         CHECK(reading(line, Section::exclusion).rfind("error: ", 0) == 0);
      }
      // A bracket about something else still adds a condition Eligo does not read: the line fails, as before.
      CHECK(reading("Hemoglobin > 9.0 g/dL (unless on dialysis)").rfind("error: ", 0) == 0);
      // "without" before anything but support is not this note.
      CHECK(reading("Hemoglobin > 9.0 g/dL without cirrhosis").find("manual") == std::string::npos);
   }

   TEST_CASE("the count decides when it fails; a count that meets it is unknown until a person confirms the note")
   {
      const std::string line = "Hemoglobin > 9.0 g/dL (transfusion independent)";
      const Outcome high = eval(line, with_lab("hemoglobin", 13.2, "g/dL"));
      CHECK(high.result == Tri::unknown);  // the wrong reading (the note skipped) would be met
      CHECK(high.why.find("'(transfusion independent)' is about transfusion or growth-factor support for the count") != std::string::npos);
      REQUIRE(high.missing.size() == 1);
      CHECK(high.missing[0] == "from the chart: (transfusion independent)");  // a chart fact: the criterion is open for data
      CHECK(eval(line, with_lab("hemoglobin", 8.1, "g/dL")).result == Tri::not_met);
      // Support only raises a count: a count that must be low is met by a low measured value, and a value above it may owe
      // itself to support. The exclusion "ANC < 1,500/uL (without growth factor support)" is met by 1,200 and open at 2,000
      // (read with 'and', 2,000 would clear a patient whose count rests on G-CSF: review helper-84).
      const std::string gcsf = "ANC < 1,500/uL (without growth factor support)";
      CHECK(reading(gcsf, Section::exclusion) == "(or (absolute_neutrophils < 1.5 10*9/L [1500 /uL]) (manual))");
      CHECK(eval(gcsf, with_lab("absolute_neutrophils", 1.2, "10*9/L"), Section::exclusion).result == Tri::met);
      CHECK(eval(gcsf, with_lab("absolute_neutrophils", 2.0, "10*9/L"), Section::exclusion).result == Tri::unknown);
   }

   TEST_CASE("a note that offers another threshold or condition, or restricts a permission, is never read as the count alone")
   {
      // An alternative threshold: the line is manual review, as before (read with 'and', Hb 8.5 in a transfusion-independent
      // patient would fail a line the registry lets them meet).
      CHECK(reading("Hb ≥ 9 g/dL (or ≥ 8 g/dL if transfusion independent)")
                .rfind("error: the note '(or ≥ 8 g/dL if transfusion independent)' adds a "
                       "condition",
                       0) == 0);
      CHECK(reading("platelets ≥ 100,000/uL (≥ 50,000/uL if transfusion independent)").rfind("error: ", 0) == 0);
      CHECK(reading("PLT < 100,000/uL (or transfusion dependent)", Section::exclusion).rfind("error: ", 0) == 0);
      CHECK(reading("Hemoglobin < 8 g/dL (transfusion dependent)", Section::exclusion).rfind("error: ", 0) == 0);
      CHECK(reading("Hb < 9 g/dL (or requiring transfusion)", Section::exclusion).rfind("error: ", 0) == 0);
      // A comparison that restates the count's own threshold is no alternative.
      CHECK(reading("Hemoglobin >= 8 g/dL (transfusion allowed if completed 2 weeks prior and hemoglobin remains >= 8 g/dL)") ==
            "(and (hemoglobin ≥ 80 g/L [8 g/dL]) (manual))");
      // A permission with anything more than the permission: a part for review where it keeps the count unsupported ("pre-"),
      // else the line is manual review (a limit, a group of patients, a circumstance).
      CHECK(reading("Hb ≥ 9 g/dL (transfusion allowed, measured pre-transfusion)").rfind("error: ", 0) == 0);
      CHECK(reading("Hb ≥ 9 g/dL (pre-transfusion value used)") == "(and (hemoglobin ≥ 90 g/L [9 g/dL]) (manual))");
      for (const char* note : {"(transfusion is allowed up to 2 units)", "(transfusion allowed in patients with bone marrow involvement)",
                               "(transfusion allowed in the absence of active bleeding)"}) {
         CAPTURE(note);
         CHECK(reading(std::string("Hb ≥ 9 g/dL ") + note).rfind("error: ", 0) == 0);
      }
      // Another threshold without a comparison sign, and a count measured with support, are not notes on an unsupported
      // count (review helper-85): read as a part beside the count, they screened out or excluded the wrong patients.
      for (const char* line :
           {"Hemoglobin ≥ 9 g/dL (8 g/dL for patients who are transfusion independent)", "Hb ≥ 9 g/dL (80 g/L if transfusion independent)",
            "Platelets ≥ 100,000/uL (75,000/uL if transfusion independent)", "ANC ≥ 1,500/uL (1,000/uL without growth factor support)",
            "Hb < 9 g/dL (8 g/dL if transfusion independent)", "Hemoglobin < 9 g/dL (despite transfusion)", "Hemoglobin < 9 g/dL (after transfusion)",
            "Hemoglobin < 9 g/dL (post-transfusion)", "Hemoglobin < 9 g/dL (with transfusion support)", "Hemoglobin < 9 g/dL (refractory to transfusion)",
            "Hemoglobin < 9 g/dL (transfusion needed)"}) {
         CAPTURE(line);
         CHECK(reading(line, Section::exclusion).rfind("error: ", 0) == 0);
      }
      // A note that says more than "without support" (review helper-86): a count that stays low with support, or a waived
      // threshold, is not a note on an unsupported count.
      for (const char* line : {"Platelets < 50,000/uL (not correctable with transfusion)", "Platelets < 50,000/uL (cannot be maintained without transfusion)",
                               "ANC < 1,000/uL (no response to growth factors)", "Hemoglobin < 8 g/dL (not corrected by transfusion)"}) {
         CAPTURE(line);
         CHECK(reading(line, Section::exclusion).rfind("error: ", 0) == 0);
      }
      for (const char* line : {"Hemoglobin ≥ 9 g/dL (lower values are acceptable without transfusion)", "Hemoglobin ≥ 9 g/dL (no minimum without transfusion)",
                               "Platelets ≥ 100,000/uL (any value acceptable without transfusion)"}) {
         CAPTURE(line);
         CHECK(reading(line).rfind("error: ", 0) == 0);
      }
      // A count without a written comparison is not combined with a note.
      CHECK(reading("Hb 9 g/dL (transfusion independent)").rfind("error: ", 0) == 0);
   }

   TEST_CASE("the words that decide a support note are catalogue data, checked when it loads")
   {
      const SupportNoteWords& w = catalogue()->support_note_words();
      CHECK(w.permission.count("allowed"));
      CHECK(w.absence.count("independent"));
      CHECK(w.time_unit.count("days"));
      // "or" joins a permission, never an absence of support: there it is an alternative, which is a condition.
      CHECK(w.permission_context.count("or"));
      CHECK_FALSE(w.restriction_context.count("or"));
      const std::string groups = R"("support": {"words": ["transfusion"], "reason": "r"}, "count": {"words": ["hb"], "reason": "r"},
          "permission_context": {"words": ["by"], "reason": "r"}, "absence": {"words": ["without"], "reason": "r"}, "time": {"words": ["prior"], "reason": "r"},
          "time_unit": {"words": ["days"], "reason": "r"}, "restriction_context": {"words": ["the"], "reason": "r"}})";
      CHECK_NOTHROW(read_support_note_words(R"({"permission": {"words": ["allowed"], "reason": "r"}, )" + groups));
      CHECK_THROWS_WITH_AS(read_support_note_words(R"({"permission": {"words": ["allowed"]}, )" + groups),
                           "support_note_words.json: permission: each group needs \"reason\", a sentence saying why", CatalogueError);
      CHECK_THROWS_WITH_AS(read_support_note_words(R"({"permission": {"words": ["G-CSF"], "reason": "r"}, )" + groups),
                           "support_note_words.json: permission: words are lower-case letters and digits only ('g-csf' is the two words 'g' and 'csf')",
                           CatalogueError);
      CHECK_THROWS_WITH_AS(read_support_note_words(R"({"permission": {"words": ["10"], "reason": "r"}, )" + groups),
                           "support_note_words.json: permission: '10': numbers are checked apart, never listed", CatalogueError);
      CHECK_THROWS_WITH_AS(read_support_note_words(R"({"permission": {"words": ["without"], "reason": "r"}, )" + groups),
                           "support_note_words.json: absence: 'without' is also a permission word", CatalogueError);
      CHECK_THROWS_WITH_AS(read_support_note_words(R"({"permission": {"words": ["allowed"], "reason": "r"}})"),
                           "support_note_words.json: support: expected an object \"support\" with an array \"words\"", CatalogueError);
   }

   TEST_CASE("'… are eligible' among the exclusions says who may take part: manual review, whatever the words before it")
   {
      CHECK(reading("Patients with HIV infection are eligible", Section::exclusion).find("says who may take part") != std::string::npos);
      CHECK(reading("Patients with known HIV infection are eligible", Section::exclusion).rfind("error: ", 0) == 0);
      CHECK(reading("Known HIV-positive patients are eligible", Section::exclusion).rfind("error: ", 0) == 0);
      CHECK(reading("HIV infection", Section::exclusion) == "(has hiv_infection)");
      CHECK(reading("Patients with HIV infection will be eligible", Section::exclusion).rfind("error: ", 0) == 0);
   }

   TEST_CASE("'… are eligible' among the inclusions after a fact other than the trial's condition may only permit it: manual review")
   {
      // "Patients with HIV infection are eligible" may say that people with HIV are not turned away; read as a requirement it
      // screened out everyone without HIV.
      auto in_trial = [](const std::string& text, const char* condition) {
         std::vector<Warning> w;
         try {
            return to_string(compile_criterion(text, lexicon(), w, Section::inclusion, condition ? catalogue()->concept_(condition) : nullptr));
         }
         catch (const std::exception& e) {
            return std::string("error: ") + e.what();
         }
      };
      REQUIRE(catalogue()->concept_("hepatocellular carcinoma"));
      for (const char* line : {"Patients with HIV infection are eligible", "Patients with known HIV infection are eligible",
                               "Patients with chronic hepatitis B are eligible", "Patients with prior TACE will be eligible"}) {
         CAPTURE(line);
         CHECK(in_trial(line, "hepatocellular carcinoma").rfind("error: ", 0) == 0);
         CHECK(in_trial(line, nullptr).rfind("error: ", 0) == 0);
      }
      CHECK(in_trial("Patients with HIV infection are eligible", "hepatocellular carcinoma") ==
            "error: 'are eligible' after HIV infection, which is not this trial's condition (hepatocellular carcinoma), may permit it (those who have it "
            "are not turned away) rather than require it: Eligo cannot tell which, so the line is for manual review (or give the reading in an as: line)");
      CHECK(in_trial("Patients with HIV infection are eligible", nullptr).find("which is not the trial's condition (none given)") != std::string::npos);
      // "Eligible for this trial", "for enrollment", "to participate" say who may take part, as the bare phrase does (review helper-90); in
      // either section. "Eligible for resection" is what may be done: another reading.
      for (const char* line : {"Patients with HIV infection are eligible for this trial", "Patients with HIV infection are eligible for the study",
                               "Patients with HIV infection will be eligible for enrollment", "Patients with HIV infection are eligible to participate"}) {
         CAPTURE(line);
         CHECK(in_trial(line, "hepatocellular carcinoma").rfind("error: ", 0) == 0);
         CHECK(reading(line, Section::exclusion).rfind("error: ", 0) == 0);
      }
      CHECK(reading("Patients with HIV infection are eligible for this trial", Section::exclusion).find("says who may take part") != std::string::npos);
      // A value, a score or an age among the exclusions after "eligible for this trial" is who may take part (helper-91).
      for (const char* line : {"Patients aged 18 or older are eligible for this trial", "Patients with Child-Pugh A are eligible for this trial",
                               "Karnofsky >= 70 are eligible for this study"}) {
         CAPTURE(line);
         CHECK(reading(line, Section::exclusion).find("says who may take part") != std::string::npos);
      }
      // By sex alone too: among the exclusions, "men and women" would exclude everyone (review helper-92).
      CHECK(reading("Men and women of all races and ethnic groups are eligible for this trial.", Section::exclusion).find("says who may take part") !=
            std::string::npos);
      // An exclusion no patient can fail is never compiled, whatever its words: "male or female" among the exclusions.
      CHECK(reading("Male or female", Section::exclusion).find("as an exclusion this criterion excludes every patient") != std::string::npos);
      CHECK(reading("Male or female", Section::inclusion) == "(or (sex male) (sex female))");
      CHECK(in_trial("Patients with hepatocellular carcinoma are eligible for this trial", "hepatocellular carcinoma") == "(has hepatocellular_carcinoma)");
      // The trial's own condition, or a kind of it, says who the trial is for; a value or a score states the requirement.
      CHECK(in_trial("Patients with hepatocellular carcinoma are eligible", "hepatocellular carcinoma") == "(has hepatocellular_carcinoma)");
      CHECK(in_trial("Patients with hepatocellular carcinoma are eligible", nullptr).find("may permit it") != std::string::npos);
      CHECK(in_trial("Karnofsky performance status >/= 70 are eligible.", nullptr) == "(karnofsky in 70..100)");
      CHECK(in_trial("Patients with ECOG 0-1 are eligible", "hepatocellular carcinoma") == "(ecog in 0..1)");
      // Without the phrase, or with "eligible for" (what may be done), the fact is read as before.
      CHECK(in_trial("HIV infection", "hepatocellular carcinoma") == "(has hiv_infection)");
   }

   TEST_CASE("'< or 2' lost its '=': read as ≤ with a slip warning, and a draft keeps the line for review")
   {
      CHECK(reading("ECOG < or 2") == "(ecog in 0..2)");
      CHECK(reading("creatinine clearance > or 60 mL/min") == "(creatinine_clearance ≥ 60 mL/min)");
      const auto w = warnings_of("ECOG < or 2");
      REQUIRE(w.size() == 1);
      CHECK(w[0].category == WarningCategory::slip);
      CHECK(w[0].message == "'< or' has lost the '=' of '< or =': read as ≤; if another comparison is meant, state the intended reading with `as:`");
      CHECK(w[0].suggestion == "ECOG ≤ 2");
      // Written whole, it is no slip.
      CHECK(warnings_of("ECOG < or = 2").empty());
      CHECK(warnings_of("ECOG ≤ 2").empty());
      // "< or" before anything but a number is not this slip.
      CHECK(reading("ECOG < 2 or Karnofsky ≥ 80") == "(or (ecog in 0..1) (karnofsky in 80..100))");
      const ImportResult r = import_record(
          R"({"nct_id": "NCT99999997", "title": "Lost", "inclusion": "- ECOG < or 2", "exclusion": "", "minimum_age": null, "maximum_age": null, "sex": "ALL", "conditions": []})",
          "lost.jsonl", lexicon());
      CAPTURE(r.trial_text);
      CHECK(r.trial_text.find("- ECOG < or 2\n  manual: '< or' has lost its '=': probably ≤ — confirm with `as: ECOG ≤ 2`\n") != std::string::npos);
   }
}

}  // namespace eligo::test::support_note_tests
