// Clinical facts: conditions, medications, procedures, findings and allergies, in the
// patient's lists or as recorded findings; "within N months" and "N weeks since" windows;
// "other X", which leaves out the trial's own condition and interventions. A record less
// specific than the criterion leaves it open (docs/patient-format.md); regimens are found from
// their drugs (regimen.cpp); a drug whose class depends on its indication is read by it
// (indication.cpp).
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/words.hpp"
#include "engine/evaluate/evaluator_internal.hpp"
#include "engine/evaluate/indication.hpp"
#include "engine/evaluate/regimen.hpp"

namespace eligo::evaluation {

namespace {

using RecordList = std::optional<std::vector<Record>>;

// Start of the window a "within" test looks back to.
Date window_start(const Predicate& p, const Date& date) { return shifted(date, -p.window_amount, p.window_unit); }

std::string window_text(const Predicate& p) { return duration_text(p.window_amount, p.window_unit); }

// The newest dated finding of a concept on or before the screening date (FHIR observations), and not before `from`
// when a derived score's assessment window reads it (score.cpp). None when a newer record of it could not be used
// (`unusable` says which): the older one is not the latest.
const FindingRecord* current_finding(const EvalContext& ctx, const Concept& c, std::string* conflict = nullptr, std::optional<Date> from = std::nullopt,
                                     const Skipped** unusable = nullptr)
{
   const FindingRecord* best = nullptr;
   for (const auto& f : ctx.patient.finding_history)
      if (f.concept_ == &c && f.date <= ctx.date && (!from || f.date >= *from) && (!best || f.date > best->date)) best = &f;
   if (!ctx.patient.skipped.empty())
      if (const Skipped* k = newest_unusable(ctx.patient, c, ctx.date); k && (!from || *k->date >= *from) && (!best || supersedes(*k, best->date))) {
         if (unusable) *unusable = k;
         return nullptr;
      }
   if (best && conflict)
      for (const auto& f : ctx.patient.finding_history)
         if (&f != best && f.concept_ == &c && f.date == best->date && f.present != best->present)
            *conflict = f.field + " says " + (f.present ? "present" : "absent") + ", " + best->field + " says " + (best->present ? "present" : "absent");
   return best;
}

bool over(const Record& r) { return is_over(r.status); }

// Why an episode's record cannot be placed in a window: its onset is not recorded, or only to its month or year.
std::string episode_when(const Record& r)
{
   if (!r.start) return r.text + " has no onset date";
   return r.text + ": its onset is known only to " + onset_span(r, *r.start);
}

// Whether the why may call a record without an end "ongoing".
bool ongoing(const Record& r) { return !r.end && !over(r) && !episode_of(r); }

// "entry[3] Observation/r3: valueQuantity" -> "Observation/r3: valueQuantity", as a why names a record.
std::string resource_of(const std::string& where)
{
   const auto cut = where.rfind("entry[", 0) == 0 ? where.find("] ") : std::string::npos;
   return cut == std::string::npos ? where : where.substr(cut + 2);
}

std::string describe(const Record& r)
{
   std::string s = r.text;
   if (r.history) {
      const auto by = history_by(r);
      return s + (by ? " (a history recorded on " + by->str() + ")" : " (a history)");
   }
   if (r.start) s += " from " + r.start->str();
   if (r.end) s += " to " + r.end->str();
   return s;
}

// The concept as the why names it: "other X" for an "other" criterion, unless its name
// already says so.
std::string fact_name(const Predicate& p)
{
   const Concept& c = *p.concept_;
   const bool says_other = c.display.rfind("other ", 0) == 0 || c.display.rfind("another ", 0) == 0 || c.display.find(" other ") != std::string::npos ||
                           c.display.find(" another ") != std::string::npos;
   const bool q = p.kind == Predicate::Kind::qualifier;
   return std::string(p.current ? "current " : "") + (q && !p.qualifier_after ? p.qualifier + " " : "") + (p.other && !says_other ? "other " : "") + c.display +
          (q && p.qualifier_after ? " " + p.qualifier : "");
}

// What a qualifier says of a record, after "is": "clinically significant", "one requiring systemic therapy".
std::string is_qualified(const Predicate& p) { return p.qualifier_after ? "one " + p.qualifier : p.qualifier; }

// The fact with its qualifier where the criterion writes it: "clinically significant GI bleeding", "infection requiring systemic therapy".
std::string qualified(const Predicate& p, const std::string& display) { return p.qualifier_after ? display + " " + p.qualifier : p.qualifier + " " + display; }

// A record as a qualifier's why names it: "GI bleed on 2026-11-20".
std::string dated(const Record& r) { return r.text + (r.start ? " on " + r.start->str() : ""); }

// "procedures" -> "procedure", for a count of one.
std::string singular(const std::string& list) { return list == "allergies" ? "allergy" : list.substr(0, list.size() - 1); }

enum class Relevance { counts, ignored, not_current, open };

// How one record bears on the criterion. An ignored record may say why it does not count
// (`note`, for the why); an open one says why it cannot be told (`note`) and what would tell it
// (`missing`).
struct Reading {
   Relevance relevance = Relevance::ignored;
   std::string note;
   std::string missing;
   const Record* unrecognised = nullptr;  // a FHIR record that names no catalogue concept, which may be the criterion's
};

// What the records that count say, in one pass.
struct RecordScan {
   const Record* hit = nullptr;          // the first that applied inside the window (or at all, without one)
   const Record* undated = nullptr;      // the last that is over without saying when
   const Record* unconfirmed = nullptr;  // the first not confirmed
   const Record* not_current = nullptr;  // the first of a finding that began too long ago to hold now
   const Record* latest = nullptr;       // the one that applied last, and when
   std::optional<Date> latest_date;
   std::vector<Reading> open;       // records that may or may not be the criterion
   std::vector<std::string> notes;  // records left out for a reason the why gives
};

// One fact criterion against the patient's findings and lists. The questions are asked in
// a fixed order (answer()); the first that settles it gives the outcome.
class FactQuestion {
public:
   FactQuestion(const EvalContext& ctx, const Predicate& p);
   Outcome answer();

private:
   bool about_now() const { return !p_.window && !p_.allergy && !p_.after; }
   // Any time, or any time inside a window: a history ("history of", "prior", a fact without a time-scope word), or a
   // window, on a condition, drug or procedure; a finding is about now unless a window gives it a time
   // (docs/language.md, "Time scope"). Every present dated finding then counts, not only the newest.
   bool any_time() const { return !p_.current && !p_.allergy && !p_.after && (c_.kind != ConceptKind::finding || p_.window); }
   bool shows(const Concept& f) const;
   const FindingRecord* later_absence(const FindingRecord& f, const Date& until) const;
   std::string recorded(const FindingRecord& f) const;
   std::optional<Outcome> ever_recorded() const;
   std::optional<Outcome> dated_findings();
   std::vector<Reading> current_evidence() const;
   std::optional<Reading> lapsed(const Concept& f) const;
   std::optional<std::string> absence_ends(const Concept& f, const FindingRecord& p, const FindingRecord& newest, std::string& open_why) const;
   const Record* over_after(const Concept& f, const FindingRecord& p) const;
   std::vector<Reading> suggestions() const;
   // A finding read as an input of a score derived under an assessment window: dated findings before it are not used.
   std::optional<Date> assessed_from() const
   {
      return p_.assessed_within ? std::optional<Date>(shifted(ctx_.date, -p_.assessed_within, p_.assessed_unit)) : std::nullopt;
   }
   std::optional<Outcome> recorded_finding(std::string& held) const;
   bool outranked(const FindingRecord& f) const;
   std::optional<Outcome> member_finding() const;
   std::vector<const Record*> records_to_search() const;
   bool related(const Concept& c) const;
   bool broader(const Concept& c) const;
   std::string refinement(const Record& r) const;
   void assemble_regimens(std::vector<const Record*>& recs);
   bool assembled(const Record* r) const { return !assembled_.empty() && r >= assembled_.data() && r < assembled_.data() + assembled_.size(); }
   Outcome decide(const std::vector<const Record*>& recs, const RecordScan& s, const std::string& held) const;
   std::optional<Date> last_applied(const Record& r) const;
   bool trials_own(const Concept& c) const;
   bool spread(const Concept& x) const;
   const Concept* own_below(const Concept& c) const;
   Reading read(const Record& r) const;
   std::optional<Reading> at_screening(const Record& r) const;
   std::optional<Reading> history_in_window(const Record& r) const;
   Reading qualifier_answer(const Record& r) const;
   bool qualifier() const { return p_.kind == Predicate::Kind::qualifier; }
   Outcome unanswered(Outcome o) const;
   RecordScan scan(const std::vector<const Record*>& recs) const;
   Outcome since(const std::vector<const Record*>& recs, const RecordScan& s) const;
   Outcome recent(const std::vector<const Record*>& recs, const RecordScan& s) const;
   std::optional<Outcome> on_record(const RecordScan& s) const;
   std::optional<Outcome> open_records(const std::vector<Reading>& open, const std::string& tail = "") const;
   bool text_may_be(const Record& r, const std::string& list) const;
   std::optional<Outcome> unsettled(const RecordScan& s, const std::string& held) const;
   std::optional<Outcome> window_undecided(const RecordScan& s, const Record* open, const std::vector<Reading>& unsure, const std::string& required) const;
   Outcome none_on_record() const;
   std::string not_complete() const;
   Outcome not_current(const std::string& why) const;
   Outcome not_recorded() const;
   Outcome history_incomplete() const;

