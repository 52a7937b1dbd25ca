// eligo import: reading the record, writing the draft.
#include "engine/import/import_file.hpp"

#include <fstream>
#include <sstream>

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/import/importer.hpp"

namespace eligo {

void import_file(const std::string& record_path, const std::string& out_path, const CatalogueLexicon& lexicon, std::ostream& out, std::ostream& log)
{
   std::ifstream f(record_path, std::ios::binary);
   if (!f) throw InputError(record_path + ": cannot open file");
   std::ostringstream ss;
   ss << f.rdbuf();
   const ImportResult r = import_record(ss.str(), record_path, lexicon);
   if (out_path.empty())
      out << r.trial_text;
   else {
      AtomicFile file(out_path);
      file.stream() << r.trial_text;
      file.commit();
   }
   log << r.id << ": " << r.criteria << " criteria, " << r.manual << " manual review" << (out_path.empty() ? "" : " -> " + out_path) << "\n";
   for (const auto& rep : r.reports) log << "eligo: report: " << rep << "\n";
}

}  // namespace eligo
