// Assessment windows (docs/language.md, "Assessment windows"): "Child-Pugh A within 7 days of first dose of
// study drug" asks for a value dated within 7 days of the screening date, which stands for the first dose. How
// the phrasing reads and binds, how labs, recorded and derived scores are read under it, and that the
// synthetic cases agree with the engine.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/synth/generator.hpp"
#include "engine/synth/regress.hpp"
#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test::assessment_window_tests {

namespace {

std::string tree(const std::string& text) { return syntax::to_string(grammar::parse_criterion(text, lexicon())); }

std::string bound(const std::string& text, std::vector<Warning>* warnings = nullptr)
{
   std::vector<Warning> w;
   const std::string s = to_string(compile_criterion(text, lexicon(), w));
   if (warnings) *warnings = w;
   return s;
}

// Screened on 2026-11-02, with the trial's lab window if given.
Outcome eval(const std::string& criterion, const std::string& patient_json, std::optional<int> lab_window = std::nullopt)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   const Patient p = read_patient(patient_json, "test.json", *catalogue());
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, lab_window, {}});
}

std::string with_labs(const std::string& labs, const std::string& rest = "")
{
   return R"({"id": "W", "birth_date": "1966-03-12", "labs": [)" + labs + "]" + (rest.empty() ? "" : ", " + rest) + "}";
}

std::string platelets_on(const std::string& date) { return R"({"analyte": "platelets", "value": 150, "unit": "10^9/L", "date": ")" + date + R"("})"; }

// Bilirubin 12 µmol/L, albumin 42 g/L, INR 1.0 on `date`: Child-Pugh 5 with no ascites and no encephalopathy.
std::string liver_labs(const std::string& date)
{
   return R"({"analyte": "total bilirubin", "value": 12, "unit": "umol/L", "date": ")" + date + R"("},
             {"analyte": "albumin", "value": 42, "unit": "g/L", "date": ")" +
          date + R"("},
             {"analyte": "INR", "value": 1.0, "date": ")" +
          date + R"("})";
}

const char* no_ascites = R"("ascites": "none", "hepatic_encephalopathy": 0)";

const char* child_pugh_a = "Has a Child-Pugh Class A liver score within 7 days of first dose of study drug.";
const char* ecog_01 = "ECOG 0-1 within 7 days of first dose of study drug";

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("grammar")
{
   TEST_CASE("assessment windows: the window and the moment it counts back from are read, not skipped")
   {
      CHECK(tree(child_pugh_a) == "(score \"Child-Pugh Class\" in A assessed within 7 days of \"first dose of study drug\")");
      CHECK(tree("Platelets ≥ 75×10^9/L within 14 days prior to registration") ==
            "(measure \"Platelets\" ≥ 75 \"×10^9/L\" assessed within 14 days of \"registration\")");
      std::vector<Warning> w;
      CHECK(bound(child_pugh_a, &w) == "(child_pugh in 5..6 assessed within 7d)");
      CHECK(w.empty());  // read, so nothing is "not checked"
      CHECK(bound("Has a performance status of 0 or 1 using the Eastern Cooperative Oncology Group (ECOG) Performance Scale within 7 days of first "
                  "dose of study drug.") == "(ecog in 0..0 1..1 assessed within 7d)");
      CHECK(bound("Platelets ≥ 75×10^9/L within 2 weeks prior to registration") == "(platelets ≥ 75 10*9/L assessed within 2wk)");
      CHECK(bound("ECOG 0-1 within 28 days before the start of treatment") == "(ecog in 0..1 assessed within 28d)");
      CHECK(bound("ECOG 0-1 within 1 month of signing the informed consent form") == "(ecog in 0..1 assessed within 1mo)");
      CHECK(bound("ECOG 0-1, within 14 days of the first dose of study drug(s)") == "(ecog in 0..1 assessed within 14d)");
   }

   TEST_CASE("assessment windows: only from a moment the screening date stands for")
   {
      // A window from another event is no assessment window: the line does not compile (manual review).
      CHECK_THROWS(bound("ECOG 0-1 within 14 days of surgery"));
      CHECK_THROWS(bound("Platelets ≥ 75×10^9/L within 7 days of TACE"));
   }

   TEST_CASE("assessment windows: a window after the last of a list of measures binds each of them")
   {
      CHECK(bound("ANC ≥ 1.5×10^9/L and platelets ≥ 100×10^9/L within 14 days of registration") ==
            "(and (absolute_neutrophils ≥ 1.5 10*9/L assessed within 14d) (platelets ≥ 100 10*9/L assessed within 14d))");
      CHECK(bound("ANC ≥ 1.5×10^9/L, Hb ≥ 9 g/dL or ECOG 0-1 within 7 days of enrollment") ==
            "(or (absolute_neutrophils ≥ 1.5 10*9/L assessed within 7d) (hemoglobin ≥ 90 g/L [9 g/dL] assessed within 7d) (ecog in 0..1 assessed "
            "within 7d))");
      // Written on the first item only, it is that item's.
      CHECK(bound("ANC ≥ 1.5×10^9/L within 14 days of registration and platelets ≥ 100×10^9/L") ==
            "(and (absolute_neutrophils ≥ 1.5 10*9/L assessed within 14d) (platelets ≥ 100 10*9/L))");
      // Not across a clinical fact, and never onto an age.
      CHECK(bound("hepatocellular carcinoma and ECOG 0-1 within 7 days of first dose") ==
            "(and (has hepatocellular_carcinoma) (ecog in 0..1 assessed within 7d))");
      CHECK(bound("age ≥ 18 years and ECOG 0-1 within 7 days of first dose") == "(and (age ≥ 18 a) (ecog in 0..1 assessed within 7d))");
   }
}

