// Time relative to an event of the patient's own (docs/language.md, "Time relative to an event"):
// "postoperative X", "X after resection", "X within 4 weeks of surgery", "X 4 weeks or more after
// resection". How each phrasing reads and binds, and how it is decided against a patient's record.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/synth/generator.hpp"
#include "engine/synth/regress.hpp"
#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test::relative_time_tests {

namespace {

// The trial these criteria come from is on hepatocellular carcinoma: there "resection" is a hepatectomy
// (concepts.json "domain"; docs/language.md, "Scope: negation, lists, examples, relations").
const Concept* hcc() { return catalogue()->concept_("hepatocellular carcinoma"); }

// The compiled form, "(has …)" or "error COL: message", as the golden files write it without "=> ", in a trial on HCC.
std::string bound(const std::string& text)
{
   std::vector<Warning> warnings;
   try {
      return to_string(compile_criterion(text, lexicon(), warnings, Section::none, hcc()));
   }
   catch (const CriterionError& e) {
      return "error " + std::to_string(e.where.column) + ": " + e.message;
   }
}

std::string tree(const std::string& text) { return syntax::to_string(grammar::parse_criterion(text, lexicon())); }

Outcome eval(const std::string& criterion, const std::string& patient_json)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w, Section::none, hcc());
   const Patient p = read_patient(patient_json, "test.json", *catalogue());
   const std::vector<const Concept*> own = {catalogue()->concept_("hepatocellular carcinoma"), catalogue()->concept_("lenvatinib")};
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), own, std::nullopt, {}});
}

// A patient resected on 2026-03-10, with the given medications (JSON array items).
std::string resected(const std::string& medications, const std::string& more_procedures = "")
{
   return R"({"id": "R", "medications": [)" + medications + R"(], "procedures": [{"concept": "hepatectomy", "date": "2026-03-10", "status": "completed"})" +
          more_procedures + "]}";
}

const char* interferon_2019 = R"({"concept": "peginterferon alfa-2a", "start": "2019-02-01", "end": "2019-08-01", "status": "completed"})";
const char* sorafenib_after = R"({"concept": "sorafenib", "start": "2026-04-01", "status": "active"})";
const char* sorafenib_2019 = R"({"concept": "sorafenib", "start": "2019-09-01", "end": "2020-02-01", "status": "stopped"})";

}  // namespace

