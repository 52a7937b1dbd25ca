// How a "why" reads: a nested criterion keeps its grouping (the flat why, the text tree, the JSON
// parts), a negation never stacks a second negative, and no sentence carries the token not_met.
#include <doctest/doctest.h>

#include <sstream>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/results_json.hpp"
#include "engine/report/why_text.hpp"
#include "support.hpp"

namespace eligo::test::why_tests {

namespace {

// Male, ECOG 2, platelets 62 ×10^9/L, sorafenib in the first half of 2025, no findings recorded.
const char* kPatient = R"({"id": "W", "sex": "male", "birth_date": "1966-03-12",
   "labs": [{"analyte": "platelets", "value": 62, "unit": "10^9/L", "date": "2026-10-29"}],
   "scores": {"ecog": 2},
   "medications": [{"concept": "sorafenib", "text": "sorafenib 400 mg bid", "start": "2025-01-10", "end": "2025-06-30"}],
   "conditions": [], "procedures": [], "allergies": []})";

const Patient& patient()
{
   static const Patient p = read_patient(kPatient, "w.json", *catalogue());
   return p;
}

Outcome eval(const std::string& criterion, bool explain = true)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   EvalContext ctx{patient(), *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}};
   ctx.explain = explain;
   return evaluate(pred, ctx);
}

std::string text(const Outcome& o)
{
   std::ostringstream out;
   print_why(out, o, "  ", "why: ");
   return out.str();
}

// Three levels, with a negation at the second and at the third.
const char* kNested = "ECOG 0-1 or (no prior sorafenib and (PLT ≥ 75×10^9/L or no portal vein tumor thrombus))";

}  // namespace

