// eligo serve as a process (docs/server.md): the server runs until SIGINT or SIGTERM, which
// one thread takes and the workers never see.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/server/server.hpp"

namespace eligo {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts from now on, and
// ignores SIGPIPE. Call it before anything else the command does, so that a signal that comes
// early still stops the server cleanly.
void block_stop_signals();

// Serves `trials` (read from `trials_from`) until a stop signal; the listening address goes to
// `out`, each request and the stop to `log`. Returns false when the server could not run.
bool serve_until_stopped(std::vector<Trial> trials, std::shared_ptr<const Catalogue> catalogue, const ServeOptions& options, const std::string& trials_from,
                         std::ostream& out, std::ostream& log);

}  // namespace eligo
