#include "engine/report/why_text.hpp"

namespace eligo {

namespace {

const char* heading(Group g) { return g == Group::all_of ? "all of:" : "any of:"; }

void print_parts(std::ostream& out, const Combination& c, const std::string& pad)
{
   for (const auto& part : c.parts) {
      std::string mark = in_words(part.result);
      mark += std::string(10 - mark.size(), ' ');  // "not met" and "unknown" are the longest
      out << pad << mark << (part.combination ? heading(part.combination->group) : part.why) << "\n";
      if (part.combination) print_parts(out, *part.combination, pad + "  ");
   }
}

}  // namespace

bool nested(const Outcome& o)
{
   if (o.combination)
      for (const auto& part : o.combination->parts)
         if (part.combination) return true;
   return false;
}

void print_why(std::ostream& out, const Outcome& o, const std::string& pad, const std::string& lead)
{
   if (!nested(o)) {
      out << pad << lead << o.why << "\n";
      return;
   }
   out << pad << lead << heading(o.combination->group) << "\n";
   print_parts(out, *o.combination, pad + "  ");
}

}  // namespace eligo
