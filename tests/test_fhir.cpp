// FHIR R4 bundles: every mapping rule of docs/fhir.md, the data quirks, each
// bad input with its exact error, the real Synthea bundles in ../shared/fhir,
// and the hand-written twins of the native examples.
#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/evaluator.hpp"
#include "engine/patient.hpp"
#include "engine/report.hpp"
#include "engine/trial.hpp"
#include "support.hpp"

namespace eligo::test {

using nlohmann::json;

namespace {

const char* sct = "http://snomed.info/sct";
const char* loinc = "http://loinc.org";
const char* rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

json patient_resource(const std::string& birth = "1966-03-12", const std::string& gender = "male")
{
   return {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", gender}, {"birthDate", birth}};
}

// A bundle of the patient plus the given resources; subjects point at the patient by urn:uuid.
json bundle(std::vector<json> resources, const std::string& type = "collection", json patient = patient_resource())
{
   json b = {{"resourceType", "Bundle"}, {"type", type}, {"entry", json::array()}};
   b["entry"].push_back({{"fullUrl", "urn:uuid:p1"}, {"resource", patient}});
   int n = 0;
   for (auto& r : resources) {
      const std::string id = "r" + std::to_string(++n);
      if (!r.contains("id")) r["id"] = id;
      const bool allergy = r["resourceType"] == "AllergyIntolerance";
      const char* key = allergy ? "patient" : "subject";
      if (r["resourceType"] != "Medication" && !r.contains(key)) r[key] = {{"reference", "urn:uuid:p1"}};
      b["entry"].push_back({{"fullUrl", "urn:uuid:" + id}, {"resource", r}});
   }
   return b;
}

json coding(const std::string& system, const std::string& code, const std::string& display = "")
{
   json c = {{"system", system}, {"code", code}};
   if (!display.empty()) c["display"] = display;
   return c;
}

json quantity(double value, const std::string& code, const std::string& unit = "")
{
   json q = {{"value", value}, {"unit", unit.empty() ? code : unit}};
   if (!code.empty()) q["system"] = "http://unitsofmeasure.org", q["code"] = code;
   return q;
}

json obs(const std::string& code, json value, const std::string& date = "2026-10-28T08:00:00Z", const std::string& key = "valueQuantity")
{
   json o = {{"resourceType", "Observation"}, {"status", "final"}, {"code", {{"coding", json::array({coding(loinc, code)})}}}, {"effectiveDateTime", date}};
   o[key] = value;
   return o;
}

json condition(json code, const std::string& clinical = "active", const std::string& verification = "confirmed")
{
   return {{"resourceType", "Condition"},
           {"clinicalStatus", {{"coding", json::array({coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical)})}}},
           {"verificationStatus", {{"coding", json::array({coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification)})}}},
           {"code", code},
           {"onsetDateTime", "2020-01-01"}};
}

json cc(const std::string& system, const std::string& code, const std::string& text) { return {{"coding", json::array({coding(system, code, text)})}, {"text", text}}; }

Patient read(const json& b) { return read_patient(b.dump(), "b.json", *catalogue()); }

std::string error_text(const std::string& text)
{
   try {
      read_patient(text, "b.json", *catalogue());
   }
   catch (const InputError& e) {
      return e.what();
   }
   return "no error";
}

std::string error_of(const json& b) { return error_text(b.dump()); }

Outcome eval(const std::string& criterion, const Patient& p, std::optional<int> window = std::nullopt, const std::string& date = "2026-11-02")
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   std::vector<const Concept*> own = {catalogue()->concept_("hepatocellular carcinoma")};
   return evaluate(pred, EvalContext{p, *parse_date(date), *catalogue(), own, window, {}});
}

std::string result(const std::string& criterion, const Patient& p, std::optional<int> window = std::nullopt) { return to_string(eval(criterion, p, window).result); }

const LabResult* lab(const Patient& p, const std::string& analyte)
{
   for (const auto& l : p.labs)
      if (l.analyte->id == analyte) return &l;
   return nullptr;
}

