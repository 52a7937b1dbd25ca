// Structure as registries write it, in trial files: how a heading's nested items combine
// (by its words, else by its section), headings that name a section, headings Eligo cannot
// combine safely (manual review, never an error), and bullets joined by a trailing "or".
// Each case screens a patient that tells the right combination from the wrong one.
#include <sstream>

#include <doctest/doctest.h>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/results_json.hpp"
#include "engine/report/screen_text.hpp"
#include "grammar/structure.hpp"
#include "support.hpp"

namespace eligo::test::structure_tests {

namespace {

Trial compiled(const std::string& criteria)
{
   const CompileResult c = compile_trial_text("trial: T\n" + criteria, "t.trial", lexicon());
   INFO(criteria);
   for (const auto& e : c.errors) INFO(e.str());
   REQUIRE(c.errors.empty());
   return *c.trial;
}

TrialResult screened(const Trial& t, const std::string& patient_json)
{
   return screen(t, read_patient(patient_json, "p.json", *catalogue()), *parse_date("2026-11-02"), *catalogue());
}

// A patient with these labs (value and unit each), taken on 2026-10-28.
std::string with_labs(std::initializer_list<std::pair<const char*, const char*>> labs, const std::string& rest = "")
{
   std::string s = R"({"id": "P", "sex": "male", "birth_date": "1960-01-01", "labs": [)";
   bool first = true;
   for (const auto& [analyte, value_unit] : labs) {
      std::string vu = value_unit;
      const auto space = vu.find(' ');
      s += std::string(first ? "" : ", ") + R"({"analyte": ")" + analyte + R"(", "value": )" + vu.substr(0, space) + R"(, "unit": ")" + vu.substr(space + 1) +
           R"(", "date": "2026-10-28"})";
      first = false;
   }
   return s + "]" + (rest.empty() ? "" : ", " + rest) + "}";
}

const char* organ_items = "  - ANC < 1.5×10^9/L\n  - Hb < 9 g/dL\n  - PLT < 100×10^9/L\n";

}  // namespace

