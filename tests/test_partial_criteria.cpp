// "criteria: partial" in a trial's header (docs/language.md, "Header"): the registry states only part
// of the trial's criteria, and every verdict for the trial says so: check and screen (text and
// JSON), batch rows (NDJSON and CSV), the compile listing, and the API the page reads.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine/batch/batch.hpp"
#include "engine/compile/trial.hpp"
#include "engine/report/compile_report.hpp"
#include "engine/report/screen_report.hpp"
#include "engine/server/server.hpp"
#include "support.hpp"

namespace eligo::test::partial_criteria_tests {

namespace {

const char* partial_text = "trial: T-PART\ntitle: Partial registry criteria\ncriteria: partial\ninclusion:\n- age ≥ 18 years\n";
const char* complete_text = "trial: T-FULL\ntitle: Complete registry criteria\ninclusion:\n- age ≥ 18 years\n";

Trial compiled(const char* text)
{
   CompileResult r = compile_trial_text(text, "t.trial", lexicon());
   REQUIRE(r.errors.empty());
   return std::move(*r.trial);
}

const Patient& adult()
{
   static const Patient p = read_patient(R"({"id": "A", "birth_date": "1960-01-01"})", "a.json", *catalogue());
   return p;
}

const Date screening = *parse_date("2026-11-02");

}  // namespace

TEST_SUITE("engine")
{
   TEST_CASE("criteria: partial is read from the header; any other value is an error of the file")
   {
      CHECK(compiled(partial_text).criteria_partial);
      CHECK(!compiled(complete_text).criteria_partial);
      CHECK(!compiled("trial: T\ncriteria: complete\ninclusion:\n- age ≥ 18 years\n").criteria_partial);
      CHECK(compiled("trial: T\nCriteria: Partial\ninclusion:\n- age ≥ 18 years\n").criteria_partial);
      const CompileResult bad = compile_trial_text("trial: T\ncriteria: some\ninclusion:\n- age ≥ 18 years\n", "t.trial", lexicon());
      REQUIRE(bad.errors.size() == 1);
      CHECK(bad.errors[0].str() == "t.trial:2:1: criteria must be 'partial' (the registry states only part of the trial's criteria) or 'complete'");
   }

   TEST_CASE("criteria: partial: eligo check and screen say so beside every verdict, in text and JSON")
   {
      const Trial part = compiled(partial_text), full = compiled(complete_text);
      std::ostringstream check;
      report_check(check, part, adult(), screening, *catalogue(), false);
      CHECK(check.str().find("T-PART — eligible (criteria partial: only the criteria the registry states were checked)\n") != std::string::npos);
      std::ostringstream check_full;
      report_check(check_full, full, adult(), screening, *catalogue(), false);
      CHECK(check_full.str().find("T-FULL — eligible\n") != std::string::npos);
      CHECK(check_full.str().find("partial") == std::string::npos);

      std::ostringstream json;
      report_check(json, part, adult(), screening, *catalogue(), true);
      const auto j = nlohmann::json::parse(json.str());
      CHECK(j.at("verdict") == "eligible");
      CHECK(j.at("criteria_partial") == true);
      std::ostringstream json_full;
      report_check(json_full, full, adult(), screening, *catalogue(), true);
      CHECK(!nlohmann::json::parse(json_full.str()).contains("criteria_partial"));

      // Not only when eligible: an ineligible or indeterminate verdict on part of the criteria says so too.
      const Patient child = read_patient(R"({"id": "C", "birth_date": "2015-01-01"})", "c.json", *catalogue());
      std::ostringstream no;
      report_check(no, part, child, screening, *catalogue(), false);
      CHECK(no.str().find("T-PART — ineligible (criteria partial: only the criteria the registry states were checked)\n") != std::string::npos);

      const std::vector<Trial> both = {full, part};
      std::ostringstream screen;
      report_screen(screen, both, adult(), screening, *catalogue(), false);
      const std::string s = screen.str();
      CHECK(s.find("T-PART                            eligible*  ") != std::string::npos);
      CHECK(s.find("T-FULL                            eligible   ") != std::string::npos);
      CHECK(s.find("*: criteria partial: only the criteria the registry states were checked (the registry's criteria for the trial are incomplete).\n") !=
            std::string::npos);
      CHECK(s.find("T-PART — eligible (criteria partial: only the criteria the registry states were checked)\n") != std::string::npos);
      std::ostringstream screen_json;
      report_screen(screen_json, both, adult(), screening, *catalogue(), true);
      const auto sj = nlohmann::json::parse(screen_json.str());
      CHECK(!sj.at("trials")[0].contains("criteria_partial"));
      CHECK(sj.at("trials")[1].at("criteria_partial") == true);
   }

   TEST_CASE("criteria: partial: eligo compile lists it")
   {
      namespace fs = std::filesystem;
      const fs::path f = temp_path("eligo-test-partial.trial");
      std::ofstream(f) << partial_text;
      std::ostringstream text, json;
      CHECK(report_compile(text, {f.string()}, lexicon(), false));
      CHECK(text.str().find(": T-PART: 1 criteria (criteria partial), 0 manual review, 0 errors, 0 warnings\n") != std::string::npos);
      CHECK(report_compile(json, {f.string()}, lexicon(), true));
      CHECK(nlohmann::json::parse(json.str()).at("files")[0].at("criteria_partial") == true);
      fs::remove(f);
   }
}

TEST_SUITE("batch")
{
   TEST_CASE("criteria: partial: every batch row of the trial says so, in NDJSON and CSV")
   {
      namespace fs = std::filesystem;
      const fs::path f = temp_path("eligo-test-partial.ndjson");
      std::ofstream(f) << R"({"id": "A", "birth_date": "1960-01-01", "screening_date": "2026-11-02"})"
                       << "\n";
      const std::vector<Trial> trials = {compiled(complete_text), compiled(partial_text)};
      BatchOptions o;
      o.inputs = {f.string()};
      std::ostringstream out, progress;
      const BatchSummary summary = run_batch(o, trials, *catalogue(), out, progress);
      CHECK(out.str() ==
            "{\"patient\":\"A\",\"trial\":\"T-FULL\",\"verdict\":\"eligible\",\"not_met\":[],\"open\":[],\"questions\":[],\"at_enrolment\":[]}\n"
            "{\"patient\":\"A\",\"trial\":\"T-PART\",\"verdict\":\"eligible\",\"criteria_partial\":true,\"not_met\":[],\"open\":[],\"questions\":[],"
            "\"at_enrolment\":[]}\n");
      std::ostringstream table;
      print_batch_summary(table, summary, trials, 1);
      CHECK(table.str().find("T-PART           1                  0              0           0               0  (criteria partial: only the criteria the "
                             "registry states were checked)\n") != std::string::npos);
      CHECK(table.str().find("T-FULL           1                  0              0           0               0\n") != std::string::npos);
      o.format = "csv";
      std::ostringstream csv, progress2;
      run_batch(o, trials, *catalogue(), csv, progress2);
      CHECK(csv.str() ==
            "record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment\n,A,T-FULL,eligible,,,,,,,\n,A,T-PART,eligible,,,,"
            "partial,,,\n");
      fs::remove(f);
   }
}

TEST_SUITE("server")
{
   TEST_CASE("criteria: partial: the API the page reads says so, in the trial list, the trial and its verdicts")
   {
      const std::vector<Trial> trials = {compiled(complete_text), compiled(partial_text)};
      ServeOptions o;
      o.port = 0;
      o.threads = 2;
      Server server(trials, catalogue(), o, [](const std::string&) {});
      const int port = server.bind();
      std::thread t([&] { server.run(); });
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(30, 0);
      const auto list = c.Get("/api/trials");
      const auto one = c.Get("/api/trials/T-PART");
      const auto check = c.Post("/api/check/T-PART?date=2026-11-02", R"({"id": "A", "birth_date": "1960-01-01"})", "application/json");
      server.stop();
      t.join();
      REQUIRE((list && one && check));
      const auto l = nlohmann::json::parse(list->body).at("trials");
      CHECK(!l[0].contains("criteria_partial"));
      CHECK(l[1].at("criteria_partial") == true);
      CHECK(nlohmann::json::parse(one->body).at("criteria_partial") == true);
      CHECK(nlohmann::json::parse(check->body).at("criteria_partial") == true);
   }
}

}  // namespace eligo::test::partial_criteria_tests
