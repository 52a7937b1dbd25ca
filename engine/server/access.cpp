#include "engine/server/access.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <fstream>

#include "engine/core/error.hpp"

namespace eligo {

namespace {

std::string lower(std::string_view s)
{
   std::string out(s);
   std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
   return out;
}

bool is_ipv4(const std::string& s)
{
   in_addr a{};
   return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s)
{
   in6_addr a{};
   return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

bool is_loopback(const std::string& s) { return s == "::1" || (is_ipv4(s) && s.rfind("127.", 0) == 0); }

// The name in a Host header: "Name:8080" → "name", "[::1]:8080" → "::1".
std::string host_name(std::string_view header)
{
   while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
   while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
   if (!header.empty() && header.front() == '[') {
      const auto close = header.find(']');
      if (close == std::string_view::npos) return {};
      return lower(header.substr(1, close - 1));
   }
   const auto colon = header.find(':');
   std::string name = lower(header.substr(0, colon));
   if (!name.empty() && name.back() == '.') name.pop_back();  // "localhost." is "localhost"
   return name;
}

}  // namespace

std::string read_token_file(const std::string& path)
{
   std::ifstream in(path);
   if (!in) throw InputError(path + ": cannot read the token file (eligo serve --token-file)");
   std::string line;
   std::getline(in, line);
   const auto first = line.find_first_not_of(" \t\r");
   const auto last = line.find_last_not_of(" \t\r");
   const std::string token = first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
   if (token.size() < 16)
      throw InputError(path + ": the token must be at least 16 characters on the file's first line (for example: head -c 32 /dev/urandom | base64 > " + path +
                       ")");
   for (unsigned char c : token)
      if (c <= 0x20 || c == 0x7F) throw InputError(path + ": the token holds a space or a control character; it must fit in an HTTP header");
   return token;
}

bool bearer_matches(std::string_view authorization, std::string_view token)
{
   constexpr std::string_view scheme = "bearer ";
   if (authorization.size() < scheme.size()) return false;
   if (lower(authorization.substr(0, scheme.size())) != scheme) return false;
   const std::string_view given = authorization.substr(scheme.size());
   // Every byte of the expected token is compared whatever the given one holds, and a length
   // difference counts as a difference, so the time says nothing about the token.
   unsigned diff = given.size() == token.size() ? 0u : 1u;
   for (std::size_t i = 0; i < token.size(); ++i) {
      const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0u;
      diff |= g ^ static_cast<unsigned char>(token[i]);
   }
   return diff == 0;
}

HostCheck::HostCheck(const std::string& bind, std::vector<std::string> names)
{
   for (auto& n : names) names_.push_back(host_name(n));
   const std::string b = lower(bind);
   if (b == "0.0.0.0" || b == "::")
      any_ip_ = true;
   else
      names_.push_back(b);
   if (is_loopback(b))
      for (const char* n : {"localhost", "127.0.0.1", "::1"}) names_.push_back(n);
   std::sort(names_.begin(), names_.end());
   names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
}

bool HostCheck::allows(std::string_view host_header) const
{
   const std::string name = host_name(host_header);
   if (name.empty()) return false;
   if (std::find(names_.begin(), names_.end(), name) != names_.end()) return true;
   return any_ip_ && (is_ipv4(name) || is_ipv6(name));
}

std::string HostCheck::describe() const
{
   std::string out = any_ip_ ? "any IP address" : "";
   for (const auto& n : names_) {
      if (!out.empty()) out += ", ";
      out += n.find(':') != std::string::npos ? "[" + n + "]" : n;
   }
   return out;
}

}  // namespace eligo
