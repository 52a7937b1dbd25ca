#include "grammar/word_accounting.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

namespace eligo::grammar {

bool stage_label(std::string_view t)
{
   // "IIIB/IV", "IA-IIB": stages one after another, or a range of them.
   if (const auto slash = t.find('/'); slash != std::string_view::npos) return stage_label(t.substr(0, slash)) || stage_label(t.substr(slash + 1));
   if (const auto dash = t.find('-'); dash != std::string_view::npos && dash > 0 && stage_label(t.substr(0, dash)) && stage_label(t.substr(dash + 1)))
      return true;
   std::size_t n = 0;
   while (n < t.size() && (t[n] == 'I' || t[n] == 'V' || t[n] == 'X')) ++n;
   if (n > 0 && n <= 4 && (n == t.size() || (n + 1 == t.size() && std::strchr("ABCabc", t[n])))) return true;
   if (const auto dash = t.rfind('-'); dash != std::string_view::npos && dash > 0) {
      const std::string_view value = t.substr(dash + 1);
      const bool roman = !value.empty() && value.find_first_not_of("IVX") == std::string_view::npos;
      if (roman || (value.size() == 1 && (std::isdigit(static_cast<unsigned char>(value[0])) || std::strchr("ABCD", value[0])))) return true;
   }
   const bool letters_then_digit =
       t.size() >= 2 && t.size() <= 6 && std::isupper(static_cast<unsigned char>(t[0])) && std::isdigit(static_cast<unsigned char>(t.back()));
   return letters_then_digit;
}

namespace {

bool breaks_word(unsigned char c) { return std::isspace(c) || c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']'; }

// "ULN", "ANC", "PVTT", "HBsAg" is not one: an abbreviation alone in a note restates the words
// before it. Roman numerals ("III") and single letters ("B") are labels, not abbreviations, as are stages ("BCLC-C").
bool abbreviation(std::string_view t)
{
   if (stage_label(t)) return false;
   int letters = 0;
   bool roman = true;
   for (unsigned char c : t) {
      if (std::islower(c)) return false;
      if (std::isupper(c)) {
         ++letters;
         roman = roman && (c == 'I' || c == 'V' || c == 'X');
      }
      else if (!std::isdigit(c) && c != '-' && c != '/' && c != '&')
         return false;
   }
   return letters >= 2 && !roman;
}

bool whole_name(std::string_view t, const Lexicon& lx)
{
   for (auto kind : {Lexicon::Kind::analyte, Lexicon::Kind::score, Lexicon::Kind::concept_})
      if (lx.match_name(kind, t) == t.size()) return true;
   return false;
}

// The words of text[begin, end) that are not on the no-meaning list: from the first of them to
// the last, as one run (empty when there is none).
std::optional<Unread> unread_in(std::string_view text, std::size_t begin, std::size_t end, const Lexicon& lx)
{
   std::optional<Unread> run;
   std::size_t i = begin;
   while (i < end) {
      if (breaks_word(static_cast<unsigned char>(text[i]))) {
         ++i;
         continue;
      }
      const std::size_t meaningless = lx.match_no_meaning(text.substr(i, end - i));
      if (meaningless > 0 && (i + meaningless == end || breaks_word(static_cast<unsigned char>(text[i + meaningless])))) {
         i += meaningless;
         continue;
      }
      std::size_t j = i;
      while (j < end && !breaks_word(static_cast<unsigned char>(text[j]))) ++j;
      std::size_t last = j;
      // A full stop after a word ends the sentence ("… confirmed."); "i.e." and "C22.0" keep theirs.
      if (last > i + 1 && text[last - 1] == '.' && text.substr(i, last - 1 - i).find('.') == std::string_view::npos) --last;
      if (last > i) {
         if (!run) run = Unread{"", i, last};
         run->end = last;
      }
      i = j;
   }
   if (run) run->words = std::string(text.substr(run->begin, run->end - run->begin));
   return run;
}

}  // namespace

std::vector<Unread> unread_words(std::string_view text, const Accounting& accounting, const Lexicon& lexicon)
{
   std::vector<Unread> out;
   for (const Skipped& s : accounting.skipped) {
      const std::size_t end = std::min(s.end, text.size());
      if (s.begin >= end) continue;
      using K = Skipped::Kind;
      switch (s.kind) {
         case K::punctuation:
         case K::assessment_time:
         case K::defined_term: break;
         case K::unchecked_timing: {
            std::size_t b = s.begin, e = end;
            while (b < e && (text[b] == ' ' || text[b] == ',')) ++b;
            while (e > b && text[e - 1] == ' ') --e;
            if (b < e) out.push_back({std::string(text.substr(b, e - b)), b, e});
            break;
         }
         case K::filler:
         case K::caption:
            if (auto u = unread_in(text, s.begin, end, lexicon)) out.push_back(std::move(*u));
            break;
         case K::note:
         case K::restating_note:
            // The words inside the brackets; a note that is one abbreviation or one unit restates ("(µL)" after
            // "microliter"). One that is a whole catalogue name restates only what the reading tests: "(HCV RNA positive)"
            // after "hepatitis C" defines it more narrowly, and is unread unless read (engine/compile/unread_words.cpp).
            if (auto u = unread_in(text, s.begin + 1, end > s.begin + 1 && text[end - 1] == ')' ? end - 1 : end, lexicon)) {
               const std::string_view w(u->words);
               // A bare number is a valid UCUM unit ("3", "10"), but in a note it is a value: "(grade 3)" is unread.
               const bool number = std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }) ||
                                   stage_label(w) || (w.size() == 1 && std::isupper(static_cast<unsigned char>(w[0])));
               if (s.kind == K::note && (abbreviation(w) || (lexicon.is_unit(w) && !number))) break;
               u->whole_name = s.kind == K::note && whole_name(w, lexicon);
               out.push_back(std::move(*u));
            }
            break;
      }
   }
   std::sort(out.begin(), out.end(), [](const Unread& a, const Unread& b) { return a.begin < b.begin; });
   return out;
}

}  // namespace eligo::grammar
