// An enum's spellings in a data file or a record format: one table per enum, read both ways.
// The catalogue's categories and a record's status use it, so a spelling is written once.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace eligo {

template <typename E>
struct Spelling {
   const char* text;
   E value;
};

// The spelling of `value` in `table` ("" when it has none).
template <typename E, std::size_t N>
const char* spelling_of(const Spelling<E> (&table)[N], E value)
{
   for (const auto& s : table)
      if (s.value == value) return s.text;
   return "";
}

// The value `text` spells in `table`, or nullopt.
template <typename E, std::size_t N>
std::optional<E> value_of(const Spelling<E> (&table)[N], std::string_view text)
{
   for (const auto& s : table)
      if (text == s.text) return s.value;
   return std::nullopt;
}

}  // namespace eligo
