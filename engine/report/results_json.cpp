#include "engine/report/results_json.hpp"

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

json criterion_json(const CriterionResult& r, bool top)
{
   const Criterion& c = *r.criterion;
   json j = {{"id", c.id},
             {"section", to_string(c.section)},
             {"text", c.text},
             {"line", c.line},
             {"kind", to_string(c.kind)},
             {"kind_reason", c.kind_reason},
             {"result", to_string(r.outcome.result)}};
   if (top && r.outcome.result == Tri::unknown) j["open"] = to_string(r.open);
   j["why"] = r.outcome.why;
   if (!r.answer.empty()) j["answer"] = r.answer;
   j["missing"] = r.outcome.missing;
   if (r.children.empty()) add_parts(j, r.outcome);  // nested bullets carry their own
   if (!c.as.empty()) j["as"] = c.as;
   if (!c.combination.empty()) j["combination"] = c.combination;
   if (!c.notes.empty()) j["notes"] = c.notes;
   if (!c.unread.empty()) j["unread"] = c.unread;  // words the reading passed over: not checked
   if (c.manual) j["manual"] = true;
   if (!r.children.empty()) {
      j["children"] = json::array();
      for (const auto& ch : r.children) j["children"].push_back(criterion_json(ch, false));
   }
   return j;
}

const char* kind_name(Predicate::Kind k)
{
   switch (k) {
      case Predicate::Kind::all: return "all";
      case Predicate::Kind::any: return "any";
      case Predicate::Kind::negate: return "not";
      case Predicate::Kind::measure: return "measure";
      case Predicate::Kind::score: return "score";
      case Predicate::Kind::sex: return "sex";
      case Predicate::Kind::fact: return "fact";
      case Predicate::Kind::manual: return "manual";
      case Predicate::Kind::lab_window: return "lab_window";
      case Predicate::Kind::qualifier: return "qualifier";
   }
   return "?";
}

json diagnostics(const std::vector<Diagnostic>& ds)
{
   json a = json::array();
   for (const auto& d : ds) a.push_back({{"line", d.line}, {"column", d.column}, {"message", d.message}});
   return a;
}

}  // namespace

void add_parts(json& j, const Outcome& o)
{
   if (!o.combination) return;
   j["group"] = to_string(o.combination->group);
   j["parts"] = json::array();
   for (const auto& part : o.combination->parts) {
      json pj = {{"result", to_string(part.result)}, {"why", part.why}};
      add_parts(pj, part);
      j["parts"].push_back(std::move(pj));
   }
}

json to_json(const TrialResult& r)
{
   json j = {{"trial", r.trial->id}, {"title", r.trial->title}, {"verdict", to_string(r.verdict)}};
   if (r.trial->criteria_partial) j["criteria_partial"] = true;
   if (r.verdict == Verdict::not_screenable) j["reason"] = r.reason;
   if (r.verdict == Verdict::ineligible) {
      j["near_miss"] = r.near_miss;
      if (r.near_miss) j["near_miss_gaps"] = r.near_miss_gaps;
   }
   auto listed = [&](const std::vector<std::size_t>& which) {
      json a = json::array();
      for (std::size_t i : which) {
         const Criterion& c = *r.criteria[i].criterion;
         a.push_back({{"id", c.id}, {"section", to_string(c.section)}, {"line", c.line}, {"text", c.text}});
      }
      return a;
   };
   j["failing"] = listed(r.failing);
   j["missing"] = r.missing;
   j["questions"] = listed(r.questions);
   j["at_enrolment"] = listed(r.at_enrolment);
   if (!r.answer_notes.empty()) {
      j["answers_not_used"] = json::array();
      for (const auto& n : r.answer_notes) j["answers_not_used"].push_back({{"criterion", n.criterion}, {"field", n.field}, {"reason", n.reason}});
   }
   j["criteria"] = json::array();
   for (const auto& c : r.criteria) j["criteria"].push_back(criterion_json(c, true));
   return j;
}

json to_json(const Predicate& p)
{
   json j = {{"kind", kind_name(p.kind)}, {"text", p.text}};
   switch (p.kind) {
      case Predicate::Kind::measure:
         j["analyte"] = p.analyte->id;
         switch (p.test) {
            case Predicate::Test::compare:
               j["test"] = "compare";
               j["op"] = syntax::symbol(p.op);
               j["threshold"] = {{"value", p.threshold}, {"unit", p.analyte->canonical.code}};
               j["as_written"] = {{"value", p.written}, {"unit", p.unit.code}};
               break;
            case Predicate::Test::range:
               j["test"] = "range";
               j["low"] = {{"value", p.threshold}, {"unit", p.analyte->canonical.code}};
               j["high"] = {{"value", p.high}, {"unit", p.analyte->canonical.code}};
               break;
            case Predicate::Test::relative:
               j["test"] = "relative";
               j["op"] = syntax::symbol(p.op);
               j["factor"] = p.factor;
               j["limit"] = p.upper ? "ULN" : "LLN";
               break;
            case Predicate::Test::within_normal: j["test"] = "within_normal"; break;
         }
         break;
      case Predicate::Kind::score: {
         j["score"] = p.score->id;
         json acc = json::array();
         for (const auto& [lo, hi] : p.accepted) acc.push_back({lo, hi});
         j["accepted"] = acc;
         j["accepted_text"] = p.accepted_text;
         break;
      }
      case Predicate::Kind::sex: j["sex"] = p.sex; break;
      case Predicate::Kind::fact:
         j["concept"] = p.concept_->id;
         j["relation"] = p.allergy ? "allergy" : "history";
         if (p.other) j["other"] = true;
         if (p.window)
            j["window"] = {{"kind", *p.window == syntax::Window::Kind::within ? "within" : "since"},
                           {"op", syntax::symbol(p.window_op)},
                           {"amount", p.window_amount},
                           {"unit", p.window_unit}};
         if (p.after) {
            j["after"] = {{"event", p.after->event->id}, {"written", p.after->written}};
            if (p.after->op) {
               j["after"]["op"] = syntax::symbol(*p.after->op);
               j["after"]["amount"] = p.after->amount;
               j["after"]["unit"] = p.after->unit;
            }
         }
         if (p.current) j["current"] = true;
         if (!p.except.empty()) {
            j["except"] = json::array();
            for (const Concept* e : p.except) j["except"].push_back(e->id);
         }
         break;
      case Predicate::Kind::qualifier:
         j["qualifier"] = p.qualifier;
         j["concept"] = p.concept_->id;
         if (p.carried) j["carried"] = true;
         break;
      case Predicate::Kind::manual: j["reason"] = p.reason; break;
      case Predicate::Kind::lab_window: j["days"] = p.lab_window_days; break;
      default:
         j["children"] = json::array();
         for (const auto& c : p.children) j["children"].push_back(to_json(c));
   }
   return j;
}

json to_json(const CompileResult& r)
{
   json j = {{"file", r.path}, {"trial", r.id}, {"criteria", r.criteria}, {"manual", r.manual}};
   if (r.criteria_partial) j["criteria_partial"] = true;
   j["errors"] = diagnostics(r.errors);
   j["warnings"] = diagnostics(r.warnings);
   return j;
}

}  // namespace eligo
