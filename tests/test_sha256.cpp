// SHA-256 of a trial file's bytes (engine/core/sha256.hpp): the digests of FIPS 180-4's examples, and the same
// digits as `sha256sum` for a file.
#include <doctest/doctest.h>

#include <string>

#include "engine/core/sha256.hpp"

namespace eligo::test::sha256_tests {

TEST_SUITE("server")
{
   TEST_CASE("sha256_hex: FIPS 180-4's examples")
   {
      // NIST's SHA-256 examples (csrc.nist.gov, "Examples with intermediate values").
      CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
      CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      // Bytes, not text: a NUL and bytes above 0x7F count as they are.
      CHECK(sha256_hex(std::string("a\0b", 3)) != sha256_hex("ab"));
      CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
   }
}

}  // namespace eligo::test::sha256_tests
