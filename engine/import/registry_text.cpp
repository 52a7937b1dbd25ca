#include "engine/import/registry_text.hpp"

#include <cctype>
#include <sstream>

#include "engine/core/text.hpp"
#include "grammar/structure.hpp"

namespace eligo {

namespace {

// The list marker a line starts with ("* ", "- ", "• ", "1. ", "2) ", "a) "), and its number when it has one.
struct Marker {
   std::size_t length = 0;
   int ordinal = 0;
   char style = 0;
};

Marker list_marker(const std::string& s)
{
   if (s.size() >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+') && s[1] == ' ') return {2, 0, 0};
   if (s.rfind("\xE2\x80\xA2", 0) == 0) return {static_cast<std::size_t>(3 + (s.size() > 3 && s[3] == ' ' ? 1 : 0)), 0, 0};  // •
   std::size_t i = 0;
   while (i < s.size() && i < 3 && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
   if (i == 0 && s.size() >= 3 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ')' && s[2] == ' ')
      return {3, std::tolower(static_cast<unsigned char>(s[0])) - 'a' + 1, 'a'};
   if (i > 0 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') return {i + 2, std::stoi(s.substr(0, i)), s[i]};
   return {};
}

std::size_t indent_of(const std::string& line)
{
   std::size_t n = 0;
   for (char c : line) {
      if (c == ' ')
         ++n;
      else if (c == '\t')
         n += 4;
      else
         break;
   }
   return n;
}

bool join_word(const std::string& t)
{
   const std::string l = lower_ascii(t);
   return l == "or" || l == "and" || l == "and/or";
}

// A title standing alone above bullets ("Chemotherapy", "Performance status", "Cirrhosis Diagnosis Definition"): a few
// words that start with a capital, with no number, comparison or sentence punctuation. Read as a criterion, "Chemotherapy"
// would require a history of chemotherapy.
bool bare_subheading(const std::string& t)
{
   if (t.empty() || !std::isupper(static_cast<unsigned char>(t[0])) || join_word(t)) return false;
   for (const char* negation : {"No ", "NO ", "Not ", "NOT ", "Without ", "Never "})
      if (t.rfind(negation, 0) == 0) return false;
   std::size_t words = 1;
   for (char ch : t) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (c == ' ')
         ++words;
      else if (!std::isalpha(c) && c != '/' && c != '-' && c != '&' && c != ',' && c != '(' && c != ')')
         return false;
   }
   return words <= 4;
}

}  // namespace

std::string undo_markdown_escapes(const std::string& text)
{
   std::string out;
   for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
         out += text[++i];
         continue;
      }
      out += text[i];
   }
   return out;
}

std::vector<ImportedLine> split_criteria_text(const std::string& raw)
{
   std::vector<std::string> lines;
   {
      std::istringstream in(undo_markdown_escapes(raw));
      for (std::string line; std::getline(in, line);) {
         if (!line.empty() && line.back() == '\r') line.pop_back();
         lines.push_back(line);
      }
   }
   auto next_is_bullet = [&](std::size_t i) {
      for (++i; i < lines.size(); ++i)
         if (const std::string t = trim_space(lines[i]); !t.empty()) return list_marker(t).length > 0;
      return false;
   };

   // A title over bullets is a heading when the text has a run of them ("Age", "Performance status", "Hematopoietic" …) or
   // it is in capitals; a lone one ("Hypersensitivity to obinutuzumab" over bullets) may be a criterion, and stays one. A
   // title stands on a line of its own: after a blank line, after a heading ("PRIOR CONCURRENT THERAPY:"), or after a
   // bullet when it is not indented under the bullet's text (compact text writes no blank lines: "Chemotherapy" between
   // two bullets is a title, not the end of the bullet before).
   auto titled = [&](std::size_t i) {
      const std::string t = trim_space(lines[i]);
      if (list_marker(t).length != 0 || !bare_subheading(t) || !next_is_bullet(i)) return false;
      if (i == 0) return true;
      const std::string before = trim_space(lines[i - 1]);
      if (before.empty() || before.back() == ':') return true;
      return list_marker(before).length > 0 && indent_of(lines[i]) <= indent_of(lines[i - 1]);
   };
   std::size_t titles = 0;
   for (std::size_t i = 0; i < lines.size(); ++i)
      if (titled(i)) ++titles;
   auto capitals = [](const std::string& t) {
      for (char c : t)
         if (std::islower(static_cast<unsigned char>(c))) return false;
      return true;
   };

   std::vector<ImportedLine> out;
   std::vector<std::size_t> indents;  // the indent of each open bullet level
   bool blank = true;                 // the previous line was blank (or there was none)
   bool last_is_bullet = false;
   for (std::size_t li = 0; li < lines.size(); ++li) {
      const std::string& line = lines[li];
      const std::string t = trim_space(line);
      if (t.empty()) {
         blank = true;
         continue;
      }
      const std::size_t ind = indent_of(line);
      const Marker m = list_marker(t);
      // "Or" on a line of its own between two items: the item before ends in it, and so joins the next one.
      if (m.length == 0 && join_word(t) && !out.empty() && !out.back().heading) {
         out.back().text += " " + t;
         blank = false;
         continue;
      }
      // A line without a bullet continues the one before when no blank line parts them (a hard wrap, which legacy text
      // indents to the bullet's text and API v2 text may not indent at all), or when it is indented under a bullet after a
      // blank line; one that comes back to the bullet's margin or further left after a blank line starts anew
      // ("PATIENT CHARACTERISTICS:").
      const bool heading_like = t.back() == ':' || grammar::section_heading(t) != grammar::SectionName::none;
      const bool under = indents.empty() || ind > indents.back() || (ind == indents.back() && !heading_like);
      const bool title_of_run = titles >= 2 && titled(li);
      if (m.length == 0 && !out.empty() && !title_of_run && ((!blank && under && !out.back().heading) || (blank && last_is_bullet && ind > indents.back()))) {
         out.back().text += " " + t;
         blank = false;
         continue;
      }
      ImportedLine item;
      if (m.length == 0) {
         item.text = t;
         item.heading = t.back() == ':' || (bare_subheading(t) && next_is_bullet(li) && (titles >= 2 || capitals(t)));
         indents.clear();
         last_is_bullet = false;
      }
      else {
         item.text = trim_space(t.substr(m.length));
         item.ordinal = m.ordinal;
         item.style = m.style;
         if (m.ordinal == 0)  // "* 1) Patients are ≥ 18 years old": the bullet carries a number too
            if (const Marker inner = list_marker(item.text); inner.ordinal > 0) {
               item.text = trim_space(item.text.substr(inner.length));
               item.ordinal = inner.ordinal;
               item.style = inner.style;
            }
         while (!indents.empty() && ind < indents.back()) indents.pop_back();
         // "2) …" indented under "* 1) …" goes on with its numbering: a sibling, not a nested item.
         const bool continues = !indents.empty() && ind > indents.back() && item.ordinal > 1 && !out.empty() && !out.back().heading &&
                                out.back().depth + 1 == indents.size() && out.back().ordinal == item.ordinal - 1 &&
                                (out.back().style == 'a') == (item.style == 'a');
         if (continues)
            indents.back() = ind;
         else if (indents.empty() || ind > indents.back())
            indents.push_back(ind);
         item.depth = indents.size() - 1;
         last_is_bullet = true;
      }
      if (!item.text.empty()) out.push_back(std::move(item));
      blank = false;
   }
   return out;
}

}  // namespace eligo
