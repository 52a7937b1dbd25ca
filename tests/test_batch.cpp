// eligo batch (docs/batch.md): rows equal `check` patient by patient, do not depend on the
// thread count, and every record gives exactly one result or error row.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/batch/batch.hpp"
#include "engine/patient/patient.hpp"
#include "engine/patient/fast_reader.hpp"
#include "engine/synth/population.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "support.hpp"

namespace eligo::test::batch_tests {

namespace {

// An NDJSON file of the example patients and the NCT03838796 synthetic cases, one per line.
std::string sample_file(const std::string& name, const std::string& insert_after_3 = "")
{
   namespace fs = std::filesystem;
   std::vector<std::string> files;
   for (const auto& dir : {"patients/examples", "patients/fhir", "patients/synthetic/NCT03838796"})
      for (const auto& e : fs::directory_iterator(source_path(dir))) files.push_back(e.path().string());
   std::sort(files.begin(), files.end());
   const fs::path out = temp_path(name);
   std::ofstream o(out);
   int n = 0;
   for (const auto& f : files) {
      o << nlohmann::json::parse(read_file(f)).dump() << "\n";
      if (++n == 3 && !insert_after_3.empty()) o << insert_after_3 << "\n";
   }
   return out.string();
}

std::string run(const BatchOptions& o, const std::vector<Trial>& trials, BatchSummary* summary = nullptr)
{
   std::ostringstream out, progress;
   BatchSummary s = run_batch(o, trials, *catalogue(), out, progress);
   if (summary) *summary = s;
   return out.str();
}

std::vector<nlohmann::json> rows_of(const std::string& ndjson)
{
   std::vector<nlohmann::json> rows;
   std::istringstream in(ndjson);
   std::string line;
   while (std::getline(in, line)) rows.push_back(nlohmann::json::parse(line));
   return rows;
}

}  // namespace

// Everything of a Patient the evaluator reads, as text, to compare the two readers.
std::string dump(const Patient& p)
{
   std::ostringstream o;
   o.precision(17);
   o << p.id << "|" << p.format << "|" << p.sex << "|" << (p.birth_date ? p.birth_date->text + p.birth_date->earliest.str() + p.birth_date->latest.str() : "-")
     << "|" << (p.screening_date ? p.screening_date->str() : "-") << "\n";
   for (const auto& l : p.labs)
      o << "lab " << l.analyte->id << " " << l.value << " " << l.unit_text << " " << l.unit.code << " " << l.canonical << " " << l.comparator << " "
        << l.date.str() << " " << (l.low ? std::to_string(*l.low) : "-") << " " << (l.high ? std::to_string(*l.high) : "-") << " " << l.field << "\n";
   for (const auto& [k, v] : p.scores)
      o << "score " << k << " " << v.lo << " " << v.hi << " " << v.label << " " << (v.date ? v.date->str() : "-") << " " << v.field << "\n";
   for (const auto& [k, v] : p.findings) o << "finding " << k << " " << v << "\n";
   auto list = [&](const char* name, const std::optional<std::vector<Record>>& l) {
      o << name << (l ? " given" : " absent") << "\n";
      if (l)
         for (const auto& r : *l)
            o << "  " << r.concept_->id << " " << (r.start ? r.start->str() : "-") << " " << (r.end ? r.end->str() : "-") << " " << to_string(r.status) << " "
              << r.text << " " << r.field << " " << r.status_detail << "\n";
   };
   list("conditions", p.conditions);
   list("medications", p.medications);
   list("procedures", p.procedures);
   list("allergies", p.allergies);
   return o.str();
}

TEST_SUITE("batch")
{
   TEST_CASE("the batch path's one-pass reader gives exactly read_patient's patient, or leaves the record to it")
   {
      namespace fs = std::filesystem;
      FastReader fast(*catalogue());
      std::vector<std::pair<std::string, std::string>> inputs;  // source, text
      std::ostringstream pop;
      write_population(pop, 3000, 1, *catalogue());
      std::istringstream lines(pop.str());
      for (std::string l; std::getline(lines, l);) inputs.push_back({"population", l});
      const std::size_t population = inputs.size();
      for (const auto& dir : {"patients/examples", "patients/fhir", "tests/bad/patients", "tests/bad/fhir", "tests/data/patients"})
         for (const auto& e : fs::recursive_directory_iterator(source_path(dir)))
            if (e.path().extension() == ".json") inputs.push_back({e.path().string(), read_file(e.path().string())});
      for (const auto& e : fs::recursive_directory_iterator(source_path("patients/synthetic")))
         if (e.path().extension() == ".json") inputs.push_back({e.path().string(), read_file(e.path().string())});
      std::size_t fast_hits = 0, population_hits = 0;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
         const auto& [src, text] = inputs[i];
         CAPTURE(src);
         std::optional<Patient> full;
         try {
            full = read_patient(text, src, *catalogue());
         }
         catch (const InputError&) {
         }
         const std::optional<Patient> f = fast.read(text, src);
         if (!f) continue;
         ++fast_hits;
         population_hits += i < population;
         REQUIRE(full.has_value());  // the fast reader never accepts what read_patient refuses
         CHECK(dump(*f) == dump(*full));
      }
      CHECK(population_hits == population);  // the generated population is all in the common shape
      CHECK(fast_hits > population + 1500);  // and so are the synthetic cases
   }

