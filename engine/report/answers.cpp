#include "engine/report/answers.hpp"

#include <algorithm>

#include "engine/report/results_json.hpp"

namespace eligo {

using json = nlohmann::ordered_json;

std::vector<std::string> patient_warnings(const Patient& p, const Date& date)
{
   std::vector<std::string> w;
   if (deceased_by(p, date))
      w.push_back("the patient is recorded as " + deceased_text(p) + ": not screenable, no criterion is evaluated");
   else if (p.deceased)
      w.push_back("the patient is recorded as " + deceased_text(p) + ", after the screening date " + date.str() + ": screened as alive on that date");
   if (p.lists_partial) w.push_back("the bundle is one page of a search result: no history list is taken as complete");
   if (!p.skipped.empty())
      w.push_back(std::to_string(p.skipped.size()) + (p.skipped.size() == 1 ? " element of the record was" : " elements of the record were") +
                  " skipped as unusable (the first: " + p.skipped.front().where + ": " + p.skipped.front().reason +
                  "); criteria that need them are unknown; eligo profile lists them");
   return w;
}

std::vector<std::string> stray_answers(const Patient& p, const std::vector<const Trial*>& trials)
{
   std::vector<std::string> w;
   for (const Answer& a : p.answers)
      if (std::none_of(trials.begin(), trials.end(), [&](const Trial* t) { return names_trial(a.criterion, t->id); }))
         w.push_back("the answer in " + a.field + " (" + a.criterion + ") names no criterion of " +
                     (trials.size() == 1 ? trials.front()->id : std::string("the trials screened")) + ": not used");
   return w;
}

namespace {

std::vector<std::string> warnings_of(const Patient& patient, const Date& date, const std::vector<const Trial*>& trials)
{
   std::vector<std::string> w = patient_warnings(patient, date);
   for (auto& s : stray_answers(patient, trials)) w.push_back(std::move(s));
   return w;
}

}  // namespace

json screen_json(const Patient& patient, const Date& date, const std::vector<TrialResult>& results)
{
   json j = {{"patient", patient.id}, {"date", date.str()}, {"trials", json::array()}};
   std::vector<const Trial*> trials;
   for (const auto& r : results) trials.push_back(r.trial);
   if (auto w = warnings_of(patient, date, trials); !w.empty()) j["warnings"] = w;
   for (const auto& r : results) j["trials"].push_back(to_json(r));
   return j;
}

json check_json(const Patient& patient, const Date& date, const TrialResult& result)
{
   json j = to_json(result);
   j["patient"] = patient.id;
   j["date"] = date.str();
   if (auto w = warnings_of(patient, date, {result.trial}); !w.empty()) j["warnings"] = w;
   return j;
}

json eval_json(const Outcome& o, const Predicate& p)
{
   json j = {{"result", to_string(o.result)}, {"why", o.why}, {"missing", o.missing}};
   add_parts(j, o);
   j["tree"] = to_json(p);
   return j;
}

json not_screenable_eval_json(const Patient& patient, const Date& date, const Predicate& p)
{
   const std::string reason = deceased_text(patient);
   json j = {{"result", to_string(Verdict::not_screenable)}, {"reason", reason}, {"why", "not screenable: " + reason}, {"missing", json::array()}};
   j["warnings"] = patient_warnings(patient, date);
   j["tree"] = to_json(p);
   return j;
}

}  // namespace eligo