TEST_SUITE("engine")
{
   TEST_CASE("assessment windows: a lab result older than the criterion's window is stale")
   {
      const char* plt = "Platelets ≥ 75×10^9/L within 7 days of first dose of study drug";
      Outcome o = eval(plt, with_labs(platelets_on("2026-10-30")));
      CHECK(o.result == Tri::met);
      CHECK(o.why ==
            "Platelets 150 ×10^9/L (2026-10-30) ≥ 75 ×10^9/L: met; assessed within 7 days of first dose of study drug (the screening date 2026-11-02 "
            "stands for it)");
      // Six months old: the registry asks for a count from the last week.
      o = eval(plt, with_labs(platelets_on("2026-05-02")));
      CHECK(o.result == Tri::unknown);
      CHECK(o.why == "Platelets: stale, the latest result (2026-05-02) is older than the criterion's 7 days (counted back from the screening date 2026-11-02)");
      CHECK(o.missing == std::vector<std::string>{"Platelets (result within 7 days)"});
      CHECK(eval("Platelets ≥ 75×10^9/L", with_labs(platelets_on("2026-05-02"))).result == Tri::met);  // no window: any age
      // The edges: exactly 7 days old is inside; 8 days is not.
      CHECK(eval(plt, with_labs(platelets_on("2026-10-26"))).result == Tri::met);
      CHECK(eval(plt, with_labs(platelets_on("2026-10-25"))).result == Tri::unknown);
      // Weeks and months count as the time windows do (a month is a calendar month).
      CHECK(eval("Platelets ≥ 75×10^9/L within 1 month of registration", with_labs(platelets_on("2026-10-02"))).result == Tri::met);
      CHECK(eval("Platelets ≥ 75×10^9/L within 1 month of registration", with_labs(platelets_on("2026-10-01"))).result == Tri::unknown);
      // A window over a list: each result must be recent.
      const std::string two = with_labs(platelets_on("2026-10-30") + R"(, {"analyte": "ANC", "value": 3, "unit": "10^9/L", "date": "2026-06-01"})");
      CHECK(eval("ANC ≥ 1.5×10^9/L and platelets ≥ 100×10^9/L within 14 days of registration", two).result == Tri::unknown);
      CHECK(eval("ANC ≥ 1.5×10^9/L and platelets ≥ 100×10^9/L", two).result == Tri::met);
   }

   TEST_CASE("assessment windows: the stricter of the trial's lab window and the criterion's own")
   {
      const std::string p = with_labs(platelets_on("2026-10-20"));  // 13 days old
      // The criterion is stricter: it is named.
      Outcome o = eval("Platelets ≥ 75×10^9/L within 7 days of registration", p, 28);
      CHECK(o.result == Tri::unknown);
      CHECK(has(o.why, "older than the criterion's 7 days"));
      CHECK(o.missing == std::vector<std::string>{"Platelets (result within 7 days)"});
      // The trial's is stricter.
      o = eval("Platelets ≥ 75×10^9/L within 28 days of registration", p, 10);
      CHECK(o.result == Tri::unknown);
      CHECK(o.why == "Platelets: stale, the latest result (2026-10-20) is older than the trial's 10-day lab window");
      CHECK(o.missing == std::vector<std::string>{"Platelets (result within 10 days)"});
      // Within both.
      CHECK(eval("Platelets ≥ 75×10^9/L within 14 days of registration", p, 28).result == Tri::met);
   }

   TEST_CASE("assessment windows: a dated measure other than a lab; never an age")
   {
      const std::string p = R"({"id": "T", "birth_date": "1966-03-12", "tumour": {"number": 1, "size": {"value": 3, "unit": "cm"}, "date": "2026-06-01"}})";
      // The trial's lab window leaves imaging alone; the criterion's own window does not.
      CHECK(eval("tumor size ≥ 1 cm", p, 14).result == Tri::met);
      const Outcome o = eval("tumor size ≥ 1 cm within 28 days of registration", p);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"Largest tumour diameter (result within 28 days)"});
      CHECK(eval("age ≥ 18 years and ECOG 0-1 within 7 days of first dose",
                 R"({"id": "A", "birth_date": "1966-03-12", "scores": {"ecog": {"value": 0, "date": "2026-10-30"}}})")
                .result == Tri::met);
   }

   TEST_CASE("assessment windows: a recorded score must be dated within the window")
   {
      Outcome o = eval(ecog_01, R"({"id": "E", "scores": {"ecog": {"value": 1, "date": "2026-10-30"}}})");
      CHECK(o.result == Tri::met);
      CHECK(o.why ==
            "ECOG performance status 1 (recorded 2026-10-30), required 0–1: met; assessed within 7 days of first dose of study drug (the screening date "
            "2026-11-02 stands for it)");
      // Assessed two months before: set aside, and ECOG cannot be derived.
      o = eval(ecog_01, R"({"id": "E", "scores": {"ecog": {"value": 1, "date": "2026-09-01"}}})");
      CHECK(o.result == Tri::unknown);
      CHECK(o.why ==
            "ECOG performance status 1 (recorded 2026-09-01) is older than the criterion's 7 days (counted back from the screening date 2026-11-02): not used");
      CHECK(o.missing == std::vector<std::string>{"ECOG performance status (assessed within 7 days)"});
      // Recorded without a date: it cannot be shown to be within the window.
      o = eval(ecog_01, R"({"id": "E", "scores": {"ecog": 1}})");
      CHECK(o.result == Tri::unknown);
      CHECK(has(o.why, "ECOG performance status 1 (recorded without a date) cannot be shown to be within the criterion's 7 days"));
      CHECK(o.missing == std::vector<std::string>{"ECOG performance status (assessed within 7 days)"});
      // Without the window, the same undated record settles it.
      CHECK(eval("ECOG 0-1", R"({"id": "E", "scores": {"ecog": 1}})").result == Tri::met);
      // A recent assessment that fails is a fail.
      CHECK(eval(ecog_01, R"({"id": "E", "scores": {"ecog": {"value": 2, "date": "2026-11-01"}}})").result == Tri::not_met);
   }

   TEST_CASE("assessment windows: a derived score reads only inputs within the window")
   {
      // Labs from the last week: Child-Pugh 5 derived, met.
      Outcome o = eval(child_pugh_a, with_labs(liver_labs("2026-10-30"), std::string(R"("scores": {)") + no_ascites + "}"));
      CHECK(o.result == Tri::met);
      CHECK(has(o.why, "Child-Pugh score A5 (derived: bilirubin 12 µmol/L → 1"));
      // Labs six months old: the issue's case. Without the window they derive A; with it they are left out.
      const std::string old = with_labs(liver_labs("2026-05-02"), std::string(R"("scores": {)") + no_ascites + "}");
      CHECK(eval("Child-Pugh A", old).result == Tri::met);
      o = eval(child_pugh_a, old);
      CHECK(o.result == Tri::unknown);
      CHECK(has(o.why, "bilirubin missing"));
      CHECK(has(o.why, "; not used, older than the criterion's 7 days: Total bilirubin (2026-05-02), Albumin (2026-05-02), INR (2026-05-02)"));
      CHECK(o.missing == std::vector<std::string>{"Total bilirubin (result within 7 days)", "Albumin (result within 7 days)", "INR (result within 7 days)"});
      // A dated ascites assessment before the window is left out too; an undated one is taken as current.
      o = eval(child_pugh_a,
               with_labs(liver_labs("2026-10-30"), R"("scores": {"ascites": {"value": "none", "date": "2026-03-01"}, "hepatic_encephalopathy": 0})"));
      CHECK(o.result == Tri::unknown);
      CHECK(has(o.why, "not used, older than the criterion's 7 days: Ascites (Child-Pugh points) none (2026-03-01)"));
      CHECK(o.missing == std::vector<std::string>{"Ascites (Child-Pugh points) (assessed within 7 days)"});
   }

   TEST_CASE("assessment windows: a recorded score outside the window gives way to one derived within it")
   {
      const std::string fresh_labs = liver_labs("2026-10-30");
      // Recorded B long ago, derived A from this week's labs: the derived value decides, and the why says why.
      Outcome o =
          eval(child_pugh_a, with_labs(fresh_labs, std::string(R"("scores": {"child_pugh": {"value": "B", "date": "2026-01-10"}, )") + no_ascites + "}"));
      CHECK(o.result == Tri::met);
      CHECK(o.why.rfind("Child-Pugh score B (recorded 2026-01-10) is older than the criterion's 7 days (counted back from the screening date 2026-11-02): not "
                        "used; Child-Pugh score A5 (derived: ",
                        0) == 0);
      // Without the window the old recorded B decides.
      CHECK(eval("Child-Pugh A", with_labs(fresh_labs, std::string(R"("scores": {"child_pugh": {"value": "B", "date": "2026-01-10"}, )") + no_ascites + "}"))
                .result == Tri::not_met);
      // Recorded without a date: the same.
      o = eval(child_pugh_a, with_labs(fresh_labs, std::string(R"("scores": {"child_pugh": "B", )") + no_ascites + "}"));
      CHECK(o.result == Tri::met);
      CHECK(has(o.why, "Child-Pugh score B (recorded without a date) cannot be shown to be within the criterion's 7 days"));
      // A recorded value within the window is used as it stands.
      CHECK(eval(child_pugh_a, with_labs(fresh_labs, std::string(R"("scores": {"child_pugh": {"value": "B", "date": "2026-10-31"}, )") + no_ascites + "}"))
                .result == Tri::not_met);
   }

   TEST_CASE("assessment windows: a derived stage leaves out dated findings before the window")
   {
      // BCLC from one 3 cm tumour, ECOG 0 and Child-Pugh A, all this week; no extrahepatic spread this week; no
      // macrovascular invasion, but observed in January.
      Patient p = read_patient(R"({"id": "B", "tumour": {"number": 1, "size": {"value": 3, "unit": "cm"}, "date": "2026-10-30"},
                                   "scores": {"ecog": {"value": 0, "date": "2026-10-30"}, "child_pugh": {"value": "A", "date": "2026-10-30"}}})",
                               "b.json", *catalogue());
      auto finding = [&](const char* id, const char* date) {
         FindingRecord f;
         f.concept_ = catalogue()->concept_(id);
         f.present = false;
         f.date = *parse_date(date);
         f.field = std::string("Observation/") + id;
         return f;
      };
      p.finding_history = {finding("macrovascular_invasion", "2026-01-10"), finding("extrahepatic_spread", "2026-10-30")};
      auto run = [&](const std::string& c) {
         std::vector<Warning> w;
         return evaluate(compile_criterion(c, lexicon(), w), EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
      };
      CHECK(run("BCLC stage A").result == Tri::met);
      const Outcome o = run("BCLC stage A within 7 days of registration");
      CHECK(o.result == Tri::unknown);
      CHECK(has(o.why, "macrovascular invasion not recorded"));
      CHECK(has(o.why, "not used, older than the criterion's 7 days: macrovascular invasion (2026-01-10)"));
   }
}