bool unused_has(const Patient& p, const std::string& reason_part)
{
   return std::any_of(p.unused.begin(), p.unused.end(), [&](const Unused& u) { return u.reason.find(reason_part) != std::string::npos; });
}

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("the format is told by resourceType, and every bundle type is read")
   {
      for (const char* type : {"collection", "searchset", "transaction", "document", "batch", "message"}) {
         const Patient p = read(bundle({obs("777-3", quantity(168, "10*3/uL"))}, type));
         CHECK(p.format == std::string("FHIR R4 Bundle (") + type + ")");
         CHECK(p.id == "P1");
         REQUIRE(lab(p, "platelets"));
      }
      const Patient native = read_patient(R"({"id": "N1"})", "n.json", *catalogue());
      CHECK(native.format == "eligo-patient/1");
   }

   TEST_CASE("Patient: gender, and birth dates to the year, month or day bound the age")
   {
      CHECK(read(bundle({}, "collection", patient_resource("1966-03-12", "female"))).sex == "female");
      CHECK(read(bundle({}, "collection", patient_resource("1966-03-12", "unknown"))).sex.empty());
      CHECK(read(bundle({}, "collection", patient_resource("1966-03-12", "other"))).sex.empty());
      // Born in 1966: on 2026-06-01 the patient is 59 or 60.
      const Patient year = read(bundle({}, "collection", patient_resource("1966")));
      CHECK(year.birth_date->earliest.str() == "1966-01-01");
      CHECK(year.birth_date->latest.str() == "1966-12-31");
      CHECK(to_string(eval("age ≥ 60 years", year, std::nullopt, "2026-06-01").result) == std::string("unknown"));
      CHECK(to_string(eval("age ≥ 59 years", year, std::nullopt, "2026-06-01").result) == std::string("met"));
      const Patient month = read(bundle({}, "collection", patient_resource("1966-03")));
      CHECK(to_string(eval("age ≥ 60 years", month, std::nullopt, "2026-04-01").result) == std::string("met"));
      CHECK(to_string(eval("age ≥ 60 years", month, std::nullopt, "2026-03-15").result) == std::string("unknown"));
      const json prof = profile_json(year, *parse_date("2026-06-01"));
      CHECK(prof["age_note"] == "partial birth date 1966: born between 1966-01-01 and 1966-12-31, so 59–60 years on 2026-06-01");
   }

   TEST_CASE("Observation: several LOINC codes map to one analyte; the UCUM code is preferred, else the unit text")
   {
      const Patient p = read(bundle({obs("777-3", quantity(168, "10*3/uL"), "2026-10-28"), obs("26515-7", quantity(170000, "", "/µL"), "2026-10-20")}));
      REQUIRE(p.labs.size() == 2);
      CHECK(p.labs[0].analyte->id == "platelets");
      CHECK(p.labs[1].analyte->id == "platelets");
      CHECK(p.labs[0].canonical == doctest::Approx(168));
      CHECK(p.labs[1].canonical == doctest::Approx(170));
      CHECK(p.labs[1].unit_text == "/µL");
      // The code wins over a unit display that disagrees.
      const Patient q = read(bundle({obs("1975-2", quantity(1.2, "mg/dL", "milligram per deciliter"))}));
      CHECK(lab(q, "total_bilirubin")->unit_text == "mg/dL");
   }

   TEST_CASE("quirks: K/uL, M/uL, IU/L and units given only as display text")
   {
      const Patient p = read(bundle({obs("777-3", quantity(75, "", "K/uL")), obs("789-8", quantity(4.5, "", "M/uL")), obs("1742-6", quantity(52, "IU/L")),
                                     obs("1920-8", quantity(40, "", "IU/L"))}));
      CHECK(lab(p, "platelets")->canonical == doctest::Approx(75));
      CHECK(lab(p, "erythrocytes")->canonical == doctest::Approx(4.5));
      CHECK(lab(p, "alt")->canonical == doctest::Approx(52));
      CHECK(lab(p, "ast")->canonical == doctest::Approx(40));
      CHECK(result("PLT ≥ 75×10^9/L", p) == "met");
      CHECK(result("PLT > 75×10^9/L", p) == "not_met");
      // A UCUM code the analyte does not accept, with a display that it does: the display is read.
      const Patient d = read(bundle({obs("777-3", quantity(80, "K/uL", "K/uL"))}));
      CHECK(lab(d, "platelets")->canonical == doctest::Approx(80));
   }

   TEST_CASE("comparator: carried through, deciding only what it can")
   {
      json q = quantity(0.5, "mg/dL");
      q["comparator"] = "<";
      const Patient p = read(bundle({obs("1975-2", q)}));
      CHECK(lab(p, "total_bilirubin")->comparator == "<");
      CHECK(result("total bilirubin ≤ 1.5 mg/dL", p) == "met");
      CHECK(result("total bilirubin > 2 mg/dL", p) == "not_met");
      const Outcome o = eval("total bilirubin ≥ 0.3 mg/dL", p);
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(o.why.find("only known to be < 0.5 mg/dL, which does not decide this test") != std::string::npos);
      CHECK(result("total bilirubin 0.2-1.2 mg/dL", p) == "unknown");
      CHECK(result("total bilirubin 0-1.2 mg/dL", p) == "met");
      json hi = quantity(1000, "U/L");
      hi["comparator"] = ">";
      const Patient h = read(bundle({obs("1742-6", hi)}));
      CHECK(result("ALT ≤ 5 × ULN", h) == "not_met");
      CHECK(result("ALT 10-500 U/L", h) == "not_met");
   }

   TEST_CASE("referenceRange low/high become the patient's own LLN/ULN")
   {
      json o = obs("1742-6", quantity(120, "U/L"));
      o["referenceRange"] = json::array({{{"low", quantity(9, "U/L")}, {"high", quantity(50, "U/L")}}});
      const Patient p = read(bundle({o}));
      CHECK(*lab(p, "alt")->high == doctest::Approx(50));
      const Outcome out = eval("ALT ≤ 2.5 × ULN", p);
      CHECK(to_string(out.result) == std::string("met"));
      CHECK(out.why.find("from the patient's reference range") != std::string::npos);
      // Without a range, the catalogue default is used and flagged.
      const Outcome assumed = eval("ALT ≤ 2.5 × ULN", read(bundle({obs("1742-6", quantity(120, "U/L"))})));
      CHECK(assumed.why.find("assumed ULN") != std::string::npos);
   }

   TEST_CASE("the date is effectiveDateTime, else effectivePeriod.start, else issued; the newest in the window is evaluated")
   {
      json period = obs("777-3", quantity(60, "10*3/uL"));
      period.erase("effectiveDateTime");
      period["effectivePeriod"] = {{"start", "2026-10-01T07:00:00Z"}, {"end", "2026-10-01T08:00:00Z"}};
      json issued = obs("777-3", quantity(70, "10*3/uL"));
      issued.erase("effectiveDateTime");
      issued["issued"] = "2026-09-01T10:00:00Z";
      json none = obs("777-3", quantity(80, "10*3/uL"));
      none.erase("effectiveDateTime");
      const Patient p = read(bundle({issued, period, none}));
      REQUIRE(p.labs.size() == 2);
      CHECK(p.labs[0].date.str() == "2026-10-01");
      CHECK(p.labs[1].date.str() == "2026-09-01");
      CHECK(unused_has(p, "no date to the day"));
      // The newest (60) is evaluated; with a 14-day window it is stale.
      CHECK(result("PLT ≥ 65×10^9/L", p) == "not_met");
      CHECK(result("PLT ≥ 65×10^9/L", p, 14) == "unknown");
      CHECK(result("PLT ≥ 65×10^9/L", p, 60) == "not_met");
   }

   TEST_CASE("entered-in-error and cancelled observations are skipped")
   {
      json bad = obs("777-3", quantity(20, "10*3/uL"), "2026-10-30");
      bad["status"] = "entered-in-error";
      json cancelled = obs("777-3", quantity(21, "10*3/uL"), "2026-10-31");
      cancelled["status"] = "cancelled";
      const Patient p = read(bundle({obs("777-3", quantity(168, "10*3/uL")), bad, cancelled}));
      REQUIRE(p.labs.size() == 1);
      CHECK(p.labs[0].canonical == doctest::Approx(168));
      CHECK(unused_has(p, "status is entered-in-error"));
      CHECK(unused_has(p, "status is cancelled"));
   }

   TEST_CASE("components are read: blood pressure")
   {
      json bp = {{"resourceType", "Observation"},
                 {"status", "final"},
                 {"code", {{"coding", json::array({coding(loinc, "85354-9", "Blood pressure panel")})}}},
                 {"effectiveDateTime", "2026-10-28"},
                 {"component",
                  json::array({{{"code", {{"coding", json::array({coding(loinc, "8480-6")})}}}, {"valueQuantity", quantity(162, "mm[Hg]")}},
                               {{"code", {{"coding", json::array({coding(loinc, "8462-4")})}}}, {"valueQuantity", quantity(95, "mm[Hg]")}}})}};
      const Patient p = read(bundle({bp}));
      CHECK(lab(p, "systolic_bp")->canonical == doctest::Approx(162));
      CHECK(lab(p, "diastolic_bp")->canonical == doctest::Approx(95));
      CHECK(result("systolic blood pressure > 150 mmHg", p) == "met");
   }

   TEST_CASE("scores: ECOG by value or LOINC answer code, Child-Pugh by label, newest wins")
   {
      json coded = obs("89247-1", {{"coding", json::array({coding(loinc, "LA9623-5", "Restricted in physically strenuous activity")})}}, "2026-10-20",
                       "valueCodeableConcept");
      json integer = obs("89247-1", 2, "2026-10-01", "valueInteger");
      const Patient p = read(bundle({integer, coded, obs("98153-0", "B", "2026-10-20", "valueString")}));
      REQUIRE(p.scores.count("ecog"));
      CHECK(p.scores.at("ecog").label == "1");
      CHECK(result("ECOG 0-1", p) == "met");
      CHECK(result("Child-Pugh A", p) == "not_met");
      CHECK(unused_has(p, "an assessment of 2026-10-20 is newer"));
      // A stage without a standard code, in Eligo's own code system.
      json bclc = obs("x", "B", "2026-10-20", "valueString");
      bclc["code"] = {{"coding", json::array({coding("urn:eligo:score", "bclc")})}};
      CHECK(result("BCLC stage B or C", read(bundle({bclc}))) == "met");
      CHECK(error_of(bundle({obs("89247-1", 7, "2026-10-20", "valueInteger")})) ==
            "b.json: patient P1: entry[1] Observation/r1: valueInteger: \"7\" is not a ECOG performance status value");
   }

   TEST_CASE("findings: pregnancy status by LOINC 82810-3; a past pregnancy is not 'pregnant'")
   {
      const Patient yes = read(bundle({obs("82810-3", cc(sct, "77386006", "Pregnant"), "2026-10-30", "valueCodeableConcept")}, "collection",
                                      patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", yes) == "met");
      const Patient no = read(bundle({obs("82810-3", cc(sct, "60001007", "Not pregnant"), "2026-10-30", "valueCodeableConcept")}, "collection",
                                     patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", no) == "not_met");
      const Patient unsure = read(bundle({obs("82810-3", cc(sct, "152231000119106", "Pregnancy not yet confirmed"), "2026-10-30", "valueCodeableConcept")},
                                        "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", unsure) == "unknown");
      CHECK(unused_has(unsure, "does not say present or absent"));
      // A pregnancy condition that ended counts as history, not as pregnant now.
      json past = condition(cc(sct, "77386006", "Pregnancy"), "resolved");
      past["abatementDateTime"] = "2021-09-01";
      const Patient was = read(bundle({past}, "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", was) == "unknown");
      const Patient is = read(bundle({condition(cc(sct, "77386006", "Pregnancy"))}, "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", is) == "met");
      // Pregnancy is read from codes only: Synthea's "Tubal pregnancy" of 1993, never abated, is not a pregnancy now.
      const Patient tubal = read(bundle({condition(cc(sct, "79586000", "Tubal pregnancy"))}, "collection", patient_resource("1950-03-01", "female")));
      CHECK(result("pregnant", tubal) == "unknown");
   }

   TEST_CASE("Condition: SNOMED CT, ICD-10 and its groups, text; refuted and entered-in-error do not count")
   {
      const Patient p = read(bundle({condition(cc(sct, "25370001", "Hepatocellular carcinoma")),
                                     condition(cc("http://hl7.org/fhir/sid/icd-10-cm", "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung"))}));
      REQUIRE(p.conditions);
      REQUIRE(p.conditions->size() == 2);
      CHECK(p.conditions->at(0).concept_->id == "hepatocellular_carcinoma");
      CHECK(p.conditions->at(1).concept_->id == "lung_cancer");
      CHECK(p.conditions->at(1).mapped_by == "ICD-10-CM C34.11");
      CHECK(result("other malignancy", p) == "met");
      // HCC alone is the trial's own condition, not an other malignancy.
      const Patient own = read(bundle({condition(cc(sct, "25370001", "Hepatocellular carcinoma"))}));
      CHECK(result("other malignancy", own) == "not_met");
      CHECK(result("hepatocellular carcinoma", own) == "met");
      // Refuted and entered-in-error records do not count.
      const Patient refuted = read(bundle({condition(cc(sct, "254632001", "Small cell carcinoma of lung"), "active", "refuted"),
                                          condition(cc(sct, "254632001", "Small cell carcinoma of lung"), "active", "entered-in-error")}));
      CHECK(result("other malignancy", refuted) == "not_met");
      CHECK(unused_has(refuted, "verificationStatus is refuted"));
      CHECK(unused_has(refuted, "verificationStatus is entered-in-error"));
      // Matched by text when no code is catalogued; a suspicion is not a diagnosis.
      const Patient text = read(bundle({condition(cc(sct, "999999999", "Overlapping malignant neoplasm of sigmoid"))}));
      CHECK(text.conditions->at(0).concept_->id == "malignancy");
      CHECK(text.conditions->at(0).mapped_by == "text 'malignant neoplasm'");
      const Patient suspected = read(bundle({condition(cc(sct, "162573006", "Suspected lung cancer (situation)"))}));
      CHECK(suspected.conditions->empty());
      CHECK(unused_has(suspected, "says 'suspected'"));
      CHECK(result("other malignancy", suspected) == "not_met");
   }

   TEST_CASE("Condition: onset and abatement bound a history window")
   {
      json old = condition(cc(sct, "230690007", "Stroke"), "resolved");
      old["onsetDateTime"] = "2020-03-01";
      old["abatementDateTime"] = "2020-04-01";
      const Patient p = read(bundle({old}));
      CHECK(p.conditions->at(0).end->str() == "2020-04-01");
      CHECK(result("stroke within 6 months", p) == "not_met");
      CHECK(result("history of stroke", p) == "met");
   }

   TEST_CASE("medications: request, statement and administration, by code or by the drug name in the product text")
   {
      json req = {{"resourceType", "MedicationRequest"},
                  {"status", "stopped"},
                  {"medicationCodeableConcept", cc(rxnorm, "1736854", "Cisplatin 50 MG Injection")},
                  {"authoredOn", "2024-05-01"}};
      json stmt = {{"resourceType", "MedicationStatement"},
                   {"status", "active"},
                   {"medicationCodeableConcept", cc("http://www.whocc.no/atc", "J05AF10", "entecavir")},
                   {"effectivePeriod", {{"start", "2012-02-01"}}}};
      json admin = {{"resourceType", "MedicationAdministration"},
                    {"status", "completed"},
                    {"medicationReference", {{"reference", "urn:uuid:med1"}}},
                    {"effectiveDateTime", "2026-09-15"}};
      json med = {{"resourceType", "Medication"}, {"id", "med1"}, {"code", cc(rxnorm, "1603296", "lenvatinib")}};
      json cancelled = {{"resourceType", "MedicationRequest"},
                        {"status", "cancelled"},
                        {"medicationCodeableConcept", cc(rxnorm, "495881", "sorafenib")},
                        {"authoredOn", "2026-01-01"}};
      json b = bundle({req, stmt, admin, cancelled});
      b["entry"].push_back({{"fullUrl", "urn:uuid:med1"}, {"resource", med}});
      const Patient p = read(b);
      REQUIRE(p.medications);
      REQUIRE(p.medications->size() == 3);
      CHECK(p.medications->at(0).concept_->id == "cisplatin");
      CHECK(p.medications->at(0).mapped_by == "text 'cisplatin'");
      CHECK(p.medications->at(0).status == "stopped");
      CHECK(p.medications->at(1).mapped_by == "ATC J05AF10");
      CHECK(p.medications->at(2).concept_->id == "lenvatinib");
      CHECK(p.medications->at(2).end->str() == "2026-09-15");
      CHECK(result("prior chemotherapy", p) == "met");
      CHECK(result("prior systemic therapy", p) == "met");
      CHECK(result("prior lenvatinib", p) == "met");
      CHECK(result("lenvatinib within 4 weeks", p) == "not_met");
      CHECK(result("prior sorafenib", p) == "not_met");
      CHECK(unused_has(p, "status is cancelled"));
   }

   TEST_CASE("Procedure: performed date and period; not-done does not count; a chemotherapy procedure is a treatment")
   {
      json done = {{"resourceType", "Procedure"}, {"status", "completed"}, {"code", cc("urn:eligo:concept", "tace", "TACE")}, {"performedPeriod", {{"start", "2026-03-01"}, {"end", "2026-03-01"}}}};
      json not_done = {{"resourceType", "Procedure"}, {"status", "not-done"}, {"code", cc("urn:eligo:concept", "sirt", "SIRT")}, {"performedDateTime", "2026-04-01"}};
      json chemo_rt = {{"resourceType", "Procedure"},
                       {"status", "completed"},
                       {"code", cc(sct, "703423002", "Combined chemotherapy and radiation therapy (procedure)")},
                       {"performedDateTime", "2019-01-01"}};
      const Patient p = read(bundle({done, not_done, chemo_rt}));
      CHECK(result("prior TACE", p) == "met");
      CHECK(result("prior SIRT", p) == "not_met");
      CHECK(unused_has(p, "status is not-done"));
      CHECK(result("prior chemotherapy", p) == "met");
      CHECK(result("prior radiotherapy", p) == "met");
   }

   TEST_CASE("AllergyIntolerance uses patient; 'no known allergies' makes the list complete, 'no information' does not")
   {
      json allergy = {{"resourceType", "AllergyIntolerance"}, {"code", cc(rxnorm, "495881", "sorafenib")}};
      const Patient p = read(bundle({allergy}));
      CHECK(result("allergy to sorafenib", p) == "met");
      json other = allergy;
      other["patient"] = {{"reference", "Patient/someone-else"}};
      const Patient q = read(bundle({other}));
      CHECK(unused_has(q, "patient is Patient/someone-else, not this bundle's patient"));
      const json nka = {{"resourceType", "AllergyIntolerance"},
                        {"code", cc("http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips", "no-known-allergies", "No known allergies")}};
      CHECK(result("allergy to sorafenib", read(bundle({nka}))) == "not_met");
      const json no_info = {{"resourceType", "AllergyIntolerance"},
                            {"code", cc("http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips", "no-allergy-info", "No information about allergies")}};
      CHECK(result("allergy to sorafenib", read(bundle({no_info}))) == "unknown");
      // No AllergyIntolerance at all: unknown.
      CHECK(result("allergy to sorafenib", read(bundle({}))) == "unknown");
   }

   TEST_CASE("duplicates at the same time: one value is one result; two values make it unusable")
   {
      const Patient same = read(bundle({obs("777-3", quantity(168, "10*3/uL")), obs("777-3", quantity(168000, "/uL"))}));
      CHECK(same.labs.size() == 1);
      CHECK(unused_has(same, "duplicate of Observation/r1 (same value, same time)"));
      const Patient differ = read(bundle({obs("777-3", quantity(168, "10*3/uL")), obs("777-3", quantity(68, "10*3/uL"))}));
      CHECK(differ.labs.size() == 1);
      const Outcome o = eval("PLT ≥ 75×10^9/L", differ);
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(o.why == "Platelets: two results at the same time disagree (Observation/r1 gives 168 ×10^3/µL; Observation/r2 gives 68 10*3/uL)");
      // At different times of one day, the later one is evaluated.
      const Patient day = read(bundle({obs("777-3", quantity(60, "10*3/uL"), "2026-10-28T08:00:00Z"), obs("777-3", quantity(90, "10*3/uL"), "2026-10-28T18:00:00Z")}));
      CHECK(result("PLT ≥ 75×10^9/L", day) == "met");
   }

   TEST_CASE("resources Eligo does not use are counted, never an error")
   {
      const Patient p = read(bundle({{{"resourceType", "Claim"}, {"status", "active"}},
                                     {{"resourceType", "Encounter"}, {"status", "finished"}},
                                     obs("72514-3", quantity(3, "{score}"))}));
      CHECK(p.resource_counts.at("Claim") == 1);
      CHECK(unused_has(p, "not a resource type Eligo reads"));
      CHECK(unused_has(p, "not in the catalogue"));
   }

   TEST_CASE("bad input: a clear error with the resource id and the JSON path")
   {
      CHECK(error_text("{\"resourceType\": \"Bundle\", ") ==
            "b.json: malformed JSON: [json.exception.parse_error.101] parse error at line 1, column 28: syntax error while parsing object key - unexpected end "
            "of input; expected string literal");
      CHECK(error_text(R"({"resourceType": "Patient", "id": "x"})") ==
            "b.json: resourceType: a single FHIR Patient resource: expected a Bundle holding the Patient with their Observations, Conditions, ...");
      CHECK(error_text(R"({"resourceType": "Observation"})") == "b.json: resourceType: a FHIR Observation: expected a Bundle holding one Patient");
      CHECK(error_text(R"({"resourceType": "Bundle", "type": "collection"})") == "b.json: entry: the Bundle has no entries: expected a Patient resource");
      json no_patient = bundle({obs("777-3", quantity(168, "10*3/uL"))});
      no_patient["entry"].erase(0);
      CHECK(error_of(no_patient) == "b.json: entry: the Bundle has no Patient resource: expected exactly one");
      json p2 = patient_resource();
      p2["id"] = "P2";
      CHECK(error_of(bundle({p2})) ==
            "b.json: entry[1] Patient/P2: a second Patient in the Bundle (the first is Patient/P1 at entry[0]): a bundle must describe one patient");
      CHECK(error_of(bundle({obs("777-3", quantity(168, "mg/dL"))})) ==
            "b.json: patient P1: entry[1] Observation/r1: valueQuantity.code: 'mg/dL' does not fit Platelets: cannot convert mg/dL (mass concentration) to "
            "×10^9/L (number concentration)");
      json text_value = obs("777-3", quantity(168, "10*3/uL"));
      text_value["valueQuantity"]["value"] = "168";
      CHECK(error_of(bundle({text_value})) == "b.json: patient P1: entry[1] Observation/r1: valueQuantity.value: expected a number, got the string \"168\"");
      CHECK(error_of(bundle({obs("777-3", "normal", "2026-10-28", "valueString")})) ==
            "b.json: patient P1: entry[1] Observation/r1: valueString: expected a number (valueQuantity) for Platelets, got valueString \"normal\"");
      CHECK(error_of(bundle({obs("777-3", quantity(168, "furlong"))})).find("b.json: patient P1: entry[1] Observation/r1: valueQuantity.code: ") == 0);
      CHECK(error_of(bundle({obs("777-3", quantity(1e12, "10*9/L"))})) ==
            "b.json: patient P1: entry[1] Observation/r1: valueQuantity.value: impossible value: Platelets 1e+12 10*9/L is outside the plausible range 0–5000 "
            "×10^9/L (wrong unit?)");
      CHECK(error_of(bundle({}, "collection", patient_resource("1966-02-30"))) ==
            "b.json: patient P1: entry[0] Patient/P1: birthDate: not a date: \"1966-02-30\" (expected YYYY, YYYY-MM or YYYY-MM-DD, a day that exists)");
   }

   TEST_CASE("resources of other FHIR versions get a clear error")
   {
      json stu3 = condition(cc(sct, "25370001", "HCC"));
      stu3["clinicalStatus"] = "active";
      CHECK(error_of(bundle({stu3})) ==
            "b.json: entry[1] Condition/r1: this looks like FHIR STU3 or DSTU2 (Condition.clinicalStatus is a string; in R4 it is a CodeableConcept); Eligo reads "
            "FHIR R4 bundles only");
      CHECK(error_of(bundle({{{"resourceType", "MedicationOrder"}}})) ==
            "b.json: entry[1] MedicationOrder/r1: this looks like FHIR DSTU2 (MedicationOrder is not an R4 resource type); Eligo reads FHIR R4 bundles only");
      json r5 = {{"resourceType", "MedicationStatement"}, {"status", "recorded"}, {"medication", {{"concept", cc(rxnorm, "1603296", "lenvatinib")}}}};
      CHECK(error_of(bundle({r5})).find("this looks like FHIR R5 (MedicationStatement.medication is a CodeableReference") != std::string::npos);
   }

   TEST_CASE("every bundle in ../shared/fhir loads, shows its key labs in canonical units, and no trial needing INR is eligible")
   {
      const auto cat = catalogue();
      std::vector<Trial> trials;
      for (const auto& f : trial_files(source_path("rules"))) {
         CompileResult r = compile_trial_file(f, lexicon());
         REQUIRE(r.trial);
         trials.push_back(std::move(*r.trial));
      }
      int bundles = 0;
      for (const auto& entry : std::filesystem::directory_iterator(shared_path("fhir"))) {
         if (entry.path().extension() != ".json" || entry.path().filename() == "MANIFEST.json") continue;
         ++bundles;
         CAPTURE(entry.path().filename().string());
         const Patient p = read_patient_file(entry.path().string(), *cat);
         CHECK(!p.id.empty());
         CHECK(p.birth_date);
         // Each has platelets, bilirubin, albumin, AST, ALT, hemoglobin and creatinine, read in canonical units.
         for (const auto& [code, analyte] : std::vector<std::pair<std::string, std::string>>{{"777-3", "platelets"},
                                                                                           {"1975-2", "total_bilirubin"},
                                                                                           {"1751-7", "albumin"},
                                                                                           {"1920-8", "ast"},
                                                                                           {"1742-6", "alt"},
                                                                                           {"718-7", "hemoglobin"},
                                                                                           {"38483-4", "creatinine"}}) {
            CAPTURE(code);
            const LabResult* l = lab(p, analyte);
            REQUIRE_MESSAGE(l, analyte);
            // The canonical value is the given one converted (with the molar mass where needed).
            CHECK(l->canonical == doctest::Approx(convert(l->value, l->unit, l->analyte->canonical, l->analyte->molar_mass).value));
            CHECK(l->canonical > 0);
         }
         for (const auto& t : trials) {
            const TrialResult r = screen(t, p, *parse_date("2026-11-22"), *cat);
            CHECK(r.verdict != Verdict::eligible);
         }
      }
      CHECK(bundles == 16);
   }

   TEST_CASE("the FHIR twins in patients/fhir give the native examples' verdicts, criterion by criterion")
   {
      const auto cat = catalogue();
      std::vector<Trial> trials;
      for (const auto& f : trial_files(source_path("rules"))) {
         CompileResult r = compile_trial_file(f, lexicon());
         REQUIRE(r.trial);
         trials.push_back(std::move(*r.trial));
      }
      for (const char* name : {"eligible", "ineligible", "indeterminate"}) {
         CAPTURE(name);
         const Patient native = read_patient_file(source_path(std::string("patients/examples/") + name + ".json"), *cat);
         const Patient fhir = read_patient_file(source_path(std::string("patients/fhir/") + name + ".json"), *cat);
         CHECK(fhir.format.rfind("FHIR R4 Bundle", 0) == 0);
         CHECK(fhir.id == native.id);
         const Date date = *native.screening_date;
         for (const auto& t : trials) {
            const TrialResult a = screen(t, native, date, *cat), b = screen(t, fhir, date, *cat);
            CHECK(to_string(a.verdict) == std::string(to_string(b.verdict)));
            CHECK(a.missing == b.missing);
            REQUIRE(a.criteria.size() == b.criteria.size());
            for (std::size_t i = 0; i < a.criteria.size(); ++i) {
               CAPTURE(a.criteria[i].criterion->line);
               CHECK(to_string(a.criteria[i].outcome.result) == std::string(to_string(b.criteria[i].outcome.result)));
            }
         }
      }
   }
}

}  // namespace eligo::test
