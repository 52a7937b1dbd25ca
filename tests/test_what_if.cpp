// What-if changes on a record as read (engine/report/what_if.cpp), and answers loaded from QuestionnaireResponse
// resources (engine/report/questionnaire_response.cpp): docs/server.md, "What-if" and "Answers in the page".
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/report/questionnaire_response.hpp"
#include "engine/report/report.hpp"
#include "engine/report/what_if.hpp"
#include "support.hpp"

namespace eligo::test::what_if_tests {
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

const Date screening{2026, 11, 2};

Patient example(const std::string& path) { return read_patient_file(test::source_path(path), *test::catalogue()); }

const Trial& trial(const std::string& id)
{
   static std::map<std::string, Trial> trials;
   auto it = trials.find(id);
   if (it == trials.end()) {
      CompileResult r = compile_trial_file(test::source_path("rules/" + id + ".trial"), test::lexicon());
      REQUIRE(r.errors.empty());
      it = trials.emplace(id, std::move(*r.trial)).first;
   }
   return it->second;
}

const LabResult& newest(const Patient& p, const std::string& analyte)
{
   for (const auto& l : p.labs)
      if (l.analyte->id == analyte) return l;
   FAIL("no lab ", analyte);
   throw 0;
}

std::string error_of(const std::function<void()>& f)
{
   try {
      f();
   }
   catch (const InputError& e) {
      return e.where.field + " | " + e.message;
   }
   return "(no error)";
}

const ojson* criterion_with(const ojson& result, const std::string& why_part)
{
   for (const auto& c : result.at("criteria"))
      if (c.value("why", std::string()).find(why_part) != std::string::npos) return &c;
   return nullptr;
}

}  // namespace

