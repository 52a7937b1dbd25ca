// Bound, typed predicate trees: what the evaluator runs. Every name is
// resolved to a catalogue entry and every threshold is in the analyte's
// canonical unit, with the text as written kept for explanations.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "grammar/syntax.hpp"

namespace eligo {

using syntax::Comparator;

struct Predicate {
   // qualifier: a qualifier of a fact that the record must answer ("clinically significant"); the leaf
   // carries the fact's fields, and is conjoined with the fact (docs/language.md, "Qualifier leaves").
   enum class Kind { all, any, negate, measure, score, sex, fact, manual, lab_window, qualifier };
   Kind kind = Kind::all;
   std::vector<Predicate> children;
   std::string text;  // the source text this node came from

   // measure
   const Analyte* analyte = nullptr;
   enum class Test { compare, range, relative, within_normal } test = Test::compare;
   Comparator op = Comparator::ge;
   double threshold = 0;  // canonical unit; low end of a range
   double high = 0;       // canonical unit; high end of a range
   double written = 0;    // threshold as written, in `unit`
   double written_high = 0;
   bool low_open = false;  // range ends that do not themselves meet it ("18 < age < 75")
   bool high_open = false;
   // age: "over 18 years" as the youngest a trial admits is older than 18 years, from the day after the 18th birthday
   // (exact age); as the oldest it excludes ("Age > 70" among exclusions, "no older than 75") it counts completed years, so
   // a 70-year-old is admitted until the 71st birthday, as "≤ 70" admits her (age_sex.cpp; review helper-128).
   bool older_than = false;
   Unit unit;           // unit as written (normalised)
   bool molar = false;  // the threshold was converted through the molar mass
   double factor = 1;   // relative: × ULN / LLN
   bool upper = true;

   // measure (other than age) and score: "within 7 days of first dose of study drug". The value must be dated within
   // this time before the screening date, which stands for the moment named (docs/language.md, "Assessment windows").
   int assessed_within = 0;      // 0: no window of its own (a lab still has the trial's lab window)
   std::string assessed_unit;    // "d", "wk", "mo", "a"
   std::string assessed_moment;  // as written, for the why: "first dose of study drug"

   // score
   const Score* score = nullptr;
   std::vector<std::pair<int, int>> accepted;  // ordinal ranges that meet it
   std::string accepted_text;                  // "A or B7"

   // sex
   std::string sex;

   // fact
   const Concept* concept_ = nullptr;
   bool other = false;
   bool allergy = false;
   std::optional<syntax::Window::Kind> window;
   Comparator window_op = Comparator::le;
   int window_amount = 0;
   std::string window_unit;  // "d", "wk", "mo", "a"
   // "after resection", "postoperative", "within 4 weeks of surgery": the fact in time relative to
   // the patient's own latest record of an event (engine/evaluate/relative_time.cpp)
   struct EventAnchor {
      const Concept* event = nullptr;  // a procedure: hepatectomy for "resection", surgery for "postoperative"
      std::string written;             // the event as the criterion names it, for the why: "resection", "surgery"
      std::optional<Comparator> op;    // with amount: ≤ or < within that time after the event; ≥ or > at least that long after it
      int amount = 0;
      std::string unit;  // "d", "wk", "mo", "a"
   };
   std::optional<EventAnchor> after;
   // "concurrent", "active", "at screening": the fact must hold at the screening date
   // (docs/language.md, "Time scope"); `scope` is the word as written
   bool current = false;
   std::string scope;
   // "malignancy other than hepatocellular carcinoma": records of these (or narrower) do not count
   // (docs/language.md, "Exceptions")
   std::vector<const Concept*> except;

   // qualifier
   std::string qualifier;  // "clinically significant"
   // Written after the fact ("infection requiring systemic therapy"): the why names it there too (qualifier_words.json "after").
   bool qualifier_after = false;
   // A qualifier the first fact of a list carried to this one ("uncontrolled severe hypertension or congestive heart failure":
   // is any heart failure meant, or only an uncontrolled one?). A record that answers it no leaves it open, so the leaf is
   // met or unknown where the two readings differ, never the "not met" of one of them (review helper-141).
   bool carried = false;

   // lab window ("labs within 14 days")
   int lab_window_days = 0;

   // manual review
   std::string reason;
   // What it asks is looked up in the chart ("(transfusion independent)": transfusion records), not a clinician's judgement:
   // its missing item says "from the chart: …", so the criterion's open kind is data.
   bool chart = false;
};

std::string to_string(const Predicate& p);  // one-line S-expression, for goldens and --format json

}  // namespace eligo
