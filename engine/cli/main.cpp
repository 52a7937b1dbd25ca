// The eligo command line. The contract (commands, options, exit codes, JSON
// shapes) is in docs/cli.md; other tools depend on it.
//
// Exit codes: 0 the command ran (whatever the verdicts); 1 an input could not
// be used (reason on stderr); 2 usage error.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/commands.hpp"
#include "engine/cli/options.hpp"

int main(int argc, char** argv)
{
   using namespace eligo::cli;
   CLI::App app{"Eligo: clinical-trial eligibility screening.\nCriteria are compiled from registry wording; patients are checked with three-valued logic."};
   Options options;
   define_options(app, options);
   try {
      app.parse(argc, argv);
   }
   catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      return code == 0 ? 0 : 2;
   }
   try {
      return run_command(app.get_subcommands().front()->get_name(), options);
   }
   catch (const UsageError& e) {
      std::cerr << "eligo: " << e.what() << "\n";
      return 2;
   }
   catch (const std::exception& e) {
      std::cerr << "eligo: " << e.what() << "\n";
      return 1;
   }
}
