// Time relative to an event of the patient's own: "postoperative X", "X after resection",
// "X within 4 weeks of surgery", "X 4 weeks or more after hepatectomy" (docs/language.md, "Time
// relative to an event"). fact.cpp finds the records of X that count; this file finds the event,
// the patient's latest record of it, and decides whether one of X's records applied in the time
// the criterion names. Dates that are not known are kept as the span they can lie in, so an
// unknown date decides only when every date it allows gives the same answer.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

const Date earliest{1800, 1, 1};

// A date known to lie between lo and hi (lo == hi when the record gives it).
struct Span {
   Date lo, hi;
   bool exact() const { return lo == hi; }
};

// "within 4 weeks after", "4 weeks or more after", "after"
std::string relation_text(const Predicate::EventAnchor& a)
{
   if (!a.op) return "after";
   const std::string d = duration_text(a.amount, a.unit);
   switch (*a.op) {
      case Comparator::le: return "within " + d + " after";
      case Comparator::lt: return "less than " + d + " after";
      case Comparator::ge: return d + " or more after";
      case Comparator::gt: return "more than " + d + " after";
      default: return "after";
   }
}

// "sorafenib from 2026-04-01 (ongoing)", "TACE on 2026-04-15": a record of X and when it applied.
std::string course(const Record& r, bool point_event)
{
   std::string s = r.text.empty() && r.concept_ ? r.concept_->display : r.text;
   if (point_event) {
      if (r.start || r.end) s += " on " + (r.start ? *r.start : *r.end).str();
      return s;
   }
   if (r.start) s += " from " + r.start->str();
   if (r.end) s += " to " + r.end->str();
   if (!r.end && !is_over(r.status) && !episode_of(r)) s += " (ongoing)";
   return s;
}

// What keeps a record of X from deciding: "not confirmed", "no dates recorded", ...
std::string doubt_of(const Record& r, bool point_event)
{
   std::vector<std::string> d;
   if (r.status == RecordStatus::unconfirmed) d.push_back("not confirmed");
   if (point_event ? !r.start && !r.end : !r.start && !r.end && is_over(r.status))
      d.push_back("no dates recorded");
   else if (!point_event && !r.start)
      d.push_back("its start is not recorded");
   else if (episode_of(r) && onset_latest(r, *r.start) != *r.start)
      d.push_back("its onset is known only to " + onset_span(r, *r.start));
   else if (!point_event && !r.end && is_over(r.status) && !episode_of(r))
      d.push_back("its end is not recorded");
   std::string s;
   for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + d[i];
   return s;
}

// The patient's own event: the latest record of the event's procedure (or a narrower one) on or
// before the screening date, and how well its date is known.
struct Event {
   const Record* latest = nullptr;  // the latest confirmed record with a date
   Span date{earliest, earliest};   // when the latest event was
   bool found = false;              // a confirmed record of it
   bool maybe_absent = false;       // only unconfirmed records: it may not have happened
   std::vector<std::string> missing;
   std::vector<std::string> doubts;  // why the date is not exact, for the why
};

Event find_event(const EvalContext& ctx, const Predicate::EventAnchor& a)
{
   Event e;
   const Patient& pt = ctx.patient;
   std::optional<Date> latest;
   bool undated = false;
   std::vector<std::optional<Date>> unconfirmed;
   for (const auto* list : {&pt.procedures, &pt.conditions, &pt.medications}) {
      if (!list->has_value()) continue;
      for (const Record& r : **list) {
         if (!r.concept_ || !ctx.catalogue.is_a(*r.concept_, *a.event)) continue;
         if (r.status == RecordStatus::refuted || r.status == RecordStatus::entered_in_error) continue;
         const std::optional<Date> d = r.start ? r.start : r.end;
         if (d && *d > ctx.date) continue;
         if (r.status == RecordStatus::unconfirmed)
            unconfirmed.push_back(d);
         else if (!d)
            undated = true;
         else if (!latest || *d > *latest) {
            latest = d;
            e.latest = &r;
         }
      }
   }
   const bool complete = list_complete(pt, pt.procedures, "procedures");
   e.found = latest || undated;
   if (latest) e.date = {*latest, *latest};
   if (undated) {
      e.date.hi = ctx.date;
      e.missing.push_back("date of " + a.written);
      e.doubts.push_back("a record of it has no date");
   }
   if (e.found && !complete) {
      e.date.hi = ctx.date;
      e.missing.push_back("procedures history (for " + a.written + ")");
      e.doubts.push_back(pt.procedures ? "the procedures list is one page of a search result" : "no procedures list given");
   }
   if (!unconfirmed.empty()) {
      Span u{ctx.date, earliest};
      for (const auto& d : unconfirmed) {
         u.lo = std::min(u.lo, d ? *d : earliest);
         u.hi = std::max(u.hi, d ? *d : ctx.date);
      }
      if (!e.found) {
         e.maybe_absent = true;
         e.date = u;
         e.missing.push_back("confirmation of " + a.written);
         e.doubts.push_back("not confirmed");
      }
      else if (u.hi > e.date.hi) {
         e.date.hi = u.hi;
         e.missing.push_back("confirmation of " + a.written);
         e.doubts.push_back("a later record of it is not confirmed");
      }
   }
   return e;
}

