// How a combination and a negation read in a why. One level joins its parts as a person lists
// them ("A; B", "A; or B"); a nested combination is written as an outline, each group named
// ("all of", "any of") with its result, and its parts labelled by level: (1), (a), (i), (A).
// A negated test states what it found and what the criterion asks, and never stacks a second
// negative on the test's own words ("no lenvatinib among 0 medications …, as required").
#include <string>
#include <utility>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

std::string letters(std::size_t n, char first)  // 0 → a, 25 → z, 26 → aa
{
   std::string s;
   for (++n; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>(first + (n - 1) % 26));
   return s;
}

std::string roman(std::size_t n)  // 1 → i
{
   static const std::pair<std::size_t, const char*> digits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
                                                                {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
   std::string s;
   for (const auto& [value, text] : digits)
      for (; n >= value; n -= value) s += text;
   return s;
}

// The label of part i at a depth of the outline: (1), (a), (i), (A), then again (1).
std::string label(std::size_t depth, std::size_t i)
{
   switch (depth % 4) {
      case 0: return "(" + std::to_string(i + 1) + ")";
      case 1: return "(" + letters(i, 'a') + ")";
      case 2: return "(" + roman(i + 1) + ")";
      default: return "(" + letters(i, 'A') + ")";
   }
}

const char* heading(Group g) { return g == Group::all_of ? "all of" : "any of"; }

std::string outline(const Combination& c, std::size_t depth)
{
   std::string s;
   for (std::size_t i = 0; i < c.parts.size(); ++i) {
      const Outcome& part = c.parts[i];
      s += (i ? "; " : "") + label(depth, i) + " ";
      if (!part.combination)
         s += part.why;
      else
         s += std::string(heading(part.combination->group)) + ", " + in_words(part.result) + ": " + outline(*part.combination, depth + 1);
   }
   return s;
}

}  // namespace

std::string combined_why(const Outcome& o)
{
   const Combination& c = *o.combination;
   bool nested = false;
   for (const auto& part : c.parts) nested = nested || part.combination;
   if (nested) return std::string(heading(c.group)) + ": " + outline(c, 0);
   std::string s;
   for (std::size_t i = 0; i < c.parts.size(); ++i) s += (i ? (c.group == Group::all_of ? "; " : "; or ") : "") + c.parts[i].why;
   return s;
}

// A fact is required absent; any other test is required not to hold ("not ECOG ≥ 2"). The
// result is the negation's: met when the test did not hold.
std::string negated_why(const Predicate& p, const Outcome& negation)
{
   if (negation.result == Tri::met) return negation.why + ", as required";
   return negation.why +
          (p.kind == Predicate::Kind::fact || p.kind == Predicate::Kind::qualifier ? ", where absence is required" : ", where the opposite is required");
}

}  // namespace eligo::evaluation
