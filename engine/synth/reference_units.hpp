// Reference unit conversions (internal to engine/synth/), kept apart from the engine's unit
// code so that the "boundary in another unit" cases test it: a wrong factor there shows as a
// difference here.
#pragma once

#include <optional>
#include <string>

namespace eligo::synth {

// `v` in unit `from` (a UCUM code, any case) converted to `to`; mass to substance goes through
// `molar_mass` (g/mol, catalogue data). Nothing when the table does not know a unit or the
// dimensions differ.
std::optional<double> reference_convert(double v, const std::string& from, const std::string& to, std::optional<double> molar_mass);

}  // namespace eligo::synth
