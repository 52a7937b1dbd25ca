// SHA-256 (FIPS 180-4) of bytes, as 64 lowercase hex digits: the content hash a printout names
// a trial file by, so that a reader can check that the file on disk is the one screened with
// (`sha256sum FILE` prints the same digits).
#pragma once

#include <string>
#include <string_view>

namespace eligo {

std::string sha256_hex(std::string_view bytes);

}  // namespace eligo
