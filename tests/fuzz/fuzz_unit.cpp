// Target 5: a unit string. The input is "FROM" or "FROM\nTO". Parses it as free text
// and as strict UCUM, as each analyte reads it (aliases first), and converts between
// FROM and TO and to each analyte's canonical unit (via molar mass where there is one).
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"

namespace {

void try_convert(const eligo::Unit& from, const eligo::Unit& to, std::optional<double> molar_mass)
{
   try {
      const auto c = eligo::convert(1.5, from, to, molar_mass);
      (void)c;
      (void)eligo::convertible(from, to, molar_mass.has_value());
   }
   catch (const eligo::UnitError& e) {
      eligo::fuzz::require_message(e.what(), "UnitError");
   }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
   using namespace eligo;
   const auto& w = fuzz::world();
   const std::string_view input(reinterpret_cast<const char*>(data), size);
   const auto nl = input.find('\n');
   const std::string_view from_text = input.substr(0, nl);
   const std::string_view to_text = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);

   (void)normalise_unit_spelling(from_text);
   (void)try_parse_unit(from_text);
   std::optional<Unit> from, to;
   try {
      from = parse_unit(from_text);
      (void)display_unit(from->code);
      (void)from->dim.name();
   }
   catch (const UnitError& e) {
      fuzz::require_message(e.what(), "UnitError");
   }
   try {
      const Unit u = parse_ucum(from_text);
      (void)display_unit(u.code);
   }
   catch (const UnitError& e) {
      fuzz::require_message(e.what(), "UnitError");
   }
   if (nl != std::string_view::npos) {
      try {
         to = parse_unit(to_text);
      }
      catch (const UnitError& e) {
         fuzz::require_message(e.what(), "UnitError");
      }
      if (from && to) try_convert(*from, *to, std::nullopt);
   }
   for (const auto& a : w.catalogue->analytes()) {
      try {
         const Unit u = a.unit(from_text);
         const Unit canonical = a.unit(a.units.front());
         try_convert(u, canonical, a.molar_mass);
         try_convert(canonical, u, a.molar_mass);
      }
      catch (const UnitError& e) {
         fuzz::require_message(e.what(), "UnitError");
      }
   }
   return 0;
}
