// eligo synth --population (docs/synthetic.md): realistic HCC patients as NDJSON, for
// batch screening and benchmarks, reproducible from a seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "engine/catalogue/catalogue.hpp"

namespace eligo {

// `n` patients, one JSON object per line. The same seed gives byte-identical output.
void write_population(std::ostream& out, std::size_t n, std::uint64_t seed, const Catalogue& catalogue);

// The same into `path`, complete or absent (core/atomic_file.hpp).
void write_population_file(const std::string& path, std::size_t n, std::uint64_t seed, const Catalogue& catalogue);

}  // namespace eligo