TEST_SUITE("grammar")
{
   TEST_CASE("time relative to an event: the syntax tree keeps the relation and the event as written")
   {
      CHECK(tree("postoperative sorafenib") == "(fact \"sorafenib\" postoperative)");
      CHECK(tree("sorafenib after resection") == "(fact \"sorafenib\" after \"resection\")");
      CHECK(tree("sorafenib within 4 weeks of surgery") == "(fact \"sorafenib\" ≤ 4 weeks after \"surgery\")");
      CHECK(tree("sorafenib 4 weeks or more after the resection") == "(fact \"sorafenib\" ≥ 4 weeks after \"resection\")");
      // The relation binds every fact of the list, not only the last.
      CHECK(tree("sorafenib or lenvatinib after resection") == "(or (fact \"sorafenib\" after \"resection\") (fact \"lenvatinib\" after \"resection\"))");
      CHECK(tree("postoperative sorafenib, lenvatinib or TACE") ==
            "(or (fact \"sorafenib\" postoperative) (fact \"lenvatinib\" postoperative) (fact \"TACE\" postoperative))");
   }

   TEST_CASE("time relative to an event: each phrasing binds to the event's procedure")
   {
      CHECK(bound("postoperative sorafenib") == "(has sorafenib after surgery)");
      CHECK(bound("Postoperative patients treated with other targeted drugs") == "(has other targeted_therapy after surgery)");
      CHECK(bound("sorafenib postoperatively") == "(has sorafenib after surgery)");
      CHECK(bound("sorafenib after resection") == "(has sorafenib after hepatectomy)");
      CHECK(bound("sorafenib after liver surgery") == "(has sorafenib after hepatectomy)");
      CHECK(bound("sorafenib after hepatectomy") == "(has sorafenib after hepatectomy)");
      CHECK(bound("sorafenib since resection") == "(has sorafenib after hepatectomy)");
      CHECK(bound("sorafenib following surgery") == "(has sorafenib after surgery)");
      CHECK(bound("sorafenib after curative resection") == "(has sorafenib after r0_resection)");
      CHECK(bound("TACE within 4 weeks of surgery") == "(has tace within 4wk after surgery)");
      CHECK(bound("TACE within 3 months after resection") == "(has tace within 3mo after hepatectomy)");
      CHECK(bound("TACE within the first 6 weeks following hepatectomy") == "(has tace within 6wk after hepatectomy)");
      CHECK(bound("sorafenib 4 weeks or more after resection") == "(has sorafenib ≥ 4wk after hepatectomy)");
      CHECK(bound("sorafenib at least 4 weeks after resection") == "(has sorafenib ≥ 4wk after hepatectomy)");
      CHECK(bound("sorafenib more than 30 days after surgery") == "(has sorafenib > 30d after surgery)");
      CHECK(bound("sorafenib less than 30 days after surgery") == "(has sorafenib < 30d after surgery)");
      // "postoperative TACE" is also a catalogue name of TACE; the relation is read, not dropped into the name.
      CHECK(bound("postoperative TACE") == "(has tace after surgery)");
      // Without a fact, the time since the event, as before: "N weeks or more after" is "since ≥".
      CHECK(bound("4 weeks or more after resection") == "(has hepatectomy since ≥ 4wk)");
      CHECK(bound("at least 4 weeks after major surgery") == "(has major_surgery since ≥ 4wk)");
   }

   TEST_CASE("time relative to an event: a list is one item, and the relation binds each of its facts")
   {
      CHECK(bound("postoperative other targeted therapy, PD1 antibody, other immunotherapy, FOLFOX or HuaiErKeLi") ==
            "(or (has other targeted_therapy after surgery) (has pd1_inhibitor after surgery) (has other immunotherapy after surgery) (has folfox after "
            "surgery) (has huaier_granule after surgery))");
      CHECK(bound("sorafenib, lenvatinib or TACE after resection") ==
            "(or (has sorafenib after hepatectomy) (has lenvatinib after hepatectomy) (has tace after hepatectomy))");
      CHECK(bound("sorafenib, lenvatinib, and TACE after resection") ==
            "(and (has sorafenib after hepatectomy) (has lenvatinib after hepatectomy) (has tace after hepatectomy))");
      CHECK(bound("sorafenib and lenvatinib or TACE after resection") ==
            "(or (and (has sorafenib after hepatectomy) (has lenvatinib after hepatectomy)) (has tace after hepatectomy))");
      // A negation before the list negates the whole list.
      CHECK(bound("no sorafenib or lenvatinib after resection") == "(not (or (has sorafenib after hepatectomy) (has lenvatinib after hepatectomy)))");
      CHECK(bound("ECOG 0-1 and sorafenib or lenvatinib after resection") ==
            "(and (ecog in 0..1) (or (has sorafenib after hepatectomy) (has lenvatinib after hepatectomy)))");
   }

   TEST_CASE("time relative to an event: what it cannot read stays an error, never a dropped word")
   {
      CHECK(bound("sorafenib, lenvatinib after resection") ==
            "error 1: the list 'sorafenib, lenvatinib' joins its items with commas alone: write 'or' (any of them) or 'and' (all of them) "
            "before its last item");
      CHECK(bound("sorafenib, lenvatinib and TACE or RFA after resection")
                .rfind("error 1: the list 'sorafenib, lenvatinib and TACE or RFA' joins "
                       "its items with commas and both 'and' and 'or'",
                       0) == 0);
      CHECK(bound("sorafenib after hepatocellular carcinoma") ==
            "error 17: 'hepatocellular carcinoma' is a condition, not a procedure: Eligo times a fact from a procedure the patient had (a resection, an "
            "operation)");
      CHECK(bound("allergy to sorafenib after resection") == "error 1: an allergy is not timed from an event: write the allergy on its own");
      CHECK(bound("postoperative adjuvant sorafenib").rfind("error", 0) == 0);
      CHECK(bound("sorafenib 4 weeks after resection").rfind("error", 0) == 0);        // exactly 4 weeks? not a window
      CHECK(bound("sorafenib within 4 weeks before surgery").rfind("error", 0) == 0);  // before the event: not read
      CHECK(bound("sorafenib within 1.5 months after surgery") == "error 1: a time window needs a whole number of days, weeks, months or years");
   }
}

