#include "engine/report/profile.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/units.hpp"

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

std::string num(double v)
{
   char b[32];
   std::snprintf(b, sizeof b, "%.6g", v);
   return b;
}

json records_json(const std::optional<std::vector<Record>>& list)
{
   if (!list) return nullptr;
   json out = json::array();
   for (const auto& r : *list) {
      json j = {{"concept", r.concept_->id}, {"text", r.text}, {"status", to_string(r.status)}};
      j["start"] = r.start ? json(r.start->str()) : json(nullptr);
      j["end"] = r.end ? json(r.end->str()) : json(nullptr);
      if (!r.mapped_by.empty()) j["mapped_by"] = r.mapped_by;
      if (!r.dose_form.empty()) j["dose_form"] = r.dose_form;
      // A treatment's outcome, when the record gives it.
      if (r.response) j["response"] = to_string(*r.response);
      if (r.stop_reason) j["stop_reason"] = to_string(*r.stop_reason);
      if (r.line) j["line"] = *r.line;
      if (!r.indication_text.empty()) j["indication"] = {{"text", r.indication_text}, {"concept", r.indication ? json(r.indication->id) : json(nullptr)}};
      j["source"] = r.field;
      out.push_back(j);
   }
   return out;
}

}  // namespace

json unmapped_codes_json(const std::vector<UnmappedCode>& codes)
{
   // By system, the systems with the most records first; within one, the most frequent codes first.
   std::map<std::string, std::vector<const UnmappedCode*>> by_system;
   for (const auto& c : codes) by_system[c.system].push_back(&c);
   std::vector<std::pair<int, std::string>> order;
   for (auto& [system, list] : by_system) {
      int n = 0;
      for (const auto* c : list) n += c->count;
      std::stable_sort(list.begin(), list.end(), [](const UnmappedCode* a, const UnmappedCode* b) { return a->count > b->count; });
      order.push_back({-n, system});
   }
   std::sort(order.begin(), order.end());
   json out = json::array();
   for (const auto& [minus, system] : order) {
      json s = {
          {"system", system.empty() ? json(nullptr) : json(system)}, {"name", system.empty() ? "text only" : code_system_name(system)}, {"records", -minus}};
      s["codes"] = json::array();
      for (const auto* c : by_system[system]) s["codes"].push_back({{"code", c->code}, {"display", c->display}, {"list", c->list}, {"count", c->count}});
      out.push_back(s);
   }
   return out;
}

