// Shared set-up for the libFuzzer targets (docs/fuzzing.md): the built-in catalogue,
// a fixed example patient and two bundled trials, built once per process, and the
// rule for expected errors: the engine's documented exception types, each with a
// non-empty message. Anything else escapes LLVMFuzzerTestOneInput and is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/compile/binder.hpp"
#include "engine/catalogue/catalogue.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/report.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/core/units.hpp"
#include "grammar/parse_criterion.hpp"
#include "grammar/trial_file.hpp"

#ifndef ELIGO_SOURCE_DIR
#error "ELIGO_SOURCE_DIR must name the source tree (the fuzz targets read a patient and two trials from it)"
#endif

namespace eligo::fuzz {

// An expected error must say what went wrong.
inline void require_message(std::string_view what, const char* kind)
{
   if (what.empty()) {
      std::fprintf(stderr, "fuzz: %s with an empty message\n", kind);
      std::abort();
   }
}

struct World {
   std::shared_ptr<const Catalogue> catalogue = Catalogue::builtin();
   CatalogueLexicon lexicon{catalogue};
   Patient patient;            // patients/examples/eligible.json
   Date date{2026, 10, 1};     // a fixed screening date: runs are reproducible
   std::vector<Trial> trials;  // rules/NCT03838796.trial and a seed trial

   World()
   {
      patient = read_patient_file(std::string(ELIGO_SOURCE_DIR) + "/patients/examples/eligible.json", *catalogue);
      for (const char* name : {"/rules/NCT03838796.trial", "/rules/seed-003-haic-pd1-lenvatinib-after-systemic.trial"}) {
         CompileResult r = compile_trial_file(std::string(ELIGO_SOURCE_DIR) + name, lexicon);
         if (!r.trial) {
            std::fprintf(stderr, "fuzz: bundled trial %s does not compile\n", name);
            std::abort();
         }
         trials.push_back(std::move(*r.trial));
      }
   }
};

inline const World& world()
{
   static const World w;
   return w;
}

// Targets 3 and 4: patient text read as `eligo screen` reads it (native or FHIR: read_patient
// tells them by resourceType), screened against the bundled trials, results and profile rendered.
inline int screen_patient_text(const std::uint8_t* data, std::size_t size, const std::string& source)
{
   const auto& w = world();
   const std::string text(reinterpret_cast<const char*>(data), size);
   Patient p;
   try {
      p = read_patient(text, source, *w.catalogue);
   }
   catch (const InputError& e) {
      require_message(e.what(), "InputError");
      return 0;
   }
   const Date date = p.screening_date.value_or(w.date);
   for (const auto& trial : w.trials) (void)to_json(screen(trial, p, date, *w.catalogue)).dump();
   (void)profile_json(p, date).dump();
   return 0;
}

}  // namespace eligo::fuzz
