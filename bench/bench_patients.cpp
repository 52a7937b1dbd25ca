// Micro-benchmarks: reading patients (native and FHIR R4) and screening them.
// The file is read into memory once; each iteration parses and maps it, as
// `eligo screen` does after reading the file.
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "engine/compile/binder.hpp"
#include "engine/catalogue/catalogue.hpp"
#include "engine/patient/patient.hpp"
#include "engine/patient/fast_reader.hpp"
#include "engine/synth/population.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"

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

// The batch path's one-pass reader (simdjson) on the same file, and on a generated patient.
void BM_read_native_fast(benchmark::State& state)
{
   const auto cat = Catalogue::builtin();
   const std::string path = source + "/patients/examples/eligible.json";
   const std::string text = slurp(path);
   FastReader fast(*cat);
   for (auto _ : state) {
      auto p = fast.read(text, path);
      if (!p) state.SkipWithError("the fast reader left the file to read_patient");
      benchmark::DoNotOptimize(p);
   }
   state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

std::string generated_patient()
{
   std::ostringstream o;
   write_population(o, 1, 1, *Catalogue::builtin());
   return o.str();
}

void BM_read_generated_dom(benchmark::State& state)
{
   const auto cat = Catalogue::builtin();
   const std::string text = generated_patient();
   for (auto _ : state) {
      Patient p = read_patient(text, "population", *cat);
      benchmark::DoNotOptimize(p);
   }
   state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

void BM_read_generated_fast(benchmark::State& state)
{
   const auto cat = Catalogue::builtin();
   const std::string text = generated_patient();
   FastReader fast(*cat);
   for (auto _ : state) {
      auto p = fast.read(text, "population");
      benchmark::DoNotOptimize(p);
   }
   state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

// Parse and bind one criterion (the grammar, name and unit binding, plausibility checks).
void compile_bench(benchmark::State& state, const std::string& text)
{
   const auto cat = Catalogue::builtin();
   const CatalogueLexicon lx(cat);
   for (auto _ : state) {
      std::vector<Warning> w;
      Predicate p = compile_criterion(text, lx, w);
      benchmark::DoNotOptimize(p);
   }
}
void BM_compile_platelets(benchmark::State& s) { compile_bench(s, "PLT≥75×10^9/L"); }
void BM_compile_liver_panel(benchmark::State& s)
{
   compile_bench(s, "Total bilirubin≤3.0 mg/dL, albumin≥28 g/L, AST, ALT, ALP≤5 times the upper limit of normal value.");
}

// One trial (the lab-and-score subset of NCT03838796) for one generated patient, as batch evaluates it.
void BM_screen_subset_batch(benchmark::State& state)
{
   const auto cat = Catalogue::builtin();
   const CatalogueLexicon lx(cat);
   CompileResult r = compile_trial_file(source + "/bench/peers/NCT03838796-subset.trial", lx);
   const Patient p = read_patient(generated_patient(), "population", *cat);
   const Date d{2026, 6, 15};
   for (auto _ : state) {
      TrialResult t = screen(*r.trial, p, d, *cat, false);
      benchmark::DoNotOptimize(t);
   }
}

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
BENCHMARK(BM_read_native_fast)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_read_generated_dom)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_read_generated_fast)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_compile_platelets)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_compile_liver_panel)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_screen_subset_batch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_screen_fhir_largest)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_screen_native)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
