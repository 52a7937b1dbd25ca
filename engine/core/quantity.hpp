// Typed quantities: the Boost.Units core.
//
// Values are parsed at run time (units.hpp) and checked against the dimension
// an analyte needs. Only then are they turned into these typed quantities, on
// which the clinical formulas (age, Child-Pugh, ALBI) are written, so that a
// unit mistake in a formula fails to compile.
#pragma once

#include <boost/units/base_units/metric/liter.hpp>
#include <boost/units/derived_dimension.hpp>
#include <boost/units/make_scaled_unit.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/systems/si.hpp>

#include "engine/core/units.hpp"

namespace eligo::q {

namespace bu = boost::units;
namespace si = boost::units::si;

using mass_concentration_dimension = bu::derived_dimension<bu::mass_base_dimension, 1, bu::length_base_dimension, -3>::type;
using substance_concentration_dimension = bu::derived_dimension<bu::amount_base_dimension, 1, bu::length_base_dimension, -3>::type;
using number_concentration_dimension = bu::derived_dimension<bu::length_base_dimension, -3>::type;

using mass_concentration_unit = bu::unit<mass_concentration_dimension, si::system>;            // kg/m^3 = g/L
using substance_concentration_unit = bu::unit<substance_concentration_dimension, si::system>;  // mol/m^3 = mmol/L
using number_concentration_unit = bu::unit<number_concentration_dimension, si::system>;        // 1/m^3

using MassConcentration = bu::quantity<mass_concentration_unit>;
using SubstanceConcentration = bu::quantity<substance_concentration_unit>;
using NumberConcentration = bu::quantity<number_concentration_unit>;
using Duration = bu::quantity<si::time>;
using Length = bu::quantity<si::length>;
using Ratio = bu::quantity<si::dimensionless>;

// Common clinical units as typed constants.
inline const MassConcentration gram_per_litre = 1.0 * si::kilogram / si::cubic_meter;
inline const MassConcentration gram_per_decilitre = 10.0 * si::kilogram / si::cubic_meter;
inline const MassConcentration milligram_per_decilitre = 0.01 * si::kilogram / si::cubic_meter;
inline const SubstanceConcentration micromole_per_litre = 1e-3 * si::mole / si::cubic_meter;
inline const Duration day = 86400.0 * si::second;
inline const Duration julian_year = 365.25 * 86400.0 * si::second;  // UCUM a_j

// The runtime dimension a typed quantity stands for.
inline Dimension exponents(int length, int mass, int time, int amount)
{
   Dimension d;
   d.e[Dimension::length] = static_cast<std::int8_t>(length);
   d.e[Dimension::mass] = static_cast<std::int8_t>(mass);
   d.e[Dimension::time] = static_cast<std::int8_t>(time);
   d.e[Dimension::amount] = static_cast<std::int8_t>(amount);
   return d;
}

template <class Quantity>
Dimension dimension_of();
template <>
inline Dimension dimension_of<MassConcentration>()
{
   return exponents(-3, 1, 0, 0);
}
template <>
inline Dimension dimension_of<SubstanceConcentration>()
{
   return exponents(-3, 0, 0, 1);
}
template <>
inline Dimension dimension_of<NumberConcentration>()
{
   return exponents(-3, 0, 0, 0);
}
template <>
inline Dimension dimension_of<Duration>()
{
   return exponents(0, 0, 1, 0);
}
template <>
inline Dimension dimension_of<Length>()
{
   return exponents(1, 0, 0, 0);
}
template <>
inline Dimension dimension_of<Ratio>()
{
   return Dimension{};
}

// Builds a typed quantity from a runtime value after checking its dimension.
// Throws UnitError on a mismatch: this is the one gate from run time into types.
template <class Quantity>
Quantity typed(double value, const Unit& unit)
{
   if (!(unit.dim == dimension_of<Quantity>()))
      throw UnitError("expected " + dimension_of<Quantity>().name() + ", got " + unit.dim.name() + " (" + unit.code + ")");
   return Quantity::from_value(value * unit.factor);
}

}  // namespace eligo::q
