// Loading and looking up trials.
#include "engine/compile/load.hpp"

#include <filesystem>

#include "engine/core/error.hpp"

namespace eligo {

std::vector<Trial> load_trials(const std::string& file_or_dir, const CatalogueLexicon& lx)
{
   std::vector<Trial> trials;
   std::vector<std::string> errors;
   if (!std::filesystem::exists(file_or_dir)) throw InputError(file_or_dir + ": no such file or directory");
   const auto files = trial_files(file_or_dir);
   for (const auto& f : files) {
      CompileResult r = compile_trial_file(f, lx);
      for (const auto& e : r.errors) errors.push_back(e.str());
      if (r.trial) trials.push_back(std::move(*r.trial));
   }
   if (!errors.empty()) {
      std::string msg = "trial files do not compile (run 'eligo compile " + file_or_dir + "'):";
      for (const auto& e : errors) msg += "\n" + e;
      throw InputError(msg);
   }
   if (trials.empty()) throw InputError(file_or_dir + ": no .trial files");
   return trials;
}

std::vector<Trial> find_trial(const std::string& file_or_id, const std::string& trials_dir, const CatalogueLexicon& lexicon)
{
   if (std::filesystem::is_regular_file(file_or_id)) return load_trials(file_or_id, lexicon);
   std::vector<Trial> found;
   for (auto& t : load_trials(trials_dir, lexicon))
      if (t.id == file_or_id) found.push_back(std::move(t));
   if (found.empty()) throw InputError("unknown trial '" + file_or_id + "' (not in " + trials_dir + ")");
   return found;
}

void compile_each(const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon,
                  const std::function<void(const std::string& file, CompileResult result)>& each)
{
   for (const auto& input : inputs) {
      if (!std::filesystem::exists(input)) throw InputError(input + ": no such file or directory");
      for (const auto& f : trial_files(input)) each(f, compile_trial_file(f, lexicon));
   }
}

}  // namespace eligo
