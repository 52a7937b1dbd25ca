#include "engine/import/packed_items.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "grammar/structure.hpp"

namespace eligo {

namespace {

// One number in the text: "3.", "3)", "(3)", "c.", "(c)", "C.", "iii."
struct Number {
   std::size_t at = 0;   // where the marker starts
   std::size_t end = 0;  // where the item's text starts
   int value = 0;
   char kind = 0;   // '1' digits, 'a' lower-case letter, 'A' capital, 'i' roman numeral
   char punct = 0;  // '.', ')', or '(' for "(3)"
};

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

int roman_value(const std::string& s)
{
   static const char* const numerals[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"};
   for (int i = 0; i < 15; ++i)
      if (s == numerals[i]) return i + 1;
   return 0;
}

// Every marker-shaped number in the text. A marker stands after the start, a space or punctuation, never inside a word or
// a decimal ("1.5", "e.g."), and is followed by a space or a capital ("A.History").
std::vector<Number> numbers_in(const std::string& t)
{
   std::vector<Number> out;
   for (std::size_t p = 0; p < t.size(); ++p) {
      if (p > 0 && (alnum(t[p - 1]) || t[p - 1] == '(' || t[p - 1] == '/' || t[p - 1] == '-' || t[p - 1] == '\'')) continue;
      if (p > 1 && t[p - 1] == '.' && std::isalpha(static_cast<unsigned char>(t[p - 2]))) continue;  // "i.e.", "e.g.", "U.S."
      std::size_t q = p;
      const bool open = t[q] == '(';
      if (open) ++q;
      const std::size_t body = q;
      while (q < t.size() && alnum(t[q]) && q - body < 4) ++q;
      if (q == body || q >= t.size()) continue;
      const std::string word = t.substr(body, q - body);
      const char close = t[q];
      if (open ? close != ')' : (close != '.' && close != ')')) continue;
      const std::size_t after = q + 1;
      if (after < t.size() && !(t[after] == ' ' || std::isupper(static_cast<unsigned char>(t[after])))) continue;
      if (after < t.size() && t[after] == ' ' && after + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[after + 1])) && close == '.')
         continue;  // "version 4. 03": a number, not a marker
      std::size_t end = after;
      while (end < t.size() && t[end] == ' ') ++end;
      const char punct = open ? '(' : close;
      if (std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
         if (word.size() <= 2) out.push_back({p, end, std::stoi(word), '1', punct});
         continue;
      }
      if (word.size() == 1 && std::islower(static_cast<unsigned char>(word[0]))) out.push_back({p, end, word[0] - 'a' + 1, 'a', punct});
      if (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]))) out.push_back({p, end, word[0] - 'A' + 1, 'A', punct});
      if (const int r = roman_value(word)) out.push_back({p, end, r, 'i', punct});
   }
   return out;
}

std::string trim_item(std::string s)
{
   std::size_t b = 0, e = s.size();
   while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
   while (e > b && (std::isspace(static_cast<unsigned char>(s[e - 1])) || s[e - 1] == ';' || s[e - 1] == ',')) --e;
   return s.substr(b, e - b);
}

std::size_t words(const std::string& s)
{
   std::size_t n = 0;
   bool in = false;
   for (char c : s) {
      const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
      if (letter && !in) ++n;
      in = letter;
   }
   return n;
}

}  // namespace

