// Values the record holds but that could not be used (docs/fhir.md, "Skipped elements"): a newer one leaves a
// criterion on its analyte, score or finding unknown, and the older value is not used; a history list with a resource
// that could not be read is not complete.
#include "engine/patient/patient.hpp"

namespace eligo {

namespace {

template <typename Match>
const Skipped* newest(const Patient& p, const Date& on, Match match)
{
   const Skipped* best = nullptr;
   for (const auto& k : p.skipped)
      if (k.value && k.date && *k.date <= on && match(k) &&
          (!best || *k.date > *best->date || (*k.date == *best->date && k.at && best->at && *k.at > *best->at)))
         best = &k;
   return best;
}

}  // namespace

const Skipped* newest_unusable(const Patient& p, const Analyte& a, const Date& on)
{
   return newest(p, on, [&](const Skipped& k) { return k.analyte == &a; });
}

const Skipped* newest_unusable(const Patient& p, const Score& s, const Date& on)
{
   return newest(p, on, [&](const Skipped& k) { return k.score == &s; });
}

const Skipped* newest_unusable(const Patient& p, const Concept& finding, const Date& on)
{
   return newest(p, on, [&](const Skipped& k) { return k.finding == &finding; });
}

bool supersedes(const Skipped& k, const Date& date, std::optional<long long> at)
{
   if (!k.date) return false;
   if (*k.date != date) return *k.date > date;
   return !(k.at && at) || *k.at >= *at;  // the same day: unless it is known to be the earlier
}

bool list_complete(const Patient& p, const std::optional<std::vector<Record>>& list, const std::string& name)
{
   return list.has_value() && !p.lists_partial && !p.partial_lists.count(name);
}

}  // namespace eligo
