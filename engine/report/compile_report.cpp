// eligo compile and eligo coverage.
#include "engine/report/compile_report.hpp"

#include "engine/compile/load.hpp"
#include "engine/report/coverage.hpp"
#include "engine/report/results_json.hpp"

namespace eligo {

namespace {

void add_readings(nlohmann::ordered_json& list, const Criterion& c)
{
   nlohmann::ordered_json j = {{"line", c.line}, {"section", to_string(c.section)}, {"text", c.text},
                               {"id", c.id},     {"kind", to_string(c.kind)},       {"kind_reason", c.kind_reason}};
   if (!c.as.empty()) j["as"] = c.as;
   if (c.manual)
      j["manual"] = c.predicate.reason;
   else
      j["reading"] = to_string(c.predicate);
   // The words the reading did not use (docs/language.md, "Accounting of words").
   if (!c.unread.empty()) j["unread"] = c.unread;
   list.push_back(std::move(j));
   for (const auto& ch : c.children) add_readings(list, ch);
}

// One "unread:" line per criterion with unread words, nested ones too, in file order.
void print_unread(std::ostream& out, const std::string& file, const std::vector<Criterion>& cs)
{
   for (const auto& c : cs) {
      if (!c.unread.empty()) {
         out << "  unread: " << file << ":" << c.line << ":";
         for (std::size_t i = 0; i < c.unread.size(); ++i) out << (i ? ", '" : " '") << c.unread[i] << "'";
         out << "\n";
      }
      print_unread(out, file, c.children);
   }
}

}  // namespace

nlohmann::ordered_json criterion_readings(const Trial& t)
{
   nlohmann::ordered_json list = nlohmann::ordered_json::array();
   for (const auto& c : t.criteria) add_readings(list, c);
   return list;
}

bool report_compile(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json)
{
   nlohmann::ordered_json files = nlohmann::ordered_json::array();
   bool failed = false;
   compile_each(inputs, lexicon, [&](const std::string& f, CompileResult r) {
      failed = failed || !r.errors.empty();
      if (json) {
         // The count is "criteria_count" (as in the trial's JSON), so that "criteria" can list the criteria.
         const nlohmann::ordered_json counts = to_json(r);
         nlohmann::ordered_json j;
         for (const auto& [key, value] : counts.items()) j[key == "criteria" ? "criteria_count" : key] = value;
         j["criteria"] = r.trial ? criterion_readings(*r.trial) : nlohmann::ordered_json::array();
         files.push_back(std::move(j));
      }
      else {
         out << f << ": " << (r.id.empty() ? "?" : r.id) << ": " << r.criteria << " criteria" << (r.criteria_partial ? " (criteria partial)" : "") << ", "
             << r.manual << " manual review, " << r.errors.size() << " error" << (r.errors.size() == 1 ? "" : "s") << ", " << r.warnings.size() << " warning"
             << (r.warnings.size() == 1 ? "" : "s") << "\n";
         for (const auto& d : r.errors) out << "  error: " << d.str() << "\n";
         for (const auto& d : r.warnings) out << "  warning: " << d.str() << "\n";
         if (r.trial) print_unread(out, f, r.trial->criteria);
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
