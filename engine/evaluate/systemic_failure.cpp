// Failure of systemic therapy recommended by BCLC (Reig M et al., J Hepatol 2022;76:681-693),
// read from the medication list. The regimens BCLC recommends for each line are data: the
// concept's "definition" in concepts.json. How the record is read:
// - courses: medication records of a systemic anticancer drug (the definition's "courses_of",
//   less its "not_courses": interferon is also an antiviral), on or before the screening date;
// - lines: a course's recorded `line`; else, when no course records one, by order of start, the
//   drugs started within `same_line_days` (14) of a line's first drug being that line (a regimen);
// - a line is recommended when its drugs are exactly a regimen BCLC lists for that line number
//   (and, where the list says so, it followed a given first-line regimen, or AFP before it
//   reached a threshold); a regimen BCLC lists only for other lines (regorafenib as first line)
//   leaves it to the investigator (unknown), never a silent no;
// - a recommended line failed when a drug of it was stopped for progression, the whole line was
//   stopped and a drug of it for intolerance, a drug was followed by mRECIST PD, or a dated disease
//   progression falls on treatment: after the line's first day, no later than its last day (or
//   the screening date while it goes on), and before the next line started. It did not fail when every drug was completed or stopped for
//   another reason, or is ongoing with a response other than PD. Otherwise it is not known.
// Met: a recommended line failed. Not met: the list is complete and no recommended line failed or
// can have failed (the why says which courses are outside the list, and why). Otherwise unknown.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/evaluate/derived_finding.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

enum class Listing { listed, not_listed, undetermined };
enum class Failure { failed, not_failed, unknown };

struct Line {
   int number = 0;  // 0: not known
   std::vector<const Record*> courses;
   std::optional<Date> start;
   // Filled by judge():
   Listing listing = Listing::not_listed;
   std::string listing_text;
   std::string listing_missing;
   Failure failure = Failure::unknown;
   std::string failure_text;
   std::string regimen;    // "atezolizumab + bevacizumab"
   bool off_line = false;  // a regimen BCLC lists for other lines only: the investigator's call
};

std::string ordinal(int n)
{
   static const char* names[] = {"", "first", "second", "third", "fourth", "fifth"};
   return n >= 1 && n <= 5 ? names[n] : std::to_string(n) + "th";
}

std::string regimen_text(const std::vector<const Concept*>& drugs)
{
   std::string out;
   for (const Concept* d : drugs) out += (out.empty() ? "" : " + ") + d->display;
   return out;
}

class SystemicFailure {
public:
   SystemicFailure(const EvalContext& ctx, const Concept& c) : ctx_(ctx), cat_(ctx.catalogue), def_(c.definition)
   {
      const auto& meds = ctx.patient.medications;
      complete_ = list_complete(ctx.patient, meds, "medications");
      if (meds)
         for (const auto& r : *meds)
            if (is_course(r)) courses_.push_back(&r);
      for (const auto* list : {&ctx.patient.conditions, &ctx.patient.procedures})
         if (list->has_value())
            for (const auto& r : **list) other_records_ = other_records_ || record_is_a(cat_, r, *def_.courses_of);
   }

   Computed compute()
   {
      Computed k;
      k.definition = definition();
      build_lines();
      progression_ = finding_evidence(ctx_, *cat_.concept_("disease_progression"));
      for (auto& l : lines_) judge(l);
      std::vector<std::string> parts;
      const Line* failed = nullptr;
      bool open = false;
      for (const auto& l : lines_) {
         parts.push_back(line_text(l));
         if (l.listing == Listing::listed && l.failure == Failure::failed) failed = failed ? failed : &l;
         if (l.listing == Listing::not_listed || l.failure == Failure::not_failed) continue;
         if (l.listing == Listing::listed && l.failure == Failure::failed) continue;
         open = true;
         if (l.listing == Listing::undetermined) add_missing(k, l.listing_missing);
         // The record holds the course, and it is contested: a recorded yes/no does not settle it.
         if (l.off_line) k.flag_can_stand = false;
         if (l.failure == Failure::unknown) add_missing(k, "response to " + l.regimen + " (a stop reason, or a dated disease progression)");
      }
      if (courses_.empty()) parts.push_back("no systemic anticancer drug on record");
      k.how = join_parts(parts);
      if (failed) {
         k.result = Tri::met;
         k.missing.clear();
      }
      else if (open)
         k.result = Tri::unknown;
      else if (complete_)
         k.result = Tri::not_met;
      else {
         k.result = Tri::unknown;
         k.how += std::string(ctx_.patient.medications ? " (the medications list is one page of a search result)" : " (no medications list given)");
         add_missing(k, "medications history (for " + std::string("systemic therapy") + ")");
      }
      if (complete_ && courses_.empty()) k.how += " (medications list taken as complete)";
      k.none_at_all = complete_ && courses_.empty() && !other_records_;
      return k;
   }

private:
   bool is_course(const Record& r) const
   {
      if (!record_is_a(cat_, r, *def_.courses_of)) return false;  // a cream of a cytotoxic drug is no course of chemotherapy
      for (const Concept* x : def_.not_courses)
         if (cat_.is_a(*r.concept_, *x)) return false;
      if (r.status == RecordStatus::refuted || r.status == RecordStatus::entered_in_error || r.status == RecordStatus::unconfirmed) return false;
      return !(r.start && *r.start > ctx_.date);
   }