json profile_json(const Patient& p, const Date& date)
{
   json j = {{"patient", p.id}};
   if (!p.name.empty()) j["name"] = p.name;
   j["format"] = p.format;
   j["date"] = date.str();
   j["sex"] = p.sex.empty() ? json(nullptr) : json(p.sex);
   if (p.birth_date) {
      // A partial birth date bounds the age: born late in the period gives the lower bound. No age
      // is computed past death: a deceased patient's is the age at death.
      const Date on = alive_until(p, date);
      const int lo = completed_years(p.birth_date->latest, on), hi = completed_years(p.birth_date->earliest, on);
      j["birth_date"] = p.birth_date->text;
      if (deceased_by(p, date) && !death_date(p)) {
         j["age"] = nullptr;
         j["age_note"] = "deceased, the date not recorded: the age at death is not known";
      }
      else {
         j["age"] = {{"low", lo}, {"high", hi}};
         if (on < date) j["age_at_death"] = true;
         if (!p.birth_date->exact())
            j["age_note"] = "partial birth date " + p.birth_date->text + ": born between " + p.birth_date->earliest.str() + " and " +
                            p.birth_date->latest.str() + ", so " + std::to_string(lo) + (lo == hi ? "" : "–" + std::to_string(hi)) + " years on " + on.str();
      }
   }
   else
      j["birth_date"] = nullptr;
   j["labs"] = json::array();
   for (const auto& l : p.labs) {
      const Analyte& a = *l.analyte;
      json x = {{"analyte", a.id},
                {"display", a.display},
                {"value", l.value},
                {"unit", l.unit_text},
                {"unit_ucum", l.unit.code},
                {"unit_display", l.unit.code.empty() ? l.unit_text : display_unit(l.unit.code)},
                {"comparator", l.comparator},
                {"canonical", l.canonical},
                {"canonical_unit", a.canonical.code},
                {"date", l.date.str()}};
      if (!l.time.empty()) x["time"] = l.time;
      x["reference_range"] =
          l.low || l.high ? json{{"low", l.low ? json(*l.low) : json(nullptr)}, {"high", l.high ? json(*l.high) : json(nullptr)}} : json(nullptr);
      if (!l.conflict.empty()) x["conflict"] = l.conflict;
      x["source"] = l.field;
      j["labs"].push_back(x);
   }
   // Scores and findings: the file's own, and every dated FHIR assessment (newest first).
   j["scores"] = json::array();
   auto add_score = [&](const ScoreValue& s) {
      j["scores"].push_back({{"score", s.score->id}, {"label", s.label}, {"date", s.date ? json(s.date->str()) : json(nullptr)}, {"source", s.field}});
   };
   for (const auto& [id, s] : p.scores) add_score(s);
   std::vector<const ScoreValue*> history;
   for (const auto& s : p.score_history) history.push_back(&s);
   std::stable_sort(history.begin(), history.end(), [](const ScoreValue* a, const ScoreValue* b) { return a->date > b->date; });
   for (const auto* s : history) add_score(*s);
   j["findings"] = json::array();
   for (const auto& [id, v] : p.findings) j["findings"].push_back({{"concept", id}, {"present", v}, {"date", nullptr}, {"source", "findings." + id}});
   std::vector<const FindingRecord*> found;
   for (const auto& f : p.finding_history) found.push_back(&f);
   std::stable_sort(found.begin(), found.end(), [](const FindingRecord* a, const FindingRecord* b) { return a->date > b->date; });
   for (const auto* f : found) j["findings"].push_back({{"concept", f->concept_->id}, {"present", f->present}, {"date", f->date.str()}, {"source", f->field}});
   if (p.deceased) j["deceased"] = *p.deceased;
   if (p.lists_partial) j["lists_partial"] = true;
   if (!p.partial_lists.empty()) j["partial_lists"] = p.partial_lists;
   j["conditions"] = records_json(p.conditions);
   j["medications"] = records_json(p.medications);
   j["procedures"] = records_json(p.procedures);
   j["allergies"] = records_json(p.allergies);
   if (!p.answers.empty()) {
      j["answers"] = json::array();
      for (const auto& a : p.answers) {
         json v;
         switch (a.type) {
            case Answer::Type::boolean: v = a.yes; break;
            case Answer::Type::number: v = a.number; break;
            case Answer::Type::quantity: v = {{"value", a.number}, {"unit", a.unit}}; break;
            case Answer::Type::date: v = a.date_value.str(); break;
         }
         j["answers"].push_back({{"criterion", a.criterion}, {"answer", v}, {"text", a.text}, {"by", a.by}, {"date", a.date.str()}, {"source", a.field}});
      }
   }
   if (!p.resource_counts.empty()) j["resources"] = p.resource_counts;
   // Skipped: each element that could not be used, where it is and why.
   if (!p.skipped.empty()) {
      json skipped = json::array();
      for (const auto& k : p.skipped) {
         json x = {{"where", k.where}, {"what", k.what}, {"reason", k.reason}};
         if (k.analyte) x["analyte"] = k.analyte->id;
         if (k.date) x["date"] = k.date->str();
         skipped.push_back(x);
      }
      j["skipped"] = skipped;
   }
   // Resource types not read, each with its count.
   json types = json::array();
   for (const auto& u : p.unused)
      if (u.detail.rfind("×", 0) == 0 && p.resource_counts.count(u.resource))
         types.push_back({{"type", u.resource}, {"count", p.resource_counts.at(u.resource)}});
   if (!types.empty()) j["unused_types"] = types;
   if (!p.unmapped_codes.empty()) j["unmapped_codes"] = unmapped_codes_json(p.unmapped_codes);
   // Read but not used: grouped by what and why, with the resources. A resource type not read is a group
   // of its own ("×32" is what two types with 32 resources each would share).
   json unused = json::array();
   std::map<std::pair<std::string, std::string>, std::size_t> group;
   for (const auto& u : p.unused) {
      const std::string what = u.detail.rfind("×", 0) == 0 ? u.resource + " " + u.detail : u.detail;
      auto [it, fresh] = group.emplace(std::make_pair(what, u.reason), unused.size());
      if (fresh) unused.push_back({{"what", u.detail}, {"reason", u.reason}, {"count", 0}, {"resources", json::array()}});
      json& g = unused[it->second];
      g["count"] = g["count"].get<int>() + 1;
      g["resources"].push_back(u.resource);
   }
   j["unused"] = unused;
   return j;
}