TEST_SUITE("engine")
{
   TEST_CASE("after resection: a course years before the resection does not count, one after it does")
   {
      Outcome o = eval("postoperative immunotherapy", resected(interferon_2019));
      CHECK(o.result == Tri::not_met);
      CHECK(o.why ==
            "immunotherapy after surgery (hepatectomy (liver resection), 2026-03-10): none; the last, interferon from 2019-02-01 to 2019-08-01, "
            "ended before it");
      o = eval("other targeted therapy after resection", resected(std::string(interferon_2019) + ", " + sorafenib_after));
      CHECK(o.result == Tri::met);
      CHECK(o.why == "other targeted therapy after resection (2026-03-10): sorafenib from 2026-04-01 (ongoing)");
      CHECK(eval("other targeted therapy after resection", resected(sorafenib_2019)).result == Tri::not_met);
      // Without the relation, the same record counts: the relation is what tells them apart.
      CHECK(eval("other targeted therapy", resected(sorafenib_2019)).result == Tri::met);
   }

   TEST_CASE("after resection: a course that spans the resection counts; one that ended the day before does not")
   {
      const std::string spanning = R"({"concept": "sorafenib", "start": "2025-12-01", "end": "2026-03-20", "status": "completed"})";
      CHECK(eval("sorafenib after resection", resected(spanning)).result == Tri::met);
      const std::string same_day = R"({"concept": "sorafenib", "start": "2025-12-01", "end": "2026-03-10", "status": "completed"})";
      CHECK(eval("sorafenib after resection", resected(same_day)).result == Tri::met);
      const std::string day_before = R"({"concept": "sorafenib", "start": "2025-12-01", "end": "2026-03-09", "status": "completed"})";
      const Outcome o = eval("sorafenib after resection", resected(day_before));
      CHECK(o.result == Tri::not_met);
      CHECK(o.why == "sorafenib after resection (2026-03-10): none; the last, sorafenib from 2025-12-01 to 2026-03-09, ended before it");
   }

   TEST_CASE("after resection: the latest resection is the patient's event")
   {
      // Resected in 2019 and again in 2026: sorafenib between the two is not after the latest.
      const std::string again = R"(, {"concept": "hepatectomy", "date": "2019-06-01"})";
      CHECK(eval("sorafenib after resection", resected(sorafenib_2019, again)).result == Tri::not_met);
      // A narrower record is a resection too, and the why names it.
      const Outcome o =
          eval("sorafenib after resection", R"({"id": "R", "medications": [)" + std::string(sorafenib_after) +
                                                R"(], "procedures": [{"concept": "r0_resection", "date": "2026-03-10", "text": "R0 right hepatectomy"}]})");
      CHECK(o.result == Tri::met);
      CHECK(o.why == "sorafenib after resection (R0 right hepatectomy, 2026-03-10): sorafenib from 2026-04-01 (ongoing)");
      // The resection is not something after itself.
      CHECK(eval("major surgery after resection", resected("")).result == Tri::not_met);
   }

   TEST_CASE("after resection: no resection on a complete list is not met; no procedures list is unknown")
   {
      const std::string never_operated = R"({"id": "N", "medications": [)" + std::string(sorafenib_after) + R"(], "procedures": []})";
      Outcome o = eval("other targeted therapy after resection", never_operated);
      CHECK(o.result == Tri::not_met);
      CHECK(o.why == "other targeted therapy after resection: no resection on record (procedures list taken as complete)");
      const std::string no_list = R"({"id": "N", "medications": [)" + std::string(sorafenib_after) + "]}";
      o = eval("other targeted therapy after resection", no_list);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"date of resection"});
      CHECK(o.why == "other targeted therapy after resection: no procedures list given, so the date of resection is not known");
      // Nothing of the fact at all: nothing of it can be after the resection, whether or not there was one.
      o = eval("other targeted therapy after resection", R"({"id": "N", "medications": []})");
      CHECK(o.result == Tri::not_met);
   }

   TEST_CASE("after resection: the relation binds every item of a list, never only the last")
   {
      // Sorafenib in 2019, before the resection; no peginterferon. Were only the last item timed, sorafenib would count.
      const Outcome o = eval("postoperative sorafenib or peginterferon", resected(sorafenib_2019));
      CHECK(o.result == Tri::not_met);
      CHECK(eval("sorafenib or peginterferon after resection", resected(sorafenib_2019)).result == Tri::not_met);
      CHECK(eval("sorafenib or peginterferon after resection", resected(sorafenib_after)).result == Tri::met);
   }

   TEST_CASE("within N weeks of the event, and N weeks or more after it")
   {
      const std::string tace_day_28 = R"(, {"concept": "tace", "date": "2026-04-07"})";  // 28 days after 2026-03-10
      const std::string tace_day_29 = R"(, {"concept": "tace", "date": "2026-04-08"})";
      CHECK(eval("TACE within 4 weeks of surgery", resected("", tace_day_28)).result == Tri::met);
      Outcome o = eval("TACE within 4 weeks of surgery", resected("", tace_day_29));
      CHECK(o.result == Tri::not_met);
      CHECK(o.why ==
            "transarterial chemoembolization (TACE) within 4 weeks after surgery (hepatectomy (liver resection), 2026-03-10): none; the last, "
            "transarterial chemoembolization (TACE) on 2026-04-08, is not within 4 weeks after it");
      CHECK(eval("TACE less than 28 days after surgery", resected("", tace_day_28)).result == Tri::not_met);
      CHECK(eval("TACE 4 weeks or more after resection", resected("", tace_day_28)).result == Tri::met);
      CHECK(eval("TACE more than 4 weeks after resection", resected("", tace_day_28)).result == Tri::not_met);
      // A course that started before the event and went on into the window meets "within".
      const std::string spanning = R"({"concept": "sorafenib", "start": "2025-12-01", "end": "2026-03-20", "status": "completed"})";
      CHECK(eval("sorafenib within 4 weeks after resection", resected(spanning)).result == Tri::met);
      CHECK(eval("sorafenib 4 weeks or more after resection", resected(spanning)).result == Tri::not_met);
   }

   TEST_CASE("after resection: a date that is not recorded decides only when every date it allows agrees")
   {
      // A course without dates: it may have been before or after.
      Outcome o = eval("sorafenib after resection", resected(R"({"concept": "sorafenib", "status": "completed"})"));
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"date of sorafenib"});
      CHECK(o.why == "sorafenib after resection (2026-03-10): sorafenib (no dates recorded): cannot tell whether it was after it");
      // Still taken now: after the resection, whenever it started.
      CHECK(eval("sorafenib after resection", resected(R"({"concept": "sorafenib", "status": "active"})")).result == Tri::met);
      // A resection without a date: a course in 2019 may have been after it.
      o = eval("sorafenib after resection",
               R"({"id": "U", "medications": [)" + std::string(sorafenib_2019) + R"(], "procedures": [{"concept": "hepatectomy"}]})");
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"date of resection"});
      // A resection that is not confirmed: nothing can be known to be after it.
      o = eval("sorafenib after resection", R"({"id": "U", "medications": [)" + std::string(sorafenib_after) +
                                                R"(], "procedures": [{"concept": "hepatectomy", "date": "2026-03-10", "status": "unconfirmed"}]})");
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"confirmation of resection"});
   }

   TEST_CASE("after resection: a finding recorded as present says nothing of when")
   {
      // The findings map settles "portal vein tumour thrombus" now, but not "after resection".
      const std::string p =
          R"({"id": "F", "findings": {"portal vein tumor thrombus": true}, "conditions": [], "procedures": [{"concept": "hepatectomy", "date": "2026-03-10"}]})";
      CHECK(eval("portal vein tumor thrombus", p).result == Tri::met);
      CHECK(eval("portal vein tumor thrombus after resection", p).result == Tri::unknown);
   }
}

