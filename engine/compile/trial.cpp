#include "engine/compile/trial.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/compile/satisfiability.hpp"
#include "engine/compile/method_refinement.hpp"
#include "engine/compile/qualifier_definition.hpp"
#include "engine/compile/unread_words.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/words.hpp"
#include "grammar/parse_criterion.hpp"
#include "grammar/structure.hpp"

namespace eligo {

std::string Diagnostic::str() const
{
   std::string s = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
   if (!source_line.empty()) { s += "\n  " + grammar::caret_line(source_line, text_column ? text_column : column); }
   return s;
}

std::size_t Trial::count_criteria() const { return criteria.size(); }

const char* to_string(CriterionKind k)
{
   switch (k) {
      case CriterionKind::data: return "data";
      case CriterionKind::question: return "question";
      case CriterionKind::enrolment: return "enrolment";
   }
   return "data";
}

std::string normalised_wording(std::string_view text)
{
   std::string out;
   bool space = false;
   for (unsigned char ch : text) {
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
         space = !out.empty();
         continue;
      }
      if (space) out += ' ';
      space = false;
      out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
   }
   return out;
}

namespace {

// The leaves of a tree: whether one is a test the record could answer, and whether one needs a clinician.
void leaf_kinds(const Predicate& p, bool& data, bool& manual, bool& qualifier)
{
   switch (p.kind) {
      case Predicate::Kind::manual:
         // "(transfusion independent)" beside a count: the chart answers it, as it answers the count.
         (p.chart ? data : manual) = true;
         return;
      // What a fact needs or needed ("requiring systemic therapy", "that required steroids") is in the chart, the treatment
      // given: data to look up, not a clinician's judgement (review helper-162).
      case Predicate::Kind::qualifier: (p.qualifier_after ? data : qualifier) = true; return;
      case Predicate::Kind::all:
      case Predicate::Kind::any:
      case Predicate::Kind::negate:
         for (const auto& c : p.children) leaf_kinds(c, data, manual, qualifier);
         return;
      default: data = true; return;
   }
}

}  // namespace

namespace {

// The first catalogue name (analyte, score or concept) that starts at a word of `text`, as written; empty when none.
std::string first_catalogue_name(std::string_view text, const grammar::Lexicon& lexicon)
{
   using K = grammar::Lexicon::Kind;
   auto word_char = [](unsigned char ch) { return std::isalnum(ch) || ch >= 0x80; };
   for (std::size_t i = 0; i < text.size(); ++i) {
      if (i > 0 && word_char(static_cast<unsigned char>(text[i - 1]))) continue;
      if (!word_char(static_cast<unsigned char>(text[i]))) continue;
      for (K k : {K::analyte, K::score, K::concept_}) {
         const std::size_t n = lexicon.match_name(k, text.substr(i));
         if (n > 0 && (i + n == text.size() || !word_char(static_cast<unsigned char>(text[i + n])))) return std::string(text.substr(i, n));
      }
   }
   return "";
}

}  // namespace

CriterionKind decide_kind(const Criterion& c, const CriterionKindWords& words, std::string* reason, const grammar::Lexicon* lexicon)
{
   auto because = [&](CriterionKind k, std::string why) {
      if (reason) *reason = std::move(why);
      return k;
   };
   bool data = false, manual = false, qualifier = false;
   leaf_kinds(c.predicate, data, manual, qualifier);
   const std::string question = CriterionKindWords::find(words.question, c.text);
   if (!data) {
      const std::string enrolment = CriterionKindWords::find(words.enrolment, c.text);
      // Joined bullets ("Creatinine < 2 × ULN OR able to provide informed consent") are not one consent.
      if (!enrolment.empty() && !c.joined && CriterionKindWords::find(words.not_enrolment, c.text).empty())
         return because(CriterionKind::enrolment, "'" + enrolment + "' in the wording");
      if (!question.empty()) return because(CriterionKind::question, "'" + question + "' in the wording");
      // A trial author's own manual-review note that leaves the line to a clinician ("the investigator decides").
      if (c.predicate.kind == Predicate::Kind::manual)
         if (const std::string q = CriterionKindWords::find(words.question, c.predicate.reason); !q.empty())
            return because(CriterionKind::question, "'" + q + "' in its manual-review note");
      // A line the grammar could not read that names what a record holds (a lab, a score, a diagnosis, a drug) is
      // data to look up, not a clinician's question (independent review of 100 kinds, session 7).
      // Not a group the compiler left to review because it cannot combine it safely: that is a clinician's reading.
      if (lexicon && !c.automatic_manual)
         if (const std::string name = first_catalogue_name(c.text, *lexicon); !name.empty())
            return because(CriterionKind::data, "manual review: names '" + name + "', which the record could hold");
      return because(CriterionKind::question, "manual review: no test the record answers");
   }
   if (!question.empty()) return because(CriterionKind::question, "'" + question + "' in the wording");
   if (qualifier) return because(CriterionKind::question, "a qualifier the record does not settle");
   if (manual) return because(CriterionKind::question, "a part is manual review");
   return because(CriterionKind::data, "tests the record answers");
}

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

