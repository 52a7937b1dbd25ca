// The bad-input corpus (tests/bad/README.md): every case runs the eligo binary from tests/bad
// and must exit with its code and print exactly its expected stderr (and, for compile, stdout).
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support.hpp"

namespace eligo::test {

namespace {

std::string shell_quote(const std::string& s)
{
   std::string out = "'";
   for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
   return out + "'";
}

}  // namespace

TEST_SUITE("bad")
{
   TEST_CASE("every case of the bad-input corpus gives its exact error")
   {
      namespace fs = std::filesystem;
      const std::string dir = source_path("tests/bad");
      std::ifstream in(dir + "/cases.jsonl");
      REQUIRE(in);
      const fs::path tmp = fs::temp_directory_path() / "eligo-bad";
      fs::create_directories(tmp);
      std::string line;
      int n = 0;
      while (std::getline(in, line)) {
         if (line.empty()) continue;
         const auto c = nlohmann::json::parse(line);
         ++n;
         const std::string name = c["name"];
         CAPTURE(name);
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
      fs::remove_all(tmp);
   }
}

}  // namespace eligo::test
