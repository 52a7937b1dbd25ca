// What cannot be used never decides (review of session 6, A1–A3, A6, A8, A11, A12): a record whose dates cannot be
// trusted is kept as unconfirmed, a history resource that cannot be read leaves its list not complete, a newer value
// that cannot be used outranks an older one wherever the value is read (labs, derived and recorded scores, findings),
// a duration out of range is skipped, a death date that cannot be read still means deceased, and a dose form keeps
// the ingredient. Minimal bundles in the shape of the real ones in ../shared/fhir.
#include <algorithm>
#include <stdexcept>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::fhir_unusable_tests {

using nlohmann::json;

namespace {

const char* sct = "http://snomed.info/sct";
const char* loinc = "http://loinc.org";
const char* rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

json patient_resource(const std::string& birth = "1966-03-12", const std::string& gender = "female")
{
   return {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", gender}, {"birthDate", birth}};
}

json bundle(std::vector<json> resources, json patient = patient_resource())
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   b["entry"].push_back({{"fullUrl", "urn:uuid:p1"}, {"resource", patient}});
   int n = 0;
   for (auto& r : resources) {
      const std::string id = "r" + std::to_string(++n);
      if (!r.is_object()) {
         b["entry"].push_back(r);
         continue;
      }
      if (!r.contains("id")) r["id"] = id;
      const char* key = r["resourceType"] == "AllergyIntolerance" ? "patient" : "subject";
      if (!r.contains(key)) r[key] = {{"reference", "urn:uuid:p1"}};
      b["entry"].push_back({{"fullUrl", "urn:uuid:" + id}, {"resource", r}});
   }
   return b;
}

json cc(const std::string& system, const std::string& code, const std::string& text)
{
   return {{"coding", json::array({{{"system", system}, {"code", code}, {"display", text}}})}, {"text", text}};
}

json condition(const std::string& code, const std::string& text, const std::string& onset = "2020-01-01")
{
   return {{"resourceType", "Condition"},
           {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
           {"code", cc(sct, code, text)},
           {"onsetDateTime", onset}};
}

json obs(const std::string& code, json value, const std::string& date, const std::string& key)
{
   return {{"resourceType", "Observation"},
           {"status", "final"},
           {"code", {{"coding", json::array({{{"system", loinc}, {"code", code}}})}}},
           {"effectiveDateTime", date},
           {key, value}};
}

json quantity(double value, const std::string& code) { return {{"value", value}, {"unit", code}, {"system", "http://unitsofmeasure.org"}, {"code", code}}; }

json medication(const std::string& type, json code)
{
   return {{"resourceType", type}, {"status", "active"}, {"intent", "order"}, {"medicationCodeableConcept", code}};
}

Patient read(const json& b) { return read_patient(b.dump(), "b.json", *catalogue()); }

Outcome eval(const std::string& criterion, const Patient& p, const std::string& date = "2026-11-02", std::vector<const Concept*> own = {})
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   return evaluate(pred, EvalContext{p, *parse_date(date), *catalogue(), own, std::nullopt, {}});
}

std::string result(const std::string& criterion, const Patient& p, const std::string& date = "2026-11-02")
{
   return to_string(eval(criterion, p, date).result);
}

bool skipped_has(const Patient& p, const std::string& part)
{
   return std::any_of(p.skipped.begin(), p.skipped.end(), [&](const Skipped& k) { return (k.where + ": " + k.reason).find(part) != std::string::npos; });
}

const char* hepatitis_b = "66071002";  // Viral hepatitis type B
const char* hypertension = "38341003";

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("a Condition that ends before it starts is kept as unconfirmed: 'no history of hepatitis B' is unknown, never met")
   {
      json hep = condition(hepatitis_b, "Viral hepatitis type B", "2020-06-01");
      hep["abatementDateTime"] = "2019-01-01";  // before the onset: a data-entry error
      const Patient p = read(bundle({hep, condition(hypertension, "Essential hypertension")}));
      CHECK(skipped_has(p, "entry[1] Condition/r1: abatement: ends before it starts"));
      REQUIRE(p.conditions);
      const auto it = std::find_if(p.conditions->begin(), p.conditions->end(), [](const Record& r) { return r.concept_->id == "hepatitis_b"; });
      REQUIRE(it != p.conditions->end());
      CHECK(it->status == RecordStatus::unconfirmed);
      CHECK(!it->start);
      CHECK(!it->end);
      CHECK(result("history of hepatitis B", p) == "unknown");
      CHECK(result("no history of hepatitis B", p) == "unknown");
      CHECK(eval("history of hepatitis B", p).why.find("not confirmed (skipped: abatement ends before it starts)") != std::string::npos);
      // Criteria on other concepts are unaffected.
      CHECK(result("hypertension", p) == "met");
      CHECK(result("history of hepatitis C", p) == "not_met");
   }