// The title reports show: the header's title; for a file without one (an import of a registry record that has no
// title), its condition and phase ("Hepatocellular carcinoma, phase 1/phase 2"), or either alone; else the id.
std::string title_of(const std::map<std::string, std::string>& header, const std::string& id)
{
   auto value = [&](const char* key) {
      auto it = header.find(key);
      return it == header.end() ? std::string() : it->second;
   };
   if (std::string t = value("title"); !t.empty()) return t;
   std::string built = value("condition");
   if (const std::string phase = value("phase"); !phase.empty()) built += (built.empty() ? "" : ", ") + phase;
   if (built.empty()) return id;
   if (built[0] >= 'a' && built[0] <= 'z') built[0] = static_cast<char>(built[0] - 'a' + 'A');
   return built;
}

// Every criterion's kind (its own "kind:" line, else decide_kind) and id, nested ones too.
void assign_kinds_and_ids(Trial& trial, const CriterionKindWords& words, const grammar::Lexicon& lexicon)
{
   std::map<std::string, int> seen;
   std::function<void(Criterion&)> assign = [&](Criterion& c) {
      if (!c.kind_set.empty()) {
         c.kind = c.kind_set == "question" ? CriterionKind::question : c.kind_set == "enrolment" ? CriterionKind::enrolment : CriterionKind::data;
         c.kind_reason = "set in the trial file (kind: " + c.kind_set + ")";
      }
      else
         c.kind = decide_kind(c, words, &c.kind_reason, &lexicon);
      char hash[16];
      std::uint32_t h = 2166136261u;  // FNV-1a, 32 bits
      for (unsigned char ch : normalised_wording(c.text)) h = (h ^ ch) * 16777619u;
      std::snprintf(hash, sizeof hash, "%08x", h);
      c.id = trial.id + "-" + hash;
      if (const int n = ++seen[c.id]; n > 1) c.id += "-" + std::to_string(n);
      for (auto& ch : c.children) assign(ch);
   };
   for (auto& c : trial.criteria) assign(c);
}

class TrialCompiler {
public:
   TrialCompiler(const std::string& path, const CatalogueLexicon& lx, CompileResult& out, const Concept* condition)
       : path_(path), lx_(lx), out_(out), condition_(condition)
   {}

   // A list of sibling bullets. A bullet that ends in "or" (or "and") joins the bullets after it, up to the first that does
   // not, into one criterion: any of them (all of them for "and").
   std::vector<Criterion> list(const std::vector<grammar::TrialItem>& items, bool* all_ok = nullptr)
   {
      std::vector<Criterion> out;
      bool ok = true;
      for (std::size_t i = 0; i < items.size();) {
         std::size_t j = i;
         while (j < items.size() && joins(items, j) != grammar::TrailingJoin::none) ++j;
         // items[i..last] are one group; without a bullet after the chain, its last bullet names an alternative that is missing.
         const bool missing = j == items.size();
         const std::size_t last = missing ? j - 1 : j;
         if (j == i || (missing && last == i)) {
            auto c = item(items[i]);
            if (c && i == 0 && !c->manual && items[i].as.empty() && grammar::leading_join(items[i].text) != grammar::TrailingJoin::none)
               make_automatic(*c, "the bullet starts with a joining word but no bullet comes before it: the alternative it joins is missing", items[i]);
            if (c && j != i && !c->manual)
               make_automatic(*c, "the bullet ends in '" + join_word(joins(items, i)) + "' but no bullet follows it: the alternative it names is missing",
                              items[i]);
            if (c)
               out.push_back(std::move(*c));
            else
               ok = false;
            ++i;
            continue;
         }
         Criterion group;
         group.joined = true;
         group.section = section_of(items[i]);
         group.line = items[i].line;
         bool group_ok = true, mixed = false;
         std::vector<std::size_t> lines;
         for (std::size_t k = i; k <= last; ++k) {
            group.text += (k > i ? " " : "") + items[k].text;
            lines.push_back(items[k].line);
            if (k < last && joins(items, k) != joins(items, i)) mixed = true;
            auto c = item(items[k]);
            if (!c) {
               group_ok = false;
               continue;
            }
            if (missing && k == last && !c->manual)
               make_automatic(*c, "the bullet ends in '" + join_word(joins(items, k)) + "' but no bullet follows it: the alternative it names is missing",
                              items[k]);
            group.children.push_back(std::move(*c));
         }
         const grammar::TrailingJoin join = joins(items, i);
         group.predicate.kind = join == grammar::TrailingJoin::all ? Predicate::Kind::all : Predicate::Kind::any;
         group.predicate.text = group.text;
         for (const auto& c : group.children) group.predicate.children.push_back(c.predicate);
         std::string which;
         for (std::size_t k = 0; k < lines.size(); ++k) which += (k == 0 ? "" : k + 1 == lines.size() ? " and " : ", ") + std::to_string(lines[k]);
         group.combination = std::string(join == grammar::TrailingJoin::all ? "all of" : "any of") + " lines " + which + " (joined by '" + join_word(join) +
                             "' at the end of a bullet or the start of the next)";
         if (mixed) {
            group.combination.clear();
            make_automatic(group, "the bullets of lines " + which + " end in both 'and' and 'or', so how they group is not written", items[i]);
         }
         else if (join == grammar::TrailingJoin::all && group.section == Section::exclusion) {
            // Between inclusion bullets "and" changes nothing; between exclusions it may join them (excluded only when both
            // hold) or only end the list (each excludes alone).
            group.combination.clear();
            make_automatic(group,
                           "the exclusion bullets of lines " + which +
                               " are joined by 'and', which may mean they exclude only together or may only end a list in which each excludes alone",
                           items[i]);
         }
         else if (std::any_of(group.children.begin(), group.children.end(), [](const Criterion& k) { return k.manual || k.automatic_manual; })) {
            // "Creatinine < 2 × ULN OR" over a bullet Eligo cannot read (a lost table row, or consent): what the 'or' joins is
            // not known, and reading the rest alone would drop a requirement or an alternative.
            group.combination.clear();
            make_automatic(
                group,
                "the bullets of lines " + which + " are joined by '" + join_word(join) + "', and one of them is manual review: the group is checked by hand",
                items[i]);
         }
         if (group_ok)
            out.push_back(std::move(group));
         else
            ok = false;
         i = last + 1;
      }
      if (all_ok) *all_ok = ok;
      return out;
   }