   const EvalContext& ctx_;
   const Predicate& p_;
   const Concept& c_;
   const std::string name_;
   const RecordList* list_;  // the list the concept belongs in
   std::string list_name_;
   bool complete_;                               // that list is given, and whole
   bool uncoded_ = false;                        // a FHIR record, and not every record of the concept would be found by its codes
   bool criterion_spread_ = false;               // the criterion's concept is a spread of some cancer (spread())
   bool point_event_;                            // a procedure, which applies on its date only
   Date from_;                                   // start of the window
   std::vector<Record> assembled_;               // regimens found from their drugs' records given together
   std::optional<Outcome> regimen_open_;         // a regimen's drugs are all on record, but together or not cannot be told
   std::vector<std::string> notes_;              // what the why adds when the criterion is not met
   std::vector<const FindingRecord*> evidence_;  // present dated findings that show the fact (any_time())
   std::vector<Reading> finding_open_;           // of those, the ones a window cannot tell
};

FactQuestion::FactQuestion(const EvalContext& ctx, const Predicate& p)
    : ctx_(ctx), p_(p), c_(*p.concept_), name_(fact_name(p)), from_(p.window ? window_start(p, ctx.date) : Date{1800, 1, 1})
{
   if (p.allergy)
      list_ = &ctx.patient.allergies, list_name_ = "allergies";
   else if (c_.kind == ConceptKind::medication)
      list_ = &ctx.patient.medications, list_name_ = "medications";
   else if (c_.kind == ConceptKind::procedure)
      list_ = &ctx.patient.procedures, list_name_ = "procedures";
   else
      list_ = &ctx.patient.conditions, list_name_ = "conditions";
   complete_ = list_complete(ctx.patient, *list_, list_name_);
   // A coded record's list (FHIR) is matched by codes: for a concept whose records would not all be found by them, a
   // record that names no catalogue concept may be one (read() weighs it in the criterion's time).
   uncoded_ = ctx.patient.format.rfind("FHIR", 0) == 0 && c_.kind != ConceptKind::finding && !ctx.catalogue.closed_world(c_);
   if (p.other || !p.except.empty()) criterion_spread_ = spread(c_);
   point_event_ = c_.kind == ConceptKind::procedure && !p.allergy;
   if (any_time()) {
      const std::optional<Date> assessed = assessed_from();
      for (const auto& f : ctx.patient.finding_history)
         if (f.present && f.date <= ctx.date && (!assessed || f.date >= *assessed) && shows(*f.concept_)) evidence_.push_back(&f);
   }
}

// A present record of finding f shows the criterion's fact: f is it or a kind of it (HCV RNA detectable is hepatitis C),
// or evidence of it (HBsAg positive shows hepatitis B: concepts.json "evidence_of"); not the trial's own, nor an exception.
bool FactQuestion::shows(const Concept& f) const
{
   if (!ctx_.catalogue.is_a(f, c_) && !ctx_.catalogue.evidence_of(f, c_)) return false;
   if (p_.other && trials_own(f)) return false;
   return std::none_of(p_.except.begin(), p_.except.end(), [&](const Concept* e) { return ctx_.catalogue.is_a(f, *e); });
}

// The first record of f's concept after f, up to `until`, that says absent: the finding was over by then.
const FindingRecord* FactQuestion::later_absence(const FindingRecord& f, const Date& until) const
{
   const FindingRecord* first = nullptr;
   for (const auto& g : ctx_.patient.finding_history)
      if (g.concept_ == f.concept_ && !g.present && g.date > f.date && g.date <= until && (!first || g.date < first->date)) first = &g;
   return first;
}

// "HBsAg positive recorded as present (Observation/o1, 2019-05-02)".
std::string FactQuestion::recorded(const FindingRecord& f) const
{
   return (f.concept_ == &c_ ? std::string() : f.concept_->display + " ") + "recorded as present (" + f.field + ", " + f.date.str() + ")";
}

// A history is met by any present record, however old and whatever a later one says: HCV RNA detectable in 2019 and not
// detected in 2024 is a history of hepatitis C (docs/fhir.md, "Findings in time"). A finding kept undated (the native
// format's findings) that shows it only as evidence counts too; one that is a kind of it is read by member_finding.
std::optional<Outcome> FactQuestion::ever_recorded() const
{
   if (!any_time() || p_.window) return std::nullopt;
   const FindingRecord* newest = nullptr;
   for (const FindingRecord* f : evidence_)
      if (!newest || f->date > newest->date) newest = f;
   if (newest) {
      std::string why = name_ + ": " + recorded(*newest);
      if (const FindingRecord* a = later_absence(*newest, ctx_.date))
         why += "; a later record says absent (" + a->field + ", " + a->date.str() + "), and a history counts any record";
      return Outcome{Tri::met, why, {}};
   }
   for (const auto& [id, present] : ctx_.patient.findings)
      if (const Concept* f = present ? ctx_.catalogue.concept_(id) : nullptr; f && ctx_.catalogue.evidence_of(*f, c_) && shows(*f))
         return Outcome{Tri::met, name_ + ": " + f->display + " recorded as present (findings)", {}};
   return std::nullopt;
}

// A window on dated findings: "within 6 months" is met by a present record inside it; "≥ 4 weeks since" is not met by one
// less than that long ago, and "< 4 weeks since" is met by one. A present record outside the window may have held on
// into it, unless a later record of the finding says absent in time: such a record keeps the criterion open
// (finding_open_), for the window's records to settle first.
std::optional<Outcome> FactQuestion::dated_findings()
{
   if (!any_time() || !p_.window || evidence_.empty()) return std::nullopt;
   const bool within = *p_.window == syntax::Window::Kind::within;
   const long need = ctx_.date.days() - from_.days();
   auto long_enough = [&](const Date& d) { return holds(static_cast<double>(ctx_.date.days() - d.days()), p_.window_op, static_cast<double>(need), 1e-9); };
   const bool recent_op = !within && (p_.window_op == Comparator::lt || p_.window_op == Comparator::le);
   const std::string required = within ? ", within " + window_text(p_) : std::string(", required ") + syntax::symbol(p_.window_op) + " " + window_text(p_);
   for (const FindingRecord* f : evidence_) {
      const long ago = ctx_.date.days() - f->date.days();
      const std::string at = name_ + ": " + recorded(*f) + ", " + std::to_string(ago) + " days before screening" + required;
      if (within ? f->date >= from_ : recent_op ? long_enough(f->date) : !long_enough(f->date))
         return Outcome{within || recent_op ? Tri::met : Tri::not_met, at + (within ? "" : recent_op ? ": met" : ": not met"), {}};
      // Outside the window: it held on its date, and until a later absence if there is one.
      const FindingRecord* end = later_absence(*f, ctx_.date);
      const bool over_in_time = end && (within ? end->date <= from_ : recent_op ? !long_enough(end->date) : long_enough(end->date));
      if (over_in_time)
         notes_.push_back(recorded(*f) + ", absent on " + end->date.str() + " (" + end->field + "): over " +
                          (within || recent_op ? std::string("before the window") : "at least " + window_text(p_) + " before screening"));
      else
         finding_open_.push_back({Relevance::open,
                                  recorded(*f) + ": whether it still held " + (within ? "within " + window_text(p_) : "later") + " is not recorded",
                                  "whether " + c_.display + " held after " + f->date.str()});
   }
   return std::nullopt;
}

// At the screening date, a finding that is only evidence of the fact (HBsAg positive for "active hepatitis B") neither
// meets it nor lets it go: the newest such record, if present and current, keeps it open. So does a finding that did
// show it but no longer settles it (lapsed()).
std::vector<Reading> FactQuestion::current_evidence() const
{
   std::vector<Reading> open;
   if (!p_.current || p_.allergy || p_.window || p_.after) return open;
   const std::string open_why = ": it shows " + c_.display + ", not whether it holds at screening";
   std::set<const Concept*> seen;
   for (const auto& f : ctx_.patient.finding_history) {
      const Concept& fc = *f.concept_;
      if (!f.present || f.date > ctx_.date || &fc == &c_ || !seen.insert(&fc).second || !shows(fc)) continue;
      if (std::optional<Reading> r = lapsed(fc)) open.push_back(std::move(*r));
   }
   // A result of such a finding that could not be used, the newest of its finding, with no present record before it
   // (850,000 IU/mL beside a note "Not detected"): it may show the fact, so the criterion stays open.
   for (const auto& k : ctx_.patient.skipped) {
      if (!k.finding || !k.value || !k.date || *k.date > ctx_.date || k.finding == &c_ || seen.count(k.finding) || !shows(*k.finding)) continue;
      const Skipped* newest = nullptr;
      if (current_finding(ctx_, *k.finding, nullptr, std::nullopt, &newest) || newest != &k) continue;
      seen.insert(k.finding);
      open.push_back(Reading{Relevance::open,
                             k.finding->display + ": a result that could not be used (" + resource_of(k.where) + ", " + k.date->str() + ": " + k.reason +
                                 "): whether " + c_.display + " holds at screening is not recorded",
                             "whether " + c_.display + " holds at screening"});
   }
   for (const auto& [id, present] : ctx_.patient.findings)
      if (const Concept* f = present ? ctx_.catalogue.concept_(id) : nullptr; f && ctx_.catalogue.evidence_of(*f, c_) && shows(*f))
         open.push_back(Reading{Relevance::open, f->display + " (findings)" + open_why, "whether " + c_.display + " holds at screening"});
   return open;
}

// A record of the criterion's condition that says it was over after a present record p of finding f (resolved, inactive,
// in remission, with its abatement or its own date then), so that p no longer keeps the criterion open. For a finding
// with cure_after_days (HCV RNA), a resolution counts only that long after p: sooner it is too early to know of a cure.
const Record* FactQuestion::over_after(const Concept& f, const FindingRecord& p) const
{
   if (!ctx_.patient.conditions) return nullptr;
   for (const auto& r : *ctx_.patient.conditions) {
      const std::optional<Date> when = r.end ? r.end : r.start;
      if (!r.concept_ || !ctx_.catalogue.is_a(*r.concept_, c_) || !over(r) || !when || *when < p.date || *when > ctx_.date) continue;
      if (f.cure_after_days && when->days() - p.date.days() < *f.cure_after_days) continue;
      return &r;
   }
   return nullptr;
}

// A finding f that shows the criterion at screening, from its newest present record, when that record does not settle
// it: evidence only (HBsAg positive), or a kind of it (HCV RNA detectable) that is no longer current: more than its
// current_for_days old, followed by a record that cannot be used ("<15 IU/mL") or by one that says absent sooner than
// absent_ends_after_days (on treatment, not yet a cure), or contradicted the same day. The criterion then stays open,
// unless a record of the condition says it was over after it.
std::optional<Reading> FactQuestion::lapsed(const Concept& f) const
{
   const FindingRecord* p = nullptr;
   for (const auto& g : ctx_.patient.finding_history)
      if (g.concept_ == &f && g.present && g.date <= ctx_.date && (!p || g.date > p->date)) p = &g;
   if (!p) return std::nullopt;
   std::string conflict;
   const Skipped* unusable = nullptr;
   const FindingRecord* now = current_finding(ctx_, f, &conflict, std::nullopt, &unusable);
   const std::string what = f.display + " (" + p->field + ", " + p->date.str() + ")";
   const std::string missing = "whether " + c_.display + " holds at screening";
   const bool evidence = ctx_.catalogue.evidence_of(f, c_);
   const bool stale = f.current_for_days && ctx_.date.days() - p->date.days() > *f.current_for_days;
   if (evidence && now == p && !stale) return Reading{Relevance::open, what + ": it shows " + c_.display + ", not whether it holds at screening", missing};
   std::string then;
   if (now && now->date == p->date && !conflict.empty())
      then = ", and a record of the same day disagrees (" + conflict + ")";
   else if (now == p && stale)
      then = ", more than " + std::to_string(*f.current_for_days) + " days before screening";
   else if (!now && unusable)
      then = ", then " + unusable->reason + " (" + resource_of(unusable->where) + ", " + unusable->date->str() + ")";
   else if (now && now != p && !now->present && !evidence && f.absent_ends_after_days) {
      const std::string absent = ", then recorded as absent (" + now->field + ", " + now->date.str() + ")";
      std::string treating;
      if (const std::optional<std::string> over = absence_ends(f, *p, *now, treating))
         return Reading{Relevance::ignored, what + absent + ": over (" + *over + ")", ""};
      if (!treating.empty())
         then = absent + ", " + treating + ": not yet a sustained response";
      else
         then = absent + ": it may be on treatment; an undetected result shows a cure only " + std::to_string(*f.absent_ends_after_days) +
                " days after the last detected one" +
                (f.absent_sustained_days ? ", or as two undetected results " + std::to_string(*f.absent_sustained_days) + " days apart, the later " +
                                               std::to_string(f.cure_after_days.value_or(0)) + " days after it"
                                         : "");
   }
   else
      return std::nullopt;  // it settles the criterion (member_finding), or, evidence only, a later absence ends it
   if (const Record* r = over_after(f, *p)) return Reading{Relevance::ignored, what + then + "; " + describe(*r) + " (" + r->field + "): over", ""};
   return Reading{Relevance::open, what + then + ": whether " + c_.display + " holds at screening is not recorded", missing};
}

// Whether the undetected results after a present record p of f show it over, and why; or nothing, with what keeps it
// open in `open_why` when a course of treatment does. A course of a drug that treats it (treated_by: an HCV antiviral)
// decides when one is on record: an undetected result during it or less than absent_sustained_days after its end shows no
// cure, one at least that long after the end of a course that followed p does (SVR12). Otherwise the newest undetected
// result is at least absent_ends_after_days after p, or two undetected results with no present one between are at least
// absent_sustained_days apart and the later one at least cure_after_days after p.
std::optional<std::string> FactQuestion::absence_ends(const Concept& f, const FindingRecord& p, const FindingRecord& newest, std::string& open_why) const
{
   const int sustained = f.absent_sustained_days.value_or(0);
   if (f.treated_by && ctx_.patient.medications) {
      // The course's end as the records tell it. Only a statement's period end is taken as written: an administration is one
      // dose and an order's end may be its first supply, so either is taken to run at least 12 weeks from its start (the
      // usual course); an open course is taken to run 24 weeks (the longest). The latest end of the records of a course
      // around or after the load is the end of treatment.
      std::optional<Date> end;
      const Record* last = nullptr;
      bool last_as_written = false;
      for (const auto& r : *ctx_.patient.medications) {
         if (r.status == RecordStatus::refuted || !r.start || *r.start > newest.date || !record_is_a(ctx_.catalogue, r, *f.treated_by)) continue;
         const bool as_written = r.end && r.field.rfind("MedicationStatement/", 0) == 0;
         Date e = as_written ? *r.end : shifted(*r.start, r.end ? 84 : 168, "d");
         if (r.end && *r.end > e) e = *r.end;
         if (e < p.date) continue;  // a course that ended before the load: a failed treatment or a reinfection since
         if (!end || e > *end) end = e, last = &r, last_as_written = as_written;
      }
      if (end) {
         const std::string named = describe(*last) + " (" + last->field + (last_as_written ? "" : ", taken to end " + end->str()) + ")";
         if (newest.date.days() < end->days() + sustained) {
            open_why = "on or within " + std::to_string(sustained) + " days of a course of " + f.treated_by->display + ": " + named;
            return std::nullopt;
         }
         return "undetected " + std::to_string(newest.date.days() - end->days()) + " days after the end of " + named + ", a sustained response";
      }
   }
   const long gap = newest.date.days() - p.date.days();
   if (f.absent_ends_after_days && gap >= *f.absent_ends_after_days)
      return std::to_string(gap) + " days after the last detected one, at least " + std::to_string(*f.absent_ends_after_days);
   if (!f.absent_sustained_days || (f.cure_after_days && gap < *f.cure_after_days)) return std::nullopt;
   const FindingRecord* first = nullptr;
   for (const auto& g : ctx_.patient.finding_history)
      if (g.concept_ == &f && !g.present && g.date > p.date && g.date <= newest.date && (!first || g.date < first->date)) first = &g;
   if (first && newest.date.days() - first->date.days() >= sustained)
      return "undetected on " + first->date.str() + " and " + newest.date.str() + ", at least " + std::to_string(sustained) + " days apart";
   return std::nullopt;
}

// A finding that points to the criterion's condition without showing it (concepts.json "suggests": a reactive HIV
// screening test for HIV infection): any present record of it on or before the screening date keeps the criterion open
// unless a record meets it. A later negative result does not lift it: after a reactive HIV screen, non-reactive antibody
// tests are the pattern of an acute infection until an HIV-1 RNA test says otherwise, and an HCV antibody can be lost
// while the infection stays; Eligo leaves that to the clinician. The newest present record is named.
std::vector<Reading> FactQuestion::suggestions() const
{
   std::vector<Reading> open;
   if (c_.kind != ConceptKind::condition || p_.allergy || p_.after) return open;
   auto reading = [&](const Concept& f, const std::string& where) {
      return Reading{Relevance::open, f.display + " (" + where + ") suggests " + c_.display + ", which no record confirms",
                     "whether " + c_.display + " was confirmed (" + f.display + ", " + where + ")"};
   };
   std::map<const Concept*, const FindingRecord*> newest;
   for (const auto& f : ctx_.patient.finding_history)
      if (f.present && f.date <= ctx_.date && ctx_.catalogue.suggests(*f.concept_, c_) && !shows(*f.concept_)) {
         const FindingRecord*& n = newest[f.concept_];
         if (!n || f.date > n->date) n = &f;
      }
   // At screening, the test that tells the condition apart settles what the suggestion left open: an HCV RNA not
   // detected on or after a positive anti-HCV (the newest record of a finding that is a kind of the condition, absent)
   // shows no current hepatitis C; a history stays open (a cleared infection is one).
   auto ruled_out = [&](const Date& since) -> const FindingRecord* {
      if (!p_.current) return nullptr;
      for (const auto& g : ctx_.patient.finding_history)
         if (!g.present && g.date >= since && g.date <= ctx_.date && g.concept_ != &c_ && ctx_.catalogue.is_a(*g.concept_, c_) &&
             current_finding(ctx_, *g.concept_) == &g)
            return &g;
      return nullptr;
   };
   for (const auto& [fc, f] : newest)
      if (const FindingRecord* g = ruled_out(f->date))
         open.push_back(Reading{Relevance::ignored,
                                fc->display + " (" + f->field + ", " + f->date.str() + "), then " + g->concept_->display + " recorded as absent (" + g->field +
                                    ", " + g->date.str() + "): no current " + c_.display,
                                ""});
      else
         open.push_back(reading(*fc, f->field + ", " + f->date.str()));
   // A Condition coded as such a finding (SNOMED CT 165816005 "HIV detected") suggests it as well.
   std::set<const Concept*> listed;
   if (ctx_.patient.conditions)
      for (const auto& r : *ctx_.patient.conditions)
         if (r.concept_ && r.concept_->kind == ConceptKind::finding && r.status != RecordStatus::refuted && (!r.start || *r.start <= ctx_.date) &&
             !newest.count(r.concept_) && ctx_.catalogue.suggests(*r.concept_, c_) && !shows(*r.concept_) && listed.insert(r.concept_).second)
            open.push_back(reading(*r.concept_, r.field + (r.start ? ", " + r.start->str() : "")));
   for (const auto& [id, present] : ctx_.patient.findings)
      if (const Concept* f = present ? ctx_.catalogue.concept_(id) : nullptr; f && !newest.count(f) && ctx_.catalogue.suggests(*f, c_) && !shows(*f))
         open.push_back(reading(*f, "findings"));
   return open;
}

Outcome FactQuestion::answer()
{
   if (!c_.sex.empty() && !ctx_.patient.sex.empty() && ctx_.patient.sex != c_.sex)
      return Outcome{Tri::not_met, name_ + ": does not apply (patient is " + ctx_.patient.sex + ")", {}};
   std::string held;  // a recorded finding that does not settle it, for the why
   if (about_now()) {
      if (std::optional<Outcome> o = ever_recorded()) return unanswered(std::move(*o));
      if (std::optional<Outcome> o = recorded_finding(held)) return unanswered(std::move(*o));
      if (std::optional<Outcome> o = member_finding()) return unanswered(std::move(*o));
   }
   if (std::optional<Outcome> o = dated_findings()) return unanswered(std::move(*o));
   // What findings keep open, and what they let go of, for the why.
   for (std::vector<Reading> found : {current_evidence(), suggestions()})
      for (Reading& r : found) {
         if (r.relevance == Relevance::open)
            finding_open_.push_back(std::move(r));
         else
            notes_.push_back(std::move(r.note));
      }
   std::vector<const Record*> recs = records_to_search();
   if (!complete_ && recs.empty() && !finding_open_.empty()) return *open_records(finding_open_, "");
   if (!complete_ && recs.empty()) {
      if (!held.empty()) return not_current(held);
      if (c_.kind == ConceptKind::finding && !p_.allergy) return not_recorded();
      return history_incomplete();
   }
   assemble_regimens(recs);
   if (p_.after) {  // "X after resection": relative_time.cpp
      const bool finding = c_.kind == ConceptKind::finding;
      FactRecords x{name_,
                    list_name_,
                    complete_ && !finding,
                    finding ? "not recorded" : not_complete(),
                    finding ? name_ : list_name_ + " history (for " + name_ + ")",
                    point_event_,
                    {},
                    {}};
      for (const Record* r : recs) {
         Reading reading = read(*r);
         if (reading.relevance == Relevance::counts) x.counted.push_back(r);
         // A record that may or may not be X (a drug whose indication is not recorded, a broader
         // record): it keeps the answer open if it falls in the time.
         if (reading.relevance == Relevance::open) x.doubtful.push_back({r, reading.note, reading.missing});
      }
      return after_event(ctx_, p_, x);
   }
   RecordScan s = scan(recs);
   s.open.insert(s.open.end(), finding_open_.begin(), finding_open_.end());
   notes_.insert(notes_.end(), s.notes.begin(), s.notes.end());
   Outcome o = decide(recs, s, held);
   if (o.result != Tri::met && ctx_.explain && !o.why.empty())
      for (const auto& n : notes_) o.why += "; " + n;
   return o;
}

Outcome FactQuestion::decide(const std::vector<const Record*>& recs, const RecordScan& s, const std::string& held) const
{
   if (p_.window && *p_.window == syntax::Window::Kind::since) return since(recs, s);
   if (std::optional<Outcome> o = on_record(s)) return std::move(*o);
   if (regimen_open_) return Outcome{regimen_open_->result, regimen_open_->why, regimen_open_->missing};  // a leaf: no parts to copy
   if (std::optional<Outcome> o = open_records(s.open)) return std::move(*o);
   if (std::optional<Outcome> o = unsettled(s, held)) return std::move(*o);
   return none_on_record();
}

// An explicit finding settles it, for the concept itself: the native file's findings,
// or the newest dated one (FHIR) on or before the screening date, if it is still current.
// A dated finding that does not settle it (not current, or followed by a later record) is
// kept for the why.
std::optional<Outcome> FactQuestion::recorded_finding(std::string& held) const
{
   std::string conflict;
   const Skipped* unusable = nullptr;
   if (const FindingRecord* f = current_finding(ctx_, c_, &conflict, assessed_from(), &unusable)) {
      const std::string when = " (" + f->field + ", " + f->date.str() + ")";
      if (!conflict.empty())
         return Outcome{Tri::unknown, name_ + ": two records on " + f->date.str() + " disagree (" + conflict + ")", {name_ + " (one confirmed record)"}};
      // An absence may hold for less long than a presence: a woman may conceive weeks after a delivery.
      const std::optional<int> window = !f->present && c_.absent_current_for_days ? c_.absent_current_for_days : c_.current_for_days;
      const bool stale = window && ctx_.date.days() - f->date.days() > *window;
      const bool later = outranked(*f);
      if (!stale && !later) return Outcome{f->present ? Tri::met : Tri::not_met, name_ + ": recorded as " + (f->present ? "present" : "absent") + when, {}};
      held = name_ + ": recorded as " + (f->present ? "present" : "absent") + when +
             (stale ? ", more than " + std::to_string(*window) + " days before screening: not current" : ", and a later record follows");
   }
   if (unusable)
      return Outcome{
          Tri::unknown,
          name_ + ": the latest record (" + unusable->date->str() + ", " + resource_of(unusable->where) + ") was skipped as unusable: " + unusable->reason,
          {name_ + " (a usable record)"}};
   if (auto it = ctx_.patient.findings.find(c_.id); it != ctx_.patient.findings.end())
      return Outcome{it->second ? Tri::met : Tri::not_met, name_ + ": recorded as " + (it->second ? "present" : "absent") + " (findings)", {}};
   return std::nullopt;
}

// A finding recorded as present says nothing of a qualifier: "clinically significant" stays open.
Outcome FactQuestion::unanswered(Outcome o) const
{
   if (!qualifier() || o.result != Tri::met) return o;
   return Outcome{Tri::unknown, o.why + ": whether it is " + is_qualified(p_) + " is not recorded", {"whether " + c_.display + " is " + is_qualified(p_)}};
}

// An absence is outranked by a record of the concept that starts after it.
bool FactQuestion::outranked(const FindingRecord& f) const
{
   if (f.present || !ctx_.patient.conditions) return false;
   for (const auto& r : *ctx_.patient.conditions)
      if (r.concept_ && ctx_.catalogue.is_a(*r.concept_, c_) && r.start && *r.start > f.date && *r.start <= ctx_.date && r.status != RecordStatus::refuted)
         return true;
   return false;
}

// Findings that are class members: one present settles it.
std::optional<Outcome> FactQuestion::member_finding() const
{
   for (const auto& [id, present] : ctx_.patient.findings) {
      const Concept* f = present ? ctx_.catalogue.concept_(id) : nullptr;  // an absent one settles nothing here: no look-up
      if (f && f != &c_ && ctx_.catalogue.is_a(*f, c_)) return Outcome{Tri::met, name_ + ": " + f->display + " recorded as present", {}};
   }
   for (const auto& f : ctx_.patient.finding_history) {
      std::string conflict;  // two records of one day that disagree settle nothing (lapsed())
      if (f.concept_ != &c_ && ctx_.catalogue.is_a(*f.concept_, c_) && current_finding(ctx_, *f.concept_, &conflict, assessed_from()) == &f && f.present &&
          conflict.empty() && !(f.concept_->current_for_days && ctx_.date.days() - f.date.days() > *f.concept_->current_for_days))
         return Outcome{Tri::met, name_ + ": " + f.concept_->display + " recorded as present (" + f.field + ", " + f.date.str() + ")", {}};
   }
   return std::nullopt;
}

// The records to search: the concept's own list, and for history, every other list too: a
// concept counts for its ancestors whatever list it is in (a TACE procedure is an anticancer
// therapy; a FHIR "chemotherapy" Procedure is a treatment). Whether the history is complete
// is still told by the concept's own list.
std::vector<const Record*> FactQuestion::records_to_search() const
{
   std::vector<const Record*> recs;
   if (list_->has_value())
      for (const auto& r : **list_) recs.push_back(&r);
   if (uncoded_)
      if (const auto u = ctx_.patient.unrecognised.find(list_name_); u != ctx_.patient.unrecognised.end())
         for (const auto& r : u->second) recs.push_back(&r);
   // A record that names no catalogue concept and whose text may be the concept (text_may_be). One with a text and no
   // code at all, from any list, as a coded record counts whatever list it is in. Or a condition or procedure whose code
   // is not in the catalogue's lists (no list of codes holds every kind of a class: "Acute myeloid leukemia" under a
   // SNOMED CT code the catalogue does not list is still a malignancy), of the criterion's own list, or a procedure for a
   // treatment ("Antineoplastic chemotherapy (procedure)" for "prior chemotherapy"): its code says what kind of record it
   // is, so a procedure's text says nothing of a condition. A coded medication's text has been read already, for its
   // ingredients' names, unless an ATC code decided it (docs/fhir.md, "By name, for drug ingredients only"). It never
   // meets the criterion; it keeps it open.
   if (!p_.allergy && c_.kind != ConceptKind::finding)
      for (const auto& [list, records] : ctx_.patient.unrecognised) {
         if (list == "allergies" || (uncoded_ && list == list_name_)) continue;
         const bool coded_may_be = list != "medications" && (list == list_name_ || (list == "procedures" && c_.kind == ConceptKind::medication));
         for (const auto& r : records)
            if ((r.text_only || coded_may_be) && text_may_be(r, list)) recs.push_back(&r);
      }
   if (!p_.allergy)
      for (const auto* other : {&ctx_.patient.conditions, &ctx_.patient.medications, &ctx_.patient.procedures})
         if (other != list_ && other->has_value())
            for (const auto& r : **other)
               if (r.concept_ && related(*r.concept_)) recs.push_back(&r);
   return recs;
}

// Whether a FHIR record that names no catalogue concept may be the criterion's concept: one with a text and no code, or
// one whose codes no concept lists. Class words never match by text, so the record never meets it; but no listed code
// says what it is either, so where it may be one the criterion stays open rather than not met (reviews helper-90, -92,
// -93; a coded one: an acute myeloid leukemia under a SNOMED CT code no concept lists is still a malignancy). The
// concepts its text names (Catalogue::concepts_named_in, found once per record when the bundle is read) count as a
// coded record of them would: one that is the criterion's concept or a kind of it, or broader than it ("Liver cancer" may
// be hepatocellular carcinoma; "Breast cancer" is none). A medication with no code may also be any drug of a class: a
// drug Eligo does not know by name may belong to it ("Chemotherapy infusion"). A coded one is not: its code names a
// drug, and the classes list their drugs' codes.
bool FactQuestion::text_may_be(const Record& r, const std::string& list) const
{
   if (r.text_only && list == "medications" && c_.kind == ConceptKind::medication && !c_.ingredient) return true;
   const Catalogue& cat = ctx_.catalogue;
   return std::any_of(r.named_by_text.begin(), r.named_by_text.end(), [&](const Concept* n) { return cat.kind_of(*n, c_) || cat.kind_of(c_, *n); });
}

// A record of concept c bears on the criterion: c is it (or a kind of it), is it for some
// indications, or is broader than it.
bool FactQuestion::related(const Concept& c) const { return ctx_.catalogue.is_a(c, c_) || ctx_.catalogue.is_a_for_indication(c, c_) || broader(c); }

// A record of c is less specific than the criterion: c is a strict ancestor of it ("hepatectomy"
// for "R0 resection", "immunotherapy" for "PD-1 inhibitor"), so the record may or may not be it.
// Findings keep their own rules: they are decided by explicit records only.
bool FactQuestion::broader(const Concept& c) const
{
   if (&c == &c_ || c_.kind == ConceptKind::finding || c.kind == ConceptKind::finding || p_.allergy) return false;
   return ctx_.catalogue.kind_of(c_, c) || ctx_.catalogue.is_a_for_indication(c_, c);
}

// What a less specific record leaves out: "R status of hepatectomy (2026-01-05)".
std::string FactQuestion::refinement(const Record& r) const
{
   const Concept& b = *r.concept_;
   if (!b.specified_by.empty()) return b.specified_by + " of " + record_label(r);
   if (b.kind == ConceptKind::medication) return "the drug given as " + record_label(r);
   return "the kind of " + record_label(r);
}

// Regimens found from their drugs given together count as records of the regimen; all of a
// regimen's drugs on record without telling whether together leave it open; some of them alone
// are not the regimen, and the why says so.
void FactQuestion::assemble_regimens(std::vector<const Record*>& recs)
{
   const auto& regimens = ctx_.catalogue.regimens();
   if (p_.allergy || c_.kind == ConceptKind::finding ||
       std::none_of(regimens.begin(), regimens.end(), [&](const Concept* r) { return ctx_.catalogue.kind_of(*r, c_); }))
      return;
   std::vector<const Record*> usable;
   for (const auto* list : {&ctx_.patient.conditions, &ctx_.patient.medications, &ctx_.patient.procedures})
      if (list->has_value())
         for (const auto& r : **list)
            if (r.concept_ && r.status != RecordStatus::refuted && r.status != RecordStatus::entered_in_error && r.status != RecordStatus::unconfirmed &&
                !(r.start && *r.start > ctx_.date))
               usable.push_back(&r);
   for (auto& f : find_regimens(c_, usable, ctx_.catalogue, ctx_.date)) {
      if (f.state == RegimenFinding::State::together)
         assembled_.push_back(std::move(f.record));
      else if (f.state == RegimenFinding::State::open && !regimen_open_)
         regimen_open_ = Outcome{Tri::unknown, name_ + ": " + f.why, f.missing};
      else if (f.state == RegimenFinding::State::apart)
         notes_.push_back(f.why);
   }
   for (const auto& r : assembled_) recs.push_back(&r);
}

// When a record last applied: a procedure on its date, or a course of one (a period: radiotherapy over weeks, a stay
// in another trial) on its last day; a condition or medication until its end, and up to the screening date while it is
// ongoing (no end). A course that ends after screening was going on at screening (review helper-132: a stay in another
// trial that began three months ago and ends in a week is "within 4 weeks").
std::optional<Date> FactQuestion::last_applied(const Record& r) const
{
   if (point_event_) {
      if (r.end) return std::min(*r.end, ctx_.date);
      if (r.in_progress && (!r.start || *r.start <= ctx_.date)) return ctx_.date;  // under way at screening
      return r.start;
   }
   // A personal history: over by the date it was recorded, whatever its abatement says.
   if (r.history) return history_by(r);
   // An episode (an infarction left active, or abated when a problem list was cleaned up years on): it happened at its
   // onset. An onset known only to its month or year that the window's first day falls inside cannot be placed.
   if (episode_of(r)) {
      if (r.start && p_.window && *r.start <= from_ && onset_latest(r, *r.start) >= from_ && onset_latest(r, *r.start) != *r.start) return std::nullopt;
      return r.start;
   }
   // A Condition that says it holds yet abated before screening (FHIR R4 con-4): when it last held is not recorded.
   if (!r.status_conflict.empty() && r.end && *r.end < ctx_.date) return std::nullopt;
   if (r.end) return std::min(*r.end, ctx_.date);
   // Over, but when is not recorded: only its start is known.
   if (over(r)) return std::nullopt;
   return ctx_.date;  // ongoing
}

// "Other X": a record of the trial's own condition or interventions is not another one.
bool FactQuestion::trials_own(const Concept& c) const
{
   return std::any_of(ctx_.own.begin(), ctx_.own.end(), [&](const Concept* o) { return ctx_.catalogue.is_a(c, *o); });
}

// A spread of some primary cancer (brain metastases): the catalogue's spreads, found when it is indexed.
bool FactQuestion::spread(const Concept& x) const
{
   const auto& spreads = ctx_.catalogue.spreads();
   return std::any_of(spreads.begin(), spreads.end(), [&](const Concept* s) { return ctx_.catalogue.is_a(x, *s); });
}

// "Other X": the trial's own concept that a record of c is broader than ("primary liver cancer"
// for a trial on hepatocellular carcinoma), if any.
const Concept* FactQuestion::own_below(const Concept& c) const
{
   for (const Concept* o : ctx_.own)
      if (o != &c && ctx_.catalogue.is_a(*o, c)) return o;
   return nullptr;
}

// The records that count: not refuted, of the concept or a subclass (or, for a drug whose class
// depends on its indication, given for one that fits), not the trial's own (for "other"), and not
// starting after the screening date. A broader record, a drug without its indication, or (for
// "other") a record that may be the trial's own, is open.
Reading FactQuestion::read(const Record& r) const
{
   if (r.status == RecordStatus::refuted || r.status == RecordStatus::entered_in_error) return {};
   // After the screening date: not yet on record then. A history recorded before it was, whatever onset it gives.
   if (r.start && *r.start > ctx_.date && !(r.history && r.recorded && *r.recorded <= ctx_.date)) return {};
   // A record that names no catalogue concept, for a concept not every record of which would be found by its codes: it
   // may be one, if it falls in the criterion's time.
   if (!r.concept_) {
      if (p_.current)
         if (std::optional<Reading> not_now = at_screening(r)) return not_now->relevance == Relevance::ignored ? Reading{} : std::move(*not_now);
      return Reading{Relevance::open, "", "", &r};
   }
   // A record over before screening is no current X, whichever X it may be ("active malignancy other than HCC" and a
   // resolved or personal-history malignancy) and however broader ("active HCC" and a history of liver cancer).
   if (p_.current && r.status_conflict.empty())
      if (std::optional<Reading> not_now = at_screening(r); not_now && not_now->relevance == Relevance::ignored)
         return record_is_a(ctx_.catalogue, r, c_) || broader(*r.concept_) ? std::move(*not_now) : Reading{};
   if (!record_is_a(ctx_.catalogue, r, c_)) {
      if (p_.allergy) return {};
      if (const std::optional<IndicationReading> ind = read_indication(r, c_, ctx_.catalogue)) {
         if (ind->fit == IndicationReading::Fit::other_use) return {Relevance::ignored, ind->why, ""};
         if (ind->fit == IndicationReading::Fit::open) return {Relevance::open, ind->why, ind->missing};
      }
      else if (broader(*r.concept_))
         return {Relevance::open,
                 describe(r) + (r.text == r.concept_->display ? " is" : " is recorded as " + r.concept_->display + ",") + " broader than " + c_.display +
                     ": it may or may not be one",
                 refinement(r)};
      else
         return {};
   }
   // "malignancy other than hepatocellular carcinoma": a record of the exception does not count; a record that
   // may be one (a plain "malignancy") cannot be told apart.
   for (const Concept* e : p_.except) {
      if (ctx_.catalogue.is_a(*r.concept_, *e)) return {Relevance::ignored, record_label(r) + ": " + e->display + ", which the criterion excepts", ""};
      if (ctx_.catalogue.is_a(*e, *r.concept_))
         return {Relevance::open, record_label(r) + " may be " + e->display + ", which the criterion excepts",
                 "whether " + record_label(r) + " is " + e->display};
   }
   // "Malignancy other than HCC", "other malignancy": brain metastases (a spread of some primary, TNM M1) may be a spread of
   // the cancer the criterion leaves out.
   if (p_.other || !p_.except.empty()) {
      // The cancer left out: the exception, or the trial's condition (never one of its interventions).
      const Concept* left_out = !p_.except.empty() ? p_.except.front() : nullptr;
      if (!left_out)
         for (const Concept* o : ctx_.own)
            if (!left_out && o->kind == ConceptKind::condition) left_out = o;
      if (left_out && !criterion_spread_ && spread(*r.concept_))
         return {Relevance::open, record_label(r) + " may be a spread of " + left_out->display + " or of another " + c_.display,
                 "whether " + record_label(r) + " come from " + left_out->display + " or another " + c_.display};
   }
   if (p_.other) {
      if (trials_own(*r.concept_)) return {};
      // A broader record of the trial's own condition is that condition; of its own drug or procedure, or exactly the
      // criterion's class ("malignancy"), it cannot be told apart.
      if (const Concept* o = own_below(*r.concept_)) {
         if (o->kind == ConceptKind::condition && r.concept_ != &c_)
            return {Relevance::ignored, record_label(r) + ": taken as the trial's own " + o->display, ""};
         return {Relevance::open, record_label(r) + " may be the trial's own " + o->display + " or another " + c_.display,
                 "whether " + record_label(r) + " is the " + o->display + " or another " + c_.display};
      }
   }
   // A Condition that says it holds yet gives an abatement (FHIR R4 con-4): it happened, so it counts for a history and
   // for a window it began in; whether it held later, at screening or inside a window, cannot be told.
   if (!r.status_conflict.empty() && r.end && *r.end < ctx_.date && (p_.current || p_.window || c_.kind == ConceptKind::finding) && !episode_of(r) &&
       !(p_.window && *p_.window == syntax::Window::Kind::within && r.start && *r.start >= from_))
      return {Relevance::open, describe(r) + ": " + r.status_conflict + ": whether it held after " + r.end->str() + " is not recorded",
              "whether " + r.text + " holds after " + r.end->str()};
   // A finding ("pregnant") without a window is about now: only an ongoing record says so,
   // and not one that began longer ago than the finding can last.
   if (c_.kind == ConceptKind::finding && about_now()) {
      const std::optional<Date> last = last_applied(r);
      if (!last || *last < ctx_.date) return {};
      if (c_.current_for_days && !r.end && r.start && ctx_.date.days() - r.start->days() > *c_.current_for_days) return {Relevance::not_current, "", ""};
   }
   // "History of HCC, now recurrent" under the HCC code, active: it happened; whether it holds now, or held inside a
   // window, is open.
   if (!r.history_doubt.empty() && (p_.current || p_.window))
      return {Relevance::open,
              describe(r) + ": its code and status say " + r.concept_->display + " holds, its text begins '" + r.history_doubt +
                  "': whether it still holds is not recorded",
              "whether " + r.text + " still holds"};
   if (p_.current)
      if (std::optional<Reading> not_now = at_screening(r)) return std::move(*not_now);
   if (std::optional<Reading> h = history_in_window(r)) return std::move(*h);
   if (qualifier()) return qualifier_answer(r);
   return {Relevance::counts, "", ""};
}

// A personal history (Record::history) happened on or before the date it was recorded: a window that date falls inside
// ("within 6 months", "less than 4 weeks since", or short of "at least 4 weeks since") cannot be decided from it. A
// record from before the window is decided by its date (last_applied).
std::optional<Reading> FactQuestion::history_in_window(const Record& r) const
{
   if (!r.history || !p_.window) return std::nullopt;
   const std::optional<Date> by = history_by(r);
   bool undecided = true;
   if (by) {
      if (*p_.window == syntax::Window::Kind::within)
         undecided = *by >= from_;
      else {
         const bool long_enough =
             holds(static_cast<double>(ctx_.date.days() - by->days()), p_.window_op, static_cast<double>(ctx_.date.days() - from_.days()), 1e-9);
         undecided = p_.window_op == Comparator::lt || p_.window_op == Comparator::le ? long_enough : !long_enough;
      }
   }
   if (!undecided) return std::nullopt;
   if (!by) return Reading{Relevance::open, r.text + " is a history with no date: when it happened is not recorded", "date of " + r.text};
   return Reading{Relevance::open, r.text + ", recorded on " + by->str() + " as a history: it happened on or before then, when is not recorded",
                  "date of " + r.text};
}

// "concurrent", "active", "at screening" (docs/language.md, "Time scope"): the record applies on the
// screening date. A condition or medication applies until its end, and with no end while its status
// does not say it is over; a procedure on its date, or from its date to its end (a course). Nothing
// when it applies; else why it does not.
std::optional<Reading> FactQuestion::at_screening(const Record& r) const
{
   const Date& today = ctx_.date;
   if (r.history) {
      // Written down as a history only after the screening date: it may still have held then.
      if (const auto by = history_by(r); by && *by > today)
         return Reading{Relevance::open, describe(r) + ", after screening: whether it still held at screening is not recorded",
                        "whether " + r.text + " held at screening"};
      return Reading{Relevance::ignored, describe(r) + ": over before screening", ""};
   }
   if (const Concept* e = episode_of(r)) {
      if (!r.start) return Reading{Relevance::open, r.text + " has no onset date: whether it was at screening is not recorded", "onset date of " + e->display};
      const long youngest = today.days() - onset_latest(r, *r.start).days(), oldest = today.days() - r.start->days();
      if (youngest > *e->episode_days)
         return Reading{Relevance::ignored,
                        describe(r) + ": " + e->display + " is an episode of at most " + std::to_string(*e->episode_days) +
                            " days from its onset, over before screening whatever its record says",
                        ""};
      const Reading onset_open{Relevance::open,
                               describe(r) + (r.onset_open ? ": its onset period has no end: when it began is not recorded"
                                                           : ": its onset is known only to " + onset_span(r, *r.start) + ": it may be after screening"),
                               "onset date of " + e->display};
      if (youngest < 0) return onset_open;
      // Inside its acute course it holds, whatever its status says (an infarction of 10 days marked resolved at discharge).
      if (e->acute_days && oldest <= *e->acute_days) return std::nullopt;
      // An onset known only to its month that may be inside the acute course: the onset decides.
      const bool maybe_acute = e->acute_days && youngest <= *e->acute_days;
      const Reading maybe{Relevance::open,
                          describe(r) + ": its onset is known only to " + onset_span(r, *r.start) + ": it may still be inside its " +
                              std::to_string(e->acute_days.value_or(0)) + "-day acute course",
                          "onset date of " + e->display};
      if (r.end && r.status_conflict.empty()) {
         if (*r.end >= today) return std::nullopt;  // the record says it held at screening
         return maybe_acute ? maybe : Reading{Relevance::ignored, describe(r) + ": over before screening", ""};
      }
      if (!r.end && over(r))
         return maybe_acute ? maybe : Reading{Relevance::ignored, describe(r) + " (" + to_string(r.status) + "): over before screening", ""};
      if (maybe_acute) return maybe;
      return Reading{Relevance::open,
                     describe(r) + ": " + e->display + " began " +
                         (youngest == oldest ? std::to_string(oldest) : std::to_string(youngest) + " to " + std::to_string(oldest)) +
                         " days before screening: whether it still held at screening is not recorded",
                     "whether " + r.text + " held at screening"};
   }
   if (r.end) {
      if (*r.end >= today) return std::nullopt;
      return Reading{Relevance::ignored, describe(r) + ": over before screening", ""};
   }
   if (point_event_) {
      if (r.start && *r.start == today) return std::nullopt;
      if (r.in_progress && (!r.start || *r.start <= today)) return std::nullopt;  // under way at screening
      if (!r.start) return Reading{Relevance::open, r.text + " has no date: whether it was at screening is not recorded", "date of " + r.text};
      return Reading{Relevance::ignored, r.text + " on " + r.start->str() + ": before screening", ""};
   }
   if (over(r)) return Reading{Relevance::ignored, describe(r) + " (" + to_string(r.status) + "): over before screening", ""};
   return std::nullopt;  // ongoing
}

// A qualifier of the fact (docs/language.md, "Qualifier leaves"): the record answers it ("qualifiers":
// {"clinically significant": true}), or it is open.
Reading FactQuestion::qualifier_answer(const Record& r) const
{
   // A no to a qualifier carried from the list's first fact: the reading without it would count the record.
   auto denied = [&]() -> Reading {
      if (p_.carried)
         return {Relevance::open,
                 dated(r) + ": recorded as not " + p_.qualifier + ", but whether '" + p_.qualifier + "' applies to " + c_.display +
                     " as well as to the first item of the list is a matter of reading",
                 "whether the criterion means only " + qualified(p_, c_.display)};
      return {Relevance::ignored, dated(r) + ": recorded as not " + p_.qualifier, ""};
   };
   for (const auto& [name, answer] : r.qualifiers)
      if (const Qualifier* q = ctx_.catalogue.qualifier(name); (q ? q->name() : name) == p_.qualifier) {
         // A carried state ("symptomatic") on a record over before screening: read for this fact, the state is at screening
         // and fails; read for the first fact only, the record counts. The readings differ (review helper-146).
         if (answer && p_.carried && q && q->state && !ongoing(r))
            return {Relevance::open,
                    dated(r) + ": recorded as " + p_.qualifier + ", but it is over before screening, and whether '" + p_.qualifier + "' applies to " +
                        c_.display + " is a matter of reading",
                    "whether the criterion means only " + qualified(p_, c_.display)};
         if (answer) return {Relevance::counts, "", ""};
         return denied();
      }
   // A yes to a narrower qualifier answers a wider one ("histologically confirmed" is "histologically or cytologically
   // confirmed"); a no to every narrower one answers it no; a no to some leaves it open.
   if (const Qualifier* asked = ctx_.catalogue.qualifier(p_.qualifier); asked && !asked->implied_by.empty()) {
      // One bit per narrower qualifier answered no (qualifier_words.cpp allows at most 64).
      std::uint64_t no_bits = 0;
      const std::size_t n = asked->implied_by.size();
      for (const auto& [name, answer] : r.qualifiers) {
         const Qualifier* q = ctx_.catalogue.qualifier(name);
         const std::string& narrower = q ? q->name() : name;
         const auto it = std::find(asked->implied_by.begin(), asked->implied_by.end(), narrower);
         if (it == asked->implied_by.end()) continue;
         if (answer) return {Relevance::counts, "", ""};
         no_bits |= std::uint64_t{1} << (it - asked->implied_by.begin());
      }
      if (no_bits == (n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1)) return denied();
   }
   return {Relevance::open, dated(r) + ": whether it is " + is_qualified(p_) + " is not recorded", "whether " + dated(r) + " is " + is_qualified(p_)};
}

RecordScan FactQuestion::scan(const std::vector<const Record*>& recs) const
{
   RecordScan s;
   for (const Record* rp : recs) {
      const Record& r = *rp;
      Reading reading = read(r);
      const Relevance relevant = reading.relevance;
      if (relevant == Relevance::ignored && !reading.note.empty()) s.notes.push_back(std::move(reading.note));
      if (relevant == Relevance::not_current) s.not_current = s.not_current ? s.not_current : &r;
      if (relevant == Relevance::open) {
         // Only inside the window can it matter.
         const std::optional<Date> last = last_applied(r);
         if (!(p_.window && *p_.window == syntax::Window::Kind::within && last && *last < from_)) s.open.push_back(std::move(reading));
      }
      if (relevant != Relevance::counts) continue;
      if (r.status == RecordStatus::unconfirmed) {
         s.unconfirmed = s.unconfirmed ? s.unconfirmed : &r;
         continue;
      }
      const std::optional<Date> last = last_applied(r);
      if (!last) {
         // A window is still met by a start inside it.
         if (p_.window && *p_.window == syntax::Window::Kind::within && r.start && *r.start >= from_) s.hit = s.hit ? s.hit : &r;
         s.undated = &r;
         continue;
      }
      if (!s.latest_date || *last > *s.latest_date) {
         s.latest_date = last;
         s.latest = &r;
      }
      if (!p_.window || *last >= from_) s.hit = s.hit ? s.hit : &r;
   }
   return s;
}

// A "within" or "since" window that the records cannot decide: a record unconfirmed or without its end, records that may
// or may not be the criterion, or a history that may miss a later one. Nothing when the records decide it.
std::optional<Outcome> FactQuestion::window_undecided(const RecordScan& s, const Record* open, const std::vector<Reading>& unsure,
                                                      const std::string& required) const
{
   if (open && open->status == RecordStatus::unconfirmed)
      return Outcome{Tri::unknown, name_ + ": " + describe(*open) + " is not confirmed (" + open->status_detail + ")" + required, {"confirmation of " + name_}};
   if (open && episode_of(*open)) return Outcome{Tri::unknown, name_ + ": " + episode_when(*open) + required, {"onset date of " + name_}};
   if (open) return Outcome{Tri::unknown, name_ + ": " + describe(*open) + " has no end date" + required, {"end date of " + name_}};
   if (std::optional<Outcome> o = open_records(unsure, required)) return std::move(*o);
   if (!complete_)
      return Outcome{
          Tri::unknown,
          name_ + ": " + (s.latest ? "last " + describe(*s.latest) + ", but " : std::string()) + not_complete() + ", so a later one may be missing" + required,
          {list_name_ + " history (for " + name_ + ")"}};
   return std::nullopt;
}

// "less than 4 weeks since major surgery" is about an X that happened: met by a record of X that
// last applied less than that long before screening; not met when X never happened, or happened
// longer ago.
Outcome FactQuestion::recent(const std::vector<const Record*>& recs, const RecordScan& s) const
{
   const long need = ctx_.date.days() - from_.days();
   auto recent_enough = [&](const Date& d) { return holds(static_cast<double>(ctx_.date.days() - d.days()), p_.window_op, static_cast<double>(need), 1e-9); };
   const Record* hit = nullptr;
   const Record* open = nullptr;
   std::vector<Reading> unsure = finding_open_;  // records that may or may not be the criterion, recent enough; findings that may have held on
   for (const Record* rp : recs) {
      const Record& r = *rp;
      Reading reading = read(r);
      const std::optional<Date> last = last_applied(r);
      if (reading.relevance == Relevance::open) {
         if (!last || recent_enough(*last)) unsure.push_back(std::move(reading));
         continue;
      }
      if (reading.relevance != Relevance::counts) continue;
      if (r.status == RecordStatus::unconfirmed) {
         if (!last || recent_enough(*last)) open = open ? open : &r;  // it may not have happened at all
         continue;
      }
      if (last ? recent_enough(*last) : r.start && recent_enough(*r.start))  // over without an end: it applied at least until its start
         hit = hit ? hit : &r;
      else if (!last)
         open = open ? open : &r;  // over, but when is not recorded
   }
   const std::string required = std::string(", required ") + syntax::symbol(p_.window_op) + " " + window_text(p_);
   if (hit) {
      const std::optional<Date> last = last_applied(*hit);
      const long ago = ctx_.date.days() - (last ? *last : *hit->start).days();
      return Outcome{Tri::met,
                     name_ + ": " + describe(*hit) + (!point_event_ && ongoing(*hit) ? " (ongoing)" : "") + ", " + std::to_string(ago) +
                         " days before screening" + required + ": met",
                     {}};
   }
   if (std::optional<Outcome> o = window_undecided(s, open, unsure, required)) return std::move(*o);
   if (!s.latest) return Outcome{Tri::not_met, "no " + name_ + " on record (" + list_name_ + " taken as complete), so none" + required, {}};
   const long ago = ctx_.date.days() - s.latest_date->days();
   return Outcome{Tri::not_met, name_ + ": last " + describe(*s.latest) + ", " + std::to_string(ago) + " days before screening" + required + ": not met", {}};
}

// "≥ 4 weeks since X": every occurrence must have last applied at least that long ago
// (met when X never happened). Each record is decided on its own, then combined.
Outcome FactQuestion::since(const std::vector<const Record*>& recs, const RecordScan& s) const
{
   if (p_.window_op == Comparator::lt || p_.window_op == Comparator::le) return recent(recs, s);
   const long need = ctx_.date.days() - from_.days();
   auto long_enough = [&](const Date& d) { return holds(static_cast<double>(ctx_.date.days() - d.days()), p_.window_op, static_cast<double>(need), 1e-9); };
   const Record* failing = nullptr;
   const Record* open = nullptr;
   std::vector<Reading> unsure = finding_open_;  // records that may or may not be the criterion, and not long enough ago; findings that may have held on
   for (const Record* rp : recs) {
      const Record& r = *rp;
      Reading reading = read(r);
      if (reading.relevance == Relevance::open) {
         const std::optional<Date> last = last_applied(r);
         if (!(last && long_enough(*last))) unsure.push_back(std::move(reading));
         continue;
      }
      if (reading.relevance != Relevance::counts) continue;
      if (r.status == RecordStatus::unconfirmed) {
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
   const std::string required = std::string(", required ") + syntax::symbol(p_.window_op) + " " + window_text(p_);
   if (failing)
      return Outcome{Tri::not_met, name_ + ": " + describe(*failing) + (!point_event_ && ongoing(*failing) ? " (ongoing)" : "") + required + ": not met", {}};
   if (std::optional<Outcome> o = window_undecided(s, open, unsure, required)) return std::move(*o);
   if (!s.latest) return Outcome{Tri::met, "no " + name_ + " on record (" + list_name_ + " taken as complete)", {}};
   const long ago = ctx_.date.days() - s.latest_date->days();
   return Outcome{Tri::met, name_ + ": last " + describe(*s.latest) + ", " + std::to_string(ago) + " days before screening" + required + ": met", {}};
}

// A record that counts: met, unless the window cannot be checked on it.
std::optional<Outcome> FactQuestion::on_record(const RecordScan& s) const
{
   if (s.hit) {
      const bool still = !point_event_ && ongoing(*s.hit);
      const std::string said = still && assembled(s.hit) ? " (ongoing, given together)" : still ? " (ongoing)" : assembled(s.hit) ? " (given together)" : "";
      return Outcome{Tri::met,
                     name_ + (p_.allergy ? " allergy" : "") + ": " + describe(*s.hit) + said + (p_.window ? ", within " + window_text(p_) : "") +
                         (p_.current ? ", at screening" : "") + (qualifier() ? ", recorded as " + p_.qualifier : ""),
                     {}};
   }
   if (s.undated && p_.window && episode_of(*s.undated))
      return Outcome{Tri::unknown, name_ + ": " + episode_when(*s.undated) + ": cannot check the " + window_text(p_) + " window", {"onset date of " + name_}};
   if (s.undated && p_.window)
      return Outcome{Tri::unknown,
                     name_ + ": " + s.undated->text +
                         (s.undated->status != RecordStatus::active ? " (" + std::string(to_string(s.undated->status)) + ", no end date)" : " has no date") +
                         ": cannot check the " + window_text(p_) + " window",
                     {"date of " + name_}};
   if (s.undated)
      return Outcome{Tri::met, name_ + (p_.allergy ? " allergy" : "") + ": " + describe(*s.undated) + (assembled(s.undated) ? " (given together)" : ""), {}};
   return std::nullopt;
}

// Records that may or may not be the criterion, and nothing that settles it: unknown, with what
// would tell each of them.
std::optional<Outcome> FactQuestion::open_records(const std::vector<Reading>& open, const std::string& tail) const
{
   if (open.empty()) return std::nullopt;
   Outcome o{Tri::unknown, name_ + ": ", {}};
   std::vector<const Record*> unrecognised;
   bool first = true;
   for (const auto& r : open) {
      if (r.unrecognised) {
         unrecognised.push_back(r.unrecognised);
         continue;
      }
      o.why += (first ? "" : "; ") + r.note;
      first = false;
      if (std::find(o.missing.begin(), o.missing.end(), r.missing) == o.missing.end()) o.missing.push_back(r.missing);
   }
   // The records that name no concept, as one item: Eligo cannot tell from codes whether one of them is it.
   if (!unrecognised.empty()) {
      // Up to six of them, dated, with their codes if asked; then how many more.
      const auto listed = [&](const std::vector<const Record*>& rs, bool with_code) {
         const std::size_t k = std::min<std::size_t>(rs.size(), 6);
         std::string w;
         for (std::size_t i = 0; i < k; ++i) {
            const Record& u = *rs[i];
            w += (i ? "; " : "") + (u.start && u.end && *u.start == *u.end ? dated(u) : describe(u)) +
                 (with_code && !u.mapped_by.empty() ? ", " + u.mapped_by : "");
         }
         if (rs.size() > k) w += "; and " + std::to_string(rs.size() - k) + " more, listed by eligo profile";
         return w;
      };
      const std::size_t n = unrecognised.size();
      // A record whose dates cannot be placed before the window keeps it open: it "may fall" in it.
      const std::string when = p_.window    ? "that may fall within " + window_text(p_) + " of " + ctx_.date.str()
                               : p_.current ? "that may be current on " + ctx_.date.str()
                                            : "on record";
      if (uncoded_) {
         const std::string which = listed(unrecognised, false);
         const std::string records = std::to_string(n) + " " + (n == 1 ? singular(list_name_) : list_name_);
         o.why += (first ? "" : "; ") + std::string("Eligo cannot recognise ") + c_.display + " from codes, and " + records + " " + when + " " +
                  (n == 1 ? "names" : "name") + " no catalogue concept (" + which + "): " + (n == 1 ? "it" : "any of them") + " may be one";
         o.missing.push_back(c_.display + ": not recognisable from codes; check the chart and the " + records + " Eligo did not recognise (" + which + ")");
      }
      else {
         // Those with a text and no code, and those whose code the catalogue does not list but whose text may name the
         // concept: one item each.
         std::vector<const Record*> plain, coded;
         for (const Record* u : unrecognised) (u->text_only ? plain : coded).push_back(u);
         for (const bool with_code : {false, true}) {
            const std::vector<const Record*>& rs = with_code ? coded : plain;
            if (rs.empty()) continue;
            const std::string w = listed(rs, with_code);
            const std::size_t k = rs.size();
            const std::string has = with_code ? " a code Eligo does not list and a text that may name " + c_.display + " (" + w + "): Eligo reads codes"
                                              : " a text and no code (" + w + "): Eligo reads codes" +
                                                    (c_.kind == ConceptKind::medication ? " and drug names" : "") + ", not such text";
            o.why += (first ? "" : "; ") + std::to_string(k) + (k == 1 ? " record " : " records ") + (p_.window || p_.current ? when + " " : "") +
                     (k == 1 ? "has" : "have") + has + ", so " + (k == 1 ? "it" : "any of them") + " may be " + c_.display;
            o.missing.push_back("check whether " + w + (with_code ? "" : " (no code)") + (k == 1 ? " is a record of " : " includes a record of ") + c_.display);
            first = false;
         }
      }
   }
   o.why += tail;
   return o;
}

// No record that counts, but something keeps the question open: a record not confirmed, a
// finding or record no longer current, a finding not recorded at all, an incomplete list.
std::optional<Outcome> FactQuestion::unsettled(const RecordScan& s, const std::string& held) const
{
   if (s.unconfirmed)
      return Outcome{
          Tri::unknown, name_ + ": " + describe(*s.unconfirmed) + " is not confirmed (" + s.unconfirmed->status_detail + ")", {"confirmation of " + name_}};
   if (!held.empty()) return not_current(held);
   if (s.not_current)
      return not_current(name_ + ": " + describe(*s.not_current) + " has no end and began more than " + std::to_string(*c_.current_for_days) +
                         " days before screening: not current");
   if (c_.kind == ConceptKind::finding && !p_.allergy) return not_recorded();
   if (!complete_) return history_incomplete();
   return std::nullopt;
}

// Not on a complete list: not met. The why counts what the list holds.
Outcome FactQuestion::none_on_record() const
{
   if (!ctx_.explain) return Outcome{Tri::not_met, "", {}};
   std::set<std::string> resources;  // one FHIR resource can give two records (chemotherapy and radiotherapy)
   if (list_->has_value())
      for (const auto& r : **list_) resources.insert(r.field.empty() ? std::to_string(reinterpret_cast<std::uintptr_t>(&r)) : r.field);
   const auto unmapped = ctx_.patient.unmapped.find(list_name_);
   const int others = unmapped == ctx_.patient.unmapped.end() ? 0 : unmapped->second;
   return Outcome{Tri::not_met,
                  "no " + name_ + (p_.allergy ? " allergy" : "") + " among " + std::to_string(resources.size() + others) + " " + list_name_ +
                      (p_.window ? " within " + window_text(p_) : "") + " (list taken as complete" +
                      (others ? "; " + std::to_string(others) + " of them name no catalogue concept, see eligo profile" : "") + ")",
                  {}};
}

std::string FactQuestion::not_complete() const
{
   if (!list_->has_value()) return "no " + list_name_ + " list given";
   if (ctx_.patient.lists_partial) return "the " + list_name_ + " list is one page of a search result";
   return "a resource of the " + list_name_ + " list could not be read (eligo profile lists it)";
}

Outcome FactQuestion::not_current(const std::string& why) const { return Outcome{Tri::unknown, why, {name_ + " (a current record)"}}; }

Outcome FactQuestion::not_recorded() const { return Outcome{Tri::unknown, name_ + ": not recorded", {name_}}; }

Outcome FactQuestion::history_incomplete() const { return Outcome{Tri::unknown, name_ + ": " + not_complete(), {list_name_ + " history (for " + name_ + ")"}}; }

}  // namespace

// A finding the catalogue says how to compute (tace_refractory, bclc_systemic_failure) is computed
// from the record where it holds the inputs (derived_finding.cpp); "within"/"since" windows and
// allergies read the records as they are.
Outcome Evaluator::fact(const Predicate& p) const
{
   if (p.concept_->derived != DerivedFinding::none && !p.window && !p.allergy) return derived_finding(p);
   return recorded_fact(p);
}

Outcome Evaluator::recorded_fact(const Predicate& p) const { return FactQuestion(ctx_, p).answer(); }

Outcome Evaluator::qualifier(const Predicate& p) const { return FactQuestion(ctx_, p).answer(); }

}  // namespace eligo::evaluation
