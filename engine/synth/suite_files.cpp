// Reading and writing suite folders.
#include "engine/synth/suite_files.hpp"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>

#include "engine/core/error.hpp"

namespace eligo {

namespace {

void collect_cases(const std::string& input, std::vector<std::string>& out)
{
   namespace fs = std::filesystem;
   if (!fs::exists(input)) throw InputError(input + ": no such file or directory");
   if (fs::is_directory(input)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(input))
         if (e.is_regular_file() && e.path().extension() == ".json") found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
   }
   else
      out.push_back(input);
}

}  // namespace

std::vector<std::string> case_files(const std::vector<std::string>& inputs)
{
   std::vector<std::string> files;
   for (const auto& in : inputs) collect_cases(in, files);
   if (files.empty()) {
      std::string where;
      for (const auto& in : inputs) where += (where.empty() ? "" : ", ") + in;
      throw InputError(where + ": no case files (*.json) found");
   }
   return files;
}

std::string read_case_file(const std::string& path)
{
   std::ifstream in(path, std::ios::binary);
   if (!in) throw InputError(path + ": cannot open file");
   std::ostringstream ss;
   ss << in.rdbuf();
   return ss.str();
}

void write_suite(const SynthSuite& suite, const std::filesystem::path& dir)
{
   namespace fs = std::filesystem;
   fs::create_directories(dir);
   // The new cases are written beside the folder first; only then are the old generated
   // cases (gen-*.json) replaced. Hand-written cases are kept.
   const fs::path staging = dir.string() + ".synth-tmp";
   fs::remove_all(staging);
   fs::create_directories(staging);
   for (const auto& c : suite.cases) {
      std::ofstream o(staging / (c.name + ".json"), std::ios::binary);
      if (!(o << c.patient.dump(1) << "\n")) throw InputError((staging / (c.name + ".json")).string() + ": cannot write");
   }
   for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename().string().rfind("gen-", 0) == 0 && e.path().extension() == ".json") fs::remove(e.path());
   for (const auto& c : suite.cases) fs::rename(staging / (c.name + ".json"), dir / (c.name + ".json"));
   fs::remove_all(staging);
}

void write_suites(const std::vector<Trial>& trials, bool per_trial_folders, const std::string& out, const Catalogue& catalogue, std::uint64_t seed,
                  std::ostream& log)
{
   std::set<std::string> ids;
   for (const auto& t : trials) {
      // The id names a folder: one path component, and one suite per id.
      if (t.id.empty() || t.id == "." || t.id == ".." || t.id.find_first_of("/\\") != std::string::npos)
         throw InputError(t.path + ": trial id '" + t.id + "' cannot name a suite folder");
      if (!ids.insert(t.id).second) throw InputError(t.path + ": trial id '" + t.id + "' is used by another trial file too");
   }
   for (const auto& t : trials) {
      const SynthSuite suite = synthesize(t, catalogue, seed);
      namespace fs = std::filesystem;
      const fs::path dir =
          per_trial_folders ? fs::path(out.empty() ? "patients/synthetic" : out) / t.id : fs::path(out.empty() ? "patients/synthetic/" + t.id : out);
      write_suite(suite, dir);
      log << t.id << ": " << suite.cases.size() << " cases; " << suite.probed << " of " << suite.leaves << " machine-checkable leaves probed -> "
          << dir.string() << "\n";
      for (const auto& n : suite.notes) log << "  note: " << n << "\n";
   }
}

}  // namespace eligo
