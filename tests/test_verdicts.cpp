// Verdicts that say what to do (issue 17): the kinds of criteria (data, question, enrolment) and how they are decided,
// criterion ids, the verdicts eligible / pending questions / indeterminate / ineligible with their lists, the ranking of
// eligo screen, and near misses at the edges of "within 10%".
#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <map>
#include <set>

#include <doctest/doctest.h>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::verdicts_tests {

namespace {

CompileResult compile_text(const std::string& body) { return compile_trial_text("trial: T\n" + body, "t.trial", lexicon()); }

Trial compiled(const std::string& body)
{
   const CompileResult c = compile_text(body);
   INFO(body);
   for (const auto& e : c.errors) INFO(e.str());
   REQUIRE(c.errors.empty());
   return *c.trial;
}

TrialResult screened(const Trial& t, const std::string& patient_json, const char* date = "2026-11-02")
{
   return screen(t, read_patient(patient_json, "p.json", *catalogue()), *parse_date(date), *catalogue());
}

// The kind of one criterion line; `manual` marks it manual review (a line the grammar cannot read must be).
CriterionKind kind_of(const std::string& section, const std::string& line, const std::string& manual = "")
{
   const Trial t = compiled(section + ":\n- " + line + "\n" + (manual.empty() ? "" : "  manual: " + manual + "\n"));
   REQUIRE(t.criteria.size() == 1);
   INFO(line << " — " << t.criteria[0].kind_reason);
   return t.criteria[0].kind;
}

// A patient with platelets, AST (reference range 0–40 U/L) and bilirubin, taken on `date`.
std::string labs(const std::string& plt, const std::string& ast = "38", const std::string& bili = "1.0", const std::string& date = "2026-10-28")
{
   return R"({"id": "P", "sex": "male", "birth_date": "1960-01-01", "labs": [)"
          R"({"analyte": "platelets", "value": )" +
          plt + R"(, "unit": "10^9/L", "date": ")" + date +
          R"("},)"
          R"({"analyte": "AST", "value": )" +
          ast + R"(, "unit": "U/L", "date": ")" + date +
          R"(", "reference_range": {"low": 0, "high": 40}},)"
          R"({"analyte": "total bilirubin", "value": )" +
          bili + R"(, "unit": "mg/dL", "date": ")" + date + R"("}]})";
}

}  // namespace

