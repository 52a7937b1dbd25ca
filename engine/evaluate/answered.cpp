#include "engine/evaluate/answered.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>

#include "engine/core/error.hpp"
#include "engine/core/units.hpp"

namespace eligo {

AskedValue asked_value(const Criterion& c)
{
   AskedValue v;
   const Predicate& p = c.predicate;
   if (p.kind == Predicate::Kind::measure && p.analyte && (p.test == Predicate::Test::compare || p.test == Predicate::Test::range)) {
      v.test = &p;
      v.unit = p.unit.code.empty() ? p.analyte->canonical.code : p.unit.code;
      v.type = p.analyte->canonical.dim.dimensionless() && (v.unit.empty() || v.unit == "1") ? Answer::Type::number : Answer::Type::quantity;
   }
   else if (p.kind == Predicate::Kind::score && p.score && p.score->numeric_labels) {
      v.test = &p;
      v.type = Answer::Type::number;
   }
   return v;
}

bool names_trial(const std::string& id, const std::string& trial_id)
{
   if (id.size() < trial_id.size() + 9 || id.compare(0, trial_id.size(), trial_id) != 0 || id[trial_id.size()] != '-') return false;
   const std::size_t h = trial_id.size() + 1;
   for (std::size_t i = h; i < h + 8; ++i)
      if (!std::isxdigit(static_cast<unsigned char>(id[i]))) return false;
   if (id.size() == h + 8) return true;
   if (id[h + 8] != '-' || id.size() == h + 9) return false;
   for (std::size_t i = h + 9; i < id.size(); ++i)
      if (!std::isdigit(static_cast<unsigned char>(id[i]))) return false;
   return true;
}

namespace {

const char* type_words(Answer::Type t)
{
   switch (t) {
      case Answer::Type::boolean: return "a yes/no answer (true or false)";
      case Answer::Type::number: return "a number";
      case Answer::Type::quantity: return "a quantity {\"value\", \"unit\"}";
      case Answer::Type::date: return "a date";
   }
   return "a yes/no answer";
}

bool compare(double x, Comparator op, double t)
{
   switch (op) {
      case Comparator::ge: return x >= t;
      case Comparator::gt: return x > t;
      case Comparator::le: return x <= t;
      case Comparator::lt: return x < t;
      case Comparator::eq: return x == t;
      case Comparator::ne: return x != t;
   }
   return false;
}

// The value's result under the criterion's test, or a reason it cannot be put to it.
struct Settled {
   Tri result = Tri::unknown;
   std::string text;     // "7.5 g/dL ≥ 5 g/dL"
   std::string problem;  // the value does not fit the test
};

Settled settle_value(const Answer& a, const AskedValue& asked)
{
   Settled s;
   const Predicate& p = *asked.test;
   if (p.kind == Predicate::Kind::score) {
      if (a.number != std::floor(a.number)) {
         s.problem = p.score->display + " takes a whole number, not " + a.text;
         return s;
      }
      const int n = static_cast<int>(a.number);
      if (n < p.score->min || n > p.score->max) {
         s.problem = p.score->display + " " + a.text + " is outside its range " + std::to_string(p.score->min) + "–" + std::to_string(p.score->max);
         return s;
      }
      bool met = false;
      for (const auto& [lo, hi] : p.accepted) met = met || (n >= lo && n <= hi);
      s.result = met ? Tri::met : Tri::not_met;
      s.text = p.score->display + " " + a.text + (met ? " is " : " is not ") + p.accepted_text;
      return s;
   }
   double canonical = a.number;
   const Analyte& an = *p.analyte;
   if (a.type == Answer::Type::quantity) {
      try {
         canonical = convert(a.number, an.unit(a.unit), an.canonical, an.molar_mass).value;
      }
      catch (const UnitError& e) {
         s.problem = "'" + a.unit + "' does not fit " + an.display + ": " + e.what();
         return s;
      }
   }
   bool met = false;
   std::string test;
   const std::string unit = display_unit(p.unit.code);
   auto num = [](double x) {
      char b[32];
      std::snprintf(b, sizeof b, "%g", x);
      return std::string(b);
   };
   if (p.test == Predicate::Test::range) {
      met = (p.low_open ? canonical > p.threshold : canonical >= p.threshold) && (p.high_open ? canonical < p.high : canonical <= p.high);
      test = num(p.written) + "–" + num(p.written_high) + " " + unit;
   }
   else {
      met = compare(canonical, p.op, p.threshold);
      test = std::string(symbol(p.op)) + " " + num(p.written) + " " + unit;
   }
   s.result = met ? Tri::met : Tri::not_met;
   s.text = an.display + " " + a.text + (met ? " meets " : " does not meet ") + test;
   return s;
}

}  // namespace

void apply_answer(const Criterion& c, const Trial& trial, bool answerable, const EvalContext& ctx, Outcome& outcome, std::vector<AnswerNote>& notes,
                  std::string& said)
{
   const Answer* newest = nullptr;
   for (const Answer& a : ctx.patient.answers) {
      if (a.criterion != c.id) continue;
      if (ctx.date < a.date) {
         notes.push_back({a.criterion, a.field, "answered on " + a.date.str() + ", after the screening date " + ctx.date.str() + ": not used"});
         continue;
      }
      if (!newest || newest->date <= a.date) newest = &a;
   }
   if (!newest) return;
   const Answer& a = *newest;
   for (const Answer& other : ctx.patient.answers)
      if (&other != &a && other.criterion == c.id && other.date <= ctx.date)
         notes.push_back({other.criterion, other.field, "an older answer than the one in " + a.field + " (" + a.date.str() + "): not used"});
   if (c.kind == CriterionKind::enrolment) {
      notes.push_back({a.criterion, a.field, "the criterion is checked at enrolment, not at screening: the answer is not used"});
      return;
   }
   if (!answerable) {
      notes.push_back({a.criterion, a.field, "the criterion is data to collect (" + c.kind_reason + "), not a question: the answer is not used"});
      return;
   }
   const AskedValue asked = asked_value(c);
   const bool typed_ok = a.type == asked.type;
   if (!typed_ok) {
      const std::string message = c.id + " asks for " + type_words(asked.type) + ", not " + type_words(a.type) + " (" + a.text + ")";
      if (a.native) {
         Location where = Location::entry("", a.field + ".answer");
         where.patient = ctx.patient.id;
         throw InputError(std::move(where), message);
      }
      notes.push_back({a.criterion, a.field, message + ": not used"});
      said = "the answer in " + a.field + " is not used: " + message;
      if (ctx.explain && outcome.result == Tri::unknown) outcome.why += "; " + said;
      return;
   }
   const long age = ctx.date.days() - a.date.days();
   const std::string who = "answered by " + a.by + " on " + a.date.str();
   if (age > trial.answers_valid_days) {
      said = "the answer " + a.text + " (" + who + ") is stale: " + std::to_string(age) + " days old on " + ctx.date.str() + ", and " + trial.id +
             " takes answers of at most " + std::to_string(trial.answers_valid_days) + " days";
      if (outcome.result == Tri::unknown && ctx.explain)
         outcome.why += "; " + said;
      else if (outcome.result != Tri::unknown)
         notes.push_back({a.criterion, a.field, "stale (" + std::to_string(age) + " days old), and the record settles the criterion"});
      return;
   }
   Settled s;
   if (asked.type == Answer::Type::boolean) {
      s.result = a.yes ? Tri::met : Tri::not_met;
      s.text = a.yes ? "yes, the criterion holds" : "no, the criterion does not hold";
   }
   else
      s = settle_value(a, asked);
   if (!s.problem.empty()) {
      const std::string message = c.id + ": " + s.problem;
      if (a.native) {
         Location where = Location::entry("", a.field + ".answer");
         where.patient = ctx.patient.id;
         throw InputError(std::move(where), message);
      }
      notes.push_back({a.criterion, a.field, message + ": not used"});
      return;
   }
   if (outcome.result == Tri::unknown) {
      const std::string from_record = outcome.why;
      outcome.result = s.result;
      outcome.missing.clear();
      outcome.combination.reset();
      said = who + ": " + s.text;
      if (ctx.explain) outcome.why = said + (from_record.empty() ? "" : " (the record alone: " + from_record + ")");
   }
   else if (outcome.result == s.result) {
      said = who + ": " + s.text + " (the record agrees)";
      if (ctx.explain) outcome.why += "; " + who + " agrees: " + s.text;
   }
   else {
      const std::string from_record = outcome.why;
      const Tri recorded = outcome.result;
      outcome.result = Tri::unknown;
      outcome.missing.clear();
      outcome.combination.reset();
      said = "the record and the answer disagree: " + who + ": " + s.text + ", but the record says " + in_words(recorded) + "; ask again";
      if (ctx.explain)
         outcome.why = std::string("the record and the answer disagree: the record says ") + in_words(recorded) + " (" + from_record + "), but " + who + ": " +
                       s.text + "; ask again";
   }
}

std::vector<AnswerNote> unmatched_answers(const Trial& trial, const Patient& p)
{
   std::vector<AnswerNote> notes;
   for (const Answer& a : p.answers) {
      if (!names_trial(a.criterion, trial.id)) continue;
      bool top = false;
      const Criterion* parent = nullptr;
      for (const Criterion& c : trial.criteria) {
         if (c.id == a.criterion) top = true;
         std::function<bool(const Criterion&)> nested = [&](const Criterion& x) {
            for (const Criterion& ch : x.children)
               if (ch.id == a.criterion || nested(ch)) return true;
            return false;
         };
         if (!top && !parent && nested(c)) parent = &c;
      }
      if (top) continue;
      if (parent)
         notes.push_back(
             {a.criterion, a.field, "a nested item of " + parent->id + " (line " + std::to_string(parent->line) + "): answer that criterion as a whole"});
      else
         notes.push_back(
             {a.criterion, a.field,
              "no criterion of " + trial.id + " has this id (its wording may have changed; eligo questions " + trial.id + " lists the current ids)"});
   }
   return notes;
}

}  // namespace eligo
