#include "engine/compile/trial.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "engine/compile/unread_words.hpp"
#include "grammar/parse_criterion.hpp"

namespace eligo {

std::string Diagnostic::str() const
{
   std::string s = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
   if (!source_line.empty()) { s += "\n  " + grammar::caret_line(source_line, text_column ? text_column : column); }
   return s;
}

std::size_t Trial::count_criteria() const { return criteria.size(); }

std::size_t Trial::count_manual() const
{
   return static_cast<std::size_t>(std::count_if(criteria.begin(), criteria.end(), [](const Criterion& c) { return c.manual; }));
}

namespace {

std::optional<int> parse_window(const std::string& v)
{
   std::istringstream in(v);
   int n = 0;
   std::string unit;
   if (!(in >> n >> unit) || n <= 0 || n > 3650) return std::nullopt;
   unit = name_key(unit);
   if (unit.rfind("day", 0) == 0) return n;
   if (unit.rfind("week", 0) == 0) return 7 * n;
   if (unit.rfind("month", 0) == 0) return 30 * n;
   return std::nullopt;
}

class TrialCompiler {
public:
   TrialCompiler(const std::string& path, const CatalogueLexicon& lx, CompileResult& out) : path_(path), lx_(lx), out_(out) {}

   std::optional<Criterion> item(const grammar::TrialItem& it)
   {
      Criterion c;
      c.section = it.section == "inclusion" ? Section::inclusion : it.section == "exclusion" ? Section::exclusion : Section::none;
      c.line = it.line;
      c.text = it.text;
      c.as = it.as;
      c.notes = it.notes;
      // Nested items first: they fill a trailing "any of the following:". They are
      // compiled (and their errors reported) even under a manual-review bullet.
      std::vector<Predicate> nested;
      bool nested_ok = true;
      for (const auto& child : it.children) {
         auto cc = item(child);
         if (!cc) {
            nested_ok = false;
            continue;
         }
         nested.push_back(cc->predicate);
         c.children.push_back(std::move(*cc));
      }
      if (!it.manual.empty()) {
         c.manual = true;
         c.predicate.kind = Predicate::Kind::manual;
         c.predicate.reason = it.manual;
         c.predicate.text = it.text;
         if (!nested_ok) return std::nullopt;
         return c;
      }
      const std::string& source = it.as.empty() ? it.text : it.as;
      const std::size_t line = it.as.empty() ? it.line : it.as_line;
      const std::size_t col0 = it.as.empty() ? it.column : it.as_column;
      try {
         syntax::Node tree;
         grammar::Accounting accounting;
         bool heading = false;
         try {
            tree = grammar::parse_criterion(source, lx_, &accounting);
         }
         catch (const grammar::SyntaxError&) {
            // "The characteristics of the tumor:" — a heading over nested items.
            if (it.children.empty() || source.empty() || source.back() != ':') throw;
            heading = true;
         }
         if (heading) {
            c.predicate.kind = Predicate::Kind::all;
            c.predicate.text = source;
            c.predicate.children = nested;
            if (!nested_ok) return std::nullopt;
            return c;
         }
         if (!it.children.empty()) {
            syntax::Node* q = empty_quantifier(tree);
            if (!q) {
               error(line, col0, 1, "this criterion has nested items, so it must end with 'any of the following:' (or all/none of the following:)", source);
               return std::nullopt;
            }
         }
         std::vector<Warning> warnings;
         const Section section = c.section;
         c.predicate = eligo::bind(tree, source, lx_.catalogue(), warnings, nested, section);
         c.unread = unread_words(source, accounting, lx_, c.predicate);
         for (const auto& w : warnings) warning(line, col0, grammar::column_of(source, w.byte), w.message, source);
      }
      catch (const CriterionError& e) {  // grammar::SyntaxError or BindError: where.column is within the text
         error(line, col0, e.where.column, e.message, source);
         return std::nullopt;
      }
      if (!nested_ok) return std::nullopt;
      return c;
   }

   // col0: where the criterion text starts in the file line; col: the column within the text.
   void error(std::size_t line, std::size_t col0, std::size_t col, const std::string& msg, const std::string& text)
   {
      out_.errors.push_back({path_, line, col0 + col - 1, msg, text, col});
   }
   void warning(std::size_t line, std::size_t col0, std::size_t col, const std::string& msg, const std::string& text)
   {
      out_.warnings.push_back({path_, line, col0 + col - 1, msg, text, col});
   }

private:
   // The quantifier with no items that nested bullets fill: the tree itself, or its last conjunct.
   static syntax::Node* empty_quantifier(syntax::Node& n)
   {
      if (n.kind == syntax::Node::Kind::quantifier && n.children.empty()) return &n;
      if ((n.kind == syntax::Node::Kind::all || n.kind == syntax::Node::Kind::any) && !n.children.empty()) return empty_quantifier(n.children.back());
      if (n.kind == syntax::Node::Kind::negate && !n.children.empty()) return empty_quantifier(n.children.back());
      return nullptr;
   }