   TEST_CASE("a history resource that cannot be read leaves its list not complete")
   {
      json bad_subject = condition(hepatitis_b, "Viral hepatitis type B");
      bad_subject["subject"] = "Patient/P1";  // not a Reference object
      const Patient p = read(bundle({bad_subject, condition(hypertension, "Essential hypertension")}));
      CHECK(skipped_has(p, "subject: expected a Reference object"));
      CHECK(p.partial_lists == std::set<std::string>{"conditions"});
      CHECK(result("no history of hepatitis B", p) == "unknown");
      CHECK(eval("history of hepatitis B", p).why.find("a resource of the conditions list could not be read") != std::string::npos);
      CHECK(result("hypertension", p) == "met");  // a record on the list still counts
      // The other lists are not touched.
      json statement = medication("MedicationStatement", cc(rxnorm, "495881", "sorafenib"));
      const Patient q = read(bundle({bad_subject, condition(hypertension, "Essential hypertension"), statement}));
      CHECK(result("prior lenvatinib", q) == "not_met");
      // An entry that is not a resource may have been any history resource: no list is complete.
      const Patient r = read(bundle({json("not a resource"), condition(hypertension, "Essential hypertension"), statement}));
      CHECK(r.partial_lists.size() == 4);
      CHECK(result("prior lenvatinib", r) == "unknown");
      CHECK(result("prior sorafenib", r) == "met");
      // A drug that cannot be read (a reference to a Medication the bundle does not hold, without a display) may be any drug.
      json unknown = {{"resourceType", "MedicationStatement"}, {"status", "active"}, {"medicationReference", {{"reference", "Medication/absent"}}}};
      const Patient m = read(bundle({unknown, medication("MedicationStatement", cc(rxnorm, "1603296", "lenvatinib"))}));
      CHECK(result("prior sorafenib", m) == "unknown");
      CHECK(result("prior lenvatinib", m) == "met");
      // A Condition without a code or a text may be any condition.
      json blank = {{"resourceType", "Condition"}, {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}}, {"onsetDateTime", "2020-01-01"}};
      const Patient c = read(bundle({blank, condition(hypertension, "Essential hypertension")}));
      CHECK(result("no history of hepatitis B", c) == "unknown");
      CHECK(result("hypertension", c) == "met");
   }

   TEST_CASE("a medication or Procedure that ends before it starts is kept as unconfirmed")
   {
      json request = medication("MedicationRequest", cc(rxnorm, "495881", "sorafenib"));
      request["authoredOn"] = "2026-01-10";
      request["dosageInstruction"] = json::array({{{"timing", {{"repeat", {{"boundsPeriod", {{"end", "2025-12-01"}}}}}}}}});
      const Patient p = read(bundle({request, medication("MedicationStatement", cc(rxnorm, "1603296", "lenvatinib"))}));
      CHECK(skipped_has(p, "effectivePeriod: ends before it starts"));
      CHECK(result("prior sorafenib", p) == "unknown");
      CHECK(result("no prior sorafenib", p) == "unknown");
      json tace = {{"resourceType", "Procedure"},
                   {"status", "completed"},
                   {"code", {{"coding", json::array({{{"system", "urn:eligo:concept"}, {"code", "tace"}}})}, {"text", "TACE"}}},
                   {"performedPeriod", {{"start", "2026-03-01"}, {"end", "2026-02-01"}}}};
      json other = {{"resourceType", "Procedure"}, {"status", "completed"}, {"code", cc(sct, "73761001", "Colonoscopy")}, {"performedDateTime", "2026-01-01"}};
      const Patient q = read(bundle({tace, other}));
      CHECK(skipped_has(q, "performedPeriod: ends before it starts"));
      CHECK(result("prior TACE", q) == "unknown");
   }

   TEST_CASE("a newer result that cannot be used: derived scores do not fall back to the older one")
   {
      // ALBI from an older bilirubin and albumin is grade 1; a newer bilirubin given as text cannot be used.
      const json bili = obs("1975-2", quantity(0.5, "mg/dL"), "2026-10-01", "valueQuantity");
      const json alb = obs("1751-7", quantity(4.5, "g/dL"), "2026-10-01", "valueQuantity");
      CHECK(result("ALBI grade 1", read(bundle({bili, alb}))) == "met");
      const json newer = obs("1975-2", "pending", "2026-10-20", "valueString");
      const Patient p = read(bundle({bili, alb, newer}));
      CHECK(result("total bilirubin ≤ 2 mg/dL", p) == "unknown");
      CHECK(result("ALBI grade 1", p) == "unknown");
      CHECK(result("Child-Pugh A", p) == "unknown");
      // An older unusable one does not matter.
      const Patient older = read(bundle({obs("1975-2", "pending", "2026-09-01", "valueString"), bili, alb}));
      CHECK(result("ALBI grade 1", older) == "met");
   }

   TEST_CASE("a newer unusable result on the same day: unknown, unless it is known to be the earlier")
   {
      const json usable = obs("777-3", quantity(200, "10*3/uL"), "2026-10-28T08:00:00Z", "valueQuantity");
      CHECK(result("PLT ≥ 75×10^9/L", read(bundle({usable, obs("777-3", "clumped", "2026-10-28T10:00:00Z", "valueString")}))) == "unknown");
      CHECK(result("PLT ≥ 75×10^9/L", read(bundle({usable, obs("777-3", "clumped", "2026-10-28T07:00:00Z", "valueString")}))) == "met");
      CHECK(result("PLT ≥ 75×10^9/L", read(bundle({usable, obs("777-3", "clumped", "2026-10-28", "valueString")}))) == "unknown");  // no time
      // A reference range that cannot be read is no unusable result: the result itself is kept.
      json ranged = usable;
      ranged["referenceRange"] = json::array({{{"low", "150"}}});
      CHECK(result("PLT ≥ 75×10^9/L", read(bundle({ranged}))) == "met");
   }

   TEST_CASE("a newer ECOG or finding that cannot be used outranks the older one")
   {
      const json old = obs("89247-1", 0, "2025-11-01", "valueInteger");
      CHECK(result("ECOG 0-1", read(bundle({old}))) == "met");
      // Today's assessment, with an answer code the catalogue does not know.
      const json local = obs("89247-1", cc("http://example.org/local", "PS-X", "local grade"), "2026-10-20", "valueCodeableConcept");
      const Patient p = read(bundle({old, local}));
      CHECK(skipped_has(p, "valueCodeableConcept: http://example.org/local PS-X 'local grade': no coding names a ECOG performance status value"));
      const Outcome o = eval("ECOG 0-1", p);
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(o.why.find("the latest assessment (2026-10-20") != std::string::npos);
      const json seven = obs("89247-1", 7, "2026-10-20", "valueInteger");
      CHECK(result("ECOG 0-1", read(bundle({old, seven}))) == "unknown");
      // A pregnancy status that says neither, after one that said not pregnant.
      const json no = obs("82810-3", cc(loinc, "LA26683-5", "Not pregnant"), "2026-10-30", "valueCodeableConcept");
      CHECK(result("pregnant", read(bundle({no}))) == "not_met");
      const json neither = obs("82810-3", cc(loinc, "LA4489-6", "Unknown"), "2026-11-01", "valueCodeableConcept");
      CHECK(result("pregnant", read(bundle({no, neither}))) == "unknown");
   }

   TEST_CASE("boundsDuration out of range is skipped, and date arithmetic never overflows")
   {
      for (const auto& [value, unit] : std::vector<std::pair<double, std::string>>{{9.2233720368547e18, "d"}, {1e300, "a"}, {-3, "wk"}, {200, "a"}}) {
         CAPTURE(value);
         json request = medication("MedicationRequest", cc(rxnorm, "495881", "sorafenib"));
         request["authoredOn"] = "2026-01-10";
         request["dosageInstruction"] = json::array({{{"timing", {{"repeat", {{"boundsDuration", {{"value", value}, {"code", unit}}}}}}}}});
         const Patient p = read(bundle({request}));
         CHECK(skipped_has(p, "dosageInstruction[0].timing.repeat.boundsDuration: expected a duration of 0 to 100 years"));
         REQUIRE(p.medications);
         REQUIRE(p.medications->size() == 1);
         CHECK(p.medications->at(0).status == RecordStatus::unconfirmed);
         CHECK(p.medications->at(0).start->str() == "2026-01-10");
         CHECK(!p.medications->at(0).end);
         CHECK(result("sorafenib within 4 weeks", p) == "unknown");
      }
      json ok = medication("MedicationRequest", cc(rxnorm, "495881", "sorafenib"));
      ok["authoredOn"] = "2026-01-10";
      ok["dosageInstruction"] = json::array({{{"timing", {{"repeat", {{"boundsDuration", {{"value", 30}, {"code", "d"}}}}}}}}});
      CHECK(read(bundle({ok})).medications->at(0).end->str() == "2026-02-09");
      const Date d{2026, 1, 10};
      CHECK_THROWS_AS(d.add_days(9'223'372'036'854'775'000L), std::out_of_range);
      CHECK_THROWS_AS(d.add_days(-9'223'372'036'854'775'000L), std::out_of_range);
      CHECK_THROWS_AS(Date::from_days(2'000'000'000L), std::out_of_range);
      CHECK_THROWS_AS(d.add_months(2'000'000'000), std::out_of_range);
      CHECK(d.add_months(-25).str() == "2023-12-10");
   }

   TEST_CASE("a deceasedDateTime that cannot be read, or before the birth, is deceased on a day not known")
   {
      json bad = patient_resource();
      bad["deceasedDateTime"] = "last spring";
      const Patient p = read(bundle({}, bad));
      CHECK(p.deceased == std::optional<std::string>("yes"));
      CHECK(skipped_has(p, "entry[0] Patient/P1: deceasedDateTime: not a date (expected a FHIR dateTime): read as deceased on a day not known"));
      CHECK(deceased_by(p, *parse_date("1900-01-01")));
      json early = patient_resource("1966-03-12");
      early["deceasedDateTime"] = "1960-05-01";
      const Patient q = read(bundle({}, early));
      CHECK(q.deceased == std::optional<std::string>("yes"));
      CHECK(skipped_has(q, "deceasedDateTime: before the birth date 1966-03-12"));
      json fine = patient_resource("1910-09-19");
      fine["deceasedDateTime"] = "1993-03-22T10:00:00Z";
      CHECK(read(bundle({}, fine)).deceased == std::optional<std::string>("1993-03-22"));
   }

   TEST_CASE("'other malignancy': a spread may be of the trial's condition, never of its intervention")
   {
      json brain = condition("", "Secondary malignant neoplasm of brain");
      brain["code"] = cc("http://hl7.org/fhir/sid/icd-10", "C79.3", "Secondary malignant neoplasm of brain");
      const Patient p = read(bundle({brain}));
      std::vector<const Concept*> own = {catalogue()->concept_("lenvatinib"), catalogue()->concept_("tace"), catalogue()->concept_("hepatocellular carcinoma")};
      REQUIRE(p.conditions);
      REQUIRE(!p.conditions->empty());
      const Outcome o = eval("other malignancy", p, "2026-11-02", own);
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(o.why.find("may be a spread of hepatocellular carcinoma or of another malignancy") != std::string::npos);
      CHECK(o.why.find("lenvatinib") == std::string::npos);
   }

   TEST_CASE("a dose form keeps the ingredient and its allergies; only the class that excludes the form leaves it out")
   {
      const json cream = medication("MedicationStatement", {{"text", "Hydrocortisone 10 MG/ML Topical Cream"}});
      const Patient p = read(bundle({cream}));
      REQUIRE(p.medications);
      REQUIRE(p.medications->size() == 1);
      CHECK(p.medications->at(0).concept_->id == "hydrocortisone");
      CHECK(p.medications->at(0).dose_form == "topical");
      CHECK(result("hydrocortisone", p) == "met");
      CHECK(result("systemic corticosteroids", p) == "not_met");
      // An allergy is to the substance, whatever the form.
      json allergy = {{"resourceType", "AllergyIntolerance"},
                      {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                      {"code", cc(rxnorm, "5492", "hydrocortisone cream")}};
      const Patient a = read(bundle({allergy}));
      REQUIRE(a.allergies);
      REQUIRE(a.allergies->size() == 1);
      CHECK(a.allergies->at(0).dose_form.empty());
      CHECK(result("allergy to corticosteroids", a) == "met");
      // A cream of a cytotoxic drug is fluorouracil, and no chemotherapy.
      const Patient f = read(bundle({medication("MedicationStatement", {{"text", "fluorouracil 50 MG/ML Topical Cream"}})}));
      CHECK(result("prior fluorouracil", f) == "met");
      CHECK(result("prior chemotherapy", f) == "not_met");
   }

   TEST_CASE("a resolved pregnancy without an abatement date is not still open after a delivery")
   {
      json preg = condition("72892002", "Normal pregnancy", "2026-02-01");
      preg["clinicalStatus"] = {{"coding", json::array({{{"code", "resolved"}}})}};
      json birth = {{"resourceType", "Procedure"}, {"status", "completed"}, {"code", cc(sct, "66348005", "Childbirth")}, {"performedDateTime", "2026-10-30"}};
      CHECK(result("pregnant", read(bundle({preg, birth}))) == "not_met");
      // Still active and open: the two disagree.
      json open = condition("72892002", "Normal pregnancy", "2026-02-01");
      CHECK(result("pregnant", read(bundle({open, birth})), "2026-11-02") == "unknown");
   }
}

}  // namespace eligo::test::fhir_unusable_tests