TEST_SUITE("verdicts")
{
   TEST_CASE("kinds come from the words of criterion_kinds.json and the compiled tree")
   {
      const std::string r = "not read";
      // Enrolment: consent, willingness, agreement, compliance, on a line with no test the record answers.
      CHECK(kind_of("inclusion", "Signed informed consent", r) == CriterionKind::enrolment);
      CHECK(kind_of("inclusion", "Willing and able to provide written informed consent", r) == CriterionKind::enrolment);
      CHECK(kind_of("inclusion", "Willingness and ability to comply with scheduled visits and trial procedures", r) == CriterionKind::enrolment);
      CHECK(kind_of("inclusion", "Women of childbearing potential must agree to use adequate contraception", r) == CriterionKind::enrolment);
      CHECK(kind_of("inclusion", "Subject is able to adhere to the study visit schedule and other protocol requirements", r) == CriterionKind::enrolment);
      // A condition that may prevent consent or compliance is a clinician's question; a line that also asks for a pregnancy test
      // or names a pregnancy cannot wait for enrolment.
      CHECK(kind_of("exclusion", "Subject is unwilling or unable to comply with the protocol, in the opinion of the investigator", r) ==
            CriterionKind::question);
      CHECK(kind_of("exclusion", "Any psychological disorder affecting Informed Consent", r) == CriterionKind::question);
      // Not enrolment; and a line that names what a record holds (a pregnancy, a psychiatric disorder, an investigational
      // drug) is data to look up (the rule judged by an independent review of 100 kinds, session 7).
      CHECK(kind_of("inclusion", "Females must have a negative pregnancy test and agree to use contraception", r) == CriterionKind::data);
      // A time counted from the consent, or a condition preventing it, is not the consent itself.
      CHECK(kind_of("exclusion", "Psychiatric disorders or altered mental status precluding understanding of the informed consent process", r) ==
            CriterionKind::data);
      CHECK(kind_of("exclusion", "Investigational drug within 4 weeks prior to signing the Informed Consent Form", r) == CriterionKind::data);
      // Questions: a clinician's judgement, and any other line left to review.
      CHECK(kind_of("inclusion", "Life expectancy of at least 12 weeks", r) == CriterionKind::question);
      CHECK(kind_of("inclusion", "Suitable for TACE as judged by the investigator", r) == CriterionKind::question);
      CHECK(kind_of("inclusion", "Adequate organ function", r) == CriterionKind::question);
      CHECK(kind_of("exclusion", "clinically significant gastrointestinal bleeding") == CriterionKind::question);  // a qualifier leaf
      // A line the grammar could not read takes its kind from its words: one naming what a record holds is data to look
      // up, unless its words ask for a judgement (independent review of 100 kinds, session 7).
      CHECK(kind_of("inclusion", "Hemoglobin > 9.0 g/dL (transfusion independent), or so", r) == CriterionKind::data);
      CHECK(kind_of("exclusion", "Known hypersensitivity to sorafenib or its excipients, or the like", r) == CriterionKind::data);
      CHECK(kind_of("exclusion", "Serious illness that may interfere with the study, the investigator's opinion", r) == CriterionKind::question);
      CHECK(kind_of("exclusion", "Contraindication to TACE, whatever it be", r) == CriterionKind::question);
      // A trial author's manual note that leaves it to the investigator makes a question of a line naming a fact.
      CHECK(kind_of("inclusion", "Resection more than one month before screening", "beyond a month, the investigator decides.") == CriterionKind::question);
      CHECK(kind_of("inclusion", "Resection more than one month before screening", "not read") == CriterionKind::data);
      // Data: tests the record answers.
      CHECK(kind_of("inclusion", "PLT ≥ 75×10^9/L") == CriterionKind::data);
      CHECK(kind_of("inclusion", "Child-Pugh A") == CriterionKind::data);
      CHECK(kind_of("exclusion", "prior sorafenib") == CriterionKind::data);
      // What a fact needs or needed is in the chart, the treatment given (review helper-162); a qualifier before it is a
      // clinician's judgement.
      CHECK(kind_of("exclusion", "History of congestive heart failure requiring therapy") == CriterionKind::data);
      CHECK(kind_of("exclusion", "Clinically significant congestive heart failure") == CriterionKind::question);
      // On a compiled line, question words make it a question, enrolment words never make it enrolment.
      Criterion c = compiled("inclusion:\n- age ≥ 18 years\n").criteria.at(0);
      c.text = "Subject is 18 years of age or more at the time of signing the Informed Consent Form";
      std::string why;
      CHECK(decide_kind(c, catalogue()->criterion_kinds(), &why) == CriterionKind::data);
      CHECK(why == "tests the record answers");
      c.text = "age ≥ 18 years and a life expectancy the investigator accepts";
      CHECK(decide_kind(c, catalogue()->criterion_kinds(), &why) == CriterionKind::question);
      CHECK(why == "'life expectancy' in the wording");
      // Whole words only: "unwillingly" is not "willing", "consenting" is not "consent to".
      CHECK(CriterionKindWords::find(catalogue()->criterion_kinds().enrolment, "the unwillingly consenting") == "");
      CHECK(CriterionKindWords::find(catalogue()->criterion_kinds().enrolment, "Willing, able (and) AGREE-TO") == "willing");
   }

   TEST_CASE("the kinds of NCT03838796's criteria, nested ones too")
   {
      const Trial* t = nullptr;
      for (const auto& x : bundled_trials())
         if (x.id == "NCT03838796") t = &x;
      REQUIRE(t);
      // Line -> kind. The manual-review lines (47: time from resection; 90: another chemotherapy than FOLFOX) are questions,
      // and so are the criteria that hold them (44, 84, 88); every other line is a test the record answers. None is for
      // enrolment: the registry lists no consent.
      const std::map<std::size_t, CriterionKind> expected = {
          {37, CriterionKind::data},     {44, CriterionKind::question}, {46, CriterionKind::data}, {47, CriterionKind::question}, {51, CriterionKind::data},
          {54, CriterionKind::data},     {55, CriterionKind::data},     {56, CriterionKind::data}, {59, CriterionKind::data},     {62, CriterionKind::data},
          {65, CriterionKind::data},     {66, CriterionKind::data},     {67, CriterionKind::data}, {68, CriterionKind::data},     {69, CriterionKind::data},
          {72, CriterionKind::data},     {73, CriterionKind::data},     {76, CriterionKind::data}, {78, CriterionKind::data},     {79, CriterionKind::data},
          {81, CriterionKind::data},     {82, CriterionKind::data},     {83, CriterionKind::data}, {84, CriterionKind::question}, {87, CriterionKind::data},
          {88, CriterionKind::question}, {90, CriterionKind::question},
      };
      std::map<std::size_t, CriterionKind> got;
      std::set<std::string> ids;
      std::function<void(const Criterion&)> add = [&](const Criterion& c) {
         got[c.line] = c.kind;
         ids.insert(c.id);
         for (const auto& ch : c.children) add(ch);
      };
      for (const auto& c : t->criteria) add(c);
      CHECK(got == expected);
      CHECK(ids.size() == got.size());  // unique within the trial
   }

   TEST_CASE("kind: in a trial file overrides the words; a bad value is an error naming it")
   {
      const Trial t = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n  kind: question\n- Signed informed consent\n  manual: not read\n  kind: data\n");
      CHECK(t.criteria[0].kind == CriterionKind::question);
      CHECK(t.criteria[0].kind_reason == "set in the trial file (kind: question)");
      CHECK(t.criteria[1].kind == CriterionKind::data);
      // Set to data, the manual line is data to collect: the trial is indeterminate, with the line listed.
      const TrialResult r0 = screened(t, R"({"id": "P", "sex": "male"})");
      CHECK(r0.verdict == Verdict::indeterminate);
      CHECK(r0.missing == std::vector<std::string>{"manual review: Signed informed consent"});
      CHECK(r0.criteria[1].open == CriterionKind::data);
      const CompileResult r = compile_text("inclusion:\n- PLT ≥ 75×10^9/L\n  kind: maybe\n");
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].message == "'kind:' is question, data or enrolment, not 'maybe'");
      CHECK(r.errors[0].line == 4);
      CHECK(r.errors[0].column == 9);
   }

   TEST_CASE("criterion ids: trial id and a hash of the normalised wording, unique within the trial, stable under edits elsewhere")
   {
      const Trial a = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- ECOG 0-1\nexclusion:\n- prior sorafenib\n");
      const Trial b = compiled("inclusion:\n- Child-Pugh A\n- ECOG  0-1\n- PLT ≥ 75×10^9/L\n  note: moved and noted\nexclusion:\n- Prior   SORAFENIB\n");
      CHECK(a.criteria[0].id.rfind("T-", 0) == 0);
      CHECK(a.criteria[0].id.size() == 2 + 8);
      CHECK(a.criteria[0].id == b.criteria[2].id);  // moved, with a note: the same id
      CHECK(a.criteria[1].id == b.criteria[1].id);  // spacing folded
      CHECK(a.criteria[2].id == b.criteria[3].id);  // case folded
      CHECK(a.criteria[0].id != a.criteria[1].id);
      CHECK(normalised_wording("  Prior \t SORAFENIB  ") == "prior sorafenib");
      const Trial dup = compiled("inclusion:\n- ECOG 0-1\n- ecog 0-1\n- ECOG 0-1\n");
      CHECK(dup.criteria[1].id == dup.criteria[0].id + "-2");
      CHECK(dup.criteria[2].id == dup.criteria[0].id + "-3");
   }

   TEST_CASE("verdicts: questions pend, enrolment never holds a verdict back, missing data is indeterminate")
   {
      const Trial t = compiled(
          "inclusion:\n- PLT ≥ 75×10^9/L\n- Life expectancy of at least 12 weeks\n  manual: a clinician's estimate\n- Signed informed consent\n"
          "  manual: at enrolment\n");
      REQUIRE(t.criteria[1].kind == CriterionKind::question);
      REQUIRE(t.criteria[2].kind == CriterionKind::enrolment);
      const TrialResult pending = screened(t, labs("100"));
      CHECK(pending.verdict == Verdict::pending_questions);
      CHECK(pending.questions == std::vector<std::size_t>{1});
      CHECK(pending.at_enrolment == std::vector<std::size_t>{2});
      CHECK(pending.missing.empty());  // "manual review: …" is a question, not data
      CHECK(pending.failing.empty());
      const TrialResult open = screened(t, R"({"id": "P", "sex": "male"})");
      CHECK(open.verdict == Verdict::indeterminate);
      CHECK(open.missing == std::vector<std::string>{"Platelets"});
      CHECK(open.questions == std::vector<std::size_t>{1});
      const TrialResult out = screened(t, labs("50"));
      CHECK(out.verdict == Verdict::ineligible);
      CHECK(out.failing == std::vector<std::size_t>{0});
      // Only enrolment open: eligible, with the criterion listed at enrolment.
      const Trial e = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- Signed informed consent\n  manual: at enrolment\n");
      const TrialResult ok = screened(e, labs("100"));
      CHECK(ok.verdict == Verdict::eligible);
      CHECK(ok.at_enrolment == std::vector<std::size_t>{1});
      // kind: question on a lab line: the criterion is asked as a whole, and no data is listed for it.
      const Trial q = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n  kind: question\n");
      const TrialResult asked = screened(q, R"({"id": "P", "sex": "male"})");
      CHECK(asked.verdict == Verdict::pending_questions);
      CHECK(asked.missing.empty());
   }

   TEST_CASE("ranking: eligible, pending by fewest questions, indeterminate by fewest data items, ineligible; file order in ties")
   {
      const Trial elig = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n");
      const Trial two_q =
          compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- Suitable for TACE\n  manual: judgement\n- Life expectancy ≥ 3 months\n  manual: estimate\n");
      const Trial one_q = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- Suitable for TACE\n  manual: judgement\n");
      const Trial two_d = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- ECOG 0-1\n- Child-Pugh A\n");
      const Trial one_d = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- ECOG 0-1\n");
      const Trial fails = compiled("inclusion:\n- PLT ≥ 150×10^9/L\n");
      const Trial elig2 = compiled("inclusion:\n- PLT ≥ 50×10^9/L\n");
      const std::string p = R"({"id": "P", "sex": "male", "labs": [{"analyte": "platelets", "value": 100, "unit": "10^9/L", "date": "2026-10-28"}]})";
      std::vector<TrialResult> rs;
      for (const Trial* t : {&fails, &two_d, &two_q, &elig, &one_d, &one_q, &elig2}) rs.push_back(screened(*t, p));
      rank(rs);
      std::vector<const Trial*> order;
      for (const auto& r : rs) order.push_back(r.trial);
      CHECK(order == std::vector<const Trial*>{&elig, &elig2, &one_q, &two_q, &one_d, &two_d, &fails});
   }

   TEST_CASE("near misses: exactly 10% is near, just outside is not; relative to the ULN; exclusions; a stale result is open, not failing")
   {
      const Trial t = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- AST ≤ 5 × ULN\nexclusion:\n- total bilirubin > 3 mg/dL\n");
      const TrialResult edge = screened(t, labs("67.5"));
      CHECK(edge.verdict == Verdict::ineligible);
      CHECK(edge.near_miss);
      CHECK(edge.near_miss_gaps == std::vector<std::string>{"Platelets 67.5 ×10^9/L, needs ≥ 75"});
      const TrialResult outside = screened(t, labs("67.4"));
      CHECK(outside.verdict == Verdict::ineligible);
      CHECK_FALSE(outside.near_miss);
      CHECK(outside.near_miss_gaps.empty());
      // 220 U/L with ULN 40 is 5.5 × ULN: 10% over 5 × ULN; 221 is outside.
      const TrialResult uln = screened(t, labs("100", "220"));
      CHECK(uln.near_miss);
      CHECK(uln.near_miss_gaps == std::vector<std::string>{"Aspartate aminotransferase (AST) 5.5 × ULN, needs ≤ 5 × ULN"});
      CHECK_FALSE(screened(t, labs("100", "221")).near_miss);
      // An exclusion met by a little: what passes it is the opposite comparison.
      const TrialResult excl = screened(t, labs("100", "38", "3.2"));
      CHECK(excl.near_miss);
      CHECK(excl.near_miss_gaps == std::vector<std::string>{"Total bilirubin 3.2 mg/dL, needs ≤ 3"});
      // Every failing criterion must be near: one near and one far is not a near miss.
      CHECK_FALSE(screened(t, labs("70", "38", "5.0")).near_miss);
      const TrialResult both = screened(t, labs("70", "210"));
      CHECK(both.near_miss);
      CHECK(both.near_miss_gaps.size() == 2);
      // A non-lab failure (a score) is never near.
      const Trial ecog = compiled("inclusion:\n- PLT ≥ 75×10^9/L\n- ECOG 0-1\n");
      CHECK_FALSE(
          screened(
              ecog,
              R"({"id": "P", "sex": "male", "scores": {"ecog": 2}, "labs": [{"analyte": "platelets", "value": 100, "unit": "10^9/L", "date": "2026-10-28"}]})")
              .near_miss);
      // Stale: older than the lab window, the result is not used, the criterion is open and the trial indeterminate.
      const Trial windowed = compiled("lab window: 14 days\ninclusion:\n- PLT ≥ 75×10^9/L\n");
      const TrialResult stale = screened(windowed, labs("50", "38", "1.0", "2026-09-01"));
      CHECK(stale.verdict == Verdict::indeterminate);
      CHECK_FALSE(stale.near_miss);
      CHECK(stale.missing == std::vector<std::string>{"Platelets (result within 14 days)"});
   }
}

