// Plain text helpers every phase uses: ASCII lower case, white space trimmed, a number as a person writes it. One copy
// of each, in place of a copy per file (the sanitizer build compiles several files of a library as one unit).
#pragma once

#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>

namespace eligo {

// ASCII letters in lower case; every other byte (UTF-8 included) unchanged.
inline std::string lower_ascii(std::string_view s)
{
   std::string out(s);
   for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   return out;
}

// Without the white space at either end.
inline std::string trim_space(std::string_view s)
{
   std::size_t b = 0, e = s.size();
   while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
   while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
   return std::string(s.substr(b, e - b));
}

// Up to 6 significant digits, no trailing zeros ("110", "1.25", "1e-05"), as printf's %.6g and a stream's default.
inline std::string number_text(double v)
{
   char buf[32];
   std::snprintf(buf, sizeof buf, "%.6g", v);
   return buf;
}

}  // namespace eligo