// "after resection (2026-03-10)", "after surgery (Right hepatectomy, 2026-03-10)", "after resection
// (latest dated 2025-01-05; a record of it has no date)": the event the criterion is timed from.
std::string anchor_text(const Event& e, const Predicate::EventAnchor& a, const std::string& rel)
{
   std::vector<std::string> parts;
   if (e.latest) {
      const std::string day = (e.latest->start ? *e.latest->start : *e.latest->end).str();
      std::string what = e.latest->concept_ == a.event ? day : (e.latest->text.empty() ? e.latest->concept_->display : e.latest->text) + ", " + day;
      parts.push_back(e.date.exact() ? what : "latest dated " + what);
   }
   else if (e.maybe_absent && e.date.exact())
      parts.push_back(e.date.lo.str());
   parts.insert(parts.end(), e.doubts.begin(), e.doubts.end());
   std::string s = rel + " " + a.written + " (";
   for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
   return s + ")";
}

// When a record of X applied: it started in `start` and last applied in `last`.
struct Applied {
   Span start, last;
   bool exact() const { return start.exact() && last.exact(); }
};

Applied applied(const Record& r, const Date& screening, bool point_event)
{
   if (point_event) {
      const std::optional<Date> d = r.start ? r.start : r.end;
      const Span s = d ? Span{*d, *d} : Span{earliest, screening};
      return {s, s};
   }
   // An episode (an infarction) applied on its onset, whatever its status or abatement says (docs/fhir.md, "An episode").
   if (episode_of(r)) {
      const Span s = r.start ? Span{*r.start, onset_latest(r, *r.start)} : Span{earliest, screening};
      return {s, s};
   }
   Span last;
   if (r.end)
      last = {std::min(*r.end, screening), std::min(*r.end, screening)};
   else if (is_over(r.status))
      last = {r.start ? *r.start : earliest, screening};  // over, but when is not recorded
   else
      last = {screening, screening};  // ongoing
   const Span start = r.start ? Span{*r.start, *r.start} : Span{earliest, last.hi};
   return {start, last};
}

enum class Fit { yes, maybe, no };

// Whether a record that applied from `x.start` to `x.last` did so in the time after an event on
// `l`: for every date the spans allow (yes), for some (maybe), or for none (no).
Fit fits(const Applied& x, const Span& l, const Predicate::EventAnchor& an)
{
   const Span& s = x.start;
   const Span& a = x.last;
   auto fit = [](bool sure, bool possible) { return sure ? Fit::yes : possible ? Fit::maybe : Fit::no; };
   if (!an.op) return fit(a.lo >= l.hi, a.hi >= l.lo);  // it still applied on or after the event's day
   const Comparator op = *an.op;
   if (op == Comparator::le || op == Comparator::lt) {
      // Within N after: the record meets [event, event + N] (the last day excluded for "less than").
      auto starts_in_time = [&](const Date& start, const Date& event) {
         const Date end = shifted(event, an.amount, an.unit);
         return op == Comparator::le ? start <= end : start < end;
      };
      return fit(starts_in_time(s.hi, l.lo) && a.lo >= l.hi, starts_in_time(s.lo, l.hi) && a.hi >= l.lo);
   }
   // At least (more than) N after: the record still applied on (after) the day N after the event.
   auto late_enough = [&](const Date& last, const Date& event) {
      const Date from = shifted(event, an.amount, an.unit);
      return op == Comparator::ge ? last >= from : last > from;
   };
   return fit(late_enough(a.lo, l.hi), late_enough(a.hi, l.lo));
}

}  // namespace

