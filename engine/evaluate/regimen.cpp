#include "engine/evaluate/regimen.hpp"

#include <algorithm>
#include <optional>

#include "engine/evaluate/indication.hpp"

namespace eligo::evaluation {

namespace {

// The components as the why names them: "oxaliplatin + fluorouracil + leucovorin".
std::string component_names(const Concept& regimen, const char* sep)
{
   std::string out;
   for (std::size_t i = 0; i < regimen.components.size(); ++i) {
      std::string n = regimen.components[i];
      std::replace(n.begin(), n.end(), '_', ' ');
      out += (i == 0 ? "" : sep) + n;
   }
   return out;
}

// When a record's course ended: its end; the screening date while it is ongoing; unknown when
// it is over without an end date.
std::optional<Date> course_end(const Record& r, const Date& screening)
{
   if (r.end) return std::min(*r.end, screening);
   if (is_over(r.status)) return std::nullopt;
   return screening;
}

struct Combination {
   RegimenFinding::State state = RegimenFinding::State::apart;
   std::string why;
   std::vector<std::string> missing;
};

// Whether one record per component were given together.
Combination judge(const std::vector<const Record*>& pick, const Date& screening)
{
   Combination c;
   for (const Record* r : pick)
      if (!r->start) c.missing.push_back("start date of " + record_label(*r));
   if (!c.missing.empty()) {
      c.state = RegimenFinding::State::open;
      c.why = "a record has no start date, so whether they were given together cannot be told";
      return c;
   }
   const auto [first, last] = std::minmax_element(pick.begin(), pick.end(), [](const Record* a, const Record* b) { return *a->start < *b->start; });
   const Date latest_start = *(*last)->start;
   if (latest_start.days() - (*first)->start->days() > regimen_start_days) {
      c.why = record_label(**first) + " and " + record_label(**last) + " started more than " + std::to_string(regimen_start_days) + " days apart";
      return c;
   }
   for (const Record* r : pick) {
      const std::optional<Date> end = course_end(*r, screening);
      if (end && *end < latest_start) {
         c.why = record_label(*r) + " ended on " + end->str() + ", before " + record_label(**last) + " started";
         return c;
      }
      if (!end && *r->start < latest_start) c.missing.push_back("end date of " + record_label(*r));
   }
   if (!c.missing.empty()) {
      c.state = RegimenFinding::State::open;
      c.why = "a record that started first has no end date, so whether the courses overlapped cannot be told";
      return c;
   }
   c.state = RegimenFinding::State::together;
   return c;
}

// The regimen as one course: from the first start to the last end (none while one is ongoing).
Record regimen_course(const Concept& regimen, const std::vector<const Record*>& pick)
{
   Record rec;
   rec.concept_ = &regimen;
   rec.text = component_names(regimen, " + ");
   rec.status = RecordStatus::completed;
   bool ongoing = false, end_unknown = false;
   for (const Record* r : pick) {
      if (!rec.start || *r->start < *rec.start) rec.start = r->start;
      if (r->end) {
         if (!rec.end || *r->end > *rec.end) rec.end = r->end;
      }
      else if (is_over(r->status))
         end_unknown = true;
      else
         ongoing = true;
      rec.field += (rec.field.empty() ? "" : ", ") + r->field;
   }
   if (ongoing) {
      rec.end.reset();
      rec.status = RecordStatus::active;
   }
   else if (end_unknown)
      rec.end.reset();  // over, but when the last of them ended is not known
   return rec;
}

}  // namespace

std::vector<RegimenFinding> find_regimens(const Concept& criterion, const std::vector<const Record*>& records, const Catalogue& catalogue,
                                          const Date& screening)
{
   std::vector<RegimenFinding> out;
   for (const Concept* regimen : catalogue.regimens()) {
      if (!catalogue.kind_of(*regimen, criterion)) continue;
      // Its components already count for the criterion on their own ("chemotherapy"): nothing to add.
      if (std::any_of(regimen->parts.begin(), regimen->parts.end(), [&](const Concept* part) { return catalogue.is_a(*part, criterion); })) continue;
      std::vector<std::vector<const Record*>> by_part;
      std::vector<std::string> present, absent;
      for (std::size_t i = 0; i < regimen->parts.size(); ++i) {
         std::vector<const Record*> recs;
         for (const Record* r : records)
            if (r->concept_ && r->concept_ != regimen && catalogue.is_a(*r->concept_, *regimen->parts[i])) recs.push_back(r);
         (recs.empty() ? absent : present).push_back(regimen->components[i]);
         by_part.push_back(std::move(recs));
      }
      if (present.empty()) continue;
      RegimenFinding f;
      f.regimen = regimen;
      if (!absent.empty()) {
         auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (std::size_t i = 0; i < v.size(); ++i) s += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
            std::replace(s.begin(), s.end(), '_', ' ');
            return s;
         };
         f.why = join(present) + " on record without " + join(absent) + ": not the " + regimen->display;
         out.push_back(std::move(f));
         continue;
      }
      // Every combination of one record per component (bounded: history lists are short).
      std::vector<std::size_t> at(by_part.size(), 0);
      std::optional<Combination> open, apart;
      int tried = 0;
      for (bool more = true; more && tried < 4096; ++tried) {
         std::vector<const Record*> pick;
         for (std::size_t i = 0; i < by_part.size(); ++i) pick.push_back(by_part[i][at[i]]);
         Combination c = judge(pick, screening);
         if (c.state == RegimenFinding::State::together) {
            RegimenFinding t;
            t.regimen = regimen;
            t.state = RegimenFinding::State::together;
            t.record = regimen_course(*regimen, pick);
            out.push_back(std::move(t));
         }
         else if (c.state == RegimenFinding::State::open && !open)
            open = std::move(c);
         else if (c.state == RegimenFinding::State::apart && !apart)
            apart = std::move(c);
         more = false;
         for (std::size_t i = 0; i < at.size() && !more; ++i) {
            if (++at[i] < by_part[i].size())
               more = true;
            else
               at[i] = 0;
         }
      }
      if (std::any_of(out.begin(), out.end(), [&](const RegimenFinding& x) { return x.regimen == regimen && x.state == RegimenFinding::State::together; }))
         continue;
      if (open) {
         f.state = RegimenFinding::State::open;
         f.why = component_names(*regimen, ", ") + " are each on record, but " + open->why;
         f.missing = open->missing;
      }
      else
         f.why = component_names(*regimen, ", ") + " are each on record, but not given together: " + apart->why;
      out.push_back(std::move(f));
   }
   return out;
}

}  // namespace eligo::evaluation
