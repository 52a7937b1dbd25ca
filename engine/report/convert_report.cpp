// eligo convert.
#include "engine/report/convert_report.hpp"

#include <iomanip>

#include <nlohmann/json.hpp>

#include "engine/core/error.hpp"
#include "engine/core/units.hpp"

namespace eligo {

void report_conversion(std::ostream& out, const std::string& value_text, double value, const std::string& from_text, const std::string& to_text,
                       const std::string& analyte, const Catalogue& catalogue, bool json)
{
   const Analyte* a = nullptr;
   if (!analyte.empty()) {
      a = catalogue.analyte(analyte);
      if (!a) throw InputError("unknown analyte '" + analyte + "'");
   }
   const Unit from = a ? a->unit(from_text) : parse_unit(from_text);
   const Unit to = a ? a->unit(to_text) : parse_unit(to_text);
   const Conversion c = convert(value, from, to, a ? a->molar_mass : std::nullopt);
   if (json) {
      const nlohmann::ordered_json doc = {{"value", c.value}, {"unit", to.code}};
      out << doc.dump(2) << "\n";
   }
   else {
      out << value_text << " " << display_unit(from.code) << " = " << std::setprecision(10) << c.value << " " << display_unit(to.code);
      if (c.via_molar_mass) out << "  (via molar mass " << c.molar_mass << " g/mol)";
      out << "\n";
   }
}

}  // namespace eligo
