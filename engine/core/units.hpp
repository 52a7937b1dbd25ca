// Runtime unit registry: unit strings -> dimension and scale.
//
// Boost.Units cannot parse strings, so (as in LLNL/units and ucum-lhc) a
// runtime parser turns a UCUM code or a clinical spelling into a dimension
// vector and a factor to SI coherent units. Only after the dimension has been
// checked against what an analyte needs does the engine build a typed
// boost::units quantity (see quantity.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"

namespace eligo {

// Exponents of the base dimensions UCUM uses that clinical data needs.
// Arbitrary units ([IU], [arb'U]) are their own dimensions: UCUM forbids
// converting them to anything else.
struct Dimension {
   enum Base : std::size_t { length, mass, time, amount, charge, intl_unit, arb_unit, count_ };
   std::array<std::int8_t, count_> e{};

   friend bool operator==(const Dimension&, const Dimension&) = default;
   Dimension operator*(const Dimension& o) const;
   Dimension operator/(const Dimension& o) const;
   Dimension pow(int n) const;
   bool dimensionless() const { return *this == Dimension{}; }
   std::string name() const;  // "mass concentration", "number concentration", ... or the exponent form
};

struct Unit {
   std::string code;  // normalised UCUM code, e.g. "10*9/L"
   Dimension dim;
   double factor = 1;  // value in this unit * factor = value in SI coherent units (m, kg, s, mol, C)
};

// A unit that cannot be read or converted. It has no place of its own: the binder and the
// readers re-throw it as a BindError or InputError that says where the unit was written.
class UnitError : public LocatedError {
public:
   explicit UnitError(std::string message) : LocatedError({}, std::move(message)) {}
};

// Parses strict UCUM ("10*9/L", "umol/L", "[IU]/L", "mm[Hg]", "s.m-1") and the
// clinical spellings registries and EHRs use ("10^9/L", "/mm³", "k/µL",
// "gm/dL", "micromoles per liter", "mmHg", "IU/L"). Throws UnitError.
Unit parse_unit(std::string_view text);

// Same, without throwing.
std::optional<Unit> try_parse_unit(std::string_view text) noexcept;

// Only the strict UCUM grammar, no clinical spellings (used by the UCUM
// conformance tests).
Unit parse_ucum(std::string_view code);

// The clinical-spelling rewrite alone: "×10^9/L" -> "10*9/L". Exposed for tests.
std::string normalise_unit_spelling(std::string_view text);

// How a conversion was done, for explanations.
struct Conversion {
   double value = 0;
   bool via_molar_mass = false;
   double molar_mass = 0;  // g/mol, when via_molar_mass
};

// Converts value from one unit into another. Mass<->substance concentration is
// allowed only when molar_mass (g/mol) is given; otherwise, and for any other
// dimension mismatch, throws UnitError naming both dimensions.
Conversion convert(double value, const Unit& from, const Unit& to, std::optional<double> molar_mass = std::nullopt);

// Whether from and to can be converted (same dimension, or mass<->molar with a molar mass).
bool convertible(const Unit& from, const Unit& to, bool have_molar_mass);

// Human form of a UCUM code for reports: "10*9/L" -> "×10^9/L", "umol/L" -> "µmol/L".
std::string display_unit(std::string_view ucum_code);

}  // namespace eligo
