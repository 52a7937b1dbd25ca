// The words of a free text, as the readers of notes and record texts compare them: lower case,
// letters and digits only, split at every other character ("G-CSF" is "g" and "csf"); and the words
// of a criterion line with their places, as the grammar's and binder's checks of a line's words need.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace eligo {

inline std::vector<std::string> lower_words(std::string_view text)
{
   std::vector<std::string> words;
   std::string w;
   for (const char ch : text) {
      if (std::isalnum(static_cast<unsigned char>(ch)))
         w += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      else if (!w.empty())
         words.push_back(std::move(w)), w.clear();
   }
   if (!w.empty()) words.push_back(std::move(w));
   return words;
}

// A word of a line and where it stands in it: letters (and digits, unless told not to) joined by hyphens ("HIV-positive",
// "18-year-old"), in lower case. For the readers that must point at the word they refuse.
struct PlacedWord {
   std::string lower;
   std::size_t at = 0;
   std::size_t size = 0;
};

inline std::vector<PlacedWord> placed_words(std::string_view text, bool with_digits = true)
{
   auto in_word = [&](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return with_digits ? std::isalnum(u) != 0 : std::isalpha(u) != 0;
   };
   std::vector<PlacedWord> words;
   for (std::size_t i = 0; i < text.size();) {
      while (i < text.size() && !in_word(text[i])) ++i;
      std::size_t j = i;
      while (j < text.size() && (in_word(text[j]) || text[j] == '-')) ++j;
      if (j > i) {
         PlacedWord w{std::string(text.substr(i, j - i)), i, j - i};
         for (auto& c : w.lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
         words.push_back(std::move(w));
      }
      i = j;
   }
   return words;
}

}  // namespace eligo
