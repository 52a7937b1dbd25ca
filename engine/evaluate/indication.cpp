#include "engine/evaluate/indication.hpp"

#include <algorithm>

namespace eligo::evaluation {

std::string record_label(const Record& r) { return r.text + (r.start ? " (" + r.start->str() + ")" : ""); }

std::optional<IndicationReading> read_indication(const Record& r, const Concept& criterion, const Catalogue& catalogue)
{
   if (!r.concept_ || catalogue.is_a(*r.concept_, criterion)) return std::nullopt;
   const IndicationLink* link = catalogue.is_a_for_indication(*r.concept_, criterion);
   if (!link) return std::nullopt;
   // The definition used, for the why: "interferon counts as immunotherapy only when given for a malignancy".
   std::string wanted;
   for (std::size_t i = 0; i < link->indications.size(); ++i)
      wanted += (i == 0 ? "" : i + 1 == link->indications.size() ? " or " : ", ") + link->indications[i]->display;
   const std::string rule = r.concept_->display + " counts as " + link->cls->display + " only when given for " + wanted;
   if (r.indication) {
      const bool fits = std::any_of(link->indications.begin(), link->indications.end(), [&](const Concept* i) { return catalogue.is_a(*r.indication, *i); });
      if (fits) return IndicationReading{IndicationReading::Fit::counts, "", ""};
      const std::string use = link->other_use.empty() ? "not " + link->cls->display + " (" + rule + ")" : link->other_use;
      return IndicationReading{IndicationReading::Fit::other_use, r.text + " (for " + r.indication_text + "): " + use, ""};
   }
   const std::string ask = link->question.empty() ? "" : " (" + link->question + ")";
   const std::string said =
       r.indication_text.empty() ? " has no indication on record" : " was given for '" + r.indication_text + "', which the catalogue does not know";
   return IndicationReading{IndicationReading::Fit::open, record_label(r) + said + "; " + rule, "indication of " + record_label(r) + ask};
}

}  // namespace eligo::evaluation
