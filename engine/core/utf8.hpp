// Cutting UTF-8 text to a length in bytes without splitting a character: a split one is invalid UTF-8,
// which JSON output refuses (review s6 A5).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eligo {

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character boundary.
inline std::string utf8_prefix(std::string_view text, std::size_t max_bytes)
{
   if (text.size() <= max_bytes) return std::string(text);
   std::size_t cut = max_bytes;
   while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
   return std::string(text.substr(0, cut));
}

}  // namespace eligo