TEST_SUITE("synth")
{
   TEST_CASE("assessment windows: generated cases probe the window edges and agree with the engine")
   {
      CompileResult r = compile_trial_text(
          "trial: T-AW\ntitle: assessment windows\ncondition: hepatocellular carcinoma\nlab window: 14 days\n"
          "inclusion:\n- ECOG 0-1 within 7 days of first dose of study drug\n"
          "- Platelets ≥ 75×10^9/L within 7 days of registration\n- INR ≤ 1.5 within 28 days of registration\n",
          "t.trial", lexicon());
      REQUIRE(r.errors.empty());
      const Trial t = std::move(*r.trial);
      const SynthSuite s = synthesize(t, *catalogue(), 1);
      CHECK(s.probed == s.leaves);
      REQUIRE(!s.cases.empty());
      CHECK(s.cases[0].patient["expect"]["verdict"] == "eligible");
      CHECK(s.cases[0].patient["scores"]["ecog"].contains("date"));  // dated, so that the window can be met
      auto variant = [&](const std::string& leaf, const std::string& name) -> const SynthCase* {
         for (const auto& c : s.cases)
            for (const auto& p : c.patient["expect"]["probes"])
               if (p["leaf"].get<std::string>().rfind(leaf + "@", 0) == 0 && p["variant"] == name) return &c;
         return nullptr;
      };
      for (const char* v : {"last day of the assessment window", "older than the assessment window", "undated"}) CHECK_MESSAGE(variant("inclusion#1/1", v), v);
      const SynthCase* undated = variant("inclusion#1/1", "undated");
      REQUIRE(undated);
      CHECK(undated->patient["expect"]["verdict"] == "indeterminate");
      // The platelets' own 7 days are stricter than the trial's 14; the INR's 28 days are not, so the trial's window binds it.
      const SynthCase* plt = variant("inclusion#2/1", "older than the assessment window");
      REQUIRE(plt);
      CHECK(plt->patient["expect"]["verdict"] == "indeterminate");
      CHECK(variant("inclusion#3/1", "stale"));
      CHECK(!variant("inclusion#3/1", "older than the assessment window"));

      namespace fs = std::filesystem;
      const fs::path dir = temp_path("eligo-test-assessment-window");
      fs::remove_all(dir);
      fs::create_directories(dir);
      for (const auto& c : s.cases) {
         std::ofstream o(dir / (c.name + ".json"));
         o << c.patient.dump(1);
      }
      std::vector<Trial> trials;
      trials.push_back(t);
      const RegressReport rep = regress({dir.string()}, trials, *catalogue());
      CHECK(rep.rows.size() == s.cases.size());
      CHECK(rep.failed() == 0);
      fs::remove_all(dir);
   }
}

}  // namespace eligo::test::assessment_window_tests