TEST_SUITE("why")
{
   TEST_CASE("a three-level criterion with negations keeps its grouping in the flat why")
   {
      const Outcome o = eval(kNested);
      CHECK(o.result == Tri::not_met);
      CHECK(o.why ==
            "any of: (1) ECOG performance status 2 (recorded), required 0–1: not met; "
            "(2) all of, not met: (a) sorafenib: sorafenib 400 mg bid from 2025-01-10 to 2025-06-30, where absence is required; "
            "(b) any of, unknown: (i) Platelets 62 ×10^9/L (2026-10-29) ≥ 75 ×10^9/L: not met; "
            "(ii) portal vein tumour thrombus (PVTT): not recorded, where absence is required");
      // The parts, each with the result of that part (a negated test already negated).
      REQUIRE(o.combination);
      CHECK(o.combination->group == Group::any_of);
      const std::vector<Outcome>& parts = o.combination->parts;
      REQUIRE(parts.size() == 2);
      CHECK(!parts[0].combination);
      CHECK(parts[0].result == Tri::not_met);
      const Outcome& all = parts[1];
      REQUIRE(all.combination);
      CHECK(all.combination->group == Group::all_of);
      CHECK(all.result == Tri::not_met);
      REQUIRE(all.combination->parts.size() == 2);
      CHECK(all.combination->parts[0].result == Tri::not_met);  // sorafenib is on record
      const Outcome& any = all.combination->parts[1];
      REQUIRE(any.combination);
      CHECK(any.combination->group == Group::any_of);
      CHECK(any.result == Tri::unknown);
      REQUIRE(any.combination->parts.size() == 2);
      CHECK(any.combination->parts[1].result == Tri::unknown);
      // A part that is itself a list reads as one on its own.
      CHECK(any.why ==
            "Platelets 62 ×10^9/L (2026-10-29) ≥ 75 ×10^9/L: not met; or portal vein tumour thrombus (PVTT): not recorded, where absence is required");
   }

   TEST_CASE("a three-level criterion prints as an indented tree, each part with its result in words")
   {
      CHECK(text(eval(kNested)) ==
            "  why: any of:\n"
            "    not met   ECOG performance status 2 (recorded), required 0–1: not met\n"
            "    not met   all of:\n"
            "      not met   sorafenib: sorafenib 400 mg bid from 2025-01-10 to 2025-06-30, where absence is required\n"
            "      unknown   any of:\n"
            "        not met   Platelets 62 ×10^9/L (2026-10-29) ≥ 75 ×10^9/L: not met\n"
            "        unknown   portal vein tumour thrombus (PVTT): not recorded, where absence is required\n");
      // One level stays one line.
      CHECK(text(eval("ECOG 0-1 or PLT ≥ 75×10^9/L")) ==
            "  why: ECOG performance status 2 (recorded), required 0–1: not met; or Platelets 62 ×10^9/L (2026-10-29) ≥ 75 ×10^9/L: not met\n");
   }

   TEST_CASE("the JSON of a nested criterion carries the tree as group and parts, with machine results")
   {
      nlohmann::ordered_json j;
      add_parts(j, eval(kNested));
      CHECK(j["group"] == "any");
      CHECK(j["parts"][0]["result"] == "not_met");
      CHECK(!j["parts"][0].contains("parts"));
      CHECK(j["parts"][1]["group"] == "all");
      CHECK(j["parts"][1]["parts"][1]["group"] == "any");
      CHECK(j["parts"][1]["parts"][1]["result"] == "unknown");
      CHECK(j["parts"][1]["parts"][1]["parts"][1]["why"] == "portal vein tumour thrombus (PVTT): not recorded, where absence is required");
      nlohmann::ordered_json single;
      add_parts(single, eval("PLT ≥ 75×10^9/L"));
      CHECK(single.empty());  // a single test has no parts
   }

   TEST_CASE("a negation states what was found and what is asked, never a second negative")
   {
      // Absent, as required: the test's own "no …" is not negated again.
      Outcome o = eval("no prior lenvatinib");
      CHECK(o.result == Tri::met);
      CHECK(o.why == "no lenvatinib among 1 medications (list taken as complete), as required");
      // Present: the record, and that the criterion asks for its absence.
      o = eval("no prior sorafenib");
      CHECK(o.result == Tri::not_met);
      CHECK(o.why == "sorafenib: sorafenib 400 mg bid from 2025-01-10 to 2025-06-30, where absence is required");
      // Not recorded: unknown, with what the criterion asks.
      o = eval("no portal vein tumor thrombus");
      CHECK(o.result == Tri::unknown);
      CHECK(o.why == "portal vein tumour thrombus (PVTT): not recorded, where absence is required");
      // A negated comparison.
      o = eval("not PLT < 50×10^9/L");
      CHECK(o.result == Tri::met);
      CHECK(o.why == "Platelets 62 ×10^9/L (2026-10-29) < 50 ×10^9/L: not met, as required");
      o = eval("not PLT < 75×10^9/L");
      CHECK(o.result == Tri::not_met);
      CHECK(o.why == "Platelets 62 ×10^9/L (2026-10-29) < 75 ×10^9/L: met, where the opposite is required");
      // Two negations cancel: the test reads as itself.
      CHECK(eval("not (not PLT < 75×10^9/L)").why == "Platelets 62 ×10^9/L (2026-10-29) < 75 ×10^9/L: met");
   }

   TEST_CASE("a negated list reads as the list of its negated parts (De Morgan), with the same result")
   {
      // none of A, B = all of: no A; no B.
      Outcome o = eval("none of the following: sorafenib, lenvatinib");
      CHECK(o.result == Tri::not_met);
      REQUIRE(o.combination);
      CHECK(o.combination->group == Group::all_of);
      CHECK(o.why ==
            "sorafenib: sorafenib 400 mg bid from 2025-01-10 to 2025-06-30, where absence is required; "
            "no lenvatinib among 1 medications (list taken as complete), as required");
      // not (A and B) = any of: not A; not B.
      o = eval("not (ECOG 0-1 and PLT ≥ 75×10^9/L)");
      CHECK(o.result == Tri::met);
      REQUIRE(o.combination);
      CHECK(o.combination->group == Group::any_of);
      CHECK(o.why ==
            "ECOG performance status 2 (recorded), required 0–1: not met, as required; or "
            "Platelets 62 ×10^9/L (2026-10-29) ≥ 75 ×10^9/L: not met, as required");
      // Unknown stays unknown, with the same missing data.
      o = eval("not (portal vein tumor thrombus or bile duct tumor thrombus)");
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"portal vein tumour thrombus (PVTT)", "bile duct tumour thrombus (BDTT)"});
   }

   TEST_CASE("a test written over several subjects joins its list; a written group stays a group")
   {
      Outcome o = eval("ECOG 0-1, AST, ALT ≤ 5 × ULN");
      REQUIRE(o.combination);
      CHECK(o.combination->group == Group::all_of);
      CHECK(o.combination->parts.size() == 3);
      for (const auto& part : o.combination->parts) CHECK(!part.combination);
      o = eval("ECOG 0-1 and (PLT ≥ 75×10^9/L and male)");
      REQUIRE(o.combination);
      REQUIRE(o.combination->parts.size() == 2);
      REQUIRE(o.combination->parts[1].combination);
      CHECK(o.combination->parts[1].combination->group == Group::all_of);
   }

   TEST_CASE("the outline labels each level: (1), (a), (i), (A), then (1) again")
   {
      const Outcome o = eval("male and (female or (male and (female or (male and (female or male)))))");
      CHECK(o.result == Tri::met);
      CHECK(o.why ==
            "all of: (1) sex male, required male: met; (2) any of, met: (a) sex male, required female: not met; "
            "(b) all of, met: (i) sex male, required male: met; (ii) any of, met: (A) sex male, required female: not met; "
            "(B) all of, met: (1) sex male, required male: met; (2) any of, met: (a) sex male, required female: not met; "
            "(b) sex male, required male: met");
   }

   TEST_CASE("no why says not_met or 'required absent'")
   {
      for (const char* c :
           {kNested, "no prior sorafenib", "not PLT < 75×10^9/L", "age ≥ 70 years", "female", "ECOG 0-1", "PLT 100-400 ×10^9/L", "PLT within normal limits",
            "none of the following: sorafenib, lenvatinib", "≥ 4 weeks since prior sorafenib", "≥ 100 weeks since prior sorafenib", "PLT ≤ 5 × ULN"}) {
         const std::string criterion = c;
         CAPTURE(criterion);
         const std::string why = eval(c).why;
         CHECK(why.find("not_met") == std::string::npos);
         CHECK(why.find("required absent") == std::string::npos);
      }
   }

   TEST_CASE("without explaining (eligo batch): the same results and missing data, and no parts or sentences")
   {
      for (const char* c : {kNested, "none of the following: sorafenib, lenvatinib", "not (portal vein tumor thrombus or bile duct tumor thrombus)",
                            "ECOG 0-1, AST, ALT ≤ 5 × ULN", "not (ECOG 0-1 and PLT ≥ 75×10^9/L)"}) {
         const std::string criterion = c;
         CAPTURE(criterion);
         const Outcome full = eval(c), quick = eval(c, false);
         CHECK(quick.result == full.result);
         CHECK(quick.missing == full.missing);
         CHECK(!quick.combination);
      }
      CHECK(eval(kNested, false).why.empty());
   }
}

}  // namespace eligo::test::why_tests
