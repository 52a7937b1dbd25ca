// A reviewed reading for every compiled line of rules/ (issue 15, "Checks").
//
// tests/golden/rules_readings.tsv holds one row per compiled criterion of every trial file under rules/
// (the seeds and rules/corpus/, nested criteria too), tab-separated, after a header line:
//     trial  section  line  text  reading  judgement  reviewer  note
// - text is the registry wording of the line, reading the compiled tree as eligo compile --format json
//   prints it (criterion_readings); a tab in a field is written as a space;
// - judgement is the reviewer's, registry text beside the reading, as a research coordinator would judge:
//   correct, wrong (a patient would be screened differently from what the registry means) or lossy (a
//   qualifier, time scope, exception or alternative silently dropped), or unreviewed;
// - reviewer says who judged and when ("review-A 2026-12-03"), note why (for wrong and lossy).
// Lines starting with '#' before the header are comments, kept on update.
//
// A row is matched to a compiled criterion by trial and text, the line number breaking ties. The test fails,
// listing every difference, when a compiled criterion has no row, when its reading (or section) differs from its
// row's, when its line moved, when a row names a criterion that no longer compiles, or when a row's judgement is
// not "correct". A reading changes only with its golden entry, and only a reviewed correct reading passes.
//
// ELIGO_UPDATE_GOLDEN=1 rewrites the file from the compiler: rows whose reading (or section) changed and new rows
// get judgement "unreviewed" (which fails until someone judges them; the note keeps the previous reading), moved
// lines keep their judgement, rows that no longer compile are dropped. Run it as
//     ELIGO_UPDATE_GOLDEN=1 ./build/tests/eligo_tests --test-suite=readings
// then review the diff.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "engine/compile/trial.hpp"
#include "engine/report/compile_report.hpp"
#include "support.hpp"

namespace eligo::test::rules_readings_tests {

namespace {

const char* const kHeader = "trial\tsection\tline\ttext\treading\tjudgement\treviewer\tnote";

struct ReadingRow {
   std::string trial, section, line, text, reading, judgement, reviewer, note;
};

struct ReadingsFile {
   std::vector<std::string> comments;  // '#' lines before the header
   std::vector<ReadingRow> rows;
};

// One compiled criterion, as criterion_readings lists it.
struct CompiledReading {
   std::string trial, file, section;
   std::size_t line = 0;
   std::string text, reading;
};

std::string one_field(std::string s)
{
   std::replace(s.begin(), s.end(), '\t', ' ');
   std::replace(s.begin(), s.end(), '\n', ' ');
   std::replace(s.begin(), s.end(), '\r', ' ');
   return s;
}

ReadingsFile parse_readings(const std::string& text, const std::string& path)
{
   ReadingsFile f;
   std::istringstream in(text);
   std::string line;
   std::size_t n = 0;
   bool header = false;
   while (std::getline(in, line)) {
      ++n;
      if (!header && !line.empty() && line[0] == '#') {
         f.comments.push_back(line);
         continue;
      }
      if (!header) {
         REQUIRE_MESSAGE(line == kHeader, path << ":" << n << ": the header must be: " << kHeader);
         header = true;
         continue;
      }
      if (line.empty()) continue;
      std::vector<std::string> fields;
      std::size_t start = 0;
      for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) fields.push_back(line.substr(start, tab - start));
      fields.push_back(line.substr(start));
      REQUIRE_MESSAGE(fields.size() == 8, path << ":" << n << ": a row has 8 tab-separated fields, this one " << fields.size());
      f.rows.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]});
   }
   REQUIRE_MESSAGE(header, path << ": no header line");
   return f;
}

std::string write_readings(const ReadingsFile& f)
{
   std::string out;
   for (const auto& c : f.comments) out += c + "\n";
   out += std::string(kHeader) + "\n";
   for (const auto& r : f.rows)
      for (const std::string* field : {&r.trial, &r.section, &r.line, &r.text, &r.reading, &r.judgement, &r.reviewer, &r.note})
         out += one_field(*field) + (field == &r.note ? "\n" : "\t");
   return out;
}

struct Comparison {
   std::vector<std::string> problems;  // one readable paragraph each
   std::vector<ReadingRow> updated;    // the rows ELIGO_UPDATE_GOLDEN=1 writes
};

