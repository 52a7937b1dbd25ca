#include "engine/evaluate/derivation.hpp"

#include <cstdio>

namespace eligo {

std::string how_number(double v)
{
   char buf[32];
   std::snprintf(buf, sizeof buf, "%.3g", v);
   return buf;
}

}  // namespace eligo