PackedItems packed_items(const std::string& text, int continue_from, char continue_style)
{
   const std::vector<Number> all = numbers_in(text);
   PackedItems best;
   std::vector<const Number*> best_chain;
   for (const char kind : {'1', 'a', 'A', 'i'})
      for (const char punct : {'.', ')', '('}) {
         // Numbering that goes on keeps its style: "4." goes on with "5.", never with "e)".
         if (continue_from > 0 && continue_style != 0 &&
             (continue_style == '.' || continue_style == ')' || continue_style == '(' ? kind != '1' || punct != continue_style : kind != continue_style))
            continue;
         std::vector<const Number*> chain;
         int want = continue_from > 0 ? continue_from + 1 : 1;
         for (const auto& n : all) {
            if (n.kind != kind || n.punct != punct || n.value != want) continue;
            if (chain.empty() && continue_from == 0) {
               // The numbering starts the text, or follows a lead-in that ends in ':'.
               const std::string before = trim_item(text.substr(0, n.at));
               if (!before.empty() && before.back() != ':') continue;
            }
            if (!chain.empty() && n.at < chain.back()->end) continue;
            chain.push_back(&n);
            ++want;
         }
         if (chain.size() < (continue_from > 0 ? 1u : 2u) || chain.size() <= best_chain.size()) continue;
         PackedItems p;
         p.lead = trim_item(text.substr(0, chain.front()->at));
         p.style = kind == '1' ? (punct == '(' ? '(' : punct) : kind;
         bool ok = true;
         for (std::size_t k = 0; k < chain.size() && ok; ++k) {
            const std::size_t e = k + 1 < chain.size() ? chain[k + 1]->at : text.size();
            std::string item = trim_item(text.substr(chain[k]->end, e - chain[k]->end));
            // Each item is words, not a stray number; and a list whose items end in "or"/"and" combines them in a way
            // separate criteria would lose, so it stays whole.
            ok = words(item) >= 1 && !(words(item) == 1 && grammar::leading_join(item + " x") != grammar::TrailingJoin::none) &&
                 (k + 1 == chain.size() || grammar::trailing_join(item) == grammar::TrailingJoin::none);
            p.items.push_back(std::move(item));
            p.numbers.push_back(chain[k]->value);
         }
         if (!ok || (continue_from > 0 && !p.lead.empty() && words(p.lead) < 1)) continue;
         best = std::move(p);
         best_chain = chain;
      }
   return best;
}

std::vector<ImportedLine> split_packed_items(const std::vector<ImportedLine>& lines)
{
   std::vector<ImportedLine> out;
   std::map<std::size_t, int> reached;  // the last packed number a line reached, by depth
   std::map<std::size_t, char> reached_style;
   // Lines nested under a line that moved go with it: under an item that goes on with the numbering of the packed bullet
   // above it, one level up; under a packed bullet whose items went one level down, on under its last item.
   std::size_t moved_from = 0;
   long moved_by = 0;
   bool moving = false;
   for (const auto& line : lines) {
      ImportedLine l = line;
      if (moving && line.depth > moved_from) {
         l.depth = static_cast<std::size_t>(static_cast<long>(l.depth) + moved_by);
         out.push_back(std::move(l));
         continue;
      }
      moving = false;
      long by = 0;
      if (l.depth > 0 && l.ordinal > 1)
         if (const auto up = reached.find(l.depth - 1); up != reached.end() && up->second == l.ordinal - 1) {
            // "23. …" indented under the bullet that packs items 18 to 22: the list goes on at that bullet's level.
            l.depth -= 1;
            by = -1;
         }
      for (auto it = reached.upper_bound(l.depth); it != reached.end();) it = reached.erase(it);
      const auto r = reached.find(l.depth);
      int from = l.heading ? 0 : l.ordinal > 0 ? l.ordinal : r != reached.end() ? r->second : 0;
      const char style = l.ordinal > 0 ? l.style : r != reached.end() ? reached_style[l.depth] : 0;
      PackedItems p = l.heading ? PackedItems{} : packed_items(l.text, from, style);
      if (p.items.empty() && from > 0 && !l.heading) {
         // "1. … is defined as: a) … b) …": a numbering of its own after a lead-in.
         p = packed_items(l.text, 0);
         if (!p.items.empty()) from = 0;
      }
      if (p.items.empty()) {
         if (r != reached.end()) reached.erase(r);
         out.push_back(std::move(l));
      }
      else {
         const bool nested = from == 0 && !p.lead.empty();  // "… must be met: A.… B.…": the items are the lead-in's
         if (!p.lead.empty()) {
            ImportedLine lead = l;
            lead.text = p.lead;
            out.push_back(std::move(lead));
         }
         for (std::size_t k = 0; k < p.items.size(); ++k) {
            ImportedLine item;
            item.depth = l.depth + (nested ? 1 : 0);
            item.text = p.items[k];
            item.ordinal = p.numbers[k];
            item.style = p.style;
            out.push_back(std::move(item));
         }
         reached[l.depth + (nested ? 1 : 0)] = p.numbers.back();
         reached_style[l.depth + (nested ? 1 : 0)] = p.style;
         if (nested) by += 1;
      }
      if (by != 0) {
         moving = true;
         moved_from = line.depth;
         moved_by = by;
      }
   }
   return out;
}

}  // namespace eligo
