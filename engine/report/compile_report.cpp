// eligo compile and eligo coverage.
#include "engine/report/compile_report.hpp"

#include "engine/compile/load.hpp"
#include "engine/report/coverage.hpp"
#include "engine/report/results_json.hpp"

namespace eligo {

bool report_compile(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json)
{
   nlohmann::ordered_json files = nlohmann::ordered_json::array();
   bool failed = false;
   compile_each(inputs, lexicon, [&](const std::string& f, CompileResult r) {
      failed = failed || !r.errors.empty();
      if (json)
         files.push_back(to_json(r));
      else {
         out << f << ": " << (r.id.empty() ? "?" : r.id) << ": " << r.criteria << " criteria" << (r.criteria_partial ? " (criteria partial)" : "") << ", "
             << r.manual << " manual review, " << r.errors.size() << " error" << (r.errors.size() == 1 ? "" : "s") << ", " << r.warnings.size() << " warning"
             << (r.warnings.size() == 1 ? "" : "s") << "\n";
         for (const auto& d : r.errors) out << "  error: " << d.str() << "\n";
         for (const auto& d : r.warnings) out << "  warning: " << d.str() << "\n";
      }
   });
   if (json) {
      const nlohmann::ordered_json doc = {{"files", files}};
      out << doc.dump(2) << "\n";
   }
   return !failed;
}

void report_coverage(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json)
{
   std::vector<CompileResult> results;
   compile_each(inputs, lexicon, [&](const std::string&, CompileResult r) { results.push_back(std::move(r)); });
   const nlohmann::ordered_json c = coverage_json(results);
   if (json)
      out << c.dump(2) << "\n";
   else
      print_coverage_text(out, c);
}

}  // namespace eligo
