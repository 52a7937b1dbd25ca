// Target 2: a whole trial file, compiled from text (as `eligo check` does), its
// diagnostics and result rendered, and a compiled trial screened against a fixed patient.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
   using namespace eligo;
   const auto& w = fuzz::world();
   const std::string text(reinterpret_cast<const char*>(data), size);
   // compile_trial_text reports every error as a diagnostic; it throws nothing expected.
   const CompileResult r = compile_trial_text(text, "fuzz.trial", w.lexicon);
   for (const auto& d : r.errors) {
      fuzz::require_message(d.message, "trial error");
      (void)d.str();
   }
   for (const auto& d : r.warnings) {
      fuzz::require_message(d.message, "trial warning");
      (void)d.str();
   }
   (void)to_json(r).dump();
   if (r.trial) {
      const TrialResult t = screen(*r.trial, w.patient, w.date, *w.catalogue);
      (void)to_json(t).dump();
   }
   return 0;
}
