// eligo serve: the investigator's page and the JSON API over HTTP (docs/server.md).
// Built on cpp-httplib (Debian's libcpp-httplib-dev); the page is embedded in the binary.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

struct ServeOptions {
   std::string bind = "127.0.0.1";  // loopback unless told otherwise
   int port = 8080;                 // 0: any free port (printed when listening)
   std::size_t body_limit = 5 * 1024 * 1024;
   int read_timeout_s = 5;                  // a client that sends nothing for this long is dropped
   int write_timeout_s = 5;                 // a client that reads nothing for this long is dropped
   int keep_alive_s = 5;                    // an idle kept-alive connection is closed after this long
   unsigned threads = 0;                    // most worker threads (one per open connection); 0: 256
   std::string token;                       // when set, every /api/ request needs "Authorization: Bearer TOKEN"
   std::vector<std::string> allowed_hosts;  // Host names answered besides the bound address (engine/server/access.hpp)
};

class Server {
public:
   // `log` receives one line per request (without its newline), from any worker thread, one at a time.
   using LogSink = std::function<void(const std::string& line)>;
   Server(std::vector<Trial> trials, std::shared_ptr<const Catalogue> catalogue, ServeOptions options, LogSink log);
   ~Server();
   Server(const Server&) = delete;
   Server& operator=(const Server&) = delete;

   // Binds the socket; returns the port. Throws InputError when the address cannot be bound.
   int bind();
   // Serves until stop(). Returns false when the server could not run.
   bool run();
   // Stops accepting, finishes the requests in flight, and makes run() return. Thread-safe.
   void stop();

private:
   struct Impl;
   std::unique_ptr<Impl> impl_;
};

}  // namespace eligo
