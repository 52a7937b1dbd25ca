#include "grammar/lexicon.hpp"

#include <algorithm>
#include <cctype>

namespace eligo::grammar {

namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) != 0; }
bool is_separator(unsigned char c) { return c == ' ' || c == '-' || c == '_' || c == '\t'; }

// Matches one name at the start of text; returns bytes consumed or 0.
std::size_t match_one(const std::string& name, std::string_view text)
{
   std::size_t i = 0;  // in name
   std::size_t j = 0;  // in text
   while (i < name.size()) {
      const unsigned char n = static_cast<unsigned char>(name[i]);
      if (is_separator(n)) {
         // A space, hyphen or underscore in a name matches a run of spaces and
         // hyphens in the text; a hyphen may also be left out ("PD1" for "PD-1").
         while (i < name.size() && is_separator(static_cast<unsigned char>(name[i]))) ++i;
         const std::size_t before = j;
         while (j < text.size() && is_separator(static_cast<unsigned char>(text[j]))) ++j;
         if (j == before && n != '-') return 0;
         continue;
      }
      if (j >= text.size()) return 0;
      const unsigned char t = static_cast<unsigned char>(text[j]);
      if (n < 0x80 ? std::tolower(n) != std::tolower(t) : n != t) return 0;
      ++i;
      ++j;
   }
   if (j < text.size() && is_word_byte(static_cast<unsigned char>(text[j])) && is_word_byte(static_cast<unsigned char>(name.back()))) return 0;
   return j;
}

}  // namespace

NameMatcher::NameMatcher(const std::vector<std::string>& names)
{
   for (const auto& n : names) add(n);
}

void NameMatcher::add(const std::string& name)
{
   if (name.empty()) return;
   by_first_[static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(name[0])))].push_back(name);
}

std::size_t NameMatcher::match(std::string_view text) const
{
   if (text.empty()) return 0;
   auto it = by_first_.find(static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(text[0]))));
   if (it == by_first_.end()) return 0;
   std::size_t best = 0;
   for (const auto& name : it->second) best = std::max(best, match_one(name, text));
   return best;
}

std::size_t match_unit(const Lexicon& lexicon, std::string_view text)
{
   // Scan a bounded window; a unit never runs past these characters.
   const std::size_t limit = std::min<std::size_t>(text.size(), 48);
   std::size_t scan = 0;
   int spaces = 0;
   while (scan < limit) {
      const unsigned char c = static_cast<unsigned char>(text[scan]);
      if (c == ',' || c == ';' || c == '(' || c == ')' || c == '"' || c == '?' || c == '!' || c == '<' || c == '>' || c == '=') break;
      if (c == 0xE2 && scan + 1 < text.size() && static_cast<unsigned char>(text[scan + 1]) == 0x89) break;  // ≤ ≥ ≠
      if (c == '.' && (scan + 1 >= text.size() || text[scan + 1] == ' ')) break;                             // sentence end
      if (c == ' ' && ++spaces > 3) break;
      ++scan;
   }
   // Try the longest candidate first; candidates end where a word ends.
   for (std::size_t end = scan; end > 0; --end) {
      const unsigned char last = static_cast<unsigned char>(text[end - 1]);
      if (last == ' ' || last == '\t') continue;
      if (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end])) && is_word_byte(last)) continue;
      if (lexicon.is_unit(text.substr(0, end))) return end;
   }
   return 0;
}

std::optional<std::size_t> abbreviation_inside_name(std::string_view text, std::size_t head)
{
   std::size_t i = head;
   while (i < text.size() && text[i] == ' ') ++i;
   if (i == head || i >= text.size() || text[i] != '(') return std::nullopt;
   const std::size_t start = ++i;
   while (i < text.size() && text[i] >= 'A' && text[i] <= 'Z') ++i;
   const std::size_t letters = i - start;
   if (letters < 2 || letters > 8 || i >= text.size() || text[i] != ')') return std::nullopt;
   // A roman numeral ("(III)", "(IV)") is a stage, as the grammar's abbreviation_word says, never an abbreviation.
   if (text.substr(start, letters).find_first_not_of("IVX") == std::string_view::npos) return std::nullopt;
   const std::size_t before = ++i;
   while (i < text.size() && text[i] == ' ') ++i;
   if (i == before || i >= text.size() || !is_word_byte(static_cast<unsigned char>(text[i]))) return std::nullopt;
   return i;
}

std::size_t infection_with(std::string_view text)
{
   for (std::string_view lead : {"infection with ", "infections with ", "infected with "})
      if (text.size() > lead.size() &&
          std::equal(lead.begin(), lead.end(), text.begin(), [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }))
         return lead.size();
   return 0;
}

std::optional<AbbreviatedName> split_abbreviated_name(std::string_view matched)
{
   // The lexicon reads "infection with" before a plain name only (engine/compile/binder.cpp).
   if (const std::size_t lead = infection_with(matched)) return AbbreviatedName{std::string(matched.substr(lead)), ""};
   // Only the shape abbreviation_inside_name() reads: " (HIV) " between words. A bracket inside a word is part of a
   // catalogue name ("nucleos(t)ide analogue", "HBsAg(+)").
   const std::size_t open = matched.find(" (");
   if (open == std::string_view::npos) return std::nullopt;
   std::size_t head = open;
   while (head > 0 && matched[head - 1] == ' ') --head;
   const std::optional<std::size_t> tail = abbreviation_inside_name(matched, head);
   if (head == 0 || !tail) return std::nullopt;
   const std::size_t close = matched.find(')', open);
   return AbbreviatedName{std::string(matched.substr(0, head)) + " " + std::string(matched.substr(*tail)),
                          std::string(matched.substr(open + 2, close - open - 2))};
}

}  // namespace eligo::grammar
