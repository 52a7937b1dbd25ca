// The words of a free text, as the readers of notes and record texts compare them: lower case,
// letters and digits only, split at every other character ("G-CSF" is "g" and "csf").
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

}  // namespace eligo
