#include "engine/report/what_if.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

namespace eligo {

namespace {

using ojson = nlohmann::ordered_json;

[[noreturn]] void fail(const Patient& p, const std::string& path, const std::string& what, const std::string& plain = {})
{
   Location where = Location::entry("what-if", path);
   where.patient = p.id;
   InputError e(std::move(where), what);
   e.plain = plain;
   throw e;
}

// A value as a person typed it: up to 6 significant digits, no trailing zeros ("110", "1.25").
std::string number_text(double v)
{
   char buf[32];
   std::snprintf(buf, sizeof buf, "%.6g", v);
   return buf;
}

std::string dated(const std::string& value, const std::optional<Date>& d) { return d ? value + " (" + d->str() + ")" : value; }

std::string lab_text(const LabResult& r)
{
   const std::string unit = r.unit_text.empty() ? std::string() : " " + display_unit(r.unit_text);
   return dated(r.comparator + number_text(r.value) + unit, r.date);
}

const nlohmann::json& member(const Patient& p, const nlohmann::json& change, const std::string& path, const char* key, const char* expected)
{
   auto it = change.find(key);
   if (it == change.end() || it->is_null()) fail(p, path + "." + key, std::string("missing: ") + expected);
   return *it;
}

std::string text_member(const Patient& p, const nlohmann::json& change, const std::string& path, const char* key, const char* expected)
{
   const nlohmann::json& v = member(p, change, path, key, expected);
   if (!v.is_string()) fail(p, path + "." + key, std::string("expected a string: ") + expected);
   return v.get<std::string>();
}

std::optional<Date> date_member(const Patient& p, const nlohmann::json& change, const std::string& path)
{
   auto it = change.find("date");
   if (it == change.end() || it->is_null()) return std::nullopt;
   const auto d = it->is_string() ? parse_date(it->get<std::string>()) : std::nullopt;
   if (!d) fail(p, path + ".date", "not a date: " + it->dump() + " (expected YYYY-MM-DD, a day that exists)");
   return d;
}

// The record's skipped elements that `is_it` names: moved to the unused list with the reason, so that a newer unusable
// value does not keep the changed one unknown, and the record still lists it.
void set_aside(Patient& p, const std::function<bool(const Skipped&)>& is_it, const std::string& item)
{
   auto keep = std::stable_partition(p.skipped.begin(), p.skipped.end(), [&](const Skipped& k) { return !is_it(k); });
   for (auto k = keep; k != p.skipped.end(); ++k)
      p.unused.push_back({k->where, k->what, "skipped as unusable (" + k->reason + "); the what-if value of " + item + " is used instead"});
   p.skipped.erase(keep, p.skipped.end());
}

WhatIfChange change_lab(Patient& p, const nlohmann::json& c, const std::string& path, const Date& date, const Catalogue& catalogue)
{
   const std::string name = text_member(p, c, path, "lab", "the analyte (e.g. \"platelets\")");
   const Analyte* a = catalogue.analyte(name);
   if (!a) fail(p, path + ".lab", "unknown analyte \"" + name + "\" (see engine/catalogue/analytes.json)");
   const nlohmann::json& v = member(p, c, path, "value", "the new value, a number");
   if (!v.is_number() || !std::isfinite(v.get<double>())) fail(p, path + ".value", "expected a number, got " + v.dump());
   const nlohmann::json* u = c.contains("unit") ? &c.at("unit") : nullptr;
   if (u && !u->is_string()) fail(p, path + ".unit", "expected a unit string such as \"10*9/L\", got " + u->dump());
   const std::optional<Date> given_date = date_member(p, c, path);

   LabResult changed;
   changed.analyte = a;
   changed.value = v.get<double>();
   changed.unit_text = u ? u->get<std::string>() : std::string();
   changed.field = path;
   if (auto problem = settle_lab(changed)) fail(p, path + "." + problem->field, problem->message, problem->plain);

   set_aside(
       p, [&](const Skipped& k) { return k.analyte == a && k.value; }, a->display);
   WhatIfChange out{"lab", a->id, a->display, "not recorded", "", path};
   // The result the evaluator uses: the newest on or before the screening date (labs are newest first).
   auto used = std::find_if(p.labs.begin(), p.labs.end(), [&](const LabResult& r) { return r.analyte == a && r.date <= date; });
   if (used != p.labs.end()) {
      out.from = lab_text(*used);
      changed.date = given_date.value_or(used->date);
      changed.low = used->low;
      changed.high = used->high;
      changed.range_note = used->range_note;
      changed.time = changed.date == used->date ? used->time : std::string();
      changed.at = changed.date == used->date ? used->at : changed.date.days() * 86400 + 86399;
      changed.field = used->field + " (what-if: " + path + ")";
      // Another result of the same analyte at the same time would conflict with the changed one: the change stands for
      // the value of that time, so those give way too (kept in the unused list).
      for (auto& r : p.labs)
         if (&r != &*used && r.analyte == a && r.date == used->date && r.at == used->at)
            p.unused.push_back({r.field, a->display + " " + lab_text(r), "a result of the same time as the what-if value of " + a->display});
      const Date was = used->date;
      const long long was_at = used->at;
      *used = changed;
      p.labs.erase(std::remove_if(p.labs.begin(), p.labs.end(),
                                  [&](const LabResult& r) {
                                     return r.analyte == a && r.date == was && r.at == was_at && r.field.find("(what-if: ") == std::string::npos;
                                  }),
                   p.labs.end());
   }
   else {
      changed.date = given_date.value_or(date);
      changed.at = changed.date.days() * 86400 + 86399;
      changed.field = "what-if: " + path;
      p.labs.push_back(changed);
   }
   std::stable_sort(p.labs.begin(), p.labs.end(), [](const LabResult& x, const LabResult& y) { return x.date != y.date ? x.date > y.date : x.at > y.at; });
   for (const auto& r : p.labs)
      if (r.field.find(path) != std::string::npos) out.to = lab_text(r);
   return out;
}

WhatIfChange change_score(Patient& p, const nlohmann::json& c, const std::string& path, const Date& date, const Catalogue& catalogue)
{
   const std::string name = text_member(p, c, path, "score", "the score (e.g. \"ecog\")");
   const Score* s = catalogue.score(name);
   if (!s) fail(p, path + ".score", "unknown score \"" + name + "\" (see engine/catalogue/scores.json)");
   const nlohmann::json& v = member(p, c, path, "value", "the new value, a label such as \"A\" or an integer");
   std::string label;
   if (v.is_number_integer())
      label = std::to_string(v.get<long long>());
   else if (v.is_string())
      label = v.get<std::string>();
   else
      fail(p, path + ".value", "expected a label such as \"A\", \"II\" or an integer, got " + v.dump());
   const auto range = s->label(label);
   if (!range) fail(p, path + ".value", "\"" + label + "\" is not a value of " + s->display, s->display + ": \"" + label + "\" is not one of its values");
   const std::optional<Date> given_date = date_member(p, c, path);
   set_aside(
       p, [&](const Skipped& k) { return k.score == s; }, s->display);

   WhatIfChange out{"score", s->id, s->display, "not recorded", "", path};
   const auto set = [&](ScoreValue& sv) {
      sv.lo = range->first;
      sv.hi = range->second;
      sv.label = label;
      if (given_date) sv.date = given_date;
      sv.field += " (what-if: " + path + ")";
   };
   ScoreValue* newest = nullptr;
   for (auto& sv : p.score_history)
      if (sv.score == s && sv.date && *sv.date <= date && (!newest || *sv.date > *newest->date)) newest = &sv;
   if (newest) {
      out.from = dated(newest->label, newest->date);
      const Date was = *newest->date;
      // Every assessment of that day takes the value: two different ones would be a conflict.
      for (auto& sv : p.score_history)
         if (sv.score == s && sv.date == was) set(sv);
      out.to = dated(label, given_date.value_or(was));
      return out;
   }
   auto it = p.scores.find(s->id);
   if (it != p.scores.end()) {
      out.from = dated(it->second.label, it->second.date);
      if (it->second.date && *it->second.date > date && !given_date) it->second.date.reset();  // a later one is not used: this one is
      set(it->second);
      out.to = dated(label, it->second.date);
      return out;
   }
   ScoreValue sv;
   sv.score = s;
   sv.field = "what-if";
   sv.date = given_date;
   set(sv);
   p.scores[s->id] = sv;
   out.to = dated(label, given_date);
   return out;
}

WhatIfChange change_finding(Patient& p, const nlohmann::json& c, const std::string& path, const Date& date, const Catalogue& catalogue)
{
   const std::string name = text_member(p, c, path, "finding", "the finding (e.g. \"ascites\")");
   const Concept* f = catalogue.concept_(name);
   if (!f) fail(p, path + ".finding", "unknown finding \"" + name + "\" (see engine/catalogue/concepts.json)");
   const nlohmann::json& v = member(p, c, path, "present", "true or false");
   if (!v.is_boolean()) fail(p, path + ".present", "expected true or false, got " + v.dump());
   const bool present = v.get<bool>();
   const std::optional<Date> given_date = date_member(p, c, path);
   set_aside(
       p, [&](const Skipped& k) { return k.finding == f; }, f->display);
   const auto word = [](bool b) { return std::string(b ? "present" : "absent"); };

   WhatIfChange out{"finding", f->id, f->display, "not recorded", "", path};
   FindingRecord* newest = nullptr;
   for (auto& r : p.finding_history)
      if (r.concept_ == f && r.date <= date && (!newest || r.date > newest->date)) newest = &r;
   if (newest) {
      out.from = dated(word(newest->present), newest->date);
      const Date was = newest->date;
      for (auto& r : p.finding_history)
         if (r.concept_ == f && r.date == was) {
            r.present = present;
            if (given_date) r.date = *given_date;
            r.field += " (what-if: " + path + ")";
         }
      out.to = dated(word(present), given_date.value_or(was));
      return out;
   }
   if (auto it = p.findings.find(f->id); it != p.findings.end()) out.from = word(it->second);
   if (given_date)
      p.finding_history.push_back({f, present, *given_date, "what-if: " + path});
   else
      p.findings[f->id] = present;
   out.to = dated(word(present), given_date);
   return out;
}

// The history list a change names ("list"), or the one the concept's kind fits; the records of the list, created when the
// record has none for an added item.
struct HistoryList {
   std::string name;
   std::optional<std::vector<Record>>* records = nullptr;
};

HistoryList history_list(Patient& p, const nlohmann::json& c, const std::string& path, const Concept& concept_)
{
   std::string name;
   if (auto it = c.find("list"); it != c.end() && !it->is_null()) {
      if (!it->is_string()) fail(p, path + ".list", "expected \"conditions\", \"medications\", \"procedures\" or \"allergies\", got " + it->dump());
      name = it->get<std::string>();
   }
   else if (concept_.kind == ConceptKind::condition)
      name = "conditions";
   else if (concept_.kind == ConceptKind::medication)
      name = "medications";
   else if (concept_.kind == ConceptKind::procedure)
      name = "procedures";
   else
      fail(p, path + ".list",
           "missing: \"" + concept_.id + "\" is a finding; name the history list it is on (\"conditions\", \"medications\", \"procedures\" or \"allergies\")");
   std::optional<ConceptKind> fits;
   HistoryList out{name, nullptr};
   if (name == "conditions")
      out.records = &p.conditions, fits = ConceptKind::condition;
   else if (name == "medications")
      out.records = &p.medications, fits = ConceptKind::medication;
   else if (name == "procedures")
      out.records = &p.procedures, fits = ConceptKind::procedure;
   else if (name == "allergies")
      out.records = &p.allergies;
   else
      fail(p, path + ".list", "expected \"conditions\", \"medications\", \"procedures\" or \"allergies\", got \"" + name + "\"");
   // The same rule as the patient file's (docs/patient-format.md, "History lists").
   if (fits && concept_.kind != *fits && concept_.kind != ConceptKind::finding)
      fail(p, path + ".history", "\"" + concept_.id + "\" is a " + to_string(concept_.kind) + ", not a " + to_string(*fits) + " (list \"" + name + "\")");
   return out;
}

// "2025-03-01", "2025-03-01, no date": the start dates of the records a change picked.
std::string record_dates(const std::vector<Record*>& rs)
{
   std::string out;
   for (const auto* r : rs) out += (out.empty() ? "" : ", ") + (r->start ? r->start->str() : std::string("no date"));
   return out;
}

// A history item's new end: a date, or "ongoing" (no end); nullopt when the change gives none.
struct EndChange {
   std::optional<Date> date;  // none = ongoing
};
std::optional<EndChange> end_member(const Patient& p, const nlohmann::json& change, const std::string& path)
{
   auto it = change.find("end");
   if (it == change.end() || it->is_null()) return std::nullopt;
   if (it->is_string() && it->get<std::string>() == "ongoing") return EndChange{};
   const auto d = it->is_string() ? parse_date(it->get<std::string>()) : std::nullopt;
   if (!d) fail(p, path + ".end", "not a date: " + it->dump() + " (expected YYYY-MM-DD, a day that exists, or \"ongoing\")");
   return EndChange{d};
}

std::string end_text(const std::optional<Date>& end) { return end ? end->str() : std::string("ongoing"); }

// A history item: {"history": CONCEPT, "remove": true}; {"history": CONCEPT, "date": D} and/or "end": E (its start or
// end date changed; "end": "ongoing" takes the end away); or {"history": CONCEPT, "add": true, "date": D} with an
// optional "end". Each with an optional "list" and, to pick one of several records of the concept, "from": the start
// date it has.
WhatIfChange change_history(Patient& p, const nlohmann::json& c, const std::string& path, const Catalogue& catalogue)
{
   const std::string name = text_member(p, c, path, "history", "the concept of the history item (e.g. \"lenvatinib\")");
   const Concept* concept_ = catalogue.concept_(name);
   if (!concept_) fail(p, path + ".history", "unknown concept \"" + name + "\" (see engine/catalogue/concepts.json)");
   const auto flag = [&](const char* key) {
      auto it = c.find(key);
      if (it == c.end() || it->is_null()) return false;
      if (!it->is_boolean() || !it->get<bool>()) fail(p, path + "." + key, std::string("expected true, got ") + it->dump());
      return true;
   };
   const bool remove = flag("remove"), add = flag("add");
   const std::optional<Date> date = date_member(p, c, path);
   const std::optional<EndChange> end = end_member(p, c, path);
   if (remove + add + ((date || end) && !add) != 1 || (remove && (date || end)))
      fail(p, path,
           "expected one of \"remove\": true; \"date\": \"YYYY-MM-DD\" (the item's new start date) and/or \"end\": \"YYYY-MM-DD\" or "
           "\"ongoing\"; or \"add\": true with a \"date\"");
   if (add && !date) fail(p, path + ".date", "missing: the start date of the added item (YYYY-MM-DD)");
   if (add && end && end->date && *end->date < *date) fail(p, path + ".end", "the end " + end->date->str() + " is before the start " + date->str());
   std::optional<Date> from;
   if (auto it = c.find("from"); it != c.end() && !it->is_null()) {
      if (add) fail(p, path + ".from", "an added item has no record to pick: leave \"from\" out");
      from = it->is_string() ? parse_date(it->get<std::string>()) : std::nullopt;
      if (!from) fail(p, path + ".from", "not a date: " + it->dump() + " (expected the start date of the record to change, YYYY-MM-DD)");
   }
   const HistoryList list = history_list(p, c, path, *concept_);
   const std::string item = concept_->display + " (" + list.name + ")";
   WhatIfChange out{"history", concept_->id, item, "not recorded", "", path};

   if (add) {
      Record r;
      r.concept_ = concept_;
      r.start = date;
      if (end) r.end = end->date;
      r.text = concept_->display;
      r.field = "what-if: " + path;
      if (!*list.records) {
         // The record has no such list: it stays incomplete (an absent list is unknown), holding only the added item.
         *list.records = std::vector<Record>();
         p.partial_lists.insert(list.name);
      }
      (*list.records)->push_back(r);
      out.to = "added (" + date->str() + (end && end->date ? " to " + end->date->str() : std::string()) + ")";
      return out;
   }
   if (!*list.records)
      fail(p, path + ".history", "the record has no " + list.name + " list: there is no \"" + concept_->id + "\" to change (\"add\": true adds one)");
   std::vector<Record>& records = **list.records;
   std::vector<Record*> picked;
   for (auto& r : records)
      if (r.concept_ == concept_ && (!from || r.start == from)) picked.push_back(&r);
   if (picked.empty())
      fail(p, path + ".history",
           "the record's " + list.name + " list has no \"" + concept_->id + "\"" + (from ? " starting " + from->str() : std::string()) +
               " (\"add\": true adds one)");
   if ((date || end) && picked.size() > 1)
      fail(p, path + ".from",
           "the record has " + std::to_string(picked.size()) + " records of \"" + concept_->id + "\" on " + list.name +
               ": give \"from\", the start date of the one to change");
   out.from = record_dates(picked);
   if (remove) {
      for (const auto* r : picked) {
         std::string detail = concept_->display + (r->start ? " (" + r->start->str() + ")" : std::string());
         p.unused.push_back({r->field, detail, "removed by the what-if change " + path});
      }
      records.erase(
          std::remove_if(records.begin(), records.end(), [&](const Record& r) { return std::find(picked.begin(), picked.end(), &r) != picked.end(); }),
          records.end());
      out.to = "removed";
      return out;
   }
   Record& r = *picked.front();
   const std::optional<Date> start = date ? date : r.start;
   const std::optional<Date> until = end ? end->date : r.end;
   if (start && until && *until < *start)
      fail(p, end ? path + ".end" : path + ".date", "the record would end on " + until->str() + ", before it starts on " + start->str());
   if (end) {
      out.from = record_dates(picked) + " to " + end_text(r.end);
      r.end = end->date;
      // The change says when the item ended, or that it goes on: a status that said otherwise, or an active status
      // beside an abatement (FHIR con-4), no longer stands against it.
      r.status_conflict.clear();
      if (!r.end && is_over(r.status)) r.status = RecordStatus::active;
   }
   r.start = start;
   r.field += " (what-if: " + path + ")";
   out.to = (start ? start->str() : std::string("no date")) + (end ? " to " + end_text(r.end) : std::string());
   return out;
}

}  // namespace

std::vector<WhatIfChange> apply_what_if(Patient& p, const nlohmann::json& changes, const Date& date, const Catalogue& catalogue)
{
   std::vector<WhatIfChange> out;
   if (changes.is_null()) return out;
   if (!changes.is_array()) fail(p, "changes", "expected an array of changes such as {\"lab\": \"platelets\", \"value\": 110, \"unit\": \"10*9/L\"}");
   for (std::size_t i = 0; i < changes.size(); ++i) {
      const std::string path = "changes[" + std::to_string(i) + "]";
      const nlohmann::json& c = changes[i];
      if (!c.is_object()) fail(p, path, "expected an object such as {\"lab\": \"platelets\", \"value\": 110, \"unit\": \"10*9/L\"}");
      int kinds = 0;
      for (const char* k : {"lab", "score", "finding", "history", "sex", "birth_date"}) kinds += c.contains(k) ? 1 : 0;
      if (kinds != 1) fail(p, path, "expected exactly one of \"lab\", \"score\", \"finding\", \"history\", \"sex\", \"birth_date\"");
      if (c.contains("lab"))
         out.push_back(change_lab(p, c, path, date, catalogue));
      else if (c.contains("score"))
         out.push_back(change_score(p, c, path, date, catalogue));
      else if (c.contains("finding"))
         out.push_back(change_finding(p, c, path, date, catalogue));
      else if (c.contains("history"))
         out.push_back(change_history(p, c, path, catalogue));
      else if (c.contains("sex")) {
         const std::string s = text_member(p, c, path, "sex", "\"female\", \"male\" or \"unknown\"");
         const auto sex = native_sex(s);
         if (!sex) fail(p, path + ".sex", "expected \"female\", \"male\" or \"unknown\", got \"" + s + "\"");
         out.push_back({"sex", "sex", "Sex", p.sex.empty() ? "not recorded" : p.sex, sex->empty() ? "unknown" : *sex, path});
         p.sex = *sex;
      }
      else {
         const std::string s = text_member(p, c, path, "birth_date", "YYYY-MM-DD, YYYY-MM or YYYY");
         const auto d = parse_partial_date(s);
         if (!d) fail(p, path + ".birth_date", "not a date: \"" + s + "\" (expected YYYY-MM-DD, YYYY-MM or YYYY, a day that exists)");
         out.push_back({"birth_date", "birth_date", "Birth date", p.birth_date ? p.birth_date->text : std::string("not recorded"), s, path});
         p.birth_date = d;
      }
   }
   return out;
}

std::string describe(const WhatIfChange& c) { return c.item + " " + c.from + " → " + c.to; }

namespace {

// Criteria by id, through the nested ones.
void index_criteria(const ojson& criteria, std::map<std::string, const ojson*>& by_id)
{
   if (!criteria.is_array()) return;
   for (const auto& c : criteria) {
      if (auto id = c.find("id"); id != c.end() && id->is_string()) by_id[id->get<std::string>()] = &c;
      if (auto ch = c.find("children"); ch != c.end()) index_criteria(*ch, by_id);
   }
}

void mark_criteria(ojson& criteria, const std::map<std::string, const ojson*>& record)
{
   if (!criteria.is_array()) return;
   for (auto& c : criteria) {
      if (auto id = c.find("id"); id != c.end() && id->is_string())
         if (auto r = record.find(id->get<std::string>()); r != record.end()) {
            const ojson& was = *r->second;
            const ojson none;
            const ojson& result = was.contains("result") ? was.at("result") : none;
            const ojson& why = was.contains("why") ? was.at("why") : none;
            if (result != (c.contains("result") ? c.at("result") : none) || why != (c.contains("why") ? c.at("why") : none))
               c["what_if"] = {{"record_result", result}, {"record_why", why}};
         }
      if (auto ch = c.find("children"); ch != c.end()) mark_criteria(*ch, record);
   }
}

void mark_trial(ojson& changed, const ojson& record)
{
   std::map<std::string, const ojson*> by_id;
   if (auto cs = record.find("criteria"); cs != record.end()) index_criteria(*cs, by_id);
   if (auto cs = changed.find("criteria"); cs != changed.end()) mark_criteria(*cs, by_id);
   if (record.contains("verdict")) changed["what_if"] = {{"record_verdict", record.at("verdict")}, {"record_near_miss", record.value("near_miss", false)}};
}

}  // namespace

void mark_what_if(ojson& changed, const ojson& record, const std::vector<WhatIfChange>& changes)
{
   ojson list = ojson::array();
   for (const auto& c : changes)
      list.push_back({{"kind", c.kind}, {"key", c.key}, {"item", c.item}, {"from", c.from}, {"to", c.to}, {"field", c.field}, {"text", describe(c)}});
   if (changed.contains("trials") && changed.at("trials").is_array()) {
      std::map<std::string, const ojson*> by_trial;
      if (record.contains("trials"))
         for (const auto& t : record.at("trials"))
            if (t.contains("trial")) by_trial[t.at("trial").get<std::string>()] = &t;
      for (auto& t : changed.at("trials"))
         if (auto r = by_trial.find(t.value("trial", std::string())); r != by_trial.end()) mark_trial(t, *r->second);
   }
   else
      mark_trial(changed, record);
   changed["what_if"]["changes"] = list;
}

}  // namespace eligo
