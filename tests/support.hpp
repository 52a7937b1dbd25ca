// Shared helpers for the tests: the built-in catalogue, its lexicon, file access.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "engine/compile/binder.hpp"
#include "engine/compile/trial.hpp"
#include "engine/catalogue/catalogue.hpp"

namespace eligo::test {

inline const std::shared_ptr<const Catalogue>& catalogue()
{
   static const auto cat = Catalogue::builtin();
   return cat;
}

inline const CatalogueLexicon& lexicon()
{
   static const CatalogueLexicon lx(catalogue());
   return lx;
}

inline std::string source_path(const std::string& rel) { return std::string(ELIGO_SOURCE_DIR) + "/" + rel; }
inline std::string shared_path(const std::string& rel) { return std::string(ELIGO_SHARED_DIR) + "/" + rel; }

// A path under the temporary directory that no other test process uses: test runs of several
// builds (or checkouts) on one machine never share or delete each other's files.
inline std::filesystem::path temp_path(const std::string& name)
{
   const auto dot = name.find('.');  // the process id goes before an extension ("x-123.ndjson")
   const std::string pid = "-" + std::to_string(::getpid());
   return std::filesystem::temp_directory_path() / (dot == std::string::npos ? name + pid : name.substr(0, dot) + pid + name.substr(dot));
}

inline std::string read_file(const std::string& path)
{
   std::ifstream f(path, std::ios::binary);
   if (!f) throw std::runtime_error("cannot read " + path);
   std::ostringstream ss;
   ss << f.rdbuf();
   return ss.str();
}

// Every trial in rules/, compiled once (tests/support.cpp); a trial that does not compile is an exception.
const std::vector<Trial>& bundled_trials();

// The compiled form of one criterion, or its error, as golden files pin it:
// "(tree)" or "error COL: message", then one "warning: ..." line per warning.
std::string compile_summary(const std::string& text);

}  // namespace eligo::test
