// Golden files: criterion text -> expected bound tree or expected error.
// tests/golden/*.golden hold blocks of
//     <criterion text>
//     => <tree>  |  => error <column>: <message>
//     ~> warning: <message>          (zero or more)
// separated by blank lines; '#' starts a comment line. Run the tests with
// ELIGO_UPDATE_GOLDEN=1 to rewrite the expectations, then review the diff.
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test {

// Declared in support.hpp: other test files print readings the same way.
std::string compile_summary(const std::string& text)
{
   std::vector<Warning> warnings;
   std::string out;
   try {
      const Predicate p = compile_criterion(text, lexicon(), warnings);
      out = "=> " + to_string(p);
   }
   catch (const grammar::SyntaxError& e) {
      out = "=> error " + std::to_string(e.column) + ": " + e.message;
   }
   catch (const BindError& e) {
      out = "=> error " + std::to_string(grammar::column_of(text, e.byte)) + ": " + e.message;
   }
   for (const auto& w : warnings) out += "\n~> warning: " + w.message;
   return out;
}

}  // namespace eligo::test

namespace eligo::test::golden_tests {

namespace {

struct Case {
   std::size_t line = 0;
   std::string text;
   std::string expected;  // "=> ..." and "~> ..." lines joined by '\n'
};

struct GoldenFile {
   std::vector<std::string> preamble;  // comment lines before each case, kept on update
   std::vector<std::vector<std::string>> comments;
   std::vector<Case> cases;
};

GoldenFile parse_golden(const std::string& text, const std::string& path)
{
   GoldenFile g;
   std::istringstream in(text);
   std::string line;
   std::size_t n = 0;
   std::vector<std::string> pending;
   Case* current = nullptr;
   while (std::getline(in, line)) {
      ++n;
      if (line.empty()) {
         current = nullptr;
         continue;
      }
      if (line[0] == '#') {
         pending.push_back(line);
         continue;
      }
      if (line.rfind("=> ", 0) == 0 || line.rfind("~> ", 0) == 0) {
         REQUIRE_MESSAGE(current, path << ":" << n << ": expectation without a criterion");
         current->expected += (current->expected.empty() ? "" : "\n") + line;
         continue;
      }
      g.cases.push_back({n, line, ""});
      g.comments.push_back(pending);
      pending.clear();
      current = &g.cases.back();
   }
   return g;
}

GoldenFile read_golden(const std::string& path) { return parse_golden(read_file(path), path); }

void run_golden(const std::string& name)
{
   const std::string path = source_path("tests/golden/" + name);
   GoldenFile g = read_golden(path);
   const bool update = std::getenv("ELIGO_UPDATE_GOLDEN") != nullptr;
   std::string rewritten;
   for (std::size_t i = 0; i < g.cases.size(); ++i) {
      Case& c = g.cases[i];
      const std::string actual = compile_summary(c.text);
      if (update) {
         for (const auto& com : g.comments[i]) rewritten += com + "\n";
         rewritten += c.text + "\n" + actual + "\n\n";
         continue;
      }
      INFO(path << ":" << c.line << ": " << c.text);
      CHECK(actual == c.expected);
   }
   if (update) std::ofstream(path, std::ios::binary) << rewritten;
   CHECK(!g.cases.empty());
}

}  // namespace

// The examples in docs/language.md: every ```criterion block holds one or more
// cases in the golden format, so the reference cannot drift from the engine.
GoldenFile read_doc_examples(const std::string& path)
{
   std::istringstream in(read_file(path));
   std::string line, block;
   bool inside = false;
   std::size_t n = 0, first = 0;
   GoldenFile all;
   while (std::getline(in, line)) {
      ++n;
      if (!inside && line == "```criterion") {
         inside = true;
         block.clear();
         first = n + 1;
         continue;
      }
      if (inside && line == "```") {
         inside = false;
         GoldenFile g = parse_golden(block, path);
         for (auto& c : g.cases) {
            c.line += first - 1;
            all.cases.push_back(c);
            all.comments.push_back({});
         }
         continue;
      }
      if (inside) block += line + "\n";
   }
   return all;
}

TEST_SUITE("golden")
{
   TEST_CASE("every example in docs/language.md compiles as the document says")
   {
      const std::string path = source_path("docs/language.md");
      if (std::getenv("ELIGO_UPDATE_GOLDEN")) {
         // Rewrite each block's expectations; the prose around them is reviewed by hand.
         std::istringstream in(read_file(path));
         std::string line, out;
         bool inside = false, expect = false;
         while (std::getline(in, line)) {
            if (!inside && line == "```criterion")
               inside = true;
            else if (inside && line == "```")
               inside = false;
            else if (inside && !line.empty() && line[0] != '#') {
               if (line.rfind("=> ", 0) == 0 || line.rfind("~> ", 0) == 0) continue;
               out += line + "\n" + compile_summary(line) + "\n";
               expect = true;
               continue;
            }
            (void)expect;
            out += line + "\n";
         }
         std::ofstream(path, std::ios::binary) << out;
      }
      const GoldenFile g = read_doc_examples(path);
      for (const auto& c : g.cases) {
         INFO(path << ":" << c.line << ": " << c.text);
         CHECK(!c.expected.empty());
         CHECK(compile_summary(c.text) == c.expected);
      }
      CHECK(g.cases.size() >= 40);
   }

   TEST_CASE("language phrasings (docs/language.md and issue #2)") { run_golden("language.golden"); }
   TEST_CASE("registry lines verbatim from the HCC corpus") { run_golden("corpus.golden"); }
   TEST_CASE("the corpus golden file holds at least 80 verbatim corpus lines")
   {
      // Every case of corpus.golden must appear, character for character, in the corpus.
      const std::string corpus = read_file(shared_path("corpus/hcc_trials.jsonl"));
      const GoldenFile g = read_golden(source_path("tests/golden/corpus.golden"));
      std::size_t verbatim = 0;
      for (const auto& c : g.cases) {
         // The corpus is JSON: compare against the JSON-escaped form of the line.
         std::string escaped = nlohmann::json(c.text).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
         escaped = escaped.substr(1, escaped.size() - 2);
         INFO(c.text);
         CHECK(corpus.find(escaped) != std::string::npos);
         verbatim += corpus.find(escaped) != std::string::npos;
      }
      CHECK(verbatim >= 80);
   }
}

}  // namespace eligo::test::golden_tests