   TEST_CASE("batch rows equal check, patient by patient, for every trial in rules/")
   {
      const std::string file = sample_file("eligo-batch-sample.ndjson");
      BatchOptions o;
      o.inputs = {file};
      BatchSummary s;
      const auto rows = rows_of(run(o, bundled_trials(), &s));
      std::ifstream in(file);
      std::string line;
      std::size_t i = 0, patients = 0;
      while (std::getline(in, line)) {
         ++patients;
         const Patient p = read_patient(line, "sample", *catalogue());
         const Date date = p.screening_date.value_or(today());
         for (const auto& t : bundled_trials()) {
            REQUIRE(i < rows.size());
            const auto& row = rows[i++];
            const TrialResult r = screen(t, p, date, *catalogue());
            CAPTURE(p.id);
            CAPTURE(t.id);
            CHECK(row["patient"] == p.id);
            CHECK(row["trial"] == t.id);
            CHECK(row["verdict"] == to_string(r.verdict));
            CHECK_FALSE(row.contains("missing"));  // only with --explain
            std::vector<std::string> failing, open, questions, enrolment;
            std::set<std::size_t> asked;
            for (std::size_t q : r.questions) questions.push_back(r.criteria[q].criterion->id), asked.insert(q);
            for (std::size_t e : r.at_enrolment) enrolment.push_back(r.criteria[e].criterion->id), asked.insert(e);
            for (std::size_t k = 0; k < r.criteria.size(); ++k) {
               const auto& c = r.criteria[k];
               if (c.outcome.result != Tri::unknown && (c.outcome.result == Tri::not_met) == (c.criterion->section == Section::inclusion))
                  failing.push_back(c.criterion->id);
               if (c.outcome.result == Tri::unknown && !asked.count(k) && r.verdict != Verdict::not_screenable) open.push_back(c.criterion->id);
            }
            CHECK(row["not_met"] == nlohmann::json(failing));
            CHECK(row["open"] == nlohmann::json(open));
            CHECK(row["questions"] == nlohmann::json(questions));
            CHECK(row["at_enrolment"] == nlohmann::json(enrolment));
            CHECK_FALSE(row.contains("near_miss"));  // only with --near-miss
         }
      }
      CHECK(i == rows.size());
      CHECK(patients > 100);
      CHECK(s.records == patients);
      CHECK(s.rows == patients * bundled_trials().size());
      CHECK(s.errors == 0);
   }

