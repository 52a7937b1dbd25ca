#include "engine/compile/method_refinement.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace eligo {

namespace {

void tested(const Predicate& p, std::vector<const Analyte*>& out)
{
   if (p.kind == Predicate::Kind::measure && p.analyte && std::find(out.begin(), out.end(), p.analyte) == out.end()) out.push_back(p.analyte);
   for (const auto& c : p.children) tested(c, out);
}

void replace(Predicate& p, const Analyte* from, const Analyte* to)
{
   if (p.kind == Predicate::Kind::measure && p.analyte == from) p.analyte = to;
   for (auto& c : p.children) replace(c, from, to);
}

// The run without the words that introduce a method ("using", "by", "calculated by the", "per") and its brackets.
std::string method_key(const std::string& run)
{
   std::string key = name_key(run);
   static const char* const lead[] = {"as calculated by ",
                                      "calculated by ",
                                      "calculated using ",
                                      "corrected by ",
                                      "corrected using ",
                                      "corrected for ",
                                      "according to ",
                                      "as per ",
                                      "using ",
                                      "by ",
                                      "per ",
                                      "with ",
                                      "the "};
   for (bool again = true; again;) {
      again = false;
      for (const char* l : lead)
         if (key.rfind(l, 0) == 0) {
            key.erase(0, std::string_view(l).size());
            again = true;
         }
   }
   return key;
}

}  // namespace

std::string refine_by_method(Predicate& reading, std::vector<std::string>& unread, const Catalogue& catalogue)
{
   if (unread.empty()) return "";
   std::vector<const Analyte*> bases;
   tested(reading, bases);
   std::string note;
   for (const Analyte* base : bases) {
      const Analyte* chosen = nullptr;
      bool clash = false;
      std::vector<std::size_t> runs;
      for (std::size_t i = 0; i < unread.size(); ++i) {
         const std::string key = method_key(unread[i]);
         for (const Analyte& a : catalogue.analytes()) {
            if (a.refines != base) continue;
            if (!std::any_of(a.method.begin(), a.method.end(), [&](const std::string& m) { return name_key(m) == key; })) continue;
            if (chosen && chosen != &a) clash = true;
            chosen = &a;
            runs.push_back(i);
         }
      }
      if (!chosen || clash) continue;
      replace(reading, base, chosen);
      std::string said;
      for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
         said = "'" + unread[*it] + "'" + (said.empty() ? "" : ", " + said);
         unread.erase(unread.begin() + static_cast<std::ptrdiff_t>(*it));
      }
      note += (note.empty() ? "" : " ") + said + " names the method: " + base->display + " is read as " + chosen->display + ".";
   }
   return note;
}

}  // namespace eligo