   // Lines: the recorded ones, else by order of start (docs/catalogue.md, "Derived findings").
   void build_lines()
   {
      const bool recorded = std::any_of(courses_.begin(), courses_.end(), [](const Record* r) { return r->line.has_value(); });
      std::map<int, Line> by_number;
      std::vector<const Record*> unplaced;
      if (recorded) {
         for (const Record* r : courses_)
            if (r->line) by_number[*r->line].courses.push_back(r);
         for (const Record* r : courses_) {
            if (r->line) continue;
            const Record* near = nullptr;
            for (const Record* o : courses_)
               if (o->line && o->start && r->start && std::abs(o->start->days() - r->start->days()) <= def_.same_line_days) near = near ? near : o;
            if (near)
               by_number[*near->line].courses.push_back(r);
            else
               unplaced.push_back(r);
         }
      }
      else {
         std::vector<const Record*> dated;
         for (const Record* r : courses_) (r->start ? dated : unplaced).push_back(r);
         std::stable_sort(dated.begin(), dated.end(), [](const Record* a, const Record* b) { return *a->start < *b->start; });
         // An undated course could belong anywhere: then no line's number is known.
         const bool numbered = unplaced.empty();
         int n = 0;
         std::optional<Date> first;
         for (const Record* r : dated) {
            if (!first || r->start->days() - first->days() > def_.same_line_days) {
               ++n;
               first = r->start;
            }
            by_number[n].courses.push_back(r);
         }
         if (!numbered) {
            for (auto& [number, line] : by_number) lines_.push_back(std::move(line));
            by_number.clear();
         }
      }
      for (auto& [number, line] : by_number) {
         line.number = number;
         lines_.push_back(std::move(line));
      }
      for (const Record* r : unplaced) {
         Line l;
         l.courses.push_back(r);
         lines_.push_back(std::move(l));
      }
      for (auto& l : lines_) {
         for (const Record* r : l.courses)
            if (r->start && (!l.start || *r->start < *l.start)) l.start = r->start;
         std::vector<const Concept*> drugs;
         for (const Record* r : l.courses)
            if (std::find(drugs.begin(), drugs.end(), r->concept_) == drugs.end()) drugs.push_back(r->concept_);
         l.regimen = regimen_text(drugs);
      }
   }

   // Whether a line's drugs are exactly the regimen's.
   bool same_drugs(const Line& l, const std::vector<const Concept*>& drugs) const
   {
      for (const Record* r : l.courses)
         if (std::none_of(drugs.begin(), drugs.end(), [&](const Concept* d) { return cat_.is_a(*r->concept_, *d); })) return false;
      for (const Concept* d : drugs)
         if (std::none_of(l.courses.begin(), l.courses.end(), [&](const Record* r) { return cat_.is_a(*r->concept_, *d); })) return false;
      return true;
   }

   const Line* line_numbered(int n) const
   {
      for (const auto& l : lines_)
         if (l.number == n) return &l;
      return nullptr;
   }

   void judge(Line& l)
   {
      listing(l);
      failure(l);
   }

