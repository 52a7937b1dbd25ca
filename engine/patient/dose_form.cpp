// A record's dose form and the classes that exclude it (concepts.json "not_dose_forms"): a topical cream of
// hydrocortisone is a record of hydrocortisone, and of no systemic corticosteroid.
#include <algorithm>

#include "engine/patient/patient.hpp"

namespace eligo {

bool record_is_a(const Catalogue& catalogue, const Record& r, const Concept& c)
{
   if (!r.concept_ || !catalogue.is_a(*r.concept_, c)) return false;
   if (r.dose_form.empty()) return true;
   for (const Concept* k : catalogue.form_classes())
      if (catalogue.is_a(*r.concept_, *k) && catalogue.is_a(*k, c) &&
          std::find(k->not_dose_forms.begin(), k->not_dose_forms.end(), r.dose_form) != k->not_dose_forms.end())
         return false;
   return true;
}

}  // namespace eligo
