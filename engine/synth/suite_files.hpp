// Suite files on disk (docs/synthetic.md): one patient JSON file per case in a folder per
// trial; generated cases are named gen-*.json, hand-written ones anything else.
#pragma once

#include <string>
#include <vector>

namespace eligo {

// The case files (*.json) under `inputs`, files or folders (recursively, sorted by path).
// Throws InputError for an input that does not exist, or when there are none.
std::vector<std::string> case_files(const std::vector<std::string>& inputs);

// The text of one case file. Throws InputError when it cannot be read.
std::string read_case_file(const std::string& path);

}  // namespace eligo