TEST_SUITE("verdicts")
{
   TEST_CASE("the example patients against rules/: verdict counts pinned, and eligo screen ranks NCT03838796 first for the eligible one")
   {
      // eligible, pending_questions, indeterminate, ineligible, not_screenable
      const std::map<std::string, std::array<int, verdict_count>> expected = {
          {"eligible.json", {1, 1, 48, 8, 0}},    {"haic-candidate.json", {1, 1, 46, 10, 0}},   {"indeterminate.json", {0, 1, 45, 12, 0}},
          {"ineligible.json", {0, 2, 21, 35, 0}}, {"prolong-candidate.json", {1, 1, 47, 9, 0}},
      };
      for (const auto& [name, counts] : expected) {
         const Patient p = read_patient(read_file(source_path("patients/examples/" + name)), name, *catalogue());
         std::array<int, verdict_count> got{};
         std::vector<TrialResult> rs;
         for (const auto& t : bundled_trials()) {
            rs.push_back(screen(t, p, *p.screening_date, *catalogue()));
            ++got[static_cast<int>(rs.back().verdict)];
         }
         INFO(name);
         CHECK(got == counts);
         rank(rs);
         if (name == "eligible.json") {
            CHECK(rs.front().trial->id == "NCT03838796");
            CHECK(rs.front().verdict == Verdict::eligible);
         }
      }
   }
}

