// eligo serve: every endpoint and every error code, over real HTTP on an ephemeral loopback port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine/core/sha256.hpp"
#include "engine/report/report.hpp"
#include "engine/server/server.hpp"
#include "support.hpp"

namespace eligo::test::server_tests {
using json = nlohmann::json;

namespace {

// One server for the suite: the seed trials, a 1-second read timeout (the slow-client case);
// `secured()` is a second one with a token and an extra Host name.
struct Fixture {
   std::mutex log_mutex;
   std::vector<std::string> log;
   std::vector<Trial> trials;
   std::unique_ptr<Server> server;
   std::thread thread;
   int port = 0;

   explicit Fixture(std::string token = {}, std::vector<std::string> hosts = {})
   {
      for (const char* f : {"rules/NCT03838796.trial", "rules/NCT04560751.trial", "rules/seed-001-lenvatinib-sirt-tace-refractory.trial",
                            "rules/seed-003-haic-pd1-lenvatinib-after-systemic.trial"}) {
         CompileResult r = compile_trial_file(test::source_path(f), test::lexicon());
         REQUIRE(r.errors.empty());
         trials.push_back(std::move(*r.trial));
      }
      ServeOptions o;
      o.port = 0;
      o.read_timeout_s = 1;
      o.write_timeout_s = 1;
      o.keep_alive_s = 1;
      o.threads = 8;
      o.token = std::move(token);
      o.allowed_hosts = std::move(hosts);
      server = std::make_unique<Server>(trials, test::catalogue(), o, [this](const std::string& line) {
         std::lock_guard<std::mutex> lock(log_mutex);
         log.push_back(line);
      });
      port = server->bind();
      thread = std::thread([this] { server->run(); });
   }
   ~Fixture()
   {
      server->stop();
      thread.join();
   }
   httplib::Client client() const
   {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(30, 0);
      return c;
   }
};

Fixture& fixture()
{
   static Fixture f;
   return f;
}

const std::string secret_token = "Zq3-test-token-0123456789";

Fixture& secured()
{
   static Fixture f(secret_token, {"eligo.hospital.example"});
   return f;
}

// The log lines written so far, once the line for `path` is there (it is written just after the answer).
std::vector<std::string> log_after(Fixture& f, const std::string& path)
{
   for (int i = 0; i < 1000; ++i) {
      {
         std::lock_guard<std::mutex> lock(f.log_mutex);
         for (const auto& l : f.log)
            if (l.find(" " + path + " ") != std::string::npos) return f.log;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
   }
   FAIL("no log line for ", path);
   return {};
}

json body(const httplib::Result& r)
{
   REQUIRE(r);
   return json::parse(r->body);
}

void check_error(const httplib::Result& r, int status, const std::string& contains, const std::string& part)
{
   REQUIRE(r);
   CHECK(r->status == status);
   CHECK(r->get_header_value("Content-Type").rfind("application/json", 0) == 0);
   INFO("answer: ", r->status, " ", r->body);
   const json j = json::parse(r->body);
   REQUIRE(j.contains("error"));
   REQUIRE(j.contains("where"));
   CHECK(j["error"].get<std::string>().find(contains) != std::string::npos);
   if (!part.empty()) CHECK(j["where"]["part"] == part);
}

std::string example(const std::string& name) { return test::read_file(test::source_path("patients/examples/" + name)); }

// A raw TCP exchange: what the server answers (until it closes or `wait_s` passes) to exactly these bytes.
std::string raw_exchange(int port, const std::string& bytes, int wait_s, bool* closed = nullptr)
{
   const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
   REQUIRE(fd >= 0);
   sockaddr_in a{};
   a.sin_family = AF_INET;
   a.sin_port = htons(static_cast<uint16_t>(port));
   a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
   timeval tv{wait_s, 0};
   ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
   if (!bytes.empty()) REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
   std::string got;
   char buf[4096];
   bool eof = false;
   for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n == 0) {
         eof = true;
         break;
      }
      if (n < 0) break;  // the wait ran out
      got.append(buf, static_cast<std::size_t>(n));
   }
   ::close(fd);
   if (closed) *closed = eof;
   return got;
}

}  // namespace

