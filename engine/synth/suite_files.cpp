// Reading and writing suite folders.
#include "engine/synth/suite_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
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

}  // namespace eligo
