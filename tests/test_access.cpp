// engine/server/access.hpp: the token file, the bearer comparison and the Host names eligo serve answers to.
#include <fstream>

#include <doctest/doctest.h>

#include "engine/core/error.hpp"
#include "engine/server/access.hpp"
#include "support.hpp"

namespace eligo::test::access_tests {

TEST_SUITE("access")
{
   TEST_CASE("the token file: its first line, trimmed; too short or with a space is refused")
   {
      const std::string path = test::temp_path("token");
      const auto write = [&](const std::string& text) { std::ofstream(path) << text; };
      write("  abcdefghijklmnopqrstuvwxyz012345  \nsecond line\n");
      CHECK(read_token_file(path) == "abcdefghijklmnopqrstuvwxyz012345");
      write("short\n");
      CHECK_THROWS_WITH_AS(read_token_file(path), doctest::Contains("at least 16 characters"), InputError);
      write("");
      CHECK_THROWS_AS(read_token_file(path), InputError);
      write("abcdefgh ijklmnopqrstuvwxyz\n");
      CHECK_THROWS_WITH_AS(read_token_file(path), doctest::Contains("space or a control character"), InputError);
      CHECK_THROWS_WITH_AS(read_token_file(path + ".none"), doctest::Contains("cannot read the token file"), InputError);
   }

   TEST_CASE("bearer_matches: the scheme in any case, the exact token, nothing more or less")
   {
      const std::string t = "0123456789abcdef";
      CHECK(bearer_matches("Bearer 0123456789abcdef", t));
      CHECK(bearer_matches("bearer 0123456789abcdef", t));
      CHECK_FALSE(bearer_matches("Bearer 0123456789abcdeF", t));
      CHECK_FALSE(bearer_matches("Bearer 0123456789abcde", t));
      CHECK_FALSE(bearer_matches("Bearer 0123456789abcdef0", t));
      CHECK_FALSE(bearer_matches("Basic 0123456789abcdef", t));
      CHECK_FALSE(bearer_matches("", t));
      CHECK_FALSE(bearer_matches("Bearer ", t));
   }

   TEST_CASE("HostCheck: the bound address, loopback names, --allow-host names; any IP only on a wildcard bind")
   {
      const HostCheck loopback("127.0.0.1", {"Eligo.Hospital.Example"});
      for (const char* ok :
           {"127.0.0.1", "127.0.0.1:8080", "localhost:8080", "LocalHost.", "[::1]:8080", "eligo.hospital.example", "ELIGO.hospital.example:443"})
         CHECK_MESSAGE(loopback.allows(ok), ok);
      for (const char* no : {"", "attacker.example", "localhost.attacker.example", "127.0.0.2", "10.0.0.1:8080", "[::1", "eligo.hospital.example.attacker.net"})
         CHECK_MESSAGE(!loopback.allows(no), no);
      CHECK(loopback.describe() == "127.0.0.1, [::1], eligo.hospital.example, localhost");

      const HostCheck any("0.0.0.0", {});
      CHECK(any.allows("192.168.1.20:8080"));
      CHECK(any.allows("[fe80::1]:8080"));
      CHECK_FALSE(any.allows("intranet.example"));
      CHECK_FALSE(any.allows("localhost"));

      const HostCheck lan("192.168.1.20", {});
      CHECK(lan.allows("192.168.1.20:8080"));
      CHECK_FALSE(lan.allows("192.168.1.21"));
      CHECK_FALSE(lan.allows("localhost"));
   }
}

}  // namespace eligo::test::access_tests
