// Target 3: a native patient JSON (eligo-patient/1), read as `eligo screen` reads it, screened against the bundled
// trials, and the results and profile rendered (fuzz_common.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return eligo::fuzz::screen_patient_text(data, size, "fuzz.json"); }