   std::string path_;
   const CatalogueLexicon& lx_;
   CompileResult& out_;
};

}  // namespace

CompileResult compile_trial_text(const std::string& text, const std::string& path, const CatalogueLexicon& lexicon)
{
   CompileResult out;
   out.path = path;
   grammar::TrialSource src;
   try {
      src = grammar::read_trial_source(text, path);
   }
   catch (const grammar::TrialSyntaxError& e) {
      out.errors.push_back({path, e.line, e.column, e.message, ""});
      return out;
   }
   Trial trial;
   trial.id = src.header.at("trial");
   out.id = trial.id;
   trial.path = path;
   trial.header = src.header;
   trial.title = src.header.count("title") ? src.header.at("title") : trial.id;
   if (auto it = src.header.find("condition"); it != src.header.end()) {
      trial.condition = lexicon.catalogue().concept_(it->second);
      if (!trial.condition)
         out.errors.push_back({path, src.header_lines.at("condition"), 1, "unknown condition '" + it->second + "' (not in concepts.json)", ""});
   }
   if (auto it = src.header.find("intervention"); it != src.header.end()) {
      std::istringstream in(it->second);
      for (std::string name; std::getline(in, name, ',');) {
         const auto b = name.find_first_not_of(' '), e = name.find_last_not_of(' ');
         if (b == std::string::npos) continue;
         const Concept* c = lexicon.catalogue().concept_(name.substr(b, e - b + 1));
         if (!c)
            out.errors.push_back(
                {path, src.header_lines.at("intervention"), 1, "unknown intervention '" + name.substr(b, e - b + 1) + "' (not in concepts.json)", ""});
         else
            trial.interventions.push_back(c);
      }
   }
   if (auto it = src.header.find("lab window"); it != src.header.end()) {
      trial.lab_window_days = parse_window(it->second);
      if (!trial.lab_window_days)
         out.errors.push_back({path, src.header_lines.at("lab window"), 1, "lab window must read like '14 days', '4 weeks' or '1 month'", ""});
   }
   if (auto it = src.header.find("criteria"); it != src.header.end()) {
      const std::string v = name_key(it->second);
      if (v == "partial" || v == "complete")
         trial.criteria_partial = out.criteria_partial = v == "partial";
      else
         out.errors.push_back({path, src.header_lines.at("criteria"), 1,
                               "criteria must be 'partial' (the registry states only part of the trial's criteria) or 'complete'", ""});
   }
   TrialCompiler tc(path, lexicon, out);
   for (const auto& it : src.items) {
      ++out.criteria;
      if (!it.manual.empty()) ++out.manual;
      if (auto c = tc.item(it)) trial.criteria.push_back(std::move(*c));
   }
   // What the criteria use: lab analytes (for "labs within N days"), and the window such a criterion sets.
   std::function<void(const Predicate&, std::size_t)> scan = [&](const Predicate& p, std::size_t line) {
      if (p.kind == Predicate::Kind::measure && p.analyte->kind == AnalyteKind::lab &&
          std::find(trial.labs.begin(), trial.labs.end(), p.analyte) == trial.labs.end())
         trial.labs.push_back(p.analyte);
      if (p.kind == Predicate::Kind::lab_window) {
         if (trial.lab_window_days && *trial.lab_window_days != p.lab_window_days)
            out.errors.push_back({path, line, 1,
                                  "this lab window (" + std::to_string(p.lab_window_days) + " days) contradicts the trial's other one (" +
                                      std::to_string(*trial.lab_window_days) + " days)",
                                  ""});
         trial.lab_window_days = p.lab_window_days;
      }
      for (const auto& c : p.children) scan(c, line);
   };
   std::function<void(const Criterion&)> scan_criterion = [&](const Criterion& c) {
      scan(c.predicate, c.line);
      for (const auto& ch : c.children) scan_criterion(ch);
   };
   for (const auto& c : trial.criteria) scan_criterion(c);
   if (out.errors.empty()) out.trial = std::move(trial);
   return out;
}

CompileResult compile_trial_file(const std::string& path, const CatalogueLexicon& lexicon)
{
   std::ifstream f(path, std::ios::binary);
   if (!f) {
      CompileResult out;
      out.path = path;
      out.errors.push_back({path, 0, 0, "cannot open file", ""});
      return out;
   }
   std::ostringstream ss;
   ss << f.rdbuf();
   return compile_trial_text(ss.str(), path, lexicon);
}

std::vector<std::string> trial_files(const std::string& file_or_dir)
{
   namespace fs = std::filesystem;
   std::vector<std::string> out;
   std::error_code ec;
   if (fs::is_directory(file_or_dir, ec)) {
      for (auto it = fs::recursive_directory_iterator(file_or_dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
         if (it->is_regular_file() && it->path().extension() == ".trial") out.push_back(it->path().string());
      std::sort(out.begin(), out.end());
   }
   else
      out.push_back(file_or_dir);
   return out;
}

}  // namespace eligo
