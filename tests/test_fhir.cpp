// FHIR R4 bundles: every mapping rule of docs/fhir.md, the data quirks, each
// bad input with its exact error, the real Synthea bundles in ../shared/fhir,
// and the hand-written twins of the native examples.
#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/report.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "support.hpp"

namespace eligo::test::fhir_tests {

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

json cc(const std::string& system, const std::string& code, const std::string& text)
{
   return {{"coding", json::array({coding(system, code, text)})}, {"text", text}};
}

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

std::string result(const std::string& criterion, const Patient& p, std::optional<int> window = std::nullopt)
{
   return to_string(eval(criterion, p, window).result);
}

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
   TEST_CASE("a skipped entry is quoted whole characters only: the cut at 60 bytes never splits one (review s6 A5)")
   {
      json b = bundle({});
      // As dumped, a 2-byte character (é, µ) starts at byte 59 and crosses the 60-byte cut.
      b["entry"].push_back(std::string(58, 'x') + "éé");
      b["entry"].push_back(json::array({std::string(57, 'y') + "µµ"}));
      const Patient p = read(b);
      REQUIRE(p.skipped.size() == 2);
      for (const auto& k : p.skipped) {
         CAPTURE(k.what);
         CHECK(k.what.size() <= 60);
         CHECK_NOTHROW((void)json(k.what).dump());  // valid UTF-8: JSON output accepts it
      }
   }

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
      // Urea nitrogen (Synthea's metabolic panel, LOINC 6299-2, was unmapped): mg/dL to mmol/L through the nitrogen of one urea
      // molecule (28.0134 g/mol), exact at the boundary; the default ULN (7.1 mmol/L) is flagged as a fallback.
      const Patient bun = read(bundle({obs("6299-2", quantity(28.0134, "mg/dL"), "2026-10-28")}));
      REQUIRE(lab(bun, "bun"));
      CHECK(lab(bun, "bun")->canonical == doctest::Approx(10));
      CHECK(result("BUN ≥ 10 mmol/L", bun) == "met");
      CHECK(result("BUN > 10 mmol/L", bun) == "not_met");
      const Patient bun28 = read(bundle({obs("6299-2", quantity(28, "mg/dL"), "2026-10-28")}));
      CHECK(result("blood urea nitrogen ≤ 28 mg/dL", bun28) == "met");
      CHECK(result("blood urea nitrogen < 28 mg/dL", bun28) == "not_met");
      // The default ULN is 20 mg/dL (7.14 mmol/L): 30 mg/dL is 1.5 × ULN exactly (review helper-177).
      CHECK(result("BUN ≤ 1.5 × ULN", read(bundle({obs("6299-2", quantity(30, "mg/dL"), "2026-10-28")}))) == "met");
      const Outcome uln = eval("BUN ≤ 1.5 × ULN", bun);
      CHECK(to_string(uln.result) == std::string("met"));
      CHECK(uln.why.find("default") != std::string::npos);
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
      // A UCUM code the analyte does not accept, with a display that it does: the display is read,
      // and a range written with the same code means the same unit.
      json fallback = obs("777-3", quantity(80, "mg/dL", "K/uL"));
      fallback["referenceRange"] = json::array({{{"low", quantity(150, "mg/dL", "K/uL")}, {"high", quantity(400, "mg/dL", "K/uL")}}});
      const Patient d = read(bundle({fallback}));
      CHECK(lab(d, "platelets")->canonical == doctest::Approx(80));
      CHECK(lab(d, "platelets")->unit_text == "K/uL");
      CHECK(*lab(d, "platelets")->high == doctest::Approx(400));
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
      // A month is not a day: not evaluated.
      CHECK(read(bundle({obs("777-3", quantity(80, "10*3/uL"), "2026-10")})).labs.empty());
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
                 {"component", json::array({{{"code", {{"coding", json::array({coding(loinc, "8480-6")})}}}, {"valueQuantity", quantity(162, "mm[Hg]")}},
                                            {{"code", {{"coding", json::array({coding(loinc, "8462-4")})}}}, {"valueQuantity", quantity(95, "mm[Hg]")}}})}};
      const Patient p = read(bundle({bp}));
      CHECK(lab(p, "systolic_bp")->canonical == doctest::Approx(162));
      CHECK(lab(p, "diastolic_bp")->canonical == doctest::Approx(95));
      CHECK(result("systolic blood pressure > 150 mmHg", p) == "met");
   }

   TEST_CASE("scores: ECOG by value or LOINC answer code, Child-Pugh by label, the newest on or before the screening date")
   {
      json coded = obs("89247-1", {{"coding", json::array({coding(loinc, "LA9623-5", "Restricted in physically strenuous activity")})}}, "2026-10-20",
                       "valueCodeableConcept");
      json integer = obs("89247-1", 2, "2026-10-01", "valueInteger");
      json future = obs("89247-1", 3, "2026-12-01", "valueInteger");  // after the screening date (2026-11-02)
      const Patient p = read(bundle({integer, coded, future, obs("98153-0", "B", "2026-10-20", "valueString")}));
      CHECK(p.score_history.size() == 4);
      const Outcome ecog = eval("ECOG 0-1", p);
      CHECK(to_string(ecog.result) == std::string("met"));
      CHECK(ecog.why.find("ECOG performance status 1 (recorded 2026-10-20, Observation/r2)") == 0);
      CHECK(result("Child-Pugh A", p) == "not_met");
      // An old assessment is used, with its date shown.
      CHECK(eval("ECOG 0-1", read(bundle({obs("89247-1", 0, "2018-01-01", "valueInteger")}))).why.find("(recorded 2018-01-01") != std::string::npos);
      // Two different values on the same day: unknown.
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", 0, "2026-10-20", "valueInteger"), obs("89247-1", 2, "2026-10-20", "valueInteger")}))) == "unknown");
      // SNOMED CT answer codes (mCODE), and a coded answer Eligo does not know is skipped (an assessment that cannot be used), not an error.
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", cc(sct, "422512005", "ECOG grade 1"), "2026-10-20", "valueCodeableConcept")}))) == "met");
      // The panel's coded member, LOINC 89262-0 (ECOG performance status [Interpretation]), with its LL529-9 answer.
      const Patient interpreted =
          read(bundle({obs("89262-0", cc(loinc, "LA9624-3", "Ambulatory and capable of all self-care"), "2026-10-20", "valueCodeableConcept")}));
      CHECK(result("ECOG 0-1", interpreted) == "not_met");
      CHECK(result("ECOG 0-2", interpreted) == "met");
      // A value in a unit that is not the scale's is not the score: 0 % under an ECOG code is skipped; 80 % is a Karnofsky value.
      const auto quantity = [](double v, const std::string& u) {
         return json{{"value", v}, {"unit", u}, {"system", "http://unitsofmeasure.org"}, {"code", u}};
      };
      const Patient percent_ecog = read(bundle({obs("89247-1", quantity(0, "%"), "2026-10-20", "valueQuantity")}));
      REQUIRE(percent_ecog.skipped.size() == 1);
      CHECK(percent_ecog.skipped[0].reason.find("\"%\" is not a unit of ECOG performance status") == 0);
      CHECK(result("ECOG 0-1", percent_ecog) == "unknown");
      CHECK(result("Karnofsky ≥ 70", read(bundle({obs("89243-0", quantity(80, "%"), "2026-10-20", "valueQuantity")}))) == "met");
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", quantity(1, "{score}"), "2026-10-20", "valueQuantity")}))) == "met");
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", quantity(1, "1"), "2026-10-20", "valueQuantity")}))) == "met");
      // The UCUM code decides, else the unit text: "%" with an empty code is still "%"; "points" without a code is no unit.
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", json{{"value", 0}, {"unit", "%"}, {"code", ""}}, "2026-10-20", "valueQuantity")}))) == "unknown");
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", json{{"value", 1}, {"unit", "Points"}}, "2026-10-20", "valueQuantity")}))) == "met");
      CHECK(result("ECOG 0-1", read(bundle({obs("89247-1", json{{"value", 1}, {"unit", "mg/dL"}}, "2026-10-20", "valueQuantity")}))) == "unknown");
      // ECOG under its SNOMED CT observable alone (423740007, as the German MII oncology profile codes it), with a SNOMED CT
      // answer; a SNOMED CT code that is no score's observable is not read as one.
      json snomed_ecog = obs("x", cc(sct, "422894000", "ECOG grade 2"), "2026-10-20", "valueCodeableConcept");
      snomed_ecog["code"] = {{"coding", json::array({coding(sct, "423740007")})}};
      CHECK(result("ECOG 0-2", read(bundle({snomed_ecog}))) == "met");
      CHECK(result("ECOG 0-1", read(bundle({snomed_ecog}))) == "not_met");
      snomed_ecog["code"] = {{"coding", json::array({coding(sct, "273546003")})}};
      CHECK(read(bundle({snomed_ecog})).score_history.empty());
      // The MII profiles' own answer codes: "2" is ECOG 2; "U" (unknown) is no value and loses nothing else of the record;
      // two codings that name different values leave the assessment unusable (review helper-176: the first no longer decides).
      const std::string mii = "https://www.medizininformatik-initiative.de/fhir/ext/modul-onko/CodeSystem/mii-cs-onko-allgemeiner-leistungszustand-ecog";
      auto mii_ecog = [&](json codings) {
         json o = obs("x", json{{"coding", codings}}, "2026-10-20", "valueCodeableConcept");
         o["code"] = {{"coding", json::array({coding(sct, "423740007"), coding(loinc, "89262-0")})}};
         return o;
      };
      CHECK(result("ECOG 0-2", read(bundle({mii_ecog(json::array({coding(mii, "2")}))}))) == "met");
      const Patient u = read(bundle({mii_ecog(json::array({coding(mii, "U")})), obs("777-3", quantity(168, "10*3/uL"), "2026-10-28")}));
      CHECK(result("ECOG 0-2", u) == "unknown");
      CHECK(result("PLT ≥ 100 ×10^9/L", u) == "met");
      const Patient disagree = read(bundle({mii_ecog(json::array({coding(mii, "2"), coding(loinc, "LA9623-5")}))}));
      REQUIRE(disagree.skipped.size() == 1);
      CHECK(disagree.skipped[0].reason.find("its codings name different ECOG performance status values") == 0);
      CHECK(result("ECOG 0-2", disagree) == "unknown");
      CHECK(result("ECOG 0-1", read(bundle({mii_ecog(json::array({coding(mii, "1"), coding(loinc, "LA9623-5")}))}))) == "met");
      // The text must agree with the codings too; a value inside another is kept as the narrower (Child-Pugh B7 beside B).
      json told = mii_ecog(json::array({coding(loinc, "LA9623-5")}));
      told["valueCodeableConcept"]["text"] = "2";
      CHECK(result("ECOG 0-1", read(bundle({told}))) == "unknown");
      json cp = obs("98153-0", json{{"coding", json::array({coding("http://example.org/cp", "B"), coding("http://example.org/cp", "B7")})}}, "2026-10-20",
                    "valueCodeableConcept");
      const Patient b7 = read(bundle({cp}));
      REQUIRE(b7.score_history.size() == 1);
      CHECK(b7.score_history[0].label == "B7");
      // Karnofsky under its SNOMED CT observable (761869008) with the MII code "70%".
      json kps = obs("x", json{{"coding", json::array({coding("https://example.org/mii-cs-onko-karnofsky", "70%")})}}, "2026-10-20", "valueCodeableConcept");
      kps["code"] = {{"coding", json::array({coding(sct, "761869008")})}};
      CHECK(result("Karnofsky ≥ 70", read(bundle({kps}))) == "met");
      CHECK(result("Karnofsky ≥ 80", read(bundle({kps}))) == "not_met");
      // The MII ballot example's "30%" beside LA29179-1 (60): unusable. A value between the steps (75) is listed and settles
      // nothing: "> 70" reads as 80 and up, so 75 would be read wrongly.
      kps["valueCodeableConcept"]["coding"] = json::array({coding("https://example.org/mii-cs-onko-karnofsky", "30%"), coding(loinc, "LA29179-1")});
      CHECK(result("Karnofsky ≥ 50", read(bundle({kps}))) == "unknown");
      const Patient k75 = read(bundle({obs("89243-0", 75, "2026-10-20", "valueInteger")}));
      REQUIRE(k75.skipped.size() == 1);
      CHECK(k75.skipped[0].reason.find("lies between the steps of Karnofsky performance status") != std::string::npos);
      CHECK(result("Karnofsky > 70", k75) == "unknown");
      // An answer code counts only in its own system: LA9624-3 under a local system is no ECOG value.
      const Patient local_la = read(bundle({obs("89262-0", cc("http://example.org/local", "LA9624-3", "local"), "2026-10-20", "valueCodeableConcept")}));
      REQUIRE(local_la.skipped.size() == 1);
      CHECK(result("ECOG 0-2", local_la) == "unknown");
      const Patient odd = read(bundle({obs("89247-1", cc("http://example.org/local", "PS-X", "local grade"), "2026-10-20", "valueCodeableConcept")}));
      REQUIRE(odd.skipped.size() == 1);
      CHECK(odd.skipped[0].reason.find("no coding names a ECOG performance status value the catalogue knows") != std::string::npos);
      CHECK(result("ECOG 0-1", odd) == "unknown");
      // A stage without a standard code, in Eligo's own code system.
      json bclc = obs("x", "B", "2026-10-20", "valueString");
      bclc["code"] = {{"coding", json::array({coding("urn:eligo:score", "bclc")})}};
      CHECK(result("BCLC stage B or C", read(bundle({bclc}))) == "met");
      // A value the score does not have is skipped with the reason.
      const Patient seven = read(bundle({obs("89247-1", 7, "2026-10-20", "valueInteger")}));
      REQUIRE(seven.skipped.size() == 1);
      CHECK(seven.skipped[0].where + ": " + seven.skipped[0].reason ==
            "entry[1] Observation/r1: valueInteger: \"7\" is not a value of ECOG performance status");
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
      // An answer that could settle the criterion but does not is skipped (so "pregnant" is unknown), not merely unused.
      REQUIRE(unsure.skipped.size() == 1);
      CHECK(unsure.skipped[0].reason.find("does not say present or absent") != std::string::npos);
      // A pregnancy status from 2015 says nothing about now; one dated after screening is not used.
      const Patient old = read(bundle({obs("82810-3", cc(sct, "77386006", "Pregnant"), "2015-03-01", "valueCodeableConcept")}, "collection",
                                      patient_resource("1990-01-01", "female")));
      const Outcome o = eval("pregnant", old);
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(o.why.find("more than 280 days before screening: not current") != std::string::npos);
      const Patient later = read(bundle({obs("82810-3", cc(sct, "77386006", "Pregnant"), "2026-10-20", "valueCodeableConcept"),
                                         obs("82810-3", cc(sct, "60001007", "Not pregnant"), "2026-12-20", "valueCodeableConcept")},
                                        "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", later) == "met");
      // A pregnancy condition that ended counts as history, not as pregnant now.
      json past = condition(cc(sct, "77386006", "Pregnancy"), "resolved");
      past["abatementDateTime"] = "2021-09-01";
      const Patient was = read(bundle({past}, "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", was) == "unknown");
      json current = condition(cc(sct, "77386006", "Pregnancy"));
      current["onsetDateTime"] = "2026-08-01";
      const Patient is = read(bundle({current}, "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", is) == "met");
      // One that began more than 280 days ago and never ended is not current.
      const Outcome old_cond =
          eval("pregnant", read(bundle({condition(cc(sct, "77386006", "Pregnancy"))}, "collection", patient_resource("1990-01-01", "female"))));
      CHECK(to_string(old_cond.result) == std::string("unknown"));
      CHECK(old_cond.why.find("has no end and began more than 280 days before screening: not current") != std::string::npos);
      // A later pregnancy Condition outranks an earlier "not pregnant".
      const Patient newer = read(bundle({obs("82810-3", cc(sct, "60001007", "Not pregnant"), "2026-03-01", "valueCodeableConcept"), current}, "collection",
                                        patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", newer) == "met");
      // Two findings on one day that disagree: unknown, whatever their order.
      const Patient both = read(bundle({obs("82810-3", cc(sct, "60001007", "Not pregnant"), "2026-10-30", "valueCodeableConcept"),
                                        obs("82810-3", cc(sct, "77386006", "Pregnant"), "2026-10-30", "valueCodeableConcept")},
                                       "collection", patient_resource("1990-01-01", "female")));
      CHECK(eval("pregnant", both).why.find("two records on 2026-10-30 disagree") != std::string::npos);
      // Pregnancy is read from codes only: Synthea's "Tubal pregnancy" of 1993, never abated, is not a pregnancy now.
      const Patient tubal = read(bundle({condition(cc(sct, "79586000", "Tubal pregnancy"))}, "collection", patient_resource("1950-03-01", "female")));
      CHECK(result("pregnant", tubal) == "unknown");
   }

   TEST_CASE("Condition: SNOMED CT, ICD-10 and its groups, text; refuted and entered-in-error do not count")
   {
      const Patient p =
          read(bundle({condition(cc(sct, "25370001", "Hepatocellular carcinoma")),
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
      // A condition is found by its code only: a text no listed code backs names nothing ("malignant neoplasm" is a class
      // word), nor does a suspicion's situation code. Such a text still keeps open what it names: the record may be one
      // (docs/fhir.md, "A record whose codes no concept lists"), never met.
      const Patient text = read(bundle({condition(cc(sct, "999999999", "Overlapping malignant neoplasm of sigmoid"))}));
      CHECK(text.conditions->empty());
      CHECK(unused_has(text, "only codes name a condition, procedure or class"));
      CHECK(result("other malignancy", text) == "unknown");
      const Patient suspected = read(bundle({condition(cc(sct, "162573006", "Suspected lung cancer (situation)"))}));
      CHECK(suspected.conditions->empty());
      CHECK(result("other malignancy", suspected) == "unknown");
      CHECK(result("hepatitis B", suspected) == "not_met");
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

   TEST_CASE("medications: request, statement and administration, by code")
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
      CHECK(p.medications->at(0).mapped_by == "RxNorm 1736854");
      CHECK(p.medications->at(0).status == RecordStatus::stopped);
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
      json done = {{"resourceType", "Procedure"},
                   {"status", "completed"},
                   {"code", cc("urn:eligo:concept", "tace", "TACE")},
                   {"performedPeriod", {{"start", "2026-03-01"}, {"end", "2026-03-01"}}}};
      json not_done = {
          {"resourceType", "Procedure"}, {"status", "not-done"}, {"code", cc("urn:eligo:concept", "sirt", "SIRT")}, {"performedDateTime", "2026-04-01"}};
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
      // In progress, with no end (review helper-134): a course of radiotherapy under way applies up to screening.
      json under_way = {{"resourceType", "Procedure"},
                        {"status", "in-progress"},
                        {"code", cc("urn:eligo:concept", "radiotherapy", "Radiotherapy course")},
                        {"performedPeriod", {{"start", "2026-10-01"}}}};
      const Patient q = read(bundle({under_way}));
      CHECK(result("concurrent radiotherapy", q) == "met");
      CHECK(result("at least 4 weeks since radiotherapy", q) == "not_met");
      CHECK(result("radiotherapy within 2 weeks", q) == "met");
      json finished = under_way;
      finished["status"] = "completed";
      const Patient r = read(bundle({finished}));
      CHECK(result("concurrent radiotherapy", r) == "not_met");
      CHECK(result("at least 4 weeks since radiotherapy", r) == "met");
      // In progress with a performedDateTime only: that is its start, not its end (review helper-136).
      json started = under_way;
      started.erase("performedPeriod");
      started["performedDateTime"] = "2026-09-01";
      CHECK(result("at least 4 weeks since radiotherapy", read(bundle({started}))) == "not_met");
      CHECK(result("concurrent radiotherapy", read(bundle({started}))) == "met");
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
      const Patient day =
          read(bundle({obs("777-3", quantity(60, "10*3/uL"), "2026-10-28T08:00:00Z"), obs("777-3", quantity(90, "10*3/uL"), "2026-10-28T18:00:00Z")}));
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
      CHECK(error_of(no_patient) == "b.json: entry: the Bundle has no Patient resource: expected exactly one (it holds 1 Observation)");
      json p2 = patient_resource();
      p2["id"] = "P2";
      CHECK(error_of(bundle({p2})) ==
            "b.json: entry[1] Patient/P2: a second Patient in the Bundle (the first is Patient/P1 at entry[0]): a bundle must describe one patient");
      // An element that cannot be used is skipped with the reason, not the patient (docs/fhir.md, "Skipped elements").
      auto skipped = [](const json& b) {
         const Patient p = read(b);
         return p.skipped.empty() ? std::string("nothing skipped") : p.skipped[0].where + ": " + p.skipped[0].reason;
      };
      CHECK(skipped(bundle({obs("777-3", quantity(168, "mg/dL"))})) ==
            "entry[1] Observation/r1: valueQuantity.code: 'mg/dL' does not fit Platelets: cannot convert mg/dL (mass concentration) to ×10^9/L (number "
            "concentration)");
      json text_value = obs("777-3", quantity(168, "10*3/uL"));
      text_value["valueQuantity"]["value"] = "168";
      CHECK(skipped(bundle({text_value})) == "entry[1] Observation/r1: valueQuantity.value: expected a number, got the string \"168\"");
      CHECK(skipped(bundle({obs("777-3", "normal", "2026-10-28", "valueString")})) ==
            "entry[1] Observation/r1: valueString: expected a number (valueQuantity) for Platelets, got valueString \"normal\"");
      CHECK(skipped(bundle({obs("777-3", quantity(168, "furlong"))})).find("entry[1] Observation/r1: valueQuantity.code: ") == 0);
      CHECK(skipped(bundle({obs("777-3", quantity(1e12, "10*9/L"))})) ==
            "entry[1] Observation/r1: valueQuantity.value: impossible value: Platelets 1e+12 10*9/L is outside the plausible range 0–5000 "
            "×10^9/L (wrong unit?)");
      CHECK(skipped(bundle({}, "collection", patient_resource("1966-02-30"))) ==
            "entry[0] Patient/P1: birthDate: not a date: \"1966-02-30\" (expected YYYY, YYYY-MM or YYYY-MM-DD, a day that exists): the age is unknown");
   }

   TEST_CASE("resources of other FHIR versions get a clear error")
   {
      json stu3 = condition(cc(sct, "25370001", "HCC"));
      stu3["clinicalStatus"] = "active";
      CHECK(error_of(bundle({stu3})) ==
            "b.json: entry[1] Condition/r1: this looks like FHIR STU3 or DSTU2 (Condition.clinicalStatus is a string; in R4 it is a CodeableConcept); Eligo "
            "reads "
            "FHIR R4 bundles only");
      CHECK(error_of(bundle({{{"resourceType", "MedicationOrder"}}})) ==
            "b.json: entry[1] MedicationOrder/r1: this looks like FHIR DSTU2 (MedicationOrder is not an R4 resource type); Eligo reads FHIR R4 bundles only");
      json r5 = {{"resourceType", "MedicationStatement"}, {"status", "recorded"}, {"medication", {{"concept", cc(rxnorm, "1603296", "lenvatinib")}}}};
      CHECK(error_of(bundle({r5})).find("this looks like FHIR R5 (MedicationStatement.medication is a CodeableReference") != std::string::npos);
   }

   TEST_CASE("text matching: only a drug ingredient's name in a medication's text; conditions and procedures never by text")
   {
      // The concepts a resource asserts (records matched from hedged text are unconfirmed, not asserted).
      auto mapped = [](const json& resource) {
         const Patient p = read(bundle({resource}));
         std::vector<std::string> ids;
         for (const auto* list : {&p.conditions, &p.medications, &p.procedures})
            if (*list)
               for (const auto& r : **list)
                  if (r.status != RecordStatus::unconfirmed) ids.push_back(r.concept_->id);
         std::string out;
         for (const auto& i : ids) out += (out.empty() ? "" : ",") + i;
         return out;
      };
      auto cond = [](const std::string& text) { return condition(cc(sct, "999999999", text)); };
      auto proc = [](const std::string& text) {
         return json{{"resourceType", "Procedure"}, {"status", "completed"}, {"code", cc(sct, "999999999", text)}, {"performedDateTime", "2025-01-01"}};
      };
      auto med = [](const std::string& text) {
         return json{{"resourceType", "MedicationStatement"}, {"status", "active"}, {"medicationCodeableConcept", {{"text", text}}}};
      };
      // A condition or procedure whose code the catalogue does not list names nothing, whatever its text says.
      for (const char* text : {"Portal vein thrombosis", "Portal vein tumor thrombus", "Malignant hypertension", "Chronic congestive heart failure (disorder)",
                               "HCC follow-up", "Hepatocellular carcinoma", "Non-small cell carcinoma of lung", "HIV test positive", "No cirrhosis",
                               "History of malignant neoplasm of breast (situation)"}) {
         CAPTURE(text);
         CHECK(mapped(cond(text)) == "");
      }
      for (const char* text : {"Transarterial chemoembolization of liver", "Subcutaneous immunotherapy", "Chemotherapy education", "Radiation therapy planning",
                               "Catheter ablation of tissue of heart", "Partial resection of colon"}) {
         CAPTURE(text);
         CHECK(mapped(proc(text)) == "");
      }
      // In a medication's text: the ingredient's name, as a whole word, whatever its case (RxNorm writes "PACLitaxel").
      CHECK(mapped(med("PACLitaxel 100 MG Injection")) == "paclitaxel");
      CHECK(mapped(med("cycloSPORINE 50 MG Oral Capsule")) == "cyclosporine");
      CHECK(mapped(med("Chemotherapy")) == "");
      CHECK(mapped(med("Cisplatinum-like compound")) == "");
      // Phrases that contain a name but mean something else, and hedged wording, still hold for drug names.
      for (const char* text : {"Heparin lock flush", "Interferon gamma release assay", "Lupus anticoagulant"}) {
         CAPTURE(text);
         CHECK(mapped(med(text)) == "");
      }
      const Patient hedged = read(bundle({med("Warfarin not taken")}));
      REQUIRE(hedged.medications->size() == 1);
      CHECK(hedged.medications->at(0).status == RecordStatus::unconfirmed);
      // "History of" wording on a coded condition asserts a past one: over, its end unknown.
      const Patient hist = read(bundle({condition(cc(sct, "399211009", "History of myocardial infarction (situation)"))}));
      REQUIRE(hist.conditions->size() == 1);
      CHECK(hist.conditions->at(0).concept_->id == "myocardial_infarction");
      CHECK(hist.conditions->at(0).status == RecordStatus::resolved);
      CHECK(result("history of myocardial infarction", hist) == "met");
      // A very long text is read up to 1,000 bytes (and costs little).
      std::string longtext = "Cisplatin. ";
      for (int i = 0; i < 20000; ++i) longtext += "cancer ";
      const Patient big = read(bundle({med(longtext)}));
      REQUIRE(big.medications->size() == 1);
      CHECK(big.medications->at(0).mapped_by == "ingredient name 'cisplatin' (in its first 1000 bytes) (matched by name)");
   }

   TEST_CASE("records that must not count as done or confirmed")
   {
      // Provisional, differential and unconfirmed diagnoses: unknown, not met and not absent.
      for (const char* v : {"provisional", "differential", "unconfirmed"}) {
         const Patient p = read(bundle({condition(cc(sct, "254632001", "Small cell carcinoma of lung"), "active", v)}));
         const Outcome o = eval("other malignancy", p);
         CHECK(to_string(o.result) == std::string("unknown"));
         CHECK(o.why.find(std::string("is not confirmed (verificationStatus ") + v + ")") != std::string::npos);
      }
      // An order not to give a drug, and a proposal, are not courses of it.
      json dnp = {{"resourceType", "MedicationRequest"},
                  {"status", "active"},
                  {"intent", "order"},
                  {"doNotPerform", true},
                  {"medicationCodeableConcept", cc(rxnorm, "11289", "warfarin")},
                  {"authoredOn", "2026-10-20"}};
      json proposal = {{"resourceType", "MedicationRequest"},
                       {"status", "active"},
                       {"intent", "proposal"},
                       {"medicationCodeableConcept", cc(rxnorm, "1603296", "lenvatinib")},
                       {"authoredOn", "2026-10-20"}};
      const Patient p = read(bundle({dnp, proposal}));
      CHECK(result("anticoagulant within 4 weeks", p) == "not_met");
      CHECK(result("prior lenvatinib", p) == "not_met");
      CHECK(unused_has(p, "doNotPerform"));
      CHECK(unused_has(p, "intent is proposal, not an order"));
      // Statuses that mean it did not happen.
      json not_taken = {{"resourceType", "MedicationStatement"}, {"status", "not-taken"}, {"medicationCodeableConcept", cc(rxnorm, "495881", "sorafenib")}};
      json prep = {
          {"resourceType", "Procedure"}, {"status", "preparation"}, {"code", cc("urn:eligo:concept", "tace", "TACE")}, {"performedDateTime", "2026-10-01"}};
      json eie = {{"resourceType", "Procedure"},
                  {"status", "entered-in-error"},
                  {"code", cc("urn:eligo:concept", "sirt", "SIRT")},
                  {"performedDateTime", "2026-10-01"}};
      const Patient q = read(bundle({not_taken, prep, eie}));
      CHECK(result("prior sorafenib", q) == "not_met");
      CHECK(result("prior TACE", q) == "not_met");
      CHECK(result("prior SIRT", q) == "not_met");
   }

   TEST_CASE("a concept whose records codes would not find: a record that names no concept, in the criterion's time, keeps it open")
   {
      json reconciliation = {{"resourceType", "Procedure"},
                             {"status", "completed"},
                             {"code", cc(sct, "430193006", "Medication Reconciliation (procedure)")},
                             {"performedDateTime", "2026-10-20"}};
      json old_review = {{"resourceType", "Procedure"},
                         {"status", "completed"},
                         {"code", cc(sct, "415300000", "Review of systems (procedure)")},
                         {"performedDateTime", "2020-02-16"}};
      json hepatectomy = {{"resourceType", "Procedure"},
                          {"status", "completed"},
                          {"code", cc("urn:eligo:concept", "hepatectomy", "Right hepatectomy")},
                          {"performedDateTime", "2026-09-01"}};
      const json active = {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", "active"}}}}};
      const json resolved = {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", "resolved"}}}}};
      json prediabetes = {
          {"resourceType", "Condition"}, {"clinicalStatus", active}, {"code", cc(sct, "15777000", "Prediabetes")}, {"onsetDateTime", "2020-01-01"}};
      json pharyngitis = {{"resourceType", "Condition"},
                          {"clinicalStatus", resolved},
                          {"code", cc(sct, "195662009", "Acute viral pharyngitis (disorder)")},
                          {"onsetDateTime", "2019-03-01"},
                          {"abatementDateTime", "2019-03-10"}};
      // TACE: no code of its own nor of a class above it. A procedure that names no concept may be one.
      const Patient p = read(bundle({reconciliation, old_review, hepatectomy}));
      REQUIRE(p.unrecognised.at("procedures").size() == 2);
      const Outcome o = eval("no prior TACE", p);
      CHECK(o.result == Tri::unknown);
      CHECK(o.why.find("Eligo cannot recognise transarterial chemoembolization (TACE) from codes, and 2 procedures on record name "
                       "no catalogue concept (Medication Reconciliation (procedure) on 2026-10-20; Review of systems (procedure) on 2020-02-16): any "
                       "of them may be one") != std::string::npos);
      REQUIRE(o.missing.size() == 1);
      CHECK(o.missing[0].rfind("transarterial chemoembolization (TACE): not recognisable from codes; check the chart and the 2 procedures", 0) == 0);
      // Only the records in the criterion's time keep it open: the 2020 one cannot be a TACE within 4 weeks.
      const Outcome w = eval("TACE within 4 weeks", p);
      CHECK(w.result == Tri::unknown);
      CHECK(w.why.find("1 procedure that may fall within 4 weeks of 2026-11-02 names no catalogue concept (Medication Reconciliation (procedure) on "
                       "2026-10-20): it may be one") != std::string::npos);
      CHECK(result("TACE within 4 weeks", read(bundle({old_review, hepatectomy}))) == "not_met");
      // A class one of whose kinds codes would not find is open too ("locoregional therapy": TACE is one).
      CHECK(result("no prior locoregional therapy", read(bundle({reconciliation}))) == "unknown");
      CHECK(result("no prior locoregional therapy", p) == "not_met");  // the hepatectomy is one
      // Concepts codes would find keep the closed-world rule (a liver transplant). A class with codes above a concept does
      // not close it: a hepatectomy coded in SNOMED CT names no concept (the catalogue lists ICD-10-PCS), and "no
      // uncontrolled hypertension" beside an active condition Eligo does not recognise stays open (independent review).
      CHECK(result("no prior liver transplant", p) == "met");
      CHECK(result("prior hepatectomy", p) == "met");
      CHECK(result("no uncontrolled hypertension", read(bundle({prediabetes}))) == "unknown");
      CHECK(result("no uncontrolled hypertension", read(bundle({pharyngitis}))) == "met");
      // Every procedure names a concept: the list is complete for TACE too.
      CHECK(result("no prior TACE", read(bundle({hepatectomy}))) == "met");
      // "Current": a condition resolved before screening cannot be a current one; an active one may be.
      CHECK(result("no active bleeding disorder", read(bundle({pharyngitis}))) == "met");
      CHECK(result("no active bleeding disorder", read(bundle({prediabetes}))) == "unknown");
      // The native format names concepts: a list is complete for every concept.
      CHECK(result("no prior TACE", read_patient_document(json::parse(R"({"id": "N", "procedures": [{"concept": "hepatectomy", "date": "2026-09-01"}]})"),
                                                          "n.json", *catalogue())) == "met");
   }

   TEST_CASE("medications reached through contained resources and display-only references")
   {
      json contained = {{"resourceType", "MedicationRequest"},
                        {"status", "active"},
                        {"intent", "order"},
                        {"contained", json::array({{{"resourceType", "Medication"}, {"id", "med1"}, {"code", cc(rxnorm, "495881", "sorafenib")}}})},
                        {"medicationReference", {{"reference", "#med1"}}},
                        {"authoredOn", "2026-01-01"}};
      CHECK(result("prior sorafenib", read(bundle({contained}))) == "met");
      json display = {{"resourceType", "MedicationRequest"},
                      {"status", "active"},
                      {"intent", "order"},
                      {"medicationReference", {{"reference", "Medication/zzz"}, {"display", "sorafenib 200 MG Oral Tablet"}}},
                      {"authoredOn", "2026-01-01"}};
      CHECK(result("prior sorafenib", read(bundle({display}))) == "met");
      // Unresolvable: the drug is unknown, so "no sorafenib" cannot be concluded from a complete list.
      json lost = {
          {"resourceType", "MedicationRequest"}, {"status", "active"}, {"intent", "order"}, {"medicationReference", {{"reference", "Medication/zzz"}}}};
      const Outcome o = eval("prior sorafenib", read(bundle({lost})));
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(o.why.find("a resource of the medications list could not be read") != std::string::npos);
   }

   TEST_CASE("when a list is complete: pages, procedures, and assertions about other lists")
   {
      // One page of a search result: nothing is complete.
      json paged = bundle({condition(cc(sct, "25370001", "Hepatocellular carcinoma"))}, "searchset");
      paged["total"] = 57;
      paged["link"] = json::array({{{"relation", "next"}, {"url", "https://ehr.example/fhir/Condition?page=2"}}});
      const Patient p = read(paged);
      CHECK(result("hepatitis B", p) == "unknown");
      CHECK(result("hepatocellular carcinoma", p) == "met");
      CHECK(unused_has(p, "one page of a search result"));
      CHECK(eval("hepatitis B", p).why == "hepatitis B (HBV infection): the conditions list is one page of a search result");
      // The last page (previous, no next), or a total above what the bundle holds: also partial.
      json last = bundle({condition(cc(sct, "25370001", "Hepatocellular carcinoma"))}, "searchset");
      last["link"] = json::array({{{"relation", "previous"}, {"url", "https://ehr.example/fhir/Condition?page=1"}}});
      CHECK(result("hepatitis B", read(last)) == "unknown");
      json counted = bundle({condition(cc(sct, "25370001", "Hepatocellular carcinoma"))}, "searchset");
      counted["total"] = 57;
      CHECK(result("hepatitis B", read(counted)) == "unknown");
      // "Since" needs a complete list too: the next page may hold a later course.
      json warfarin = {{"resourceType", "MedicationStatement"},
                       {"status", "completed"},
                       {"medicationCodeableConcept", cc(rxnorm, "11289", "warfarin")},
                       {"effectivePeriod", {{"start", "2025-01-01"}, {"end", "2025-02-01"}}}};
      json paged_med = bundle({warfarin}, "searchset");
      paged_med["link"] = json::array({{{"relation", "next"}, {"url", "https://ehr.example/fhir/MedicationStatement?page=2"}}});
      CHECK(result("≥ 4 weeks since anticoagulant", read(paged_med)) == "unknown");
      CHECK(result("≥ 4 weeks since anticoagulant", read(bundle({warfarin}))) == "met");
      // A chemotherapy Procedure alone: chemotherapy is known, the medication list is not.
      json chemo = {
          {"resourceType", "Procedure"}, {"status", "completed"}, {"code", cc(sct, "367336001", "Chemotherapy")}, {"performedDateTime", "2024-01-01"}};
      const Patient q = read(bundle({chemo}));
      CHECK(result("prior chemotherapy", q) == "met");
      CHECK(result("prior sorafenib", q) == "unknown");
      CHECK(result("≥ 4 weeks since chemotherapy", q) == "unknown");
      // "No known allergy" on a Condition says nothing about conditions.
      const Patient r = read(bundle({condition(cc(sct, "716186003", "No known allergy"))}));
      CHECK(result("hepatitis B", r) == "unknown");
      // "No known medications" completes the medication list.
      json nkm = {
          {"resourceType", "MedicationStatement"},
          {"status", "active"},
          {"medicationCodeableConcept", cc("http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips", "no-known-medications", "No known medications")}};
      CHECK(result("prior sorafenib", read(bundle({nkm}))) == "not_met");
      // A refuted Condition still shows that conditions are exported.
      CHECK(result("hepatitis B", read(bundle({condition(cc(sct, "254632001", "SCLC"), "active", "refuted")}))) == "not_met");
   }

   TEST_CASE("dates: partial ends, time zones, versioned and logical references, deceased")
   {
      json c = condition(cc(sct, "230690007", "Stroke"), "resolved");
      c["onsetDateTime"] = "2026-05-02";
      c["abatementDateTime"] = "2026-05";
      const Patient p = read(bundle({c}));
      CHECK(p.conditions->at(0).end->str() == "2026-05-31");
      json y = condition(cc(sct, "230690007", "Stroke"), "resolved");
      y["onsetDateTime"] = "2020-06-15";
      y["abatementDateTime"] = "2020";
      CHECK(read(bundle({y})).conditions->at(0).end->str() == "2020-12-31");
      // 10:00+09:00 is 01:00Z, before 09:00Z: the 09:00Z result is the newer.
      const Patient tz =
          read(bundle({obs("777-3", quantity(200, "10*3/uL"), "2026-10-28T10:00:00+09:00"), obs("777-3", quantity(60, "10*3/uL"), "2026-10-28T09:00:00Z")}));
      CHECK(result("PLT ≥ 75×10^9/L", tz) == "not_met");
      // The same instant in two zones with different values is a conflict.
      const Patient same =
          read(bundle({obs("777-3", quantity(200, "10*3/uL"), "2026-10-28T10:00:00+09:00"), obs("777-3", quantity(60, "10*3/uL"), "2026-10-28T01:00:00Z")}));
      CHECK(eval("PLT ≥ 75×10^9/L", same).why.find("two results at the same time disagree") != std::string::npos);
      // References: a versioned one is the same patient; an identifier that is not the patient's is another.
      json versioned = condition(cc(sct, "25370001", "HCC"));
      versioned["subject"] = {{"reference", "Patient/P1/_history/3"}};
      CHECK(result("hepatocellular carcinoma", read(bundle({versioned}))) == "met");
      json logical = condition(cc(sct, "254632001", "SCLC"));
      logical["subject"] = {{"identifier", {{"value", "OTHER-999"}}}};
      const Patient other = read(bundle({logical}));
      CHECK(unused_has(other, "subject is identifier OTHER-999, not this bundle's patient"));
      // Two Patient entries with one id are one patient.
      CHECK(read(bundle({patient_resource()})).id == "P1");
      // Across midnight in different zones, the later instant is the newer result.
      const Patient midnight =
          read(bundle({obs("777-3", quantity(200, "10*3/uL"), "2026-10-29T01:00:00+09:00"), obs("777-3", quantity(60, "10*3/uL"), "2026-10-28T20:00:00Z")}));
      CHECK(result("PLT ≥ 75×10^9/L", midnight) == "not_met");
      // A logical reference matches by system and value.
      json pat = patient_resource();
      pat["identifier"] = json::array({{{"system", "urn:hospA:mrn"}, {"value", "12345"}}});
      json other_sys = condition(cc(sct, "254632001", "SCLC"));
      other_sys["subject"] = {{"identifier", {{"system", "urn:hospB:mrn"}, {"value", "12345"}}}};
      json same_sys = condition(cc(sct, "25370001", "HCC"));
      same_sys["subject"] = {{"identifier", {{"system", "urn:hospA:mrn"}, {"value", "12345"}}}};
      const Patient ids = read(bundle({other_sys, same_sys}, "collection", pat));
      CHECK(result("hepatocellular carcinoma", ids) == "met");
      CHECK(result("other malignancy", ids) == "not_met");
      // Deceased patients are flagged in the profile.
      json dead = patient_resource("1910-09-19");
      dead["deceasedDateTime"] = "1993-03-22T10:00:00Z";
      const Patient d = read(bundle({}, "collection", dead));
      CHECK(*d.deceased == "1993-03-22");
      CHECK(profile_json(d, *parse_date("2026-11-22"))["deceased"] == "1993-03-22");
   }

   TEST_CASE("codes: an Observation naming a condition is not a finding; Z33.2 is not pregnancy; population ranges are not the patient's")
   {
      json hcc = obs("x", false, "2026-10-20", "valueBoolean");
      hcc["code"] = cc(sct, "25370001", "Hepatocellular carcinoma");
      const Patient p = read(bundle({hcc, condition(cc(sct, "25370001", "Hepatocellular carcinoma"))}));
      CHECK(result("hepatocellular carcinoma", p) == "met");
      CHECK(unused_has(p, "names the condition 'hepatocellular_carcinoma'"));
      const Patient z = read(bundle({condition(cc("http://hl7.org/fhir/sid/icd-10-cm", "Z33.2", "Encounter for elective termination of pregnancy"))},
                                    "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", z) == "unknown");
      json z33_1 = condition(cc("http://hl7.org/fhir/sid/icd-10-cm", "Z33.1", "Pregnant state, incidental"));
      z33_1["onsetDateTime"] = "2026-09-01";
      const Patient z1 = read(bundle({z33_1}, "collection", patient_resource("1990-01-01", "female")));
      CHECK(result("pregnant", z1) == "met");
      json ranged = obs("1742-6", quantity(120, "U/L"));
      ranged["referenceRange"] =
          json::array({{{"low", quantity(9, "U/L")}, {"high", quantity(30, "U/L")}, {"appliesTo", json::array({cc(sct, "248152002", "Female")})}}});
      const Patient r = read(bundle({ranged}));
      CHECK(!lab(r, "alt")->high);
      CHECK(eval("ALT ≤ 2.5 × ULN", r).why.find("assumed ULN") != std::string::npos);
      CHECK(unused_has(r, "every range is for another population"));
      CHECK(eval("ALT ≤ 2.5 × ULN", r).why.find("catalogue default; the given reference ranges are for other populations") != std::string::npos);
      // A range for the patient's own sex (and age) is the patient's.
      json adult = ranged;
      adult["referenceRange"][0]["age"] = {{"low", {{"value", 18}, {"unit", "years"}, {"system", "http://unitsofmeasure.org"}, {"code", "a"}}}};
      const Patient f = read(bundle({adult}, "collection", patient_resource("1970-01-01", "female")));
      CHECK(*lab(f, "alt")->high == doctest::Approx(30));
      CHECK(result("ALT ≤ 3 × ULN", f) == "not_met");
   }

   TEST_CASE("more version checks: DSTU2 Condition.patient, R5 Encounter.class")
   {
      json dstu2 = {{"resourceType", "Condition"}, {"patient", {{"reference", "urn:uuid:p1"}}}, {"code", cc(sct, "25370001", "HCC")}, {"subject", nullptr}};
      dstu2.erase("subject");
      json b = bundle({});
      b["entry"].push_back({{"resource", dstu2}});
      CHECK(error_of(b).find("this looks like FHIR DSTU2 (Condition.patient; R4 has Condition.subject)") != std::string::npos);
      json r5 = {{"resourceType", "Encounter"},
                 {"status", "finished"},
                 {"class", json::array({cc("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory")})}};
      CHECK(error_of(bundle({r5})).find("this looks like FHIR R5 (Encounter.class is a list") != std::string::npos);
   }

   TEST_CASE("every bundle in ../shared/fhir loads, shows its key labs in canonical units, and no trial needing INR is eligible")
   {
      const auto cat = catalogue();
      const std::vector<Trial>& trials = bundled_trials();
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
      // Specific patients, as read: the small-cell lung cancer excludes, the 1993 tubal pregnancy does not make a
      // 76-year-old pregnant, and a deceased patient is flagged.
      auto one = [&](const std::string& prefix) {
         for (const auto& entry : std::filesystem::directory_iterator(shared_path("fhir")))
            if (entry.path().filename().string().rfind(prefix, 0) == 0) return read_patient_file(entry.path().string(), *cat);
         throw std::runtime_error("no bundle " + prefix);
      };
      CHECK(eval("other malignancy", one("Sherman_McGlynn"), std::nullopt, "2026-11-22").why.find("Small cell carcinoma of lung") != std::string::npos);
      CHECK(result("pregnant", one("Louie_Jast")) == "unknown");
      CHECK(one("Paris_Jaskolski").deceased == std::optional<std::string>("1993-03-22"));
   }

   TEST_CASE("the FHIR twins in patients/fhir give the native examples' verdicts, criterion by criterion")
   {
      const auto cat = catalogue();
      const std::vector<Trial>& trials = bundled_trials();
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

}  // namespace eligo::test::fhir_tests
