// eligo screen, eligo check and eligo eval.
#include "engine/report/screen_report.hpp"

#include "engine/evaluate/evaluator.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/report/answers.hpp"
#include "engine/report/screen_text.hpp"
#include "engine/report/why_text.hpp"

namespace eligo {

void print_json(std::ostream& out, const nlohmann::ordered_json& j) { out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n"; }

namespace {

// What a reader of the verdicts must know about the record itself, above the text report.
void print_warnings(std::ostream& out, const Patient& patient, const Date& date, const std::vector<const Trial*>& trials = {})
{
   for (const auto& w : patient_warnings(patient, date)) out << "WARNING: " << w << "\n";
   if (!trials.empty())
      for (const auto& w : stray_answers(patient, trials)) out << "WARNING: " << w << "\n";
}

}  // namespace

void report_screen(std::ostream& out, const std::vector<Trial>& trials, const Patient& patient, const Date& date, const Catalogue& catalogue, bool json)
{
   std::vector<TrialResult> results;
   for (const auto& t : trials) results.push_back(screen(t, patient, date, catalogue));
   if (!json) {
      std::vector<const Trial*> screened;
      for (const auto& t : trials) screened.push_back(&t);
      print_warnings(out, patient, date, screened);
   }
   rank(results);
   if (json)
      print_json(out, screen_json(patient, date, results));
   else
      print_screen_text(out, patient, date, results);
}

void report_check(std::ostream& out, const Trial& trial, const Patient& patient, const Date& date, const Catalogue& catalogue, bool json)
{
   const TrialResult result = screen(trial, patient, date, catalogue);
   if (!json) print_warnings(out, patient, date, {&trial});
   if (json)
      print_json(out, check_json(patient, date, result));
   else {
      out << "Patient " << patient.id << ", checked on " << date.str() << "\n\n";
      print_trial_text(out, result);
   }
}

void report_eval(std::ostream& out, const Predicate& p, const Patient& patient, const Date& date, const Catalogue& catalogue, bool json,
                 const std::vector<std::string>& unread, const std::vector<std::string>& notes, const std::vector<const Concept*>& own)
{
   auto shown = [&](nlohmann::ordered_json j) {
      if (!unread.empty()) j["unread"] = unread;
      if (!notes.empty()) j["notes"] = notes;
      return j;
   };
   auto lines = [&] {
      for (const auto& n : notes) out << "note: " << n << "\n";
      if (unread.empty()) return;
      out << "unread:";
      for (std::size_t i = 0; i < unread.size(); ++i) out << (i ? ", '" : " '") << unread[i] << "'";
      out << " (not checked: read the criterion's wording)\n";
   };
   // A deceased patient is not screenable, as in screen and check: no criterion is evaluated (docs/cli.md).
   if (deceased_by(patient, date)) {
      if (json)
         print_json(out, shown(not_screenable_eval_json(patient, date, p)));
      else {
         print_warnings(out, patient, date);
         out << "not screenable: " << deceased_text(patient) << "\n";
         out << "compiled: " << to_string(p) << "\n";
         lines();
      }
      return;
   }
   const Outcome o = evaluate(p, EvalContext{patient, date, catalogue, own, std::nullopt, {}});
   if (json)
      print_json(out, shown(eval_json(o, p)));
   else {
      print_why(out, o, "", std::string(in_words(o.result)) + ": ");
      if (!o.missing.empty()) {
         out << "missing:";
         for (const auto& m : o.missing) out << " " << m << ";";
         out << "\n";
      }
      out << "compiled: " << to_string(p) << "\n";
      lines();
   }
}

}  // namespace eligo
