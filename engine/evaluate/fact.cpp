// Clinical facts: conditions, medications, procedures, findings and allergies, in the
// patient's lists or as recorded findings; "within N months" and "N weeks since" windows;
// "other X", which leaves out the trial's own condition and interventions.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

std::string window_text(const Predicate& p)
{
   static const std::map<std::string, std::string> names = {{"d", "days"}, {"wk", "weeks"}, {"mo", "months"}, {"a", "years"}};
   return std::to_string(p.window_amount) + " " + names.at(p.window_unit);
}

bool over(const Record& r)
{
   static const char* done[] = {"resolved", "inactive", "remission", "completed", "stopped"};
   return std::find(std::begin(done), std::end(done), r.status) != std::end(done);
}

}  // namespace

// Start of the window a "within" test looks back to.
Date Evaluator::window_start(const Predicate& p) const
{
   if (p.window_unit == "d") return ctx_.date.add_days(-p.window_amount);
   if (p.window_unit == "wk") return ctx_.date.add_days(-7L * p.window_amount);
   if (p.window_unit == "mo") return ctx_.date.add_months(-p.window_amount);
   return ctx_.date.add_months(-12 * p.window_amount);
}

// The newest dated finding of a concept on or before the screening date (FHIR observations).
const FindingRecord* Evaluator::current_finding(const Concept& c, std::string* conflict) const
{
   const FindingRecord* best = nullptr;
   for (const auto& f : ctx_.patient.finding_history)
      if (f.concept_ == &c && f.date <= ctx_.date && (!best || f.date > best->date)) best = &f;
   if (best && conflict)
      for (const auto& f : ctx_.patient.finding_history)
         if (&f != best && f.concept_ == &c && f.date == best->date && f.present != best->present)
            *conflict = f.field + " says " + (f.present ? "present" : "absent") + ", " + best->field + " says " + (best->present ? "present" : "absent");
   return best;
}

