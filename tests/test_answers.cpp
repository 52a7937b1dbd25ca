// Questions and answers (issue 17, items 3 and 4): eligo questions writes a FHIR R4 Questionnaire of a trial's question
// criteria; a patient's answers (native "answers", FHIR QuestionnaireResponse) settle them at screening, go stale after
// the trial's "answers valid" days, and a bad answer is an error (native) or a skipped element (FHIR), never dropped.
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/questionnaire.hpp"
#include "support.hpp"

namespace eligo::test::answers_tests {

namespace {

using json = nlohmann::json;

const Trial& bundled(const std::string& id)
{
   for (const auto& t : bundled_trials())
      if (t.id == id) return t;
   throw std::runtime_error("no bundled trial " + id);
}

Trial compiled(const std::string& text)
{
   const CompileResult c = compile_trial_text(text, "t.trial", lexicon());
   for (const auto& e : c.errors) INFO(e.str());
   REQUIRE(c.errors.empty());
   return *c.trial;
}

// The structure of a FHIR R4 Questionnaire (http://hl7.org/fhir/R4/questionnaire.html, v4.0.1), encoded from the
// specification (no StructureDefinition is available offline): the required elements (Questionnaire.status 1..1;
// item.linkId 1..1; item.type 1..1 from http://hl7.org/fhir/R4/valueset-item-type.html) and the invariants que-0 (name
// is computer-friendly), que-1 (a group has nested items; a display item has none), que-2 (linkIds are unique in the
// questionnaire), que-3 (a display item has no code) and que-6 (a display item is neither required nor repeats).
// Returns the problems, one per line; empty when the resource conforms.
std::string r4_questionnaire_problems(const json& q)
{
   std::string problems;
   auto problem = [&](const std::string& p) { problems += p + "\n"; };
   static const std::set<std::string> statuses = {"draft", "active", "retired", "unknown"};
   static const std::set<std::string> types = {"group",  "display", "boolean", "decimal", "integer",     "date",       "dateTime",  "time",
                                               "string", "text",    "url",     "choice",  "open-choice", "attachment", "reference", "quantity"};
   static const std::set<std::string> resource_types = {"Patient", "Group", "Practitioner", "Device", "Location", "Organization", "RelatedPerson"};
   if (!q.is_object() || q.value("resourceType", "") != "Questionnaire") problem("resourceType is not Questionnaire");
   if (!q.contains("status") || !q.at("status").is_string() || !statuses.count(q.at("status").get<std::string>())) problem("status: missing or not a code");
   if (q.contains("url") && (!q.at("url").is_string() || q.at("url").get<std::string>().find(':') == std::string::npos)) problem("url: not a URI");
   if (q.contains("name") && (!q.at("name").is_string() || !std::regex_match(q.at("name").get<std::string>(), std::regex("[A-Z]([A-Za-z0-9_]){0,254}"))))
      problem("que-0: name is not computer-friendly");
   if (q.contains("subjectType")) {
      if (!q.at("subjectType").is_array()) problem("subjectType: not an array");
      for (const auto& s : q.at("subjectType"))
         if (!s.is_string() || !resource_types.count(s.get<std::string>())) problem("subjectType: not a resource type: " + s.dump());
   }
   if (q.contains("identifier"))
      for (const auto& i : q.at("identifier"))
         if (!i.is_object() || !i.contains("value")) problem("identifier without a value");
   std::set<std::string> link_ids;
   std::function<void(const json&, const std::string&)> items = [&](const json& holder, const std::string& path) {
      if (!holder.contains("item")) return;
      if (!holder.at("item").is_array() || holder.at("item").empty()) problem(path + "item: not a non-empty array");
      for (std::size_t i = 0; i < holder.at("item").size(); ++i) {
         const json& it = holder.at("item")[i];
         const std::string at = path + "item[" + std::to_string(i) + "]";
         if (!it.contains("linkId") || !it.at("linkId").is_string() || it.at("linkId").get<std::string>().empty())
            problem(at + ".linkId: missing");
         else if (!link_ids.insert(it.at("linkId").get<std::string>()).second)
            problem("que-2: " + at + ".linkId repeats " + it.at("linkId").dump());
         const std::string type = it.value("type", "");
         if (!types.count(type)) problem(at + ".type: missing or not an item type: " + it.value("type", json()).dump());
         if (type == "group" && !it.contains("item")) problem("que-1: " + at + " is a group without items");
         if (type == "display") {
            if (it.contains("item")) problem("que-1: " + at + " is a display item with items");
            if (it.contains("code")) problem("que-3: " + at + " is a display item with a code");
            if (it.contains("required") || it.contains("repeats")) problem("que-6: " + at + " is a display item that is required or repeats");
         }
         if (it.contains("required") && !it.at("required").is_boolean()) problem(at + ".required: not a boolean");
         if (it.contains("text") && !it.at("text").is_string()) problem(at + ".text: not a string");
         items(it, at + ".");
      }
   };
   items(q, "");
   return problems;
}

// The question items of a questionnaire (not groups, not display), by linkId, with their type.
std::map<std::string, std::string> question_items(const json& q)
{
   std::map<std::string, std::string> out;
   std::function<void(const json&)> walk = [&](const json& h) {
      if (!h.contains("item")) return;
      for (const auto& it : h.at("item")) {
         const std::string type = it.at("type");
         if (type != "group" && type != "display") out[it.at("linkId")] = type;
         walk(it);
      }
   };
   walk(q);
   return out;
}

// A QuestionnaireResponse to `q` that answers every boolean question with `yes`, authored on `authored`.
json response_to(const json& q, const std::string& subject, const std::string& authored, bool yes)
{
   json r = {{"resourceType", "QuestionnaireResponse"},
             {"id", "qr-test"},
             {"questionnaire", q.at("url").get<std::string>() + "|" + q.at("version").get<std::string>()},
             {"status", "completed"},
             {"subject", {{"reference", subject}}},
             {"authored", authored},
             {"author", {{"display", "Dr A. Chen"}}},
             {"item", json::array()}};
   for (const auto& group : q.at("item")) {
      json g = {{"linkId", group.at("linkId")}, {"item", json::array()}};
      for (const auto& it : group.at("item"))
         if (it.at("type") == "boolean") g["item"].push_back({{"linkId", it.at("linkId")}, {"answer", json::array({{{"valueBoolean", yes}}})}});
      r["item"].push_back(std::move(g));
   }
   return r;
}

Patient read(const json& doc) { return read_patient(doc.dump(), "answers.json", *catalogue()); }

const CriterionResult& result_of(const TrialResult& t, const std::string& id)
{
   for (const auto& r : t.criteria)
      if (r.criterion->id == id) return r;
   throw std::runtime_error("no criterion " + id);
}

// A trial of three criteria: a question (no test the record answers), a lab (data), and a value a clinician gives.
const char* small_trial =
    "trial: T-ANS\nanswers valid: 14 days\ninclusion:\n- Suitable for TACE in the opinion of the investigator\n"
    "- PLT ≥ 75×10^9/L\nexclusion:\n- Clinically significant renal impairment, defined as creatinine clearance < 60 mL/min\n";

json native_patient(const json& answers)
{
   return {{"id", "P-ANS"},
           {"sex", "male"},
           {"birth_date", "1960-01-01"},
           {"screening_date", "2026-11-02"},
           {"labs", json::array({{{"analyte", "platelets"}, {"value", 180}, {"unit", "10^9/L"}, {"date", "2026-10-30"}}})},
           {"answers", answers}};
}

}  // namespace

TEST_SUITE("answers")
{
   TEST_CASE("eligo questions NCT04560751 --format fhir is a FHIR R4 Questionnaire: one item per question criterion, grouped by section")
   {
      const Trial& t = bundled("NCT04560751");
      const json q = json::parse(questionnaire_json(t).dump());
      CHECK(r4_questionnaire_problems(q) == "");
      CHECK(q.at("status") == "active");
      CHECK(q.at("url") == "urn:eligo:questionnaire:NCT04560751");
      CHECK(q.at("version") == t.version);
      CHECK(q.at("identifier").at(0).at("value") == "NCT04560751");
      CHECK(q.at("subjectType") == json::array({"Patient"}));
      // Every criterion of kind question, and nothing else, is a question item; its text is the registry's.
      std::map<std::string, std::string> expected;
      for (const auto& c : t.criteria)
         if (c.kind == CriterionKind::question) expected[c.id] = "boolean";
      CHECK(expected.size() == 2);  // "Unresectable" and the ages on which the registry's sources disagree
      CHECK(question_items(q) == expected);
      CHECK(q.at("item").size() == 1);
      CHECK(q.at("item").at(0).at("linkId") == "inclusion");
      CHECK(q.at("item").at(0).at("item").at(0).at("text") == "Unresectable");
   }

   TEST_CASE("every bundled trial's questionnaire conforms to the R4 structure, and the checker catches each broken rule")
   {
      for (const auto& t : bundled_trials()) {
         CAPTURE(t.id);
         CHECK(r4_questionnaire_problems(json::parse(questionnaire_json(t).dump())) == "");
      }
      const json good = json::parse(questionnaire_json(bundled("NCT04560751")).dump());
      json twice = good;
      twice["item"][0]["item"][1]["linkId"] = twice["item"][0]["item"][0]["linkId"];
      CHECK(r4_questionnaire_problems(twice).find("que-2") != std::string::npos);
      json no_status = good;
      no_status.erase("status");
      CHECK(r4_questionnaire_problems(no_status).find("status") != std::string::npos);
      json bad_type = good;
      bad_type["item"][0]["item"][0]["type"] = "yesno";
      CHECK(r4_questionnaire_problems(bad_type).find("type") != std::string::npos);
      json nested_display = good;
      nested_display["item"][0]["item"][1]["item"][0]["item"] = json::array({{{"linkId", "x"}, {"type", "display"}}});
      CHECK(r4_questionnaire_problems(nested_display).find("que-1") != std::string::npos);
   }

   TEST_CASE("a criterion that tests one value asks for it: a quantity in the threshold's unit")
   {
      const Trial t = compiled(small_trial);
      const json q = json::parse(questionnaire_json(t).dump());
      CHECK(r4_questionnaire_problems(q) == "");
      const auto items = question_items(q);
      CHECK(items.size() == 2);
      CHECK(items.at(t.criteria[0].id) == "boolean");
      CHECK(items.at(t.criteria[2].id) == "quantity");
      CHECK(t.answers_valid_days == 14);
      CHECK(compiled("trial: X\ninclusion:\n- PLT ≥ 75×10^9/L\n").answers_valid_days == 30);
      const CompileResult bad = compile_trial_text("trial: X\nanswers valid: soon\ninclusion:\n- PLT ≥ 75×10^9/L\n", "x.trial", lexicon());
      REQUIRE(bad.errors.size() == 1);
      CHECK(bad.errors[0].str() == "x.trial:2:1: answers valid must read like '30 days', '4 weeks' or '1 month'");
   }

   TEST_CASE(
       "a QuestionnaireResponse to the questionnaire turns NCT04560751 from pending questions to eligible for the Prolong candidate's bundle; a stale one "
       "turns it back")
   {
      const Trial& t = bundled("NCT04560751");
      json bundle = json::parse(read_file(source_path("patients/fhir/prolong-candidate.json")));
      const Date on = *parse_date("2026-11-02");
      // The bundle carries every fact of the native example but the surgeons' judgement of resectability.
      {
         const Patient p = read(bundle);
         const TrialResult r = screen(t, p, on, *catalogue());
         CHECK(r.verdict == Verdict::pending_questions);
         REQUIRE(r.questions.size() == 1);
         CHECK(r.criteria[r.questions[0]].criterion->text == "Unresectable");
         CHECK(r.missing.empty());
      }
      const json q = json::parse(questionnaire_json(t).dump());
      const std::string subject = bundle.at("entry").at(0).at("fullUrl");
      json answered = bundle;
      answered["entry"].push_back({{"fullUrl", "urn:uuid:qr-test"}, {"resource", response_to(q, subject, "2026-10-30T09:00:00+08:00", true)}});
      {
         const Patient p = read(answered);
         CHECK(p.skipped.empty());
         CHECK(p.answers.size() == 2);
         const TrialResult r = screen(t, p, on, *catalogue());
         CHECK(r.verdict == Verdict::eligible);
         CHECK(result_of(r, "NCT04560751-8ce0332c").answer == "answered by Dr A. Chen on 2026-10-30: yes, the criterion holds");
         CHECK(result_of(r, "NCT04560751-8ce0332c").outcome.why.rfind("answered by Dr A. Chen on 2026-10-30", 0) == 0);
         CHECK(r.answer_notes.empty());
      }
      json stale = bundle;
      stale["entry"].push_back({{"fullUrl", "urn:uuid:qr-test"}, {"resource", response_to(q, subject, "2026-10-02", true)}});  // 31 days
      {
         const TrialResult r = screen(t, read(stale), on, *catalogue());
         CHECK(r.verdict == Verdict::pending_questions);
         const auto& u = result_of(r, "NCT04560751-8ce0332c");
         CHECK(u.outcome.result == Tri::unknown);
         CHECK(u.answer ==
               "the answer yes (answered by Dr A. Chen on 2026-10-02) is stale: 31 days old on 2026-11-02, and NCT04560751 takes answers of at most 30 days");
         // 30 days old is still valid
         CHECK(screen(t, read(stale), *parse_date("2026-11-01"), *catalogue()).verdict == Verdict::eligible);
      }
      json no = bundle;
      no["entry"].push_back({{"fullUrl", "urn:uuid:qr-test"}, {"resource", response_to(q, subject, "2026-10-30", false)}});
      {
         // "no" to "Unresectable" rules the patient out; "no" to the ages contradicts the record (58), which is then
         // unknown, the conflict stated
         const TrialResult r = screen(t, read(no), on, *catalogue());
         CHECK(r.verdict == Verdict::ineligible);
         CHECK(result_of(r, "NCT04560751-8ce0332c").outcome.result == Tri::not_met);
         CHECK(result_of(r, "NCT04560751-c9ec079c").outcome.result == Tri::unknown);
         CHECK(result_of(r, "NCT04560751-c9ec079c").answer.rfind("the record and the answer disagree", 0) == 0);
      }
   }

   TEST_CASE("patients/fhir/prolong-candidate.json is the native Prolong example without the resectability judgement, criterion by criterion on every trial")
   {
      json native = json::parse(read_file(source_path("patients/examples/prolong-candidate.json")));
      native["findings"].erase("unresectable");
      const Patient a = read(native);
      const Patient b = read_patient_file(source_path("patients/fhir/prolong-candidate.json"), *catalogue());
      CHECK(b.id == a.id);
      CHECK(b.skipped.empty());
      const Date on = *a.screening_date;
      for (const auto& t : bundled_trials()) {
         CAPTURE(t.id);
         const TrialResult x = screen(t, a, on, *catalogue()), y = screen(t, b, on, *catalogue());
         CHECK(to_string(x.verdict) == std::string(to_string(y.verdict)));
         CHECK(x.missing == y.missing);
         REQUIRE(x.criteria.size() == y.criteria.size());
         for (std::size_t i = 0; i < x.criteria.size(); ++i) {
            CAPTURE(x.criteria[i].criterion->line);
            CHECK(to_string(x.criteria[i].outcome.result) == std::string(to_string(y.criteria[i].outcome.result)));
         }
      }
   }

   TEST_CASE("FHIR: a bad item of a QuestionnaireResponse is skipped with the reason, and the rest of it loads")
   {
      json bundle = json::parse(read_file(source_path("patients/fhir/prolong-candidate.json")));
      const std::string subject = bundle.at("entry").at(0).at("fullUrl");
      json qr = {{"resourceType", "QuestionnaireResponse"},
                 {"id", "qr1"},
                 {"questionnaire", "urn:eligo:questionnaire:NCT04560751"},
                 {"status", "amended"},
                 {"subject", {{"reference", subject}}},
                 {"authored", "2026-10-30"},
                 {"author", {{"reference", "Practitioner/p7"}}},
                 {"item", json::array({{{"linkId", "NCT04560751-8ce0332c"}, {"answer", json::array({{{"valueBoolean", true}}})}},
                                       {{"linkId", "NCT04560751-c9ec079c"}, {"answer", json::array({{{"valueString", "yes"}}})}},
                                       {{"linkId", "NCT00000000-12345678"}, {"answer", json::array({{{"valueBoolean", true}}})}},
                                       {{"linkId", "NCT04560751-c9ec079c"}, {"answer", json::array({{{"valueBoolean", true}}, {{"valueBoolean", false}}})}}})}};
      json other = {{"resourceType", "QuestionnaireResponse"}, {"id", "phq9"}, {"questionnaire", "http://loinc.org/q/44249-1"}, {"status", "completed"}};
      json draft = qr;
      draft["id"] = "qr2";
      draft["status"] = "in-progress";
      json undated = qr;
      undated["id"] = "qr3";
      undated.erase("authored");
      for (const json& r : {qr, other, draft, undated}) bundle["entry"].push_back({{"resource", r}});
      const Patient p = read(bundle);
      REQUIRE(p.answers.size() == 1);
      CHECK(p.answers[0].criterion == "NCT04560751-8ce0332c");
      CHECK(p.answers[0].by == "Practitioner/p7");
      CHECK(p.answers[0].field == "entry[16] QuestionnaireResponse/qr1: item[0]");
      CHECK_FALSE(p.answers[0].native);
      std::vector<std::string> skipped;
      for (const auto& k : p.skipped) skipped.push_back(k.where + ": " + k.reason);
      CHECK(skipped == std::vector<std::string>{
                           "entry[16] QuestionnaireResponse/qr1: item[1].answer[0]: valueString: an answer to a criterion is valueBoolean, valueDecimal, "
                           "valueInteger, valueQuantity or valueDate",
                           "entry[16] QuestionnaireResponse/qr1: item[2].linkId: \"NCT00000000-12345678\" is not a criterion id of NCT04560751, the trial of "
                           "the questionnaire",
                           "entry[16] QuestionnaireResponse/qr1: item[3].answer: expected exactly one answer",
                           "entry[19] QuestionnaireResponse/qr3: authored: missing or not a date: an answer needs the day it was given (it is valid for the "
                           "trial's 'answers valid' days)"});
      std::vector<std::string> unused;
      for (const auto& u : p.unused)
         if (u.resource.rfind("QuestionnaireResponse", 0) == 0) unused.push_back(u.resource + ": " + u.detail + ": " + u.reason);
      CHECK(unused == std::vector<std::string>{
                          "QuestionnaireResponse/phq9: http://loinc.org/q/44249-1: not a questionnaire of eligo questions: not read as answers to criteria",
                          "QuestionnaireResponse/qr2: status in-progress: only a completed or amended response is an answer"});
      // The answer that loaded settles its question.
      CHECK(screen(bundled("NCT04560751"), p, *parse_date("2026-11-02"), *catalogue()).verdict == Verdict::eligible);
   }

   TEST_CASE("FHIR: an answer of the wrong type for its criterion is not used, and says so; the bundle is not refused")
   {
      json bundle = json::parse(read_file(source_path("patients/fhir/prolong-candidate.json")));
      json qr = {{"resourceType", "QuestionnaireResponse"},
                 {"id", "qr1"},
                 {"questionnaire", "urn:eligo:questionnaire:NCT04560751"},
                 {"status", "completed"},
                 {"authored", "2026-10-30"},
                 {"author", {{"display", "Dr A. Chen"}}},
                 {"item", json::array({{{"linkId", "NCT04560751-8ce0332c"}, {"answer", json::array({{{"valueDecimal", 1.0}}})}}})}};
      bundle["entry"].push_back({{"resource", qr}});
      const Patient p = read(bundle);
      REQUIRE(p.answers.size() == 1);
      const TrialResult r = screen(bundled("NCT04560751"), p, *parse_date("2026-11-02"), *catalogue());
      CHECK(r.verdict == Verdict::pending_questions);
      REQUIRE(r.answer_notes.size() == 1);
      CHECK(r.answer_notes[0].reason == "NCT04560751-8ce0332c asks for a yes/no answer (true or false), not a number (1.0): not used");
      CHECK(result_of(r, "NCT04560751-8ce0332c").answer ==
            "the answer in entry[16] QuestionnaireResponse/qr1: item[0] is not used: NCT04560751-8ce0332c asks for a yes/no answer (true or false), not a "
            "number (1.0)");
   }

   TEST_CASE("native answers: met, not met, a value put to the test, stale, and each unused answer listed with its reason")
   {
      const Trial t = compiled(small_trial);
      const std::string q = t.criteria[0].id, lab = t.criteria[1].id, renal = t.criteria[2].id;
      const Date on = *parse_date("2026-11-02");
      auto answer = [](const std::string& id, const json& value, const std::string& date) {
         return json{{"criterion", id}, {"answer", value}, {"by", "Dr B. Osei"}, {"date", date}};
      };
      {
         const Patient p = read(native_patient(json::array({answer(q, true, "2026-10-25"), answer(renal, {{"value", 72}, {"unit", "mL/min"}}, "2026-10-25")})));
         const TrialResult r = screen(t, p, on, *catalogue());
         CHECK(r.verdict == Verdict::eligible);
         CHECK(r.criteria[0].outcome.result == Tri::met);
         CHECK(r.criteria[0].outcome.why.rfind("answered by Dr B. Osei on 2026-10-25: yes, the criterion holds", 0) == 0);
         CHECK(r.criteria[2].outcome.result == Tri::not_met);
         CHECK(r.criteria[2].answer == "answered by Dr B. Osei on 2026-10-25: Creatinine clearance 72 mL/min does not meet < 60 mL/min");
      }
      {
         const Patient p = read(native_patient(json::array({answer(q, false, "2026-10-25"), answer(renal, {{"value", 0.9}, {"unit", "mL/s"}}, "2026-10-25")})));
         const TrialResult r = screen(t, p, on, *catalogue());
         CHECK(r.verdict == Verdict::ineligible);
         CHECK(r.criteria[0].outcome.result == Tri::not_met);
         CHECK(r.criteria[2].outcome.result == Tri::met);  // 0.9 mL/s = 54 mL/min < 60
      }
      {
         // 15 days old: this trial takes answers of at most 14 days
         const Patient p = read(native_patient(json::array({answer(q, true, "2026-10-18"), answer(renal, {{"value", 72}, {"unit", "mL/min"}}, "2026-10-19")})));
         const TrialResult r = screen(t, p, on, *catalogue());
         CHECK(r.verdict == Verdict::pending_questions);
         CHECK(r.criteria[0].outcome.result == Tri::unknown);
         CHECK(r.criteria[0].answer ==
               "the answer yes (answered by Dr B. Osei on 2026-10-18) is stale: 15 days old on 2026-11-02, and T-ANS takes answers of at most 14 days");
         CHECK(r.criteria[2].outcome.result == Tri::not_met);
      }
      {
         const Patient p = read(native_patient(json::array({answer("T-ANS-0badc0de", true, "2026-10-25"), answer(lab, true, "2026-10-25"),
                                                            answer(q, true, "2026-11-05"), answer("NCT99999999-12345678", true, "2026-10-25")})));
         const TrialResult r = screen(t, p, on, *catalogue());
         std::vector<std::string> notes;
         for (const auto& n : r.answer_notes) notes.push_back(n.field + ": " + n.reason);
         CHECK(notes == std::vector<std::string>{
                            "answers[2]: answered on 2026-11-05, after the screening date 2026-11-02: not used",
                            "answers[1]: the criterion is data to collect (tests the record answers), not a question: the answer is not used",
                            "answers[0]: no criterion of T-ANS has this id (its wording may have changed; eligo questions T-ANS lists the current ids)"});
         CHECK(r.criteria[1].outcome.result == Tri::met);  // the record's platelets, not the answer
      }
   }

   TEST_CASE(
       "native answers: a wrong type for a known criterion is an error naming the patient, the field and the id; a malformed answer is an error where it is "
       "read")
   {
      const Trial t = compiled(small_trial);
      const Date on = *parse_date("2026-11-02");
      const Patient p = read(native_patient(json::array({{{"criterion", t.criteria[0].id}, {"answer", 7.5}, {"by", "Dr B. Osei"}, {"date", "2026-10-25"}}})));
      try {
         (void)screen(t, p, on, *catalogue());
         FAIL("no error");
      }
      catch (const InputError& e) {
         CHECK(std::string(e.what()) ==
               "patient P-ANS: answers[0].answer: " + t.criteria[0].id + " asks for a yes/no answer (true or false), not a number (7.5)");
      }
      const Patient unit = read(native_patient(
          json::array({{{"criterion", t.criteria[2].id}, {"answer", {{"value", 72}, {"unit", "mg/dL"}}}, {"by", "Dr B. Osei"}, {"date", "2026-10-25"}}})));
      CHECK_THROWS_WITH_AS((void)screen(t, unit, on, *catalogue()), doctest::Contains("answers[0].answer"), InputError);
      auto error = [](const json& answers) {
         try {
            (void)read(native_patient(answers));
            return std::string("no error");
         }
         catch (const InputError& e) {
            return std::string(e.what());
         }
      };
      CHECK(error(json::array({{{"criterion", "T-ANS-1"}, {"answer", "yes"}, {"by", "X"}, {"date", "2026-10-25"}}})) ==
            "answers.json: patient P-ANS: answers[0].answer: \"yes\" is not an answer: expected true or false, a number, a date \"YYYY-MM-DD\" or {\"value\", "
            "\"unit\"} (a yes is true, not \"yes\")");
      CHECK(error(json::array({{{"criterion", "T-ANS-1"}, {"answer", true}, {"date", "2026-10-25"}}})) ==
            "answers.json: patient P-ANS: answers[0].by: missing: who answered");
      CHECK(error(json::array({{{"criterion", "T-ANS-1"}, {"answer", true}, {"by", "X"}}})) ==
            "answers.json: patient P-ANS: answers[0].date: missing: the day of the answer (an answer is valid for the trial's 'answers valid' days)");
      CHECK(error(json::array({{{"criterion", "nothing"}, {"answer", true}, {"by", "X"}, {"date", "2026-10-25"}}})) ==
            "answers.json: patient P-ANS: answers[0].criterion: \"nothing\" is not a criterion id (a trial id and a hash, such as \"NCT04560751-1a2b3c4d\")");
   }
}

}  // namespace eligo::test::answers_tests