   std::optional<Criterion> item(const grammar::TrialItem& it)
   {
      Criterion c;
      c.section = section_of(it);
      c.line = it.line;
      c.text = it.text;
      c.as = it.as;
      c.notes = it.notes;
      c.kind_set = it.kind;
      // Nested items first: they fill a trailing "any of the following:" or a heading. They are
      // compiled (and their errors reported) even under a manual-review bullet.
      bool nested_ok = true;
      c.children = list(it.children, &nested_ok);
      std::vector<Predicate> nested;
      for (const auto& child : c.children) nested.push_back(child.predicate);
      if (!it.manual.empty()) {
         c.manual = true;
         c.predicate.kind = Predicate::Kind::manual;
         c.predicate.reason = it.manual;
         c.predicate.text = it.text;
         // A heading kept for review: its items read alone must not drop or reverse what its words say of them.
         if (!it.children.empty() && colon_heading(it.text))
            guard_items(c, grammar::read_heading(it.text, c.section == Section::exclusion), it);
         else if (!it.children.empty())
            guard_items(c, unread_parent(it.text), it);
         if (!nested_ok) return std::nullopt;
         return c;
      }
      // The text the grammar reads: the as: line, or the wording without a trailing joining word.
      std::string source = it.as.empty() ? it.text : it.as;
      std::size_t col0 = it.as.empty() ? it.column : it.as_column;
      if (it.as.empty()) {
         std::size_t cut = 0;
         if (grammar::trailing_join(source, &cut) != grammar::TrailingJoin::none) source = source.substr(0, cut);
         if (grammar::leading_join(source, &cut) != grammar::TrailingJoin::none) {
            source = source.substr(cut);
            col0 += cut;  // the joining word is ASCII: bytes are columns
         }
      }
      const std::size_t line = it.as.empty() ? it.line : it.as_line;
      try {
         syntax::Node tree;
         grammar::Accounting accounting;
         bool parsed = true;
         try {
            tree = grammar::parse_criterion(source, lx_, &accounting);
         }
         catch (const grammar::SyntaxError&) {
            if (it.children.empty() || !heading_line(source, c)) throw;
            parsed = false;
         }
         // A heading whose items are examples ("No autoimmune disease, including any of the following:") is read by its
         // structure, whatever the grammar makes of its words: examples never narrow what they are examples of.
         const bool examples = !it.children.empty() && colon_heading(source) && !grammar::read_heading(source, c.section == Section::exclusion).head.empty();
         syntax::Node* q = parsed && !it.children.empty() && !examples && !grammar::numbered_heading(source) ? empty_quantifier(tree) : nullptr;
         // "None of the following:" among the exclusions is a negated exclusion, which the heading reader leaves to review: read
         // literally it excluded only those with none of the items (review helper-138: "a) None of the following:").
         if (q && q->quant == syntax::Node::Quant::none && c.section == Section::exclusion && colon_heading(source)) q = nullptr;
         // "Any of the following at the time of screening:": the screening date is when tests are read anyway, but over a fact it is a
         // present state, which the items read alone drop (seed 59: drugs read as any use ever). The heading reader decides.
         if (q && holds_fact(nested) && std::any_of(accounting.skipped.begin(), accounting.skipped.end(), [](const grammar::Skipped& s) {
                return s.kind == grammar::Skipped::Kind::assessment_time;
             }))
            q = nullptr;
         if (!it.children.empty() && !q) {
            // "Inadequate organ function:", "The characteristics of the tumor:": a heading over nested items. What it says of
            // them decides how they combine, else the section does; its own words are not a criterion.
            if (!heading_line(source, c)) {
               error(line, col0, 1,
                     "this criterion has nested items, so it must end with 'any of the following:' (or all/none of the following:), or be a heading "
                     "ending in ':'",
                     source);
               return std::nullopt;
            }
            grammar::HeadingReading h = grammar::read_heading(source, c.section == Section::exclusion);
            bool windowed_items = false;
            if (!h.combination) {
               if (auto windowed = windowed_heading(h, c)) {
                  windowed_items = true;
                  // "Adequate organ function within 14 days of enrollment defined as:" over tests: each test takes the window.
                  h = *windowed;
                  nested.clear();
                  for (const auto& child : c.children) nested.push_back(child.predicate);
               }
               else {
                  // Not an error: the heading is kept as a visible manual-review criterion, and says why.
                  make_automatic(c, "a heading over nested items that Eligo cannot combine safely: " + h.problem, it);
                  // A line that introduces its items without the colon guards them as any line kept for review does.
                  guard_items(c, colon_heading(source) ? h : unread_parent(it.text), it);
                  if (!nested_ok) return std::nullopt;
                  return c;
               }
            }
            std::vector<Predicate> items = nested;
            if (!h.head.empty()) {
               // Examples never narrow what they are examples of: the head is read too, or the heading is manual review.
               try {
                  std::vector<Warning> head_warnings;
                  items.insert(items.begin(), eligo::bind(grammar::parse_criterion(h.head, lx_), h.head, lx_.catalogue(), head_warnings, {}, c.section));
                  for (const auto& w : head_warnings) warning(line, col0, grammar::column_of(h.head, w.byte), w.message, source);
               }
               catch (const CriterionError&) {
                  make_automatic(c,
                                 "a heading over nested items that Eligo cannot combine safely: its items are examples of '" + h.head +
                                     "', which Eligo cannot read, and reading only the examples would narrow it",
                                 it);
                  if (!nested_ok) return std::nullopt;
                  return c;
               }
            }
            c.predicate = combine(*h.combination, items, source);
            c.combination =
                std::string(grammar::combination_words(*h.combination)) + (h.head.empty() ? "" : " '" + h.head + "' and") + " the nested items (" + h.why + ")";
            // A draft writes the combination as an `as:` line; not where the heading's window is read too, which a bare
            // "all of the following:" would drop.
            if (h.head.empty() && !windowed_items) c.quantifier = grammar::quantifier_phrase(*h.combination);
            if (!nested_ok) return std::nullopt;
            if (const auto impossible = impossible_reading(c.predicate, lx_.catalogue())) {
               error(line, col0, 1, impossible->reason, source);
               return std::nullopt;
            }
            return c;
         }
         if (q && bare_following(source, *q)) {
            // "… as assessed by the following:" says nothing of how the items combine: the section decides.
            q->quant = c.section == Section::exclusion ? syntax::Node::Quant::any : syntax::Node::Quant::all;
            c.combination = std::string(q->quant == syntax::Node::Quant::any ? "any of" : "all of") + " the nested items ('the following' in the " +
                            to_string(c.section) + " section: " + (q->quant == syntax::Node::Quant::any ? "any one item excludes" : "every item must hold") +
                            ")";
         }
         std::vector<Warning> warnings;
         const Section section = c.section;
         c.predicate = eligo::bind(tree, source, lx_.catalogue(), warnings, nested, section, condition_);
         c.unread = unread_words(source, accounting, lx_, c.predicate);
         if (const std::string refined = refine_by_method(c.predicate, c.unread, lx_.catalogue()); !refined.empty()) c.notes.push_back(refined);
         if (const std::string defined = define_qualifier(c.predicate, c.unread, source); !defined.empty()) c.notes.push_back(defined);
         // An `as:` that repeats the registry text confirms its literal reading: a slip is then intended.
         const bool confirmed = !it.as.empty() && it.as == it.text;
         for (const auto& w : warnings) {
            if (confirmed && w.category == WarningCategory::slip) continue;
            warning(line, col0, grammar::column_of(source, w.byte), w.message, source);
            Diagnostic& d = out_.warnings.back();
            d.category = w.category;
            d.draft_note = w.draft_note;
            d.suggestion = w.suggestion;
            if (w.note) c.notes.push_back(w.message);  // shown with the criterion's why
         }
         // A line the compiler leaves to review as a whole ("eligible for TACE") is a manual-review criterion.
         if (c.predicate.kind == Predicate::Kind::manual) c.manual = true;
      }
      catch (const CriterionError& e) {  // grammar::SyntaxError or BindError: where.column is within the text
         // Items that did not compile leave the quantifier over them without items: their errors are the ones to report (an
         // import marks them manual, and the line over them then compiles; it was made manual "for want of items").
         if (!nested_ok && e.message.find("' needs its items") != std::string::npos) return std::nullopt;
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
   // A heading whose only trouble is a window, "within N days/weeks … [of the moment the screening date stands for]", over
   // items that are all tests (labs, measures, scores): each test takes the window as its own assessment window, read by the
   // grammar that reads it after a test, and the heading without the window decides how the items combine
   // (docs/language.md, "Structure: headings, nesting and sections"). Empty when the window or the items cannot take it.
   std::optional<grammar::HeadingReading> windowed_heading(const grammar::HeadingReading& h, Criterion& c) const
   {
      if (h.window.empty() || h.conditional || c.children.empty()) return std::nullopt;
      // The window alone, as the grammar reads it after a test; any word of it left unread means it is not this window.
      auto read_window = [&](const std::string& words) -> std::optional<Predicate> {
         const std::string probe = "hemoglobin ≥ 9 g/dL " + words;
         try {
            grammar::Accounting accounting;
            const syntax::Node tree = grammar::parse_criterion(probe, lx_, &accounting);
            std::vector<Warning> ignored;
            Predicate p = eligo::bind(tree, probe, lx_.catalogue(), ignored, {}, Section::inclusion);
            if (p.kind != Predicate::Kind::measure || !p.assessed_within || !unread_words(probe, accounting, lx_, p).empty()) return std::nullopt;
            return p;
         }
         catch (const CriterionError&) {
            return std::nullopt;
         }
      };
      // The whole window, else its shortest first words that read as one, the words after them joining the lead-in ("within
      // 28 days prior to randomization | must meet the following criteria:"), which the heading's reading then judges.
      // The rest must be a lead-in, word for word: "within 14 days prior to registration | to the second step", "… | as the second
      // registration step", "… | will receive a reduced dose" say more than how the items combine (review helper-146).
      static const std::set<std::string, std::less<>> lead_in{"must",      "should",    "shall",      "be",         "meet",    "met",     "the",
                                                              "following", "criteria",  "criterion",  "as",         "follows", "defined", "below",
                                                              "is",        "are",       "required",   "values",     "of",      "satisfy", "fulfil",
                                                              "fulfill",   "including", "parameters", "laboratory", "lab",     "tests",   "results"};
      std::optional<Predicate> read;
      std::string without = h.without_window, words = h.window;
      for (std::size_t cut = h.window.find(' '); !read; cut = h.window.find(' ', cut + 1)) {
         const std::string first = cut == std::string::npos ? h.window : h.window.substr(0, cut);
         if (cut != std::string::npos) {
            std::istringstream rest(name_key(h.window.substr(cut + 1)));
            bool lead = true;
            for (std::string word; rest >> word;) lead = lead && lead_in.count(word) > 0;
            if (!lead) continue;
         }
         if (auto p = read_window(first)) {
            read = p;
            words = first;
            if (cut != std::string::npos) without = h.before_window + " " + h.window.substr(cut + 1) + h.after_window;
         }
         if (cut == std::string::npos) break;
      }
      if (!read) return std::nullopt;
      const Predicate& window = *read;
      grammar::HeadingReading rest = grammar::read_heading(without, c.section == Section::exclusion);
      if (!rest.combination || !rest.head.empty()) return std::nullopt;
      bool tests = false;
      std::function<bool(const Predicate&)> takes = [&](const Predicate& p) {
         switch (p.kind) {
            case Predicate::Kind::all:
            case Predicate::Kind::any:
            case Predicate::Kind::negate: return std::all_of(p.children.begin(), p.children.end(), takes);
            case Predicate::Kind::measure:
            case Predicate::Kind::score: tests = true; return true;
            case Predicate::Kind::manual: return true;  // reviewed by hand, window and all
            default: return false;                      // a clinical fact, a sex, a lab window: a window on them is another reading
         }
      };
      if (!std::all_of(c.children.begin(), c.children.end(), [&](const Criterion& k) { return takes(k.predicate); }) || !tests) return std::nullopt;
      std::function<void(Predicate&)> give = [&](Predicate& p) {
         if ((p.kind == Predicate::Kind::measure && p.analyte->id != "age") || p.kind == Predicate::Kind::score) {
            if (!p.assessed_within) {  // a window of the test's own is what the registry wrote for it
               p.assessed_within = window.assessed_within;
               p.assessed_unit = window.assessed_unit;
               p.assessed_moment = window.assessed_moment;
            }
         }
         for (auto& k : p.children) give(k);
      };
      std::function<void(Criterion&)> give_all = [&](Criterion& k) {
         give(k.predicate);
         for (auto& g : k.children) give_all(g);
      };
      for (auto& k : c.children) give_all(k);
      rest.why += "; each test assessed within the heading's window ('" + words + "')";
      return rest;
   }

   // A line kept for review over nested items that is no heading ("More than 5 days since prior and no concurrent strong
   // CYP3A inhibitors, including any of the following" over "Ketoconazole": review helpers 95, 96). Its own result is manual
   // review, whatever its items give. Where its words may reverse its items (a negation, an exception, a condition), each
   // item is manual review too, as under a heading that conditions them; where they may limit them in time, each item
   // read alone says it reads without them (unread). A registry's mis-indented bullets under a line with neither
   // ("Histologically confirmed HCC") read alone.
   grammar::HeadingReading unread_parent(const std::string& text) const
   {
      static const char* reversing[] = {
          "no",        "not",    "non",        "without",         "none",          "never",    "neither", "nor",          "free",    "exclude",   "excluded",
          "excluding", "except", "unless",     "ineligible",      "ineligibility", "eligible", "if",      "provided",     "allowed", "permitted", "acceptable",
          "other",     "cannot", "prohibited", "contraindicated", "negative",      "absence",  "absent",  "discontinued", "stopped", "remission", "until"};
      // Words of time the grammar reads nowhere else; the time-scope words and time limits are states_time_limit's.
      static const char* timing[] = {"since", "within", "prior", "previous", "previously", "after", "before", "last", "past", "ago"};
      auto any_of = [](const std::vector<std::string>& words, const auto& list) {
         return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return std::find(std::begin(list), std::end(list), w) != std::end(list); });
      };
      grammar::HeadingReading h;
      const std::vector<std::string> words = lower_words(text);
      if (any_of(words, reversing)) {
         h.conditional = true;
         h.problem = "Eligo cannot read it, and its words may reverse its items or make them conditional";
         return h;
      }
      if (!any_of(words, timing) && !states_time_limit(text, lx_)) return h;
      // Quoted whole: a cut could drop the very time the note is for.
      std::string quoted = text;
      while (!quoted.empty() && (quoted.back() == ' ' || quoted.back() == '.')) quoted.pop_back();
      h.scope_words = quoted;
      return h;
   }

