#include "engine/patient/answer.hpp"

namespace eligo {

const char* to_string(Answer::Type t)
{
   switch (t) {
      case Answer::Type::boolean: return "boolean";
      case Answer::Type::number: return "number";
      case Answer::Type::quantity: return "quantity";
      case Answer::Type::date: return "date";
   }
   return "boolean";
}

}  // namespace eligo
