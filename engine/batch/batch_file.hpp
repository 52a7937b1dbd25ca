// eligo batch --out FILE (docs/batch.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/batch/batch.hpp"

namespace eligo {

// run_batch() with its rows into `path`, complete or absent even if the run is killed
// (core/atomic_file.hpp).
BatchSummary run_batch_file(const BatchOptions& options, const std::vector<Trial>& trials, const Catalogue& catalogue, const std::string& path,
                            std::ostream& progress);

}  // namespace eligo
