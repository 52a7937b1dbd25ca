// The concepts a record's free text names (Catalogue::concepts_named_in). Text never meets a criterion: codes decide what a
// record holds. A record that names no concept by its codes may still be one, and its text is how Eligo sees that it may:
// the criterion then stays open rather than not met (docs/fhir.md, "From codes to concepts").
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/words.hpp"

namespace eligo {

namespace {

// Words of a name that join its other words and name nothing ("of", "the"). Every other word of a name must be in a text
// for the text to name it: "secondary malignant neoplasm" needs "secondary", "liver surgery" needs "surgery".
bool generic_word(const std::string& w)
{
   static const std::set<std::string> words = {"of", "the", "and", "or", "with", "in", "to", "for", "a", "an", "on", "by", "at", "as", "from"};
   return words.count(w) != 0;
}

// Whether a text holds a word: the same, or one a stem of the other ("transplant", "transplantation"), five letters or more;
// or a compound that ends with it, six letters or more ("adenocarcinoma", "cholangiocarcinoma" hold "carcinoma").
bool text_holds(const std::vector<std::string>& said, const std::string& w)
{
   for (const auto& s : said) {
      if (s == w || (s.size() >= 5 && w.size() >= 5 && (s.rfind(w, 0) == 0 || w.rfind(s, 0) == 0))) return true;
      if (w.size() >= 6 && s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) return true;
   }
   return false;
}

// A name's words that must all be in a text for the text to name it ("hepatitis C": "hepatitis" and "c").
std::vector<std::string> needed_words(const std::string& name)
{
   std::vector<std::string> out;
   for (auto& w : lower_words(name))
      if (!generic_word(w)) out.push_back(std::move(w));
   return out;
}

}  // namespace

void Catalogue::index_name_words()
{
   name_words_.clear();
   for (const auto& c : concepts_) {
      if (c.kind == ConceptKind::finding) continue;
      NameWords n{&c, {}};
      if (auto w = needed_words(c.display); !w.empty()) n.names.push_back(std::move(w));
      for (const auto* list : {&c.names, &c.text_names})
         for (const auto& name : *list)
            if (auto w = needed_words(name); !w.empty()) n.names.push_back(std::move(w));
      name_words_.push_back(std::move(n));
   }
   not_of_patient_words_.clear();
   for (const auto& phrase : text_matching_.not_of_patient)
      if (auto w = lower_words(phrase); !w.empty()) not_of_patient_words_.push_back(std::move(w));
   of_patient_after_all_words_.clear();
   for (const auto& word : text_matching_.of_patient_after_all)
      for (auto& w : lower_words(word)) of_patient_after_all_words_.insert(std::move(w));
}

std::vector<const Concept*> Catalogue::concepts_named_in(std::string_view text) const
{
   const std::vector<std::string> said = lower_words(text);
   std::vector<const Concept*> named;
   for (const auto& n : name_words_)
      if (std::any_of(n.names.begin(), n.names.end(), [&](const std::vector<std::string>& words) {
             return std::all_of(words.begin(), words.end(), [&](const std::string& w) { return text_holds(said, w); });
          }))
         named.push_back(n.concept_);
   // The most specific: "Non-small cell carcinoma of lung" names lung cancer, not also the malignancy "carcinoma" names.
   std::vector<const Concept*> out;
   for (const Concept* n : named)
      if (std::none_of(named.begin(), named.end(), [&](const Concept* m) { return m != n && kind_of(*m, *n); })) out.push_back(n);
   return out;
}

bool Catalogue::not_of_patient(std::string_view text) const
{
   const std::vector<std::string> said = lower_words(text);
   // "Screening for recurrence of colon cancer": of a patient who had it.
   if (std::any_of(said.begin(), said.end(), [&](const std::string& w) { return of_patient_after_all_words_.count(w) != 0; })) return false;
   return std::any_of(not_of_patient_words_.begin(), not_of_patient_words_.end(),
                      [&](const std::vector<std::string>& p) { return p.size() <= said.size() && std::equal(p.begin(), p.end(), said.begin()); });
}

}  // namespace eligo
