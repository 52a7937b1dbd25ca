// The labelled corpus list (tests/golden/corpus_labelled.tsv): lab, score, age and
// sex lines taken verbatim from ../shared/corpus, each with its meaning labelled
// by hand (analyte, comparison, threshold in the canonical unit, ULN factor).
// Every line is compiled and its meaning compared with the label. The share that
// matches is printed; the lines that do not match yet are pinned in
// corpus_labelled.misses, so that a change in either direction is seen. A line labelled "!refused" has no meaning its
// section can hold (an exclusion that says who may take part, "Men and women … are eligible for this trial", which read
// literally would exclude every patient: issue 15, "No reading that cannot be true"): it is right when it does not
// compile, with the reason.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "engine/compile/binder.hpp"
#include "grammar/structure.hpp"
#include "support.hpp"

namespace eligo::test::labelled_tests {

namespace {

std::vector<std::string> split(const std::string& s, const std::string& sep)
{
   std::vector<std::string> out;
   std::size_t at = 0;
   for (std::size_t next; (next = s.find(sep, at)) != std::string::npos; at = next + sep.size()) out.push_back(s.substr(at, next - at));
   out.push_back(s.substr(at));
   return out;
}

std::string sig4(double v)
{
   char b[32];
   std::snprintf(b, sizeof b, "%.4g", v);
   return b;
}

const char* op_text(Comparator op)
{
   switch (op) {
      case Comparator::ge: return ">=";
      case Comparator::gt: return ">";
      case Comparator::le: return "<=";
      case Comparator::lt: return "<";
      case Comparator::eq: return "=";
      case Comparator::ne: return "!=";
   }
   return "?";
}

// The meaning of a compiled line, as a set of atoms in the label format.
void atoms(const Predicate& p, std::set<std::string>& out, std::set<std::string>& sexes)
{
   using K = Predicate::Kind;
   if (p.kind == K::measure && p.analyte) {
      const bool age = p.analyte->id == "age";
      auto atom = [&](const char* op, double canonical, double written) {
         out.insert(age ? "age " + std::string(op) + " " + sig4(written) : p.analyte->id + " " + op + " " + sig4(canonical) + " " + p.analyte->canonical.code);
      };
      switch (p.test) {
         case Predicate::Test::compare: atom(op_text(p.op), p.threshold, p.written); break;
         case Predicate::Test::range:
            atom(p.low_open ? ">" : ">=", p.threshold, p.written);
            atom(p.high_open ? "<" : "<=", p.high, p.written_high);
            break;
         case Predicate::Test::relative: out.insert(p.analyte->id + " " + op_text(p.op) + " " + sig4(p.factor) + (p.upper ? " xULN" : " xLLN")); break;
         case Predicate::Test::within_normal: out.insert(p.analyte->id + " within normal"); break;
      }
   }
   if (p.kind == K::score && p.score) {
      std::set<int> ords;
      for (const auto& [a, b] : p.accepted)
         for (int v = a; v <= b; ++v) ords.insert(v);
      std::string s = p.score->id + " in";
      for (int v : ords) s += " " + std::to_string(v);
      out.insert(s);
   }
   if (p.kind == K::sex) sexes.insert(p.sex);
   for (const auto& c : p.children) atoms(c, out, sexes);
}

// A label atom in the same normal form (score labels become ordinals; values to 4 digits).
std::string normal(const std::string& a)
{
   std::istringstream in(a);
   std::string name, op;
   in >> name >> op;
   if (op == "in") {
      std::string labels;
      in >> labels;
      const Score* s = catalogue()->score(name);
      if (!s) return a;
      std::set<int> ords;
      for (const auto& l : split(labels, ",")) {
         if (auto r = s->label(l))
            for (int v = r->first; v <= r->second; ++v) ords.insert(v);
         else
            return a + " (unknown label " + l + ")";
      }
      // Numeric labels are a scale ("Karnofsky 70, 80, 90, 100" is 70 to 100 in steps of ten): its span.
      if (s->numeric_labels && std::all_of(labels.begin(), labels.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ','; }))
         for (int v = *ords.begin(); v <= *ords.rbegin(); ++v) ords.insert(v);
      std::string out = name + " in";
      for (int v : ords) out += " " + std::to_string(v);
      return out;
   }
   if (name == "sex") return a;
   std::string value, unit;
   in >> value >> unit;
   char* end = nullptr;
   const double v = std::strtod(value.c_str(), &end);
   if (end == value.c_str()) return a;
   if (unit == "xULN" || unit == "xLLN") return name + " " + op + " " + sig4(v) + " " + unit;
   return name + " " + op + " " + sig4(v) + (unit.empty() ? "" : " " + unit);
}

}  // namespace

