#include "engine/compile/unread_words.hpp"

#include <functional>

namespace eligo {

namespace {

// "women", "males": the sex a word names, or "" for any other word.
std::string sex_named(const std::string& words)
{
   const std::string k = name_key(words);
   if (k == "women" || k == "woman" || k == "females" || k == "female") return "female";
   if (k == "men" || k == "man" || k == "males" || k == "male") return "male";
   return "";
}

// Whether the reading tests facts only, each of a concept of that sex (pregnant, lactating: female).
bool facts_of_sex(const Predicate& p, const std::string& sex)
{
   bool some = false, all = true;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.kind == Predicate::Kind::fact || q.kind == Predicate::Kind::qualifier) {
         some = true;
         all = all && q.concept_->sex == sex;
      }
      else if (q.kind != Predicate::Kind::all && q.kind != Predicate::Kind::any && q.kind != Predicate::Kind::negate)
         all = false;
      for (const auto& c : q.children) walk(c);
   };
   walk(p);
   return some && all;
}

}  // namespace

std::vector<std::string> unread_words(std::string_view text, const grammar::Accounting& accounting, const CatalogueLexicon& lexicon, const Predicate& reading)
{
   std::vector<std::string> out;
   for (auto& u : grammar::unread_words(text, accounting, lexicon)) {
      const std::string sex = sex_named(u.words);
      if (!sex.empty() && facts_of_sex(reading, sex)) continue;
      out.push_back(std::move(u.words));
   }
   return out;
}

}  // namespace eligo
