// The errors Eligo reports to its users.
#pragma once

#include <stdexcept>

namespace eligo {

// An input that cannot be used: where (file, patient id, JSON path) and what was expected.
class InputError : public std::runtime_error {
public:
   using std::runtime_error::runtime_error;
};

}  // namespace eligo
