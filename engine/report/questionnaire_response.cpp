#include "engine/report/questionnaire_response.hpp"

#include <cmath>

#include "engine/evaluate/answered.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

namespace {

using ojson = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& field, const std::string& what) { throw InputError(Location::entry("answers", field), what); }

// The answer's value as the native format writes it.
nlohmann::json native_value(const Answer& a)
{
   switch (a.type) {
      case Answer::Type::boolean: return a.yes;
      case Answer::Type::number: return a.number;
      case Answer::Type::quantity: return {{"value", a.number}, {"unit", a.unit}};
      case Answer::Type::date: return a.date_value.str();
   }
   return nullptr;
}

}  // namespace

ojson read_questionnaire_responses(const nlohmann::json& document, const std::vector<const Trial*>& trials, const Catalogue& catalogue)
{
   if (!document.is_object()) fail("(document)", "expected a QuestionnaireResponse, or a Bundle holding some");
   const std::string type = document.value("resourceType", std::string());
   // The reader is the patient bundle's (engine/patient/fhir_reader.cpp): the responses go into a bundle of their own,
   // at the indexes they have in the document (so that its messages name the document's entries), with a patient of
   // their own and without their subject (the page applies them to the patient on screen).
   nlohmann::json entries = nlohmann::json::array();
   const bool single = type == "QuestionnaireResponse";
   if (single)
      entries.push_back({{"resource", document}});
   else if (type == "Bundle") {
      const auto it = document.find("entry");
      if (it == document.end() || !it->is_array()) fail("entry", "expected the Bundle's entries, an array");
      bool any = false;
      for (const auto& e : *it) {
         const bool response = e.is_object() && e.contains("resource") && e.at("resource").is_object() &&
                               e.at("resource").value("resourceType", std::string()) == "QuestionnaireResponse";
         any = any || response;
         entries.push_back(response ? nlohmann::json{{"resource", e.at("resource")}} : nlohmann::json{{"resource", {{"resourceType", "Basic"}}}});
      }
      if (!any) fail("entry", "the Bundle holds no QuestionnaireResponse");
   }
   else
      fail("resourceType", type.empty() ? "missing: expected \"QuestionnaireResponse\" (or a Bundle of them)"
                                        : "expected \"QuestionnaireResponse\" (or a Bundle of them), not \"" + type + "\"");
   for (auto& e : entries) e["resource"].erase("subject");
   entries.push_back({{"resource", {{"resourceType", "Patient"}, {"id", "answers"}}}});
   const Patient p = read_fhir_bundle({{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}}, "answers", catalogue);

   // Where, in the document's words: a lone response has no entry.
   const auto place = [&](const std::string& where) { return single && where.rfind("entry[0] ", 0) == 0 ? where.substr(9) : where; };
   if (!p.skipped.empty()) {
      const Skipped& k = p.skipped.front();
      fail(place(k.where), k.reason + (k.what.empty() ? std::string() : " (" + k.what + ")") +
                               (p.skipped.size() > 1 ? "; and " + std::to_string(p.skipped.size() - 1) + " more" : std::string()));
   }
   for (const auto& u : p.unused)
      if (u.resource.rfind("QuestionnaireResponse", 0) == 0) {
         // The entry it is: the first response of that name.
         std::string where = u.resource;
         for (std::size_t i = 0; i < entries.size(); ++i) {
            const nlohmann::json& r = entries[i].at("resource");
            const std::string name = "QuestionnaireResponse/" + (r.contains("id") && r.at("id").is_string() ? r.at("id").get<std::string>() : "(no id)");
            if (name == u.resource) {
               where = place("entry[" + std::to_string(i) + "] " + name);
               break;
            }
         }
         fail(where + (u.detail.rfind("status", 0) == 0 ? ": status" : ": questionnaire"), u.detail + ": " + u.reason);
      }
   if (p.answers.empty()) fail(single ? "item" : "entry", "no item with an answer: there are no answers to load");

   ojson out = ojson::array();
   for (const Answer& a : p.answers) {
      const std::string where = place(a.field);
      const Criterion* c = nullptr;
      const Trial* of = nullptr;
      for (const Trial* t : trials)
         if (names_trial(a.criterion, t->id)) {
            of = t;
            for (const auto& x : t->criteria)
               if (x.id == a.criterion) c = &x;
         }
      if (!of) fail(where + ".linkId", "\"" + a.criterion + "\" is not a criterion of any trial this server has");
      if (!c)
         fail(where + ".linkId",
              "\"" + a.criterion + "\" is no criterion of " + of->id + " (its wording may have changed; eligo questions " + of->id + " lists the ids)");
      const AskedValue asked = asked_value(*c);
      if (asked.type != a.type)
         fail(where + ".answer[0]",
              std::string("criterion ") + c->id + " asks for a " + to_string(asked.type) + " answer, not a " + to_string(a.type) + " (" + a.text + ")");
      out.push_back({{"criterion", a.criterion}, {"answer", native_value(a)}, {"by", a.by}, {"date", a.date.str()}});
   }
   return out;
}

}  // namespace eligo