TEST_SUITE("golden")
{
   TEST_CASE("labelled corpus lines compile to their hand-labelled meaning")
   {
      const auto rows = split(read_file(source_path("tests/golden/corpus_labelled.tsv")), "\n");
      std::set<std::string> pinned;
      for (const auto& l : split(read_file(source_path("tests/golden/corpus_labelled.misses")), "\n"))
         if (!l.empty() && l[0] != '#') pinned.insert(l);
      int total = 0, right = 0, warned_ok = 0, warn_rows = 0;
      std::set<std::string> misses;
      std::ostringstream report;
      for (std::size_t i = 1; i < rows.size(); ++i) {
         if (rows[i].empty()) continue;
         const auto f = split(rows[i], "\t");
         REQUIRE_MESSAGE(f.size() == 5, rows[i]);
         ++total;
         std::string expected = f[4];
         const bool warn = expected.size() > 6 && expected.compare(expected.size() - 6, 6, " !warn") == 0;
         if (warn) expected.resize(expected.size() - 6), ++warn_rows;
         std::set<std::string> want, got, sexes;
         if (expected != "!refused")
            for (const auto& a : split(expected, " ; ")) want.insert(normal(a));
         std::string error;
         std::vector<Warning> w;
         try {
            // The section matters: a comparison the registry lost is inferred only for an inclusion criterion.
            const Section section = f[1] == "inclusion" ? Section::inclusion : f[1] == "exclusion" ? Section::exclusion : Section::none;
            // As a trial file reads a bullet: a joining word at its end or start ("Creatinine < 2 × ULN OR") ties it to its
            // neighbour (engine/compile/trial.cpp); the line's own reading is what is labelled.
            std::string_view line = f[2];
            std::size_t cut = 0;
            if (grammar::trailing_join(line, &cut) != grammar::TrailingJoin::none) line = line.substr(0, cut);
            if (grammar::leading_join(line, &cut) != grammar::TrailingJoin::none) line = line.substr(cut);
            atoms(compile_criterion(std::string(line), lexicon(), w, section), got, sexes);
         }
         catch (const std::exception& e) {
            error = e.what();
         }
         if (sexes.size() == 2)
            got.insert("sex = any");
         else if (sexes.size() == 1)
            got.insert("sex = " + *sexes.begin());
         // A label may leave the sex alone ("any") where the line only names age.
         if (!want.count("sex = any")) got.erase("sex = any");
         const bool ok = expected == "!refused" ? !error.empty() : error.empty() && want == got;
         if (ok && warn && !w.empty()) ++warned_ok;
         if (ok)
            ++right;
         else {
            const std::string key = f[0] + "\t" + f[2];
            misses.insert(key);
            std::string g;
            for (const auto& a : got) g += (g.empty() ? "" : " ; ") + a;
            report << key << "\n    want: " << expected << "\n    got:  " << (error.empty() ? g : "error " + error) << "\n";
         }
      }
      const double share = total ? 100.0 * right / total : 0;
      MESSAGE("labelled corpus lines: " << right << " of " << total << " compile to their labelled meaning (" << share << "%); " << warned_ok << " of "
                                        << warn_rows << " registry slips also warn");
      if (std::getenv("ELIGO_LABELLED_REPORT")) MESSAGE(report.str());
      CHECK(total >= 200);
      // The misses are pinned: a new miss, or a fixed one, changes this list on purpose.
      for (const auto& m : misses) CHECK_MESSAGE(pinned.count(m), "new miss: " << m);
      for (const auto& p : pinned) CHECK_MESSAGE(misses.count(p), "now right (remove from corpus_labelled.misses): " << p);
   }
}

}  // namespace eligo::test::labelled_tests
