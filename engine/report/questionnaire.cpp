#include "engine/report/questionnaire.hpp"

#include <cctype>
#include <functional>

#include "engine/core/units.hpp"
#include "engine/evaluate/answered.hpp"

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

// FHIR R4 Questionnaire.item.type (http://hl7.org/fhir/R4/valueset-item-type.html) for what the criterion asks.
const char* item_type(const AskedValue& v)
{
   switch (v.type) {
      case Answer::Type::boolean: return "boolean";
      case Answer::Type::number: return v.test && v.test->kind == Predicate::Kind::score ? "integer" : "decimal";
      case Answer::Type::quantity: return "quantity";
      case Answer::Type::date: return "date";
   }
   return "boolean";
}

// What a person answers, in words.
std::string asked_words(const AskedValue& v)
{
   switch (v.type) {
      case Answer::Type::boolean: return "yes/no";
      case Answer::Type::number: return v.test && v.test->kind == Predicate::Kind::score ? v.test->score->display + " (a whole number)" : "a number";
      case Answer::Type::quantity: return v.test->analyte->display + " in " + display_unit(v.unit);
      case Answer::Type::date: return "a date";
   }
   return "yes/no";
}

std::vector<const Criterion*> questions(const Trial& trial, Section section)
{
   std::vector<const Criterion*> out;
   for (const auto& c : trial.criteria)
      if (c.section == section && c.kind == CriterionKind::question) out.push_back(&c);
   return out;
}

// The nested bullets under a question, shown (not asked): the question is answered as a whole. FHIR R4 que-1: a display
// item has no nested items, so every level is a display item of the question, its depth shown by leading dashes.
void nested_display(json& item, const Criterion& c, int depth = 0)
{
   for (const auto& ch : c.children) {
      std::string dashes;
      for (int i = 0; i < depth; ++i) dashes += "– ";
      if (!item.contains("item")) item["item"] = json::array();
      item["item"].push_back({{"linkId", ch.id}, {"text", dashes + ch.text}, {"type", "display"}});
      nested_display(item, ch, depth + 1);
   }
}

// Questionnaire.name: "a name computer-friendly", [A-Z]([A-Za-z0-9_]){0,254} (FHIR R4 constraint que-0 / inv-0).
std::string computer_name(const std::string& id)
{
   std::string n = "EligoQuestions_";
   for (unsigned char ch : id) n += std::isalnum(ch) ? static_cast<char>(ch) : '_';
   return n.substr(0, 255);
}

}  // namespace

std::string questionnaire_url(const Trial& trial) { return std::string(questionnaire_url_prefix) + trial.id; }

json questionnaire_json(const Trial& trial)
{
   json q = {{"resourceType", "Questionnaire"},
             {"id", "eligo-" + trial.id},
             {"url", questionnaire_url(trial)},
             {"identifier", json::array({{{"system", "urn:eligo:trial"}, {"value", trial.id}}})},
             {"version", trial.version},
             {"name", computer_name(trial.id)},
             {"title", "Questions for " + trial.id + ": " + trial.title},
             {"status", "active"},
             {"subjectType", json::array({"Patient"})},
             {"description", "The criteria of " + trial.id + " (" + trial.path + ", version " + trial.version +
                                 ") that need a clinician's answer. Each answer says whether the criterion's statement is true for the "
                                 "patient (or gives the value it tests); answers are valid for " +
                                 std::to_string(trial.answers_valid_days) + " days."}};
   json groups = json::array();
   for (Section s : {Section::inclusion, Section::exclusion}) {
      const auto qs = questions(trial, s);
      if (qs.empty()) continue;
      json g = {{"linkId", std::string(to_string(s))},
                {"text", s == Section::inclusion ? "Inclusion criteria: does the patient meet each?" : "Exclusion criteria: does each apply to the patient?"},
                {"type", "group"},
                {"item", json::array()}};
      for (const Criterion* c : qs) {
         const AskedValue asked = asked_value(*c);
         json item = {{"linkId", c->id},
                      {"prefix", std::string(to_string(s)).substr(0, 3) + " line " + std::to_string(c->line)},
                      {"text", c->text},
                      {"type", item_type(asked)},
                      {"required", false}};
         if (asked.type == Answer::Type::quantity)
            item["extension"] =
                json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption"},
                              {"valueCoding", {{"system", "http://unitsofmeasure.org"}, {"code", asked.unit}, {"display", display_unit(asked.unit)}}}}});
         nested_display(item, *c);
         g["item"].push_back(std::move(item));
      }
      groups.push_back(std::move(g));
   }
   if (!groups.empty()) q["item"] = std::move(groups);
   return q;
}

void print_questionnaire_text(std::ostream& out, const Trial& trial)
{
   out << "Questions for " << trial.id << ": " << trial.title << "\n";
   out << "  trial file " << trial.path << ", version " << trial.version << "; answers are valid for " << trial.answers_valid_days << " days\n";
   out << "  questionnaire " << questionnaire_url(trial) << "|" << trial.version << "\n";
   std::function<void(const Criterion&, int)> nested = [&](const Criterion& c, int depth) {
      for (const auto& ch : c.children) {
         out << std::string(static_cast<std::size_t>(6 + 2 * depth), ' ') << "- " << ch.text << "\n";
         nested(ch, depth + 1);
      }
   };
   for (Section s : {Section::inclusion, Section::exclusion}) {
      const auto qs = questions(trial, s);
      out << "\n"
          << (s == Section::inclusion ? "Inclusion" : "Exclusion") << " (" << qs.size() << (qs.size() == 1 ? " question" : " questions") << ")"
          << (qs.empty()                ? ""
              : s == Section::inclusion ? ": does the patient meet it?"
                                        : ": does it apply to the patient?")
          << "\n";
      for (const Criterion* c : qs) {
         out << "  " << c->id << "  line " << c->line << "  [" << asked_words(asked_value(*c)) << "]\n";
         out << "      " << c->text << "\n";
         nested(*c, 1);
      }
   }
}

}  // namespace eligo
