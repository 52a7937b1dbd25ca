#include "engine/core/error.hpp"

namespace eligo {

std::string Location::str() const
{
   std::string s = file;
   if (line) {
      s += ":" + std::to_string(line);
      if (column) s += ":" + std::to_string(column);
   }
   auto part = [&s](const std::string& p) {
      if (p.empty()) return;
      if (!s.empty()) s += ": ";
      s += p;
   };
   if (!patient.empty()) part("patient " + patient);
   part(field);
   return s;
}

Location Location::text(std::string file, std::size_t line, std::size_t column)
{
   Location l;
   l.file = std::move(file);
   l.line = line;
   l.column = column;
   return l;
}

Location Location::column_only(std::size_t column)
{
   Location l;
   l.column = column;
   return l;
}

Location Location::entry(std::string file, std::string field)
{
   Location l;
   l.file = std::move(file);
   l.field = std::move(field);
   return l;
}

namespace {

std::string located(const Location& where, const std::string& message)
{
   const std::string place = where.str();
   return place.empty() ? message : place + ": " + message;
}

}  // namespace

LocatedError::LocatedError(Location where_, std::string message_)
    : std::runtime_error(located(where_, message_)), where(std::move(where_)), message(std::move(message_))
{}

}  // namespace eligo
