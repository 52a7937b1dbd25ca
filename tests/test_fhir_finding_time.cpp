// Findings in time (issue 16, item 3): a lab finding read from coded Observations (HBsAg, HBV DNA, HCV RNA) counts
// for a history ("history of", "prior", a fact without a time-scope word) whenever it was present, whatever a later
// result says; a criterion at the screening date ("active", "current") takes the newest result; a window takes the
// results inside it. Serology answers coded Reactive / Non-reactive (SNOMED CT 11214006 / 131194007) are read.
// Each bundle holds a Condition that names nothing, so the conditions list is complete and "not met" can be told.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "hcc_trial_eval.hpp"
#include "support.hpp"

namespace eligo::test::fhir_finding_time_tests {

using nlohmann::json;

namespace {

const char* loinc = "http://loinc.org";
const char* sct = "http://snomed.info/sct";

const char* hbsag = "5196-1";     // Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay
const char* hcv_rna = "11259-9";  // Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection

json coded(const std::string& system, const std::string& code, const std::string& display)
{
   return {{"coding", json::array({{{"system", system}, {"code", code}, {"display", display}}})}};
}

const json positive = coded(sct, "10828004", "Positive");
const json negative = coded(sct, "260385009", "Negative");
const json detected = coded(loinc, "LA11882-0", "Detected");
const json not_detected = coded(loinc, "LA11883-8", "Not detected");
const json reactive = coded(sct, "11214006", "Reactive (qualifier value)");
const json non_reactive = coded(sct, "131194007", "Non-reactive (qualifier value)");

// A Synthea-shaped laboratory Observation of a LOINC presence test with a coded answer.
json result(const std::string& code, const std::string& date, const json& answer, const std::string& status = "final")
{
   return {{"resourceType", "Observation"},
           {"status", status},
           {"category", json::array({coded("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "laboratory")})},
           {"code", coded(loinc, code, "presence test")},
           {"effectiveDateTime", date + "T09:30:00+00:00"},
           {"issued", date + "T10:00:00.000+00:00"},
           {"valueCodeableConcept", answer}};
}

// A patient whose Conditions are exported (one that names no catalogue concept: SNOMED CT 444814009 "Viral sinusitis",
// as Synthea writes it), and the given Observations.
Patient patient(std::vector<json> observations)
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   b["entry"].push_back(
       {{"fullUrl", "urn:uuid:p1"}, {"resource", {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", "male"}, {"birthDate", "1961-04-20"}}}});
   observations.push_back({{"resourceType", "Condition"},
                           {"clinicalStatus", coded("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", "Resolved")},
                           {"verificationStatus", coded("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")},
                           {"code", coded(sct, "444814009", "Viral sinusitis (disorder)")},
                           {"onsetDateTime", "2015-02-01T08:00:00+00:00"},
                           {"abatementDateTime", "2015-02-15T08:00:00+00:00"}});
   int n = 0;
   for (auto& r : observations) {
      r["id"] = "r" + std::to_string(++n);
      r["subject"] = {{"reference", "urn:uuid:p1"}};
      b["entry"].push_back({{"fullUrl", "urn:uuid:r" + std::to_string(n)}, {"resource", r}});
   }
   return read_patient(b.dump(), "b.json", *catalogue());
}

const auto eval = &eval_in_hcc_trial;

std::string verdict(const std::string& criterion, const Patient& p) { return to_string(eval(criterion, p).result); }

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("a history counts any positive result; a newer negative one does not wipe it out")
   {
      // HBsAg positive in 2019 (an HBV infection then), negative in 2024 (cleared or treated).
      const Patient cleared = patient({result(hbsag, "2019-05-02", positive), result(hbsag, "2024-03-11", negative)});
      CHECK(verdict("history of hepatitis B", cleared) == "met");
      CHECK(verdict("prior HBV infection", cleared) == "met");
      CHECK(verdict("hepatitis B", cleared) == "met");  // no time-scope word: history
      const Outcome o = eval("history of hepatitis B", cleared);
      CHECK(o.why.find("HBsAg positive (hepatitis B surface antigen) recorded as present (Observation/r1, 2019-05-02)") != std::string::npos);
      CHECK(o.why.find("a later record says absent (Observation/r2, 2024-03-11)") != std::string::npos);
      // At the screening date the newest result decides: no active hepatitis B, no positive HBsAg now.
      CHECK(verdict("active hepatitis B", cleared) == "not_met");
      CHECK(verdict("HBsAg positive", cleared) == "not_met");

      // Negative first, positive later.
      const Patient infected = patient({result(hbsag, "2019-05-02", negative), result(hbsag, "2024-03-11", positive)});
      CHECK(verdict("history of hepatitis B", infected) == "met");
      CHECK(verdict("HBsAg positive", infected) == "met");
      // A positive HBsAg shows an HBV infection, not whether it is active (HCC trials tell that by HBV DNA): open, never
      // "not met" for want of a hepatitis B Condition.
      const Outcome active = eval("active hepatitis B", infected);
      CHECK(std::string(to_string(active.result)) == "unknown");
      CHECK(active.why.find("HBsAg positive (hepatitis B surface antigen) (Observation/r2, 2024-03-11): it shows hepatitis B") != std::string::npos);

      // Only negative results: no history of hepatitis B on a complete conditions list.
      CHECK(verdict("history of hepatitis B", patient({result(hbsag, "2019-05-02", negative), result(hbsag, "2024-03-11", negative)})) == "not_met");
      // A result entered in error is not a record.
      CHECK(verdict("history of hepatitis B", patient({result(hbsag, "2019-05-02", positive, "entered-in-error")})) == "not_met");
      // HBV DNA detectable is evidence of hepatitis B too.
      CHECK(verdict("history of hepatitis B", patient({result("29610-3", "2018-01-09", detected), result("29610-3", "2025-07-01", not_detected)})) == "met");
   }

   TEST_CASE("HCV RNA: a kind of hepatitis C; history any time, current by the newest result")
   {
      const Patient cured = patient({result(hcv_rna, "2019-05-02", detected), result(hcv_rna, "2024-03-11", not_detected)});
      CHECK(verdict("history of hepatitis C", cured) == "met");
      CHECK(verdict("previous hepatitis C infection", cured) == "met");
      CHECK(verdict("active hepatitis C", cured) == "not_met");
      CHECK(verdict("HCV RNA detectable", cured) == "not_met");

      const Patient new_infection = patient({result(hcv_rna, "2019-05-02", not_detected), result(hcv_rna, "2026-09-11", detected)});
      CHECK(verdict("history of hepatitis C", new_infection) == "met");
      CHECK(verdict("active hepatitis C", new_infection) == "met");
      CHECK(verdict("HCV RNA detectable", new_infection) == "met");
      // Detected more than 90 days before screening (a course of antivirals may have cured it since): open, never met.
      const Patient old_infection = patient({result(hcv_rna, "2019-05-02", not_detected), result(hcv_rna, "2024-03-11", detected)});
      CHECK(verdict("history of hepatitis C", old_infection) == "met");
      CHECK(verdict("active hepatitis C", old_infection) == "unknown");
      CHECK(verdict("HCV RNA detectable", old_infection) == "unknown");
   }

   TEST_CASE("a window counts the findings inside it; one before it may have held on")
   {
      CHECK(verdict("hepatitis C within 6 months", patient({result(hcv_rna, "2026-09-14", detected)})) == "met");
      // Detected in 2019 and not detected in 2024: over before the window.
      const Outcome over = eval("hepatitis C within 6 months", patient({result(hcv_rna, "2019-05-02", detected), result(hcv_rna, "2024-03-11", not_detected)}));
      CHECK(std::string(to_string(over.result)) == "not_met");
      CHECK(
          over.why.find("HCV RNA detectable recorded as present (Observation/r1, 2019-05-02), absent on 2024-03-11 (Observation/r2): over before the window") !=
          std::string::npos);
      // Detected in 2019 and never tested again: whether it held within the window is not recorded.
      const Outcome open = eval("hepatitis C within 6 months", patient({result(hcv_rna, "2019-05-02", detected)}));
      CHECK(std::string(to_string(open.result)) == "unknown");
      CHECK(open.why.find("whether it still held within 6 months is not recorded") != std::string::npos);
      // Detected in 2019, not detected inside the window: it held until some day before that result, perhaps inside the window.
      CHECK(verdict("hepatitis C within 6 months", patient({result(hcv_rna, "2019-05-02", detected), result(hcv_rna, "2026-10-01", not_detected)})) ==
            "unknown");
   }

   TEST_CASE("serology answers coded Reactive and Non-reactive (SNOMED CT 11214006, 131194007)")
   {
      CHECK(verdict("HBsAg positive", patient({result(hbsag, "2026-10-20", reactive)})) == "met");
      CHECK(verdict("HBsAg positive", patient({result(hbsag, "2026-10-20", non_reactive)})) == "not_met");
      CHECK(verdict("anti-HCV positive", patient({result("13955-0", "2026-10-20", reactive)})) == "met");
      const Patient reactive_then_not = patient({result(hbsag, "2020-06-30", reactive), result(hbsag, "2026-10-20", non_reactive)});
      CHECK(verdict("HBsAg positive", reactive_then_not) == "not_met");
      CHECK(verdict("history of hepatitis B", reactive_then_not) == "met");
      CHECK(reactive_then_not.skipped.empty());
   }
}

}  // namespace eligo::test::fhir_finding_time_tests
