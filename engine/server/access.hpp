// Who may reach eligo serve: the bearer token its API requires, and the Host names it answers to
// (docs/server.md, "Protecting patient data").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eligo {

// The token in `path`: its first line, without surrounding whitespace. Throws InputError when the
// file cannot be read, or the token is empty, shorter than 16 characters, or holds a space or a
// control character (it travels in an HTTP header).
std::string read_token_file(const std::string& path);

// True when `authorization` (an Authorization header's value) is "Bearer TOKEN" with this token.
// The time it takes depends on the lengths only, never on where the first difference is.
bool bearer_matches(std::string_view authorization, std::string_view token);

// The names a server bound to `bind` answers to in the Host header, so that a web page elsewhere
// cannot reach a loopback server through a name it made resolve to 127.0.0.1 (DNS rebinding):
// the bound address itself; `localhost`, 127.0.0.1 and [::1] when bound to loopback; any IP
// address when bound to every interface (0.0.0.0 or ::), since rebinding needs a name; and the
// names given with --allow-host. The port is not compared (a reverse proxy may pass its own).
class HostCheck {
public:
   HostCheck(const std::string& bind, std::vector<std::string> names);
   bool allows(std::string_view host_header) const;
   // "127.0.0.1, localhost, [::1]": what allows() takes, for an error message.
   std::string describe() const;

private:
   std::vector<std::string> names_;  // lower case, IPv6 without brackets
   bool any_ip_ = false;
};

}  // namespace eligo