   // Under a heading Eligo cannot combine safely, an item read alone must not say what the heading's words change: where
   // the heading conditions its items or may reverse them ("…, excluding:", "… allowed provided …:", "No other cancer:"
   // among exclusions), each item is manual review too, quoting the heading; where it scopes them (a time, a number), each
   // item reads without those words and says so (unread).
   void guard_items(Criterion& c, const grammar::HeadingReading& h, const grammar::TrialItem& it)
   {
      if (!h.conditional && h.scope_words.empty()) return;
      std::string problem = h.problem;
      if (const std::size_t tail = problem.find(", and only its items are read"); tail != std::string::npos) problem.erase(tail);
      std::string heading = c.text;
      while (!heading.empty() && (heading.back() == ' ' || heading.back() == ':')) heading.pop_back();
      std::function<void(Criterion&, const std::vector<grammar::TrialItem>&)> guard = [&](Criterion& k, const std::vector<grammar::TrialItem>& items) {
         const auto at = std::find_if(items.begin(), items.end(), [&](const grammar::TrialItem& x) { return x.line == k.line; });
         if (h.conditional && !k.manual) {
            k.manual = true;
            k.automatic_manual = true;
            k.predicate = Predicate();
            k.predicate.kind = Predicate::Kind::manual;
            k.predicate.text = k.text;
            k.predicate.reason = "under the heading '" + heading + "', which Eligo cannot combine safely (" + problem +
                                 "): read alone, this item could hold for everyone or mean the opposite";
            k.unread.clear();
            if (at != items.end()) warning(at->line, at->column, 1, "read as manual review: " + k.predicate.reason, at->text);
         }
         else if (!h.conditional && !k.manual && !k.joined)
            k.unread.push_back("the heading's '" + h.scope_words + "'");
         // The bullets of a joined group are siblings of its first; the items of a bullet are nested under it.
         for (auto& g : k.children) guard(g, k.joined || at == items.end() ? items : at->children);
      };
      for (auto& k : c.children) guard(k, it.children);
   }

