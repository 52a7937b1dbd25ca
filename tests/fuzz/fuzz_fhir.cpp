// Target 4: a FHIR R4 Bundle (read_patient detects resourceType), read as `eligo screen` reads it,
// screened against two bundled trials, and the results and profile rendered.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
   using namespace eligo;
   const auto& w = fuzz::world();
   const std::string text(reinterpret_cast<const char*>(data), size);
   Patient p;
   try {
      p = read_patient(text, "fuzz-fhir.json", *w.catalogue);
   }
   catch (const InputError& e) {
      fuzz::require_message(e.what(), "InputError");
      return 0;
   }
   const Date date = p.screening_date.value_or(w.date);
   for (const auto& trial : w.trials) (void)to_json(screen(trial, p, date, *w.catalogue)).dump();
   (void)profile_json(p, date).dump();
   return 0;
}
