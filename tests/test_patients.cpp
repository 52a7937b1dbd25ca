// Patients: the native format's errors (patient id, field, what was expected),
// and patient × trial -> expected verdict for the bundled examples.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

#include <doctest/doctest.h>

#include "engine/patient/patient.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "support.hpp"

namespace eligo::test::patients_tests {

namespace {

std::string error_of(const std::string& json)
{
   try {
      read_patient(json, "p.json", *catalogue());
   }
   catch (const InputError& e) {
      return e.what();
   }
   return "no error";
}

std::string lab(const std::string& fields) { return R"({"id": "P1", "labs": [{"analyte": "platelets", )" + fields + "}]}"; }

}  // namespace

TEST_SUITE("patients")
{
   TEST_CASE("bad patient input gets a clear error naming the patient and the field")
   {
      CHECK(error_of("") == "p.json: empty file: expected a patient JSON object");
      CHECK(error_of("{\"id\": \"P1\",") ==
            "p.json: malformed JSON: [json.exception.parse_error.101] parse error at line 1, column 13: syntax error while parsing object key - unexpected end "
            "of input; expected string literal");
      CHECK(error_of("[1, 2]") ==
            "p.json: (document): a JSON array is not a patient record: expected one patient as a JSON object (Eligo's format with \"id\", \"sex\", "
            "\"birth_date\", \"labs\"..., or a FHIR R4 Bundle)");
      CHECK(error_of("{\"sex\": \"male\"}") == "p.json: id: missing: every patient needs an \"id\"");
      CHECK(error_of(lab(R"("value": 180, "unit": "mg/dl/", "date": "2026-10-30")")) ==
            "p.json: patient P1: labs[0].unit: unknown unit 'mg/dl/' for Platelets (expected e.g. ×10^9/L)");
      CHECK(error_of(lab(R"("value": 180, "unit": "mg/dL", "date": "2026-10-30")")) ==
            "p.json: patient P1: labs[0].unit: 'mg/dL' does not fit Platelets: cannot convert mg/dL (mass concentration) to ×10^9/L (number concentration)");
      CHECK(error_of(lab(R"("value": "180", "unit": "10^9/L", "date": "2026-10-30")")) ==
            "p.json: patient P1: labs[0].value: expected a number, got the string \"180\"");
      CHECK(error_of(lab(R"("value": 180, "unit": "10^9/L", "date": "2026-02-30")")) ==
            "p.json: patient P1: labs[0].date: not a date: \"2026-02-30\" (expected YYYY-MM-DD, a day that exists)");
      CHECK(error_of(lab(R"("value": -5, "unit": "10^9/L", "date": "2026-10-30")")) ==
            "p.json: patient P1: labs[0].value: impossible value: Platelets cannot be negative");
      CHECK(error_of(lab(R"("value": 1e12, "unit": "10^9/L", "date": "2026-10-30")")) ==
            "p.json: patient P1: labs[0].value: impossible value: Platelets 1e+12 10^9/L is outside the plausible range 0–5000 ×10^9/L (wrong unit?)");
      CHECK(error_of(R"({"id": "P1", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30"},
                                               {"analyte": "PLT", "value": 175, "unit": "10^9/L", "date": "2026-10-30"}]})") ==
            "p.json: patient P1: labs[1]: duplicate lab: Platelets on 2026-10-30 is also given at labs[0]");
      CHECK(error_of(R"({"id": "P1", "labs": [{"analyte": "unobtainium", "value": 1, "date": "2026-10-30"}]})") ==
            "p.json: patient P1: labs[0].analyte: unknown analyte \"unobtainium\" (see engine/catalogue/analytes.json)");
      CHECK(error_of(R"({"id": "P1", "birth_date": "1966-13-01"})") ==
            "p.json: patient P1: birth_date: not a date: \"1966-13-01\" (expected YYYY-MM-DD, YYYY-MM or YYYY, a day that exists)");
      CHECK(error_of(R"({"id": "P1", "scores": {"child_pugh": "E"}})") == "p.json: patient P1: scores.child_pugh: \"E\" is not a value of Child-Pugh score");
      CHECK(error_of(R"({"id": "P1", "medications": [{"concept": "hepatocellular carcinoma"}]})") ==
            "p.json: patient P1: medications[0].concept: \"hepatocellular_carcinoma\" is a condition, not a medication");
      CHECK(error_of(R"({"id": "P1", "findings": {"pregnant": "yes"}})") == "p.json: patient P1: findings.pregnant: expected true or false");
      CHECK(error_of(R"({"id": "P1", "conditions": [{"code": {"system": "x"}}]})") ==
            "p.json: patient P1: conditions[0].code: expected {\"system\", \"code\"}");
      CHECK(error_of(R"({"id": "P1", "tumour": {"size": {"value": 8, "unit": "kg"}}})").rfind("p.json: patient P1: tumour.size.unit: 'kg' does not fit", 0) ==
            0);
      std::string deep(200, '[');
      CHECK(error_of(deep) == "p.json: JSON nests deeper than 64 levels");
   }

   TEST_CASE("a lab Eligo cannot use is also said in a clinician's words")
   {
      auto plain = [](const std::string& analyte, const std::string& rest) {
         try {
            read_patient(R"({"id": "P1", "labs": [{"analyte": ")" + analyte + "\", " + rest + "}]}", "p.json", *catalogue());
         }
         catch (const InputError& e) {
            return e.plain;
         }
         return std::string("no error");
      };
      CHECK(plain("platelets", R"("value": 75, "unit": "furlongs", "date": "2026-10-30")") ==
            "Platelets: 'furlongs' is not a unit Eligo knows; give it in e.g. ×10^9/L");
      CHECK(plain("platelets", R"("value": 75, "date": "2026-10-30")") == "Platelets: the unit is missing, e.g. ×10^9/L");
      CHECK(
          plain("platelets", R"("value": 75000, "unit": "10*9/L", "date": "2026-10-30")").rfind("Platelets: 75000 ×10^9/L is outside what is possible (", 0) ==
          0);
      CHECK(plain("total_bilirubin", R"("value": 2, "unit": "U/L", "date": "2026-10-30")") ==
            "Total bilirubin: 2 U/L is an enzyme activity per volume; Total bilirubin is measured as a substance concentration, e.g. µmol/L");
      CHECK(plain("albumin", R"("value": -1, "unit": "g/dL", "date": "2026-10-30")") == "Albumin: -1 g/dL is impossible: it cannot be negative");
      // Any other error of a lab names the lab and the field in words, then says what the engine says.
      CHECK(plain("platelets", R"("value": 75, "unit": "10*9/L")") == "Platelets, the date: missing: a lab result needs the date it was taken");
      CHECK(plain("total_bilirubin", R"("unit": "mg/dL", "date": "2026-10-30")") == "Total bilirubin, the value: missing");
      CHECK(plain("platelets", R"("value": 75, "unit": "10*9/L", "date": "2026-13-45")") ==
            "Platelets, the date: not a date: \"2026-13-45\" (expected YYYY-MM-DD, a day that exists)");
      CHECK(plain("no_such_analyte", R"("value": 1)") == "Lab result 1, the analyte: unknown analyte \"no_such_analyte\" (see engine/catalogue/analytes.json)");
   }

   TEST_CASE("errors outside labs are said in a clinician's words too; a top-level field is a word already")
   {
      auto plain = [](const std::string& doc) {
         try {
            read_patient(doc, "p.json", *catalogue());
         }
         catch (const InputError& e) {
            return e.plain;
         }
         return std::string("no error");
      };
      CHECK(plain(R"({"id": "P1", "scores": {"ecog": "seven"}})") == "ECOG performance status: \"seven\" is not a value of ECOG performance status");
      CHECK(
          plain(R"({"id": "P1", "medications": [{"concept": "lenvatinib", "start": "2025-02-30"}]})").rfind("Lenvatinib (medications), the start date: ", 0) ==
          0);
      CHECK(plain(R"({"id": "P1", "findings": {"portal_vein_tumour_thrombus": "yes"}})") == "Portal vein tumour thrombus (PVTT): expected true or false");
      CHECK(plain(R"({"id": "P1", "birth_date": "yesterday"})") == "");
      CHECK(plain(R"({"id": "P1", "labs": [)") ==
            "The record is not valid JSON: parse error at line 1, column 23: syntax error while parsing value - unexpected end of input; expected '[', '{', or "
            "a literal");
   }

   TEST_CASE("a patient error is located: file, patient and field apart from the message")
   {
      try {
         read_patient(lab(R"("value": 180, "unit": "mg/dL", "date": "2026-10-30")"), "p.json", *catalogue());
         FAIL("no error");
      }
      catch (const InputError& e) {
         CHECK(e.where.file == "p.json");
         CHECK(e.where.patient == "P1");
         CHECK(e.where.field == "labs[0].unit");
         CHECK(e.message == "'mg/dL' does not fit Platelets: cannot convert mg/dL (mass concentration) to ×10^9/L (number concentration)");
         // The same in a clinician's words, naming the analyte, the value and the unit (the page shows this).
         CHECK(e.plain == "Platelets: 180 mg/dL is a mass concentration; Platelets is measured as a count per volume, e.g. ×10^9/L");
      }
      // A FHIR error: a second Patient (an unreadable element such as a birth date is skipped, not an error).
      const std::string bundle = read_file(source_path("patients/fhir/eligible.json"));
      const auto at = bundle.find("\"resourceType\": \"Patient\"");
      REQUIRE(at != std::string::npos);
      std::string bad = bundle;
      const auto entries = bad.find("\"entry\": [");
      REQUIRE(entries != std::string::npos);
      bad.insert(entries + 10, R"({"resource": {"resourceType": "Patient", "id": "SECOND"}}, )");
      try {
         read_patient(bad, "b.json", *catalogue());
         FAIL("no error");
      }
      catch (const InputError& e) {
         CHECK(e.where.file == "b.json");
         CHECK(e.where.field.rfind("entry[", 0) == 0);
         CHECK(std::string(e.what()).rfind(e.where.str() + ": ", 0) == 0);
      }
   }

   TEST_CASE("units and spellings a patient file may use")
   {
      const Patient p = read_patient(R"({"id": "P2", "labs": [
         {"analyte": "platelets", "value": 75, "unit": "K/uL", "date": "2026-10-30"},
         {"loinc": "1975-2", "value": 1.2, "unit": "mg/dL", "date": "2026-10-30"},
         {"analyte": "ALT", "value": 40, "unit": "IU/L", "date": "2026-10-30"}]})",
                                     "p.json", *catalogue());
      REQUIRE(p.labs.size() == 3);
      CHECK(p.labs[0].canonical == doctest::Approx(75));
      CHECK(p.labs[1].analyte->id == "total_bilirubin");
      CHECK(p.labs[1].canonical == doctest::Approx(20.52).epsilon(1e-3));
      CHECK(p.labs[2].canonical == doctest::Approx(40));  // IU/L means U/L for ALT (catalogue alias)
   }

   TEST_CASE("patient × trial -> expected verdict (tests/golden/verdicts.tsv)")
   {
      std::istringstream in(read_file(source_path("tests/golden/verdicts.tsv")));
      std::string line;
      int cases = 0;
      std::vector<Trial> trials;
      for (const auto& f : trial_files(source_path("rules"))) {
         CompileResult c = compile_trial_file(f, lexicon());
         INFO(f);
         REQUIRE(c.errors.empty());
         trials.push_back(std::move(*c.trial));
      }
      while (std::getline(in, line)) {
         if (line.empty() || line[0] == '#') continue;
         std::istringstream ls(line);
         std::string file, trial, expected;
         std::getline(ls, file, '\t');
         std::getline(ls, trial, '\t');
         std::getline(ls, expected, '\t');
         const Patient p = read_patient_file(source_path(file), *catalogue());
         auto t = std::find_if(trials.begin(), trials.end(), [&](const Trial& x) { return x.id == trial; });
         REQUIRE(t != trials.end());
         const TrialResult r = screen(*t, p, p.screening_date.value(), *catalogue());
         INFO(file << " against " << trial);
         CHECK(to_string(r.verdict) == expected);
         ++cases;
      }
      CHECK(cases >= 3);
   }

   TEST_CASE("the example patients are decided by the criteria the table names")
   {
      const CompileResult c = compile_trial_file(source_path("rules/NCT03838796.trial"), lexicon());
      REQUIRE(c.trial.has_value());
      auto run = [&](const char* f) {
         const Patient p = read_patient_file(source_path(std::string("patients/examples/") + f), *catalogue());
         return screen(*c.trial, p, *p.screening_date, *catalogue());
      };
      const TrialResult bad = run("ineligible.json");
      std::vector<std::size_t> failing;
      for (const auto& r : bad.criteria)
         if ((r.outcome.result == Tri::not_met) == (r.criterion->section == Section::inclusion) && r.outcome.result != Tri::unknown)
            failing.push_back(r.criterion->line);
      CHECK(failing == std::vector<std::size_t>{69, 73});
      const TrialResult open = run("indeterminate.json");
      // The plain "hepatectomy" record does not say whether the resection was R0, R1/R2 or palliative;
      // with the R0 resection unknown, whether it was within the protocol's month is open too.
      // Data to collect only: the manual-review item of that criterion is a question, asked once the data is in.
      CHECK(open.missing == std::vector<std::string>{"R status of hepatectomy (2026-10-08)", "INR", "ascites", "pregnant", "lactating / breastfeeding"});
      CHECK(open.verdict == Verdict::indeterminate);
   }

   TEST_CASE("JSON text: simdjson's document is nlohmann's, value and type; what one refuses, both refuse")
   {
      // Each value of the same type (a non-negative integer unsigned, a negative one signed, a float a float).
      const std::function<bool(const nlohmann::json&, const nlohmann::json&)> same = [&](const nlohmann::json& a, const nlohmann::json& b) {
         if (a.type() != b.type() || a.size() != b.size()) return false;
         if (a.is_object()) {
            for (auto it = a.begin(); it != a.end(); ++it)
               if (!b.contains(it.key()) || !same(it.value(), b[it.key()])) return false;
            return true;
         }
         if (a.is_array()) {
            for (std::size_t i = 0; i < a.size(); ++i)
               if (!same(a[i], b[i])) return false;
            return true;
         }
         return a == b && a.dump() == b.dump();
      };
      const auto agree = [&](const std::string& text) {
         std::optional<nlohmann::json> ours, theirs;
         try {
            ours = parse_json_text(text, "t.json");
         }
         catch (const InputError&) {
         }
         try {
            theirs = nlohmann::json::parse(text);
         }
         catch (const nlohmann::json::exception&) {
         }
         INFO(text.substr(0, 80));
         REQUIRE(ours.has_value() == theirs.has_value());
         if (ours) CHECK(same(*ours, *theirs));
         return ours.has_value();
      };
      CHECK(agree(R"({"a": 1, "b": -2, "c": 1.5, "d": "x", "e": [true, false, null, [], {}], "f": {"g": 18446744073709551615}})"));
      CHECK(agree(R"({"zero": 0, "minus": -0, "minus_float": -0.0, "exp": 1E2, "small": 5e-324, "big": 123456789012345678901234567890})"));
      CHECK(agree(R"({"a": 1, "a": 2})"));  // a key given twice: the last value
      CHECK(agree(R"(["\u00e9", "é", "\u0000", "\ud83d\ude00", "\/\b\f\n\r\t"])"));
      CHECK(agree("[1, 2]"));
      CHECK(agree("  {\"id\": \"P1\"}  "));
      // Refused by both, so nlohmann's message is the one given.
      for (const char* bad : {R"({"a": 1e400})", R"(["\ud800"])", R"(["\udc00\ud800"])", "[\"x\x01\"]", "[\"\xff\"]", "[\"\xc3\"]", "[1, 2,]", R"({"a": 1} x)",
                              R"({"a": 01})", R"({"a": .5})", R"({"a": NaN})", R"({'a': 1})", "{\"a\": 1 /* c */}", R"({"a": tru})"})
         CHECK_FALSE(agree(bad));
      // A whole FHIR bundle and a native patient.
      for (const std::string& path :
           {shared_path("fhir/Barrett_Cummings_512a3be0-5653-496b-bf4a-20c6a0e71d88.json"), source_path("patients/examples/eligible.json")}) {
         std::ifstream in(path);
         const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
         REQUIRE(text.size() > 100);
         CHECK(agree(text));
      }
   }
}

}  // namespace eligo::test::patients_tests
