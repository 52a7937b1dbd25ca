// The examples of docs/cli.md, run as a user would run them, so the contract cannot drift from the program
// (as test_golden.cpp does for docs/language.md). The `clidocs` CTest test.
//
// An example is a line starting with "$ " inside a fenced block (``` … ```) of docs/cli.md: the command. The lines
// after it, up to the next "$ " line or the end of the block, are its expected output. A block that holds a command
// must start with one; blocks without a "$ " line (synopses, JSON shapes) are not run.
//
// Running: the command line after "$ " goes to /bin/sh -c, from the repository root, with stdin from /dev/null and
// `eligo` first on PATH, a symlink to the built binary (ELIGO_BIN) so that it names itself `eligo`; pipes, `;`,
// `echo $?` and redirections work as in a terminal. The output compared is the command's standard output followed by
// its standard error (so `eligo: …` messages come last, whatever the interleaving in a terminal would have been).
//
// Comparing, line by line:
// - a line is compared exactly, trailing spaces included;
// - a line whose only non-blank character is `…` matches any run of output lines, none included;
// - elsewhere, `…` in a line matches any run of characters within the line (`compiled: …` matches any rest of line);
// - `(exit N)` at the end of the last expected line, after at least one space (or alone on the line), is no output:
//   the command must exit with status N. Without it, the command must exit with 0;
// - blank lines at the end of the expected output and of the actual output are ignored.
//
// The document's own rule, not checked here: an example whose output would depend on today's date uses a patient with
// a screening_date, or passes --date.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

namespace eligo::test::cli_docs_tests {

namespace {

const std::string kEllipsis = "\xE2\x80\xA6";  // …

struct Example {
   std::size_t line = 0;  // of the "$ " line in the document
   std::string command;
   std::vector<std::string> expected;
   int exit_code = 0;
};

std::string trim(const std::string& s)
{
   const auto b = s.find_first_not_of(" \t");
   if (b == std::string::npos) return "";
   return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

void drop_trailing_blank_lines(std::vector<std::string>& lines)
{
   while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
}

// Takes a trailing "(exit N)" off the last expected line into exit_code.
void take_exit_annotation(Example& e)
{
   drop_trailing_blank_lines(e.expected);
   if (e.expected.empty()) return;
   std::string& last = e.expected.back();
   if (last.empty() || last.back() != ')') return;
   const auto open = last.rfind("(exit ");
   if (open == std::string::npos) return;
   const std::string digits = last.substr(open + 6, last.size() - 1 - (open + 6));
   if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return;
   if (open > 0 && last[open - 1] != ' ') return;
   e.exit_code = std::stoi(digits);
   last = last.substr(0, open);
   while (!last.empty() && last.back() == ' ') last.pop_back();
   drop_trailing_blank_lines(e.expected);
}

std::vector<Example> read_examples(const std::string& path)
{
   std::istringstream in(read_file(path));
   std::vector<Example> examples;
   std::vector<std::pair<std::size_t, std::string>> block;  // the lines of one fenced block, with their numbers
   auto run_block = [&] {
      bool commands = false;
      for (const auto& [n, line] : block) commands = commands || line.rfind("$ ", 0) == 0;
      if (!commands) return;
      for (const auto& [n, line] : block) {
         if (line.rfind("$ ", 0) == 0) {
            if (!examples.empty() && examples.back().line >= block.front().first) take_exit_annotation(examples.back());
            examples.push_back({n, line.substr(2), {}, 0});
         }
         else if (examples.empty() || examples.back().line < block.front().first)
            FAIL_CHECK(path << ":" << n << ": a block with commands must start with one ('$ eligo …'), not: " << line);
         else
            examples.back().expected.push_back(line);
      }
      take_exit_annotation(examples.back());
   };
   std::string line;
   std::size_t n = 0;
   bool inside = false;
   while (std::getline(in, line)) {
      ++n;
      if (line.rfind("```", 0) == 0) {
         if (inside) run_block();
         inside = !inside;
         block.clear();
      }
      else if (inside)
         block.emplace_back(n, line);
   }
   CHECK_MESSAGE(!inside, path << ": a fenced block is not closed");
   return examples;
}

// `…` in a pattern line matches any run of characters.
bool line_matches(const std::string& pattern, const std::string& text)
{
   std::vector<std::string> parts;
   std::size_t from = 0;
   for (std::size_t at; (at = pattern.find(kEllipsis, from)) != std::string::npos; from = at + kEllipsis.size())
      parts.push_back(pattern.substr(from, at - from));
   parts.push_back(pattern.substr(from));
   if (parts.size() == 1) return pattern == text;
   const std::string &head = parts.front(), &tail = parts.back();
   if (text.size() < head.size() + tail.size() || text.compare(0, head.size(), head) != 0 || text.compare(text.size() - tail.size(), tail.size(), tail) != 0)
      return false;
   std::size_t pos = head.size();
   const std::size_t end = text.size() - tail.size();
   for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
      const auto at = text.find(parts[i], pos);
      if (at == std::string::npos || at + parts[i].size() > end) return false;
      pos = at + parts[i].size();
   }
   return true;
}

bool is_any_lines(const std::string& pattern) { return trim(pattern) == kEllipsis; }

// Does `expected` (with `…` lines) match `actual`? `furthest` is the furthest expected line the match reached, with
// the first output line it was tried against there: where to look for the difference.
struct Matcher {
   const std::vector<std::string>& expected;
   const std::vector<std::string>& actual;
   std::set<std::pair<std::size_t, std::size_t>> failed;
   std::pair<std::size_t, std::size_t> furthest{0, 0};

