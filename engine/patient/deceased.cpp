// A deceased patient (docs/fhir.md, docs/patient-format.md): no trial is screened on or after the
// day of death, and no age is computed past it.
#include "engine/patient/patient.hpp"

namespace eligo {

std::optional<PartialDate> death_date(const Patient& p) { return p.deceased ? parse_partial_date(*p.deceased) : std::nullopt; }

bool deceased_by(const Patient& p, const Date& on)
{
   if (!p.deceased) return false;
   const auto d = death_date(p);
   return !d || d->earliest <= on;  // a flag without a date: deceased whatever the date
}

Date alive_until(const Patient& p, const Date& on)
{
   const auto d = death_date(p);
   return d && d->latest < on ? d->latest : on;
}

std::string deceased_text(const Patient& p)
{
   const auto d = death_date(p);
   return d ? "deceased on " + d->text : "deceased (date not recorded)";
}

}  // namespace eligo