   // Manual review the compiler chooses: a visible criterion that says why, and a warning; never an error, so that a
   // structure Eligo cannot read safely leaves the rest of the trial screened.
   void make_automatic(Criterion& c, const std::string& reason, const grammar::TrialItem& it)
   {
      c.manual = true;
      c.automatic_manual = true;
      c.predicate = Predicate();
      c.predicate.kind = Predicate::Kind::manual;
      c.predicate.text = c.text;
      c.predicate.reason = reason;
      warning(it.line, it.column, 1, "read as manual review: " + reason, it.text);
   }

   static Section section_of(const grammar::TrialItem& it)
   {
      return it.section == "inclusion" ? Section::inclusion : it.section == "exclusion" ? Section::exclusion : Section::none;
   }

   // How bullet k joins the next one: by a trailing "or"/"and" in its wording, or a leading one in the next bullet's, unless
   // an as: line says what the bullet means.
   static grammar::TrailingJoin joins(const std::vector<grammar::TrialItem>& items, std::size_t k)
   {
      if (items[k].as.empty())
         if (const auto j = grammar::trailing_join(items[k].text); j != grammar::TrailingJoin::none) return j;
      if (k + 1 < items.size() && items[k + 1].as.empty()) return grammar::leading_join(items[k + 1].text);
      return grammar::TrailingJoin::none;
   }
   static std::string join_word(grammar::TrailingJoin j) { return j == grammar::TrailingJoin::all ? "and" : "or"; }