TEST_SUITE("whatif")
{
   TEST_CASE("a lab changed in place: the value the evaluator uses, with its date and range; the verdict and criteria marked against the record")
   {
      const Patient record = example("patients/examples/ineligible.json");
      Patient p = record;
      const auto changes = apply_what_if(p, json::parse(R"([{"lab": "platelets", "value": 110, "unit": "10*9/L"}])"), screening, *test::catalogue());
      REQUIRE(changes.size() == 1);
      CHECK(describe(changes[0]) == "Platelets 62000 /µL (2026-10-29) → 110 ×10^9/L (2026-10-29)");
      CHECK(p.labs.size() == record.labs.size());
      const LabResult& l = newest(p, "platelets");
      CHECK(l.value == 110);
      CHECK(l.canonical == doctest::Approx(110));
      CHECK(l.date == Date{2026, 10, 29});
      CHECK(l.high == newest(record, "platelets").high);  // the reference range is kept

      ojson changed = check_json(p, screening, screen(trial("NCT03838796"), p, screening, *test::catalogue()));
      const ojson was = check_json(record, screening, screen(trial("NCT03838796"), record, screening, *test::catalogue()));
      mark_what_if(changed, was, changes);
      CHECK(changed["what_if"]["record_verdict"] == "ineligible");
      CHECK(changed["what_if"]["changes"][0]["text"] == "Platelets 62000 /µL (2026-10-29) → 110 ×10^9/L (2026-10-29)");
      const ojson* plt = criterion_with(changed, "Platelets 110");
      REQUIRE(plt);
      CHECK((*plt)["result"] == "met");
      CHECK((*plt)["what_if"]["record_result"] == "not_met");
      // A criterion the change did not touch is not marked.
      const ojson* ecog = criterion_with(changed, "ECOG");
      REQUIRE(ecog);
      CHECK_FALSE(ecog->contains("what_if"));
   }

   TEST_CASE("scores, findings, sex and birth date; a value not recorded is added on the screening date")
   {
      Patient p = example("patients/examples/ineligible.json");
      const auto changes = apply_what_if(p, json::parse(R"([{"score": "ecog", "value": 1}, {"finding": "portal_vein_tumour_thrombus", "present": false},
         {"sex": "female"}, {"birth_date": "1990-01-01"}, {"lab": "creatinine", "value": 0.9, "unit": "mg/dL"}])"),
                                         screening, *test::catalogue());
      REQUIRE(changes.size() == 5);
      CHECK(describe(changes[0]) == "ECOG performance status 2 (2026-10-29) → 1 (2026-10-29)");
      CHECK(describe(changes[1]) == "portal vein tumour thrombus (PVTT) present → absent");
      CHECK(describe(changes[2]) == "Sex male → female");
      CHECK(describe(changes[3]) == "Birth date 1959-07-30 → 1990-01-01");
      CHECK(describe(changes[4]) == "Creatinine not recorded → 0.9 mg/dL (2026-11-02)");
      CHECK(p.scores.at("ecog").lo == 1);
      CHECK(p.findings.at("portal_vein_tumour_thrombus") == false);
      CHECK(p.sex == "female");
      CHECK(newest(p, "creatinine").date == screening);
   }

   TEST_CASE("FHIR: a newer result skipped as unusable is set aside with the reason, never dropped; nothing else of the record changes")
   {
      json bundle = json::parse(test::read_file(test::source_path("patients/fhir/ineligible.json")));
      // A newer platelet count in a unit that does not fit: skipped, and it keeps Platelets unknown.
      bundle["entry"].push_back({{"resource",
                                  {{"resourceType", "Observation"},
                                   {"id", "plt-bad"},
                                   {"status", "final"},
                                   {"code", {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "777-3"}}})}}},
                                   {"effectiveDateTime", "2026-10-31"},
                                   {"valueQuantity", {{"value", 75}, {"unit", "mg/dL"}}}}}});
      const Patient record = read_fhir_bundle(bundle, "b.json", *test::catalogue());
      REQUIRE(record.skipped.size() == 1);
      Patient p = record;
      const auto changes = apply_what_if(p, json::parse(R"([{"lab": "platelets", "value": 110, "unit": "10*9/L"}])"), screening, *test::catalogue());
      CHECK(p.skipped.empty());
      REQUIRE(p.unused.size() == record.unused.size() + 1);
      CHECK(p.unused.back().reason.find("the what-if value of Platelets is used instead") != std::string::npos);
      CHECK(p.labs.size() == record.labs.size());
      REQUIRE(record.conditions.has_value());
      CHECK(p.conditions->size() == record.conditions->size());
      CHECK(p.answers.size() == record.answers.size());
      const ojson r = check_json(p, screening, screen(trial("NCT03838796"), p, screening, *test::catalogue()));
      const ojson* plt = criterion_with(r, "Platelets 110");
      REQUIRE(plt);
      CHECK((*plt)["result"] == "met");
   }

   TEST_CASE("a change Eligo cannot use is an error that names it")
   {
      const auto err = [](const char* changes) {
         Patient p = example("patients/examples/ineligible.json");
         return error_of([&] { apply_what_if(p, json::parse(changes), screening, *test::catalogue()); });
      };
      CHECK(err(R"({"lab": "platelets"})") == "changes | expected an array of changes such as {\"lab\": \"platelets\", \"value\": 110, \"unit\": \"10*9/L\"}");
      CHECK(err(R"([{"lab": "platelets", "value": 75, "unit": "mg/dL"}])").rfind("changes[0].unit | 'mg/dL' does not fit Platelets", 0) == 0);
      CHECK(err(R"([{"lab": "platelets", "value": "75", "unit": "10*9/L"}])") == "changes[0].value | expected a number, got \"75\"");
      CHECK(err(R"([{"lab": "plateletz", "value": 75}])") == "changes[0].lab | unknown analyte \"plateletz\" (see engine/catalogue/analytes.json)");
      CHECK(err(R"([{"score": "ecog", "value": 9}])") == "changes[0].value | \"9\" is not a value of ECOG performance status");
      CHECK(err(R"([{"finding": "extrahepatic_spread", "present": "yes"}])") == "changes[0].present | expected true or false, got \"yes\"");
      CHECK(err(R"([{"sex": "f", "birth_date": "1990"}])") ==
            "changes[0] | expected exactly one of \"lab\", \"score\", \"finding\", \"history\", \"sex\", \"birth_date\"");
      CHECK(err(R"([{"birth_date": "1990-02-30"}])") ==
            "changes[0].birth_date | not a date: \"1990-02-30\" (expected YYYY-MM-DD, YYYY-MM or YYYY, a day that exists)");
      CHECK(err(R"([{"lab": "platelets", "value": 110, "unit": "10*9/L", "date": "soon"}])") ==
            "changes[0].date | not a date: \"soon\" (expected YYYY-MM-DD, a day that exists)");
   }

   TEST_CASE("history: an item removed, its date changed or one added moves the criterion that reads it, marked with the record's result")
   {
      const std::string lenvatinib = "No lenvatinib treatment history";
      const auto check = [](const Patient& p) { return check_json(p, screening, screen(trial("NCT03838796"), p, screening, *test::catalogue())); };
      const auto criterion = [&](const ojson& r) {
         for (const auto& c : r.at("criteria"))
            if (c.value("text", std::string()).find(lenvatinib) != std::string::npos) return c;
         FAIL("no criterion ", lenvatinib);
         throw 0;
      };

      // Added: prior lenvatinib makes "no lenvatinib treatment history" not met, marked with the record's met.
      const Patient record = example("patients/examples/eligible.json");
      Patient p = record;
      auto changes = apply_what_if(p, json::parse(R"([{"history": "lenvatinib", "add": true, "date": "2025-03-01"}])"), screening, *test::catalogue());
      REQUIRE(changes.size() == 1);
      CHECK(changes[0].kind == "history");
      CHECK(changes[0].key == "lenvatinib");
      CHECK(describe(changes[0]) == "lenvatinib (medications) not recorded → added (2025-03-01)");
      REQUIRE(p.medications->size() == record.medications->size() + 1);
      CHECK(p.medications->back().start == Date{2025, 3, 1});
      ojson changed = check(p);
      const ojson was = check(record);
      CHECK(criterion(was)["result"] == "met");
      mark_what_if(changed, was, changes);
      CHECK(criterion(changed)["result"] == "not_met");
      CHECK(criterion(changed)["what_if"]["record_result"] == "met");
      CHECK(changed["verdict"] == "ineligible");
      CHECK(changed["what_if"]["record_verdict"] == "eligible");
      CHECK(changed["what_if"]["changes"][0]["kind"] == "history");

      // Removed from a record that has it: the criterion is met again, marked with the record's not met.
      const Patient with = p;
      Patient q = with;
      changes = apply_what_if(q, json::parse(R"([{"history": "lenvatinib", "remove": true}])"), screening, *test::catalogue());
      CHECK(describe(changes[0]) == "lenvatinib (medications) 2025-03-01 → removed");
      CHECK(q.medications->size() == record.medications->size());
      REQUIRE(q.unused.size() == with.unused.size() + 1);
      CHECK(q.unused.back().reason == "removed by the what-if change changes[0]");
      changed = check(q);
      mark_what_if(changed, check(with), changes);
      CHECK(criterion(changed)["result"] == "met");
      CHECK(criterion(changed)["what_if"]["record_result"] == "not_met");

      // Its date moved after the screening date: a record that starts later is not history yet.
      Patient r = with;
      changes = apply_what_if(r, json::parse(R"([{"history": "lenvatinib", "date": "2026-12-01"}])"), screening, *test::catalogue());
      CHECK(describe(changes[0]) == "lenvatinib (medications) 2025-03-01 → 2026-12-01");
      CHECK(r.medications->back().start == Date{2026, 12, 1});
      CHECK(criterion(check(r))["result"] == "met");

      // An allergy, on the list the change names.
      Patient a = record;
      changes =
          apply_what_if(a, json::parse(R"([{"history": "sorafenib", "list": "allergies", "add": true, "date": "2020-01-01"}])"), screening, *test::catalogue());
      CHECK(describe(changes[0]) == "sorafenib (allergies) not recorded → added (2020-01-01)");
      CHECK(criterion(check(a))["result"] == "not_met");
   }

   TEST_CASE("history: an end date set, or taken away (\"ongoing\"), decides a criterion about now")
   {
      const CompileResult c =
          compile_trial_text("trial: T\ninclusion:\n- active hepatitis B\nexclusion:\n- concurrent entecavir\n", "t.trial", test::lexicon());
      REQUIRE(c.errors.empty());
      const auto results = [&](const Patient& p) {
         const ojson r = check_json(p, screening, screen(*c.trial, p, screening, *test::catalogue()));
         return r["criteria"][0]["result"].get<std::string>() + " " + r["criteria"][1]["result"].get<std::string>();
      };
      const Patient record = example("patients/examples/eligible.json");
      CHECK(results(record) == "met met");

      // Both ended before the screening date: neither holds now.
      Patient p = record;
      auto changes = apply_what_if(p, json::parse(R"([{"history": "hepatitis_b", "end": "2020-06-30"}, {"history": "entecavir", "end": "2026-10-01"}])"),
                                   screening, *test::catalogue());
      REQUIRE(changes.size() == 2);
      CHECK(describe(changes[0]) == "hepatitis B (HBV infection) (conditions) 2009-05-01 to ongoing → 2009-05-01 to 2020-06-30");
      CHECK(describe(changes[1]) == "entecavir (medications) 2012-02-01 to ongoing → 2012-02-01 to 2026-10-01");
      CHECK(results(p) == "not_met not_met");

      // An end after the screening date: still at screening.
      Patient q = record;
      apply_what_if(q, json::parse(R"([{"history": "entecavir", "end": "2027-01-01"}])"), screening, *test::catalogue());
      CHECK(results(q) == "met met");

      // "ongoing" takes an end away again, and a status that said the item was over with it.
      Patient r = p;
      r.conditions->at(1).status = RecordStatus::resolved;
      changes = apply_what_if(r, json::parse(R"([{"history": "hepatitis_b", "end": "ongoing"}])"), screening, *test::catalogue());
      CHECK(describe(changes[0]) == "hepatitis B (HBV infection) (conditions) 2009-05-01 to 2020-06-30 → 2009-05-01 to ongoing");
      CHECK(r.conditions->at(1).status == RecordStatus::active);
      CHECK(results(r) == "met not_met");

      // Start and end in one change; an added item with an end.
      Patient s = record;
      changes = apply_what_if(s, json::parse(R"([{"history": "entecavir", "date": "2026-10-05", "end": "2026-10-20"},
                                                 {"history": "sorafenib", "add": true, "date": "2026-01-01", "end": "2026-03-01"}])"),
                              screening, *test::catalogue());
      CHECK(describe(changes[0]) == "entecavir (medications) 2012-02-01 to ongoing → 2026-10-05 to 2026-10-20");
      CHECK(describe(changes[1]) == "sorafenib (medications) not recorded → added (2026-01-01 to 2026-03-01)");
      CHECK(s.medications->back().end == Date{2026, 3, 1});
      CHECK(results(s) == "met not_met");
   }

   TEST_CASE("history: an item added to a list the record does not give keeps the list incomplete (unknown, never a closed-world met)")
   {
      json doc = json::parse(test::read_file(test::source_path("patients/examples/eligible.json")));
      doc.erase("allergies");
      const Patient record = read_patient_document(doc, "p.json", *test::catalogue());
      Patient p = record;
      apply_what_if(p, json::parse(R"([{"history": "sorafenib", "list": "allergies", "add": true, "date": "2020-01-01"}])"), screening, *test::catalogue());
      REQUIRE(p.allergies.has_value());
      CHECK_FALSE(list_complete(p, p.allergies, "allergies"));
      // Another allergy than the criterion's: "no sorafenib allergy" cannot be told from the one item added, not met nor met.
      Patient q = record;
      apply_what_if(q, json::parse(R"([{"history": "lenvatinib", "list": "allergies", "add": true, "date": "2020-01-01"}])"), screening, *test::catalogue());
      const ojson r = check_json(q, screening, screen(trial("NCT03838796"), q, screening, *test::catalogue()));
      bool seen = false;
      for (const auto& c : r.at("criteria"))
         if (c.value("text", std::string()).find("No lenvatinib treatment history") != std::string::npos) {
            seen = true;
            CHECK(c["result"] == "unknown");
         }
      CHECK(seen);
   }

   TEST_CASE("history: a change Eligo cannot use is an error that names the change and what was expected")
   {
      const auto err = [](const char* changes) {
         Patient p = example("patients/examples/eligible.json");
         return error_of([&] { apply_what_if(p, json::parse(changes), screening, *test::catalogue()); });
      };
      CHECK(err(R"([{"history": "lenvatinibb", "remove": true}])") ==
            "changes[0].history | unknown concept \"lenvatinibb\" (see engine/catalogue/concepts.json)");
      CHECK(err(R"([{"history": 7, "remove": true}])") == "changes[0].history | expected a string: the concept of the history item (e.g. \"lenvatinib\")");
      CHECK(err(R"([{"history": "lenvatinib", "remove": true}])") ==
            "changes[0].history | the record's medications list has no \"lenvatinib\" (\"add\": true adds one)");
      CHECK(err(R"([{"history": "entecavir", "remove": "yes"}])") == "changes[0].remove | expected true, got \"yes\"");
      CHECK(err(R"([{"history": "entecavir"}])") ==
            "changes[0] | expected one of \"remove\": true; \"date\": \"YYYY-MM-DD\" (the item's new start date) and/or \"end\": \"YYYY-MM-DD\" or "
            "\"ongoing\"; or \"add\": true with a \"date\"");
      CHECK(err(R"([{"history": "entecavir", "remove": true, "end": "2020-01-01"}])").rfind("changes[0] | expected one of", 0) == 0);
      CHECK(err(R"([{"history": "entecavir", "end": "soon"}])") ==
            "changes[0].end | not a date: \"soon\" (expected YYYY-MM-DD, a day that exists, or \"ongoing\")");
      CHECK(err(R"([{"history": "entecavir", "end": "2011-01-01"}])") == "changes[0].end | the record would end on 2011-01-01, before it starts on 2012-02-01");
      CHECK(err(R"([{"history": "entecavir", "date": "2013-01-01", "end": "2012-06-01"}])") ==
            "changes[0].end | the record would end on 2012-06-01, before it starts on 2013-01-01");
      CHECK(err(R"([{"history": "lenvatinib", "add": true, "date": "2020-01-01", "end": "2019-01-01"}])") ==
            "changes[0].end | the end 2019-01-01 is before the start 2020-01-01");
      CHECK(err(R"([{"history": "entecavir", "remove": true, "date": "2020-01-01"}])").rfind("changes[0] | expected one of", 0) == 0);
      CHECK(err(R"([{"history": "lenvatinib", "add": true}])") == "changes[0].date | missing: the start date of the added item (YYYY-MM-DD)");
      CHECK(err(R"([{"history": "entecavir", "date": "2020-02-30"}])") ==
            "changes[0].date | not a date: \"2020-02-30\" (expected YYYY-MM-DD, a day that exists)");
      CHECK(err(R"([{"history": "entecavir", "list": "drugs", "remove": true}])") ==
            "changes[0].list | expected \"conditions\", \"medications\", \"procedures\" or \"allergies\", got \"drugs\"");
      CHECK(err(R"([{"history": "lenvatinib", "list": "conditions", "add": true, "date": "2020-01-01"}])") ==
            "changes[0].history | \"lenvatinib\" is a medication, not a condition (list \"conditions\")");
      CHECK(err(R"([{"history": "entecavir", "from": "2011-01-01", "date": "2020-01-01"}])") ==
            "changes[0].history | the record's medications list has no \"entecavir\" starting 2011-01-01 (\"add\": true adds one)");
   }

   TEST_CASE("answers from a QuestionnaireResponse, or a Bundle of them, in the native format")
   {
      const std::vector<const Trial*> trials{&trial("NCT04560751"), &trial("NCT03838796")};
      json qr = {{"resourceType", "QuestionnaireResponse"},
                 {"id", "qr1"},
                 {"questionnaire", "urn:eligo:questionnaire:NCT04560751|" + trial("NCT04560751").version},
                 {"status", "completed"},
                 {"subject", {{"reference", "Patient/EX-PROLONG"}}},
                 {"authored", "2026-10-30"},
                 {"author", {{"display", "Dr A. Chen"}}},
                 {"item", json::array({{{"linkId", "inclusion"},
                                        {"item", json::array({{{"linkId", "NCT04560751-8ce0332c"}, {"answer", json::array({{{"valueBoolean", true}}})}}})}}})}};
      const ojson a = read_questionnaire_responses(qr, trials, *test::catalogue());
      CHECK(a == ojson::parse(R"([{"criterion": "NCT04560751-8ce0332c", "answer": true, "by": "Dr A. Chen", "date": "2026-10-30"}])"));
      const json bundle = {{"resourceType", "Bundle"},
                           {"type", "collection"},
                           {"entry", json::array({{{"resource", {{"resourceType", "Patient"}, {"id", "x"}}}}, {{"resource", qr}}})}};
      CHECK(read_questionnaire_responses(bundle, trials, *test::catalogue()) == a);

      // The answers, in the patient, settle the question as the same response in the patient's bundle does.
      json patient = json::parse(test::read_file(test::source_path("patients/examples/prolong-candidate.json")));
      patient["findings"].erase("unresectable");
      patient["answers"] = a;
      const Patient p = read_patient_document(patient, "p.json", *test::catalogue());
      CHECK(screen(trial("NCT04560751"), p, screening, *test::catalogue()).verdict == Verdict::eligible);
   }

   TEST_CASE("a malformed QuestionnaireResponse is an error that names where, never a partial load")
   {
      const std::vector<const Trial*> trials{&trial("NCT04560751")};
      const json good = {{"resourceType", "QuestionnaireResponse"},
                         {"id", "qr1"},
                         {"questionnaire", "urn:eligo:questionnaire:NCT04560751"},
                         {"status", "completed"},
                         {"authored", "2026-10-30"},
                         {"author", {{"display", "Dr A. Chen"}}},
                         {"item", json::array({{{"linkId", "NCT04560751-8ce0332c"}, {"answer", json::array({{{"valueBoolean", true}}})}}})}};
      const auto err = [&](const std::function<void(json&)>& edit) {
         json d = good;
         edit(d);
         return error_of([&] { read_questionnaire_responses(d, trials, *test::catalogue()); });
      };
      CHECK(err([](json& d) { d = json::array(); }) == "(document) | expected a QuestionnaireResponse, or a Bundle holding some");
      CHECK(err([](json& d) { d["resourceType"] = "Questionnaire"; }) ==
            "resourceType | expected \"QuestionnaireResponse\" (or a Bundle of them), not \"Questionnaire\"");
      CHECK(err([](json& d) { d.erase("authored"); }) ==
            "QuestionnaireResponse/qr1: authored | missing or not a date: an answer needs the day it was given (it is valid for the trial's "
            "'answers valid' days) (QuestionnaireResponse)");
      CHECK(err([](json& d) { d["status"] = "in-progress"; }) ==
            "QuestionnaireResponse/qr1: status | status in-progress: only a completed or amended response is an answer");
      CHECK(err([](json& d) { d["questionnaire"] = "http://loinc.org/q/44249-1"; }) ==
            "QuestionnaireResponse/qr1: questionnaire | http://loinc.org/q/44249-1: not a questionnaire of eligo questions: not read as answers to criteria");
      CHECK(err([](json& d) {
               d["item"][0]["answer"][0] = {{"valueString", "yes"}};
            }) ==
            "QuestionnaireResponse/qr1: item[0].answer[0] | valueString: an answer to a criterion is valueBoolean, valueDecimal, valueInteger, "
            "valueQuantity or valueDate (NCT04560751-8ce0332c)");
      CHECK(err([](json& d) {
               d["item"][0]["answer"][0] = {{"valueDecimal", 7.5}};
            }) == "QuestionnaireResponse/qr1: item[0].answer[0] | criterion NCT04560751-8ce0332c asks for a boolean answer, not a number (7.5)");
      CHECK(err([](json& d) { d["item"][0]["linkId"] = "NCT04560751-00000000"; }) ==
            "QuestionnaireResponse/qr1: item[0].linkId | \"NCT04560751-00000000\" is no criterion of NCT04560751 (its wording may have changed; "
            "eligo questions NCT04560751 lists the ids)");
      CHECK(err([](json& d) { d["item"] = json::array(); }) == "item | no item with an answer: there are no answers to load");
      // In a bundle, the entry is the document's own.
      CHECK(err([&](json& d) {
               json r = d;
               r.erase("author");
               d = {{"resourceType", "Bundle"}, {"entry", json::array({{{"resource", {{"resourceType", "Patient"}}}}, {{"resource", r}}})}};
            }) ==
            "entry[1] QuestionnaireResponse/qr1: author | missing: an answer needs who gave it (author.display or author.reference) (QuestionnaireResponse)");
      CHECK(err([](json& d) {
               d = {{"resourceType", "Bundle"}, {"entry", json::array({{{"resource", {{"resourceType", "Patient"}}}}})}};
            }) == "entry | the Bundle holds no QuestionnaireResponse");
   }
}

}  // namespace eligo::test::what_if_tests
