#include "grammar/parse_criterion.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "engine/core/text.hpp"
#include "engine/core/words.hpp"
#include "grammar/criterion_grammar.hpp"
#include "grammar/trial_file.hpp"  // valid_utf8

namespace eligo::grammar {

const Lexicon*& current_lexicon()
{
   thread_local const Lexicon* lexicon = nullptr;
   return lexicon;
}

const char*& criterion_begin()
{
   thread_local const char* begin = nullptr;
   return begin;
}

namespace {

// Error messages for the places where the text cannot go on (STYLE.md: one table).
template <typename>
inline constexpr const char* error_message = nullptr;
template <>
inline constexpr auto error_message<threshold_value> = "expected a number after the comparison";

struct errors {
   template <typename Rule>
   static constexpr auto message = error_message<Rule>;
};

// The furthest byte any rule reached before failing: where the text stopped making sense.
thread_local const char* furthest = nullptr;
// A caption ("Routine blood test:") is tried after the whole line fails; its
// scan must not move the reported error position.
thread_local int suppress_tracking = 0;

// A rule whose attempts must not move the reported error position (its scan is speculative).
template <typename Rule>
struct untracked : canonical<Rule> {
   template <typename ParseInput, typename... States>
   static void start(const ParseInput&, States&&...) noexcept
   {
      ++suppress_tracking;
   }
   template <typename ParseInput, typename... States>
   static void success(const ParseInput&, States&&...) noexcept
   {
      --suppress_tracking;
   }
   template <typename ParseInput, typename... States>
   static void failure(const ParseInput&, States&&...) noexcept
   {
      --suppress_tracking;
   }
   // An error raised inside (a threshold that is no number) leaves through here too.
   template <typename ParseInput, typename... States>
   static void unwind(const ParseInput&, States&&...) noexcept
   {
      --suppress_tracking;
   }
};

template <typename Rule>
struct tracking : canonical<Rule> {
   template <typename ParseInput, typename... States>
   static void failure(const ParseInput& in, States&&...) noexcept
   {
      if (suppress_tracking == 0 && (!furthest || in.current() > furthest)) furthest = in.current();
   }
};

template <>
struct tracking<caption> : untracked<caption> {};

// The defined-term form is tried last; its scan of the term's words must not move the reported error position either.
template <>
struct tracking<defined_line> : untracked<defined_line> {};
template <>
struct tracking<negated_defined_line> : untracked<negated_defined_line> {};
template <>
struct tracking<defined_intro_line> : untracked<defined_intro_line> {};
template <>
struct tracking<negated_defined_intro_line> : untracked<negated_defined_intro_line> {};
// So is the line that says whom it excludes: where it fails, the error points where the criterion stopped making sense.
template <>
struct tracking<stated_exclusion> : untracked<stated_exclusion> {};

// An offset from a normal limit or the control value, and "Child" before a class letter, are tried where other readings
// are: where they fail, the error points where the text stopped making sense for those.
template <>
struct tracking<uln_offset> : untracked<uln_offset> {};
template <>
struct tracking<control_offset> : untracked<control_offset> {};
template <>
struct tracking<child_short> : untracked<child_short> {};

// So is the relation to an event after a list of facts ("4 weeks prior to inclusion" is not one): where
// it fails, the error points where the list stopped making sense, as it did before the relation was tried.
template <>
struct tracking<event_anchor> : untracked<event_anchor> {};

template <typename Rule>
using control = pegtl::must_if<errors, tracking, false>::control<Rule>;

// Rules whose control hooks must run (an error message, the caption guard) are
// selected too: PEGTL 3.2's parse-tree control calls start/failure only for
// selected rules and leaves.
// The list is kept as written, so that additions stay a line of their own.
// clang-format off
template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule, pegtl::parse_tree::store_content::on<
              disjunction, conjunction, conjunction_tight, negated, quantifier, quant_any, quant_all, quant_none, measure_test, subject, list_or, analyte_name,
              relative_threshold, relative_postfix, uln_phrase, lln_phrase, within_normal, absolute_threshold, range_threshold, range_low, range_high,
              postfix_threshold, postfix_ge, postfix_le, op_ge, op_le, op_ne, op_gt, op_lt, op_eq, number, unit, bounded_test, bounded_low, bounded_high,
              age_first, score_test, score_name, label_compare, label_range, label_postfix, label_list, label_token, sex_female, sex_male, since_fact, duration,
              age_range, threshold_value, caption, defined_line, defined_intro_line, negated_defined_intro_line, lab_window, op_older, op_younger, age_compare, neither_nor, number_word, time_unit, fact,
              allergy_prefix, allergy_suffix, other_marker, concept_name, window, bare_relative, bare_threshold, age_years, age_bare, label_pair, word_label,
              label_cap, graded_noun, ref_score_name, score_after, sex_both, sex_one, demographic, gender_word, assessment_window, see_below, postop_fact,
              fact_after_event, rel_list, rel_item, rel_or, rel_and, rel_comma, event_anchor, event_within, event_delay, event_after, event_name, postop_word,
              scoped_facts, fact_list, example_tail, requirement_negated, and_sep, comma_mark, semicolon_mark, and_joiner, history_prefix, code_note, icd10_code, candidacy,
              age_of, age_between, age_span, child_short, unit_alternative, bracket_alternative, uln_offset, control_offset, negated_defined_line,
              scope_word, qualifier_word, qualifier_after, history_suffix, scope_moment, except_name, abbreviation_word, sex_scope_suffix, sex_scope_prefix, sex_threshold, sex_limits,
              present_use, supported_measure, support_note, op_ge_lost, op_le_lost, stated_exclusion,
              // what the reading passes over: recorded for the accounting of words, then taken out of the tree
              filler_word, paren_note, restating_note, colon, dash_filler, assessment_time, defined_term, confirming_test>>;
// clang-format on

using PNode = pegtl::parse_tree::node;

// The number a numeric token stands for; nullopt when it overflows a double ("1" and 400 nines).
std::optional<double> number_value(std::string_view raw)
{
   // Thousands separators other than the comma: space, no-break and thin spaces.
   std::string spaced(raw);
   for (const char* sep : {"\xC2\xA0", "\xE2\x80\x89", "\xE2\x80\xAF", " "})
      for (std::size_t p = 0; (p = spaced.find(sep, p)) != std::string::npos;) spaced.erase(p, std::strlen(sep));
   const std::string_view text = spaced;
   std::string s;
   const bool decimal_comma = text.find(',') != std::string_view::npos && text.size() - text.find(',') <= 3 && text.find('.') == std::string_view::npos &&
                              text.find(',') == text.rfind(',') && text.size() - text.rfind(',') - 1 < 3;
   for (char c : text) {
      if (c == ',') {
         if (decimal_comma) s += '.';
         continue;
      }
      s += c;
   }
   char* end = nullptr;
   errno = 0;
   const double v = std::strtod(s.c_str(), &end);
   if (errno == ERANGE && std::abs(v) > 1) return std::nullopt;  // overflow; an underflow reads as (about) 0
   return v;
}

std::string trimmed(std::string s)
{
   while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.erase(s.begin());
   while (!s.empty() && s.back() == ' ') s.pop_back();
   return s;
}

double word_value(std::string_view w)
{
   static const char* words[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
   std::string lower;
   for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   for (int i = 0; i < 12; ++i)
      if (lower == words[i]) return i + 1;
   return 0;
}

class Builder {
public:
   Builder(std::string_view text, const Lexicon& lexicon) : text_(text), lexicon_(lexicon) {}

   syntax::Node build(const PNode& n) const
   {
      syntax::Node out;
      out.begin = offset(n.m_begin);
      out.end = offset(n.m_end);
      if (n.is_type<disjunction>() || n.is_type<conjunction>() || n.is_type<conjunction_tight>()) {
         out.kind = n.is_type<disjunction>() ? syntax::Node::Kind::any : syntax::Node::Kind::all;
         for (const auto& c : n.children) {
            if (c->is_type<caption>()) continue;  // "Hepatic function:" between run-on items
            // "of all races and ethnic groups" says nothing to check; "regardless of race or gender" means either sex.
            if (c->is_type<demographic>() && !has_child<gender_word>(*c)) continue;
            if (c->is_type<see_below>()) continue;  // "as defined in the table below": the criteria below say it
            if (c->is_type<and_sep>()) continue;    // counted by seps_of
            out.children.push_back(build(*c));
         }
         if (out.children.empty()) throw SyntaxError("the criterion says nothing Eligo can check", out.begin, column_of(text_, out.begin));
         defined_after_comma(n, out);
         if (out.children.size() == 1) return std::move(out.children.front());
         distribute(out.children);
         // "Hb ≥ 13 g/dL (men) and Hb ≥ 12 g/dL (women)": limits by sex, whatever joins them.
         out.sex_partition = by_sex(out.children);
         // "pregnant, lactating": no 'and' joins the items, so the binder reads the list from the section.
         if (n.is_type<conjunction>()) out.unjoined = !out.sex_partition && seps_of(n).unjoined();
         if (n.is_type<disjunction>()) return disjunction_of(n, std::move(out));
         return out;
      }
      if (n.is_type<negated_defined_line>() || n.is_type<negated_defined_intro_line>()) {
         // "No uncontrolled hypertension, defined as ...": not the definition.
         out.kind = syntax::Node::Kind::negate;
         for (const auto& c : n.children)
            if (c->is_type<defined_line>() || c->is_type<defined_intro_line>()) out.children.push_back(build(*c));
         if (out.children.size() != 1) throw SyntaxError("internal: a negated defined term without its definition", out.begin, column_of(text_, out.begin));
         return out;
      }
      if (n.is_type<stated_exclusion>()) {
         // "Patients with malabsorption syndromes will be excluded": the binder reads it by section.
         out.kind = syntax::Node::Kind::negate;
         out.stated_exclusion = true;
         for (const auto& c : n.children)
            if (c->is_type<disjunction>()) out.children.push_back(build(*c));
         if (out.children.size() != 1)
            throw SyntaxError("internal: a line saying whom it excludes without a criterion", out.begin, column_of(text_, out.begin));
         return out;
      }
      if (n.is_type<defined_line>() || n.is_type<defined_intro_line>()) {
         // "Renal insufficiency (serum creatinine > 2 mg/dL)": the definition.
         for (const auto& c : n.children)
            if (c->is_type<disjunction>()) return build(*c);
         throw SyntaxError("internal: a defined term without its definition", out.begin, column_of(text_, out.begin));
      }
      if (n.is_type<sex_one>()) {  // "Women aged 18 years or older": the sex, beside the age
         out.kind = syntax::Node::Kind::sex;
         out.sex = n.children.at(0)->is_type<sex_female>() ? "female" : "male";
         return out;
      }
      if (n.is_type<sex_both>() || n.is_type<demographic>()) {
         // "male and female", "of either gender": either sex.
         out.kind = syntax::Node::Kind::any;
         std::vector<std::string> sexes;
         for (const auto& c : n.children)
            if (c->is_type<sex_female>() || c->is_type<sex_male>()) sexes.push_back(c->is_type<sex_female>() ? "female" : "male");
         if (sexes.empty()) sexes = {"female", "male"};
         for (const auto& x : sexes) {
            syntax::Node one = out;
            one.kind = syntax::Node::Kind::sex;
            one.sex = x;
            out.children.push_back(std::move(one));
         }
         return out;
      }
      if (n.is_type<negated>() || n.is_type<requirement_negated>()) {
         out.kind = syntax::Node::Kind::negate;
         out.requirement = n.is_type<requirement_negated>();  // "must not have": the binder reads it by section
         out.children.push_back(build(*n.children.at(0)));
         // "Must be free of all of the following:": free of each of them, so none of them may hold. "Must not have all of the
         // following:" may mean that or "not all of them" (a heading with that negation is manual for the same reason).
         if (syntax::Node& q = out.children.front(); q.kind == syntax::Node::Kind::quantifier && q.quant == syntax::Node::Quant::all) {
            const std::string said = lower_ascii(text_.substr(out.begin, q.begin - out.begin));
            if (said.find("free of") == std::string::npos && said.find("absence of") == std::string::npos)
               throw SyntaxError("'" + std::string(text_.substr(out.begin, out.end - out.begin)) +
                                     "' negates 'all of' its items: it may mean none of them or not all of them, so the line is for manual review "
                                     "(or give the reading in an as: line)",
                                 out.begin, column_of(text_, out.begin));
            q.quant = syntax::Node::Quant::any;  // free of all of them = none of them
         }
         return out;
      }
      if (n.is_type<scoped_facts>()) return scoped(n, out);
      if (n.is_type<quantifier>()) {
         out.kind = syntax::Node::Kind::quantifier;
         for (const auto& c : n.children) {
            if (c->is_type<quant_any>())
               out.quant = syntax::Node::Quant::any;
            else if (c->is_type<quant_all>())
               out.quant = syntax::Node::Quant::all;
            else if (c->is_type<quant_none>())
               out.quant = syntax::Node::Quant::none;
            else {
               syntax::Node item = build(*c);
               if (item.fact_list && item.unjoined)  // "none of the following: pregnant, lactating": the quantifier joins them
                  for (auto& x : item.children) out.children.push_back(std::move(x));
               else
                  out.children.push_back(std::move(item));
            }
         }
         return out;
      }
      if (n.is_type<measure_test>()) {
         for (const auto& c : n.children)
            if (c->is_type<sex_limits>()) return sex_limits_of(n, *c, out);
         syntax::Node m = measure(n, out);
         return for_sex(n, std::move(m));
      }
      if (n.is_type<bounded_test>() || n.is_type<age_first>() || n.is_type<age_range>() || n.is_type<age_compare>() || n.is_type<age_years>() ||
          n.is_type<age_bare>() || n.is_type<age_of>() || n.is_type<age_between>() || n.is_type<age_span>())
         return measure(n, out);
      if (n.is_type<supported_measure>()) {
         // "Hemoglobin > 9.0 g/dL (transfusion independent)": the count, and the note as a leaf for review. Support only
         // raises a count, so the count as measured settles the criterion on its low side alone: a count that must be high
         // ("≥", ">") needs the note confirmed too (and); one that must be low ("<", "≤": an exclusion "ANC < 1500/uL
         // (without growth factor support)") is met by a low count and otherwise waits for the note (or). A note that only
         // permits support ("(transfusion allowed)") adds no condition: the count alone is the reading.
         syntax::Node count;
         const PNode* note_node = nullptr;
         for (const auto& c : n.children) {
            if (c->is_type<support_note>())
               note_node = c.get();
            else
               count = build(*c);
         }
         const std::string note_text = trimmed(note_node->string());
         const std::size_t at = offset(note_node->m_begin);
         if (only_permits(note_text)) return count;
         auto fails = [&](const std::string& why) {
            throw SyntaxError("the note '" + note_text + "' " + why + ": Eligo does not skip it; write it as its own criterion or mark the line manual", at,
                              column_of(text_, at));
         };
         if (!restricts_support(note_text, count.value.number.text))
            fails("adds a condition Eligo does not read (another threshold, 'or', 'unless', support the count was measured with)");
         const bool high = count.op == syntax::Comparator::ge || count.op == syntax::Comparator::gt;
         const bool low = count.op == syntax::Comparator::le || count.op == syntax::Comparator::lt;
         if (count.kind != syntax::Node::Kind::measure || count.test != syntax::Node::Test::compare || count.op_missing || (!high && !low))
            fails("qualifies a count; Eligo combines such a note only with a written comparison ('≥', '<' …)");
         syntax::Node note;
         note.kind = syntax::Node::Kind::manual;
         note.chart = true;
         note.begin = at;
         note.end = offset(note_node->m_end);
         note.reason = "'" + note_text +
                       "' is about transfusion or growth-factor support for the count, which the record Eligo reads does not show: this part is for "
                       "manual review";
         out.kind = high ? syntax::Node::Kind::all : syntax::Node::Kind::any;
         out.children.push_back(std::move(count));
         out.children.push_back(std::move(note));
         return out;
      }
      if (n.is_type<bracket_alternative>()) {
         // "ECOG 0-1 (or Karnofsky ≥ 80%)": either test.
         out.kind = syntax::Node::Kind::any;
         for (const auto& c : n.children) out.children.push_back(build(*c));
         return out;
      }
      if (n.is_type<neither_nor>()) {
         syntax::Node any = out;
         any.kind = syntax::Node::Kind::any;
         for (const auto& c : n.children) any.children.push_back(build(*c));
         out.kind = syntax::Node::Kind::negate;
         out.children.push_back(std::move(any));
         return out;
      }
      if (n.is_type<score_test>() || n.is_type<score_after>()) return score(n, out);
      if (n.is_type<sex_female>() || n.is_type<sex_male>()) {
         out.kind = syntax::Node::Kind::sex;
         out.sex = n.is_type<sex_female>() ? "female" : "male";
         return out;
      }
      if (n.is_type<fact>()) return fact_node(n, out);
      if (n.is_type<candidacy>()) {
         // Never history: a leaf for review, whose reason the why prints.
         std::string phrase = trimmed(n.string());
         if (phrase.size() > 60) {
            std::size_t cut = 60;
            while (cut > 0 && (static_cast<unsigned char>(phrase[cut]) & 0xC0) == 0x80) --cut;  // whole code points
            phrase = phrase.substr(0, cut) + "…";
         }
         out.kind = syntax::Node::Kind::manual;
         out.reason = "'" + phrase +
                      "' asks whether the patient may have something in future (a treatment, the study); a record holds what was done, so Eligo "
                      "does not read it as history";
         return out;
      }
      if (n.is_type<postop_fact>() || n.is_type<fact_after_event>()) return anchored(n, out);
      if (n.is_type<lab_window>()) {
         out.kind = syntax::Node::Kind::lab_window;
         syntax::Window w;
         for (const auto& c : n.children)
            if (c->is_type<duration>()) w.amount = duration_of(*c);
         out.window = w;
         return out;
      }
      if (n.is_type<since_fact>()) {
         // "≥ 4 weeks since prior TACE": the fact, with a 'since' window.
         syntax::Window w;
         w.kind = syntax::Window::Kind::since;
         w.op = syntax::Comparator::ge;
         syntax::Node f;
         bool list = false;
         for (const auto& c : n.children) {
            if (is_op(*c))
               w.op = op_of(*c);
            else if (c->is_type<duration>())
               w.amount = duration_of(*c);
            else if (c->is_type<fact>())
               f = build(*c);
            else if (c->is_type<scoped_facts>()) {
               f = build(*c);
               list = true;
            }
         }
         if (!list) {
            f.window = w;
            if (f.present_use) f.current = false;
            f.begin = out.begin;
            f.end = out.end;
            return f;
         }
         // "> 4 weeks since prior radiation, surgery or chemotherapy": the time since the last of any of them, so each of
         // them (had) at least that long ago; "< 4 weeks since surgery or radiation": one of them that recently.
         set_window(f, w, true);
         const bool recent = w.op == syntax::Comparator::lt || w.op == syntax::Comparator::le;
         since_list(f, recent ? syntax::Node::Kind::any : syntax::Node::Kind::all);
         f.begin = out.begin;
         f.end = out.end;
         return f;
      }
      throw SyntaxError("internal: unexpected node " + std::string(n.type), out.begin, column_of(text_, out.begin));
   }

private:
   std::size_t offset(const pegtl::internal::iterator& it) const { return static_cast<std::size_t>(it.data - text_.data()); }

   template <typename Rule>
   static bool has_child(const PNode& n)
   {
      for (const auto& c : n.children)
         if (c->is_type<Rule>() || has_child<Rule>(*c)) return true;
      return false;
   }

   // A label as the binder reads it: "B7", or "intermediate&B" for "Intermediate stage B" (both must agree).
   static std::string label_text(const PNode& d)
   {
      if (!d.is_type<label_pair>()) return d.string();
      std::string word, token;
      for (const auto& c : d.children) {
         if (c->is_type<word_label>()) word = c->string();
         if (c->is_type<label_token>()) token = c->string();
      }
      return word + "&" + token;
   }

   // "(transfusion allowed)", "(hemoglobin may be supported by transfusion)", "(transfusions and/or erythropoietin are
   // permitted)", "(may be transfused to maintain or exceed this level)": a permission and nothing else. Every word must be
   // a permission, support, count or joining word of the catalogue's support_note_words.json: a note that says anything
   // more ("pre-transfusion", "up to 2 units", "in patients with …", "in the absence of bleeding") restricts or conditions
   // the permission.
   bool only_permits(std::string_view note) const
   {
      using G = Lexicon::SupportWord;
      bool permit = false;
      for (const auto& x : lower_words(note)) {
         if (lexicon_.is_support_word(G::permission, x))
            permit = true;
         else if (!lexicon_.is_support_word(G::support, x) && !lexicon_.is_support_word(G::count, x) && !lexicon_.is_support_word(G::permission_context, x))
            return false;
      }
      return permit;
   }

   // A note read as a part for review beside the count says only that the count must stand without support: every word is
   // a support, count, absence, time or joining word of support_note_words.json ("independent", "without", "no", "prior",
   // "pre-", "completed", "at least N days after"), or a number that is a time or the count's own threshold; and one of
   // the words names the support as absent. Anything more ("not correctable with transfusion", "lower values are acceptable
   // without transfusion", "8 g/dL for patients who are transfusion independent", "despite transfusion") leaves the line to
   // manual review (reviews helper-84, -85, -86, -87).
   bool restricts_support(std::string_view note, const std::string& threshold) const
   {
      using G = Lexicon::SupportWord;
      auto known = [&](const std::string& x) {
         for (G g : {G::support, G::count, G::absence, G::time, G::time_unit, G::restriction_context})
            if (lexicon_.is_support_word(g, x)) return true;
         return false;
      };
      const std::vector<std::string> words = lower_words(note);
      bool marked = false;
      for (std::size_t i = 0; i < words.size(); ++i) {
         const std::string& x = words[i];
         if (std::isdigit(static_cast<unsigned char>(x.front()))) continue;  // numbers: below
         // "prior transfusion is allowed if completed 2 weeks prior": a permission under a time condition only
         const bool timed_permission = (x == "allowed" || x == "permitted") && i + 2 < words.size() && words[i + 1] == "if" && words[i + 2] == "completed";
         const bool timed_if = x == "if" && i + 1 < words.size() && words[i + 1] == "completed";
         if (!known(x) && !timed_permission && !timed_if) return false;
         if (lexicon_.is_support_word(G::absence, x) || timed_permission) marked = true;
      }
      // "(no transfusion independence)", "(without transfusion independence)": transfusion dependent.
      auto has = [&](const char* w) { return std::find(words.begin(), words.end(), w) != words.end(); };
      if ((has("no") || has("without")) && (has("independent") || has("independence"))) return false;
      // A number is a time ("within 30 days", "2 weeks prior") or the count's own threshold restated; any other is another
      // threshold ("(8 g/dL for …)", "(75,000/uL if …)").
      for (std::size_t i = 0; i < note.size(); ++i) {
         if (!std::isdigit(static_cast<unsigned char>(note[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(note[i - 1])))) continue;
         std::size_t k = i;
         while (k < note.size() && (std::isdigit(static_cast<unsigned char>(note[k])) || note[k] == '.' || note[k] == ',')) ++k;
         std::string number(note.substr(i, k - i));
         while (!number.empty() && (number.back() == '.' || number.back() == ',')) number.pop_back();
         const std::vector<std::string> after = lower_words(note.substr(k));
         const bool time = !after.empty() && lexicon_.is_support_word(G::time_unit, after.front());
         if (!time && number != threshold) return false;
         i = k;
      }
      return marked;
   }

   static bool is_label(const PNode& d) { return d.is_type<label_token>() || d.is_type<label_pair>(); }

   static bool is_op(const PNode& n)
   {
      return n.is_type<op_ge>() || n.is_type<op_le>() || n.is_type<op_ge_lost>() || n.is_type<op_le_lost>() || n.is_type<op_gt>() || n.is_type<op_lt>() ||
             n.is_type<op_eq>() || n.is_type<op_ne>() || n.is_type<postfix_ge>() || n.is_type<postfix_le>() || n.is_type<op_older>() || n.is_type<op_younger>();
   }

   static syntax::Comparator op_of(const PNode& n)
   {
      if (n.is_type<op_ge>() || n.is_type<op_ge_lost>() || n.is_type<postfix_ge>()) return syntax::Comparator::ge;
      if (n.is_type<op_le>() || n.is_type<op_le_lost>() || n.is_type<postfix_le>()) return syntax::Comparator::le;
      if (n.is_type<op_gt>() || n.is_type<op_older>()) return syntax::Comparator::gt;
      if (n.is_type<op_lt>() || n.is_type<op_younger>()) return syntax::Comparator::lt;
      if (n.is_type<op_ne>()) return syntax::Comparator::ne;
      return syntax::Comparator::eq;
   }

   syntax::Number number_of(const PNode& n) const
   {
      syntax::Number x;
      x.text = n.string();
      if (n.is_type<number_word>())
         x.value = word_value(x.text);
      else if (const auto v = number_value(x.text))
         x.value = *v;
      else {
         const std::size_t at = offset(n.m_begin);
         std::size_t cut = std::min<std::size_t>(x.text.size(), 24);
         while (cut < x.text.size() && cut > 0 && (static_cast<unsigned char>(x.text[cut]) & 0xC0) == 0x80) --cut;  // whole code points
         throw SyntaxError("number out of range: '" + x.text.substr(0, cut) + (cut < x.text.size() ? "…" : "") + "'", at, column_of(text_, at));
      }
      return x;
   }

   // A quantity is a number node optionally followed by a unit node, among `nodes` from index i.
   syntax::Quantity quantity_at(const PNode& parent, std::size_t& i) const
   {
      syntax::Quantity q;
      q.number = number_of(*parent.children.at(i++));
      if (i < parent.children.size() && parent.children[i]->is_type<unit>()) q.unit = parent.children[i++]->string();
      return q;
   }

   syntax::Quantity quantity_in(const PNode& n) const
   {
      std::size_t i = 0;
      return quantity_at(n, i);
   }

   syntax::Quantity duration_of(const PNode& n) const
   {
      syntax::Quantity q;
      for (const auto& c : n.children) {
         if (c->is_type<number>() || c->is_type<number_word>())
            q.number = number_of(*c);
         else if (c->is_type<time_unit>())
            q.unit = c->string();
      }
      return q;
   }

   // "within 7 days of first dose of study drug": how recent the value must be, and the moment it counts back from.
   syntax::Node::Assessment assessment_of(const PNode& n) const
   {
      syntax::Node::Assessment a;
      for (const auto& c : n.children)
         if (c->is_type<duration>()) {
            a.amount = duration_of(*c);
            // The moment: what follows the duration and "of", "prior to" or "before".
            const std::string whole = n.string(), amount = c->string();
            std::string rest = whole.substr(whole.find(amount) + amount.size());
            const auto word = rest.find_first_not_of(' ');
            rest = word == std::string::npos ? std::string() : rest.substr(word);
            std::string lower = rest;
            for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            for (const std::string anchor : {"prior to", "before", "of"})
               if (lower.rfind(anchor, 0) == 0) {
                  rest = rest.substr(anchor.size());
                  break;
               }
            const auto start = rest.find_first_not_of(' ');
            a.moment = start == std::string::npos ? std::string() : rest.substr(start);
         }
      return a;
   }

   // "QTcF > 470 msec (female)", "Hb: men ≥ 13 g/dL": the test, for the sex its scope names (none: the test alone).
   syntax::Node for_sex(const PNode& n, syntax::Node test) const
   {
      for (const auto& c : n.children) {
         if (!c->is_type<sex_scope_suffix>() && !c->is_type<sex_scope_prefix>()) continue;
         syntax::Node sex;
         sex.kind = syntax::Node::Kind::sex;
         sex.begin = offset(c->m_begin);
         sex.end = offset(c->m_end);
         for (const auto& d : c->children)
            if (d->is_type<sex_female>() || d->is_type<sex_male>()) sex.sex = d->is_type<sex_female>() ? "female" : "male";
         syntax::Node scoped;
         scoped.kind = syntax::Node::Kind::all;
         scoped.sex_scoped = true;
         scoped.begin = test.begin;
         scoped.end = test.end;
         scoped.children.push_back(std::move(sex));
         scoped.children.push_back(std::move(test));
         return scoped;
      }
      return test;
   }

   // "Hb ≥ 13 g/dL for men, ≥ 12 g/dL for women": the names once, a threshold for each sex.
   syntax::Node sex_limits_of(const PNode& n, const PNode& limits, syntax::Node& out) const
   {
      syntax::Node base = out;
      base.kind = syntax::Node::Kind::measure;
      subjects(n, base);
      syntax::Node list = out;
      list.kind = syntax::Node::Kind::any;
      list.sex_partition = true;
      for (const auto& c : limits.children) {
         if (!c->is_type<sex_threshold>()) continue;
         syntax::Node m = base;
         m.end = offset(c->m_end);
         for (const auto& d : c->children) threshold(*d, m);
         list.children.push_back(for_sex(*c, std::move(m)));
      }
      if (!by_sex(list.children))
         throw SyntaxError("'" + std::string(text_.substr(out.begin, out.end - out.begin)) + "' gives one sex two thresholds: Eligo cannot tell which holds",
                           out.begin, column_of(text_, out.begin));
      return list;
   }

   // Each item a test for one sex, each for another sex.
   static bool by_sex(const std::vector<syntax::Node>& items)
   {
      if (items.size() < 2) return false;
      std::vector<std::string> seen;
      for (const auto& x : items) {
         if (!x.sex_scoped || x.children.empty()) return false;
         const std::string& sex = x.children.front().sex;
         if (std::find(seen.begin(), seen.end(), sex) != seen.end()) return false;
         seen.push_back(sex);
      }
      return true;
   }

   void subjects(const PNode& n, syntax::Node& out) const
   {
      for (const auto& c : n.children) {
         if (c->is_type<subject>())
            out.subjects.push_back(c->children.at(0)->string());
         else if (c->is_type<list_or>())
            out.subjects_any = true;
      }
      subject_joins(n, out);
   }

   // "PT or INR, and PTT": which subjects an explicit "and" (", and", "and", "&"; not "and/or") joins to the one before.
   void subject_joins(const PNode& n, syntax::Node& out) const
   {
      const PNode* prev = nullptr;
      for (const auto& c : n.children) {
         if (!c->is_type<subject>()) continue;
         if (prev) {
            std::string gap(text_.substr(offset(prev->m_end), offset(c->m_begin) - offset(prev->m_end)));
            for (char& ch : gap) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            for (std::size_t p; (p = gap.find("and/or")) != std::string::npos;) gap.erase(p, 6);
            bool word_and = gap.find('&') != std::string::npos;
            for (std::size_t p = 0; !word_and && (p = gap.find("and", p)) != std::string::npos; p += 3)
               word_and = (p == 0 || !std::isalpha(static_cast<unsigned char>(gap[p - 1]))) &&
                          (p + 3 >= gap.size() || !std::isalpha(static_cast<unsigned char>(gap[p + 3])));
            out.subject_and.push_back(word_and);
         }
         prev = c.get();
      }
   }

   void threshold(const PNode& t, syntax::Node& out) const
   {
      using T = syntax::Node::Test;
      if (t.is_type<relative_threshold>() || t.is_type<relative_postfix>()) {
         out.test = T::relative;
         out.value.number = {1, "1"};
         for (const auto& c : t.children) {
            if (is_op(*c))
               out.op = op_of(*c);
            else if (c->is_type<number>())
               out.value.number = number_of(*c);
            else if (c->is_type<uln_phrase>())
               out.upper = true;
            else if (c->is_type<lln_phrase>())
               out.upper = false;
         }
      }
      else if (t.is_type<within_normal>()) {
         out.test = T::within_normal;
      }
      else if (t.is_type<bare_relative>()) {
         // "5 x upper limit of normal": the comparison is missing.
         out.test = T::relative;
         out.op_missing = true;
         out.value.number = {1, "1"};
         for (const auto& c : t.children) {
            if (c->is_type<number>())
               out.value.number = number_of(*c);
            else if (c->is_type<uln_phrase>())
               out.upper = true;
            else if (c->is_type<lln_phrase>())
               out.upper = false;
         }
      }
      else if (t.is_type<bare_threshold>()) {
         out.test = T::compare;
         out.op_missing = true;
         out.value = quantity_in(t);
      }
      else if (t.is_type<assessment_window>()) {
         out.assessed = assessment_of(t);
      }
      else if (t.is_type<uln_offset>() || t.is_type<control_offset>()) {
         const std::size_t at = offset(t.m_begin);
         const std::string written = trimmed(t.string());
         if (t.is_type<uln_offset>())
            throw SyntaxError("'" + written +
                                  "' is a threshold given as an offset from the upper limit of normal: Eligo compares with a value or a multiple of "
                                  "the ULN, not with a sum; mark the line manual, or write the absolute threshold in 'as:'",
                              at, column_of(text_, at));
         throw SyntaxError("'" + written +
                               "' is a threshold given as an offset from the assay's control value, which is not part of a patient's record: mark the "
                               "line manual",
                           at, column_of(text_, at));
      }
      else if (t.is_type<unit_alternative>()) {
         // "(≥ 6.2 mmol/L)": the threshold again, in another unit.
         for (std::size_t i = 0; i < t.children.size();) {
            const auto& c = *t.children[i];
            if (is_op(c)) {
               out.alternative_op = op_of(c);
               ++i;
            }
            else if (c.is_type<number>())
               out.alternative = quantity_at(t, i);
            else
               ++i;
         }
      }
      else if (t.is_type<absolute_threshold>() || t.is_type<postfix_threshold>()) {
         out.test = T::compare;
         for (std::size_t i = 0; i < t.children.size();) {
            const auto& c = *t.children[i];
            if (is_op(c)) {
               out.op = op_of(c);
               ++i;
            }
            else if (c.is_type<number>())
               out.value = quantity_at(t, i);
            else if (c.is_type<threshold_value>()) {
               out.value = quantity_in(c);
               ++i;
            }
            else
               ++i;
         }
      }
      else if (t.is_type<range_threshold>()) {
         out.test = T::range;
         for (const auto& c : t.children) {
            if (c->is_type<range_low>())
               out.value = quantity_in(*c);
            else if (c->is_type<range_high>())
               out.high = quantity_in(*c);
         }
      }
   }

   syntax::Node measure(const PNode& n, syntax::Node& out) const
   {
      out.kind = syntax::Node::Kind::measure;
      if (n.is_type<bounded_test>()) {
         // "18 ≤ age ≤ 75" or "75 > age ≥ 18": low op subject op high, either way round.
         out.test = syntax::Node::Test::range;
         std::vector<syntax::Comparator> ops;
         for (const auto& c : n.children) {
            if (c->is_type<bounded_low>())
               out.value = quantity_in(*c);
            else if (c->is_type<bounded_high>())
               out.high = quantity_in(*c);
            else if (c->is_type<subject>())
               out.subjects.push_back(c->children.at(0)->string());
            else if (c->is_type<list_or>())
               out.subjects_any = true;
            else if (is_op(*c))
               ops.push_back(op_of(*c));
         }
         subject_joins(n, out);
         using C = syntax::Comparator;
         auto upward = [](C c) { return c == C::lt || c == C::le; };
         if (ops.size() != 2 || upward(ops[0]) != upward(ops[1]) || ops[0] == C::eq || ops[0] == C::ne || ops[1] == C::eq || ops[1] == C::ne)
            throw SyntaxError("a bounded range reads 'low < name < high' or 'high > name > low'", out.begin, column_of(text_, out.begin));
         if (!upward(ops[0])) {
            std::swap(out.value, out.high);
            std::swap(ops[0], ops[1]);
         }
         out.low_open = ops[0] == C::lt || ops[0] == C::gt;
         out.high_open = ops[1] == C::lt || ops[1] == C::gt;
         return out;
      }
      if (n.is_type<age_range>() || n.is_type<age_between>() || n.is_type<age_span>()) {
         out.subjects.push_back("age");
         threshold(*n.children.at(0), out);
         return out;
      }
      if (n.is_type<age_first>() || n.is_type<age_compare>() || n.is_type<age_years>() || n.is_type<age_bare>() || n.is_type<age_of>()) {
         if (n.is_type<age_first>()) unitless_age(n);
         out.subjects.push_back("age");
         out.test = syntax::Node::Test::compare;
         bool have_op = false;
         for (std::size_t i = 0; i < n.children.size();) {
            const auto& c = *n.children[i];
            if (is_op(c)) {
               out.op = op_of(c);
               have_op = true;
               ++i;
            }
            else if (c.is_type<number>())
               out.value = quantity_at(n, i);
            else
               ++i;
         }
         // "18 years of age" alone: the binder infers a comparison only where that is principled, else it is an error.
         if (!have_op) out.op_missing = true;
         return out;
      }
      subjects(n, out);
      for (const auto& c : n.children)
         if (!c->is_type<subject>() && !c->is_type<list_or>()) threshold(*c, out);
      return out;
   }

   // "were on sorafenib at screening", "had been on steroids at enrollment": a past use and a moment at screening give the use two
   // times (the moment is otherwise skipped as the screening date), so the line does not compile (review helper-122).
   void past_use_at_moment(const std::string& prefix, const std::string& moment, const PNode& fact) const
   {
      if (prefix.rfind("been ", 0) != 0 && prefix.rfind("were ", 0) != 0 && prefix.rfind("was ", 0) != 0) return;
      const std::size_t at = static_cast<std::size_t>(fact.m_begin.data - text_.data());
      if (!moment.empty())
         throw SyntaxError(
             "'" + prefix + "' (a use before screening) and '" + moment + "' give the use two different times: write the one meant, or mark the line manual",
             at, column_of(text_, at));
      std::string rest(text_.substr(static_cast<std::size_t>(fact.m_end.data - text_.data())));
      for (auto& ch : rest) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      for (const char* moment : {"at screening", "at the time", "at enrollment", "at enrolment", "at baseline", "at randomization", "at randomisation",
                                 "at registration", "at study entry", "at entry", "at inclusion", "at the start", "at first dose", "at the first dose"})
         if (const std::size_t at = rest.find(moment); at != std::string::npos)
            throw SyntaxError("'" + prefix + "' (a use before screening) and '" + std::string(moment) +
                                  "' give the use two different times: write the one meant, or mark the line manual",
                              at, column_of(text_, at));
   }

   // "18 or older", "18 and over": a number without a unit is an age only when nothing but who the patient is comes before it on
   // the line. "Performance status 2 or over", "Grade 2 and over", "Lesions: 4 or over" count something else (review helper-121).
   void unitless_age(const PNode& n) const
   {
      for (const auto& c : n.children)
         if (c->is_type<unit>()) return;
      static const std::set<std::string> who = {"patients", "patient", "subjects", "subject", "participants", "participant", "persons", "person",  "people",
                                                "adults",   "adult",   "men",      "women",   "man",          "woman",       "males",   "females", "male",
                                                "female",   "and",     "or",       "either",  "sex",          "age",         "aged",    "ages",    "who",
                                                "are",      "is",      "must",     "be",      "should",       "the",         "of",      "at",      "least"};
      const std::size_t begin = static_cast<std::size_t>(n.m_begin.data - text_.data());
      // After it, only the moment the age is counted at ("18 or older at the time of consent"): "2 or over (ECOG)" is a score.
      static const std::set<std::string> after = {
          "at",           "the",           "time",          "of",    "obtaining", "signing",   "informed", "consent", "screening", "enrollment", "enrolment",
          "registration", "randomization", "randomisation", "study", "entry",     "inclusion", "on",       "day",     "date",      "years",      "old"};
      const std::size_t end = static_cast<std::size_t>(n.m_end.data - text_.data());
      // A bracket after it ("60 or over (%)") says what the number counts.
      if (const std::size_t open = text_.find_first_of("([", end); open != std::string_view::npos)
         throw SyntaxError("the bracket after '" + n.string() + "': a number without a unit with a note is not an age; write the scale or the unit (years)",
                           open, column_of(text_, open));
      for (const PlacedWord& w : placed_words(text_.substr(end)))
         if (!after.count(w.lower) && !who.count(w.lower))
            throw SyntaxError("'" + std::string(text_.substr(end + w.at, w.size)) + "' after '" + n.string() +
                                  "': a number without a unit with other words is not an age; write the scale or the unit (years)",
                              end + w.at, column_of(text_, end + w.at));
      for (const PlacedWord& w : placed_words(text_.substr(0, begin)))
         if (!who.count(w.lower))
            throw SyntaxError("'" + std::string(text_.substr(w.at, w.size)) + "' before '" + n.string() +
                                  "': a number without a unit after other words is not an age; write the scale or the unit (years)",
                              w.at, column_of(text_, w.at));
   }

   syntax::Node score(const PNode& n, syntax::Node& out) const
   {
      using T = syntax::Node::Test;
      out.kind = syntax::Node::Kind::score;
      for (const auto& c : n.children) {
         if (c->is_type<score_name>() || c->is_type<ref_score_name>())
            out.subjects.push_back(c->string());
         else if (c->is_type<child_short>())
            out.subjects.push_back("Child-Pugh");  // "Child A": the score the class letter belongs to
         else if (c->is_type<label_compare>() || c->is_type<label_postfix>()) {
            out.test = T::compare;
            for (const auto& d : c->children) {
               if (is_op(*d))
                  out.op = op_of(*d);
               else if (is_label(*d))
                  out.labels.push_back(label_text(*d));
            }
         }
         else if (c->is_type<label_range>()) {
            out.test = T::label_range;
            for (const auto& d : c->children)
               if (is_label(*d)) out.labels.push_back(label_text(*d));
         }
         else if (c->is_type<label_list>()) {
            out.test = T::labels;
            for (const auto& d : c->children)
               if (is_label(*d)) out.labels.push_back(label_text(*d));
         }
         else if (c->is_type<label_cap>()) {
            // "(up to B7)": narrows the labels.
            syntax::Node::Cap cap;
            for (const auto& d : c->children) {
               if (is_op(*d))
                  cap.op = op_of(*d);
               else if (is_label(*d))
                  cap.label = label_text(*d);
            }
            out.cap = cap;
         }
         else if (c->is_type<graded_noun>())
            out.graded = c->string();
         else if (c->is_type<assessment_window>())
            out.assessed = assessment_of(*c);
      }
      return out;
   }

   syntax::Node fact_node(const PNode& n, syntax::Node& out) const
   {
      out.kind = syntax::Node::Kind::fact;
      std::string moment, use, past;
      for (const auto& c : n.children) {
         if (c->is_type<concept_name>()) {
            out.concept_ = c->string();
            // "human immunodeficiency virus (HIV) infection": the name without its bracket, and the abbreviation to check.
            if (auto split = split_abbreviated_name(out.concept_)) {
               out.concept_ = std::move(split->name);
               out.abbreviation = std::move(split->abbreviation);
            }
         }
         else if (c->is_type<other_marker>())
            out.other = true;
         else if (c->is_type<allergy_prefix>() || c->is_type<allergy_suffix>())
            out.allergy = true;
         else if (c->is_type<code_note>()) {
            for (const auto& d : c->children)
               if (d->is_type<icd10_code>()) out.code_note = d->string();
         }
         else if (c->is_type<window>()) {
            syntax::Window w;
            w.kind = syntax::Window::Kind::within;
            w.op = syntax::Comparator::le;
            for (const auto& d : c->children)
               if (d->is_type<duration>()) w.amount = duration_of(*d);
            out.window = w;
         }
         else if (c->is_type<scope_word>()) {
            out.current = true;
            out.scope = c->string();
         }
         else if (c->is_type<qualifier_word>() || c->is_type<qualifier_after>()) {
            const std::string q = current_lexicon()->qualifier_name(c->string());
            if (std::find(out.qualifiers.begin(), out.qualifiers.end(), q) == out.qualifiers.end()) out.qualifiers.push_back(q);
            out.qualifier_after = out.qualifier_after || c->is_type<qualifier_after>();
         }
         else if (c->is_type<present_use>()) {  // "patients on anticoagulants", "receiving anticoagulation": taking it now
            out.present_use = true;
            use = c->string();
         }
         else if (c->is_type<history_prefix>() || c->is_type<history_suffix>()) {
            const std::string w = c->string();
            std::string lower;
            for (char ch : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (c->is_type<history_prefix>() || lower.find("history") != std::string::npos) out.history = w;
            if (c->is_type<history_prefix>()) past = lower;
         }
         else if (c->is_type<scope_moment>())
            moment = trimmed(c->string());
         else if (c->is_type<except_name>())
            out.except.push_back(c->string());
         else if (c->is_type<abbreviation_word>())
            out.abbreviation = c->string();
      }
      // "HIV infection at screening": at the screening date. After a history word or with a window, the moment is
      // what the history is counted back from ("no prior sorafenib at the time of consent").
      if (!past.empty()) past_use_at_moment(past, moment, n);
      if (!moment.empty() && out.history.empty() && !out.window && !out.current) {
         out.current = true;
         out.scope = moment;
         out.moment = true;
      }
      // A use with a window ("receiving sorafenib within 4 weeks") or a history word is timed by them, not at screening.
      if (out.present_use && !out.current && out.history.empty() && !out.window) {
         out.current = true;
         out.scope = use;
      }
      return out;
   }

   // "active hepatitis B or hepatitis C", "clinically significant cardiac or pulmonary disease": a time-scope
   // word or a qualifier before the first fact of a list of facts binds every fact of the list that has no time
   // or qualifier of its own (docs/language.md, "Time scope").
   void distribute(std::vector<syntax::Node>& items) const
   {
      if (items.size() < 2 || std::any_of(items.begin(), items.end(), [](const syntax::Node& x) { return x.kind != syntax::Node::Kind::fact; })) return;
      const syntax::Node first = items.front();
      // A qualifier after the first fact is that fact's own ("infection requiring systemic therapy or HIV"). Whether a word
      // before it ("active", "serious") is the first fact's alone, or every item's as it would be without the qualifier after,
      // the line does not say.
      if (first.qualifier_after) {
         if (first.current || first.qualifiers.size() > 1)
            throw SyntaxError("'" + std::string(text_.substr(first.begin, first.end - first.begin)) +
                                  "' has a qualifier after it, and the list's other items may or may not share its words before it: write them as "
                                  "separate criteria, or give the reading in an as: line",
                              first.begin, column_of(text_, first.begin));
         return;
      }
      if (!first.current && first.qualifiers.empty()) return;
      for (std::size_t i = 1; i < items.size(); ++i) {
         syntax::Node& x = items[i];
         if (x.current || !x.qualifiers.empty() || !x.history.empty() || x.window || x.after) continue;
         x.current = first.current;
         x.present_use = first.present_use;
         x.scope = first.scope;
         x.moment = first.moment;
         x.qualifiers = first.qualifiers;
         x.carried_qualifiers = !first.qualifiers.empty();
      }
   }

   // "postoperative A, B or C", "A or B after resection": the list, with the relation on each of its facts.
   syntax::Node anchored(const PNode& n, const syntax::Node& out) const
   {
      syntax::Anchor a;
      const PNode* list = nullptr;
      std::vector<const PNode*> parts;
      for (const auto& c : n.children) {
         if (c->is_type<event_anchor>())
            for (const auto& d : c->children) parts.push_back(d.get());
         else
            parts.push_back(c.get());
      }
      for (const PNode* c : parts) {
         if (c->is_type<rel_list>())
            list = c;
         else if (c->is_type<event_within>() || c->is_type<event_delay>() || c->is_type<event_after>()) {
            if (c->is_type<event_within>()) a.op = syntax::Comparator::le;
            for (const auto& d : c->children) {
               if (d->is_type<duration>())
                  a.amount = duration_of(*d);
               else if (is_op(*d))
                  a.op = op_of(*d);
               else if (d->is_type<event_name>()) {
                  a.event = d->string();
                  a.at = offset(d->m_begin);
               }
            }
         }
         else if (c->is_type<postop_word>())
            a.at = offset(c->m_begin);
      }
      if (!list) throw SyntaxError("internal: a relation to an event without its facts", out.begin, column_of(text_, out.begin));
      syntax::Node tree = related_list(*list);
      set_anchor(tree, a);
      if (!tree.unjoined) {  // a list's facts keep their own text; a list the binder may reject is quoted as written
         tree.begin = out.begin;
         tree.end = out.end;
      }
      return tree;
   }

   // The facts of the list and how they are joined. Commas take the meaning of the list's one joining
   // word ("A, B or C" is any of the three); a list with commas and both words does not say which facts
   // go together, and one with commas alone is read by the binder from the section (unjoined).
   // A relation written once is every item's: "allergic to A or B" is an allergy to either, "A or B
   // allergy" too, unless an item has a relation of its own ("allergy to A or prior B").
   syntax::Node related_list(const PNode& list) const
   {
      std::vector<syntax::Node> items;
      std::vector<bool> own_relation;  // the item has its own relation word before its name
      bool ors = false, ands = false, commas = false;
      bool first_allergy = false, last_allergy = false;
      std::vector<bool> or_before;  // for each item after the first: joined to the one before by "or"
      for (const auto& c : list.children) {
         if (c->is_type<rel_item>()) {
            syntax::Node leaf;
            leaf.begin = offset(c->m_begin);
            leaf.end = offset(c->m_end);
            items.push_back(fact_node(*c, leaf));
            own_relation.push_back(has_child<allergy_prefix>(*c) || has_child<history_prefix>(*c));
            if (items.size() == 1) first_allergy = has_child<allergy_prefix>(*c);
            last_allergy = has_child<allergy_suffix>(*c);
         }
         else if (c->is_type<rel_or>() || c->is_type<rel_and>() || c->is_type<rel_comma>()) {
            const bool is_or = c->is_type<rel_or>(), is_and = c->is_type<rel_and>();
            ors = ors || is_or;
            ands = ands || is_and;
            commas = commas || c->is_type<rel_comma>() || c->string().find(',') != std::string::npos;
            or_before.push_back(is_or);
         }
      }
      if (items.size() == 1) return std::move(items.front());
      for (std::size_t i = 0; i < items.size(); ++i) {
         if (first_allergy && i > 0 && !own_relation[i]) items[i].allergy = true;
         if (last_allergy && i + 1 < items.size() && !own_relation[i]) items[i].allergy = true;
      }
      distribute(items);
      syntax::Node out;
      out.begin = offset(list.m_begin);
      out.end = offset(list.m_end);
      out.fact_list = true;
      if (commas && ors && ands)
         throw SyntaxError("the list '" + std::string(text_.substr(out.begin, out.end - out.begin)) +
                               "' joins its items with commas and both 'and' and 'or': write 'or' (any of them) or 'and' (all of them) before its last item",
                           out.begin, column_of(text_, out.begin));
      if (!ors || !ands) {
         out.kind = ors ? syntax::Node::Kind::any : syntax::Node::Kind::all;
         out.unjoined = !ors && !ands;  // "pregnant, lactating": the binder reads it from the section
         out.children = std::move(items);
         return out;
      }
      // "A and B or C" (no commas): "and" binds tighter, as everywhere else.
      out.kind = syntax::Node::Kind::any;
      syntax::Node group;
      group.kind = syntax::Node::Kind::all;
      for (std::size_t i = 0; i < items.size(); ++i) {
         if (i > 0 && or_before[i - 1]) {
            out.children.push_back(group.children.size() == 1 ? std::move(group.children.front()) : std::move(group));
            group = syntax::Node{};
            group.kind = syntax::Node::Kind::all;
         }
         if (group.children.empty()) group.begin = items[i].begin;
         group.end = items[i].end;
         group.children.push_back(std::move(items[i]));
      }
      out.children.push_back(group.children.size() == 1 ? std::move(group.children.front()) : std::move(group));
      return out;
   }

   // "pregnant or lactating", "no bleeding diathesis or coagulopathy", "active infections, including hepatitis B, hepatitis C
   // and HIV", "history of stroke or myocardial infarction within 6 months": a list of facts, or a fact with its examples,
   // as one item. The examples are any of them, whatever joins them, and take the head's relation and "other"; a window
   // after it all binds every fact.
   syntax::Node scoped(const PNode& n, const syntax::Node& out) const
   {
      syntax::Node head;
      std::vector<syntax::Node> examples;
      std::optional<syntax::Window> w;
      for (const auto& c : n.children) {
         if (c->is_type<fact_list>())
            head = related_list(*c);
         else if (c->is_type<rel_item>()) {
            head.begin = offset(c->m_begin);
            head.end = offset(c->m_end);
            head = fact_node(*c, head);
         }
         else if (c->is_type<example_tail>()) {
            for (const auto& d : c->children)
               if (d->is_type<rel_list>()) {
                  syntax::Node list = related_list(*d);
                  if (list.kind == syntax::Node::Kind::fact)
                     examples.push_back(std::move(list));
                  else
                     for (auto& e : flat_facts(std::move(list))) examples.push_back(std::move(e));
               }
         }
         else if (c->is_type<window>()) {
            syntax::Window x;
            x.kind = syntax::Window::Kind::within;
            x.op = syntax::Comparator::le;
            for (const auto& d : c->children)
               if (d->is_type<duration>()) x.amount = duration_of(*d);
            w = x;
         }
      }
      syntax::Node result;
      if (examples.empty())
         result = std::move(head);
      else {
         // The head's relation is its examples': "allergy to penicillins, such as amoxicillin", "other cancers, e.g. breast".
         const syntax::Node* first = &head;
         while (first->kind != syntax::Node::Kind::fact && !first->children.empty()) first = &first->children.front();
         for (auto& e : examples) {
            e.allergy = e.allergy || first->allergy;
            e.other = e.other || first->other;
         }
         result.kind = syntax::Node::Kind::any;
         result.head_items = 1;
         result.children.push_back(std::move(head));
         for (auto& e : examples) result.children.push_back(std::move(e));
      }
      if (w) set_window(result, *w, false);
      result.begin = out.begin;
      result.end = out.end;
      return result;
   }

   // The facts of a list, in order, whatever joins them (the examples after "including").
   static std::vector<syntax::Node> flat_facts(syntax::Node n)
   {
      std::vector<syntax::Node> out;
      if (n.kind == syntax::Node::Kind::fact) {
         out.push_back(std::move(n));
         return out;
      }
      for (auto& c : n.children)
         for (auto& f : flat_facts(std::move(c))) out.push_back(std::move(f));
      return out;
   }

   // A window written after a list binds each of its facts (or, with `all`, replaces theirs: "since").
   static void set_window(syntax::Node& n, const syntax::Window& w, bool all)
   {
      if (n.kind == syntax::Node::Kind::fact && (all || !n.window)) {
         n.window = w;
         if (n.present_use) n.current = false;  // "on warfarin or heparin within 4 weeks": use within the window
      }
      for (auto& c : n.children) set_window(c, w, all);
   }

   // "since" over a list: the lists become `kind` (every fact long enough ago, or one of them recently).
   static void since_list(syntax::Node& n, syntax::Node::Kind kind)
   {
      if (n.kind == syntax::Node::Kind::all || n.kind == syntax::Node::Kind::any) {
         n.kind = kind;
         n.unjoined = false;
      }
      for (auto& c : n.children) since_list(c, kind);
   }

   // "CHF, defined as NYHA III or IV": a comma before a definition (criterion_grammar.hpp, defining_comma) joins one term to
   // its definition, as the line without the comma does. Where the line holds more ("Stroke or CHF, defined as NYHA III or IV",
   // "MI within 6 months, CHF, defined as …, or stroke") Eligo cannot tell which items the definition is for: read as one
   // conjunction, the definition took them all, and a stroke alone no longer excluded (review helper-153).
   static bool defining_sep(const PNode& c)
   {
      return c.is_type<and_sep>() && !has_child<comma_mark>(c) && !has_child<semicolon_mark>(c) && !has_child<and_joiner>(c) &&
             c.string_view().find(',') != std::string_view::npos;
   }
   static bool has_defining_sep(const PNode& n)
   {
      return std::any_of(n.children.begin(), n.children.end(), [](const auto& c) { return defining_sep(*c); });
   }
   void defined_after_comma(const PNode& n, const syntax::Node& out) const
   {
      bool lone = false;
      if (n.is_type<conjunction>() && has_defining_sep(n)) {
         std::size_t seps = 0;
         for (const auto& c : n.children) seps += c->is_type<and_sep>() ? 1 : 0;
         // One term before the comma: not a list of its own ("Stroke or CHF, defined as …").
         lone = seps == 1 && out.children.size() == 2 && out.children.front().kind != syntax::Node::Kind::any &&
                out.children.front().kind != syntax::Node::Kind::all;
      }
      else if (n.is_type<disjunction>()) {
         std::size_t parts = 0;
         bool defining = false;
         for (const auto& c : n.children)
            if (c->is_type<conjunction>()) {
               ++parts;
               defining = defining || has_defining_sep(*c);
            }
         if (!defining || parts == 1) return;
      }
      else
         return;
      if (lone) return;
      throw SyntaxError("'" + std::string(text_.substr(out.begin, out.end - out.begin)) +
                            "': a definition after a comma in a list may define the last item or all of them, so the line is for manual review "
                            "(write the term and its definition as a line of their own)",
                        out.begin, column_of(text_, out.begin));
   }

   // The separators of a conjunction: how many, how many hold "and", are a bare comma, or a bare comma or semicolon.
   // A list joined by list punctuation alone is unjoined; a sentence break or a run-on line ("Platelets ≥ 100 k/µL
   // Hemoglobin ≥ 9 g/dL", "heart failure defined as NYHA III or IV") keeps "and".
   struct Seps {
      int count = 0, ands = 0, bare_commas = 0, bare_punctuation = 0, semicolons = 0;
      bool unjoined() const { return count > 0 && bare_punctuation == count; }
   };
   static Seps seps_of(const PNode& conj)
   {
      Seps s;
      for (const auto& c : conj.children)
         if (c->is_type<and_sep>()) {
            ++s.count;
            const bool comma = has_child<comma_mark>(*c), semicolon = has_child<semicolon_mark>(*c), and_word = has_child<and_joiner>(*c);
            if (and_word) ++s.ands;
            if (semicolon) ++s.semicolons;
            if (comma && !and_word) ++s.bare_commas;
            if ((comma || semicolon) && !and_word) ++s.bare_punctuation;
         }
      return s;
   }

   // "A, B or C": a list joined by commas takes the meaning of its last joining word, so it is any of the three (not
   // "(A and B) or C"). Only when every separator before the last "or" is a bare comma and the item after it is one item.
   // "no A within 3 months or B": B is a fact the list could not take in, and it cannot be told whether "no" covers it, so
   // the line does not compile ("no A or PLT ≥ 75" and "no A, or B" keep the negation on A).
   syntax::Node disjunction_of(const PNode& n, syntax::Node out) const
   {
      std::vector<const PNode*> conjs;
      for (const auto& c : n.children)
         if (c->is_type<conjunction>()) conjs.push_back(c.get());
      if (conjs.size() != out.children.size()) return out;  // a caption or demographic among them: leave it
      // "…; renal function: creatinine ≤ 1.5 mg/dL, or creatinine clearance ≥ 50 mL/min": registries use ';' to part items, so
      // the 'or' may offer an alternative to the last item only, or to the whole list before it. Eligo cannot tell which.
      for (const PNode* c : conjs)
         if (seps_of(*c).semicolons > 0)
            throw SyntaxError("'" + std::string(text_.substr(out.begin, out.end - out.begin)) +
                                  "': an 'or' next to items parted by ';' may offer an alternative to the last item or to all of them; write the line "
                                  "in parts, or mark it manual",
                              out.begin, column_of(text_, out.begin));
      for (std::size_t i = 0; i + 1 < out.children.size(); ++i) {
         const syntax::Node& c = out.children[i];
         const syntax::Node& b = out.children[i + 1];
         if (c.kind != syntax::Node::Kind::negate || c.requirement || !(b.kind == syntax::Node::Kind::fact || b.fact_list)) continue;
         const std::size_t next = out.children[i + 1].begin;
         if (text_.substr(c.end, next > c.end ? next - c.end : 0).find(',') != std::string_view::npos) continue;  // "no A, or B"
         throw SyntaxError("'" + std::string(text_.substr(c.begin, out.children[i + 1].end - c.begin)) +
                               "': cannot tell whether the negation covers what follows 'or'; write 'no A and no B', 'neither A nor B', or 'no A, or B'",
                           c.begin, column_of(text_, c.begin));
      }
      bool flatten = false;
      for (std::size_t i = 0; i < conjs.size(); ++i) {
         const Seps s = seps_of(*conjs[i]);
         const bool last = i + 1 == conjs.size();
         if (last) {
            if (s.count > 0) return out;
            continue;
         }
         if (s.count > 0 && s.bare_commas != s.count) return out;
         if (s.count > 0) flatten = true;
         const syntax::Node& c = out.children[i];
         if (s.count == 0 && c.fact_list && c.unjoined && !c.window) flatten = true;  // "pregnant, lactating or ECOG ≥ 2"
      }
      if (!flatten) return out;
      syntax::Node flat = out;
      flat.children.clear();
      for (std::size_t i = 0; i < out.children.size(); ++i) {
         syntax::Node& c = out.children[i];
         const bool splice = i + 1 < out.children.size() && c.kind == syntax::Node::Kind::all && c.unjoined;
         if (!splice) {
            flat.children.push_back(std::move(c));
            continue;
         }
         for (auto& x : c.children) flat.children.push_back(std::move(x));
      }
      return flat;
   }

   static void set_anchor(syntax::Node& n, const syntax::Anchor& a)
   {
      if (n.kind == syntax::Node::Kind::fact) {
         n.after = a;
         if (n.present_use) n.current = false;
      }
      for (auto& c : n.children) set_anchor(c, a);
   }

   std::string_view text_;
   const Lexicon& lexicon_;
};

// Takes what the reading passes over out of the tree, recording each span in `accounting`: filler,
// notes, punctuation, assessment times and defined terms go; a caption and an unchecked timing stay
// (the Builder reads them) but are recorded too.
void account(PNode& n, std::string_view text, Accounting* accounting)
{
   auto at = [&](const pegtl::internal::iterator& it) { return static_cast<std::size_t>(it.data - text.data()); };
   auto record = [&](Skipped::Kind kind, const PNode& c) {
      if (accounting) accounting->skipped.push_back({kind, at(c.m_begin), at(c.m_end)});
   };
   using K = Skipped::Kind;
   for (auto it = n.children.begin(); it != n.children.end();) {
      PNode& c = **it;
      std::optional<K> kind;
      if (c.is_type<filler_word>() || c.is_type<confirming_test>())  // "to be confirmed by chest X-ray": the test is not checked
         kind = K::filler;
      else if (c.is_type<paren_note>())
         kind = K::note;
      else if (c.is_type<restating_note>())
         kind = K::restating_note;
      else if (c.is_type<colon>() || c.is_type<dash_filler>())
         kind = K::punctuation;
      else if (c.is_type<assessment_time>())
         kind = K::assessment_time;
      else if (c.is_type<defined_term>())
         kind = K::defined_term;
      if (kind) {
         record(*kind, c);
         it = n.children.erase(it);
         continue;
      }
      if (c.is_type<caption>())
         record(K::caption, c);
      else if (!c.is_type<assessment_window>())  // "within 7 days of first dose": read whole (the value's assessment window)
         account(c, text, accounting);
      ++it;
   }
}

// An exception the line makes ("unless …", "(… allowed)"), where the language has no reading for it: the
// word that says so and the clause it opens or closes (docs/language.md, "Exceptions").
struct ExceptionClause {
   std::size_t at = 0;
   std::string clause;
};

std::optional<ExceptionClause> find_exception(std::string_view text, std::size_t begin, std::size_t end)
{
   static const std::vector<std::string> opening = {"with the exception of", "except for", "except", "unless", "other than", "excluding", "apart from"};
   static const std::vector<std::string> closing = {"allowed", "permitted", "acceptable", "accepted", "eligible"};
   static const std::vector<std::string> in_brackets = {"exception", "can", "may"};  // "(… can have bilirubin up to 2 × ULN)"
   auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
   auto word_at = [&](std::size_t i, const std::string& w) {
      if (i + w.size() > end) return false;
      for (std::size_t k = 0; k < w.size(); ++k)
         if (lower(text[i + k]) != w[k]) return false;
      return i + w.size() == text.size() || !std::isalnum(static_cast<unsigned char>(text[i + w.size()]));
   };
   auto bracket = [&](std::size_t i) -> std::optional<ExceptionClause> {
      const std::size_t open = text.rfind('(', i), close = text.find(')', i);
      if (open == std::string_view::npos || close == std::string_view::npos || text.find(')', open) < i) return std::nullopt;
      return ExceptionClause{open, std::string(text.substr(open, close - open + 1))};
   };
   auto boundary = [&](std::size_t i) {
      return text[i] == ';' || text[i] == '(' || text[i] == ')' || (text[i] == '.' && i + 1 < text.size() && text[i + 1] == ' ');
   };
   for (std::size_t i = begin; i < end; ++i) {
      if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) continue;
      for (const auto& w : opening)
         if (word_at(i, w)) {
            if (auto b = bracket(i)) return b;
            std::size_t e = i;
            while (e < text.size() && !boundary(e)) ++e;
            while (e > i && text[e - 1] == ' ') --e;
            return ExceptionClause{i, std::string(text.substr(i, e - i))};
         }
      for (const auto& w : in_brackets)
         if (word_at(i, w))
            if (auto b = bracket(i)) return b;
      for (const auto& w : closing)
         if (word_at(i, w) && !(w == "eligible" && word_at(i + w.size() + 1, "for"))) {
            if (auto b = bracket(i)) return b;
            std::size_t b0 = i;
            while (b0 > 0 && !boundary(b0 - 1) && text[b0 - 1] != ',' && text[b0 - 1] != ':') --b0;
            while (b0 < i && text[b0] == ' ') ++b0;
            return ExceptionClause{b0, std::string(text.substr(b0, i + w.size() - b0))};
         }
   }
   return std::nullopt;
}

[[noreturn]] void exception_error(std::string_view text, const ExceptionClause& e)
{
   throw SyntaxError(
       "the exception '" + e.clause + "' is not read: Eligo has no reading for it here, so the line is for manual review (or give the reading in an as: line)",
       e.at, column_of(text, e.at));
}

// A fact reads one time: "concurrent" (the screening date) with "prior", a window or an event is two.
void check_time_scope(const syntax::Node& n, std::string_view text)
{
   if (n.kind == syntax::Node::Kind::fact && n.current) {
      std::string other;
      if (!n.history.empty())
         other = "'" + n.history + "' (any time before)";
      else if (n.window)
         other = std::string("the window '") + (n.window->kind == syntax::Window::Kind::since ? "since " : "within ") + n.window->amount.number.text + " " +
                 n.window->amount.unit + "'";
      else if (n.after)
         other = "the time after '" + (n.after->event.empty() ? std::string("surgery") : n.after->event) + "'";
      if (!other.empty())
         throw SyntaxError(
             "'" + n.scope + "' (at the screening date) and " + other + " give the fact two different times: write the one meant, or mark the line manual",
             n.begin, column_of(text, n.begin));
   }
   for (const auto& c : n.children) check_time_scope(c, text);
}

// "Any of the following at the time of screening: anticoagulants, sorafenib", "hepatitis B or hepatitis C infection at
// baseline": a moment the reading passed over (an assessment time) is when the line's facts must hold, as a fact's own
// moment says ("HIV infection at screening": scope_moment). Read as any time, the drugs would be any use ever (review
// helper-156). A fact with a time of its own (a history word, a window, a relation to an event, a time-scope word) keeps
// it: there the moment is what the history is counted back from. "Prior to the start of treatment" is no moment of this kind.
void carry_moment(syntax::Node& n, const std::string& moment)
{
   if (n.kind == syntax::Node::Kind::fact && !n.current && n.history.empty() && !n.window && !n.after) {
      n.current = true;
      n.scope = moment;
      n.moment = true;
   }
   for (auto& c : n.children) carry_moment(c, moment);
}

void check_nesting(std::string_view text)
{
   int depth = 0;
   for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '(') {
         if (++depth > max_nesting) throw SyntaxError("brackets nest deeper than " + std::to_string(max_nesting) + " levels", i, column_of(text, i));
      }
      else if (text[i] == ')')
         depth = std::max(0, depth - 1);
   }
   // "not not not ...": each negation is a level too.
   int negations = 0;
   for (std::size_t p = 0; (p = text.find("not ", p)) != std::string_view::npos; p += 4)
      if (++negations > max_nesting * 4) throw SyntaxError("too many negations in one criterion", p, column_of(text, p));
}

std::string near_text(std::string_view text, std::size_t byte)
{
   const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
   std::string_view rest = text.substr(std::min(byte, text.size()));
   while (!rest.empty() && continuation(rest.front())) rest.remove_prefix(1);
   std::size_t n = 0, words = 0;
   while (n < rest.size() && n < 40) {
      if (rest[n] == ' ' && ++words >= 3) break;
      ++n;
   }
   // Whole code points only: the text is quoted in messages and JSON reports (a cut '≥' made nlohmann::json throw; found by fuzz_trial).
   while (n > 0 && n < rest.size() && continuation(rest[n])) --n;
   return std::string(rest.substr(0, n));
}

}  // namespace

std::size_t column_of(std::string_view text, std::size_t byte)
{
   std::size_t col = 1;
   for (std::size_t i = 0; i < byte && i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
   return col;
}

std::string caret_line(std::string_view text, std::size_t column)
{
   std::string out(text);
   out += "\n  ";
   out += std::string(column > 0 ? column - 1 : 0, ' ');
   out += "^";
   return out;
}

syntax::Node parse_criterion(std::string_view text, const Lexicon& lexicon, Accounting* accounting)
{
   if (text.size() > max_criterion_bytes)
      throw SyntaxError("criterion is " + std::to_string(text.size()) + " bytes long; the limit is " + std::to_string(max_criterion_bytes), max_criterion_bytes,
                        column_of(text, max_criterion_bytes));
   if (text.find_first_not_of(" \t") == std::string_view::npos) throw SyntaxError("empty criterion", 0, 1);
   // As in trial files: the text is shown back (carets, JSON), and a bracketed note could carry bad bytes through unread.
   if (std::size_t bad = 0; !valid_utf8(text, &bad)) throw SyntaxError("invalid UTF-8", bad, column_of(text, bad));
   check_nesting(text);

   struct Guard {
      Guard(const Lexicon* l, const char* begin)
      {
         current_lexicon() = l;
         criterion_begin() = begin;
         furthest = nullptr;
         suppress_tracking = 0;  // every line starts tracked, whatever the last one raised
      }
      ~Guard()
      {
         current_lexicon() = nullptr;
         criterion_begin() = nullptr;
      }
   } guard(&lexicon, text.data());

   pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(text.data(), text.data() + text.size(), "criterion");
   std::unique_ptr<PNode> root;
   try {
      root = pegtl::parse_tree::parse<criterion, selector, pegtl::nothing, control>(in);
   }
   catch (const pegtl::parse_error& e) {
      const std::size_t byte = e.positions().empty() ? 0 : e.positions().front().byte;
      std::string msg(e.message());
      msg += byte < text.size() ? ", found '" + near_text(text, byte) + "'" : ", found the end of the line";
      throw SyntaxError(msg, byte, column_of(text, byte));
   }
   if (!root || root->children.empty()) {
      if (const auto e = find_exception(text, 0, text.size())) exception_error(text, *e);
      std::size_t byte = furthest ? static_cast<std::size_t>(furthest - text.data()) : 0;
      // A keyword that matched part of a word ("No" in "Normal") leaves the mark mid-word: report the word.
      while (byte > 0 && byte < text.size() && std::isalnum(static_cast<unsigned char>(text[byte])) && std::isalnum(static_cast<unsigned char>(text[byte - 1])))
         --byte;
      while (byte < text.size() && text[byte] == ' ') ++byte;
      std::string msg;
      // Inside a bracketed note that sets a condition: say so, rather than "cannot read".
      const std::size_t open = text.rfind('(', byte == 0 ? 0 : byte - 1);
      const bool in_note = open != std::string_view::npos && open < byte && text.find(')', open) != std::string_view::npos && text.find(')', open) >= byte;
      if (in_note && byte < text.size()) {
         const std::size_t close = text.find(')', open);
         msg = "the note in brackets '" + std::string(text.substr(open, close - open + 1)) +
               "' adds a condition (a comparison, 'or', 'unless', 'except', 'not'): Eligo does not skip it; write it as its own criterion or mark the line "
               "manual";
         throw SyntaxError(msg, open, column_of(text, open));
      }
      if (byte >= text.size())
         msg = "the criterion ends before it is complete: expected a comparison and a threshold (≥ 75 ×10^9/L, ≤ 5 × ULN), a label or a name";
      else {
         msg = "cannot read the criterion from '" + near_text(text, byte) + "'";
         const std::string_view rest = text.substr(byte);
         if (!rest.empty() && std::isalpha(static_cast<unsigned char>(rest[0])) && lexicon.match_name(Lexicon::Kind::analyte, rest) == 0 &&
             lexicon.match_name(Lexicon::Kind::score, rest) == 0 && lexicon.match_name(Lexicon::Kind::concept_, rest) == 0)
            msg += ": expected a comparison (≥, <, at least …), a known analyte, score or concept name, 'and' or 'or'";
         else
            msg += ": expected a comparison (≥, <, at least …), a threshold, 'and' or 'or'";
      }
      throw SyntaxError(msg, byte, column_of(text, byte));
   }
   Accounting own;
   Accounting& skipped = accounting ? *accounting : own;
   account(*root, text, &skipped);
   std::sort(skipped.skipped.begin(), skipped.skipped.end(), [](const Skipped& a, const Skipped& b) { return a.begin < b.begin; });
   // An exception is never passed over: in a caption, a restating note or a defined term, the line fails.
   for (const Skipped& k : skipped.skipped)
      if (k.kind != Skipped::Kind::filler)
         if (const auto e = find_exception(text, k.begin, k.end)) exception_error(text, *e);
   syntax::Node tree = Builder(text, lexicon).build(*root->children.back());  // a caption, if any, comes first
   // "Men ≥ 18 years, women ≥ 50 years": each sex at its own age, which only "or" says; joined otherwise the two sexes
   // would be required at once (review helper-153). "Women ≥ 60 years or men ≥ 65 years" is read.
   std::function<std::size_t(const PNode&)> sexes = [&](const PNode& p) {
      std::size_t k = p.is_type<sex_one>() ? 1 : 0;
      for (const auto& c : p.children) k += sexes(*c);
      return k;
   };
   if (tree.kind != syntax::Node::Kind::any && sexes(*root) > 1)
      throw SyntaxError(
          "each sex is named with an age of its own: Eligo reads that only as 'A or B' ('women ≥ 60 years or men ≥ 65 years'), so the "
          "line is for manual review",
          tree.begin, column_of(text, tree.begin));
   for (const Skipped& k : skipped.skipped) {
      if (k.kind != Skipped::Kind::assessment_time) continue;
      const std::string moment = trimmed(std::string(text.substr(k.begin, k.end - k.begin)));
      if (moment.size() > 3 && std::tolower(static_cast<unsigned char>(moment[0])) == 'a' && std::tolower(static_cast<unsigned char>(moment[1])) == 't' &&
          moment[2] == ' ') {
         carry_moment(tree, moment);
         break;
      }
   }
   check_time_scope(tree, text);
   const auto lost = [&](const PNode& n, auto& self) -> void {
      if (n.is_type<op_le_lost>() || n.is_type<op_ge_lost>()) tree.lost_equal.push_back(static_cast<std::size_t>(n.m_begin.data - text.data()));
      for (const auto& c : n.children) self(*c, self);
   };
   lost(*root, lost);
   return tree;
}

}  // namespace eligo::grammar
