// eligo batch --out FILE.
#include "engine/batch/batch_file.hpp"

#include "engine/core/atomic_file.hpp"

namespace eligo {

BatchSummary run_batch_file(const BatchOptions& options, const std::vector<Trial>& trials, const Catalogue& catalogue, const std::string& path,
                            std::ostream& progress)
{
   AtomicFile out(path);
   const BatchSummary s = run_batch(options, trials, catalogue, out.stream(), progress);
   out.commit();
   return s;
}

}  // namespace eligo
