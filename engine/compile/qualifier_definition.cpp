#include "engine/compile/qualifier_definition.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "engine/core/text.hpp"

namespace eligo {

namespace {

// Whether `run` is the whole of a bracket in `text` that opens with a word of definition.
bool defining_bracket(std::string_view text, const std::string& run)
{
   const std::string low = lower_ascii(text), r = lower_ascii(run);
   for (std::size_t at = low.find(r); at != std::string::npos; at = low.find(r, at + 1)) {
      const std::size_t open = low.rfind('(', at);
      const std::size_t close = low.find(')', at + r.size());
      if (open == std::string::npos || close == std::string::npos || low.find(')', open) < at) continue;
      std::string before = low.substr(open + 1, at - open - 1), after = low.substr(at + r.size(), close - at - r.size());
      auto strip = [](std::string& s) {
         while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == ':' || s.back() == '.')) s.pop_back();
         while (!s.empty() && (s.front() == ' ')) s.erase(0, 1);
      };
      strip(before);
      strip(after);
      if (!after.empty()) continue;
      for (const char* intro : {"i.e", "ie", "i e", "that is", "defined as", "meaning"})
         if (before == intro) return true;
   }
   return false;
}

}  // namespace

std::string define_qualifier(Predicate& reading, std::vector<std::string>& unread, std::string_view text)
{
   std::set<std::string> names;
   std::function<void(const Predicate&)> collect = [&](const Predicate& p) {
      if (p.kind == Predicate::Kind::qualifier) names.insert(p.qualifier);
      for (const auto& c : p.children) collect(c);
   };
   collect(reading);
   if (names.size() != 1) return "";
   const auto run = std::find_if(unread.begin(), unread.end(), [&](const std::string& u) { return defining_bracket(text, u); });
   if (run == unread.end()) return "";
   const std::string defined = *names.begin() + ", i.e. " + *run;
   std::function<void(Predicate&)> define = [&](Predicate& p) {
      if (p.kind == Predicate::Kind::qualifier) p.qualifier = defined;
      for (auto& c : p.children) define(c);
   };
   define(reading);
   const std::string note = "the bracket '" + *run + "' defines '" + *names.begin() + "': the qualifier asks '" + defined + "', which no plain '" +
                            *names.begin() + "' in a record answers";
   unread.erase(run);
   return note;
}

}  // namespace eligo
