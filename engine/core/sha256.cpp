#include "engine/core/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace eligo {

// OpenSSL's libcrypto: Debian's libssl-dev, which cpp-httplib's package already depends on.
std::string sha256_hex(std::string_view bytes)
{
   unsigned char digest[EVP_MAX_MD_SIZE];
   unsigned int size = 0;
   if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1 || size != 32)
      throw std::runtime_error("SHA-256: libcrypto's EVP_Digest failed");
   static constexpr char hex[] = "0123456789abcdef";
   std::string out;
   out.reserve(2 * size);
   for (unsigned int i = 0; i < size; ++i) {
      out += hex[digest[i] >> 4];
      out += hex[digest[i] & 0xF];
   }
   return out;
}

}  // namespace eligo