std::string where(const CompiledReading& c) { return c.file + ":" + std::to_string(c.line) + " (" + c.trial + ", " + c.section + "): " + c.text; }

Comparison compare_readings(const std::vector<CompiledReading>& compiled, const std::vector<ReadingRow>& rows)
{
   Comparison cmp;
   std::vector<bool> used(rows.size(), false);
   for (const auto& c : compiled) {
      const std::string text = one_field(c.text), reading = one_field(c.reading), line = std::to_string(c.line);
      // The row with this trial and text, on the same line if there is one, else the nearest line.
      std::optional<std::size_t> match;
      long best = 0;
      for (std::size_t i = 0; i < rows.size(); ++i) {
         if (used[i] || rows[i].trial != c.trial || rows[i].text != text) continue;
         long distance = 0;
         try {
            distance = std::labs(std::stol(rows[i].line) - static_cast<long>(c.line));
         }
         catch (const std::exception&) {
            distance = 1L << 30;
         }
         if (!match || distance < best) {
            match = i;
            best = distance;
         }
      }
      if (!match) {
         cmp.problems.push_back("no golden row: " + where(c) + "\n  compiled: " + reading);
         cmp.updated.push_back({c.trial, c.section, line, text, reading, "unreviewed", "", "new reading"});
         continue;
      }
      used[*match] = true;
      const ReadingRow& r = rows[*match];
      ReadingRow u = r;
      u.line = line;
      if (r.reading != reading || r.section != c.section) {
         cmp.problems.push_back("reading changed: " + where(c) + "\n  golden:   " + r.section + " " + r.reading + "\n  compiled: " + c.section + " " + reading);
         u.section = c.section;
         u.reading = reading;
         u.judgement = "unreviewed";
         u.reviewer.clear();
         u.note = "was " + r.section + " " + r.reading + " (" + r.judgement + (r.reviewer.empty() ? "" : ", " + r.reviewer) + ")";
      }
      else {
         if (r.line != line)
            cmp.problems.push_back("line moved: " + where(c) + "\n  golden line " + r.line + "; ELIGO_UPDATE_GOLDEN=1 updates it and keeps the judgement");
         if (r.judgement == "wrong" || r.judgement == "lossy" || r.judgement == "unreviewed")
            cmp.problems.push_back("judged " + r.judgement + ": " + where(c) + "\n  reading: " + reading + (r.note.empty() ? "" : "\n  note: " + r.note) +
                                   (r.reviewer.empty() ? "" : "\n  reviewer: " + r.reviewer));
         else if (r.judgement != "correct")
            cmp.problems.push_back("unknown judgement '" + r.judgement + "' (correct, wrong, lossy or unreviewed): " + where(c));
      }
      cmp.updated.push_back(u);
   }
   for (std::size_t i = 0; i < rows.size(); ++i)
      if (!used[i])
         cmp.problems.push_back("no longer compiled: " + rows[i].trial + " line " + rows[i].line + " (" + rows[i].section + "): " + rows[i].text +
                                "\n  golden:   " + rows[i].reading);
   return cmp;
}

std::string report(const Comparison& cmp)
{
   std::string out = std::to_string(cmp.problems.size()) + " difference(s) from tests/golden/rules_readings.tsv:\n";
   for (const auto& p : cmp.problems) out += p + "\n";
   return out;
}

std::vector<CompiledReading> compiled_readings(const CompileResult& r, const std::string& file)
{
   std::vector<CompiledReading> out;
   REQUIRE_MESSAGE(r.trial, file << " does not compile");
   for (const auto& c : criterion_readings(*r.trial))
      if (c.contains("reading"))
         out.push_back({r.id, file, c.at("section").get<std::string>(), c.at("line").get<std::size_t>(), c.at("text").get<std::string>(),
                        c.at("reading").get<std::string>()});
   return out;
}

std::vector<CompiledReading> compiled_text(const std::string& text) { return compiled_readings(compile_trial_text(text, "t.trial", lexicon()), "t.trial"); }

ReadingRow row(const std::string& line, const std::string& text, const std::string& reading, const std::string& judgement = "correct",
               const std::string& section = "inclusion")
{
   return {"T", section, line, text, reading, judgement, "review-test", ""};
}