   static bool colon_heading(const std::string& s)
   {
      std::size_t e = s.size();
      while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '*')) --e;
      return e > 0 && s[e - 1] == ':';
   }
   // A line over nested items that is a heading: it ends in ':', or it introduces its items without the colon a registry
   // dropped ("… the following …", "… as follows") and its only trouble is a window its tests take ("Participants who satisfy
   // the following criteria for the major organ function in tests performed within 14 days prior to enrollment"). Any other
   // line without the colon stays a criterion or manual review: read as a heading, "Patients with the following are
   // excluded" and "Child-Pugh class A and adequate organ function as follows" dropped their own words (review helper-143).
   bool heading_line(const std::string& s, Criterion& c) const
   {
      if (colon_heading(s)) return true;
      const std::string w = " " + name_key(s) + " ";
      if (w.find(" the following ") == std::string::npos && !(w.size() >= 12 && w.compare(w.size() - 12, 12, " as follows ") == 0)) return false;
      const grammar::HeadingReading h = grammar::read_heading(s, c.section == Section::exclusion);
      return !h.combination && windowed_heading(h, c).has_value();
   }

   // The quantifier's words are a bare "the following" (not "all of the following").
   static bool bare_following(const std::string& source, const syntax::Node& q)
   {
      const std::string words = name_key(source.substr(q.begin, q.end - q.begin));
      return words.rfind("the following", 0) == 0;
   }

