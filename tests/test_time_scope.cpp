// Time scope is read, never dropped (docs/language.md, "Time scope"): "concurrent", "current",
// "active", "ongoing", "evidence of", "at screening" mean at the screening date; a window binds every
// item of the list it follows; "less than N weeks since X" is about an X that happened.
#include <doctest/doctest.h>

#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test::time_scope_tests {

namespace {

std::string reading(const std::string& criterion) { return compile_summary(criterion).substr(3); }

Outcome eval(const std::string& criterion, const std::string& patient_json)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   const Patient p = read_patient(patient_json, "test.json", *catalogue());
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
}

// A patient with complete history lists holding the given records (JSON array items).
std::string history(const std::string& conditions, const std::string& medications, const std::string& procedures)
{
   return R"({"id": "T", "conditions": [)" + conditions + R"(], "medications": [)" + medications + R"(], "procedures": [)" + procedures + "]}";
}

}  // namespace

TEST_SUITE("words")
{
   TEST_CASE("time-scope words are read: the fact at the screening date")
   {
      CHECK(reading("No concurrent radiotherapy") == "(not (has radiotherapy current))");
      CHECK(reading("Active HIV infection.") == "(has hiv_infection current)");
      CHECK(reading("ongoing anticoagulation") == "(has anticoagulant current)");
      CHECK(reading("Patients currently receiving anticoagulation") == "(has anticoagulant current)");
      CHECK(reading("Patients receiving anticoagulation") == "(has anticoagulant current)");
      CHECK(reading("Evidence of bleeding diathesis.") == "(has bleeding_disorder current)");
      CHECK(reading("HIV infection at screening") == "(has hiv_infection current)");
      // The moment first, before its comma (review helper-157: "At screening, …" did not compile).
      CHECK(reading("At screening, active hepatitis B or HIV infection") == "(or (has hepatitis_b current) (has hiv_infection current))");
      CHECK(reading("At the time of enrollment, use of anticoagulants") == "(has anticoagulant current)");
      CHECK(reading("At baseline, prior sorafenib") == "(has sorafenib)");
      // "use of" names a use, not its time: a present use unless a history word, a window or a moment times it (review
      // helper-159: read as any use ever, a warfarin course from 2014 met "use of anticoagulants"; "current use of" did not
      // compile).
      CHECK(reading("use of anticoagulants") == "(has anticoagulant current)");
      CHECK(reading("Current use of anticoagulants") == "(has anticoagulant current)");
      CHECK(reading("use of anticoagulants at screening") == "(has anticoagulant current)");
      CHECK(reading("Prior use of regorafenib.") == "(has regorafenib)");
      CHECK(reading("prior use of sorafenib at screening") == "(has sorafenib)");
      CHECK(reading("At screening, prior use of sorafenib") == "(has sorafenib)");
      CHECK(reading("use of sorafenib within 4 weeks") == "(has sorafenib within 4wk)");
      CHECK(reading("Any of the following at the time of screening: use of anticoagulants, sorafenib") ==
            "(or (has anticoagulant current) (has sorafenib current))");
      CHECK(reading("active hepatitis B or hepatitis C") == "(or (has hepatitis_b current) (has hepatitis_c current))");
      // After a history word, the moment is what the history counts back from.
      CHECK(reading("no prior sorafenib at the time of consent") == "(not (has sorafenib))");
      // "active infection" is a catalogue concept: the name wins.
      CHECK(reading("active infection") == "(has active_infection current)");
      // Two times for one fact: the line does not compile.
      CHECK(reading("history of active hepatitis B") ==
            "error 1: 'active' (at the screening date) and 'history of' (any time before) give the fact two different times: write the one meant, or "
            "mark the line manual");
      CHECK(reading("concurrent sorafenib within 3 months") ==
            "error 1: 'concurrent' (at the screening date) and the window 'within 3 months' give the fact two different times: write the one meant, or "
            "mark the line manual");
   }

   TEST_CASE("'concurrent X': a course that ended long ago does not meet it; one running at screening does")
   {
      const char* criterion = "No concurrent radiotherapy";
      // The old reading dropped "concurrent": a course from 2016 failed the inclusion.
      CHECK(eval(criterion, history("", "", R"({"concept": "radiotherapy", "date": "2016-03-01", "end": "2016-04-10"})")).result == Tri::met);
      CHECK(eval(criterion, history("", "", R"({"concept": "radiotherapy", "date": "2016-03-01", "status": "completed"})")).result == Tri::met);
      const Outcome running = eval(criterion, history("", "", R"({"concept": "radiotherapy", "date": "2026-10-20", "end": "2026-11-30"})"));
      CHECK(running.result == Tri::not_met);
      CHECK(running.why.find("at screening") != std::string::npos);
      // A procedure without an end applies on its date (docs/language.md, "History over time").
      CHECK(eval(criterion, history("", "", R"({"concept": "radiotherapy", "date": "2026-11-02"})")).result == Tri::not_met);
      CHECK(eval(criterion, history("", "", R"({"concept": "radiotherapy", "date": "2026-10-30"})")).result == Tri::met);
      CHECK(eval(criterion, history("", "", "")).result == Tri::met);
      CHECK(eval(criterion, R"({"id": "T"})").result == Tri::unknown);
   }

   TEST_CASE("'active X' and 'currently receiving X': conditions and medications without an end, and not over")
   {
      CHECK(eval("Active HIV infection.", history(R"({"concept": "HIV", "onset": "2010-05-01"})", "", "")).result == Tri::met);
      const Outcome resolved = eval("Active HIV infection.", history(R"({"concept": "HIV", "onset": "2010-05-01", "status": "resolved"})", "", ""));
      CHECK(resolved.result == Tri::not_met);
      CHECK(resolved.why.find("over before screening") != std::string::npos);
      CHECK(eval("Active HIV infection.", history(R"({"concept": "HIV", "onset": "2010-05-01", "abatement": "2012-01-01"})", "", "")).result == Tri::not_met);
      const char* receiving = "Patients currently receiving anticoagulation";
      CHECK(eval(receiving, history("", R"({"concept": "warfarin", "start": "2026-01-01"})", "")).result == Tri::met);
      CHECK(eval(receiving, history("", R"({"concept": "warfarin", "start": "2024-01-01", "end": "2025-01-01"})", "")).result == Tri::not_met);
      CHECK(eval(receiving, history("", R"({"concept": "warfarin", "start": "2026-01-01", "end": "2026-12-31"})", "")).result == Tri::met);
   }

   TEST_CASE("a window binds every item of the list it follows")
   {
      const char* criterion = "surgery or radiation therapy within the past 28 days";
      CHECK(reading(criterion) == "(or (has surgery within 28d) (has radiotherapy within 28d))");
      // The old reading was (or (has surgery) (has radiotherapy within 28d)): any operation ever met it.
      CHECK(eval(criterion, history("", "", R"({"concept": "surgery", "date": "2020-01-01"})")).result == Tri::not_met);
      CHECK(eval(criterion, history("", "", R"({"concept": "surgery", "date": "2026-10-20"})")).result == Tri::met);
      CHECK(eval(criterion, history("", "", R"({"concept": "radiotherapy", "date": "2026-10-20"})")).result == Tri::met);
   }

   TEST_CASE("a procedure given as a course applies until its end")
   {
      // Wide corpus NCT02555657 (seed-31 sample, helper-132): a stay in another trial from June to 25 October was a point
      // on its first day, so "within 4 weeks" of 2 November missed it.
      const char* criterion = "Participation in another clinical trial within 4 weeks";
      const Outcome course = eval(criterion, history("", "", R"({"concept": "clinical trial participation", "date": "2026-06-01", "end": "2026-10-25"})"));
      CHECK(course.result == Tri::met);
      CHECK_MESSAGE(course.why.find("from 2026-06-01 to 2026-10-25") != std::string::npos, course.why);
      // Ending after screening: going on at screening.
      CHECK(eval(criterion, history("", "", R"({"concept": "clinical trial participation", "date": "2026-06-01", "end": "2027-01-31"})")).result == Tri::met);
      CHECK(eval(criterion, history("", "", R"({"concept": "clinical trial participation", "date": "2026-06-01", "end": "2026-09-01"})")).result ==
            Tri::not_met);
      // A procedure on one day keeps its date; "at least 4 weeks since" counts from a course's last day.
      CHECK(eval(criterion, history("", "", R"({"concept": "clinical trial participation", "date": "2026-06-01"})")).result == Tri::not_met);
      CHECK(eval("at least 4 weeks since radiotherapy", history("", "", R"({"concept": "radiotherapy", "date": "2026-08-01", "end": "2026-10-20"})")).result ==
            Tri::not_met);
      CHECK(eval("at least 4 weeks since radiotherapy", history("", "", R"({"concept": "radiotherapy", "date": "2026-08-01", "end": "2026-09-20"})")).result ==
            Tri::met);
      // A native procedure whose status is "in-progress", with no end, is under way (review helper-134); "active", the
      // default, keeps a one-day procedure on its day (review helper-136).
      const std::string active = history("", "", R"({"concept": "radiotherapy", "start": "2026-09-01", "status": "in-progress"})");
      CHECK(eval("concurrent radiotherapy", active).result == Tri::met);
      CHECK(eval("radiotherapy within 2 weeks", active).result == Tri::met);
      CHECK(eval("TACE within 4 weeks", history("", "", R"({"concept": "TACE", "date": "2026-09-01", "status": "active"})")).result == Tri::not_met);
      CHECK(eval("concurrent radiotherapy", history("", "", R"({"concept": "radiotherapy", "start": "2026-09-01"})")).result == Tri::not_met);
   }

   TEST_CASE("a time since binds every item of the list after it")
   {
      const char* criterion = "> 4 weeks since prior radiation, surgery or chemotherapy";
      CHECK(reading(criterion) == "(and (has radiotherapy since > 4wk) (has surgery since > 4wk) (has chemotherapy since > 4wk))");
      // The old reading, (or (and (radiotherapy since > 4 wk) (has surgery)) (has chemotherapy)), failed a treatment-naive patient.
      CHECK(eval(criterion, history("", "", "")).result == Tri::met);
      CHECK(eval(criterion, history("", R"({"concept": "chemotherapy", "start": "2026-10-20", "end": "2026-10-25"})", "")).result == Tri::not_met);
      CHECK(eval(criterion, history("", R"({"concept": "chemotherapy", "start": "2025-01-01", "end": "2025-03-01"})", "")).result == Tri::met);
      CHECK(reading("less than 4 weeks since surgery or chemotherapy") == "(or (has surgery since < 4wk) (has chemotherapy since < 4wk))");
   }

   TEST_CASE("'less than N weeks since X' is about an X that happened")
   {
      const char* criterion = "Less than 4 weeks since major surgery";
      CHECK(reading(criterion) == "(has major_surgery since < 4wk)");
      // The old evaluation met it for a patient who never had surgery.
      const Outcome never = eval(criterion, history("", "", ""));
      CHECK(never.result == Tri::not_met);
      CHECK(never.why == "no major surgery on record (procedures taken as complete), so none, required < 4 weeks");
      CHECK(eval(criterion, history("", "", R"({"concept": "major surgery", "date": "2026-10-20"})")).result == Tri::met);
      CHECK(eval(criterion, history("", "", R"({"concept": "major surgery", "date": "2024-10-20"})")).result == Tri::not_met);
      // An old operation and a recent one: the recent one meets it.
      CHECK(eval(criterion, history("", "", R"({"concept": "major surgery", "date": "2024-10-20"}, {"concept": "major surgery", "date": "2026-10-25"})"))
                .result == Tri::met);
      CHECK(eval(criterion, history("", "", R"({"concept": "major surgery"})")).result == Tri::unknown);
      CHECK(eval(criterion, R"({"id": "T"})").result == Tri::unknown);
      // "≥ 4 weeks since X" keeps its meaning: met when X never happened.
      CHECK(eval("at least 4 weeks since major surgery", history("", "", "")).result == Tri::met);
   }

   TEST_CASE("a state in the concept's name or a state qualifier is at screening, unless the line gives a time")
   {
      CHECK(reading("Active infection") == "(has active_infection current)");
      CHECK(reading("Poorly controlled hypertension") == "(has uncontrolled_hypertension current)");
      CHECK(reading("History of uncontrolled hypertension") == "(has uncontrolled_hypertension)");
      CHECK(reading("active infection within 2 weeks") == "(has active_infection within 2wk)");
      CHECK(reading("Symptomatic brain metastases") == "(and (has brain_metastases current) (qualifier \"symptomatic\"))");
      // An infection that ended in 2012 is not an active infection now; one still going on is.
      const std::string over = R"({"concept": "active infection", "onset": "2012-01-01", "end": "2012-02-01"})";
      const std::string going = R"({"concept": "active infection", "onset": "2026-10-20"})";
      CHECK(eval("Active infection", history(over, "", "")).result == Tri::not_met);
      CHECK(eval("Active infection", history(going, "", "")).result == Tri::met);
      CHECK(eval("History of active infection", history(over, "", "")).result == Tri::met);
   }

   TEST_CASE("'patients with X' for a condition that can resolve is X at the screening date; 'history of X' is any time")
   {
      struct Case {
         const char* text;
         const char* reading;
      };
      const Case cases[] = {
          {"Patients with mental disease", "(has mental_illness current)"},
          {"Patients with mental illness.", "(has mental_illness current)"},
          {"Patients with schizophrenia", "(has schizophrenia current)"},  // a kind of a state is a state
          {"History of mental illness", "(has mental_illness)"},
          {"Patients with hepatocellular carcinoma", "(has hepatocellular_carcinoma)"},  // a disease the data does not call a state
      };
      for (const auto& k : cases) CHECK(reading(k.text) == k.reading);
      // A coagulopathy can resolve (NCT02231086's inclusion "no bleeding diathesis or coagulopathy"; NCT02160015's exclusion
      // "Known bleeding disorders ... or hemophilia"): one that ended in 2015 neither fails the first nor meets the second.
      CHECK(reading("no bleeding diathesis or coagulopathy") == "(not (has bleeding_disorder current))");
      CHECK(reading("Known bleeding disorders or hemophilia") == "(has bleeding_disorder current)");
      CHECK(reading("History of bleeding diathesis") == "(has bleeding_disorder)");
      const char* resolved = R"({"concept": "coagulopathy", "onset": "2015-01-01", "abatement": "2015-03-01"})";
      CHECK(eval("no bleeding diathesis or coagulopathy", history(resolved, "", "")).result == Tri::met);
      CHECK(eval("Known bleeding disorders or hemophilia", history(resolved, "", "")).result == Tri::not_met);
      CHECK(eval("Known bleeding disorders or hemophilia", history(R"({"concept": "hemophilia", "onset": "1990-01-01"})", "", "")).result == Tri::met);
      // A depression that remitted in 2012: not a mental illness at screening (read as history, it excluded the patient).
      const char* remitted = R"({"concept": "major depression", "onset": "2010-01-01", "abatement": "2012-01-01"})";
      CHECK(eval("Patients with mental disease", history(remitted, "", "")).result == Tri::not_met);
      CHECK(eval("History of mental illness", history(remitted, "", "")).result == Tri::met);
      CHECK(eval("Patients with mental disease", history(R"({"concept": "major depression", "onset": "2026-01-01"})", "", "")).result == Tri::met);
      // The catalogue says it of every kind: a kind of a state is a state.
      for (const auto& c : catalogue()->concepts())
         for (const auto& other : catalogue()->concepts())
            if (other.state && &other != &c && catalogue()->kind_of(c, other)) CHECK_MESSAGE(c.state, (c.id + " is a kind of " + other.id));
   }

   TEST_CASE("'on X', 'taking X', 'receiving X', 'currently using X', 'being treated with X': use at the screening date")
   {
      // Warfarin stopped in 2019. Once (has anticoagulant): "Patients on anticoagulants (ie warfarin/heparin)" excluded this patient.
      const std::string stopped = history("", R"({"concept": "warfarin", "start": "2018-01-01", "end": "2019-01-01"})", "");
      const std::string taking = history("", R"({"concept": "warfarin", "start": "2026-01-01"})", "");
      struct Case {
         const char* text;
         const char* reading;
      };
      const Case cases[] = {
          {"Patients on anticoagulants (ie warfarin/heparin)", "(has anticoagulant current)"},
          {"Patients on anticoagulants", "(has anticoagulant current)"},
          {"Patients taking warfarin", "(has warfarin current)"},
          {"Patients currently on warfarin", "(has warfarin current)"},
          {"Patients currently using warfarin", "(has warfarin current)"},
          {"Patients currently taking warfarin", "(has warfarin current)"},
          {"Patients receiving warfarin", "(has warfarin current)"},
          {"Patients currently treated with warfarin", "(has warfarin current)"},
          {"Patients being treated with warfarin", "(has warfarin current)"},
          {"Patients under treatment with warfarin", "(has warfarin current)"},
          {"Patients on warfarin or heparin", "(or (has warfarin current) (has heparin current))"},
      };
      for (const Case& c : cases) {
         CAPTURE(c.text);
         CHECK(reading(c.text) == c.reading);
         CHECK(eval(c.text, stopped).result == Tri::not_met);
         CHECK(eval(c.text, taking).result == Tri::met);
      }
      // A window gives the use a time of its own: use within it, not at screening.
      CHECK(reading("Patients receiving warfarin within 4 weeks") == "(has warfarin within 4wk)");
      CHECK(reading("on warfarin or heparin within 4 weeks") == "(or (has warfarin within 4wk) (has heparin within 4wk))");
      CHECK(eval("Patients receiving warfarin within 4 weeks", history("", R"({"concept": "warfarin", "start": "2026-09-01", "end": "2026-10-20"})", ""))
                .result == Tri::met);
      // "treated with" alone is a past participle: history ("patients treated with TACE").
      CHECK(reading("Patients treated with TACE") == "(has tace)");
      CHECK(reading("Patients previously treated with sorafenib") == "(has sorafenib)");
   }

   TEST_CASE("a bracket that confirms a finding within a time gives the finding that window")
   {
      const char* criterion = "Pulmonary fibrosis or interstitial pneumonia (to be confirmed by chest X-ray within 28 days before enrollment)";
      // Once (or (has interstitial_lung_disease) (has interstitial_lung_disease)): a pneumonia that resolved in 2015 excluded the patient.
      CHECK(reading(criterion) == "(has interstitial_lung_disease within 28d)");
      CHECK(eval(criterion, history(R"({"concept": "interstitial pneumonia", "onset": "2015-01-01", "abatement": "2015-06-01"})", "", "")).result ==
            Tri::not_met);
      CHECK(eval(criterion, history(R"({"concept": "pulmonary fibrosis", "onset": "2024-01-01"})", "", "")).result == Tri::met);
      CHECK(reading("interstitial lung disease (documented within 3 months)") == "(has interstitial_lung_disease within 3mo)");
   }
}

}  // namespace eligo::test::time_scope_tests
