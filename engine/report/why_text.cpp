#include "engine/report/why_text.hpp"

namespace eligo {

namespace {

const char* heading(Group g) { return g == Group::all_of ? "all of:" : "any of:"; }

void print_parts(std::ostream& out, const Outcome& o, const std::string& pad)
{
   for (const auto& part : o.parts) {
      std::string mark = in_words(part.result);
      mark += std::string(10 - mark.size(), ' ');  // "not met" and "unknown" are the longest
      out << pad << mark << (part.group == Group::none ? part.why : heading(part.group)) << "\n";
      if (part.group != Group::none) print_parts(out, part, pad + "  ");
   }
}

}  // namespace

bool nested(const Outcome& o)
{
   for (const auto& part : o.parts)
      if (part.group != Group::none) return true;
   return false;
}

void print_why(std::ostream& out, const Outcome& o, const std::string& pad, const std::string& lead)
{
   if (!nested(o)) {
      out << pad << lead << o.why << "\n";
      return;
   }
   out << pad << lead << heading(o.group) << "\n";
   print_parts(out, o, pad + "  ");
}

}  // namespace eligo
