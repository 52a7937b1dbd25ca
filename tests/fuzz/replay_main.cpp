// Replays fuzz inputs without libFuzzer (the normal g++ build): `fuzz_replay TARGET FILE_OR_FOLDER…` calls the target's
// entry point on each file given, or on every file of each folder given. A crash, a sanitizer report or an escaping
// exception fails the CTest test.
//
// Every target's source is compiled here, in one unit, its LLVMFuzzerTestOneInput renamed as it is included: the engine
// headers fuzz_common.hpp brings in are compiled once for the five targets, not once each (the fuzz build, with libFuzzer,
// builds each target from its own source as before).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#define LLVMFuzzerTestOneInput eligo_fuzz_criterion
#include "fuzz_criterion.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput eligo_fuzz_trial
#include "fuzz_trial.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput eligo_fuzz_patient
#include "fuzz_patient.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput eligo_fuzz_fhir
#include "fuzz_fhir.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput eligo_fuzz_unit
#include "fuzz_unit.cpp"
#undef LLVMFuzzerTestOneInput

int main(int argc, char** argv)
{
   namespace fs = std::filesystem;
   using Target = int (*)(const std::uint8_t*, std::size_t);
   const std::vector<std::pair<std::string_view, Target>> targets = {{"criterion", &eligo_fuzz_criterion},
                                                                     {"trial", &eligo_fuzz_trial},
                                                                     {"patient", &eligo_fuzz_patient},
                                                                     {"fhir", &eligo_fuzz_fhir},
                                                                     {"unit", &eligo_fuzz_unit}};
   const auto target = std::find_if(targets.begin(), targets.end(), [&](const auto& t) { return argc > 1 && t.first == argv[1]; });
   if (target == targets.end()) {
      std::fprintf(stderr, "usage: fuzz_replay criterion|trial|patient|fhir|unit FILE_OR_FOLDER...\n");
      return 2;
   }
   std::vector<fs::path> files;
   for (int i = 2; i < argc; ++i) {
      const fs::path arg = argv[i];
      if (fs::is_directory(arg)) {
         for (const auto& e : fs::directory_iterator(arg))
            if (e.is_regular_file()) files.push_back(e.path());
      }
      else if (fs::is_regular_file(arg))
         files.push_back(arg);
      else {
         std::fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
         return 2;
      }
   }
   std::sort(files.begin(), files.end());
   for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::printf("replay: %s (%zu bytes)\n", f.filename().c_str(), bytes.size());
      std::fflush(stdout);
      target->second(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
   }
   std::printf("replay: %s, %zu inputs, no failure\n", argv[1], files.size());
   return 0;
}