Outcome Evaluator::fact(const Predicate& p) const
{
   const Concept& c = *p.concept_;
   const bool says_other = c.display.rfind("other ", 0) == 0 || c.display.rfind("another ", 0) == 0 || c.display.find(" other ") != std::string::npos ||
                           c.display.find(" another ") != std::string::npos;
   const std::string name = (p.other && !says_other ? "other " : "") + c.display;
   if (!c.sex.empty() && !ctx_.patient.sex.empty() && ctx_.patient.sex != c.sex)
      return Outcome{Tri::not_met, name + ": does not apply (patient is " + ctx_.patient.sex + ")", {}};
   // An explicit finding settles it, for the concept itself: the native file's findings,
   // or the newest dated one (FHIR) on or before the screening date, if it is still current.
   // A dated finding that does not settle it (not current, or followed by a later record) is
   // kept for the why.
   std::string held;
   if (!p.window && !p.allergy) {
      std::string conflict;
      if (const FindingRecord* f = current_finding(c, &conflict)) {
         const std::string when = " (" + f->field + ", " + f->date.str() + ")";
         if (!conflict.empty())
            return Outcome{Tri::unknown, name + ": two records on " + f->date.str() + " disagree (" + conflict + ")", {name + " (one confirmed record)"}};
         const bool stale = c.current_for_days && ctx_.date.days() - f->date.days() > *c.current_for_days;
         // An absence is outranked by a record of the concept that starts after it.
         bool later = false;
         if (!f->present && ctx_.patient.conditions)
            for (const auto& r : *ctx_.patient.conditions)
               if (r.concept_ && ctx_.catalogue.is_a(*r.concept_, c) && r.start && *r.start > f->date && *r.start <= ctx_.date && r.status != "refuted")
                  later = true;
         if (!stale && !later) return Outcome{f->present ? Tri::met : Tri::not_met, name + ": recorded as " + (f->present ? "present" : "absent") + when, {}};
         held = name + ": recorded as " + (f->present ? "present" : "absent") + when +
                (stale ? ", more than " + std::to_string(*c.current_for_days) + " days before screening: not current" : ", and a later record follows");
      }
      if (auto it = ctx_.patient.findings.find(c.id); it != ctx_.patient.findings.end())
         return Outcome{it->second ? Tri::met : Tri::not_met, name + ": recorded as " + (it->second ? "present" : "absent") + " (findings)", {}};
   }
   const std::optional<std::vector<Record>>* list = nullptr;
   std::string list_name;
   if (p.allergy)
      list = &ctx_.patient.allergies, list_name = "allergies";
   else if (c.kind == "medication")
      list = &ctx_.patient.medications, list_name = "medications";
   else if (c.kind == "procedure")
      list = &ctx_.patient.procedures, list_name = "procedures";
   else
      list = &ctx_.patient.conditions, list_name = "conditions";

   // Findings that are class members: one present settles it.
   if (!p.window && !p.allergy) {
      for (const auto& [id, present] : ctx_.patient.findings) {
         const Concept* f = ctx_.catalogue.concept_(id);
         if (present && f && f != &c && ctx_.catalogue.is_a(*f, c)) return Outcome{Tri::met, name + ": " + f->display + " recorded as present", {}};
      }
      for (const auto& f : ctx_.patient.finding_history)
         if (f.concept_ != &c && ctx_.catalogue.is_a(*f.concept_, c) && current_finding(*f.concept_) == &f && f.present &&
             !(f.concept_->current_for_days && ctx_.date.days() - f.date.days() > *f.concept_->current_for_days))
            return Outcome{Tri::met, name + ": " + f.concept_->display + " recorded as present (" + f.field + ", " + f.date.str() + ")", {}};
   }

   // The records to search: the concept's own list, and for history, every other list too: a
   // concept counts for its ancestors whatever list it is in (a TACE procedure is an anticancer
   // therapy; a FHIR "chemotherapy" Procedure is a treatment). Whether the history is complete
   // is still told by the concept's own list.
   std::vector<const Record*> recs;
   if (list->has_value())
      for (const auto& r : **list) recs.push_back(&r);
   if (!p.allergy)
      for (const auto* other : {&ctx_.patient.conditions, &ctx_.patient.medications, &ctx_.patient.procedures})
         if (other != list && other->has_value())
            for (const auto& r : **other)
               if (r.concept_ && ctx_.catalogue.is_a(*r.concept_, c)) recs.push_back(&r);
   const bool complete = list->has_value() && !ctx_.patient.lists_partial;
   const std::string not_complete = list->has_value() ? "the " + list_name + " list is one page of a search result" : "no " + list_name + " list given";
   if (!complete && recs.empty()) {
      if (!held.empty()) return Outcome{Tri::unknown, held, {name + " (a current record)"}};
      if (c.kind == "finding" && !p.allergy) return Outcome{Tri::unknown, name + ": not recorded", {name}};
      return Outcome{Tri::unknown, name + ": " + not_complete, {list_name + " history (for " + name + ")"}};
   }
   // When a record last applied: a procedure on its date; a condition or medication
   // until its end, and up to the screening date while it is ongoing (no end).
   const bool point_event = c.kind == "procedure" && !p.allergy;
   auto last_applied = [&](const Record& r) -> std::optional<Date> {
      if (point_event) return r.start ? r.start : r.end;
      if (r.end) return std::min(*r.end, ctx_.date);
      // Over, but when is not recorded: only its start is known.
      if (over(r)) return std::nullopt;
      return ctx_.date;  // ongoing
   };
   const Date from = p.window ? window_start(p) : Date{1800, 1, 1};
   const Record* stale_rec = nullptr;
   const Record* hit = nullptr;
   const Record* undated = nullptr;
   const Record* latest_any = nullptr;
   std::optional<Date> latest_date;
   // The records that count: not refuted, of the concept or a subclass, not the trial's own
   // (for "other"), and not starting after the screening date.
   auto counts = [&](const Record& r) {
      if (r.status == "refuted" || r.status == "entered-in-error" || !ctx_.catalogue.is_a(*r.concept_, c)) return false;
      if (p.other && std::any_of(ctx_.own.begin(), ctx_.own.end(), [&](const Concept* o) { return ctx_.catalogue.is_a(*r.concept_, *o); })) return false;
      if (r.start && *r.start > ctx_.date) return false;
      // A finding ("pregnant") without a window is about now: only an ongoing record says so,
      // and not one that began longer ago than the finding can last.
      if (c.kind == "finding" && !p.window && !p.allergy) {
         const std::optional<Date> last = last_applied(r);
         if (!last || *last < ctx_.date) return false;
         if (c.current_for_days && !r.end && r.start && ctx_.date.days() - r.start->days() > *c.current_for_days) {
            stale_rec = stale_rec ? stale_rec : &r;
            return false;
         }
      }
      return true;
   };
   const Record* unconfirmed = nullptr;
   for (const Record* rp : recs) {
      const Record& r = *rp;
      if (!counts(r)) continue;
      if (r.status == "unconfirmed") {
         unconfirmed = unconfirmed ? unconfirmed : &r;
         continue;
      }
      const std::optional<Date> last = last_applied(r);
      if (!last) {
         // A window is still met by a start inside it.
         if (p.window && *p.window == syntax::Window::Kind::within && r.start && *r.start >= from) hit = hit ? hit : &r;
         undated = &r;
         continue;
      }
      if (!latest_date || *last > *latest_date) {
         latest_date = last;
         latest_any = &r;
      }
      if (!p.window || *last >= from) hit = hit ? hit : &r;
   }
   auto describe = [&](const Record& r) {
      std::string s = r.text;
      if (r.start) s += " from " + r.start->str();
      if (r.end) s += " to " + r.end->str();
      return s;
   };
   if (p.window && *p.window == syntax::Window::Kind::since) {
      // "≥ 4 weeks since X": every occurrence must have last applied at least that long ago
      // (met when X never happened). Each record is decided on its own, then combined.
      const long need = ctx_.date.days() - window_start(p).days();
      auto long_enough = [&](const Date& d) { return holds(static_cast<double>(ctx_.date.days() - d.days()), p.window_op, static_cast<double>(need), 1e-9); };
      const Record* failing = nullptr;
      const Record* open = nullptr;
      for (const Record* rp : recs) {
         const Record& r = *rp;
         if (!counts(r)) continue;
         if (r.status == "unconfirmed") {
            open = open ? open : &r;  // it may not have happened at all
            continue;
         }
         if (const auto last = last_applied(r)) {
            if (!long_enough(*last)) failing = failing ? failing : &r;
         }
         else if (r.start && !long_enough(*r.start))
            failing = failing ? failing : &r;  // it applied even later than its start
         else
            open = open ? open : &r;  // over, but when is not recorded
      }
      const std::string required = std::string(", required ") + syntax::symbol(p.window_op) + " " + window_text(p);
      if (failing)
         return Outcome{Tri::not_met,
                        name + ": " + describe(*failing) + (!failing->end && !point_event && !over(*failing) ? " (ongoing)" : "") + required + ": not_met",
                        {}};
      if (open && open->status == "unconfirmed")
         return Outcome{
             Tri::unknown, name + ": " + describe(*open) + " is not confirmed (" + open->status_detail + ")" + required, {"confirmation of " + name}};
      if (open) return Outcome{Tri::unknown, name + ": " + describe(*open) + " has no end date" + required, {"end date of " + name}};
      if (!complete)
         return Outcome{Tri::unknown,
                        name + ": " + (latest_any ? "last " + describe(*latest_any) + ", but " : std::string()) + not_complete +
                            ", so a later one may be missing" + required,
                        {list_name + " history (for " + name + ")"}};
      if (!latest_any) return Outcome{Tri::met, "no " + name + " on record (" + list_name + " taken as complete)", {}};
      const long ago = ctx_.date.days() - latest_date->days();
      return Outcome{Tri::met, name + ": last " + describe(*latest_any) + ", " + std::to_string(ago) + " days before screening" + required + ": met", {}};
   }
   if (hit)
      return Outcome{Tri::met,
                     name + (p.allergy ? " allergy" : "") + ": " + describe(*hit) + (!hit->end && !point_event && !over(*hit) ? " (ongoing)" : "") +
                         (p.window ? ", within " + window_text(p) : ""),
                     {}};
   if (undated && p.window)
      return Outcome{Tri::unknown,
                     name + ": " + undated->text + (undated->status != "active" ? " (" + undated->status + ", no end date)" : " has no date") +
                         ": cannot check the " + window_text(p) + " window",
                     {"date of " + name}};
   if (undated) return Outcome{Tri::met, name + (p.allergy ? " allergy" : "") + ": " + describe(*undated), {}};
   if (unconfirmed)
      return Outcome{
          Tri::unknown, name + ": " + describe(*unconfirmed) + " is not confirmed (" + unconfirmed->status_detail + ")", {"confirmation of " + name}};
   if (!held.empty()) return Outcome{Tri::unknown, held, {name + " (a current record)"}};
   if (stale_rec)
      return Outcome{
          Tri::unknown,
          name + ": " + describe(*stale_rec) + " has no end and began more than " + std::to_string(*c.current_for_days) + " days before screening: not current",
          {name + " (a current record)"}};
   if (c.kind == "finding" && !p.allergy) return Outcome{Tri::unknown, name + ": not recorded", {name}};
   if (!complete) return Outcome{Tri::unknown, name + ": " + not_complete, {list_name + " history (for " + name + ")"}};
   if (!ctx_.explain) return Outcome{Tri::not_met, "", {}};
   std::set<std::string> resources;  // one FHIR resource can give two records (chemotherapy and radiotherapy)
   if (list->has_value())
      for (const auto& r : **list) resources.insert(r.field.empty() ? std::to_string(reinterpret_cast<std::uintptr_t>(&r)) : r.field);
   const auto unmapped = ctx_.patient.unmapped.find(list_name);
   const int others = unmapped == ctx_.patient.unmapped.end() ? 0 : unmapped->second;
   return Outcome{Tri::not_met,
                  "no " + name + (p.allergy ? " allergy" : "") + " among " + std::to_string(resources.size() + others) + " " + list_name +
                      (p.window ? " within " + window_text(p) : "") + " (list taken as complete" +
                      (others ? "; " + std::to_string(others) + " of them name no catalogue concept, see eligo profile" : "") + ")",
                  {}};
}

}  // namespace eligo::evaluation
