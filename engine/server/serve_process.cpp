// eligo serve's signals and lifetime.
#include "engine/server/serve_process.hpp"

#include <pthread.h>
#include <signal.h>

#include <thread>

namespace eligo {

namespace {

sigset_t stop_signals()
{
   sigset_t s;
   sigemptyset(&s);
   sigaddset(&s, SIGINT);
   sigaddset(&s, SIGTERM);
   return s;
}

}  // namespace

void block_stop_signals()
{
   // SIGINT and SIGTERM are taken by one thread that stops the server; the workers never see them.
   const sigset_t s = stop_signals();
   pthread_sigmask(SIG_BLOCK, &s, nullptr);
   signal(SIGPIPE, SIG_IGN);
}

bool serve_until_stopped(std::vector<Trial> trials, std::shared_ptr<const Catalogue> catalogue, const ServeOptions& options, const std::string& trials_from,
                         std::ostream& out, std::ostream& log)
{
   const std::size_t n = trials.size();
   Server server(std::move(trials), std::move(catalogue), options, [&log](const std::string& line) { log << line << std::endl; });
   const int port = server.bind();
   if (!options.token.empty()) log << "eligo serve: every /api/ call needs the bearer token (--token-file)\n";
   std::thread waiter([&] {
      const sigset_t s = stop_signals();
      int sig = 0;
      sigwait(&s, &sig);
      if (sig == SIGINT || sig == SIGTERM) log << "eligo serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping\n";
      server.stop();
   });
   out << "eligo serve: " << n << " trials from " << trials_from << "; listening on http://"
       << (options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind) << ":" << port << "/" << std::endl;
   const bool ran = server.run();
   // run() returns after stop(); if it failed on its own, wake the waiter so it can be joined.
   if (!ran) pthread_kill(waiter.native_handle(), SIGTERM);
   waiter.join();
   log << "eligo serve: stopped\n";
   return ran;
}

}  // namespace eligo