   TEST_CASE("the output is identical at 1 and N threads, whatever the chunk size")
   {
      const std::string file = sample_file("eligo-batch-threads.ndjson", "{\"id\": \"BROKEN\", \"labs\": [}");
      BatchOptions o;
      o.inputs = {file};
      const std::string one = run(o, bundled_trials());
      for (unsigned threads : {2u, 3u, 8u})
         for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{2048}}) {
            BatchOptions m = o;
            m.threads = threads;
            m.chunk_records = chunk;
            CAPTURE(threads);
            CAPTURE(chunk);
            CHECK(run(m, bundled_trials()) == one);
         }
      o.format = "csv";
      const std::string csv1 = run(o, bundled_trials());
      o.threads = 3;
      CHECK(run(o, bundled_trials()) == csv1);
   }

   TEST_CASE("a malformed line in the middle gives one error row, and everything else; records in = rows out")
   {
      const std::string file = sample_file("eligo-batch-broken.ndjson", "{\"id\": \"BROKEN\", \"labs\": [}");
      std::vector<Trial> one;
      for (const auto& t : bundled_trials())
         if (t.id == "NCT03838796") one.push_back(t);
      BatchOptions o;
      o.inputs = {file};
      o.threads = 2;
      BatchSummary s;
      const auto rows = rows_of(run(o, one, &s));
      std::ifstream in(file);
      std::size_t lines = 0;
      for (std::string l; std::getline(in, l);) ++lines;
      CHECK(s.records == lines);
      CHECK(rows.size() == lines);  // one trial: one row per record
      CHECK(s.errors == 1);
      REQUIRE(rows.size() > 4);
      CHECK(rows[3]["record"] == 4);
      CHECK(!rows[3].contains("patient"));  // the id cannot be read from malformed JSON
      CHECK(rows[3]["error"].get<std::string>().find(std::filesystem::path(file).filename().string() + ":4: malformed JSON") != std::string::npos);
      CHECK(rows[2]["verdict"].is_string());
      CHECK(rows[4]["verdict"].is_string());

      // A readable record with a bad field: the error row names the patient and the field.
      const std::filesystem::path bad = temp_path("eligo-batch-field.ndjson");
      std::ofstream(bad) << R"({"id": "P1", "sex": "male"})"
                            "\n\n"
                         << R"({"id": "P2", "labs": [{"analyte": "platelets", "value": 75, "unit": "mg/dL", "date": "2026-01-01"}]})"
                            "\n"
                         << R"({"id": "P3", "sex": "female"})"
                            "\n";
      o.inputs = {bad.string()};
      const auto r2 = rows_of(run(o, one, &s));
      REQUIRE(r2.size() == 3);  // the blank line is not a record
      CHECK(r2[1]["record"] == 2);
      CHECK(r2[1]["patient"] == "P2");
      CHECK(r2[1]["error"].get<std::string>().find(bad.filename().string() + ":3: patient P2: labs[0].unit:") != std::string::npos);
      CHECK(r2[2]["patient"] == "P3");
   }

   TEST_CASE("a mapped NDJSON file and the same bytes through a pipe give the same rows: a BOM, CRLF, blank lines, no newline at the end, two files")
   {
      std::vector<Trial> one;
      for (const auto& t : bundled_trials())
         if (t.id == "NCT03838796") one.push_back(t);
      std::vector<std::string> records;
      for (const char* f : {"patients/examples/eligible.json", "patients/examples/ineligible.json", "patients/fhir/eligible.json"})
         records.push_back(nlohmann::json::parse(read_file(source_path(f))).dump());
      // The first file: a byte-order mark, CRLF line ends, a blank line and one of spaces, and no newline after its last record.
      const std::string first = "\xEF\xBB\xBF" + records[0] + "\r\n\r\n" + records[1] + "\n   \n" + records[2];
      const std::filesystem::path a = temp_path("eligo-batch-mapped-a.ndjson"), b = temp_path("eligo-batch-mapped-b.ndjson");
      std::ofstream(a, std::ios::binary) << first;
      std::ofstream(b, std::ios::binary) << records[1] << "\n";
      BatchOptions o;
      o.inputs = {a.string(), b.string()};
      BatchSummary s;
      const std::string mapped = run(o, one, &s);
      CHECK(s.records == 4);
      CHECK(s.errors == 0);
      const auto rows = rows_of(mapped);
      REQUIRE(rows.size() == 4);
      CHECK(rows[0]["patient"] == "EX-ELIGIBLE");
      CHECK(rows[3]["patient"] == rows[1]["patient"]);

      // The same bytes through a named pipe, which cannot be mapped: read into buffers, the same rows.
      const std::filesystem::path fifo = temp_path("eligo-batch-mapped.fifo");
      std::filesystem::remove(fifo);
      REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
      std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << first; });
      o.inputs = {fifo.string(), b.string()};
      const std::string piped = run(o, one, &s);
      writer.join();
      std::filesystem::remove(fifo);
      CHECK(s.records == 4);
      CHECK(piped == mapped);
   }

   TEST_CASE("csv has the same columns; --only-eligible keeps eligible and error rows")
   {
      std::vector<Trial> one;
      for (const auto& t : bundled_trials())
         if (t.id == "NCT03838796") one.push_back(t);
      BatchOptions o;
      o.inputs = {source_path("patients/examples")};
      o.format = "csv";
      const std::string csv = run(o, one);
      CHECK(csv.rfind("record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment\n", 0) == 0);
      CHECK(csv.find(",EX-ELIGIBLE,NCT03838796,eligible,,,,,,,\n") != std::string::npos);
      CHECK(csv.find(",EX-INELIGIBLE,NCT03838796,ineligible,NCT03838796-") != std::string::npos);  // the failing criterion by id
      // --explain: the data to collect in words, in one more column (and key).
      o.explain = true;
      const std::string explained = run(o, one);
      CHECK(explained.rfind("record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment,missing\n", 0) == 0);
      CHECK(explained.find(",EX-ELIGIBLE,NCT03838796,eligible,,,,,,,,\n") != std::string::npos);
      o.format = "ndjson";
      for (const auto& r : rows_of(run(o, one))) {
         CHECK(r.contains("missing"));
         CHECK(r.contains("open"));
      }
      o.explain = false;
      o.format = "ndjson";
      o.only_eligible = true;
      const auto rows = rows_of(run(o, one));
      for (const auto& r : rows) CHECK(r["verdict"] == "eligible");
      CHECK(!rows.empty());
   }

   TEST_CASE("--near-miss: ineligible rows say whether they are near misses and by how much; the summary counts them per trial")
   {
      std::vector<Trial> one;
      for (const auto& t : bundled_trials())
         if (t.id == "NCT03838796") one.push_back(t);
      BatchOptions o;
      o.inputs = {source_path("patients/synthetic/NCT03838796")};
      o.near_miss = true;
      BatchSummary s;
      const auto rows = rows_of(run(o, one, &s));
      std::size_t near = 0, ineligible = 0;
      for (const auto& r : rows) {
         CAPTURE(r.dump());
         REQUIRE(r.contains("verdict"));  // every case file reads as a patient
         if (r["verdict"] != "ineligible") {
            CHECK_FALSE(r.contains("near_miss"));
            continue;
         }
         ++ineligible;
         REQUIRE(r.contains("near_miss"));
         if (r["near_miss"] == true) {
            ++near;
            CHECK(!r["near_miss_gaps"].empty());
         }
         else
            CHECK_FALSE(r.contains("near_miss_gaps"));
         if (r["patient"] == "NEAR-001") CHECK(r["near_miss_gaps"] == nlohmann::json::array({"Platelets 67.5 ×10^9/L, needs ≥ 75"}));
         if (r["patient"] == "NEAR-002") CHECK(r["near_miss"] == false);
      }
      CHECK(near >= 2);  // at least the two near-miss cases written for it
      CHECK(s.near_misses.at("NCT03838796") == near);
      CHECK(s.verdicts.at("NCT03838796")[static_cast<int>(Verdict::ineligible)] == ineligible);
      std::ostringstream summary;
      print_batch_summary(summary, s, one, 1, true);
      CHECK(summary.str().find("NEAR MISS") != std::string::npos);
      o.format = "csv";
      const std::string csv = run(o, one);
      CHECK(csv.rfind("record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment,near_miss,near_miss_gaps\n", 0) == 0);
      CHECK(csv.find(",NEAR-001,NCT03838796,ineligible,") != std::string::npos);
      CHECK(csv.find(",yes,Platelets 67.5 ×10^9/L, needs ≥ 75\n") == std::string::npos);  // a field with a comma is quoted
      CHECK(csv.find(",yes,\"Platelets 67.5 ×10^9/L, needs ≥ 75\"\n") != std::string::npos);
   }
}

}  // namespace eligo::test::batch_tests