void print_unmapped_codes(std::ostream& out, const json& systems, const std::string& indent)
{
   for (const auto& s : systems) {
      out << indent << s["name"].get<std::string>() << ": " << s["records"].get<int>() << " record" << (s["records"] == 1 ? "" : "s") << ", "
          << s["codes"].size() << " code" << (s["codes"].size() == 1 ? "" : "s") << "\n";
      for (const auto& c : s["codes"]) {
         out << indent << "  " << std::right << std::setw(6) << c["count"].get<int>() << std::left << "  " << c["code"].get<std::string>();
         if (!c["display"].get<std::string>().empty()) out << (c["code"].get<std::string>().empty() ? "'" : " '") << c["display"].get<std::string>() << "'";
         out << " (" << c["list"].get<std::string>();
         if (c.contains("patients")) out << ", " << c["patients"].get<int>() << " patient" << (c["patients"] == 1 ? "" : "s");
         out << ")\n";
      }
   }
}

void print_profile_text(std::ostream& out, const json& j)
{
   out << "Patient " << j["patient"].get<std::string>() << " (" << j["format"].get<std::string>() << "), profile on " << j["date"].get<std::string>() << "\n";
   if (j.contains("name")) out << "  name: " << j["name"].get<std::string>() << "\n";
   out << "  sex: " << (j["sex"].is_null() ? std::string("unknown") : j["sex"].get<std::string>()) << "\n";
   if (j.contains("deceased"))
      out << "  DECEASED: "
          << (j["deceased"] == "yes" ? "date not recorded; not screenable on any day"
                                     : j["deceased"].get<std::string>() + "; not screenable on or after that day, and no age is computed past it")
          << "\n";
   if (j["birth_date"].is_null())
      out << "  birth date: unknown\n";
   else if (j["age"].is_null())
      out << "  birth date: " << j["birth_date"].get<std::string>() << ", age unknown\n";
   else {
      const int lo = j["age"]["low"], hi = j["age"]["high"];
      out << "  birth date: " << j["birth_date"].get<std::string>() << ", age " << lo << (lo == hi ? "" : "–" + std::to_string(hi))
          << (j.value("age_at_death", false) ? " at death" : "") << "\n";
   }
   if (j.contains("age_note")) out << "    " << j["age_note"].get<std::string>() << "\n";
   out << "\nLabs (" << j["labs"].size() << ", newest first):\n";
   for (const auto& l : j["labs"]) {
      const std::string cu = display_unit(l["canonical_unit"].get<std::string>());
      out << "  " << std::left << std::setw(34) << l["display"].get<std::string>() << " " << std::setw(11) << l["date"].get<std::string>() << " "
          << l["comparator"].get<std::string>() << num(l["value"])
          << (l["unit"].get<std::string>().empty() || l["unit"] == "1" ? "" : " " + l["unit"].get<std::string>());
      const bool same = display_unit(l["unit"].get<std::string>()) == cu || (cu.empty() && l["value"].get<double>() == l["canonical"].get<double>());
      if (!same) out << " = " << num(l["canonical"]) << (cu.empty() ? "" : " " + cu);
      if (!l["reference_range"].is_null()) {
         const auto& rr = l["reference_range"];
         out << "  [ref " << (rr["low"].is_null() ? std::string("–") : num(rr["low"])) << "–" << (rr["high"].is_null() ? std::string("") : num(rr["high"]))
             << (cu.empty() ? "" : " " + cu) << "]";
      }
      if (l.contains("conflict")) out << "  CONFLICT: " << l["conflict"].get<std::string>();
      out << "  (" << l["source"].get<std::string>() << ")\n";
   }
   out << "\nScores:" << (j["scores"].empty() ? " none" : "") << "\n";
   for (const auto& s : j["scores"])
      out << "  " << s["score"].get<std::string>() << " " << s["label"].get<std::string>() << (s["date"].is_null() ? "" : " on " + s["date"].get<std::string>())
          << "  (" << s["source"].get<std::string>() << ")\n";
   out << "Findings:" << (j["findings"].empty() ? " none" : "") << "\n";
   for (const auto& f : j["findings"])
      out << "  " << f["concept"].get<std::string>() << ": " << (f["present"].get<bool>() ? "present" : "absent")
          << (f["date"].is_null() ? "" : " on " + f["date"].get<std::string>() + "  (" + f["source"].get<std::string>() + ")") << "\n";
   for (const char* list : {"conditions", "medications", "procedures", "allergies"}) {
      const auto& l = j[list];
      if (l.is_null()) {
         out << "\n" << list << ": not given (unknown)\n";
         continue;
      }
      const bool unread =
          j.contains("partial_lists") && std::find(j.at("partial_lists").begin(), j.at("partial_lists").end(), list) != j.at("partial_lists").end();
      out << "\n"
          << list << " (" << l.size()
          << (j.value("lists_partial", false) ? ", one page of a search: not complete"
              : unread                        ? ", a resource of it could not be read: not complete"
                                              : ", taken as complete")
          << "):\n";
      for (const auto& r : l) {
         out << "  " << std::left << std::setw(28) << r["concept"].get<std::string>() << " " << r["text"].get<std::string>();
         if (!r["start"].is_null()) out << ", from " << r["start"].get<std::string>();
         if (!r["end"].is_null()) out << " to " << r["end"].get<std::string>();
         if (r.contains("indication"))
            out << ", for " << r["indication"]["text"].get<std::string>() << (r["indication"]["concept"].is_null() ? " (not in the catalogue)" : "");
         out << " [" << r["status"].get<std::string>() << "]";
         if (r.contains("line")) out << ", line " << r["line"].get<int>();
         if (r.contains("response")) out << ", response " << r["response"].get<std::string>();
         if (r.contains("stop_reason")) out << ", stopped for " << r["stop_reason"].get<std::string>();
         if (r.contains("mapped_by")) out << " by " << r["mapped_by"].get<std::string>();
         out << "\n";
      }
   }
   if (j.contains("answers")) {
      out << "\nAnswers to questions (" << j["answers"].size() << "):\n";
      for (const auto& a : j["answers"])
         out << "  " << a["criterion"].get<std::string>() << ": " << a["text"].get<std::string>() << ", answered by " << a["by"].get<std::string>() << " on "
             << a["date"].get<std::string>() << "  (" << a["source"].get<std::string>() << ")\n";
   }
   if (j.contains("resources")) {
      out << "\nResources read:";
      for (const auto& [t, n] : j["resources"].items()) out << " " << t << " " << n.get<int>() << ";";
      out << "\n";
   }
   if (j.contains("skipped")) {
      out << "\nSkipped (" << j["skipped"].size() << " element" << (j["skipped"].size() == 1 ? "" : "s")
          << " that could not be used; a criterion that needs one is unknown):\n";
      for (const auto& k : j["skipped"])
         out << "  " << k["where"].get<std::string>() << " (" << k["what"].get<std::string>() << "): " << k["reason"].get<std::string>() << "\n";
   }
   if (j.contains("unused_types")) {
      out << "\nResource types Eligo does not read (" << j["unused_types"].size() << "):";
      for (const auto& t : j["unused_types"]) out << " " << t["type"].get<std::string>() << " " << t["count"].get<int>() << ";";
      out << "\n";
   }
   if (j.contains("unmapped_codes")) {
      out << "\nCodes that name nothing in the catalogue, by system:\n";
      print_unmapped_codes(out, j["unmapped_codes"], "  ");
   }
   std::size_t kinds = 0;
   for (const auto& u : j["unused"])
      if (u["reason"] != "not a resource type Eligo reads") ++kinds;
   out << "\nRead but not used (" << kinds << " kinds):" << (kinds == 0 ? " none" : "") << "\n";
   for (const auto& u : j["unused"]) {
      if (u["reason"] == "not a resource type Eligo reads") continue;  // listed above, with its count
      const int n = u["count"];
      const std::string what = u["what"], first = u["resources"][0];
      out << "  " << n << " × " << (what.empty() ? first : what) << ": " << u["reason"].get<std::string>() << " (" << first << (n > 1 ? ", …" : "") << ")\n";
   }
}

}  // namespace eligo
