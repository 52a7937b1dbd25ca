// Micro-benchmarks: reading patients (native and FHIR R4) and screening them.
// The file is read into memory once; each iteration parses and maps it, as
// `eligo screen` does after reading the file.
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "engine/binder.hpp"
#include "engine/catalogue.hpp"
#include "engine/patient.hpp"
#include "engine/trial.hpp"

namespace {

using namespace eligo;

std::string slurp(const std::string& path)
{
   std::ifstream f(path, std::ios::binary);
   if (!f) throw std::runtime_error("cannot read " + path);
   std::ostringstream ss;
   ss << f.rdbuf();
   return ss.str();
}

const std::string shared = ELIGO_SHARED_DIR;
const std::string source = ELIGO_SOURCE_DIR;
// The largest bundle in ../shared/fhir (2.7 MB, 1,185 resources) and a small one.
const std::string largest = shared + "/fhir/Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json";
const std::string smallest = shared + "/fhir/Jordan_Cruickshank_5de38439-d320-46d3-854d-3c098e88de4c.json";

void read_file_bench(benchmark::State& state, const std::string& path)
{
   const auto cat = Catalogue::builtin();
   const std::string text = slurp(path);
   for (auto _ : state) {
      Patient p = read_patient(text, path, *cat);
      benchmark::DoNotOptimize(p);
   }
   state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
   state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_read_fhir_largest(benchmark::State& s) { read_file_bench(s, largest); }
void BM_read_fhir_small(benchmark::State& s) { read_file_bench(s, smallest); }
void BM_read_fhir_twin(benchmark::State& s) { read_file_bench(s, source + "/patients/fhir/eligible.json"); }
void BM_read_native(benchmark::State& s) { read_file_bench(s, source + "/patients/examples/eligible.json"); }

void screen_bench(benchmark::State& state, const std::string& path)
{
   const auto cat = Catalogue::builtin();
   const CatalogueLexicon lx(cat);
   CompileResult r = compile_trial_file(source + "/rules/NCT03838796.trial", lx);
   const Patient p = read_patient(slurp(path), path, *cat);
   const Date d{2026, 11, 22};
   for (auto _ : state) {
      TrialResult t = screen(*r.trial, p, d, *cat);
      benchmark::DoNotOptimize(t);
   }
}

void BM_screen_fhir_largest(benchmark::State& s) { screen_bench(s, largest); }
void BM_screen_native(benchmark::State& s) { screen_bench(s, source + "/patients/examples/eligible.json"); }

}  // namespace

BENCHMARK(BM_read_fhir_largest)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_fhir_small)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_fhir_twin)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_read_native)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_screen_fhir_largest)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_screen_native)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
