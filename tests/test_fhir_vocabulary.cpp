// The vocabulary of issue 16, item 7, read from FHIR by code: hepatitis B and C as lab facts (HBsAg, HBV DNA,
// anti-HCV, HCV RNA: coded or written answers, viral loads in IU/mL, log units refused), HIV screening tests (a
// reactive screen is not HIV infection), NYHA class from its LOINC
// observation, hormonal therapy by membership (never chemotherapy), and Synthea's "Secondary malignant neoplasm of
// colon". Each code and its source is in engine/catalogue/*.json; docs/fhir.md and docs/catalogue.md describe them.
#include <algorithm>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "hcc_trial_eval.hpp"
#include "support.hpp"

namespace eligo::test::fhir_vocabulary_tests {

using nlohmann::json;

namespace {

const char* loinc = "http://loinc.org";
const char* sct = "http://snomed.info/sct";
const char* ucum = "http://unitsofmeasure.org";

// A bundle of a patient and the given resources, each given an id and the patient as subject.
json bundle(std::vector<json> resources)
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   b["entry"].push_back(
       {{"fullUrl", "urn:uuid:p1"}, {"resource", {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", "male"}, {"birthDate", "1960-03-12"}}}});
   int n = 0;
   for (auto& r : resources) {
      r["id"] = "r" + std::to_string(++n);
      r["subject"] = {{"reference", "urn:uuid:p1"}};
      b["entry"].push_back({{"fullUrl", "urn:uuid:r" + std::to_string(n)}, {"resource", r}});
   }
   return b;
}

// An Observation of a LOINC code on a date with the given value element ("valueCodeableConcept": {...}).
json observation(const std::string& code, const std::string& date, const std::string& value_key, json value)
{
   json o = {{"resourceType", "Observation"},
             {"status", "final"},
             {"code", {{"coding", json::array({{{"system", loinc}, {"code", code}}})}}},
             {"effectiveDateTime", date}};
   o[value_key] = std::move(value);
   return o;
}

json answer(const std::string& system, const std::string& code) { return {{"coding", json::array({{{"system", system}, {"code", code}}})}}; }

json quantity(double value, const std::string& unit) { return {{"value", value}, {"system", ucum}, {"code", unit}, {"unit", unit}}; }

// The resource of a bundle in ../shared/fhir that carries `code`, as the bundle writes it (its own subject dropped).
json element(const std::string& file, const std::string& code)
{
   std::ifstream in(shared_path("fhir/" + file));
   REQUIRE_MESSAGE(in, file);
   const json b = json::parse(in);
   for (const auto& e : b.at("entry")) {
      json r = e.at("resource");
      const json cc = r.contains("code") ? r.at("code") : r.value("medicationCodeableConcept", json::object());
      for (const auto& c : cc.value("coding", json::array()))
         if (c.value("code", "") == code) {
            r.erase("subject");
            return r;
         }
   }
   FAIL("no element with code " << code << " in " << file);
   return {};
}

Patient read(const json& b) { return read_patient(b.dump(), "b.json", *catalogue()); }

const auto eval = &eval_in_hcc_trial;

std::string result(const std::string& criterion, const Patient& p) { return to_string(eval(criterion, p).result); }

bool skipped_because(const Patient& p, const std::string& why)
{
   return std::any_of(p.skipped.begin(), p.skipped.end(), [&](const auto& s) { return s.reason.find(why) != std::string::npos; });
}

// The concept ids a patient's records name.
std::vector<std::string> named(const Patient& p)
{
   std::vector<std::string> ids;
   for (const auto* list : {&p.conditions, &p.medications, &p.procedures})
      if (*list)
         for (const auto& r : **list) ids.push_back(r.concept_ ? r.concept_->id : "");
   return ids;
}

const std::string cleo = "wide/Cleo_Friesen_59907280-53b1-4677-92b9-83c1332a08b3.json";
const std::string ali = "wide/Ali_Herman_75c71918-f07f-4492-af1a-ce006a1e8aaf.json";
const std::string christian = "wide/Christian_Brekke_437b8ab7-c4a8-4cb0-ad3f-4fc65c6b036d.json";

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("HBsAg, HBV DNA, anti-HCV and HCV RNA: coded and written answers by code")
   {
      const json positive = answer(sct, "10828004"), negative = answer(loinc, "LA6577-6");
      const Patient pos = read(bundle({observation("5196-1", "2026-10-01", "valueCodeableConcept", positive)}));
      CHECK(result("HBsAg positive", pos) == "met");
      // HBsAg alone does not tell an inactive carrier from active or chronic hepatitis B (HCC trials
      // decide "active" by HBV DNA): it is evidence of hepatitis B, a history of it, and leaves "active" open.
      CHECK(result("history of hepatitis B", pos) == "met");
      CHECK(result("active hepatitis B", pos) == "unknown");
      // Nor whether it is chronic: it suggests a chronic hepatitis B, and leaves it open (never not met), also where the
      // conditions list is complete (a hypertension Condition shows it is given).
      const json hypertension = {{"resourceType", "Condition"}, {"code", answer(sct, "38341003")}, {"onsetDateTime", "2015-01-01"}};
      const Patient pos_listed = read(bundle({observation("5196-1", "2026-10-01", "valueCodeableConcept", positive), hypertension}));
      CHECK(result("chronic hepatitis B", pos_listed) == "unknown");
      CHECK(result("chronic hepatitis C", pos_listed) == "not_met");
      CHECK(result("HBsAg positive", read(bundle({observation("5195-3", "2026-10-01", "valueCodeableConcept", negative)}))) == "not_met");
      // The newest result decides.
      const Patient cleared = read(bundle(
          {observation("5196-1", "2020-01-01", "valueCodeableConcept", positive), observation("5196-1", "2025-01-01", "valueCodeableConcept", negative)}));
      CHECK(result("HBsAg positive", cleared) == "not_met");
      // A negative HBsAg says nothing about a past infection.
      CHECK(result("history of hepatitis B", read(bundle({observation("5195-3", "2026-10-01", "valueCodeableConcept", negative)}))) == "unknown");
      // Written answers: the whole text must be one of the listed words.
      CHECK(result("HBsAg positive", read(bundle({observation("5196-1", "2026-10-01", "valueString", "Positive")}))) == "met");
      CHECK(result("HBV DNA detectable", read(bundle({observation("29610-3", "2026-10-01", "valueString", "Not detected")}))) == "not_met");
      CHECK(result("HBsAg positive", read(bundle({observation("5196-1", "2026-10-01", "valueString", "weakly positive")}))) == "unknown");
      // Detectable HCV RNA is hepatitis C; a positive antibody is not (it stays after a cleared or cured infection).
      const Patient rna = read(bundle({observation("11259-9", "2026-10-01", "valueCodeableConcept", answer(loinc, "LA11882-0"))}));
      CHECK(result("HCV RNA detectable", rna) == "met");
      CHECK(result("hepatitis C", rna) == "met");
      CHECK(result("chronic hepatitis C",
                   read(bundle({observation("11259-9", "2026-10-01", "valueCodeableConcept", answer(loinc, "LA11882-0")), hypertension}))) == "unknown");
      CHECK(result("HCV RNA positive", read(bundle({observation("11259-9", "2026-10-01", "valueCodeableConcept", answer(sct, "260415000"))}))) == "not_met");
      const Patient ab = read(bundle({observation("16128-1", "2026-10-01", "valueCodeableConcept", answer(loinc, "LA6576-8"))}));
      CHECK(result("anti-HCV positive", ab) == "met");
      CHECK(result("hepatitis C", ab) == "unknown");
      CHECK(result("HCV RNA detectable", ab) == "unknown");
      // Synthea's "Hepatitis B Surface Antigen Measurement" is a Procedure: a test was done, with no result. It names nothing.
      const Patient test_only = read(bundle({element(christian, "47758006")}));
      CHECK(named(test_only).empty());
      CHECK(result("HBsAg positive", test_only) == "unknown");
   }

   TEST_CASE("HIV antibody/antigen screening tests by code: a reactive screen is the test's result, not HIV infection")
   {
      const json reactive = answer(sct, "11214006"), nonreactive = answer(sct, "131194007");
      // Each LOINC code the catalogue lists for the finding (concepts.json names each with its VSAC display).
      for (const char* code : {"56888-1", "7917-8", "7918-6", "7919-4", "29893-5", "30361-0", "31201-7", "40733-8", "43009-0", "48345-3", "68961-2", "73905-2",
                               "73906-0", "80387-4", "81641-3"}) {
         CAPTURE(code);
         const Patient pos = read(bundle({observation(code, "2026-10-01", "valueCodeableConcept", reactive)}));
         CHECK(result("HIV antibody positive", pos) == "met");
         CHECK(result("HIV antibody positive", read(bundle({observation(code, "2026-10-01", "valueCodeableConcept", nonreactive)}))) == "not_met");
      }
      // A reactive screen is presumptive (CDC/APHL: a differentiation assay and an HIV-1 NAT follow, and may show a false
      // positive): it neither meets nor is evidence of HIV infection.
      const Patient pos = read(bundle({observation("56888-1", "2026-10-01", "valueCodeableConcept", reactive)}));
      CHECK(result("HIV infection", pos) == "unknown");
      CHECK(result("history of HIV infection", pos) == "unknown");
      // Written answers, and the newest result decides.
      CHECK(result("HIV antibody positive", read(bundle({observation("31201-7", "2026-10-01", "valueString", "Reactive")}))) == "met");
      CHECK(result("HIV antibody positive", read(bundle({observation("31201-7", "2020-01-01", "valueCodeableConcept", reactive),
                                                         observation("31201-7", "2026-10-01", "valueCodeableConcept", nonreactive)}))) == "not_met");
      // Near misses name nothing: the quantitative combo assay (58900-2, a level, not an answer), the Meaningful Use
      // panel (75622-1), HIV status (55277-8, a recorded status), a neighbouring code (56888-2), and the same code in
      // another system.
      for (const char* code : {"58900-2", "75622-1", "55277-8", "56888-2"}) {
         CAPTURE(code);
         const Patient p = read(bundle({observation(code, "2026-10-01", "valueCodeableConcept", reactive)}));
         CHECK(result("HIV antibody positive", p) == "unknown");
         CHECK(std::any_of(p.unmapped_codes.begin(), p.unmapped_codes.end(), [&](const auto& u) { return u.code == code; }));
      }
      // The p24-antigen-only tests of the same value set are not read: an early infection can be antigen-positive and
      // antibody-negative, so a reactive antigen test is no "HIV antibody positive" (nor HIV infection).
      for (const char* code : {"5222-5", "18396-2", "24012-7", "9821-0"}) {
         CAPTURE(code);
         const Patient p = read(bundle({observation(code, "2026-10-01", "valueCodeableConcept", reactive)}));
         CHECK(result("HIV antibody positive", p) == "unknown");
         CHECK(result("HIV infection", p) == "unknown");
         CHECK(std::any_of(p.unmapped_codes.begin(), p.unmapped_codes.end(), [&](const auto& u) { return u.code == code; }));
         // Nor does a non-reactive antigen test say the antibody is absent.
         CHECK(result("HIV antibody positive", read(bundle({observation(code, "2026-10-01", "valueCodeableConcept", nonreactive)}))) == "unknown");
      }
      json wrong_system = observation("56888-1", "2026-10-01", "valueCodeableConcept", reactive);
      wrong_system["code"]["coding"][0]["system"] = sct;
      CHECK(result("HIV antibody positive", read(bundle({wrong_system}))) == "unknown");
      // The test's name as text, without a code, names nothing either.
      json words = observation("56888-1", "2026-10-01", "valueCodeableConcept", reactive);
      words["code"] = {{"text", "HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay"}};
      CHECK(result("HIV antibody positive", read(bundle({words}))) == "unknown");
   }

   TEST_CASE("A reactive HIV screen or a positive anti-HCV, with no diagnosis recorded, leaves HIV infection or hepatitis C open")
   {
      // A coded condition makes the conditions list whole: with nothing else, HIV infection and hepatitis C are not met.
      const json hypertension = {{"resourceType", "Condition"},
                                 {"clinicalStatus", answer("http://terminology.hl7.org/CodeSystem/condition-clinical", "active")},
                                 {"code", answer(sct, "38341003")},
                                 {"onsetDateTime", "2015-01-01"}};
      const json reactive = answer(sct, "11214006"), nonreactive = answer(sct, "131194007");
      CHECK(result("HIV infection", read(bundle({hypertension}))) == "not_met");
      CHECK(result("hepatitis C", read(bundle({hypertension}))) == "not_met");
      // A reactive screen suggests HIV infection without showing it (concepts.json "suggests"): "none recorded" would
      // not be what the record says, so the criterion is open, and the worklist asks whether it was confirmed.
      const Patient screened = read(bundle({hypertension, observation("56888-1", "2025-03-01", "valueCodeableConcept", reactive)}));
      for (const char* criterion : {"HIV infection", "history of HIV infection", "known HIV", "no HIV infection"}) {
         CAPTURE(criterion);
         const Outcome o = eval(criterion, screened);
         CHECK(std::string(to_string(o.result)) == "unknown");
         CHECK(o.why.find("HIV antibody/antigen screening test reactive (Observation/r2, 2025-03-01) suggests HIV infection, which no record confirms") !=
               std::string::npos);
         CHECK(std::find(o.missing.begin(), o.missing.end(),
                         "whether HIV infection was confirmed (HIV antibody/antigen screening test reactive, Observation/r2, 2025-03-01)") != o.missing.end());
      }
      CHECK(result("HIV antibody positive", screened) == "met");
      // A diagnosis on record meets it, by any of its codes: the status code Z21, WHO ICD-10 B20-B24, ICD-9-CM 042 and
      // V08, the kinds of HIV infection SNOMED CT names (AIDS, asymptomatic, acute, HIV-1, HIV-2). "Laboratory evidence of
      // HIV" (R75) and exposure (Z20.6) are not a diagnosis.
      auto coded = [](const char* system, const char* code) {
         return json{{"resourceType", "Condition"}, {"code", answer(system, code)}, {"onsetDateTime", "2025-04-01"}};
      };
      const char* icd10 = "http://hl7.org/fhir/sid/icd-10";
      const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
      const char* icd9 = "http://hl7.org/fhir/sid/icd-9-cm";
      for (const auto& [system, code] : std::vector<std::pair<const char*, const char*>>{{icd10cm, "Z21"},
                                                                                         {icd10, "B24"},
                                                                                         {icd10, "B23.0"},
                                                                                         {icd9, "042"},
                                                                                         {icd9, "V08"},
                                                                                         {sct, "62479008"},
                                                                                         {sct, "91947003"},
                                                                                         {sct, "111880001"},
                                                                                         {sct, "40780007"},
                                                                                         {sct, "79019005"}}) {
         CAPTURE(code);
         CHECK(result("HIV infection", read(bundle({hypertension, coded(system, code)}))) == "met");
      }
      // SNOMED CT 165816005 "HIV detected" is a finding, not a diagnosis: like a reactive screen, it leaves HIV infection open.
      const Patient detected = read(bundle({hypertension, coded(sct, "165816005")}));
      CHECK(result("HIV infection", detected) == "unknown");
      CHECK(eval("HIV infection", detected).why.find("HIV detected (a finding, not a diagnosis code) (Condition/r2, 2025-04-01) suggests HIV infection") !=
            std::string::npos);
      CHECK(result("HIV detected", detected) == "met");
      // R75, laboratory evidence of HIV (inconclusive in ICD-10-CM), is a result, not a diagnosis: open, as a reactive screen.
      for (const char* system : {icd10, icd10cm}) {
         CAPTURE(system);
         const Patient lab_evidence = read(bundle({hypertension, coded(system, "R75")}));
         CHECK(result("HIV infection", lab_evidence) == "unknown");
         CHECK(eval("HIV infection", lab_evidence)
                   .why.find("laboratory evidence of HIV (inconclusive, not a diagnosis code) (Condition/r2, 2025-04-01) suggests") != std::string::npos);
      }
      CHECK(result("HIV infection", read(bundle({hypertension, coded(icd10cm, "Z20.6")}))) == "not_met");
      // Hepatitis C, acute or unspecified.
      for (const char* code : {"B17.10", "B17.11", "B19.20", "B19.21"}) {
         CAPTURE(code);
         CHECK(result("hepatitis C", read(bundle({hypertension, coded(icd10cm, code)}))) == "met");
      }
      CHECK(result("HIV infection",
                   read(bundle({hypertension, coded(sct, "86406008"), observation("56888-1", "2025-03-01", "valueCodeableConcept", reactive)}))) == "met");
      // A later non-reactive result does not lift it: non-reactive HIV-1 and HIV-2 antibody tests after a reactive
      // antigen/antibody screen are the pattern of an acute infection, which an HIV-1 RNA test decides (CDC/APHL).
      const Patient acute = read(bundle({hypertension, observation("56888-1", "2026-10-01", "valueCodeableConcept", reactive),
                                         observation("68961-2", "2026-10-03", "valueCodeableConcept", nonreactive),
                                         observation("81641-3", "2026-10-03", "valueCodeableConcept", nonreactive)}));
      CHECK(result("known HIV", acute) == "unknown");
      CHECK(eval("known HIV", acute).why.find("(Observation/r2, 2026-10-01) suggests HIV infection") != std::string::npos);
      CHECK(result("HIV antibody positive", acute) == "not_met");
      // A reactive screen dated after the screening date is not read.
      CHECK(result("HIV infection", read(bundle({hypertension, observation("56888-1", "2026-12-01", "valueCodeableConcept", reactive)}))) == "not_met");
      // A positive antibody shows a past or present infection, or a false positive: hepatitis C stays open, with or
      // without "active"; the RNA test tells them apart.
      const Patient antibody = read(bundle({hypertension, observation("16128-1", "2025-03-01", "valueCodeableConcept", answer(loinc, "LA6576-8"))}));
      for (const char* criterion : {"hepatitis C", "history of hepatitis C", "active hepatitis C"}) {
         CAPTURE(criterion);
         CHECK(result(criterion, antibody) == "unknown");
      }
      // An antibody can be lost while the infection stays, and a cleared infection is still a history: a later negative
      // antibody leaves it open too.
      const Patient lost = read(bundle({hypertension, observation("16128-1", "2020-03-01", "valueCodeableConcept", answer(loinc, "LA6576-8")),
                                        observation("16128-1", "2025-04-01", "valueCodeableConcept", answer(loinc, "LA6577-6"))}));
      CHECK(result("anti-HCV positive", lost) == "not_met");
      CHECK(result("history of hepatitis C", lost) == "unknown");
   }

   TEST_CASE("A viral load is a detection in any unit; a bound below or a later undetected load keeps 'active' open, never met")
   {
      // A complete conditions list without hepatitis C: before, a viraemic patient was "active hepatitis C: not met".
      const json hypertension = {{"resourceType", "Condition"}, {"code", answer(sct, "38341003")}, {"onsetDateTime", "2015-01-01"}};
      auto load = [](const char* code, const char* date, double v, const std::string& unit, const std::string& comparator = "") {
         json q = quantity(v, unit);
         if (!comparator.empty()) q["comparator"] = comparator;
         return observation(code, date, "valueQuantity", q);
      };
      auto less_than = [](double v) {
         json q = quantity(v, "[IU]/mL");
         q["comparator"] = "<";
         return q;
      };
      auto with = [](json o, const char* interpretation) {
         o["interpretation"] = json::array({answer("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", interpretation)});
         return o;
      };
      const Patient viraemic = read(bundle({hypertension, load("11011-4", "2026-09-01", 850000, "[IU]/mL")}));
      CHECK(result("HCV RNA detectable", viraemic) == "met");
      CHECK(result("hepatitis C", viraemic) == "met");
      CHECK(result("active hepatitis C", viraemic) == "met");
      CHECK(result("HCV RNA > 15 IU/mL", viraemic) == "met");
      // The why shows the number.
      CHECK(eval("active hepatitis C", viraemic).why.find("(Observation/r2, HCV RNA (viral load) 850000 [IU]/mL, 2026-09-01)") != std::string::npos);
      // Detection needs no conversion: a load in copies (20416-4, 29615-2) or on a log scale is detected, though its value
      // is never compared with a threshold in IU/mL.
      const Patient copies = read(bundle({hypertension, load("20416-4", "2026-09-01", 5000, "{copies}/mL")}));
      CHECK(result("active hepatitis C", copies) == "met");
      CHECK(result("HCV RNA < 15 IU/mL", copies) == "unknown");
      CHECK(result("history of hepatitis B", read(bundle({hypertension, load("29615-2", "2026-09-01", 5000, "{copies}/mL")}))) == "met");
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, load("38180-6", "2026-09-01", 5.9, "{log_IU}/mL")}))) == "met");
      // On a log scale zero is one unit: neither.
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, load("11011-4", "2026-09-01", 0, "log IU/mL")}))) == "unknown");
      // Zero: not detected (and with no hepatitis C on the complete conditions list, not met).
      const Patient cleared = read(bundle({hypertension, load("11011-4", "2026-09-01", 0, "[IU]/mL")}));
      CHECK(result("HCV RNA detectable", cleared) == "not_met");
      CHECK(result("hepatitis C", cleared) == "not_met");
      // "<15 IU/mL": below the assay's limit of quantification, which may be detected without a number: neither.
      const Patient bound = read(bundle({hypertension, load("11011-4", "2026-09-01", 15, "[IU]/mL", "<")}));
      CHECK(result("HCV RNA detectable", bound) == "unknown");
      CHECK(result("HCV RNA < 20 IU/mL", bound) == "met");
      CHECK(skipped_because(bound, "HCV RNA (viral load) <15 [IU]/mL: a result below the assay's limit of quantification may or may not be detected"));
      // The laboratory's interpretation decides: "ND" on a result written as the limit itself (its "<" lost), "DET" on
      // a result below it.
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, with(load("11011-4", "2026-09-01", 15, "[IU]/mL", "<"), "ND")}))) == "not_met");
      // Words that contradict a quantified load say neither: "15 IU/mL" with "ND" (its "<" lost?), 850,000 beside canned text.
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, with(load("11011-4", "2026-09-01", 15, "[IU]/mL"), "ND")}))) == "unknown");
      CHECK(result("active hepatitis C", read(bundle({hypertension, with(load("11011-4", "2026-09-01", 15, "[IU]/mL", "<"), "DET")}))) == "met");
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, with(load("11011-4", "2026-09-01", 15, "[IU]/mL", "<"), "IND")}))) == "unknown");

      // Cured or not: a load, then "<15". The older load no longer decides, and "active" stays open, the newer result named.
      const Patient treated = read(bundle({hypertension, load("11011-4", "2024-01-10", 850000, "[IU]/mL"), load("11011-4", "2024-09-01", 15, "[IU]/mL", "<")}));
      CHECK(result("HCV RNA detectable", treated) == "unknown");
      const Outcome open = eval("active hepatitis C", treated);
      CHECK(std::string(to_string(open.result)) == "unknown");
      CHECK(open.why.find("then HCV RNA (viral load) <15 [IU]/mL") != std::string::npos);
      CHECK(std::find(open.missing.begin(), open.missing.end(), "whether hepatitis C (HCV infection) holds at screening") != open.missing.end());
      CHECK(result("history of hepatitis C", treated) == "met");
      // A load, then zero: one undetected result is not a cure (it may be on treatment): open.
      const Patient on_treatment = read(bundle({hypertension, load("11011-4", "2026-08-01", 850000, "[IU]/mL"), load("11011-4", "2026-10-01", 0, "[IU]/mL")}));
      CHECK(result("HCV RNA detectable", on_treatment) == "not_met");
      CHECK(result("active hepatitis C", on_treatment) == "unknown");
      // Two loads of one day that disagree settle nothing.
      CHECK(result("active hepatitis C",
                   read(bundle({hypertension, load("11011-4", "2026-09-01", 850000, "[IU]/mL"), load("11011-4", "2026-09-01", 0, "[IU]/mL")}))) == "unknown");
      // A load older than 90 days (a course of antivirals) is not current: open, never met.
      const Patient old_load = read(bundle({hypertension, load("11011-4", "2017-05-01", 850000, "[IU]/mL")}));
      CHECK(result("active hepatitis C", old_load) == "unknown");
      CHECK(eval("active hepatitis C", old_load).why.find("more than 90 days before screening") != std::string::npos);
      // ... unless a record of hepatitis C says it was over after the load: resolved in 2018.
      const json resolved = {{"resourceType", "Condition"},
                             {"clinicalStatus", answer("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved")},
                             {"code", answer(sct, "50711007")},
                             {"onsetDateTime", "2016-11-01"},
                             {"abatementDateTime", "2018-03-01"}};
      const Patient cured = read(bundle({hypertension, resolved, load("11011-4", "2017-05-01", 850000, "[IU]/mL")}));
      CHECK(result("active hepatitis C", cured) == "not_met");
      CHECK(result("history of hepatitis C", cured) == "met");

      // What the laboratory says in words decides before the number: a coded "Detected" value, "Target not detected", the
      // interpretation's text, a note, the interpretation of a component's Observation.
      auto valued = [](const char* date, const char* key, json v) { return observation("11011-4", date, key, std::move(v)); };
      CHECK(result("active hepatitis C", read(bundle({hypertension, valued("2026-09-01", "valueCodeableConcept", answer(sct, "260373001"))}))) == "met");
      for (const json& nd : {answer(sct, "260415000"), json{{"text", "Target not detected"}}}) {
         CAPTURE(nd.dump());
         const Patient p = read(bundle({hypertension, load("11011-4", "2026-08-15", 850000, "[IU]/mL"), valued("2026-10-20", "valueCodeableConcept", nd)}));
         CHECK(result("HCV RNA detectable", p) == "not_met");
         CHECK(result("active hepatitis C", p) == "unknown");  // 66 days after a load: it may be on treatment
      }
      for (const char* text : {"Target not detected", "<10 IU/mL Not Detected", "TND"}) {
         CAPTURE(text);
         CHECK(result("HCV RNA detectable", read(bundle({hypertension, valued("2026-10-20", "valueString", text)}))) == "not_met");
      }
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, valued("2026-10-20", "valueString", "Detected <15 IU/mL")}))) == "met");
      // A value that says nothing readable is a result that cannot be used: the older load no longer decides.
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, load("11011-4", "2026-08-15", 850000, "[IU]/mL"),
                                                      valued("2026-10-20", "valueString", "see comment")}))) == "unknown");
      // Words count only as a whole result phrase: a sentence that holds one says nothing, and the load decides.
      for (const char* text : {"A result of 'Not Detected' does not rule out HCV infection", "Previous specimen was not detected",
                               "A negative result does not exclude infection"}) {
         CAPTURE(text);
         json canned = load("11011-4", "2026-09-01", 850000, "[IU]/mL");
         canned["note"] = json::array({{{"text", text}}});
         CHECK(result("active hepatitis C", read(bundle({hypertension, canned}))) == "met");
      }
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, valued("2026-10-20", "valueString", "Detected. Previous sample not detected.")}))) ==
            "unknown");
      json contradicted = load("11011-4", "2026-09-01", 850000, "[IU]/mL");
      contradicted["interpretation"] = json::array({{{"text", "Not detected"}}});
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, contradicted}))) == "unknown");
      json reflex = load("11011-4", "2026-09-01", 0, "[IU]/mL");
      reflex["note"] = json::array({{{"text", "HCV antibody positive"}}});
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, reflex}))) == "not_met");
      for (const char* text : {"No HCV RNA detected", "Non-detectable", "NEG", "ND", "Below detection limit"}) {
         CAPTURE(text);
         CHECK(result("HCV RNA detectable", read(bundle({hypertension, valued("2026-10-20", "valueString", text)}))) == "not_met");
      }
      for (const char* text : {">100,000,000 IU/mL", "850000 IU/mL"}) {
         CAPTURE(text);
         CHECK(result("active hepatitis C", read(bundle({hypertension, valued("2026-10-20", "valueString", text)}))) == "met");
      }
      // No result ("QNS", "Invalid") is no record: the load before it still decides.
      for (const char* text : {"QNS", "Invalid", "Test not performed"}) {
         CAPTURE(text);
         CHECK(result("active hepatitis C",
                      read(bundle({hypertension, load("11011-4", "2026-09-01", 850000, "[IU]/mL"), valued("2026-10-15", "valueString", text)}))) == "met");
      }
      json told = load("11011-4", "2026-09-01", 15, "[IU]/mL", "<");
      told["interpretation"] = json::array({{{"text", "Not detected"}}});
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, told}))) == "not_met");
      json noted = load("11011-4", "2026-09-01", 15, "[IU]/mL", "<");
      noted["note"] = json::array({{{"text", "Target not detected"}}});
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, noted}))) == "not_met");
      json panel = {{"resourceType", "Observation"},
                    {"status", "final"},
                    {"code", {{"text", "HCV panel"}}},
                    {"effectiveDateTime", "2026-09-01"},
                    {"interpretation", json::array({answer("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "ND")})},
                    {"component", json::array({{{"code", answer(loinc, "11011-4")}, {"valueQuantity", less_than(15)}}})}};
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, panel}))) == "not_met");
      // A "<15" beside the same day's qualitative result (as laboratories report them together): the qualitative one says.
      const Patient with_qualitative = read(bundle({hypertension, load("11011-4", "2026-09-01", 15, "[IU]/mL", "<"),
                                                    observation("11259-9", "2026-09-01", "valueCodeableConcept", answer(sct, "260373001"))}));
      CHECK(result("active hepatitis C", with_qualitative) == "met");
      CHECK(with_qualitative.skipped.empty());
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, load("11011-4", "2026-09-01", 15, "[IU]/mL", "<"),
                                                      observation("11259-9", "2026-09-01", "valueCodeableConcept", answer(sct, "260415000"))}))) == "not_met");
      // A cure shown as a sustained response: two undetected results 84 days apart (the end of a course, then SVR12), the
      // later at least 168 days after the load, though it is less than a year after it.
      const Patient svr = read(bundle({hypertension, load("11011-4", "2026-01-10", 850000, "[IU]/mL"), load("11011-4", "2026-04-20", 0, "[IU]/mL"),
                                       load("11011-4", "2026-07-13", 0, "[IU]/mL")}));
      CHECK(result("active hepatitis C", svr) == "not_met");
      // A hepatitis C marked resolved too soon after a load to know of a cure (78 days, no undetected result): open.
      json early = resolved;
      early["onsetDateTime"] = "2026-06-01";
      early["abatementDateTime"] = "2026-10-01";
      CHECK(result("active hepatitis C", read(bundle({hypertension, early, load("11011-4", "2026-07-15", 850000, "[IU]/mL")}))) == "unknown");
      // ... nor does an undetected result on treatment make an early resolution count.
      json after_undetected = resolved;
      after_undetected["onsetDateTime"] = "2026-06-01";
      after_undetected["abatementDateTime"] = "2026-09-15";
      CHECK(result("active hepatitis C", read(bundle({hypertension, after_undetected, load("11011-4", "2026-08-15", 850000, "[IU]/mL"),
                                                      valued("2026-09-12", "valueString", "Not detected")}))) == "unknown");
      // A single undetected result half a year after the load may be on a course started late: open.
      CHECK(result("active hepatitis C",
                   read(bundle({hypertension, load("11011-4", "2026-01-10", 850000, "[IU]/mL"), load("11011-4", "2026-07-01", 0, "[IU]/mL")}))) == "unknown");
      // A course of an HCV antiviral on record decides: an undetected result during it (here a year after the load) is no
      // cure; one 12 weeks after its end is a sustained response (SVR12), though single and less than a year after the load.
      auto course = [](const char* start, const char* end) {
         json period = {{"start", start}};
         if (*end) period["end"] = end;
         return json{{"resourceType", "MedicationStatement"},
                     {"status", *end ? "completed" : "active"},
                     {"medicationCodeableConcept", {{"text", "sofosbuvir 400 MG / velpatasvir 100 MG Oral Tablet"}}},
                     {"effectivePeriod", period}};
      };
      const Patient on_daa =
          read(bundle({hypertension, load("11011-4", "2025-06-01", 850000, "[IU]/mL"), course("2026-05-15", ""), load("11011-4", "2026-06-12", 0, "[IU]/mL")}));
      const Outcome daa = eval("active hepatitis C", on_daa);
      CHECK(std::string(to_string(daa.result)) == "unknown");
      CHECK(daa.why.find("of a course of HCV antiviral") != std::string::npos);
      const Patient svr12 = read(bundle(
          {hypertension, load("11011-4", "2025-12-01", 850000, "[IU]/mL"), course("2026-01-01", "2026-03-26"), load("11011-4", "2026-07-01", 0, "[IU]/mL")}));
      CHECK(result("active hepatitis C", svr12) == "not_met");
      // An administered dose is one day of a course, not its end: doses on days 1 to 5 of a course, then a result 88 days
      // after the last dose (8 days after the end of a 12-week course), are taken as within 84 days of a 12-week course.
      std::vector<json> dosed = {hypertension, load("11011-4", "2025-12-01", 850000, "[IU]/mL"), load("11011-4", "2026-04-01", 0, "[IU]/mL")};
      for (const char* day : {"2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"})
         dosed.push_back({{"resourceType", "MedicationAdministration"},
                          {"status", "completed"},
                          {"medicationCodeableConcept", {{"text", "sofosbuvir 400 MG / velpatasvir 100 MG Oral Tablet"}}},
                          {"effectiveDateTime", day}});
      CHECK(result("active hepatitis C", read(bundle(dosed))) == "unknown");
      // A load beside the words "Not detected" says neither: with no present record, "active" stays open, not "not met".
      json beside = load("11011-4", "2026-09-01", 850000, "[IU]/mL");
      beside["note"] = json::array({{{"text", "Not detected"}}});
      CHECK(result("active hepatitis C", read(bundle({hypertension, beside}))) == "unknown");
      // The same with the note on a panel coded as the analyte and the load in its one component.
      json coded_panel = {{"resourceType", "Observation"},
                          {"status", "final"},
                          {"code", answer(loinc, "11011-4")},
                          {"effectiveDateTime", "2026-09-01"},
                          {"note", json::array({{{"text", "Not detected"}}})},
                          {"component", json::array({{{"code", answer(loinc, "11011-4")}, {"valueQuantity", quantity(850000, "[IU]/mL")}}})}};
      CHECK(result("active hepatitis C", read(bundle({hypertension, coded_panel}))) == "unknown");
      // The usual report: one load as two components, IU/mL and log IU/mL, under the analyte's code; the Observation's words
      // speak for both.
      auto two_scales = [&](json iu, json log, const char* interpretation) {
         return json{{"resourceType", "Observation"},
                     {"status", "final"},
                     {"code", answer(loinc, "11011-4")},
                     {"effectiveDateTime", "2026-09-01"},
                     {"interpretation", json::array({answer("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", interpretation)})},
                     {"component", json::array({{{"code", answer(loinc, "11011-4")}, {"valueQuantity", iu}},
                                                {{"code", answer(loinc, "38180-6")}, {"valueQuantity", log}}})}};
      };
      json log_bound = quantity(1.18, "{log_IU}/mL");
      log_bound["comparator"] = "<";
      CHECK(result("active hepatitis C", read(bundle({hypertension, two_scales(quantity(850000, "[IU]/mL"), quantity(5.93, "{log_IU}/mL"), "ND")}))) ==
            "unknown");
      CHECK(result("HCV RNA detectable", read(bundle({hypertension, two_scales(less_than(15), log_bound, "ND")}))) == "not_met");
      CHECK(result("active hepatitis C", read(bundle({hypertension, two_scales(less_than(15), log_bound, "DET")}))) == "met");
      // ... and, coded as the analyte, for its results of it beside another component (a genotype).
      json with_genotype = two_scales(quantity(850000, "[IU]/mL"), quantity(5.93, "{log_IU}/mL"), "ND");
      with_genotype["component"][1] = {{"code", answer(loinc, "32286-7")}, {"valueString", "1a"}};
      CHECK(result("active hepatitis C", read(bundle({hypertension, with_genotype}))) == "unknown");
      // Without a course on record, two undetected results 84 days apart still need the later one 168 days after the load:
      // week 4 and week 16 of a 24-week course are no cure.
      CHECK(result("active hepatitis C", read(bundle({hypertension, load("11011-4", "2026-01-01", 850000, "[IU]/mL"),
                                                      load("11011-4", "2026-01-29", 0, "[IU]/mL"), load("11011-4", "2026-04-23", 0, "[IU]/mL")}))) ==
            "unknown");
      // A positive anti-HCV and then HCV RNA not detected: the RNA test settles "active"; a history stays open.
      const Patient exposed = read(bundle({hypertension, observation("16128-1", "2026-05-01", "valueCodeableConcept", answer(loinc, "LA6576-8")),
                                           load("11011-4", "2026-06-01", 0, "[IU]/mL")}));
      CHECK(result("active hepatitis C", exposed) == "not_met");
      CHECK(result("history of hepatitis C", exposed) == "unknown");

      // HBV DNA: detectable is evidence of hepatitis B (a history of it), not of active hepatitis B.
      const Patient hbv = read(bundle({hypertension, load("42595-9", "2026-09-01", 3000, "[IU]/mL")}));
      CHECK(result("HBV DNA detectable", hbv) == "met");
      CHECK(result("history of hepatitis B", hbv) == "met");
      CHECK(result("active hepatitis B", hbv) == "unknown");
      // A newer "<10" leaves active hepatitis B open, where the complete conditions list would have said not met.
      const Patient hbv_bound = read(bundle({hypertension, load("42595-9", "2025-01-01", 3000, "[IU]/mL"), load("42595-9", "2026-09-01", 10, "[IU]/mL", "<")}));
      CHECK(result("active hepatitis B", hbv_bound) == "unknown");
      CHECK(result("HBV DNA detectable", hbv_bound) == "unknown");
      // A load older than 90 days: "HBV DNA detectable" unknown (suppressed on an antiviral since?), "active" open.
      const Patient hbv_old = read(bundle({hypertension, load("42595-9", "2019-01-01", 3000, "[IU]/mL")}));
      CHECK(result("HBV DNA detectable", hbv_old) == "unknown");
      CHECK(result("active hepatitis B", hbv_old) == "unknown");
      CHECK(result("history of hepatitis B", hbv_old) == "met");
   }

   TEST_CASE("HBV DNA and HCV RNA viral loads: IU/mL compared; copies and log units never equated")
   {
      auto hbv = [](double v, const std::string& unit, const std::string& code = "42595-9", const std::string& date = "2026-10-01") {
         return observation(code, date, "valueQuantity", quantity(v, unit));
      };
      CHECK(result("HBV DNA < 2000 IU/mL", read(bundle({hbv(1500, "[IU]/mL")}))) == "met");
      CHECK(result("HBV DNA < 2000 IU/mL", read(bundle({hbv(3000, "IU/mL")}))) == "not_met");
      // A copy count is not an IU count (the factor depends on the assay).
      CHECK(result("HBV DNA < 2000 IU/mL", read(bundle({hbv(1000, "{copies}/mL", "29615-2")}))) == "unknown");
      // log10 units: refused whatever their spelling, never read as the linear value (3.1 is not < 2000 IU/mL).
      for (const char* unit : {"log IU/mL", "{log_IU}/mL", "{log_copies}/mL", "[IU]/mL (log)"}) {
         CAPTURE(unit);
         const Patient p = read(bundle({hbv(3.1, unit)}));
         CHECK(result("HBV DNA < 2000 IU/mL", p) == "unknown");
         CHECK(skipped_because(p, "logarithm"));
      }
      // The log10-scale LOINC codes are known and refused; an older linear result is not used in place of the newer one.
      const Patient log_code = read(bundle({hbv(1500, "[IU]/mL", "42595-9", "2025-01-01"), hbv(3.1, "[IU]/mL", "48398-2", "2026-10-01")}));
      CHECK(result("HBV DNA < 2000 IU/mL", log_code) == "unknown");
      CHECK(skipped_because(log_code, "LOINC 48398-2 is HBV DNA (viral load) on a log10 scale"));
      // HCV RNA.
      CHECK(result("HCV RNA < 15 IU/mL", read(bundle({observation("11011-4", "2026-10-01", "valueQuantity", quantity(50, "[IU]/mL"))}))) == "not_met");
      const Patient hcv_log = read(bundle({observation("38180-6", "2026-10-01", "valueQuantity", quantity(1.7, "[IU]/mL"))}));
      CHECK(result("HCV RNA < 15 IU/mL", hcv_log) == "unknown");
      CHECK(skipped_because(hcv_log, "log10 scale"));
   }

   TEST_CASE("NYHA class from its LOINC observation and SNOMED CT answers")
   {
      auto nyha = [](const std::string& answer_code) {
         return read(bundle({observation("88020-3", "2026-10-01", "valueCodeableConcept", answer(sct, answer_code))}));
      };
      CHECK(result("NYHA class III or IV", nyha("420913000")) == "met");
      CHECK(result("NYHA class III or IV", nyha("422293003")) == "met");
      CHECK(result("NYHA class III or IV", nyha("421704003")) == "not_met");
      CHECK(result("NYHA class III or IV", read(bundle({observation("88020-3", "2026-10-01", "valueString", "II")}))) == "not_met");
   }

   TEST_CASE("hormonal therapy by membership: leuprolide only for a cancer; never chemotherapy")
   {
      // Synthea's leuprolide (RxNorm 752899) carries no reason: whether it was given for a cancer is not recorded.
      json leuprolide = element(ali, "752899");
      const Patient no_reason = read(bundle({leuprolide}));
      CHECK(named(no_reason) == std::vector<std::string>{"leuprolide"});
      CHECK(result("prior hormonal therapy", no_reason) == "unknown");
      CHECK(result("prior chemotherapy", no_reason) == "not_met");
      // Given for prostate cancer, it is hormonal therapy, and still no chemotherapy.
      leuprolide["reasonCode"] = json::array({answer(sct, "399068003")});
      const Patient for_cancer = read(bundle({leuprolide}));
      CHECK(result("prior hormonal therapy", for_cancer) == "met");
      CHECK(result("prior systemic anticancer therapy", for_cancer) == "met");
      CHECK(result("prior chemotherapy", for_cancer) == "not_met");
      // Members given only for cancer count without a reason: fulvestrant (Synthea's clinical drug), enzalutamide by ATC.
      json fulvestrant = {{"resourceType", "MedicationRequest"},
                          {"status", "completed"},
                          {"intent", "order"},
                          {"authoredOn", "2024-01-10"},
                          {"medicationCodeableConcept",
                           {{"coding", json::array({{{"system", "http://www.nlm.nih.gov/research/umls/rxnorm"},
                                                     {"code", "727762"},
                                                     {"display", "5 ML fulvestrant 50 MG/ML Prefilled Syringe"}}})}}}};
      CHECK(result("prior hormonal therapy", read(bundle({fulvestrant}))) == "met");
      json enzalutamide = fulvestrant;
      enzalutamide["medicationCodeableConcept"] = answer("http://www.whocc.no/atc", "L02BB04");
      CHECK(result("prior hormonal therapy", read(bundle({enzalutamide}))) == "met");
      CHECK(result("prior chemotherapy", read(bundle({enzalutamide}))) == "not_met");
      // No member of the class is chemotherapy, and no chemotherapy is a member, by is_a or by indication.
      const auto& cat = *catalogue();
      const Concept& hormonal = *cat.concept_("hormonal_therapy");
      const Concept& chemo = *cat.concept_("chemotherapy");
      int members = 0;
      for (const auto& c : cat.concepts()) {
         const bool h = cat.is_a(c, hormonal) || cat.is_a_for_indication(c, hormonal);
         const bool k = cat.is_a(c, chemo) || cat.is_a_for_indication(c, chemo);
         CAPTURE(c.id);
         CHECK_FALSE((h && k));
         members += h && &c != &hormonal;
      }
      CHECK(members >= 13);
      // Megestrol (L02AB01) is given for appetite as often as for cancer: not a hormonal-therapy member.
      if (const Concept* megestrol = cat.concept_by_code("http://www.whocc.no/atc", "L02AB01")) CHECK_FALSE(cat.is_a(*megestrol, hormonal));
      for (const char* atc : {"L02BA01", "L02BG04", "L02AE02", "L02BX03"}) {
         CAPTURE(atc);
         const Concept* c = cat.concept_by_code("http://www.whocc.no/atc", atc);
         REQUIRE(c);
         CHECK_FALSE(cat.is_a(*c, chemo));
      }
   }

   TEST_CASE("Secondary malignant neoplasm of colon: a malignancy that may be the trial's own cancer's spread")
   {
      const Patient p = read(bundle({element(cleo, "94260004")}));
      CHECK(named(p) == std::vector<std::string>{"secondary_malignant_neoplasm"});
      CHECK(result("history of malignancy", p) == "met");
      // In an HCC trial it may be the HCC's own spread: "other malignancy" cannot be decided.
      CHECK(result("other malignancy", p) == "unknown");
      CHECK(result("colorectal cancer", p) != "met");  // a secondary in the colon says nothing of where the primary was
   }
}

}  // namespace eligo::test::fhir_vocabulary_tests
