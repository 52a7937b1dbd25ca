// eligo synth and eligo regress (docs/synthetic.md).
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "engine/patient/patient.hpp"
#include "engine/synth/generator.hpp"
#include "engine/synth/leaves.hpp"
#include "engine/synth/population.hpp"
#include "engine/synth/regress.hpp"
#include "engine/compile/trial.hpp"
#include "support.hpp"

namespace eligo::test::synth_tests {

namespace {

Trial compile(const std::string& text)
{
   CompileResult r = compile_trial_text(text, "t.trial", lexicon());
   REQUIRE(r.errors.empty());
   return std::move(*r.trial);
}

const Trial& nct03838796()
{
   static const Trial t = [] {
      CompileResult r = compile_trial_file(source_path("rules/NCT03838796.trial"), lexicon());
      REQUIRE(r.errors.empty());
      return std::move(*r.trial);
   }();
   return t;
}

const SynthCase* find_case(const SynthSuite& s, const std::string& leaf, const std::string& variant)
{
   for (const auto& c : s.cases)
      for (const auto& p : c.patient["expect"]["probes"])
         if (p["leaf"].get<std::string>().rfind(leaf + "@", 0) == 0 && p["variant"] == variant) return &c;  // "inclusion#10/3@<hash>"
   return nullptr;
}

std::string lab_of(const SynthCase& c, const std::string& analyte)
{
   for (const auto& l : c.patient["labs"])
      if (l["analyte"] == analyte) return l["value"].dump() + " " + l["unit"].get<std::string>();
   return "(none)";
}

}  // namespace

TEST_SUITE("synth")
{
   TEST_CASE("NCT03838796: a case for every machine-checkable leaf, the base patient eligible, boundaries exact")
   {
      const SynthSuite s = synthesize(nct03838796(), *catalogue(), 1);
      CHECK(s.leaves == checkable_leaves(nct03838796()).size());
      CHECK(s.leaves >= 30);
      CHECK(s.probed == s.leaves);
      REQUIRE(!s.cases.empty());
      CHECK(s.cases[0].name == "gen-000-base");
      CHECK(s.cases[0].patient["expect"]["verdict"] == "eligible");

      // PLT ≥ 75×10^9/L is inclusion 10, leaf 3: 75 eligible, 74 not, 75000 /µL eligible, missing open.
      const SynthCase* at = find_case(s, "inclusion#10/3", "boundary");
      const SynthCase* beyond = find_case(s, "inclusion#10/3", "one step beyond");
      const SynthCase* other = find_case(s, "inclusion#10/3", "boundary in another unit");
      const SynthCase* missing = find_case(s, "inclusion#10/3", "missing");
      REQUIRE((at && beyond && other && missing));
      CHECK(lab_of(*at, "platelets") == "75.0 10*9/L");
      CHECK(at->patient["expect"]["verdict"] == "eligible");
      CHECK(lab_of(*beyond, "platelets") == "74.0 10*9/L");
      CHECK(beyond->patient["expect"]["verdict"] == "ineligible");
      CHECK(beyond->patient["expect"]["decided_by"] == nlohmann::ordered_json::array({"inclusion 10"}));
      CHECK(lab_of(*other, "platelets") == "75000.0 /uL");
      CHECK(other->patient["expect"]["verdict"] == "eligible");
      CHECK(lab_of(*missing, "platelets") == "(none)");
      CHECK(missing->patient["expect"]["verdict"] == "indeterminate");

      // Total bilirubin ≤ 3.0 mg/dL: the boundary in µmol/L through the molar mass.
      const SynthCase* bili = find_case(s, "inclusion#9/1", "boundary in another unit");
      REQUIRE(bili);
      CHECK(lab_of(*bili, "total_bilirubin") == "51.31187357 umol/L");

      // AST ≤ 5 × ULN: with no reference range the catalogue's ULN (48 U/L) is assumed, and flagged;
      // the patient's own ULN is 52.8, so 5 × 52.8 = 264 U/L is above 5 × 48.
      const SynthCase* uln = find_case(s, "inclusion#9/3", "no reference range");
      REQUIRE(uln);
      CHECK(lab_of(*uln, "ast") == "264.0 U/L");
      CHECK(uln->patient["expect"]["verdict"] == "ineligible");
      CHECK(uln->patient["expect"]["why_contains"].dump() == R"([{"criterion":"inclusion 9","text":"assumed ULN"}])");

      // Age 18-75: the 18th birthday on the screening date is in, the day before is out.
      const SynthCase* a18 = find_case(s, "inclusion#6/1", "boundary");
      REQUIRE(a18);
      CHECK(a18->patient["birth_date"] == "2008-06-15");
   }

   TEST_CASE("every exclusion has a patient who meets it, and is ineligible for it")
   {
      const SynthSuite s = synthesize(nct03838796(), *catalogue(), 1);
      int exclusions = 0;
      for (const auto& c : nct03838796().criteria) exclusions += c.section == Section::exclusion;
      for (int i = 1; i <= exclusions; ++i) {
         CAPTURE(i);
         // Compared as std::string, not as JSON: comparing a JSON value with a temporary string
         // builds a JSON string, which draws GCC 12's false -Warray-bounds in a Release build
         // (nlohmann/json issue 3808).
         const std::string leaf = "exclusion#" + std::to_string(i), criterion = "exclusion " + std::to_string(i);
         const SynthCase* c = nullptr;
         for (const auto& x : s.cases)
            for (const auto& p : x.patient["expect"]["probes"])
               if (p["leaf"].get<std::string>() == leaf && p["variant"].get<std::string>() == "meets this exclusion") c = &x;
         REQUIRE(c);
         CHECK(c->patient["expect"]["verdict"] == "ineligible");
         const auto by = c->patient["expect"]["decided_by"].get<std::vector<std::string>>();
         CHECK(std::find(by.begin(), by.end(), criterion) != by.end());
      }
   }

   TEST_CASE("the same seed gives the same suite; the cases read as patients")
   {
      const SynthSuite a = synthesize(nct03838796(), *catalogue(), 7), b = synthesize(nct03838796(), *catalogue(), 7);
      REQUIRE(a.cases.size() == b.cases.size());
      for (std::size_t i = 0; i < a.cases.size(); ++i) CHECK(a.cases[i].patient.dump() == b.cases[i].patient.dump());
      for (const auto& c : a.cases) CHECK_NOTHROW(read_patient(c.patient.dump(), c.name, *catalogue()));
   }

   TEST_CASE("windows, sex-specific findings, ranges, scores and stale labs")
   {
      const Trial t = compile(
          "trial: T-SYN\ntitle: synth test\ncondition: hepatocellular carcinoma\nlab window: 14 days\n"
          "inclusion:\n- Karnofsky ≥ 70\n- creatinine 0.5-1.5 mg/dL\n- female\n"
          "exclusion:\n- pregnant\n- TACE within 4 weeks\n");
      const SynthSuite s = synthesize(t, *catalogue(), 1);
      CHECK(s.probed == s.leaves);
      CHECK(s.cases[0].patient["expect"]["verdict"] == "eligible");
      const SynthCase* k = find_case(s, "inclusion#1/1", "one step beyond");
      REQUIRE(k);
      CHECK(k->patient["scores"]["karnofsky"] == 60);
      const SynthCase* stale = find_case(s, "inclusion#2/1", "stale");
      REQUIRE(stale);
      CHECK(stale->patient["expect"]["verdict"] == "indeterminate");
      const SynthCase* preg = find_case(s, "exclusion#1/1", "present");
      REQUIRE(preg);
      CHECK(preg->patient["sex"] == "female");
      CHECK(preg->patient["expect"]["verdict"] == "ineligible");
      const SynthCase* old = find_case(s, "exclusion#2/1", "record ten years ago");
      REQUIRE(old);
      CHECK(old->patient["expect"]["verdict"] == "eligible");
      const SynthCase* recent = find_case(s, "exclusion#2/1", "recent record");
      REQUIRE(recent);
      CHECK(recent->patient["expect"]["verdict"] == "ineligible");
   }

   TEST_CASE("regress: every generated case agrees with the engine; a changed threshold is a named difference")
   {
      namespace fs = std::filesystem;
      const fs::path dir = temp_path("eligo-test-regress");
      fs::remove_all(dir);
      fs::create_directories(dir);
      const SynthSuite s = synthesize(nct03838796(), *catalogue(), 1);
      for (const auto& c : s.cases) {
         std::ofstream o(dir / (c.name + ".json"));
         o << c.patient.dump(1);
      }
      std::vector<Trial> trials;
      trials.push_back(nct03838796());
      RegressReport ok = regress({dir.string()}, trials, *catalogue());
      CHECK(ok.rows.size() == s.cases.size());
      CHECK(ok.failed() == 0);
      REQUIRE(ok.coverage.size() == 1);
      CHECK(ok.coverage[0].probed == ok.coverage[0].leaves);

      std::string text = read_file(source_path("rules/NCT03838796.trial"));
      const std::string from = "PLT ≥ 75×10^9/L", to = "PLT ≥ 80×10^9/L";
      REQUIRE(text.find(from) != std::string::npos);
      text.replace(text.find(from), from.size(), to);
      std::vector<Trial> mutated;
      mutated.push_back(compile(text));
      RegressReport bad = regress({dir.string()}, mutated, *catalogue());
      CHECK(bad.failed() == 2);  // the boundary, in its own unit and in /µL
      std::string all;
      for (const auto& r : bad.rows)
         for (const auto& d : r.diffs) all += d + "\n";
      CHECK(all.find("inclusion 10 (t.trial:") != std::string::npos);
      CHECK(all.find("expected met, got not_met: ") != std::string::npos);
      CHECK(all.find("Platelets 75 ×10^9/L (2026-06-13) ≥ 80 ×10^9/L: not met") != std::string::npos);
      fs::remove_all(dir);
   }

   TEST_CASE("each leaf decides its criterion in its cases; window edges and the other-unit step are probed")
   {
      const SynthSuite s = synthesize(nct03838796(), *catalogue(), 1);
      CHECK(s.probed == s.leaves);
      // tumour size ≥ 8 cm sits in "any of" under MVI class II: its cases make the other branches fail.
      const SynthCase* size = find_case(s, "inclusion#5/3", "one step beyond");
      REQUIRE(size);
      CHECK(size->patient["expect"]["criteria"][4]["result"] == "not_met");
      const SynthCase* edge = find_case(s, "exclusion#5/1", "first day of the window");
      const SynthCase* before = find_case(s, "exclusion#5/1", "a day before the window");
      REQUIRE((edge && before));
      CHECK(edge->patient["expect"]["verdict"] == "ineligible");
      CHECK(before->patient["expect"]["verdict"] == "eligible");
      const SynthCase* bili = find_case(s, "inclusion#9/1", "one step beyond in another unit");
      REQUIRE(bili);
      CHECK(lab_of(*bili, "total_bilirubin") == "53.02226935 umol/L");  // 3.1 mg/dL, by the reference table, not the engine
      CHECK(bili->patient["expect"]["verdict"] == "ineligible");
   }

   TEST_CASE("an edited leaf is not covered by the cases of the old one, and the edit is caught")
   {
      namespace fs = std::filesystem;
      const fs::path dir = temp_path("eligo-test-regress-edit");
      fs::remove_all(dir);
      fs::create_directories(dir);
      for (const auto& c : synthesize(nct03838796(), *catalogue(), 1).cases) std::ofstream(dir / (c.name + ".json")) << c.patient.dump(1);
      for (const auto& [from, to] :
           std::vector<std::pair<std::string, std::string>>{{"tumor size ≥ 8 cm", "tumor size ≥ 80 cm"}, {"in last three months", "in last 9 years"}}) {
         CAPTURE(to);
         std::string text = read_file(source_path("rules/NCT03838796.trial"));
         REQUIRE(text.find(from) != std::string::npos);
         text.replace(text.find(from), from.size(), to);
         std::vector<Trial> mutated;
         mutated.push_back(compile(text));
         RegressReport r = regress({dir.string()}, mutated, *catalogue());
         CHECK(r.failed() > 0);
         REQUIRE(r.coverage.size() == 1);
         CHECK(r.coverage[0].probed == r.coverage[0].leaves - 1);
      }
      fs::remove_all(dir);
   }

   TEST_CASE("regress: a case file without an expectation, or for an unknown trial, is an error row")
   {
      namespace fs = std::filesystem;
      const fs::path dir = temp_path("eligo-test-regress-bad");
      fs::remove_all(dir);
      fs::create_directories(dir);
      std::ofstream(dir / "a.json") << R"({"id": "A", "sex": "male"})";
      std::ofstream(dir / "b.json") << R"({"id": "B", "expect": {"trial": "NOPE", "verdict": "eligible"}})";
      std::ofstream(dir / "c.json") << R"({"id": "C", "expect": {"trial": "NCT03838796", "verdict": "maybe"}})";
      std::vector<Trial> trials;
      trials.push_back(nct03838796());
      RegressReport r = regress({dir.string()}, trials, *catalogue());
      REQUIRE(r.rows.size() == 3);
      CHECK(r.failed() == 3);
      CHECK(r.rows[0].diffs.at(0).find("not a regression case: expected an \"expect\" object") != std::string::npos);
      CHECK(r.rows[1].diffs.at(0).find("expect.trial: no trial 'NOPE'") != std::string::npos);
      CHECK(r.rows[2].diffs.at(0).find("expected eligible, pending_questions, indeterminate, ineligible or not_screenable, got \"maybe\"") !=
            std::string::npos);
      fs::remove_all(dir);
   }

   TEST_CASE("population: reproducible, readable, realistic mix, a third near a threshold")
   {
      std::ostringstream a, b;
      write_population(a, 3000, 1, *catalogue());
      write_population(b, 3000, 1, *catalogue());
      CHECK(a.str() == b.str());
      std::ostringstream c;
      write_population(c, 3000, 2, *catalogue());
      CHECK(a.str() != c.str());
      std::istringstream in(a.str());
      std::string line;
      int n = 0, male = 0, near = 0, us_units = 0, missing_platelets = 0;
      std::set<std::string> ids;
      while (std::getline(in, line)) {
         ++n;
         const Patient p = read_patient(line, "population", *catalogue());
         ids.insert(p.id);
         male += p.sex == "male";
         bool has_plt = false, nearby = false;
         for (const auto& l : p.labs) {
            has_plt = has_plt || l.analyte->id == "platelets";
            us_units += l.analyte->id == "albumin" && l.unit.code == "g/dL";
            auto close = [&](double t) { return std::fabs(l.canonical - t) <= 0.031 * t; };
            const std::string& id = l.analyte->id;
            nearby = nearby || (id == "platelets" && (close(75) || close(100))) || (id == "total_bilirubin" && (close(51.31) || close(34.21))) ||
                     (id == "albumin" && close(28)) || (id == "absolute_neutrophils" && close(1.5)) || (id == "hemoglobin" && close(85)) ||
                     (id == "inr" && close(2.3)) || (id == "ast" && close(240)) || (id == "alt" && close(275)) || (id == "creatinine" && close(159));
         }
         missing_platelets += !has_plt;
         near += nearby;
      }
      CHECK(n == 3000);
      CHECK(ids.size() == 3000);
      CHECK(male > 2250);
      CHECK(male < 2550);
      CHECK(near > 900);  // a third are placed near a threshold; a few more land there by chance
      CHECK(near < 1350);
      CHECK(us_units > 900);
      CHECK(missing_platelets > 60);
      CHECK(missing_platelets < 200);
   }
}

}  // namespace eligo::test::synth_tests
