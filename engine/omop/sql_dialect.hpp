// The few places where `eligo sql` leaves standard SQL (docs/omop.md, "Dialects"). Everything else the script
// writes is SQL:2011 that PostgreSQL, Spark SQL, BigQuery, Snowflake, Databricks and Trino all read; a port to
// another engine changes these hooks only.
#pragma once

#include <string>

namespace eligo::omop {

struct SqlDialect {
   std::string name;  // "postgresql"
   // A date from three integer expressions (year, month, day).
   std::string (*make_date)(const std::string& y, const std::string& m, const std::string& d);
   // Whole days from `b` to `a` (two date expressions).
   std::string (*days_between)(const std::string& a, const std::string& b);
   // Base-10 logarithm of a positive number.
   std::string (*log10)(const std::string& x);
   // A table created from a query, replacing one of the same name.
   std::string (*create_table_as)(const std::string& name, const std::string& query);
};

// PostgreSQL 12 and later (the one the tests run).
const SqlDialect& postgresql();

}  // namespace eligo::omop