Outcome after_event(const EvalContext& ctx, const Predicate& p, const FactRecords& x)
{
   const Predicate::EventAnchor& an = *p.after;
   const std::string rel = relation_text(an);
   // Nothing of X at all: nothing of it can be after the event either.
   if (x.counted.empty() && x.doubtful.empty()) {
      if (x.complete)
         return Outcome{Tri::not_met, "no " + x.name + " among the " + x.list_name + " (list taken as complete), so none " + rel + " " + an.written, {}};
      return Outcome{Tri::unknown, x.name + " " + rel + " " + an.written + ": " + x.open_why, {x.open_missing}};
   }
   const Event e = find_event(ctx, an);
   if (!e.found && !e.maybe_absent) {
      if (list_complete(ctx.patient, ctx.patient.procedures, "procedures"))
         return Outcome{Tri::not_met, x.name + " " + rel + " " + an.written + ": no " + an.written + " on record (procedures list taken as complete)", {}};
      return Outcome{Tri::unknown,
                     x.name + " " + rel + " " + an.written + ": " +
                         (!ctx.patient.procedures     ? "no procedures list given"
                          : ctx.patient.lists_partial ? "the procedures list is one page of a search result"
                                                      : "a resource of the procedures list could not be read") +
                         ", so the date of " + an.written + " is not known",
                     {"date of " + an.written}};
   }
   const std::string head = x.name + " " + anchor_text(e, an, rel);
   Outcome o{Tri::not_met, "", {}};
   const Record* open = nullptr;
   for (const Record* r : x.counted) {
      if (r == e.latest) continue;  // the event itself is not something after it
      const Applied ap = applied(*r, ctx.date, x.point_event);
      const Fit f = fits(ap, e.date, an);
      if (f == Fit::no) continue;
      const bool confirmed = r->status != RecordStatus::unconfirmed;
      if (f == Fit::yes && confirmed && !e.maybe_absent) return Outcome{Tri::met, head + ": " + course(*r, x.point_event), {}};
      if (!open) open = r;
      if (!confirmed) add_missing(o.missing, "confirmation of " + x.name);
      if (!ap.exact()) add_missing(o.missing, "date of " + x.name);
      if (!e.date.exact() || e.maybe_absent)
         for (const auto& m : e.missing) add_missing(o.missing, m);
   }
   // A record that may be X, in the time: the answer stays open, with the reason.
   for (const FactRecords::Doubtful& d : x.doubtful) {
      if (open || d.record == e.latest) break;
      if (fits(applied(*d.record, ctx.date, x.point_event), e.date, an) == Fit::no) continue;
      o.result = Tri::unknown;
      o.why = head + ": " + course(*d.record, x.point_event) + ": " + d.why;
      add_missing(o.missing, d.missing.empty() ? "whether " + d.record->text + " is " + x.name : d.missing);
      return o;
   }
   if (open) {
      o.result = Tri::unknown;
      const std::string doubt = doubt_of(*open, x.point_event);
      o.why = head + ": " + course(*open, x.point_event) + (doubt.empty() ? "" : " (" + doubt + ")") + ": cannot tell whether it was " + rel + " it";
      return o;
   }
   if (!x.complete) return Outcome{Tri::unknown, head + ": none on record (" + x.open_why + "), so one may be missing", {x.open_missing}};
   if (!ctx.explain) return o;
   // The record of X that applied last, to show why none counts.
   const Record* last = nullptr;
   Date last_day = earliest;
   auto consider = [&](const Record* r) {
      if (r == e.latest) return;
      const Date d = applied(*r, ctx.date, x.point_event).last.hi;
      if (!last || d > last_day) last = r, last_day = d;
   };
   for (const Record* r : x.counted) consider(r);
   for (const FactRecords::Doubtful& d : x.doubtful) consider(d.record);  // none of them fell in the time
   if (!last)
      o.why = head + ": no other " + x.name + " on record";
   else
      o.why = head + ": none; the last, " + course(*last, x.point_event) + "," +
              (!an.op || last_day < e.date.lo ? (x.point_event || episode_of(*last) ? " was before it" : " ended before it") : " is not " + rel + " it");
   return o;
}

}  // namespace eligo::evaluation
