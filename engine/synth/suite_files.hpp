// Suite files on disk (docs/synthetic.md): one patient JSON file per case in a folder per
// trial; generated cases are named gen-*.json, hand-written ones anything else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/synth/generator.hpp"

namespace eligo {

// The case files (*.json) under `inputs`, files or folders (recursively, sorted by path).
// Throws InputError for an input that does not exist, or when there are none.
std::vector<std::string> case_files(const std::vector<std::string>& inputs);

// The text of one case file. Throws InputError when it cannot be read.
std::string read_case_file(const std::string& path);

// Replaces the generated cases (gen-*.json) in `dir` by the suite's, keeping the others.
void write_suite(const SynthSuite& suite, const std::filesystem::path& dir);

// eligo synth TRIAL: a suite per trial, each in `out` (default patients/synthetic/<trial id>),
// or with `per_trial_folders` (TRIAL was a folder) in a folder per trial id under `out`
// (default patients/synthetic). What each suite holds, and its notes, go to `log`.
void write_suites(const std::vector<Trial>& trials, bool per_trial_folders, const std::string& out, const Catalogue& catalogue, std::uint64_t seed,
                  std::ostream& log);

}  // namespace eligo