TEST_SUITE("synth")
{
   TEST_CASE("synth: facts timed from an event are probed, and the oracle agrees with the engine on every case")
   {
      CompileResult r = compile_trial_text(
          "trial: T-REL\ntitle: relative time\ncondition: hepatocellular carcinoma\nintervention: lenvatinib, TACE\n"
          "inclusion:\n- curative resection\n"
          "exclusion:\n- postoperative other targeted therapy or other immunotherapy\n- TACE within 4 weeks of surgery\n- sorafenib 4 weeks or more after "
          "resection\n",
          "t.trial", lexicon());
      REQUIRE(r.errors.empty());
      const Trial& t = *r.trial;
      const SynthSuite s = synthesize(t, *catalogue(), 1);
      CHECK(s.probed == s.leaves);
      auto result = [&](const std::string& leaf, const std::string& variant, std::size_t criterion) -> std::string {
         for (const auto& c : s.cases)
            for (const auto& p : c.patient["expect"]["probes"])
               if (p["leaf"].get<std::string>().rfind(leaf + "@", 0) == 0 && p["variant"] == variant)
                  return c.patient["expect"]["criteria"][criterion]["result"].get<std::string>();
         return "(no case)";
      };
      CHECK(result("exclusion#1/1", "after the event", 1) == "met");
      CHECK(result("exclusion#1/1", "before the event", 1) == "not_met");
      CHECK(result("exclusion#1/1", "no event", 1) == "not_met");
      CHECK(result("exclusion#1/1", "not confirmed", 1) == "unknown");
      CHECK(result("exclusion#2/1", "on the last day of the time", 2) == "met");
      CHECK(result("exclusion#2/1", "the day after the time", 2) == "not_met");
      CHECK(result("exclusion#3/1", "on the first day of the time", 3) == "met");
      CHECK(result("exclusion#3/1", "the day before the time", 3) == "not_met");

      namespace fs = std::filesystem;
      const fs::path dir = temp_path("eligo-test-relative-time");
      fs::remove_all(dir);
      fs::create_directories(dir);
      for (const auto& c : s.cases) std::ofstream(dir / (c.name + ".json")) << c.patient.dump(1);
      std::vector<Trial> trials;
      trials.push_back(t);
      const RegressReport rep = regress({dir.string()}, trials, *catalogue());
      CHECK(rep.rows.size() == s.cases.size());
      CHECK(rep.failed() == 0);
      fs::remove_all(dir);
   }
}

}  // namespace eligo::test::relative_time_tests
