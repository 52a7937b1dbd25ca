// eligo regress's output: the JSON and the table.
#include "engine/synth/regress.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>

namespace eligo {

nlohmann::ordered_json regress_json(const RegressReport& rep)
{
   using json = nlohmann::ordered_json;
   json rows = json::array();
   for (const auto& r : rep.rows)
      rows.push_back(
          {{"file", r.file}, {"trial", r.trial}, {"patient", r.patient}, {"expected", r.expected}, {"actual", r.actual}, {"ok", r.ok}, {"diffs", r.diffs}});
   json cov = json::array();
   for (const auto& c : rep.coverage) cov.push_back({{"trial", c.trial}, {"leaves", c.leaves}, {"probed", c.probed}, {"unprobed", c.unprobed}});
   return {{"cases", rep.rows.size()}, {"failed", rep.failed()}, {"rows", rows}, {"coverage", cov}};
}

void print_regress_text(std::ostream& out, const RegressReport& rep, bool failures_only)
{
   std::size_t w = 5;
   for (const auto& r : rep.rows) w = std::max(w, r.trial.size());
   auto pad = [](const std::string& s, std::size_t n) { return s.size() >= n ? s + " " : s + std::string(n - s.size(), ' '); };
   out << pad("TRIAL", w + 1) << pad("CASE", 56) << pad("EXPECTED", 15) << pad("ACTUAL", 15) << "\n";
   for (const auto& r : rep.rows) {
      if (failures_only && r.ok) continue;
      const std::string name = std::filesystem::path(r.file).stem().string();
      out << pad(r.trial.empty() ? "?" : r.trial, w + 1) << pad(name, 56) << pad(r.expected.empty() ? "?" : r.expected, 15) << pad(r.actual, 15)
          << (r.ok ? "ok" : "DIFF") << "\n";
      for (const auto& d : r.diffs) out << "    " << d << "\n";
   }
   for (const auto& c : rep.coverage) {
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.1f%%", c.leaves ? 100.0 * static_cast<double>(c.probed) / static_cast<double>(c.leaves) : 100.0);
      out << "coverage " << c.trial << ": " << c.probed << " of " << c.leaves << " machine-checkable leaves have cases (" << pct << ")";
      if (!c.unprobed.empty()) {
         out << "; none for:";
         for (const auto& u : c.unprobed) out << " " << u;
      }
      out << "\n";
   }
   std::size_t leaves = 0, probed = 0;
   for (const auto& c : rep.coverage) leaves += c.leaves, probed += c.probed;
   if (rep.coverage.size() > 1) {
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.1f%%", leaves ? 100.0 * static_cast<double>(probed) / static_cast<double>(leaves) : 100.0);
      out << "coverage, all trials: " << probed << " of " << leaves << " machine-checkable leaves have cases (" << pct << ")\n";
   }
   out << "regress: " << rep.rows.size() << " cases, " << rep.rows.size() - rep.failed() << " as expected, " << rep.failed() << " differ\n";
}

}  // namespace eligo