bool mentions(const Comparison& cmp, const std::string& what)
{
   return std::any_of(cmp.problems.begin(), cmp.problems.end(), [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

const char* const kTrial =
    "trial: T\ninclusion:\n- ECOG 0-1\n- Any of the following:\n  - PLT ≥ 75×10^9/L\n  - Some wording nobody reads\n    manual: not "
    "readable\n- PLT ≥ 75×10^9/L\nexclusion:\n- pregnant\n";

}  // namespace

TEST_SUITE("readings")
{
   TEST_CASE("criterion_readings lists every criterion, nested ones after their heading, with its reading or its manual reason")
   {
      const CompileResult r = compile_trial_text(kTrial, "t.trial", lexicon());
      REQUIRE(r.trial);
      const auto list = criterion_readings(*r.trial);
      REQUIRE(list.size() == 6);
      CHECK(list[0].at("line") == 3);
      CHECK(list[0].at("section") == "inclusion");
      CHECK(list[0].at("reading") == "(ecog in 0..1)");
      CHECK(list[1].at("text") == "Any of the following:");
      CHECK(list[1].at("reading").get<std::string>().rfind("(or ", 0) == 0);
      CHECK(list[2].at("line") == 5);
      CHECK(list[3].at("manual") == "not readable");
      CHECK(!list[3].contains("reading"));
      CHECK(list[5].at("section") == "exclusion");
      CHECK(!list[0].contains("as"));
      const CompileResult with_as = compile_trial_text("trial: T\ninclusion:\n- Performance status good\n  as: ECOG 0-1\n", "t.trial", lexicon());
      REQUIRE(with_as.trial);
      CHECK(criterion_readings(*with_as.trial)[0].at("as") == "ECOG 0-1");
   }

   TEST_CASE("the golden comparison: every compiled criterion reviewed correct passes")
   {
      const auto compiled = compiled_text(kTrial);
      REQUIRE(compiled.size() == 5);
      std::vector<ReadingRow> rows;
      for (const auto& c : compiled) rows.push_back(row(std::to_string(c.line), c.text, c.reading, "correct", c.section));
      const Comparison cmp = compare_readings(compiled, rows);
      CHECK_MESSAGE(cmp.problems.empty(), report(cmp));
      CHECK(cmp.updated.size() == 5);
   }

   TEST_CASE("the golden comparison fails on a missing row, a changed reading, a stale row and a judgement that is not correct")
   {
      const auto compiled = compiled_text(kTrial);
      std::vector<ReadingRow> rows;
      for (const auto& c : compiled) rows.push_back(row(std::to_string(c.line), c.text, c.reading, "correct", c.section));

      SUBCASE("missing")
      {
         rows.erase(rows.begin());
         const Comparison cmp = compare_readings(compiled, rows);
         REQUIRE(cmp.problems.size() == 1);
         CHECK(mentions(cmp, "no golden row: t.trial:3 (T, inclusion): ECOG 0-1"));
         CHECK(cmp.updated.front().judgement == "unreviewed");
      }
      SUBCASE("changed reading: the update keeps the old one in the note and asks for a fresh review")
      {
         rows[0].reading = "(ecog in 0..2)";
         const Comparison cmp = compare_readings(compiled, rows);
         REQUIRE(cmp.problems.size() == 1);
         CHECK(mentions(cmp, "reading changed: t.trial:3"));
         CHECK(mentions(cmp, "golden:   inclusion (ecog in 0..2)\n  compiled: inclusion (ecog in 0..1)"));
         CHECK(cmp.updated[0].reading == "(ecog in 0..1)");
         CHECK(cmp.updated[0].judgement == "unreviewed");
         CHECK(cmp.updated[0].reviewer.empty());
         CHECK(cmp.updated[0].note == "was inclusion (ecog in 0..2) (correct, review-test)");
      }
      SUBCASE("changed section")
      {
         rows[4].section = "inclusion";
         const Comparison cmp = compare_readings(compiled, rows);
         CHECK(mentions(cmp, "reading changed: t.trial:10 (T, exclusion): pregnant"));
         CHECK(cmp.updated[4].judgement == "unreviewed");
      }
      SUBCASE("stale row")
      {
         rows.push_back(row("12", "INR ≤ 1.5", "(inr ≤ 1.5)"));
         const Comparison cmp = compare_readings(compiled, rows);
         REQUIRE(cmp.problems.size() == 1);
         CHECK(mentions(cmp, "no longer compiled: T line 12 (inclusion): INR ≤ 1.5"));
         CHECK(cmp.updated.size() == 5);
      }
      SUBCASE("wrong, lossy, unreviewed and unknown judgements")
      {
         rows[0].judgement = "wrong";
         rows[1].judgement = "lossy";
         rows[2].judgement = "unreviewed";
         rows[3].judgement = "fine";
         const Comparison cmp = compare_readings(compiled, rows);
         CHECK(cmp.problems.size() == 4);
         CHECK(mentions(cmp, "judged wrong: t.trial:3"));
         CHECK(mentions(cmp, "judged lossy: t.trial:4"));
         CHECK(mentions(cmp, "judged unreviewed: t.trial:5"));
         CHECK(mentions(cmp, "unknown judgement 'fine'"));
         CHECK(cmp.updated[0].judgement == "wrong");  // an update never changes a judgement whose reading held
      }
      SUBCASE("a moved line keeps its judgement on update")
      {
         rows[0].line = "2";
         const Comparison cmp = compare_readings(compiled, rows);
         REQUIRE(cmp.problems.size() == 1);
         CHECK(mentions(cmp, "line moved: t.trial:3"));
         CHECK(cmp.updated[0].line == "3");
         CHECK(cmp.updated[0].judgement == "correct");
      }
   }

   TEST_CASE("the golden comparison matches by text, the line number breaking ties")
   {
      // The same text twice (lines 5 and 8): each row goes to its own line, whatever the row order.
      const auto compiled = compiled_text(kTrial);
      REQUIRE(compiled[2].text == compiled[3].text);
      std::vector<ReadingRow> rows;
      for (const auto& c : compiled) rows.push_back(row(std::to_string(c.line), c.text, c.reading, "correct", c.section));
      std::swap(rows[2], rows[3]);
      rows[2].note = "the one on line 8";
      const Comparison cmp = compare_readings(compiled, rows);
      CHECK_MESSAGE(cmp.problems.empty(), report(cmp));
      CHECK(cmp.updated[3].note == "the one on line 8");
      CHECK(cmp.updated[3].line == "8");
   }

   TEST_CASE("the golden file format: comments, header, eight fields, tabs in a field written as spaces")
   {
      ReadingsFile f{{"# a comment"}, {row("3", "ECOG\t0-1", "(ecog in 0..1)")}};
      const std::string text = write_readings(f);
      CHECK(text == "# a comment\n" + std::string(kHeader) + "\nT\tinclusion\t3\tECOG 0-1\t(ecog in 0..1)\tcorrect\treview-test\t\n");
      const ReadingsFile back = parse_readings(text, "t.tsv");
      CHECK(back.comments == f.comments);
      REQUIRE(back.rows.size() == 1);
      CHECK(back.rows[0].text == "ECOG 0-1");
      CHECK(back.rows[0].note.empty());
   }

   // Every row reviewed by someone who did not change the grammar (review-A to review-E), every one correct.
   TEST_CASE("every compiled criterion of rules/ has a reviewed, correct reading in tests/golden/rules_readings.tsv")
   {
      const std::string path = source_path("tests/golden/rules_readings.tsv");
      ReadingsFile golden = parse_readings(read_file(path), path);
      std::vector<CompiledReading> compiled;
      const std::string root = source_path("");
      for (const auto& file : trial_files(source_path("rules"))) {
         const CompileResult r = compile_trial_file(file, lexicon());
         INFO(file);
         REQUIRE(r.errors.empty());
         const std::string rel = file.rfind(root, 0) == 0 ? file.substr(root.size()) : file;
         for (auto& c : compiled_readings(r, rel)) compiled.push_back(std::move(c));
      }
      CHECK(compiled.size() >= 300);
      const Comparison cmp = compare_readings(compiled, golden.rows);
      if (std::getenv("ELIGO_UPDATE_GOLDEN")) {
         golden.rows = cmp.updated;
         std::ofstream(path, std::ios::binary) << write_readings(golden);
      }
      CHECK_MESSAGE(cmp.problems.empty(), report(cmp));
   }
}

}  // namespace eligo::test::rules_readings_tests
