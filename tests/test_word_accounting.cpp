// Every word of a criterion is accounted for (docs/language.md, "Accounting of words"): the parse
// records what its reading passed over, a skipped word that is not on the reviewed no-meaning list
// (engine/catalogue/filler_words.json) is unread, and eligo compile and eligo coverage say so.
#include <doctest/doctest.h>

#include <sstream>

#include "engine/compile/trial.hpp"
#include "engine/compile/unread_words.hpp"
#include "engine/report/compile_report.hpp"
#include "engine/report/coverage.hpp"
#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test::word_accounting_tests {

namespace {

// The unread words of one criterion, each run in quotes: "'histologically'".
std::string unread(const std::string& text)
{
   grammar::Accounting a;
   const syntax::Node tree = grammar::parse_criterion(text, lexicon(), &a);
   std::vector<Warning> w;
   const Predicate p = eligo::bind(tree, text, lexicon().catalogue(), w);
   std::string out;
   for (const auto& u : unread_words(text, a, lexicon(), p)) out += (out.empty() ? "'" : ", '") + u + "'";
   return out;
}

const char* trial = R"(trial: T-WORDS
inclusion:
- Radiologically confirmed hepatocellular carcinoma
- The patient's PLT was ≥ 75×10^9/L at screening
- Pregnant or lactating women
exclusion:
- Known brain metastases
)";

}  // namespace

