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
      manual,      // a phrase Eligo does not read as a fact, with the reason ("eligible for TACE": what may be done, not what was)
   };
   Kind kind = Kind::all;
   std::size_t begin = 0;  // byte offsets into the criterion text
   std::size_t end = 0;
   std::vector<Node> children;
   // The root only: where a comparison lost its "=" ("WHO < or 2"), read as ≤ or ≥; the binder warns of each as a slip.
   std::vector<std::size_t> lost_equal;

   // quantifier
   enum class Quant { any, all, none } quant = Quant::any;

   // scope (docs/language.md, "Scope: negation, lists, examples, relations")
   // all: the items are joined by commas, semicolons or sentence breaks only, with no 'and' or 'or': the binder reads
   // the list from the section ("pregnant, lactating" in an exclusion is any of them) or makes it manual review.
   bool unjoined = false;
   // all/any: a list of facts written as one item ("hepatitis B, hepatitis C and HIV"), not criteria joined on a line.
   bool fact_list = false;
   // any: the first head_items children are the head, the others its examples ("active infections, including
   // hepatitis B"); the binder leaves out an example the head's concept already covers.
   std::size_t head_items = 0;
   // negate: written as a requirement ("must not have", "should not be", "cannot have"), not as a state ("no X").
   bool requirement = false;
   // negate: the whole line says whom the trial excludes ("Patients with X will be excluded"): in an exclusion section the
   // child is what excludes, in an inclusion section the negation is what is required.
   bool stated_exclusion = false;
   // all: the test in the second child is for patients of the sex in the first ("QTcF > 470 msec (female)", "Hb ≥ 13 g/dL for
   // men"); the binder reads it by the section (docs/language.md, "A threshold for one sex").
   bool sex_scoped = false;
   // all/any: every child is sex_scoped, each for another sex ("≥ 13 g/dL for men, ≥ 12 g/dL for women"): limits by sex, joined
   // by the binder whatever the text joins them with.
   bool sex_partition = false;

   // measure and score
   std::vector<std::string> subjects;  // names as written
   bool subjects_any = false;          // "AST or ALT": one of them; otherwise all of them
   // For each subject after the first: joined to the one before by an explicit "and" ("PT or INR, and PTT": false, true).
   // In a list with "or" the and-words split it into groups of "or" (the binder reads them by section).
   std::vector<bool> subject_and;
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
   std::optional<Cap> cap;  // "A or B (up to B7)": the labels, narrowed
   std::string graded;      // "cirrhosis" in "Child-Pugh C cirrhosis": what the score grades
   // "within 7 days of first dose of study drug": how recent the value must be, before the moment named (for which the
   // screening date stands); `moment` is the moment as written ("first dose of study drug").
   struct Assessment {
      Quantity amount;
      std::string moment;
   };
   std::optional<Assessment> assessed;
   // "Hb ≥ 10 g/dL (≥ 6.2 mmol/L)": the compare threshold written again in another unit; the binder checks that both agree
   std::optional<Quantity> alternative;
   std::optional<Comparator> alternative_op;  // its comparison, when the bracket writes one

   // sex
   std::string sex;  // "female" or "male"

   // fact
   std::string concept_;
   bool other = false;
   bool allergy = false;
   std::optional<Window> window;
   std::optional<Anchor> after;
   std::string reason;        // manual: why the phrase is left to review
   bool chart = false;        // manual: what it asks is a fact of the chart (a transfusion), not a clinician's judgement
   std::string abbreviation;  // "MI" in "myocardial infarction (MI)": the name's abbreviation as written (the binder checks it)
   std::string code_note;     // "C22.0" in "primary liver cancer (ICD 10 is C22.0)": the ICD-10 code the registry gives for the concept
   // Time scope (docs/language.md, "Time scope"): "concurrent", "active", "at screening": the fact
   // holds at the screening date. `scope` is the word as written, for messages.
   bool current = false;
   std::string scope;
   // The time is a moment ("at screening", "at the time of consent"), not a time-scope word ("active"): a procedure at a
   // moment is one done by then (engine/compile/binder.cpp).
   bool moment = false;
   // "on", "taking", "receiving", "currently using": use at the screening date (current), unless a window or an event gives
   // it a time of its own ("receiving sorafenib within 4 weeks"), which then replaces it.
   bool present_use = false;
   std::string history;                  // a history word as written ("prior", "history of"), for messages
   std::vector<std::string> qualifiers;  // "clinically significant": qualifiers the record must answer (docs/language.md, "Qualifier leaves")
   // The qualifiers came from the first fact of a list ("uncontrolled hypertension or heart failure"): whether they apply to
   // this fact too is a question of reading, so a record's "no" to them leaves it open.
   bool carried_qualifiers = false;
   // Qualifiers written after the fact ("infection requiring systemic therapy"): its own, never carried to the next item.
   bool qualifier_after = false;
   std::vector<std::string> except;  // "other than hepatocellular carcinoma": concepts whose records do not count, as written
};

// One-line S-expression of the tree, for golden files and --format json.
std::string to_string(const Node& n);

}  // namespace eligo::syntax
