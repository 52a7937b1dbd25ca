// Shared helpers for the tests that are more than one line (tests/support.hpp).
#include "support.hpp"

#include <stdexcept>

namespace eligo::test {

const std::vector<Trial>& bundled_trials()
{
   static const std::vector<Trial> trials = [] {
      std::vector<Trial> out;
      for (const auto& f : trial_files(source_path("rules"))) {
         CompileResult r = compile_trial_file(f, lexicon());
         if (!r.trial || !r.errors.empty()) throw std::runtime_error("rules/ does not compile: " + f);
         out.push_back(std::move(*r.trial));
      }
      return out;
   }();
   return trials;
}

}  // namespace eligo::test