TEST_SUITE("words")
{
   TEST_CASE("the no-meaning list is catalogue data, each entry with its reason, and never holds a structure word")
   {
      const auto& words = catalogue()->filler_words();
      REQUIRE(!words.empty());
      for (const auto& f : words) {
         CAPTURE(f.words);
         CHECK(!f.reason.empty());
      }
      auto find = [&](const std::string& w) {
         for (const auto& f : words)
            if (f.words == w) return &f;
         return static_cast<const FillerWord*>(nullptr);
      };
      REQUIRE(find("the"));
      CHECK(find("the")->no_meaning);
      REQUIRE(find("histologically"));
      CHECK_FALSE(find("histologically")->no_meaning);
      // Words that change the meaning are read by the grammar, never skipped.
      for (const char* w : {"active", "current", "concurrent", "ongoing", "uncontrolled", "clinically significant", "significant", "evidence of"}) {
         CAPTURE(w);
         CHECK(find(w) == nullptr);
      }
      CHECK_THROWS_WITH_AS(read_filler_words(R"({"no_meaning": [{"words": ["not"], "reason": "x"}], "unread": []})"),
                           "filler_words.json: no_meaning: 'not' carries the structure of a line and is never filler", CatalogueError);
      CHECK_THROWS_WITH_AS(read_filler_words(R"({"no_meaning": [{"words": ["the"]}], "unread": []})"),
                           "filler_words.json: no_meaning: each entry needs \"reason\", a sentence saying why", CatalogueError);
   }

   TEST_CASE("the parse records what it passed over; only words off the no-meaning list are unread")
   {
      grammar::Accounting a;
      grammar::parse_criterion("The patient's PLT was ≥ 75×10^9/L (PLT)", lexicon(), &a);
      REQUIRE(a.skipped.size() == 4);  // "The", "patient's", "was", "(PLT)"
      CHECK(a.skipped[0].kind == grammar::Skipped::Kind::filler);
      CHECK(a.skipped[3].kind == grammar::Skipped::Kind::note);

      CHECK(unread("The patient's PLT was ≥ 75×10^9/L at screening") == "");
      CHECK(unread("Radiologically confirmed hepatocellular carcinoma") == "'Radiologically'");
      CHECK(unread("Histologically confirmed hepatocellular carcinoma") == "");  // a qualifier leaf (test_qualifiers.cpp)
      CHECK(unread("Adult patients ≥ 21 years of age") == "'Adult'");
      // A note that restates (an abbreviation, a catalogue name, a unit) is read; one that adds something is not.
      CHECK(unread("Absolute neutrophil count (ANC) ≥ 1.5×10^9/L") == "");
      CHECK(unread("Creatinine ≤2.0 mg/deciliter (dL)") == "");
      // How the count is reached qualifies it: read as a part for manual review (test_support_note.cpp), so nothing is unread.
      CHECK(unread("Hemoglobin > 9.0 g/dL (transfusion independent)") == "");
      CHECK(unread("Childs Pugh A (5-6 points)") == "'5-6'");
      // A note that is a whole catalogue name restates only what the reading tests: "(Barcelona Clinic Liver Cancer)" is
      // BCLC, and "(liver cancer)" a name of the same concept; "(HCV RNA positive)" defines hepatitis C more narrowly, as
      // "(HBsAg positive)" does hepatitis B, and was dropped in silence.
      CHECK(unread("BCLC stage C (Barcelona Clinic Liver Cancer)") == "");
      CHECK(unread("Active hepatitis C (HCV RNA positive)") == "'HCV RNA positive'");
      CHECK(unread("Hepatitis B (HBsAg positive)") == "'HBsAg positive'");
      // A caption is read word by word; an assessment window after a test is read (the value must be dated within it).
      CHECK(unread("Routine blood test: PLT ≥ 75×10^9/L") == "");
      // A caption that says whom the line applies to is a condition, not a caption: the line does not compile (NCT05791448).
      CHECK_THROWS(unread("For patients with HCC with splenic sequestration: ANC >= 1000/mm^3"));
      CHECK(unread("Has a Child-Pugh Class A liver score within 7 days of first dose of study drug.") == "");
      // "eligible for X" is a candidate for X, not a record of X: a manual-review leaf that says so, no words left over.
      CHECK(unread("Patients must be eligible for TAE or TACE treatment.") == "");
      CHECK(unread("Adult patients with ECOG 0-1") == "'Adult'");
      // A sex word is read when every fact of the reading is of that sex.
      CHECK(unread("Pregnant or lactating women") == "");
      CHECK(unread("Women with hypertension") == "'Women'");
   }

   TEST_CASE("eligo compile lists a line's unread words, and coverage counts lines with unread words apart from clean ones")
   {
      const CompileResult r = compile_trial_text(trial, "t.trial", lexicon());
      REQUIRE(r.trial);
      REQUIRE(r.trial->criteria.size() == 4);
      CHECK(r.trial->criteria[0].unread == std::vector<std::string>{"Radiologically"});
      CHECK(r.trial->criteria[1].unread.empty());
      CHECK(r.trial->criteria[2].unread.empty());
      CHECK(r.trial->criteria[3].unread.empty());  // "known": a recorded diagnosis is a known one
      // eligo compile --format json: the unread words on the criterion in the "criteria" list; a clean line has no "unread".
      const auto readings = criterion_readings(*r.trial);
      REQUIRE(readings.size() == 4);
      CHECK(readings[0]["unread"] == nlohmann::ordered_json::array({"Radiologically"}));
      CHECK_FALSE(readings[1].contains("unread"));
      const auto c = coverage_json({r});
      CHECK(c["total"]["compiled"] == 4);
      CHECK(c["total"]["unread"] == 1);
      std::ostringstream text;
      print_coverage_text(text, c);
      CHECK(text.str().find("T-WORDS                                            4        4      1      0  100.0%") != std::string::npos);
   }

   TEST_CASE("names of what the line tests, a sex scope and a present use are read; the test that confirms a finding is not")
   {
      // Were unread: 'ALT & AST', 'male', 'female', 'on'.
      CHECK(unread("Transaminases (ALT & AST) > 1.5 x upper limits of normal") == "");
      CHECK(unread("Transaminases (ALT, AST) ≤ 1.5 x ULN") == "");
      CHECK(unread("Transaminases (ALT and AST) < 1.5 x upper limits of normal") == "");
      CHECK(unread("QTcF > 450 msec (male) or QTcF > 470 msec (female)") == "");
      CHECK(unread("Hb ≥ 13 g/dL for men, ≥ 12 g/dL for women") == "");
      CHECK(unread("Patients on anticoagulants") == "");
      // Names the line does not test are not a restatement.
      CHECK(unread("Transaminases (ALT & ALP) > 1.5 x ULN") == "'ALT & ALP'");
      // A bracketed word that, with the name beside it, names the same concept restates it (review helper-163: the concept
      // pneumonitis is the non-infectious one, and "(non-infectious)" was reported unread); one that narrows it does not.
      CHECK(unread("History of (non-infectious) pneumonitis that required steroids") == "");
      CHECK(unread("History of pneumonitis (noninfectious)") == "");
      CHECK(unread("History of (radiation-induced) pneumonitis") == "'radiation-induced'");
      // The window is read; the chest X-ray that confirms the finding is not checked.
      CHECK(unread("Pulmonary fibrosis or interstitial pneumonia (to be confirmed by chest X-ray within 28 days before enrollment)").find("chest X-ray") !=
            std::string::npos);
   }
}

}  // namespace eligo::test::word_accounting_tests
