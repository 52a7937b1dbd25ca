// Patient JSON text -> a JSON document, for every reader (native, FHIR) and the API's request bodies. simdjson parses it
// (several times faster than nlohmann's parser: most of what reading a multi-megabyte FHIR bundle cost) and the document
// is built from that; a text simdjson refuses is parsed again by nlohmann, whose message says where and what went wrong,
// so the errors, and what is accepted, are exactly nlohmann's.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "engine/patient/patient.hpp"

namespace eligo {

using nlohmann::json;

namespace {

namespace dom = simdjson::dom;

// The value as nlohmann's parser gives it: a non-negative integer is unsigned, a negative one signed. False where the
// two parsers could differ (a negative zero: nlohmann reads "-0" as the integer 0, simdjson as a float), and the text is
// then left to nlohmann.
bool fill(json& out, dom::element e)
{
   switch (e.type()) {
      case dom::element_type::ARRAY: {
         out = json::array();
         for (dom::element x : dom::array(e)) {
            out.push_back(nullptr);
            if (!fill(out.back(), x)) return false;
         }
         return true;
      }
      case dom::element_type::OBJECT: {
         out = json::object();
         for (dom::key_value_pair field : dom::object(e))
            if (!fill(out[std::string(field.key)], field.value)) return false;  // a key given twice: the last value, as nlohmann
         return true;
      }
      case dom::element_type::INT64: {
         const std::int64_t v = e.get_int64().value_unsafe();
         if (v >= 0)
            out = static_cast<std::uint64_t>(v);
         else
            out = v;
         return true;
      }
      case dom::element_type::UINT64: out = e.get_uint64().value_unsafe(); return true;
      case dom::element_type::DOUBLE: {
         const double v = e.get_double().value_unsafe();
         if (v == 0 && std::signbit(v)) return false;
         out = v;
         return true;
      }
      case dom::element_type::STRING: out = std::string(e.get_string().value_unsafe()); return true;
      case dom::element_type::BOOL: out = e.get_bool().value_unsafe(); return true;
      case dom::element_type::NULL_VALUE: out = nullptr; return true;
   }
   return false;
}

// The document, or nothing where simdjson refuses the text (nlohmann then says why, or reads what simdjson does not:
// an integer beyond 64 bits).
std::optional<json> parse_fast(std::string_view text)
{
   thread_local dom::parser parser;
   const simdjson::padded_string padded(text);
   dom::element root;
   if (parser.parse(padded).get(root) != simdjson::SUCCESS) return std::nullopt;
   std::optional<json> out(std::in_place);
   if (!fill(*out, root)) return std::nullopt;
   return out;
}

// The parser quotes what it last read, which may be invalid UTF-8: such bytes are shown as \xFF.
std::string printable(std::string_view s)
{
   std::string out;
   for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool ok = n > 0 && i + n <= s.size();
      for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
         out.append(s.substr(i, n));
         i += n;
      }
      else {
         char b[8];
         std::snprintf(b, sizeof b, "\\x%02X", c);
         out += b;
         ++i;
      }
   }
   return out;
}

}  // namespace

json parse_json_text(std::string_view text, const std::string& source)
{
   if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
   if (text.size() > max_patient_bytes) throw InputError(source + ": file is larger than the " + std::to_string(max_patient_bytes >> 20) + " MiB limit");
   if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw InputError(source + ": empty file: expected a patient JSON object");
   // The nesting limit is checked by a scan first, so the document is then parsed by the plain
   // (faster) parser rather than the callback one.
   {
      int depth = 0;
      bool in_string = false;
      for (std::size_t i = 0; i < text.size(); ++i) {
         const char c = text[i];
         if (in_string) {
            if (c == '\\')
               ++i;
            else if (c == '"')
               in_string = false;
         }
         else if (c == '"')
            in_string = true;
         else if (c == '{' || c == '[') {
            if (++depth > max_json_depth) throw InputError(source + ": JSON nests deeper than " + std::to_string(max_json_depth) + " levels");
         }
         else if (c == '}' || c == ']')
            --depth;
      }
   }
   if (std::optional<json> fast = parse_fast(text)) return std::move(*fast);
   try {
      return json::parse(text);
   }
   catch (const json::parse_error& e) {
      InputError error(source + ": malformed JSON: " + printable(e.what()));
      // "[json.exception.parse_error.101] parse error at line 1, column 13: …" without the library's tag.
      std::string said = printable(e.what());
      if (said.starts_with("[json.exception.")) said = said.substr(said.find(']') + 1);
      error.plain = "The record is not valid JSON:" + said;
      throw error;
   }
   catch (const json::exception& e) {
      throw InputError(source + ": malformed JSON: " + printable(e.what()));  // a number too large for a double ("1e999")
   }
}

}  // namespace eligo