TEST_SUITE("golden")
{
   // tests/golden/criterion_kinds.tsv: every criterion of rules/ (nested ones after their parent) with its id, kind and why,
   // so that a change to criterion_kinds.json or to a reading shows, line by line, which kinds it moves. ELIGO_UPDATE_GOLDEN=1
   // rewrites it; review the diff.
   TEST_CASE("the kind and id of every criterion of rules/ (tests/golden/criterion_kinds.tsv)")
   {
      std::string actual = "# trial\tline\tid\tkind\twhy\twording (tabs in the wording written as spaces)\n";
      std::function<void(const Trial&, const Criterion&)> add = [&](const Trial& t, const Criterion& c) {
         std::string text = c.text;
         std::replace(text.begin(), text.end(), '\t', ' ');
         actual += t.id + "\t" + std::to_string(c.line) + "\t" + c.id + "\t" + to_string(c.kind) + "\t" + c.kind_reason + "\t" + text + "\n";
         for (const auto& ch : c.children) add(t, ch);
      };
      for (const auto& t : bundled_trials())
         for (const auto& c : t.criteria) add(t, c);
      const std::string path = source_path("tests/golden/criterion_kinds.tsv");
      if (std::getenv("ELIGO_UPDATE_GOLDEN")) {
         std::ofstream(path, std::ios::binary) << actual;
         return;
      }
      const std::string expected = read_file(path);
      if (expected != actual) {
         std::istringstream a(actual), e(expected);
         std::string la, le;
         int n = 0;
         while (true) {
            const bool ga = static_cast<bool>(std::getline(a, la)), ge = static_cast<bool>(std::getline(e, le));
            ++n;
            if (!ga && !ge) break;
            if (la != le) {
               INFO("line " << n << ": expected \"" << le << "\", got \"" << la << "\"");
               CHECK(la == le);
               break;
            }
         }
      }
      CHECK(expected == actual);
   }

   TEST_CASE("the reviewed sample of 100 corpus kinds (tests/golden/criterion_kinds_sample.tsv) is current and judged")
   {
      // Each sampled id carries the kind Eligo gives it today (criterion_kinds.tsv), so a judgement is of this kind,
      // and every row is judged by a reviewer other than the author.
      std::map<std::string, std::string> kind_of;
      std::istringstream all(read_file(source_path("tests/golden/criterion_kinds.tsv")));
      for (std::string line; std::getline(all, line);) {
         if (line.empty() || line[0] == '#') continue;
         std::vector<std::string> f;
         std::istringstream fs(line);
         for (std::string x; std::getline(fs, x, '\t');) f.push_back(x);
         if (f.size() >= 4) kind_of[f[2]] = f[3];
      }
      std::istringstream sample(read_file(source_path("tests/golden/criterion_kinds_sample.tsv")));
      int rows = 0, correct = 0;
      for (std::string line; std::getline(sample, line);) {
         if (line.empty() || line[0] == '#' || line.rfind("trial\t", 0) == 0) continue;
         std::vector<std::string> f;
         std::istringstream fs(line);
         for (std::string x; std::getline(fs, x, '\t');) f.push_back(x);
         REQUIRE(f.size() >= 8);
         CAPTURE(line);
         ++rows;
         CHECK(kind_of.count(f[2]) == 1);
         CHECK(kind_of[f[2]] == f[3]);
         CHECK((f[6] == "correct" || f[6] == "wrong"));
         CHECK(f[7] != "-");
         correct += f[6] == "correct";
      }
      CHECK(rows == 100);
      MESSAGE("kinds sample: " << correct << " of " << rows << " judged correct");
   }
}

}  // namespace eligo::test::verdicts_tests
