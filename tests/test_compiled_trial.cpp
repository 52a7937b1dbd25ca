// The compiled path of eligo batch (engine/evaluate/compiled_trial.hpp, docs/batch.md "The compiled path") against
// the reference, the tree evaluator: the same rows, byte for byte, on every synthetic case, the example patients, the
// bad-input corpus and 100,000 generated patients; any difference fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/batch/batch.hpp"
#include "engine/evaluate/compiled_trial.hpp"
#include "engine/patient/fast_reader.hpp"
#include "engine/synth/population.hpp"
#include "support.hpp"

namespace eligo::test::compiled_trial_tests {

namespace {

Trial trial_of(const std::string& text)
{
   CompileResult r = compile_trial_text(text, "inline.trial", lexicon());
   REQUIRE_MESSAGE(r.trial.has_value(), (r.errors.empty() ? std::string() : r.errors.front().str()));
   return std::move(*r.trial);
}

std::string run(BatchOptions o, const std::vector<Trial>& trials, bool reference, BatchSummary* summary = nullptr)
{
   o.reference = reference;
   std::ostringstream out, progress;
   BatchSummary s = run_batch(o, trials, *catalogue(), out, progress);
   if (summary) *summary = s;
   return out.str();
}

// The first line where two row files differ, for the message.
std::string first_difference(const std::string& a, const std::string& b)
{
   std::istringstream x(a), y(b);
   std::string l, m;
   for (int n = 1;; ++n) {
      const bool more_x = static_cast<bool>(std::getline(x, l)), more_y = static_cast<bool>(std::getline(y, m));
      if (!more_x && !more_y) return "none";
      if (!more_x || !more_y || l != m) return "row " + std::to_string(n) + ":\n  compiled:  " + l + "\n  reference: " + m;
   }
}

// Both paths on the same input; the rows must be the same bytes. Returns the compiled run's summary.
BatchSummary same_rows(const BatchOptions& o, const std::vector<Trial>& trials)
{
   BatchSummary compiled, reference;
   const std::string c = run(o, trials, false, &compiled);
   const std::string r = run(o, trials, true, &reference);
   CHECK_MESSAGE(c == r, "first difference: " << first_difference(c, r));
   CHECK(compiled.records == reference.records);
   CHECK(compiled.errors == reference.errors);
   CHECK(compiled.verdicts == reference.verdicts);
   CHECK(reference.compiled_trials == 0);
   CHECK(reference.compiled_verdicts == 0);
   return compiled;
}

// Every trial in rules/, and one with a 14-day lab window (no trial in rules/ sets one).
std::vector<Trial> all_trials()
{
   std::vector<Trial> trials = bundled_trials();
   CompileResult w = compile_trial_file(source_path("tests/data/near-miss/NEAR-LABWINDOW.trial"), lexicon());
   REQUIRE(w.trial.has_value());
   trials.push_back(std::move(*w.trial));
   return trials;
}

// The generated population moved onto the edges where a second evaluator would slip: a lab on the screening day and
// one after it, a lab exactly at the window's edge, values exactly at thresholds in each unit, × ULN exactly at the
// limit and with no reference range (the catalogue's default), Child-Pugh to derive, ages exactly at 18 and 75 and
// partial birth dates, missing sex, birth date or labs. Deterministic (seeded).
void edge_population(const std::string& in_path, const std::string& out_path)
{
   std::ifstream in(in_path);
   std::ofstream out(out_path);
   std::mt19937 rng(20261205);
   std::string line;
   auto day = [](const std::string& d, int shift) { return parse_date(d)->add_days(shift).str(); };
   while (std::getline(in, line)) {
      nlohmann::json p = parse_json_text(line, "generated population");  // simdjson: the population is read as batch reads it
      const std::string screening = p.value("screening_date", "2026-06-15");
      auto& labs = p["labs"];
      const unsigned pick = rng() % 9;
      if (pick == 0 && labs.size() > 1) {
         p["screening_date"] = labs[0]["date"];
         labs[1]["date"] = day(labs[0]["date"].get<std::string>(), 1);
      }
      else if (pick == 1) {
         const int years = rng() % 2 ? 18 : 75;
         const int shift = static_cast<int>(rng() % 3) - 1;  // the day before the birthday, on it, the day after
         const std::string birth = std::to_string(std::stoi(screening.substr(0, 4)) - years) + screening.substr(4);
         const unsigned form = rng() % 3;
         p["birth_date"] = form == 0 ? day(birth, shift) : form == 1 ? birth.substr(0, 7) : birth.substr(0, 4);
      }
      else if (pick == 2) {
         p["scores"].erase("child_pugh");
         if (rng() % 2) p["scores"].erase("ascites");
      }
      else if (pick == 3) {
         for (auto& l : labs) {
            const std::string a = l["analyte"];
            const bool alt = rng() % 2;
            if (a == "platelets") l["value"] = alt ? 75.0 : 75.0, l["unit"] = alt ? "10*3/uL" : "10*9/L";
            if (a == "total_bilirubin") l["value"] = alt ? 51.3 : 3.0, l["unit"] = alt ? "umol/L" : "mg/dL";
            if (a == "albumin") l["value"] = alt ? 28.0 : 2.8, l["unit"] = alt ? "g/L" : "g/dL";
            if (a == "hemoglobin") l["value"] = alt ? 85.0 : 8.5, l["unit"] = alt ? "g/L" : "g/dL";
            if (a == "inr") l["value"] = 2.3;
            if (a == "absolute_neutrophils") l["value"] = 1.5, l["unit"] = "10*9/L";
            if ((a == "ast" || a == "alt" || a == "alp") && l.contains("reference_range")) l["value"] = 5 * l["reference_range"]["high"].get<double>();
         }
      }
      else if (pick == 4)
         for (auto& l : labs) l.erase("reference_range");
      else if (pick == 5)
         for (auto& l : labs) l["date"] = day(screening, rng() % 2 ? -14 : -15);
      else if (pick == 6) {
         const unsigned drop = rng() % 3;
         p.erase(drop == 0 ? "sex" : drop == 1 ? "birth_date" : "labs");
      }
      else if (pick == 7 && !labs.empty())
         labs.erase(labs.begin() + static_cast<long>(rng() % labs.size()));
      out << p.dump() << "\n";
   }
}

// The generated population of the differential test: 100,000 patients; a twentieth of that in the sanitizer build that
// CI runs, where the 100,000 take about five minutes of the twenty CI has and 10,000 took 90 s, the longest case of the
// suite (docs/batch.md, "The compiled path"). The build without sanitizers compares all 100,000.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t population = 5000;
constexpr std::size_t edge_population_size = 2000;  // against all 58 trials: 5,000 took two minutes under the sanitizers
#else
constexpr std::size_t population = 100000;
constexpr std::size_t edge_population_size = 5000;
#endif

}  // namespace

TEST_SUITE("compiled")
{
   TEST_CASE("the compiler holds labs, scores, age, sex and manual lines itself, and leaves a clinical fact to the tree")
   {
      const Trial labs = trial_of(
          "trial: T1\ntitle: t\n\ninclusion:\n- age 18-75 years\n- Child-Pugh A\n- ECOG 0-1\n- AST, ALT ≤ 5 × ULN\n- PLT ≥ 75×10^9/L\n- female\n"
          "- Willing to provide informed consent\n  manual: consent at enrolment\n\nexclusion:\n- INR > 2.3 or albumin < 28 g/L\n");
      std::string why;
      auto program = CompiledTrial::compile(labs, *catalogue(), &why);
      REQUIRE_MESSAGE(program.has_value(), why);
      CHECK(program->instructions() >= 10);
      const std::string listing = program->listing();
      CHECK(listing.find("score child_pugh") != std::string::npos);
      CHECK(listing.find("lab platelets") != std::string::npos);
      CHECK(listing.find("any 2") != std::string::npos);

      CHECK_FALSE(program->needs_patient());
      const Trial facts = trial_of("trial: T2\ntitle: t\n\ninclusion:\n- PLT ≥ 75×10^9/L\n\nexclusion:\n- prior sorafenib\n");
      auto hybrid = CompiledTrial::compile(facts, *catalogue(), &why);
      REQUIRE_MESSAGE(hybrid.has_value(), why);
      CHECK(hybrid->needs_patient());
      CHECK_MESSAGE(hybrid->listing().find("  tree (has sorafenib)") != std::string::npos, hybrid->listing());
      // Without the Patient a tree instruction reads, the program leaves the record to the reference path.
      PatientSlots slots;
      CompiledVerdict v;
      CHECK_FALSE(hybrid->screen(slots, nullptr, *parse_date("2026-06-15"), v));
   }

   TEST_CASE("a program's verdict and criteria on slots, met, not met and unknown")
   {
      const Trial t = trial_of("trial: T3\ntitle: t\n\ninclusion:\n- PLT ≥ 75×10^9/L\n- Child-Pugh A\n- ECOG 0-1\n\nexclusion:\n- Total bilirubin > 3 mg/dL\n");
      auto program = CompiledTrial::compile(t, *catalogue());
      REQUIRE(program.has_value());
      FastReader reader(*catalogue());
      PatientSlots slots;
      CompiledVerdict v;
      const Date on = *parse_date("2026-06-15");
      // Platelets of 74 (not met), bilirubin 3.0 mg/dL from 51.3 µmol/L (on the edge: the exclusion is not met),
      // Child-Pugh derived (no class recorded) from labs alone: ascites and encephalopathy missing, so unknown.
      REQUIRE(reader.read_slots(R"({"id":"P1","labs":[{"analyte":"platelets","value":74,"unit":"10*9/L","date":"2026-06-01"},)"
                                R"({"analyte":"total_bilirubin","value":51.3,"unit":"umol/L","date":"2026-06-01"}],"scores":{"ecog":1}})",
                                slots));
      REQUIRE(program->screen(slots, nullptr, on, v));
      CHECK(v.verdict == Verdict::ineligible);
      CHECK(v.failing == std::vector<std::size_t>{0});
      CHECK(v.open == std::vector<std::size_t>{1});
      CHECK(v.questions.empty());
   }

   TEST_CASE("the slots hold no more than the program reads: every record with what they cannot hold goes to the reference path")
   {
      // CompiledTrial::screen checks none of these itself (no day of death, bound, dated score, answer, conflict or
      // skipped element can be in the slots): the reader must give up on each, or the two paths would part silently.
      FastReader reader(*catalogue());
      PatientSlots slots;
      const std::string lab = R"({"analyte":"platelets","value":74,"unit":"10*9/L","date":"2026-06-01"})";
      REQUIRE(reader.read_slots(R"({"id":"P0","labs":[)" + lab + "]}", slots));
      for (const std::string& record : {
               std::string(R"({"id":"P1","deceased":"2026-01-02","labs":[)") + lab + "]}",
               std::string(R"({"id":"P2","deceased":true})"),
               std::string(R"({"id":"P3","labs":[{"analyte":"platelets","value":74,"comparator":"<","unit":"10*9/L","date":"2026-06-01"}]})"),
               std::string(R"({"id":"P4","scores":{"ecog":{"value":1,"date":"2026-06-01"}}})"),
               std::string(R"({"id":"P5","answers":[{"criterion":"x","answer":true}]})"),
               std::string(R"({"id":"P6","labs":[)") + lab + "," + lab + "]}",  // two results of one day
               std::string(R"({"id":"P7","labs":[{"loinc":"777-3","value":74,"unit":"10*9/L","date":"2026-06-01"}]})"),
               std::string(R"({"resourceType":"Bundle","type":"collection","entry":[]})"),
           })
         CHECK_MESSAGE(!reader.read_slots(record, slots), record);
   }

   TEST_CASE("a stage to derive goes to the tree, and a record outside the fast shape to the reference path, counted in the summary")
   {
      std::vector<Trial> trials{trial_of("trial: T4\ntitle: t\n\ninclusion:\n- BCLC stage B or C\n- PLT ≥ 75×10^9/L\n")};
      const auto path = temp_path("compiled-bclc.ndjson");
      {
         std::ofstream f(path);
         f << R"({"id":"A","screening_date":"2026-06-15","scores":{"bclc":"B"},"labs":[{"analyte":"platelets","value":80,"unit":"10*9/L","date":"2026-06-01"}]})"
              "\n";
         f << R"({"id":"B","screening_date":"2026-06-15","labs":[{"analyte":"platelets","value":80,"unit":"10*9/L","date":"2026-06-01"}]})"
              "\n";
         f << R"({"id":"C","screening_date":"2026-06-15","labs":[{"analyte":"platelets","value":80,"comparator":">","unit":"10*9/L","date":"2026-06-01"}]})"
              "\n";
      }
      BatchOptions o;
      o.inputs = {path.string()};
      const BatchSummary s = same_rows(o, trials);
      CHECK(s.compiled_trials == 1);
      CHECK(s.compiled_verdicts == 2);  // A with its recorded stage, B with the stage the tree derives
      CHECK(s.fallback_verdicts == 1);  // C: a lab given as a bound
      std::filesystem::remove(path);
   }

   TEST_CASE("a tree leaf asked the same way by two trials is answered once per patient; a leaf that differs in any field is not")
   {
      std::vector<Warning> w;
      auto leaf = [&](const char* text) { return compile_criterion(text, lexicon(), w, Section::exclusion); };
      // The same reading from other words shares its key: the key is every field but the source text.
      const Predicate pregnant = leaf("pregnant"), pregnancy = leaf("Pregnancy");
      REQUIRE(pregnant.kind == Predicate::Kind::fact);
      CHECK(TreeLeaves::key(pregnant) == TreeLeaves::key(pregnancy));
      // Any field that changes the answer changes the key: the concept, the window, the time scope, "other", an exception.
      const std::string base = TreeLeaves::key(leaf("prior sorafenib"));
      for (const char* other : {"prior lenvatinib", "sorafenib within 4 weeks", "concurrent sorafenib", "allergy to sorafenib"}) {
         CAPTURE(other);
         CHECK(TreeLeaves::key(leaf(other)) != base);
      }
      CHECK(TreeLeaves::key(leaf("other malignancy")) != TreeLeaves::key(leaf("malignancy")));
      // The trial's own condition and interventions and its lab window are part of a leaf's setting: "other" reads them.
      const Concept* hcc = catalogue()->concept_("hepatocellular_carcinoma");
      const Concept* crc = catalogue()->concept_("colorectal_cancer");
      REQUIRE(hcc);
      REQUIRE(crc);
      TreeLeaves leaves;
      const Predicate other = leaf("other malignancy");
      CHECK(leaves.intern(other, {hcc}, std::nullopt) != leaves.intern(other, {crc}, std::nullopt));
      CHECK(leaves.intern(pregnant, {hcc}, std::nullopt) == leaves.intern(pregnancy, {crc}, std::nullopt));
      CHECK(leaves.intern(pregnant, {hcc}, std::nullopt) != leaves.intern(pregnant, {hcc}, 14));
      // A worker's memo forgets every answer at the next patient.
      TreeLeafMemo memo(leaves.size());
      memo.put(0, 2);
      CHECK(memo.get(0) == std::optional<std::uint8_t>(2));
      memo.next_patient();
      CHECK_FALSE(memo.get(0).has_value());
   }

   TEST_CASE("compiled = reference: every synthetic case, the example patients and the bad-input corpus, every trial in rules/")
   {
      const std::vector<Trial> trials = all_trials();
      BatchOptions o;
      o.inputs = {source_path("patients/synthetic"), source_path("patients/examples"), source_path("patients/fhir"), source_path("tests/bad/patients"),
                  source_path("tests/bad/fhir")};
      o.threads = 2;
      const BatchSummary s = same_rows(o, trials);
      CHECK(s.records > 1900);
      CHECK(s.errors > 10);                       // the bad-input corpus gives its error rows on both paths
      CHECK(s.compiled_trials == trials.size());  // every trial: clinical facts are tree instructions
      CHECK(s.compiled_verdicts > 100000);
      // CSV and --only-eligible, at another date (labs stale under the 14-day window, other ages).
      o.format = "csv";
      o.only_eligible = true;
      o.date = parse_date("2027-02-01");
      same_rows(o, trials);
   }

   TEST_CASE("compiled = reference: 100,000 generated patients moved onto the edges, at their screening dates and 20 days later")
   {
      const auto generated = temp_path("compiled-population.ndjson"), path = temp_path("compiled-edges.ndjson");
      write_population_file(generated.string(), population, 19, *catalogue());
      edge_population(generated.string(), path.string());
      // The benchmark's lab-and-score subset of NCT03838796, the lab-window trial, the trial of rules/ with the most
      // criteria that the program holds wholly (manual lines: questions and data), tests/data/compiled/EDGES.trial (every
      // kind of test), and NCT03838796 (clinical facts as tree instructions).
      std::vector<Trial> trials;
      CompileResult subset = compile_trial_file(source_path("bench/peers/NCT03838796-subset.trial"), lexicon());
      REQUIRE(subset.trial.has_value());
      trials.push_back(std::move(*subset.trial));
      const std::vector<Trial> every = all_trials();
      trials.push_back(every.back());  // NEAR-LABWINDOW
      const Trial* largest = nullptr;
      for (const Trial& t : every)
         if (!CompiledTrial::compile(t, *catalogue())->needs_patient() && (!largest || t.criteria.size() > largest->criteria.size())) largest = &t;
      REQUIRE(largest != nullptr);
      trials.push_back(*largest);
      for (const Trial& t : every)
         if (t.id == "NCT03838796") trials.push_back(t);
      CompileResult edges = compile_trial_file(source_path("tests/data/compiled/EDGES.trial"), lexicon());
      REQUIRE(edges.trial.has_value());
      trials.push_back(std::move(*edges.trial));
      BatchOptions o;
      o.inputs = {path.string()};
      o.threads = 2;
      const BatchSummary s = same_rows(o, trials);
      CHECK(s.records == population);
      CHECK(s.compiled_trials == 5);
      CHECK(s.compiled_verdicts + s.fallback_verdicts == population * trials.size());
      CHECK(s.fallback_verdicts * 100 < s.compiled_verdicts);  // the population is of the fast shape
      // Twenty days after a screening date in June 2026 more labs are past the 14-day window, and some ages change.
      o.date = parse_date("2026-07-05");
      same_rows(o, trials);
      std::filesystem::remove(generated);
      std::filesystem::remove(path);
   }

   TEST_CASE("compiled = reference: the edge population against every trial of rules/")
   {
      const auto generated = temp_path("compiled-population-small.ndjson"), path = temp_path("compiled-edges-small.ndjson");
      write_population_file(generated.string(), edge_population_size, 23, *catalogue());
      edge_population(generated.string(), path.string());
      BatchOptions o;
      o.inputs = {path.string()};
      o.threads = 2;
      const std::vector<Trial> trials = all_trials();
      const BatchSummary s = same_rows(o, trials);
      CHECK(s.compiled_trials == trials.size());
      std::filesystem::remove(generated);
      std::filesystem::remove(path);
   }
}

}  // namespace eligo::test::compiled_trial_tests