TEST_SUITE("structure")
{
   TEST_CASE("the words of a heading: a section it names, how its items combine, what makes it unsafe to read")
   {
      using grammar::SectionName;
      CHECK(grammar::section_heading("Exclusion Criteria:") == SectionName::exclusion);
      CHECK(grammar::section_heading("**Key Inclusion Criteria**") == SectionName::inclusion);
      CHECK(grammar::section_heading("Patients meeting any of the following exclusion criteria are not eligible:") == SectionName::exclusion);
      CHECK(grammar::section_heading("5. Other exclusion criteria") == SectionName::exclusion);
      CHECK(grammar::section_heading("The following patients are not eligible:") == SectionName::exclusion);
      CHECK(grammar::section_heading("See Inclusion Criteria for details.") == SectionName::none);
      CHECK(grammar::section_heading("Other protocol-defined inclusion/exclusion criteria may apply") == SectionName::none);
      CHECK(grammar::section_heading("Exclusion criteria: pregnant women") == SectionName::none);
      CHECK(grammar::section_heading("HIV infection is not an exclusion criterion if it is controlled") == SectionName::none);

      using C = grammar::HeadingReading::Combination;
      CHECK(grammar::read_heading("Inadequate organ function:", true).combination == C::any);
      CHECK(grammar::read_heading("Adequate bone marrow function defined as:", false).combination == C::all);
      CHECK(grammar::read_heading("Treatment with any of the following:", false).combination == C::any);
      CHECK(grammar::read_heading("Must have all of the following:", true).combination == C::all);
      CHECK(grammar::read_heading("Diagnosis confirmed by one of the following:", false).combination == C::any);
      CHECK(grammar::read_heading("No heart disease, including any of the following:", false).combination == C::none);
      CHECK(grammar::read_heading("No heart disease, including any of the following:", false).head == "heart disease");
      CHECK(grammar::read_heading("Tumours including:", false).combination == C::any);  // examples, and what they are examples of
      CHECK(grammar::read_heading("Tumours including:", false).head == "Tumours");
      CHECK(grammar::read_heading("Adequate hematologic function including:", false).combination == C::all);
      CHECK(grammar::read_heading("Patients meeting any of the following exclusion criteria are not eligible:", false).combination == C::none);
      CHECK(grammar::read_heading("Patients must meet all of the following inclusion criteria:", true).combination == C::not_all);
      // Words that would scope or condition the items, or a count the language cannot state: manual review, with the reason.
      CHECK(grammar::read_heading("History of any of the following within the past 6 months:", true).problem.find("'within'") != std::string::npos);
      CHECK(grammar::read_heading("For patients with cirrhosis:", false).problem.find("condition") != std::string::npos);
      CHECK(grammar::read_heading("At least two of the following:", false).problem.find("counts its items") != std::string::npos);
      // Counts other than any or all (review helper-133: "No more than one of" was read as none of them).
      for (const char* count :
           {"No more than one of the following:", "Patients with more than one of the following:", "At most one of the following:",
            "Exactly one of the following:", "Not more than 1 of the following:", "At least five of the following:", "Four or more of the following:",
            "Maximum one of the following:", "≤ 1 of the following:", "Zero or one of the following:", "One or none of the following:"})
         CHECK_MESSAGE(grammar::read_heading(count, false).problem.find("counts its items") != std::string::npos, count);
      for (const char* any : {"Any single one of the following:", "At least one of the following:", "One of the following:", "At least 1 of the following:"}) {
         CAPTURE(any);
         CHECK(grammar::read_heading(any, false).problem.empty());
         CHECK(grammar::read_heading(any, false).combination == C::any);
      }
      CHECK(grammar::read_heading("Histologically proven HCC, or all of the following:", false).problem.find("alternative") != std::string::npos);
      CHECK(grammar::read_heading("No other cancer:", true).problem.find("negation") != std::string::npos);
      CHECK(grammar::read_heading("Confirmed cancer as follows:", false).problem.find("kinds of it") != std::string::npos);
      CHECK(grammar::read_heading("No distant metastatic disease. Minimum work-up includes:", false).problem.find("sentence of its own") != std::string::npos);
      CHECK(grammar::read_heading("Patient has MM and:", false).problem.find("ends in 'and'") != std::string::npos);
      CHECK(grammar::read_heading("Female participants who:", false).problem.find("group of patients") != std::string::npos);
      CHECK(grammar::read_heading("Inadequate bone marrow or other organ function as evidenced by:", true).combination == C::any);
      CHECK(grammar::read_heading("Other uncontrolled conditions including, but not limited to:", true).combination == C::any);
      CHECK(grammar::read_heading("Measurable disease (e.g. by RECIST) defined as 1 of the following:", false).combination == C::any);
      CHECK_FALSE(grammar::read_heading("Confirmed cancer as follows:", true).problem.size() > 0);  // in exclusion either reading is any

      // A negation governs the items only when nothing but words of having or receiving stand between it and them; contractions
      // are spelled out ("Hasn't received any of" was read as any of them). Any other negation is manual review ("with no
      // other cause" was read as none of them).
      for (const char* none : {"Hasn't received any of the following:", "Hasn’t received any of the following:", "Must not have any of the following:",
                               "Patients with no history of any of the following:", "Has not received any of the following:",
                               "Patients should not have the following:", "Lack of any of the following:"}) {
         CAPTURE(none);
         CHECK(grammar::read_heading(none, false).combination == C::none);
      }
      for (const char* unsure : {"Any of the following, with no other cause:", "Patients who cannot undergo any of the following:",
                                 "Doesn't meet any of the following:", "Patients who lack any of the following:"}) {
         CAPTURE(unsure);
         CHECK_FALSE(grammar::read_heading(unsure, false).combination);
         CHECK(grammar::read_heading(unsure, false).problem.find("negation") != std::string::npos);
      }
      // A negation governs only where nothing follows the items but a noun for them, and never over present or future use
      // (review helper-143); a relation to the items ("allergy to") makes them manual, since read alone each is the exposure.
      for (const char* unsure :
           {"Patients must not be receiving any of the following:", "Won't receive any of the following:",
            "Has not received any of the following or has progressed:", "Has not received any of the following other than adjuvant therapy:",
            "Has not received any of the following for advanced disease:", "Must not have had any of the following in the past month:",
            "Patients free from any of the following:", "Unable to receive any of the following:"}) {
         CAPTURE(unsure);
         CHECK_FALSE(grammar::read_heading(unsure, false).combination);
      }
      CHECK(grammar::read_heading("Has not received any of the following treatments:", false).combination == C::none);
      // A leading negation governs too, or negates examples; else it may say something else of the items (review helper-146).
      for (const char* unsure :
           {"Not a candidate for any of the following:", "No response to any of the following:", "No prior surgery for any of the following:",
            "Not receiving any of the following:", "No family history of any of the following:"}) {
         CAPTURE(unsure);
         CHECK_FALSE(grammar::read_heading(unsure, false).combination);
      }
      CHECK(grammar::read_heading("No history of any of the following:", false).combination == C::none);
      CHECK(grammar::read_heading("Without any of the following:", false).combination == C::none);
      // A negation beside a section's name may reverse it.
      CHECK_FALSE(grammar::read_heading("Patients who have not received any of the following are not eligible:", false).combination);
      CHECK_FALSE(grammar::read_heading("Patients who have never received any of the following are excluded:", true).combination);
      CHECK(grammar::read_heading("Patients meeting any of the following criteria are not eligible:", false).combination == C::none);
      // A verb that reverses the items; a candidacy for them (review helper-147).
      CHECK_FALSE(grammar::read_heading("Participants who fail the following criteria:", false).combination);
      CHECK_FALSE(grammar::read_heading("Laboratory values worse than the following:", true).combination);
      for (const char* candidacy : {"Ineligible for any of the following:", "Patients unsuitable for any of the following:",
                                    "Eligible for any of the following:", "Need for any of the following:", "Not eligible to receive any of the following:"}) {
         CAPTURE(candidacy);
         CHECK_FALSE(grammar::read_heading(candidacy, false).combination);
      }
      for (const char* relation :
           {"Known allergy to any of the following:", "Hypersensitivity to any of the following:", "Progression on any of the following:",
            "Known hypersensitivity to:", "Documented intolerance to at least one of the following:", "Contra-indication to:",
            "History of allergic reactions attributed to compounds of similar chemical or biologic composition to any of the following:"}) {
         CAPTURE(relation);
         CHECK_FALSE(grammar::read_heading(relation, true).combination);
         CHECK(grammar::read_heading(relation, true).conditional);
      }
      // After the items' quantifier the word names the items themselves.
      CHECK(grammar::read_heading("None of the following contraindications:", false).combination == C::none);
      CHECK(grammar::read_heading("Any of the following contraindications to angiography:", true).combination == C::any);
      // A time scope with a negation reverses the items: they are manual review too, not read alone with the time unread.
      const grammar::HeadingReading reversed =
          grammar::read_heading("No thrombotic or embolic events within the past 6 months including any of the following:", false);
      CHECK_FALSE(reversed.combination);
      CHECK(reversed.conditional);
      CHECK_FALSE(grammar::read_heading("History of any of the following within the past 6 months:", true).conditional);

      std::size_t kept = 0;
      CHECK(grammar::trailing_join("Creatinine < 2 × ULN OR", &kept) == grammar::TrailingJoin::any);
      CHECK(kept == std::string("Creatinine < 2 × ULN").size());
      CHECK(grammar::trailing_join("Hb ≥ 9 g/dL; or") == grammar::TrailingJoin::any);
      CHECK(grammar::trailing_join("ECOG 0-1, and") == grammar::TrailingJoin::all);
      CHECK(grammar::trailing_join("Prior sorafenib for") == grammar::TrailingJoin::none);
      CHECK(grammar::trailing_join("Or") == grammar::TrailingJoin::none);
      CHECK(grammar::leading_join("OR at least 1 of the following:", &kept) == grammar::TrailingJoin::any);
      CHECK(kept == 3);
   }

   TEST_CASE("unread words stand beside the result in check's text and JSON: a met or not met does not hide them")
   {
      const Trial t = compiled("exclusion:\n- QTc interval ≥ 450 ms (at rest)\n");
      REQUIRE(t.criteria.size() == 1);
      REQUIRE(t.criteria[0].unread == std::vector<std::string>{"at rest"});
      const TrialResult r = screened(t, with_labs({{"QTc", "430 ms"}}));
      CHECK(r.criteria[0].outcome.result == Tri::not_met);
      std::ostringstream text;
      print_trial_text(text, r);
      CHECK(text.str().find("unread: 'at rest' (not checked: the result stands without them; read the registry text)") != std::string::npos);
      const auto j = to_json(r);
      bool found = false;
      for (const auto& c : j.at("criteria"))
         if (c.contains("unread")) found = c.at("unread") == nlohmann::ordered_json::array({"at rest"});
      CHECK(found);
      // A line without unread words prints no such line.
      std::ostringstream plain;
      print_trial_text(plain, screened(compiled("exclusion:\n- QTc interval ≥ 450 ms\n"), with_labs({{"QTc", "430 ms"}})));
      CHECK(plain.str().find("unread:") == std::string::npos);
   }

   TEST_CASE("in an exclusion section a heading's items are any of them: one abnormal value excludes")
   {
      const Trial t = compiled(std::string("exclusion:\n- Inadequate organ function:\n") + organ_items);
      REQUIRE(t.criteria.size() == 1);
      CHECK(t.criteria[0].combination == "any of the nested items (a heading in the exclusion section: any one item excludes)");
      CHECK(t.criteria[0].quantifier == "any of the following:");
      // ANC low, Hb and platelets normal: excluded. Read with "and", only a patient abnormal in all three would be.
      const TrialResult r = screened(t, with_labs({{"ANC", "1.0 10^9/L"}, {"Hb", "12 g/dL"}, {"PLT", "200 10^9/L"}}));
      CHECK(r.verdict == Verdict::ineligible);
      CHECK(screened(t, with_labs({{"ANC", "2.0 10^9/L"}, {"Hb", "12 g/dL"}, {"PLT", "200 10^9/L"}})).verdict == Verdict::eligible);
      // The reading is in the report, under the heading.
      std::ostringstream text;
      print_trial_text(text, r);
      CHECK(text.str().find("read as: any of the nested items (a heading in the exclusion section: any one item excludes)") != std::string::npos);
   }

   TEST_CASE("in an inclusion section a heading's items are all of them; a heading's own words override the section")
   {
      const Trial adequate = compiled("inclusion:\n- Adequate bone marrow function defined as:\n  - ANC ≥ 1.5×10^9/L\n  - Hb ≥ 9 g/dL\n  - PLT ≥ 100×10^9/L\n");
      // One low value fails it; read with "or", the two normal values would meet it.
      CHECK(screened(adequate, with_labs({{"ANC", "1.0 10^9/L"}, {"Hb", "12 g/dL"}, {"PLT", "200 10^9/L"}})).verdict == Verdict::ineligible);

      const Trial any = compiled("inclusion:\n- Treatment with any of the following:\n  - sorafenib\n  - lenvatinib\n");
      CHECK(any.criteria[0].combination == "any of the nested items (the heading says 'any of')");
      const std::string sorafenib_only = R"({"id": "S", "medications": [{"concept": "sorafenib", "start": "2025-01-01", "end": "2025-06-01"}]})";
      CHECK(screened(any, sorafenib_only).verdict == Verdict::eligible);

      // A negation over examples: none of the examples, and none of what they are examples of, which they never narrow.
      const Trial none =
          compiled("inclusion:\n- No autoimmune disease, including any of the following:\n  - autoimmune hepatitis\n  - inflammatory bowel disease\n");
      CHECK(none.criteria[0].combination ==
            "none of 'autoimmune disease' and the nested items (the heading is a negation ('no …'): none of 'autoimmune disease' and its examples may "
            "hold)");
      const std::string ibd = R"({"id": "I", "conditions": [{"concept": "inflammatory bowel disease", "onset": "2024-03-01"}]})";
      CHECK(screened(none, ibd).verdict == Verdict::ineligible);
      const std::string other = R"({"id": "O", "conditions": [{"concept": "autoimmune disease", "onset": "2024-03-01", "text": "lupus"}]})";
      CHECK(screened(none, other).verdict == Verdict::ineligible);  // read from the examples alone, lupus would pass
      CHECK(screened(none, R"({"id": "N", "conditions": []})").verdict == Verdict::eligible);
      // Examples of something Eligo cannot read: manual review, never the examples alone.
      const CompileResult unread = compile_trial_text(
          "trial: T\ninclusion:\n- No heart disease, including any of the following:\n  - myocardial infarction\n  - heart failure\n", "t.trial", lexicon());
      REQUIRE(unread.trial.has_value());
      CHECK(unread.trial->criteria[0].automatic_manual);
      CHECK(unread.trial->criteria[0].predicate.reason.find("examples of 'heart disease'") != std::string::npos);

      // A bare "the following" (which the grammar reads) says nothing of the combination: in an exclusion, any one item.
      const Trial following = compiled(std::string("exclusion:\n- The following:\n") + organ_items);
      CHECK(following.criteria[0].combination.rfind("any of the nested items", 0) == 0);
      CHECK(screened(following, with_labs({{"ANC", "1.0 10^9/L"}, {"Hb", "12 g/dL"}, {"PLT", "200 10^9/L"}})).verdict == Verdict::ineligible);
   }

   TEST_CASE("a heading that names exclusion criteria inside the inclusion section: none of its items may hold")
   {
      const Trial t =
          compiled("inclusion:\n- Patients meeting any of the following exclusion criteria are not eligible:\n  - pregnant\n  - Child-Pugh score > 7 points\n");
      CHECK(t.criteria[0].combination.rfind("none of the nested items", 0) == 0);
      const std::string pregnant = R"({"id": "F", "sex": "female", "findings": {"pregnant": true}, "scores": {"child_pugh": 5}})";
      CHECK(screened(t, pregnant).verdict == Verdict::ineligible);  // read as "all of", a pregnant patient would be required
      CHECK(screened(t, R"({"id": "G", "sex": "female", "findings": {"pregnant": false}, "scores": {"child_pugh": 5}})").verdict == Verdict::eligible);
   }

   TEST_CASE("a heading Eligo cannot combine safely is manual review with the reason, never an error and never a guess")
   {
      const CompileResult c = compile_trial_text(
          "trial: T\nexclusion:\n- History of any of the following within the past 6 months:\n  - myocardial infarction\n  - heart failure\n- pregnant\n",
          "t.trial", lexicon());
      REQUIRE(c.errors.empty());
      REQUIRE(c.trial.has_value());
      CHECK(c.manual == 1);
      const Criterion& h = c.trial->criteria.at(0);
      CHECK(h.manual);
      CHECK(h.automatic_manual);
      CHECK(h.predicate.reason ==
            "a heading over nested items that Eligo cannot combine safely: the heading's time scope ('within') would apply to its items, and only its items "
            "are read");
      REQUIRE(c.warnings.size() == 1);
      CHECK(c.warnings[0].line == 3);
      // An infarct ten years ago does not exclude: the line is unknown, not met.
      const std::string old_mi = R"({"id": "M", "conditions": [{"concept": "myocardial infarction", "onset": "2016-03-01"}], "findings": {"pregnant": false}})";
      const TrialResult r = screened(*c.trial, old_mi);
      CHECK(r.verdict == Verdict::pending_questions);  // the heading left to review is a question for a clinician
      CHECK(r.criteria.at(0).outcome.result == Tri::unknown);
   }

   TEST_CASE("a bullet that ends in 'or' joins the next one: the next bullet is no longer a hard requirement")
   {
      const Trial t = compiled("inclusion:\n- Creatinine ≤ 1.5 mg/dL or\n- creatinine clearance ≥ 60 mL/min\n- ECOG 0-1\n");
      REQUIRE(t.criteria.size() == 2);
      const Criterion& g = t.criteria[0];
      CHECK(g.joined);
      CHECK(g.children.size() == 2);
      CHECK(g.text == "Creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min");
      CHECK(g.combination == "any of lines 3 and 4 (joined by 'or' at the end of a bullet or the start of the next)");
      // Creatinine normal, clearance low: met by the first; read apart, the clearance would be required.
      const std::string rest = R"("scores": {"ecog": 0})";
      CHECK(screened(t, with_labs({{"creatinine", "1.0 mg/dL"}, {"creatinine clearance", "40 mL/min"}}, rest)).verdict == Verdict::eligible);
      CHECK(screened(t, with_labs({{"creatinine", "2.0 mg/dL"}, {"creatinine clearance", "40 mL/min"}}, rest)).verdict == Verdict::ineligible);

      // "OR" at the start of the next bullet joins the same way.
      const Trial lead = compiled("inclusion:\n- Creatinine ≤ 1.5 mg/dL\n- OR creatinine clearance ≥ 60 mL/min\n");
      REQUIRE(lead.criteria.size() == 1);
      CHECK(lead.criteria[0].joined);
      CHECK(screened(lead, with_labs({{"creatinine", "2.0 mg/dL"}, {"creatinine clearance", "70 mL/min"}})).verdict == Verdict::eligible);
   }

   TEST_CASE("'and' between exclusions, mixed joining words, and an 'or' with nothing after it are manual review")
   {
      const CompileResult and_exc = compile_trial_text("trial: T\nexclusion:\n- myocardial infarction; and\n- heart failure\n", "t.trial", lexicon());
      REQUIRE(and_exc.trial.has_value());
      REQUIRE(and_exc.trial->criteria.size() == 1);
      CHECK(and_exc.trial->criteria[0].automatic_manual);
      // An infarct alone: read as "both", the patient would be eligible; read apart, excluded. Neither is safe.
      const std::string mi = R"({"id": "M", "conditions": [{"concept": "myocardial infarction", "onset": "2024-03-01"}]})";
      CHECK(screened(*and_exc.trial, mi).verdict == Verdict::pending_questions);

      const Trial and_inc = compiled("inclusion:\n- ECOG 0-1, and\n- Child-Pugh A\n");
      CHECK(and_inc.criteria[0].joined);
      CHECK_FALSE(and_inc.criteria[0].manual);

      const CompileResult dangling = compile_trial_text("trial: T\ninclusion:\n- ECOG 0-1\n- Creatinine < 2 × ULN OR\n", "t.trial", lexicon());
      REQUIRE(dangling.trial.has_value());
      CHECK(dangling.trial->criteria.at(1).automatic_manual);
      CHECK(dangling.trial->criteria.at(1).predicate.reason.find("no bullet follows it") != std::string::npos);
   }

   TEST_CASE("bullets joined by 'or' to a bullet Eligo cannot read are manual review as a group")
   {
      // NCT03382886: "Creatinine < 2 × ULN OR" over the consent bullet; read as either, consent would drop out, and read
      // alone the creatinine line would drop the alternative the 'or' promised.
      const CompileResult c = compile_trial_text(
          "trial: T\ninclusion:\n- Creatinine < 2 × ULN OR\n- Able to provide informed consent and willing to sign the consent form\n"
          "  manual: consent\n- ECOG 0-1\n",
          "t.trial", lexicon());
      REQUIRE(c.errors.empty());
      REQUIRE(c.trial);
      const Criterion& group = c.trial->criteria.at(0);
      CHECK(group.joined);
      CHECK(group.automatic_manual);
      CHECK(group.predicate.reason.find("joined by 'or', and one of them is manual review") != std::string::npos);
      const TrialResult r = screened(*c.trial, with_labs({{"creatinine", "0.8 mg/dL"}}, R"("scores": {"ecog": 0})"));
      // A question, not a check at enrolment: the group holds a lab test, and is not one consent (issue 17).
      CHECK(group.kind == CriterionKind::question);
      CHECK(r.verdict == Verdict::pending_questions);
   }
}

}  // namespace eligo::test::structure_tests