public:
   // The strict lower age bounds of a criterion and of its items' own rows, as the criterion over them reads them (binder.hpp):
   // "must not have any of the following:" over "Age > 75".
   static void settle_rows(Criterion& k, bool admitting, bool negated, std::optional<double> registry_minimum, std::optional<double> registry_maximum)
   {
      settle_older_than(k.predicate, admitting, negated, registry_minimum, registry_maximum);
      const bool negate = k.predicate.kind == Predicate::Kind::negate;
      for (auto& child : k.children) {
         settle_rows(child, negate ? !admitting : admitting, negated || negate, registry_minimum, registry_maximum);
         // An item's row reads its age bound as the criterion over it does, wherever the heading's negation sits in it
         // ("ECOG 0-1 and none of the following:" over "older than 75 years": review helper-133).
         follow_age_bounds(child, k.predicate);
      }
   }

private:
   static void age_leaves(Predicate& p, std::vector<Predicate*>& out)
   {
      if (p.kind == Predicate::Kind::measure && p.analyte && p.analyte->id == "age") out.push_back(&p);
      for (auto& c : p.children) age_leaves(c, out);
   }
   static void follow_age_bounds(Criterion& item, Predicate& over)
   {
      std::vector<Predicate*> mine, theirs;
      age_leaves(item.predicate, mine);
      if (mine.empty()) return;
      age_leaves(over, theirs);
      for (Predicate* a : mine)
         for (const Predicate* b : theirs)
            if (a->text == b->text && a->test == b->test && a->op == b->op && a->threshold == b->threshold && a->high == b->high &&
                a->low_open == b->low_open && a->high_open == b->high_open) {
               a->older_than = b->older_than;
               break;
            }
      for (auto& c : item.children) follow_age_bounds(c, over);
   }

