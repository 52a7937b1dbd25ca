// The syntax tree of one criterion: what the text says, before binding.
// Names are still words ("PLT") and units still strings ("×10^9/L"); the
// binder (engine/binder.cpp) resolves them against the catalogue.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace eligo::syntax {

enum class Comparator { ge, gt, le, lt, eq, ne };

const char* symbol(Comparator c);  // "≥", ">", ...

struct Number {
   double value = 0;
   std::string text;  // as written: "75,000", "1,5"
};

struct Quantity {
   Number number;
   std::string unit;  // as written, may be empty
};

// A time window on a clinical fact: "within 3 months", "≥ 4 weeks since".
struct Window {
   enum class Kind { within, since } kind = Kind::within;
   Comparator op = Comparator::le;  // for since: how long ago the last occurrence must be
   Quantity amount;
};

// A fact's time relative to an event of the patient's own: "after resection", "postoperative",
// "within 4 weeks of surgery", "4 weeks or more after hepatectomy".
struct Anchor {
   std::string event;             // the event's name as written ("resection"); empty for "postoperative"
   std::optional<Comparator> op;  // with amount: ≤ or < "within" that time after the event, ≥ or > "at least" that long after it
   Quantity amount;
   std::size_t at = 0;  // byte offset of the event's name (or of "postoperative"), for errors
};

struct Node {
   enum class Kind {
      all,         // conjunction: every child
      any,         // disjunction: one child at least
      negate,      // not, no, without
      quantifier,  // "any of the following:" with inline items or nested bullets
      measure,     // a lab or other measure against a threshold
      score,       // an ordinal score against labels
      sex,
      fact,        // a clinical concept from the vocabulary
      lab_window,  // "labs within 14 days": lab values must be recent (window in `window`)
   };
   Kind kind = Kind::all;
   std::size_t begin = 0;  // byte offsets into the criterion text
   std::size_t end = 0;
   std::vector<Node> children;

   // quantifier
   enum class Quant { any, all, none } quant = Quant::any;

   // measure and score
   std::vector<std::string> subjects;  // names as written
   bool subjects_any = false;          // "AST or ALT": one of them; otherwise all of them
   enum class Test { compare, range, relative, within_normal, labels, label_range } test = Test::compare;
   Comparator op = Comparator::ge;
   Quantity value;         // compare; low end of a range
   Quantity high;          // high end of a range
   bool low_open = false;  // "18 < age": the low end itself does not meet it
   bool high_open = false;
   bool upper = true;                // relative: ULN (true) or LLN (false)
   std::vector<std::string> labels;  // score labels, or the two ends of a label range
   bool op_missing = false;          // "Hemoglobin 8.5 g/dl": no comparison in the text (the binder may infer one)
   struct Cap {
      Comparator op = Comparator::le;
      std::string label;
   };
   std::optional<Cap> cap;        // "A or B (up to B7)": the labels, narrowed
   std::string graded;            // "cirrhosis" in "Child-Pugh C cirrhosis": what the score grades
   std::string unchecked_timing;  // "within 7 days of first dose": when the registry assesses it; not checked

   // sex
   std::string sex;  // "female" or "male"

   // fact
   std::string concept_;
   bool other = false;
   bool allergy = false;
   std::optional<Window> window;
   std::optional<Anchor> after;
   // Time scope (docs/language.md, "Time scope"): "concurrent", "active", "at screening": the fact
   // holds at the screening date. `scope` is the word as written, for messages.
   bool current = false;
   std::string scope;
   std::string history;                  // a history word as written ("prior", "history of"), for messages
   std::vector<std::string> qualifiers;  // "clinically significant": qualifiers the record must answer (docs/language.md, "Qualifier leaves")
   std::vector<std::string> except;      // "other than hepatocellular carcinoma": concepts whose records do not count, as written
};

// One-line S-expression of the tree, for golden files and --format json.
std::string to_string(const Node& n);

}  // namespace eligo::syntax
