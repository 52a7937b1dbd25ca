// The bad-input corpus (tests/bad/README.md): every case runs the eligo binary from tests/bad
// and must exit with its code and print exactly its expected stderr (and, for compile, stdout).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace eligo::test::bad_tests {

namespace {

std::string shell_quote(const std::string& s)
{
   std::string out = "'";
   for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
   return out + "'";
}

// `eligo serve --port 0` started from `dir` as a user would; stopped when this goes out of scope.
struct ChildServer {
   pid_t pid = -1;
   int port = 0;
   ChildServer(const std::string& dir, const std::filesystem::path& tmp)
   {
      const std::string out = (tmp / "serve.out").string(), pidfile = (tmp / "serve.pid").string();
      std::filesystem::remove(out);
      const std::string cmd = "cd " + shell_quote(dir) + " && { " + shell_quote(ELIGO_BIN) + " serve --port 0 --trials ../../rules >" + shell_quote(out) +
                              " 2>/dev/null & echo $! >" + shell_quote(pidfile) + "; }";
      REQUIRE(std::system(cmd.c_str()) == 0);
      pid = std::stoi(read_file(pidfile));
      for (int i = 0; i < 600 && port == 0; ++i) {
         std::ifstream f(out);
         std::string line;
         if (std::getline(f, line) && line.find("listening on http://127.0.0.1:") != std::string::npos)
            port = std::stoi(line.substr(line.rfind(':') + 1));
         else
            usleep(50 * 1000);
      }
      REQUIRE(port > 0);
   }
   ~ChildServer()
   {
      if (pid > 0) ::kill(pid, SIGTERM);
   }
};

}  // namespace

TEST_SUITE("bad")
{
   TEST_CASE("every case of the bad-input corpus gives its exact error")
   {
      namespace fs = std::filesystem;
      const std::string dir = source_path("tests/bad");
      std::ifstream in(dir + "/cases.jsonl");
      REQUIRE(in);
      const fs::path tmp = temp_path("eligo-bad");
      fs::create_directories(tmp);
      std::string line;
      int n = 0, n_http = 0;
      std::unique_ptr<ChildServer> server;
      while (std::getline(in, line)) {
         if (line.empty()) continue;
         const auto c = nlohmann::json::parse(line);
         ++n;
         const std::string name = c["name"];
         CAPTURE(name);
         if (c.contains("http")) {
            ++n_http;
            if (!server) server = std::make_unique<ChildServer>(dir, tmp);
            const auto& r = c["http"];
            httplib::Client client("127.0.0.1", server->port);
            client.set_read_timeout(30, 0);
            std::string body;
            if (r.contains("body_file")) body = read_file(dir + "/" + r["body_file"].get<std::string>());
            if (r.contains("body_spaces")) body.assign(r["body_spaces"].get<std::size_t>(), ' ');
            const std::string type = r.value("content_type", std::string());
            const std::string path = r["path"];
            httplib::Request req;
            req.method = r["method"];
            req.path = path;
            req.body = body;
            if (req.method == "POST") req.set_header("Content-Type", type);  // "" when the case has none: an empty header
            auto res = client.send(req);
            REQUIRE(res);
            CHECK(res->status == c["status"].get<int>());
            CHECK(nlohmann::json::parse(res->body) == c["answer"]);
            continue;
         }
         std::string cmd = "cd " + shell_quote(dir) + " && " + shell_quote(ELIGO_BIN);
         for (const auto& a : c["args"]) cmd += " " + shell_quote(a.get<std::string>());
         const std::string out = (tmp / "out").string(), err = (tmp / "err").string();
         cmd += " >" + shell_quote(out) + " 2>" + shell_quote(err);
         const int status = std::system(cmd.c_str());
         const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
         CHECK(code == c["exit"].get<int>());
         CHECK(read_file(err) == c["stderr"].get<std::string>());
         if (c.contains("stdout")) CHECK(read_file(out) == c["stdout"].get<std::string>());
      }
      CHECK(n >= 60);
      CHECK(n_http >= 20);
      fs::remove_all(tmp);
   }
}

}  // namespace eligo::test::bad_tests
