// The grammar: well-formedness, error positions, limits, and the trial-file reader.
#include <doctest/doctest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/criterion_grammar.hpp"
#include "grammar/parse_criterion.hpp"
#include "grammar/trial_file.hpp"
#include "support.hpp"

namespace eligo::test::grammar_tests {

using grammar::parse_criterion;
using grammar::SyntaxError;

namespace {

SyntaxError syntax_error(const std::string& text)
{
   try {
      parse_criterion(text, lexicon());
   }
   catch (const SyntaxError& e) {
      return e;
   }
   FAIL("expected a syntax error for: " << text);
   return SyntaxError("", 0, 0);
}

}  // namespace

TEST_SUITE("grammar")
{
   TEST_CASE("the grammar has no infinite loops or left recursion") { CHECK(tao::pegtl::analyze<grammar::criterion>(1) == 0); }

   TEST_CASE("syntax trees keep names and units as written")
   {
      const auto n = parse_criterion("AST, ALT, ALP≤5 times the upper limit of normal", lexicon());
      CHECK(syntax::to_string(n) == "(measure all[\"AST\" \"ALT\" \"ALP\"] ≤ 5 ULN)");
      CHECK(syntax::to_string(parse_criterion("PLT≥75×10\\^9/L", lexicon())) == "(measure \"PLT\" ≥ 75 \"×10\\^9/L\")");
      CHECK(syntax::to_string(parse_criterion("platelets ≥ 1,5 x 109/l", lexicon())) == "(measure \"platelets\" ≥ 1,5 \"x 109/l\")");
   }

   TEST_CASE("numbers: thousands separators and the decimal comma")
   {
      auto value = [](const std::string& t) { return parse_criterion(t, lexicon()).value.number.value; };
      CHECK(value("platelets ≥ 75,000/µL") == 75000);
      CHECK(value("platelets ≥ 1,500,000/mL") == 1500000);
      CHECK(value("ANC ≥ 1,5 x 109/l") == doctest::Approx(1.5));
      CHECK(value("ANC ≥ 1,25 ×10^9/L") == doctest::Approx(1.25));
      CHECK(value("bilirubin ≤ .5 mg/dL") == doctest::Approx(0.5));
   }

   TEST_CASE("an error raised inside a speculative reading does not move the next line's error position (helper-171)")
   {
      // The defined-term reading is tried without tracking; its threshold raises. The next line on this thread is tracked again.
      CHECK(syntax_error("Anemia, defined as hemoglobin ≥ ,5 g/dL").message.find("expected a number after the comparison") == 0);
      CHECK(syntax_error("PLT ≥ 75 ×10^9/L and foo bar").column == 22);
   }

   TEST_CASE("error columns count code points, not bytes")
   {
      // '≥' is three bytes; 'foo' starts at code point 7.
      const auto e = syntax_error("PLT ≥ foo");
      CHECK(e.column == 7);
      CHECK(e.message == "expected a number after the comparison, found 'foo'");
      CHECK(grammar::caret_line("PLT ≥ foo", e.column) == "PLT ≥ foo\n        ^");
      CHECK(grammar::column_of("µµ≥x", 7) == 4);
   }

   TEST_CASE("a missing number after a comparison is named")
   {
      const auto e = syntax_error("platelets ≥ lots");
      CHECK(e.message == "expected a number after the comparison, found 'lots'");
      CHECK(e.column == 13);
      CHECK(syntax_error("platelets ≥").message == "expected a number after the comparison, found the end of the line");
   }

   TEST_CASE("limits: nesting depth, negations and line length")
   {
      std::string deep(17, '(');
      deep += "PLT ≥ 75×10^9/L" + std::string(17, ')');
      CHECK(syntax_error(deep).message == "brackets nest deeper than 16 levels");
      std::string ok(16, '(');
      ok += "PLT ≥ 75×10^9/L" + std::string(16, ')');
      CHECK_NOTHROW(parse_criterion(ok, lexicon()));
      std::string nots;
      for (int i = 0; i < 100; ++i) nots += "not ";
      CHECK(syntax_error(nots + "pregnant").message == "too many negations in one criterion");
      CHECK(syntax_error(std::string(3000, 'a')).message.find("the limit is 2000") != std::string::npos);
      CHECK(syntax_error("   ").message == "empty criterion");
   }

   TEST_CASE("trial files: structure, nesting and keys")
   {
      const auto src = grammar::read_trial_source(
          "trial: T1\ntitle: A trial\n\ninclusion:\n- Meet any of the following:\n  - ECOG 0-1\n  - Child-Pugh A\n    note: n1\n- PLT ≥ 75×10^9/L\n  as: "
          "platelets ≥ 75×10^9/L\nexclusion:\n* pregnant\n  manual: ask\n",
          "t.trial");
      CHECK(src.header.at("trial") == "T1");
      REQUIRE(src.items.size() == 3);
      CHECK(src.items[0].children.size() == 2);
      CHECK(src.items[0].children[1].notes.at(0) == "n1");
      CHECK(src.items[1].as == "platelets ≥ 75×10^9/L");
      CHECK(src.items[1].as_line == 10);
      CHECK(src.items[2].section == "exclusion");
      CHECK(src.items[2].manual == "ask");
      CHECK(src.items[0].line == 5);
      CHECK(src.items[0].column == 3);
   }

   TEST_CASE("trial files: BOM, CRLF, and bad input with file:line:col")
   {
      const auto crlf = grammar::read_trial_source("\xEF\xBB\xBFtrial: T1\r\ninclusion:\r\n- female\r\n", "t.trial");
      CHECK(crlf.items.at(0).text == "female");
      auto error_of = [](const std::string& text) -> std::string {
         try {
            grammar::read_trial_source(text, "t.trial");
         }
         catch (const grammar::TrialSyntaxError& e) {
            return e.what();
         }
         return "no error";
      };
      CHECK(error_of("") == "t.trial:1:1: empty trial file");
      CHECK(error_of("trial: T\ninclusion:\n- a\n  \xFF\n") == "t.trial:4:3: invalid UTF-8");
      CHECK(error_of("inclusion:\n- female\n") == "t.trial:1:1: missing header line 'trial: ID'");
      CHECK(error_of("trial: T\n- female\n") == "t.trial:2:1: a criterion before any 'inclusion:' or 'exclusion:' section");
      CHECK(error_of("trial: T\ninclusion:\n\t- female\n") == "t.trial:3:1: indent with spaces, not tabs");
      CHECK(error_of("trial: T\ntrial: U\ninclusion:\n- female\n") == "t.trial:2:1: header key 'trial' given twice");
      CHECK(error_of("trial: T\ninclusion:\nfemale\n") == "t.trial:3:1: expected a bullet ('- '), a section ('inclusion:'/'exclusion:') or 'key: value'");
      std::string deep = "trial: T\ninclusion:\n";
      for (int i = 0; i < 10; ++i) deep += std::string(static_cast<std::size_t>(2 * i), ' ') + "- any of the following:\n";
      CHECK(error_of(deep) == "t.trial:11:17: criteria nest deeper than 8 levels");
   }
}

}  // namespace eligo::test::grammar_tests