   void listing(Line& l)
   {
      if (l.number == 0) {
         // The line is not known: listed for some line, the course's line decides.
         std::vector<int> lines;
         for (const auto& r : def_.regimens)
            if (same_drugs(l, r.drugs)) lines.insert(lines.end(), r.lines.begin(), r.lines.end());
         if (lines.empty()) {
            l.listing_text = "not a regimen " + def_.name + " recommends for any line";
            return;
         }
         l.listing = Listing::undetermined;
         l.listing_text = def_.name + " recommends it for some lines only, and its line is not known";
         l.listing_missing = "line of therapy of " + l.regimen;
         return;
      }
      std::string why_not;
      for (const auto& r : def_.regimens) {
         if (std::find(r.lines.begin(), r.lines.end(), l.number) == r.lines.end() || !same_drugs(l, r.drugs)) continue;
         std::string condition;
         Listing found = Listing::listed;
         if (!r.after.empty()) {
            const Line* before = line_numbered(l.number - 1);
            const bool ok = before && std::any_of(r.after.begin(), r.after.end(), [&](const auto& a) { return same_drugs(*before, a); });
            std::vector<std::string> names;
            for (const auto& a : r.after) names.push_back(regimen_text(a));
            condition = " after " + join_list(names, "or");
            if (!before) {
               found = Listing::undetermined;
               l.listing_missing = "the " + ordinal(l.number - 1) + "-line therapy before " + l.regimen;
            }
            else if (!ok) {
               // Listed for this line after another first line (regorafenib after lenvatinib, not
               // after sorafenib): the investigator's call, never a silent yes or no.
               l.listing = Listing::undetermined;
               l.off_line = true;
               l.listing_text = def_.name + " recommends it for " + ordinal(l.number) + " line only" + condition + ", and the line before was " +
                                before->regimen + ": whether it counts is the investigator's call";
               l.listing_missing =
                   "investigator's judgement: " + l.regimen + " after " + before->regimen + " (" + def_.name + " recommends it" + condition + ")";
               return;
            }
         }
         if (r.lab) {
            const LabResult* lab = nullptr;
            for (const auto& x : ctx_.patient.labs)  // newest first
               if (x.analyte == r.lab && l.start && x.date <= *l.start && x.comparator.empty() && x.conflict.empty()) {
                  lab = &x;
                  break;
               }
            condition += " with " + r.lab_text;
            if (!lab) {
               found = Listing::undetermined;
               l.listing_missing = r.lab->display + " before " + l.regimen;
            }
            else if (lab->canonical < r.at_least) {
               why_not =
                   def_.name + " recommends it for " + ordinal(l.number) + " line only" + condition + ", and " + observed(*r.lab, *lab) + " before it is below";
               continue;
            }
            else
               condition += " (" + observed(*r.lab, *lab) + ")";
         }
         l.listing = found;
         l.listing_text = def_.name + " recommends it for " + ordinal(l.number) + " line" + condition +
                          (found == Listing::undetermined ? ", which the record does not show" : "");
         if (found == Listing::listed) return;
      }
      if (l.listing == Listing::undetermined) return;
      if (!why_not.empty()) {
         l.listing_text = why_not;
         return;
      }
      // A regimen BCLC lists, given in another line than it lists it for (regorafenib as first
      // line): whether the trial counts it is the investigator's call, never a silent no.
      std::vector<std::string> other_lines;
      for (const auto& r : def_.regimens)
         if (same_drugs(l, r.drugs))
            for (int n : r.lines)
               if (n != l.number && std::find(other_lines.begin(), other_lines.end(), ordinal(n)) == other_lines.end()) other_lines.push_back(ordinal(n));
      if (!other_lines.empty()) {
         l.listing = Listing::undetermined;
         l.off_line = true;
         l.listing_text = def_.name + " recommends " + l.regimen + " for " + join_list(other_lines, "or") + " line, not " + ordinal(l.number) +
                          " line: whether it counts is the investigator's call";
         l.listing_missing = "investigator's judgement: " + l.regimen + " given as " + ordinal(l.number) + " line (" + def_.name + " recommends it for " +
                             join_list(other_lines, "or") + " line)";
         return;
      }
      std::vector<std::string> names;
      for (const auto& r : def_.regimens)
         if (std::find(r.lines.begin(), r.lines.end(), l.number) != r.lines.end() && r.after.empty() && !r.lab) names.push_back(regimen_text(r.drugs));
      for (const auto& r : def_.regimens)
         if (std::find(r.lines.begin(), r.lines.end(), l.number) != r.lines.end() && (!r.after.empty() || r.lab))
            names.push_back(regimen_text(r.drugs) + " (with conditions)");
      l.listing_text = names.empty() ? def_.name + " lists no regimen for " + ordinal(l.number) + " line"
                                     : "not among " + def_.name + "'s " + ordinal(l.number) + "-line regimens (" + join_list(names, "or") + ")";
   }