   bool match(std::size_t i, std::size_t j)
   {
      if (i > furthest.first || (i == furthest.first && j < furthest.second)) furthest = {i, j};
      if (i == expected.size()) return j == actual.size();
      if (failed.count({i, j})) return false;
      bool ok = false;
      if (is_any_lines(expected[i])) {
         for (std::size_t k = j; k <= actual.size() && !ok; ++k) ok = match(i + 1, k);
      }
      else
         ok = j < actual.size() && line_matches(expected[i], actual[j]) && match(i + 1, j + 1);
      if (!ok) failed.insert({i, j});
      return ok;
   }
};

bool lines_match(const std::vector<std::string>& expected, const std::vector<std::string>& actual)
{
   Matcher m{expected, actual, {}};
   return m.match(0, 0);
}

std::vector<std::string> split_lines(const std::string& text)
{
   std::vector<std::string> lines;
   std::istringstream in(text);
   for (std::string line; std::getline(in, line);) lines.push_back(line);
   drop_trailing_blank_lines(lines);
   return lines;
}

std::string shell_quote(const std::string& s)
{
   std::string out = "'";
   for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
   return out + "'";
}

std::string numbered(const std::vector<std::string>& lines, std::size_t from, std::size_t count)
{
   std::string out;
   for (std::size_t k = from; k < lines.size() && k < from + count; ++k) out += "  " + std::to_string(k + 1) + "| " + lines[k] + "\n";
   return out;
}

}  // namespace

TEST_SUITE("clidocs")
{
   TEST_CASE("the doc-example rules: exact lines, `…` lines and `…` in a line, (exit N)")
   {
      using V = std::vector<std::string>;
      CHECK(lines_match(V{"a", "b"}, V{"a", "b"}));
      CHECK(!lines_match(V{"a", "b"}, V{"a", "b "}));
      CHECK(!lines_match(V{"a"}, V{"a", "b"}));
      CHECK(lines_match(V{"a", "…", "d"}, V{"a", "b", "c", "d"}));
      CHECK(lines_match(V{"a", "  …", "d"}, V{"a", "d"}));
      CHECK(!lines_match(V{"a", "…", "d"}, V{"a", "b", "c"}));
      CHECK(lines_match(V{"a", "…", "x", "…"}, V{"a", "x", "b", "x", "c"}));
      CHECK(lines_match(V{"compiled: …"}, V{"compiled: (platelets ≥ 75 10*9/L)"}));
      CHECK(!lines_match(V{"compiled: …"}, V{"compiled (platelets)"}));
      CHECK(lines_match(V{"\"why\": \"a; …\","}, V{"\"why\": \"a; b; c\","}));
      CHECK(!lines_match(V{"\"why\": \"a; …\","}, V{"\"why\": \"a; b; c\""}));
      CHECK(lines_match(V{"x … y … z"}, V{"x 1 y 2 y 3 z"}));
      CHECK(!lines_match(V{"ab…ba"}, V{"aba"}));

      Example e{1, "eligo", {"eligo: oops   (exit 1)", ""}, 0};
      take_exit_annotation(e);
      CHECK(e.exit_code == 1);
      CHECK(e.expected == V{"eligo: oops"});
      Example alone{1, "eligo", {"(exit 2)"}, 0};
      take_exit_annotation(alone);
      CHECK(alone.exit_code == 2);
      CHECK(alone.expected.empty());
      Example text{1, "eligo", {"ends with(exit 1)"}, 0};
      take_exit_annotation(text);
      CHECK(text.exit_code == 0);
   }

   TEST_CASE("every example in docs/cli.md gives the output and exit code the document shows")
   {
      namespace fs = std::filesystem;
      const std::string doc = source_path("docs/cli.md");
      const std::vector<Example> examples = read_examples(doc);

      // `eligo` on PATH is the built binary, through a symlink so that it reads its name as a user's shell gives it.
      const fs::path tmp = temp_path("eligo-clidocs");
      fs::remove_all(tmp);
      fs::create_directories(tmp / "bin");
      fs::create_symlink(fs::absolute(ELIGO_BIN), tmp / "bin" / "eligo");
      const std::string out = (tmp / "out").string(), err = (tmp / "err").string();
      const char* path_env = std::getenv("PATH");
      const std::string path = (tmp / "bin").string() + ":" + (path_env ? path_env : "/usr/bin:/bin");

      for (const auto& e : examples) {
         const std::string script = "cd " + shell_quote(ELIGO_SOURCE_DIR) + " || exit 125\nPATH=" + shell_quote(path) + "\nexport PATH\n{ " + e.command +
                                    "\n} </dev/null >" + shell_quote(out) + " 2>" + shell_quote(err) + "\n";
         const int status = std::system(script.c_str());
         const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
         std::string stdout_text = read_file(out);
         if (!stdout_text.empty() && stdout_text.back() != '\n') stdout_text += '\n';
         const std::vector<std::string> actual = split_lines(stdout_text + read_file(err));

         Matcher m{e.expected, actual, {}};
         const bool ok = m.match(0, 0);
         const auto [ei, aj] = m.furthest;
         std::string where;
         if (!ok) {
            where = "first difference: document line " + std::to_string(e.line + 1 + ei) + " (" +
                    (ei < e.expected.size() ? "'" + e.expected[ei] + "'" : std::string("end of the example")) + "), output line " + std::to_string(aj + 1) +
                    " (" + (aj < actual.size() ? "'" + actual[aj] + "'" : std::string("end of the output")) + ")\noutput (stdout, then stderr) from there:\n" +
                    numbered(actual, aj, 20);
         }
         INFO("docs/cli.md:" << e.line << ": $ " << e.command);
         INFO(where);
         CHECK(ok);
         CHECK(code == e.exit_code);
      }
      CHECK(examples.size() >= 25);
      fs::remove_all(tmp);
   }
}

}  // namespace eligo::test::cli_docs_tests
