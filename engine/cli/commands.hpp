// The eligo subcommands: each turns its options into the inputs a library function takes,
// and calls it.
//
// Exit codes: 0 the command ran (whatever the verdicts); 1 an input could not
// be used (reason on stderr); 2 usage error.
#pragma once

#include <stdexcept>
#include <string>

#include "engine/cli/options.hpp"

namespace eligo::cli {

// Options that parse but do not make sense together, or a value of the wrong form: exit code 2.
struct UsageError : std::runtime_error {
   using std::runtime_error::runtime_error;
};

// Runs subcommand `name` with the catalogue the options name. Returns the exit code; throws
// UsageError, or InputError and other exceptions for inputs that cannot be used.
int run_command(const std::string& name, const Options& options);

}  // namespace eligo::cli
