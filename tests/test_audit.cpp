// Issue 16, items 5 and 6: one bad element never loses the patient (it is skipped, named, and the
// criteria that need it are unknown); what a record holds that Eligo could not use (unused resource
// types, unmapped codes) for one patient (eligo profile) and a population (eligo audit); units that
// only look compatible; calcium under LOINC 49765-1. Two golden files, regenerated with
// ELIGO_UPDATE_GOLDEN=1 (the codes of concepts.json change them; review the diff):
//   tests/golden/fhir_bundles.txt  every bundle of ../shared/fhir and wide/: concepts found, codes left unmapped
//   tests/golden/audit_shared_fhir.txt  `eligo audit ../shared/fhir`, run from the repository root
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>
#include <tuple>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/profile.hpp"
#include "support.hpp"

namespace eligo::test::audit_tests {

using nlohmann::json;

namespace {

const char* loinc = "http://loinc.org";

json bundle(std::vector<json> resources)
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   b["entry"].push_back(
       {{"fullUrl", "urn:uuid:p1"}, {"resource", {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", "female"}, {"birthDate", "1960-05-01"}}}});
   int n = 0;
   for (auto& r : resources) {
      const std::string id = "r" + std::to_string(++n);
      if (!r.contains("id")) r["id"] = id;
      b["entry"].push_back({{"fullUrl", "urn:uuid:" + id}, {"resource", r}});
   }
   return b;
}

json code_of(const std::string& code) { return {{"coding", json::array({{{"system", loinc}, {"code", code}}})}}; }

json quantity(double value, const std::string& code)
{
   json q = {{"value", value}, {"system", "http://unitsofmeasure.org"}};
   if (!code.empty()) q["code"] = code, q["unit"] = code;
   return q;
}

json obs(const std::string& code, json value)
{
   return {
       {"resourceType", "Observation"}, {"status", "final"}, {"code", code_of(code)}, {"effectiveDateTime", "2026-10-28T08:00:00Z"}, {"valueQuantity", value}};
}

Patient read(const json& b) { return read_patient(b.dump(), "b.json", *catalogue()); }

const LabResult* lab(const Patient& p, const std::string& analyte)
{
   for (const auto& l : p.labs)
      if (l.analyte->id == analyte) return &l;
   return nullptr;
}

std::string result(const std::string& criterion, const Patient& p)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   return to_string(evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}}).result);
}

bool update_golden() { return std::getenv("ELIGO_UPDATE_GOLDEN") != nullptr; }

void check_golden(const std::string& rel, const std::string& actual)
{
   const std::string path = source_path(rel);
   if (update_golden()) {
      std::ofstream(path, std::ios::binary) << actual;
      return;
   }
   const std::string expected = std::filesystem::exists(path) ? read_file(path) : std::string();
   if (expected == actual) return;
   // The first line that differs, so the failure says where.
   std::istringstream a(actual), e(expected);
   std::string la, le;
   std::size_t n = 0;
   while (true) {
      ++n;
      const bool ga = static_cast<bool>(std::getline(a, la)), ge = static_cast<bool>(std::getline(e, le));
      if (!ga && !ge) break;
      if (la != le || ga != ge) {
         FAIL_CHECK(rel << ":" << n << " differs (ELIGO_UPDATE_GOLDEN=1 rewrites it; review the diff)\n  golden: " << le << "\n  actual: " << la);
         return;
      }
   }
}

// The bundles of ../shared/fhir and ../shared/fhir/wide, by name ("wide/…" for the latter).
std::vector<std::string> shared_bundles()
{
   std::vector<std::string> out;
   for (const char* dir : {"", "wide/"})
      for (const auto& f : std::filesystem::directory_iterator(shared_path(std::string("fhir/") + dir)))
         if (f.path().extension() == ".json" && f.path().filename() != "MANIFEST.json") out.push_back(dir + f.path().filename().string());
   std::sort(out.begin(), out.end());
   return out;
}

// One bundle as the golden file pins it: the concepts its records name, the analytes read, the
// elements skipped and the codes left unmapped; or why it is refused.
std::string bundle_summary(const std::string& name)
{
   std::string out = "== " + name + "\n";
   Patient p;
   try {
      p = read_patient_file(shared_path("fhir/" + name), *catalogue());
   }
   catch (const std::exception& e) {
      std::string what = e.what();
      if (auto at = what.find(name); at != std::string::npos) what = what.substr(at);  // the path of the shared folder varies
      return out + "refused\t" + what + "\n";
   }
   out += "patient\t" + p.id + "\n";
   std::map<std::pair<std::string, std::string>, int> concepts;
   const std::pair<const char*, const std::optional<std::vector<Record>>*> lists[] = {
       {"conditions", &p.conditions}, {"medications", &p.medications}, {"procedures", &p.procedures}, {"allergies", &p.allergies}};
   for (const auto& [list, records] : lists)
      if (*records)
         for (const auto& r : **records) ++concepts[{list, r.concept_->id}];
   for (const auto& f : p.finding_history) ++concepts[{"findings", f.concept_->id}];
   for (const auto& [k, n] : concepts) out += "concept\t" + k.first + "\t" + k.second + "\t" + std::to_string(n) + "\n";
   std::map<std::string, int> analytes;
   for (const auto& l : p.labs) ++analytes[l.analyte->id];
   out += "analytes";
   for (const auto& [a, n] : analytes) out += "\t" + a + " " + std::to_string(n);
   out += "\n";
   std::map<std::pair<std::string, std::string>, int> skipped;
   for (const auto& s : p.skipped) ++skipped[{s.what, s.reason}];
   for (const auto& [k, n] : skipped) out += "skipped\t" + k.first + "\t" + k.second + "\t" + std::to_string(n) + "\n";
   std::vector<const UnmappedCode*> codes;
   for (const auto& c : p.unmapped_codes) codes.push_back(&c);
   std::sort(codes.begin(), codes.end(), [](const UnmappedCode* a, const UnmappedCode* b) {
      return std::tie(a->list, a->system, a->code, a->display) < std::tie(b->list, b->system, b->code, b->display);
   });
   for (const auto* c : codes)
      out += "unmapped\t" + c->list + "\t" + code_system_name(c->system) + "\t" + c->code + "\t" + c->display + "\t" + std::to_string(c->count) + "\n";
   return out;
}

std::string run(const std::string& command)
{
   std::string out;
   FILE* f = popen(command.c_str(), "r");
   REQUIRE(f);
   char buf[65536];
   for (std::size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
   CHECK(pclose(f) == 0);
   return out;
}

}  // namespace

TEST_SUITE("audit")
{
   TEST_CASE("a blood-pressure component without a unit is skipped, named; the other component and the patient are kept")
   {
      json bp = {{"resourceType", "Observation"},
                 {"status", "final"},
                 {"code", code_of("55284-4")},
                 {"effectiveDateTime", "2026-10-28T08:00:00Z"},
                 {"component", json::array({{{"code", code_of("8480-6")}, {"valueQuantity", quantity(142, "")}},
                                            {{"code", code_of("8462-4")}, {"valueQuantity", quantity(88, "mm[Hg]")}}})}};
      const Patient p = read(bundle({bp}));
      CHECK(p.id == "P1");
      REQUIRE(p.skipped.size() == 1);
      CHECK(p.skipped[0].where == "entry[1] Observation/r1: component[0].valueQuantity.unit");
      CHECK(p.skipped[0].what == "Systolic blood pressure");
      CHECK(p.skipped[0].reason == "missing: Systolic blood pressure needs a unit (e.g. mmHg)");
      CHECK(!lab(p, "systolic_bp"));
      REQUIRE(lab(p, "diastolic_bp"));
      CHECK(lab(p, "diastolic_bp")->canonical == 88);
      // The criterion that needed it is unknown; the other is decided.
      CHECK(result("systolic blood pressure ≤ 160 mmHg", p) == "unknown");
      CHECK(result("diastolic blood pressure ≤ 100 mmHg", p) == "met");
      // eligo profile lists it; screen and check warn.
      const auto j = profile_json(p, *parse_date("2026-11-02"));
      REQUIRE(j.contains("skipped"));
      CHECK(j["skipped"][0]["where"] == "entry[1] Observation/r1: component[0].valueQuantity.unit");
      std::ostringstream text;
      print_profile_text(text, j);
      CHECK(text.str().find("Skipped (1 element that could not be used; a criterion that needs one is unknown):\n"
                            "  entry[1] Observation/r1: component[0].valueQuantity.unit (Systolic blood pressure): missing: Systolic blood pressure "
                            "needs a unit (e.g. mmHg)\n") != std::string::npos);
   }

   TEST_CASE("the real bundles with unit-less blood-pressure components load")
   {
      for (const char* name : {"Eleonor_Becker_c67244e9-b850-4b4f-9691-5d04c250f6f7.json", "Rich_Kshlerin_ce8c42b0-ce15-46c2-bc8b-707a342d1db2.json"}) {
         CAPTURE(name);
         const Patient p = read_patient_file(shared_path(std::string("fhir/wide/") + name), *catalogue());
         REQUIRE(!p.skipped.empty());
         // The unit-less components, and eGFR results in mL/min (not equated with mL/min/1.73 m²).
         CHECK(std::any_of(p.skipped.begin(), p.skipped.end(), [](const Skipped& s) { return s.reason.find("needs a unit") != std::string::npos; }));
         CHECK(std::all_of(p.skipped.begin(), p.skipped.end(), [](const Skipped& s) {
            return s.reason.find("needs a unit") != std::string::npos || s.reason.find("are not equated") != std::string::npos;
         }));
         CHECK(lab(p, "systolic_bp"));  // readings with a unit are kept
      }
   }

   TEST_CASE("other malformed elements are skipped, not the patient; a record that cannot be a patient is refused")
   {
      json text_value = obs("777-3", quantity(168, "10*3/uL"));
      text_value["valueQuantity"]["value"] = "168";
      json bad_range = obs("1742-6", quantity(30, "U/L"));
      bad_range["referenceRange"] = json::array({{{"low", {{"value", "x"}}}}});
      json bad_subject = {{"resourceType", "Condition"}, {"code", code_of("x")}, {"subject", "Patient/P1"}};
      json patient = {{"resourceType", "Patient"}, {"id", "P1"}, {"birthDate", "1966-02-30"}};
      json b = bundle({text_value, bad_range, bad_subject, obs("718-7", quantity(12, "g/dL"))});
      b["entry"][0]["resource"] = patient;
      b["entry"].push_back(42);
      const Patient p = read(b);
      CHECK(!p.birth_date);
      std::vector<std::string> where;
      for (const auto& s : p.skipped) where.push_back(s.where + " — " + s.reason);
      CHECK(where == std::vector<std::string>{
                         "entry[5] — expected an object",
                         "entry[0] Patient/P1: birthDate — not a date: \"1966-02-30\" (expected YYYY, YYYY-MM or YYYY-MM-DD, a day that exists): the age is "
                         "unknown",
                         "entry[1] Observation/r1: valueQuantity.value — expected a number, got the string \"168\"",
                         "entry[2] Observation/r2: referenceRange[0].low — expected a Quantity with a numeric value",
                         "entry[3] Condition/r3: subject — expected a Reference object"});
      CHECK(!lab(p, "platelets"));
      REQUIRE(lab(p, "alt"));  // kept, with the catalogue's range
      CHECK(lab(p, "alt")->range_note.find("could not be read") != std::string::npos);
      CHECK(lab(p, "hemoglobin"));
      CHECK(result("age ≥ 18 years", p) == "unknown");
      // Not JSON, no Patient: refused.
      json none = bundle({});
      none["entry"].erase(0);
      none["entry"].push_back({{"resource", obs("718-7", quantity(12, "g/dL"))}});
      CHECK_THROWS_WITH_AS(read(none), "b.json: entry: the Bundle has no Patient resource: expected exactly one (it holds 1 Observation)", InputError);
      CHECK_THROWS_AS(read_patient("{", "b.json", *catalogue()), InputError);
   }

   TEST_CASE("eGFR in mL/min is not equated with mL/min/1.73 m²: refused with the reason")
   {
      const Patient p = read(bundle({obs("33914-3", quantity(55, "mL/min"))}));
      REQUIRE(p.skipped.size() == 1);
      CHECK(p.skipped[0].where == "entry[1] Observation/r1: valueQuantity.code");
      CHECK(p.skipped[0].reason ==
            "'mL/min' is an absolute rate, but Estimated glomerular filtration rate (eGFR) is per 1.73 m² of body surface (mL/min/1.73 m²): the two are not "
            "equated");
      CHECK(!lab(p, "egfr"));
      CHECK(result("eGFR ≥ 50 mL/min/1.73 m2", p) == "unknown");
      // Per 1.73 m², as LOINC 33914-3 is defined: read.
      const Patient q = read(bundle({obs("33914-3", quantity(55, "mL/min/{1.73_m2}"))}));
      CHECK(q.skipped.empty());
      REQUIRE(lab(q, "egfr"));
      CHECK(result("eGFR ≥ 50 mL/min/1.73 m2", q) == "met");
      // The native format refuses it too, with the same reason.
      const std::string native = R"({"id": "N1", "labs": [{"analyte": "egfr", "value": 55, "unit": "mL/min", "date": "2026-10-28"}]})";
      CHECK_THROWS_WITH_AS(read_patient(native, "n.json", *catalogue()), doctest::Contains("is an absolute rate, but Estimated glomerular filtration rate"),
                           InputError);  // The real element: Clint_Champlin's eGFR of 2018-10-08 (entry[161], 76.8 mL/min) is skipped with the same reason; his
      // record is kept.
      const Patient real = read_patient(read_file(shared_path("fhir/Clint_Champlin_4e83f4d0-0461-47bf-9711-292d8f5d69ff.json")), "c.json", *catalogue());
      const auto it = std::find_if(real.skipped.begin(), real.skipped.end(),
                                   [](const Skipped& k) { return k.where.rfind("entry[161] Observation/ff025ece-2462-4645-858e-1423fc5c3ca8", 0) == 0; });
      REQUIRE(it != real.skipped.end());
      CHECK(it->reason.find("'mL/min' is an absolute rate") == 0);
      CHECK(!real.labs.empty());
   }

   TEST_CASE("calcium under LOINC 49765-1 (Calcium [Mass/volume] in Blood) is calcium")
   {
      const Patient p = read(bundle({obs("49765-1", quantity(9.2, "mg/dL"))}));
      REQUIRE(lab(p, "calcium"));
      CHECK(lab(p, "calcium")->canonical == doctest::Approx(9.2 * 10 / 40.078));
      CHECK(result("total serum calcium < 12.0 mg/dL", p) == "met");
      CHECK(p.unmapped_codes.empty());
      // The real element: Barrett_Cummings' calcium of 2012-01-29 (entry[29], 8.95 mg/dL under 49765-1).
      const Patient real = read_patient(read_file(shared_path("fhir/Barrett_Cummings_512a3be0-5653-496b-bf4a-20c6a0e71d88.json")), "b.json", *catalogue());
      const auto it = std::find_if(real.labs.begin(), real.labs.end(), [](const LabResult& l) {
         return l.analyte->id == "calcium" && l.field.find("60dd5da0-c682-4553-9055-40b1f8189755") != std::string::npos;
      });
      REQUIRE(it != real.labs.end());
      CHECK(it->value == doctest::Approx(8.951296701434462));
      CHECK(it->canonical == doctest::Approx(8.951296701434462 * 10 / 40.078));
      CHECK(it->date == *parse_date("2012-01-29"));
   }

   TEST_CASE("unused resource types are each listed with their count, also when two share a count")
   {
      const Patient p = read(bundle({{{"resourceType", "Claim"}},
                                     {{"resourceType", "Claim"}},
                                     {{"resourceType", "ExplanationOfBenefit"}},
                                     {{"resourceType", "ExplanationOfBenefit"}},
                                     {{"resourceType", "Practitioner"}},
                                     {{"resourceType", "Encounter"}}}));
      const auto j = profile_json(p, *parse_date("2026-11-02"));
      REQUIRE(j.contains("unused_types"));
      CHECK(j["unused_types"].dump() ==
            R"([{"type":"Claim","count":2},{"type":"Encounter","count":1},{"type":"ExplanationOfBenefit","count":2},{"type":"Practitioner","count":1}])");
      std::size_t types = 0;
      for (const auto& u : j["unused"])
         if (u["reason"] == "not a resource type Eligo reads") ++types;
      CHECK(types == 4);
      std::ostringstream text;
      print_profile_text(text, j);
      CHECK(text.str().find("Resource types Eligo does not read (4): Claim 2; Encounter 1; ExplanationOfBenefit 2; Practitioner 1;\n") != std::string::npos);
   }

   TEST_CASE("codes that name nothing in the catalogue are counted by system and code")
   {
      json cond = {{"resourceType", "Condition"},
                   {"code", {{"coding", json::array({{{"system", "http://snomed.info/sct"}, {"code", "444814009"}, {"display", "Viral sinusitis"}}})}}}};
      const Patient p = read(bundle({cond, cond, obs("72514-3", quantity(3, "{score}"))}));
      REQUIRE(p.unmapped_codes.size() == 2);
      const auto j = profile_json(p, *parse_date("2026-11-02"));
      CHECK(
          j["unmapped_codes"].dump() ==
          R"([{"system":"http://snomed.info/sct","name":"SNOMED CT","records":2,"codes":[{"code":"444814009","display":"Viral sinusitis","list":"conditions","count":2}]},)"
          R"({"system":"http://loinc.org","name":"LOINC","records":1,"codes":[{"code":"72514-3","display":"","list":"observations","count":1}]}])");
   }

   TEST_CASE("every bundle of ../shared/fhir and wide/ loads: the concepts found and the codes left unmapped (tests/golden/fhir_bundles.txt)")
   {
      const std::vector<std::string> names = shared_bundles();
      CHECK(names.size() == 100);
      // Two workers: the bundles are large (110 MB), and CI has two cores.
      std::vector<std::string> parts(names.size());
      std::vector<std::thread> workers;
      for (unsigned w = 0; w < 2; ++w)
         workers.emplace_back([&, w] {
            for (std::size_t i = w; i < names.size(); i += 2) parts[i] = bundle_summary(names[i]);
         });
      for (auto& t : workers) t.join();
      std::string all =
          "# tests/test_audit.cpp: each bundle of ../shared/fhir and wide/ as read. concept: list, concept, records; analytes: id and results;\n"
          "# skipped: what, why, elements; unmapped: list, system, code, display, records. ELIGO_UPDATE_GOLDEN=1 rewrites it.\n";
      std::size_t refused = 0;
      for (std::size_t i = 0; i < names.size(); ++i) {
         all += parts[i];
         if (parts[i].find("\nrefused\t") != std::string::npos) {
            ++refused;
            CAPTURE(names[i]);
            CHECK((names[i].find("hospitalInformation") != std::string::npos || names[i].find("practitionerInformation") != std::string::npos));
            CHECK(parts[i].find("the Bundle has no Patient resource: expected exactly one") != std::string::npos);
         }
      }
      CHECK(refused == 2);
      check_golden("tests/golden/fhir_bundles.txt", all);
   }

   TEST_CASE("eligo audit ../shared/fhir (tests/golden/audit_shared_fhir.txt)")
   {
      const std::string out = run("cd '" + std::string(ELIGO_SOURCE_DIR) + "' && '" + ELIGO_BIN + "' audit ../shared/fhir");
      check_golden("tests/golden/audit_shared_fhir.txt", out);
   }
}

}  // namespace eligo::test::audit_tests
