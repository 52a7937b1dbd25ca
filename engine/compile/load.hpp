// The trials a command names (docs/cli.md): every trial file under a file or folder, or a
// trial by its id.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/compile/binder.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

// Every trial under `file_or_dir`. Throws InputError when it does not exist, when a file does
// not compile (listing every error), or when there is no trial.
std::vector<Trial> load_trials(const std::string& file_or_dir, const CatalogueLexicon& lexicon);

// A TRIAL argument: a .trial file, else the id of a trial under `trials_dir`; every trial it
// names, in file order. Throws InputError when no trial has that id.
std::vector<Trial> find_trial(const std::string& file_or_id, const std::string& trials_dir, const CatalogueLexicon& lexicon);

// Compiles the trial files under each input (a file or a folder) in turn and hands each
// result to `each` as soon as it is compiled. Throws InputError for an input that does not
// exist, after the inputs before it.
void compile_each(const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon,
                  const std::function<void(const std::string& file, CompileResult result)>& each);

}  // namespace eligo