   // Whether a line failed: progression or intolerance.
   void failure(Line& l)
   {
      // The line is over when none of its drugs goes on (a combination whose bevacizumab was
      // dropped for intolerance goes on with atezolizumab: that is no failure of the line).
      const bool line_over = std::all_of(l.courses.begin(), l.courses.end(), [](const Record* r) { return r->end || is_over(r->status) || r->stop_reason; });
      std::optional<Date> line_end;  // the last day a drug of the line was given; none while it goes on
      if (line_over)
         for (const Record* r : l.courses)
            if (r->end && (!line_end || *r->end > *line_end)) line_end = r->end;
      for (const Record* r : l.courses) {
         if (r->stop_reason == StopReason::progression || (r->stop_reason == StopReason::intolerance && line_over)) {
            l.failure = Failure::failed;
            l.failure_text = r->concept_->display + " stopped for " + to_string(*r->stop_reason);
            return;
         }
         if (r->response == TumourResponse::progressive) {
            l.failure = Failure::failed;
            l.failure_text = r->concept_->display + " followed by progressive disease (mRECIST PD)";
            return;
         }
      }
      // A dated disease progression on treatment, before the next line started.
      if (l.start) {
         std::optional<Date> next;
         for (const auto& o : lines_)
            if (o.start && *o.start > *l.start && (!next || *o.start < *next)) next = o.start;
         // On treatment: after the line's first day (a progression dated on it is the one that
         // led to it), and no later than its last day, or the screening date while it goes on.
         for (const auto& [d, where] : progression_.dated)
            if (d > *l.start && (!line_end || d <= *line_end) && (!next || d < *next)) {
               l.failure = Failure::failed;
               l.failure_text = "disease progression recorded on " + d.str() + " (" + where + ")";
               return;
            }
      }
      bool settled = true;
      std::string how;
      for (const Record* r : l.courses) {
         const bool ongoing = !r->end && !is_over(r->status);
         if (r->stop_reason) {
            how += (how.empty() ? "" : ", ") + r->concept_->display + " stopped: " + to_string(*r->stop_reason);
            continue;
         }
         if (ongoing && r->response) {
            how += (how.empty() ? "" : ", ") + r->concept_->display + " ongoing with " + describe(*r->response);
            continue;
         }
         settled = false;
         how += (how.empty() ? "" : ", ") + r->concept_->display + (ongoing ? " ongoing, no response recorded" : " stopped, no reason recorded");
      }
      if (settled && !progression_.undated.empty()) {
         settled = false;
         how += ", and a disease progression is recorded without a date (" + progression_.undated.front() + ")";
      }
      l.failure = settled ? Failure::not_failed : Failure::unknown;
      l.failure_text = (settled ? "did not fail: " : "") + how + (settled ? "" : ", and no dated disease progression after it");
   }

   std::string line_text(const Line& l) const
   {
      std::string s = (l.number ? ordinal(l.number) + " line" : std::string("line not known")) + ": " + l.regimen;
      if (l.start) s += " from " + l.start->str();
      s += " (" + l.listing_text;
      if (l.listing != Listing::not_listed) s += "; " + (l.failure == Failure::failed ? "failed: " + l.failure_text : l.failure_text);
      return s + ")";
   }

   std::string definition() const
   {
      std::map<int, std::vector<std::string>> by_line;
      for (const auto& r : def_.regimens) {
         std::string s = regimen_text(r.drugs);
         if (r.lab) s += " (" + r.lab_text + ")";
         if (!r.after.empty()) {
            std::vector<std::string> names;
            for (const auto& a : r.after) names.push_back(regimen_text(a));
            s += " after " + join_list(names, "or");
         }
         for (int n : r.lines) by_line[n].push_back(s);
      }
      std::string lists;
      for (const auto& [n, names] : by_line) lists += (lists.empty() ? "" : "; ") + ordinal(n) + " line " + join_list(names, "or");
      return def_.name + ", Reig et al.: a course BCLC recommends for its line of systemic therapy (" + lists +
             ") that failed: a drug stopped for progression, the line stopped for intolerance, mRECIST PD, or a dated disease progression on "
             "treatment (after the line's first day, by its last, before the next line); lines are the record's, else drugs started within " +
             std::to_string(def_.same_line_days) + " days of each other";
   }

   static std::string join_parts(const std::vector<std::string>& parts)
   {
      std::string out;
      for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
      return out;
   }

   static void add_missing(Computed& k, const std::string& m) { evaluation::add_missing(k.missing, m); }

   const EvalContext& ctx_;
   const Catalogue& cat_;
   const FindingDefinition& def_;
   std::vector<const Record*> courses_;
   std::vector<Line> lines_;
   FindingEvidence progression_;
   bool complete_ = false;
   bool other_records_ = false;  // a systemic therapy recorded in another list (a FHIR chemotherapy Procedure)
};

}  // namespace

Computed bclc_systemic_failure(const EvalContext& ctx, const Concept& c) { return SystemicFailure(ctx, c).compute(); }

}  // namespace eligo::evaluation