TEST_SUITE("server")
{
   TEST_CASE("GET /healthz, /api/trials and /api/trials/{id}")
   {
      auto c = fixture().client();
      json h = body(c.Get("/healthz"));
      CHECK(h["status"] == "ok");
      CHECK(h["trials"] == 4);

      json list = body(c.Get("/api/trials"));
      REQUIRE(list["trials"].size() == 4);
      CHECK(list["trials"][0]["id"] == "NCT03838796");
      CHECK(list["trials"][0]["criteria"] == 19);
      CHECK(list["trials"][0]["manual"] == 0);
      CHECK(list["trials"][0]["title"].get<std::string>().find("Lenvatinib") != std::string::npos);
      // Which Eligo, and each trial file by name and the SHA-256 of its bytes: what a printout names.
      CHECK(list["eligo_version"] == ELIGO_VERSION);
      CHECK(list["trials"][0]["trial_file"] ==
            json{{"name", "NCT03838796.trial"}, {"sha256", sha256_hex(test::read_file(test::source_path("rules/NCT03838796.trial")))}});
      CHECK(list["trials"][3]["trial_file"]["name"] == "seed-003-haic-pd1-lenvatinib-after-systemic.trial");

      json t = body(c.Get("/api/trials/NCT03838796"));
      CHECK(t["id"] == "NCT03838796");
      bool found = false;
      for (const auto& cr : t["criteria"])
         if (cr["text"].get<std::string>().find("PLT≥75×10\\^9/L") != std::string::npos) {
            found = true;
            CHECK(cr["as"].get<std::string>().find("PLT ≥ 75×10^9/L") != std::string::npos);
            CHECK(cr["compiled"].get<std::string>().find("platelets") != std::string::npos);
            CHECK(cr["manual"] == false);
         }
      CHECK(found);
      check_error(c.Get("/api/trials/NCT00000000"), 404, "unknown trial 'NCT00000000'", "path");
   }

   TEST_CASE("GET /api/inputs: the form's fields, with each analyte's units")
   {
      auto c = fixture().client();
      json in = body(c.Get("/api/inputs?trial=NCT03838796"));
      CHECK(in["birth_date"] == true);
      bool platelets = false, ast_uln = false, bilirubin = false;
      for (const auto& l : in["labs"]) {
         if (l["analyte"] == "platelets") {
            platelets = true;
            std::vector<std::string> codes;
            for (const auto& u : l["units"]) codes.push_back(u["code"]);
            CHECK(std::find(codes.begin(), codes.end(), "10*9/L") != codes.end());
            CHECK(l["uln"] == false);
         }
         if (l["analyte"] == "ast") ast_uln = l["uln"] == true;
         // "Total bilirubin≤3.0 mg/dL": asked in mg/dL, with the engine's factors from each unit (through the molar mass).
         if (l["analyte"] == "total_bilirubin") {
            bilirubin = true;
            CHECK(l["unit"] == "mg/dL");
            CHECK(l["unit_from"] == "criteria");
            CHECK(l["canonical"]["code"] == "umol/L");
            for (const auto& u : l["units"]) {
               if (u["code"] == "umol/L") {
                  CHECK(u["to_unit"].get<double>() == doctest::Approx(584.66 / 1e4));
                  CHECK(u["to_unit_molar_mass"] == 584.66);
                  CHECK(u["to_canonical"] == 1.0);
               }
               if (u["code"] == "mg/dL") CHECK(u["to_unit"] == 1.0);
            }
         }
      }
      CHECK(bilirubin);
      CHECK(platelets);
      CHECK(ast_uln);
      CHECK(in["history"]["medications"][0]["concept"] == "lenvatinib");
      check_error(c.Get("/api/inputs?trial=nope"), 404, "unknown trial 'nope'", "path");
      // A lab no criterion writes a unit for (AST, against its ULN): the unit the trials loaded write it in, else the catalogue's first.
      for (const auto& l : in["labs"])
         if (l["analyte"] == "ast") CHECK((l["unit_from"] == "usual" || (l["unit_from"] == "catalogue" && l["unit"] == "U/L")));
   }

   TEST_CASE("POST /api/screen and /api/check/{id}: the CLI's JSON shapes")
   {
      auto c = fixture().client();
      const std::string eligible = example("eligible.json");
      auto r = c.Post("/api/screen", eligible, "application/json");
      json s = body(r);
      CHECK(r->status == 200);
      // Exactly what `eligo screen --format json` prints for the same trials, with which Eligo and which trial files.
      const Patient p = read_patient(eligible, "request body", *test::catalogue());
      std::vector<TrialResult> results;
      for (const auto& t : fixture().trials) results.push_back(screen(t, p, *p.screening_date, *test::catalogue()));
      rank(results);  // ranked as eligo screen ranks them
      json cli = json::parse(screen_json(p, *p.screening_date, results).dump());
      cli["eligo_version"] = ELIGO_VERSION;
      for (auto& t : cli["trials"]) {
         const std::string file = "rules/" + t["trial"].get<std::string>() + ".trial";
         t["trial_file"] = {{"name", t["trial"].get<std::string>() + ".trial"}, {"sha256", sha256_hex(test::read_file(test::source_path(file)))}};
      }
      CHECK(s == cli);
      CHECK(s["trials"][0]["verdict"] == "eligible");

      json k = body(c.Post("/api/check/NCT03838796", example("ineligible.json"), "application/json"));
      CHECK(k["verdict"] == "ineligible");
      CHECK(k["eligo_version"] == ELIGO_VERSION);
      CHECK(k["trial_file"] == json{{"name", "NCT03838796.trial"}, {"sha256", sha256_hex(test::read_file(test::source_path("rules/NCT03838796.trial")))}});
      CHECK(k["patient"] == "EX-INELIGIBLE");
      bool platelets = false;
      for (const auto& cr : k["criteria"])
         if (cr["why"].get<std::string>().find("Platelets 62,000 /µL") != std::string::npos) platelets = cr["result"] == "not_met";
      CHECK(platelets);

      // ?date= moves the screening date (an age, a window); a bad one is a 400 that names the parameter.
      json d = body(c.Post("/api/check/NCT03838796?date=2026-11-10", eligible, "application/json"));
      CHECK(d["date"] == "2026-11-10");
      check_error(c.Post("/api/check/NCT03838796?date=2026-02-30", eligible, "application/json"), 400, "not a date: '2026-02-30'", "query");
      check_error(c.Post("/api/check/NOPE", eligible, "application/json"), 404, "unknown trial 'NOPE'", "path");
   }

   TEST_CASE("POST /api/screen takes a FHIR R4 bundle")
   {
      auto c = fixture().client();
      auto r = c.Post("/api/screen", test::read_file(test::source_path("patients/fhir/eligible.json")), "application/fhir+json");
      json s = body(r);
      CHECK(r->status == 200);
      CHECK(s["trials"].size() == 4);
   }

   TEST_CASE("POST /api/profile: eligo profile's JSON and text, with the patient's name")
   {
      auto c = fixture().client();
      const std::string text = test::read_file(test::source_path("patients/fhir/indeterminate.json"));
      json b = json::parse(text);
      for (auto& e : b["entry"])
         if (e["resource"]["resourceType"] == "Patient")
            e["resource"]["name"] = json::array(
                {{{"use", "old"}, {"family", "Earlier"}, {"given", {"Ann"}}}, {{"use", "official"}, {"family", "Okafor"}, {"given", {"Ada", "Ngozi"}}}});
      auto r = c.Post("/api/profile?date=2026-11-02", b.dump(), "application/fhir+json");
      json j = body(r);
      CHECK(r->status == 200);
      // Exactly what `eligo profile --format json` prints, and its text.
      const Patient p = read_patient(b.dump(), "request body", *test::catalogue());
      CHECK(j["profile"] == json::parse(profile_json(p, Date{2026, 11, 2}).dump()));
      CHECK(j["profile"]["name"] == "Ada Ngozi Okafor");
      CHECK(j["profile"]["patient"] == "EX-INDETERMINATE");
      std::ostringstream printed;
      print_profile_text(printed, profile_json(p, Date{2026, 11, 2}));
      CHECK(j["text"] == printed.str());
      CHECK(j["text"].get<std::string>().find("  name: Ada Ngozi Okafor\n") != std::string::npos);
      // A patient Eligo cannot read is the same 400 as a check's.
      check_error(c.Post("/api/profile", "{\"labs\": [", "application/json"), 400, "malformed JSON", "body");
      check_error(c.Get("/api/profile"), 405, "use POST", "method");
   }

   TEST_CASE("a lab Eligo cannot use is a 400 in plain words, with the field at fault")
   {
      auto c = fixture().client();
      json p = json::parse(example("ineligible.json"));
      std::size_t i = 0;
      while (p["labs"][i]["analyte"] != "platelets") ++i;
      p["labs"][i]["value"] = 75;
      p["labs"][i]["unit"] = "mg/dL";
      auto r = c.Post("/api/check/NCT03838796", p.dump(), "application/json");
      check_error(r, 400, "labs[" + std::to_string(i) + "].unit: 'mg/dL' does not fit Platelets", "body");
      json j = body(r);
      CHECK(j["plain"] == "Platelets: 75 mg/dL is a mass concentration; Platelets is measured as a count per volume, e.g. ×10^9/L");
      CHECK(j["where"]["field"] == "labs[" + std::to_string(i) + "].unit");
      CHECK(j["where"]["patient"] == "EX-INELIGIBLE");
      // An impossible value names the value, with the unit as people write it.
      p["labs"][i]["value"] = 75000;
      p["labs"][i]["unit"] = "10*9/L";
      json v = body(c.Post("/api/screen", p.dump(), "application/json"));
      CHECK(v["where"]["field"] == "labs[" + std::to_string(i) + "].value");
      CHECK(v["plain"].get<std::string>().rfind("Platelets: 75000 ×10^9/L is outside what is possible (", 0) == 0);
      // An error that is plain already has no "plain".
      json n = body(c.Post("/api/screen", R"({"labs": []})", "application/json"));
      CHECK(n["where"]["field"] == "id");
      CHECK(!n.contains("plain"));
   }

   TEST_CASE("POST /api/check and /api/screen take a clinician's answers in the patient; a wrong type is a 400 that names it")
   {
      auto c = fixture().client();
      json p = json::parse(example("prolong-candidate.json"));
      p["findings"].erase("unresectable");
      const json pending = body(c.Post("/api/check/NCT04560751", p.dump(), "application/json"));
      CHECK(pending["verdict"] == "pending_questions");
      p["answers"] = json::array({{{"criterion", "NCT04560751-8ce0332c"}, {"answer", true}, {"by", "Dr A. Chen"}, {"date", "2026-10-30"}}});
      const json k = body(c.Post("/api/check/NCT04560751", p.dump(), "application/json"));
      CHECK(k["verdict"] == "eligible");
      bool answered = false;
      for (const auto& cr : k["criteria"])
         if (cr["id"] == "NCT04560751-8ce0332c") answered = cr["answer"] == "answered by Dr A. Chen on 2026-10-30: yes, the criterion holds";
      CHECK(answered);
      const json s = body(c.Post("/api/screen", p.dump(), "application/json"));
      for (const auto& t : s["trials"])
         if (t["trial"] == "NCT04560751") CHECK(t["verdict"] == "eligible");
      p["answers"][0]["answer"] = 7.5;
      check_error(c.Post("/api/check/NCT04560751", p.dump(), "application/json"), 400,
                  "patient EX-PROLONG: answers[0].answer: NCT04560751-8ce0332c asks for a yes/no answer (true or false), not a number (7.5)", "body");
   }

   TEST_CASE("POST /api/what-if/check/{id} and /api/what-if/screen: changed values and answers on top of the record, marked")
   {
      auto c = fixture().client();
      const json record = json::parse(example("ineligible.json"));
      json req = {{"patient", record},
                  {"changes", json::array({{{"lab", "platelets"}, {"value", 110}, {"unit", "10*9/L"}}, {{"score", "ecog"}, {"value", 1}}})}};
      auto r = c.Post("/api/what-if/check/NCT03838796", req.dump(), "application/json");
      json k = body(r);
      CHECK(r->status == 200);
      CHECK(k["what_if"]["record_verdict"] == "ineligible");
      CHECK(k["verdict"] != "ineligible");
      REQUIRE(k["what_if"]["changes"].size() == 2);
      CHECK(k["what_if"]["changes"][0]["text"] == "Platelets 62000 /µL (2026-10-29) → 110 ×10^9/L (2026-10-29)");
      int marked = 0;
      for (const auto& cr : k["criteria"])
         if (cr.contains("what_if")) ++marked;
      CHECK(marked == 2);
      // Without changes, the answer is exactly the plain check's.
      json plain = body(c.Post("/api/check/NCT03838796", record.dump(), "application/json"));
      CHECK(body(c.Post("/api/what-if/check/NCT03838796", json{{"patient", record}}.dump(), "application/json")) == plain);
      // Every trial, each marked against the record.
      json s = body(c.Post("/api/what-if/screen", req.dump(), "application/json"));
      CHECK(s["trials"].size() == 4);
      for (const auto& t : s["trials"]) CHECK(t["what_if"].contains("record_verdict"));
      // Answers given in the page join the patient's own.
      json p = json::parse(example("prolong-candidate.json"));
      p["findings"].erase("unresectable");
      json a = {{"patient", p},
                {"answers", json::array({{{"criterion", "NCT04560751-8ce0332c"}, {"answer", true}, {"by", "Dr A. Chen"}, {"date", "2026-10-30"}}})}};
      CHECK(body(c.Post("/api/what-if/check/NCT04560751", a.dump(), "application/json"))["verdict"] == "eligible");
      // Bad input names where.
      check_error(c.Post("/api/what-if/check/NCT03838796", json{{"changes", json::array()}}.dump(), "application/json"), 400, "\"patient\" is missing", "body");
      check_error(c.Post("/api/what-if/check/NCT03838796", json{{"patient", record}, {"change", 1}}.dump(), "application/json"), 400,
                  "\"change\" is not one of them", "body");
      r = c.Post("/api/what-if/check/NCT03838796",
                 json{{"patient", record}, {"changes", json::array({{{"lab", "platelets"}, {"value", 75}, {"unit", "mg/dL"}}})}}.dump(), "application/json");
      check_error(r, 400, "changes[0].unit: 'mg/dL' does not fit Platelets", "changes");
      CHECK(body(r)["where"]["field"] == "changes[0].unit");
      CHECK(body(r)["plain"] == "Platelets: 75 mg/dL is a mass concentration; Platelets is measured as a count per volume, e.g. ×10^9/L");
      // A history item: an unknown concept is a 400 naming the change; one added moves the criterion that reads it.
      r = c.Post("/api/what-if/check/NCT03838796",
                 json{{"patient", record}, {"changes", json::array({{{"history", "lenvatinibb"}, {"add", true}, {"date", "2025-03-01"}}})}}.dump(),
                 "application/json");
      check_error(r, 400, "changes[0].history: unknown concept \"lenvatinibb\" (see engine/catalogue/concepts.json)", "changes");
      CHECK(body(r)["where"]["field"] == "changes[0].history");
      const json eligible = json::parse(example("eligible.json"));
      k = body(c.Post("/api/what-if/check/NCT03838796",
                      json{{"patient", eligible}, {"changes", json::array({{{"history", "lenvatinib"}, {"add", true}, {"date", "2025-03-01"}}})}}.dump(),
                      "application/json"));
      CHECK(k["verdict"] == "ineligible");
      CHECK(k["what_if"]["record_verdict"] == "eligible");
      CHECK(k["what_if"]["changes"][0]["text"] == "lenvatinib (medications) not recorded → added (2025-03-01)");
      a["answers"][0]["answer"] = "yes";
      r = c.Post("/api/what-if/check/NCT04560751", a.dump(), "application/json");
      check_error(r, 400, "answers[0].answer", "answers");
      check_error(c.Post("/api/what-if/check/NOPE", req.dump(), "application/json"), 404, "unknown trial 'NOPE'", "path");
      check_error(c.Get("/api/what-if/screen"), 405, "use POST", "method");
   }

   TEST_CASE("GET /api/questions/{id} and POST /api/answers: the questionnaire, and answers loaded from its responses")
   {
      auto c = fixture().client();
      json q = body(c.Get("/api/questions/NCT04560751"));
      CHECK(q["resourceType"] == "Questionnaire");
      CHECK(q["url"] == "urn:eligo:questionnaire:NCT04560751");
      check_error(c.Get("/api/questions/NOPE"), 404, "unknown trial 'NOPE'", "path");
      json qr = {{"resourceType", "QuestionnaireResponse"},
                 {"id", "qr1"},
                 {"questionnaire", "urn:eligo:questionnaire:NCT04560751|" + q["version"].get<std::string>()},
                 {"status", "completed"},
                 {"authored", "2026-10-30"},
                 {"author", {{"display", "Dr A. Chen"}}},
                 {"item", json::array({{{"linkId", "NCT04560751-8ce0332c"}, {"answer", json::array({{{"valueBoolean", true}}})}}})}};
      json a = body(c.Post("/api/answers", qr.dump(), "application/fhir+json"));
      CHECK(a["answers"] == json::parse(R"([{"criterion": "NCT04560751-8ce0332c", "answer": true, "by": "Dr A. Chen", "date": "2026-10-30"}])"));
      qr["item"][0]["answer"][0] = {{"valueString", "yes"}};
      auto r = c.Post("/api/answers", qr.dump(), "application/fhir+json");
      check_error(r, 400, "valueString: an answer to a criterion is valueBoolean", "body");
      CHECK(body(r)["where"]["field"] == "QuestionnaireResponse/qr1: item[0].answer[0]");
      check_error(c.Post("/api/answers", "{\"resourceType\": ", "application/json"), 400, "malformed JSON", "body");
      check_error(c.Get("/api/answers"), 405, "use POST", "method");
   }

   TEST_CASE("POST /api/eval: result, or the compile error with line, column and caret")
   {
      auto c = fixture().client();
      const json patient = json::parse(example("eligible.json"));
      json ok = body(c.Post("/api/eval", json{{"criterion", "PLT ≥ 75×10^9/L"}, {"patient", patient}}.dump(), "application/json"));
      CHECK(ok["result"] == "met");
      CHECK(ok["why"].get<std::string>().find("Platelets 168 ×10^9/L") != std::string::npos);
      CHECK(ok["tree"]["analyte"] == "platelets");

      auto bad = c.Post("/api/eval", json{{"criterion", "PLT ≥ 75 mg/dL"}, {"patient", patient}}.dump(), "application/json");
      check_error(bad, 400, "dimension mismatch", "criterion");
      json e = json::parse(bad->body);
      CHECK(e["where"]["line"] == 1);
      CHECK(e["where"]["column"] == 10);
      CHECK(e["where"]["caret"] == "  PLT ≥ 75 mg/dL\n           ^");

      check_error(c.Post("/api/eval", json{{"patient", patient}}.dump(), "application/json"), 400, "\"criterion\" must be a string", "body");
      check_error(c.Post("/api/eval", json{{"criterion", "ECOG 0-1"}}.dump(), "application/json"), 400, "\"patient\" is missing", "body");
      check_error(c.Post("/api/eval", json{{"criterion", "ECOG 0-1"}, {"patient", {{"labs", 3}}}}.dump(), "application/json"), 400, "request body: patient",
                  "patient");
   }

   TEST_CASE("error codes: 400, 404, 405, 413, 415, each with a JSON body")
   {
      auto c = fixture().client();
      check_error(c.Post("/api/screen", "{\"labs\": [", "application/json"), 400, "malformed JSON", "body");
      check_error(c.Post("/api/screen", "", "application/json"), 400, "empty", "body");
      check_error(c.Post("/api/screen", std::string(100, '[') + std::string(100, ']'), "application/json"), 400, "nests deeper than 64", "body");
      check_error(c.Post("/api/screen",
                         "{\"format\": \"eligo-patient/1\", \"id\": \"P\", \"labs\": [{\"analyte\": \"platelets\", \"value\": 1, \"unit\": \"furlongs\"}]}",
                         "application/json"),
                  400, "furlongs", "body");
      check_error(c.Post("/api/screen", example("eligible.json"), "text/plain"), 415, "Content-Type must be application/json", "header");
      check_error(c.Post("/api/screen", example("eligible.json"), ""), 415, "Content-Type", "header");
      check_error(c.Get("/api/screen"), 405, "use POST", "method");
      check_error(c.Post("/api/trials", "{}", "application/json"), 405, "use GET", "method");
      check_error(c.Get("/no/such/page"), 404, "no such path: /no/such/page", "path");
      // One byte past the default 5 MB limit.
      check_error(c.Post("/api/screen", std::string(5 * 1024 * 1024 + 1, ' '), "application/json"), 413, "too large", "body");
      // A chunked body has no Content-Length to refuse it by: it is counted as it comes (6 MB in 64 kB chunks).
      auto chunked = [](const char* path, const char* type) {
         httplib::Client k("127.0.0.1", fixture().port);
         k.set_read_timeout(30, 0);
         return k.Post(
             path,
             [sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
                static const std::string chunk(65536, ' ');
                if (sent < 6 * 1024 * 1024) {
                   sink.write(chunk.data(), chunk.size());
                   sent += chunk.size();
                }
                else
                   sink.done();
                return true;
             },
             type);
      };
      check_error(chunked("/api/screen", "application/json"), 413, "request body too large: the limit is 5 MB", "body");
      // ... and a body sent where no route takes one is not read at all.
      check_error(chunked("/nowhere", "application/json"), 404, "no such path", "path");
      check_error(chunked("/healthz", "application/json"), 405, "use GET", "method");
   }

   TEST_CASE("the page is served by the binary itself, with no outside address but the registry's links")
   {
      auto c = fixture().client();
      for (const char* path : {"/", "/app.js", "/style.css", "/whatif.js", "/answers.js", "/whatif.css"}) {
         auto r = c.Get(path);
         REQUIRE(r);
         CHECK(r->status == 200);
         // The one outside address: where an NCT id links to (a link the user follows, never a load; CSP forbids loads).
         // UCUM's URI names a code system in a downloaded QuestionnaireResponse (answers.js): an identifier, never loaded.
         std::string body = r->body;
         for (const std::string known : {"https://clinicaltrials.gov/study/", "http://unitsofmeasure.org"})
            for (std::size_t at; (at = body.find(known)) != std::string::npos;) body.erase(at, known.size());
         CHECK(body.find("http://") == std::string::npos);
         CHECK(body.find("https://") == std::string::npos);
      }
      CHECK(c.Get("/")->body.find("<title>Eligo") != std::string::npos);
      CHECK(c.Get("/")->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
   }

   TEST_CASE("malformed requests and slow clients: an answer or a closed connection, and the server goes on")
   {
      const int port = fixture().port;
      const std::string garbage = raw_exchange(port, "NONSENSE\r\n\r\n", 5);
      CHECK(garbage.rfind("HTTP/1.1 400", 0) == 0);

      // A client that promises 100 bytes and sends one is dropped after the read timeout (1 s here).
      bool closed = false;
      raw_exchange(port, "POST /api/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{", 10, &closed);
      CHECK(closed);
      // A client that opens a connection and says nothing is dropped too.
      closed = false;
      raw_exchange(port, "", 10, &closed);
      CHECK(closed);

      auto c = fixture().client();
      CHECK(body(c.Get("/healthz"))["status"] == "ok");
   }

   TEST_CASE("concurrent requests all get their own answer")
   {
      const std::string eligible = example("eligible.json"), ineligible = example("ineligible.json");
      std::atomic<int> right{0}, wrong{0};
      std::vector<std::thread> ts;
      for (int i = 0; i < 8; ++i)
         ts.emplace_back([&, i] {
            auto c = fixture().client();
            for (int k = 0; k < 10; ++k) {
               const bool el = (i + k) % 2 == 0;
               auto r = c.Post("/api/check/NCT03838796", el ? eligible : ineligible, "application/json");
               const bool ok = r && r->status == 200 && json::parse(r->body)["verdict"] == (el ? "eligible" : "ineligible");
               (ok ? right : wrong)++;
            }
         });
      for (auto& t : ts) t.join();
      CHECK(right == 80);
      CHECK(wrong == 0);
   }

   TEST_CASE("one log line per request: method, path, status")
   {
      auto c = fixture().client();
      c.Get("/api/trials/LOG-CHECK");
      // The line is written just after the answer is sent: wait for it (at most 10 s).
      std::string line;
      for (int i = 0; i < 1000 && line.empty(); ++i) {
         {
            std::lock_guard<std::mutex> lock(fixture().log_mutex);
            for (const auto& l : fixture().log)
               if (l.find("LOG-CHECK") != std::string::npos) line = l;
         }
         if (line.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      CHECK(line.find(" 127.0.0.1 GET /api/trials/LOG-CHECK 404 ") != std::string::npos);
   }

   TEST_CASE("every answer carries the security headers")
   {
      auto c = fixture().client();
      for (const char* path : {"/", "/app.js", "/api/trials", "/api/nowhere"}) {
         const auto r = c.Get(path);
         REQUIRE(r);
         INFO(path);
         CHECK(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
         CHECK(r->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
         CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
         CHECK(r->get_header_value("X-Frame-Options") == "DENY");
         CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
      }
   }

   TEST_CASE("--token-file: every API call needs the bearer token; the page and /healthz do not")
   {
      auto c = secured().client();
      const auto none = c.Get("/api/trials");
      check_error(none, 401, "needs a token", "header");
      CHECK(none->get_header_value("WWW-Authenticate") == "Bearer realm=\"eligo\"");
      check_error(c.Get("/api/trials", {{"Authorization", "Bearer Zq3-test-token-012345678X"}}), 401, "not this server's", "header");
      check_error(c.Get("/api/trials", {{"Authorization", "Bearer Zq3-test-token-0123456789-and-more"}}), 401, "not this server's", "header");
      check_error(c.Get("/api/trials", {{"Authorization", "Basic " + secret_token}}), 401, "not this server's", "header");
      // A POST without the token is refused before its body is read.
      check_error(c.Post("/api/screen", example("eligible.json"), "application/json"), 401, "needs a token", "header");

      const httplib::Headers auth = {{"Authorization", "Bearer " + secret_token}};
      CHECK(body(c.Get("/api/trials", auth))["trials"].size() == 4);
      CHECK(body(c.Post("/api/check/NCT03838796", auth, example("eligible.json"), "application/json"))["verdict"] == "eligible");
      const auto page = c.Get("/");
      REQUIRE(page);
      CHECK(page->status == 200);
      CHECK(page->body.find("token-dialog") != std::string::npos);
      CHECK(body(c.Get("/healthz"))["status"] == "ok");
   }

   TEST_CASE("a Host that is not the server's name is refused (DNS rebinding)")
   {
      const int port = secured().port;
      const auto ask = [&](const std::string& host) {
         return raw_exchange(port, "GET /healthz HTTP/1.1\r\n" + (host.empty() ? std::string() : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n", 10);
      };
      for (const std::string& host :
           std::vector<std::string>{"attacker.example", "attacker.example:" + std::to_string(port), "127.0.0.1.attacker.example", "10.0.0.7", ""}) {
         INFO("Host: ", host);
         const std::string got = ask(host);
         CHECK(got.rfind("HTTP/1.1 421", 0) == 0);
         CHECK(got.find("is not a name of this server") != std::string::npos);
      }
      for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + std::to_string(port), "localhost:" + std::to_string(port), "LOCALHOST",
                                                              "[::1]:8080", "eligo.hospital.example", "eligo.hospital.example:443"}) {
         INFO("Host: ", host);
         CHECK(ask(host).rfind("HTTP/1.1 200", 0) == 0);
      }
   }

   TEST_CASE("the request log holds no patient data")
   {
      auto c = secured().client();
      const httplib::Headers auth = {{"Authorization", "Bearer " + secret_token}};
      // A FHIR bundle with a name, a birth date and lab values, and a native patient with an id.
      std::string bundle = test::read_file(test::source_path("patients/fhir/indeterminate.json"));
      nlohmann::json b = json::parse(bundle);
      for (auto& e : b["entry"])
         if (e["resource"]["resourceType"] == "Patient") e["resource"]["name"] = json::array({{{"family", "Quixotic-Zebedee"}, {"given", {"Marisol"}}}});
      REQUIRE(body(c.Post("/api/screen", auth, b.dump(), "application/fhir+json"))["trials"].size() == 4);
      nlohmann::json native = json::parse(example("eligible.json"));
      native["id"] = "MRN-55501234";
      REQUIRE(c.Post("/api/check/NCT03838796", auth, native.dump(), "application/json"));
      const auto lines = log_after(secured(), "/api/check/NCT03838796");
      REQUIRE(lines.size() >= 2);
      for (const auto& l : lines) {
         INFO(l);
         for (const char* secret : {"Quixotic", "Marisol", "MRN-55501234", "EX-INDETERMINATE", "Bearer", secret_token.c_str()})
            CHECK(l.find(secret) == std::string::npos);
      }
   }
}

}  // namespace eligo::test::server_tests