public:
private:
   static Predicate combine(grammar::HeadingReading::Combination how, const std::vector<Predicate>& items, const std::string& text)
   {
      using C = grammar::HeadingReading::Combination;
      Predicate list;
      list.kind = how == C::any || how == C::none ? Predicate::Kind::any : Predicate::Kind::all;
      list.text = text;
      list.children = items;
      if (how == C::any || how == C::all) return list;
      Predicate p;
      p.kind = Predicate::Kind::negate;
      p.text = text;
      p.children.push_back(std::move(list));
      return p;
   }

   // The quantifier with no items that nested bullets fill: the tree itself, or its last conjunct.
   // Whether a predicate tests a fact of the record (a diagnosis, a drug, a procedure), not only measures and scores.
   static bool holds_fact(const std::vector<Predicate>& ps)
   {
      return std::any_of(ps.begin(), ps.end(), [](const Predicate& p) { return p.kind == Predicate::Kind::fact || holds_fact(p.children); });
   }

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
   const Concept* condition_;  // the trial's condition: names that mean a concept only in one domain bind by it
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
   {
      std::uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bits
      for (unsigned char ch : text) h = (h ^ ch) * 1099511628211ull;
      char hex[20];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
      trial.version = hex;
   }
   trial.sha256 = sha256_hex(text);
   trial.header = src.header;
   trial.title = title_of(src.header, trial.id);
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
   // How long a clinician's answer to a question stays valid (docs/language.md, "Answers to questions").
   if (auto it = src.header.find("answers valid"); it != src.header.end()) {
      if (auto days = parse_window(it->second))
         trial.answers_valid_days = *days;
      else
         out.errors.push_back({path, src.header_lines.at("answers valid"), 1, "answers valid must read like '30 days', '4 weeks' or '1 month'", ""});
   }
   if (auto it = src.header.find("criteria"); it != src.header.end()) {
      const std::string v = name_key(it->second);
      if (v == "partial" || v == "complete")
         trial.criteria_partial = out.criteria_partial = v == "partial";
      else
         out.errors.push_back({path, src.header_lines.at("criteria"), 1,
                               "criteria must be 'partial' (the registry states only part of the trial's criteria) or 'complete'", ""});
   }
   TrialCompiler tc(path, lexicon, out, trial.condition);
   out.criteria = src.items.size();
   for (const auto& it : src.items)
      if (!it.manual.empty()) ++out.manual;
   trial.criteria = tc.list(src.items);
   // The registry's minimum and maximum ages ("minimum age: 19 Years", kept as information) settle what "over 18" and "under
   // 45" mean (binder.hpp).
   auto registry_age = [&](const char* key) -> std::optional<double> {
      const auto it = src.header.find(key);
      if (it == src.header.end()) return std::nullopt;
      const std::string v = name_key(it->second);
      double n = 0;
      if (const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
          ec == std::errc() && std::string_view(end, v.data() + v.size() - end).find("year") != std::string_view::npos)
         return n;
      return std::nullopt;
   };
   const std::optional<double> registry_minimum = registry_age("minimum age"), registry_maximum = registry_age("maximum age");
   for (auto& c : trial.criteria) TrialCompiler::settle_rows(c, c.section != Section::exclusion, false, registry_minimum, registry_maximum);
   assign_kinds_and_ids(trial, lexicon.catalogue().criterion_kinds(), lexicon);
   // A heading the compiler could not combine safely is manual review too.
   std::function<void(const Criterion&)> automatic = [&](const Criterion& c) {
      if (c.automatic_manual && !c.joined) ++out.manual;
      if (c.joined)
         for (const auto& ch : c.children) {  // bullets joined by "or": each is a top-level line
            if (c.automatic_manual && !ch.manual) ++out.manual;
            automatic(ch);
         }
   };
   for (const auto& c : trial.criteria) automatic(c);
   // What the criteria use: lab analytes (for "labs within N days"), and the window such a criterion sets.
   std::function<void(const Predicate&, std::size_t)> scan = [&](const Predicate& p, std::size_t line) {
      if (p.kind == Predicate::Kind::measure && p.analyte->kind == AnalyteKind::lab &&
          std::find(trial.labs.begin(), trial.labs.end(), p.analyte) == trial.labs.end())
         trial.labs.push_back(p.analyte);
      // "other malignancy" is read against the trial's own condition; without one, the patient's own cancer would count.
      if (p.kind == Predicate::Kind::fact && p.other && p.concept_->kind == ConceptKind::condition && !trial.condition)
         out.errors.push_back({path, line, 1,
                               "'other " + p.concept_->display +
                                   "' is read against the trial's own condition, and the header has no 'condition:' line (add one, e.g. 'condition: "
                                   "hepatocellular carcinoma')",
                               ""});
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
