#include "grammar/trial_file.hpp"

#include <algorithm>
#include <cctype>

#include "grammar/parse_criterion.hpp"

namespace eligo::grammar {

bool valid_utf8(std::string_view s, std::size_t* bad_at)
{
   for (std::size_t i = 0; i < s.size();) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      // RFC 3629: no overlong forms (C0, C1, E0 80-9F, F0 80-8F), no surrogates (ED A0-BF), nothing above U+10FFFF (F4 90-, F5-).
      // nlohmann::json refuses to write such bytes; a looser check let them reach a JSON report.
      const unsigned char c1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
      if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2) || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
          (c == 0xF4 && c1 > 0x8F) || c > 0xF4) {
         if (bad_at) *bad_at = i;
         return false;
      }
      for (std::size_t k = 1; k < n; ++k)
         if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
            if (bad_at) *bad_at = i;
            return false;
         }
      i += n;
   }
   return true;
}

namespace {

std::string trim(std::string_view s)
{
   std::size_t b = 0, e = s.size();
   while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
   while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
   return std::string(s.substr(b, e - b));
}

std::string lower(std::string s)
{
   for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   return s;
}

struct Line {
   std::size_t number;
   std::string text;  // without line end
};

}  // namespace

TrialSource read_trial_source(const std::string& input, const std::string& path)
{
   if (input.size() > max_trial_bytes)
      throw TrialSyntaxError(path, 1, 1, "trial file is " + std::to_string(input.size()) + " bytes; the limit is " + std::to_string(max_trial_bytes));
   std::string_view text = input;
   if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
   std::size_t bad = 0;
   if (!valid_utf8(text, &bad)) {
      const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n'));
      const std::size_t start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
      const std::size_t col = column_of(text.substr(start == std::string_view::npos ? 0 : start + 1), bad - (start == std::string_view::npos ? 0 : start + 1));
      throw TrialSyntaxError(path, line, col, "invalid UTF-8");
   }
   std::vector<Line> lines;
   for (std::size_t pos = 0, n = 1; pos <= text.size(); ++n) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string l(text.substr(pos, end - pos));
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.push_back({n, l});
      if (end == text.size()) break;
      pos = end + 1;
   }

   TrialSource src;
   src.path = path;
   std::string section;
   // The chain of open bullets: parent candidates by indentation.
   std::vector<TrialItem*> stack;
   std::vector<std::size_t> stack_indent;
   bool any_content = false;

   for (const auto& ln : lines) {
      const std::string& raw = ln.text;
      const std::string t = trim(raw);
      if (t.empty() || t[0] == '#') continue;
      any_content = true;
      if (raw.find('\t') != std::string::npos && raw.find_first_not_of(" \t") > 0 &&
          raw.substr(0, raw.find_first_not_of(" \t")).find('\t') != std::string::npos)
         throw TrialSyntaxError(path, ln.number, 1, "indent with spaces, not tabs");
      const std::size_t indent = raw.find_first_not_of(' ');
      const bool bullet = (t[0] == '-' || t[0] == '*') && t.size() > 1 && t[1] == ' ';
      if (!bullet) {
         const std::size_t colon = t.find(':');
         if (colon == std::string::npos)
            throw TrialSyntaxError(path, ln.number, indent + 1, "expected a bullet ('- '), a section ('inclusion:'/'exclusion:') or 'key: value'");
         const std::string key = lower(trim(t.substr(0, colon)));
         const std::string value = trim(t.substr(colon + 1));
         const std::size_t value_col = column_of(raw, raw.find(value.empty() ? ":" : value, indent + colon)) + (value.empty() ? 1 : 0);
         if ((key == "inclusion" || key == "exclusion" || key == "inclusion criteria" || key == "exclusion criteria") && value.empty()) {
            section = key.substr(0, 9);
            stack.clear();
            stack_indent.clear();
            continue;
         }
         if (!stack.empty() && indent > stack_indent.back() && (key == "as" || key == "note" || key == "manual" || key == "kind")) {
            TrialItem& item = *stack.back();
            if (value.empty()) throw TrialSyntaxError(path, ln.number, value_col, "'" + key + ":' needs a value");
            if (key == "as") {
               if (!item.as.empty()) throw TrialSyntaxError(path, ln.number, indent + 1, "a criterion has one 'as:' line");
               item.as = value;
               item.as_line = ln.number;
               item.as_column = value_col;
            }
            else if (key == "note")
               item.notes.push_back(value);
            else if (key == "kind") {
               if (!item.kind.empty()) throw TrialSyntaxError(path, ln.number, indent + 1, "a criterion has one 'kind:' line");
               if (value != "question" && value != "data" && value != "enrolment")
                  throw TrialSyntaxError(path, ln.number, value_col, "'kind:' is question, data or enrolment, not '" + value + "'");
               item.kind = value;
            }
            else
               item.manual = value;
            continue;
         }
         if (!section.empty())
            throw TrialSyntaxError(path, ln.number, indent + 1,
                                   "unexpected '" + key + ":' inside the " + section + " section (keys under a bullet are as:, note:, manual:, kind:)");
         if (src.header.count(key)) throw TrialSyntaxError(path, ln.number, indent + 1, "header key '" + key + "' given twice");
         src.header[key] = value;
         src.header_lines[key] = ln.number;
         continue;
      }
      if (section.empty()) throw TrialSyntaxError(path, ln.number, indent + 1, "a criterion before any 'inclusion:' or 'exclusion:' section");
      TrialItem item;
      item.section = section;
      item.line = ln.number;
      item.indent = indent;
      std::size_t text_start = indent + 2;
      while (text_start < raw.size() && raw[text_start] == ' ') ++text_start;
      item.text = trim(raw.substr(text_start));
      item.column = column_of(raw, text_start);
      if (item.text.empty()) throw TrialSyntaxError(path, ln.number, item.column, "empty criterion");
      while (!stack.empty() && stack_indent.back() >= indent) {
         stack.pop_back();
         stack_indent.pop_back();
      }
      if (stack.size() >= max_trial_nesting)
         throw TrialSyntaxError(path, ln.number, indent + 1, "criteria nest deeper than " + std::to_string(max_trial_nesting) + " levels");
      std::vector<TrialItem>& siblings = stack.empty() ? src.items : stack.back()->children;
      siblings.push_back(std::move(item));
      stack.push_back(&siblings.back());
      stack_indent.push_back(indent);
   }
   if (!any_content) throw TrialSyntaxError(path, 1, 1, "empty trial file");
   if (!src.header.count("trial")) throw TrialSyntaxError(path, 1, 1, "missing header line 'trial: ID'");
   if (src.items.empty()) throw TrialSyntaxError(path, lines.size(), 1, "no criteria: expected 'inclusion:' and bulleted criteria");
   return src;
}

}  // namespace eligo::grammar
