#include "engine/report/report.hpp"

#include <algorithm>
#include <functional>
#include <iomanip>
#include <set>

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

json criterion_json(const CriterionResult& r)
{
   const Criterion& c = *r.criterion;
   json j = {{"section", c.section},        {"text", c.text}, {"line", c.line}, {"result", to_string(r.outcome.result)}, {"why", r.outcome.why},
             {"missing", r.outcome.missing}};
   if (!c.as.empty()) j["as"] = c.as;
   if (!c.notes.empty()) j["notes"] = c.notes;
   if (c.manual) j["manual"] = true;
   if (!r.children.empty()) {
      j["children"] = json::array();
      for (const auto& ch : r.children) j["children"].push_back(criterion_json(ch));
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

json to_json(const TrialResult& r)
{
   json j = {{"trial", r.trial->id}, {"title", r.trial->title}, {"verdict", to_string(r.verdict)}, {"missing", r.missing}, {"criteria", json::array()}};
   for (const auto& c : r.criteria) j["criteria"].push_back(criterion_json(c));
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
   return {{"file", r.path},
           {"trial", r.id},
           {"criteria", r.criteria},
           {"manual", r.manual},
           {"errors", diagnostics(r.errors)},
           {"warnings", diagnostics(r.warnings)}};
}

namespace {

// What a result means for eligibility: an inclusion must be met, an exclusion must not be.
enum class Standing { satisfied, failing, open };

Standing standing(const CriterionResult& r)
{
   if (r.outcome.result == Tri::unknown) return Standing::open;
   return rules_out(r) ? Standing::failing : Standing::satisfied;
}

// Readable without colour: a symbol and the result in words.
std::string mark(const CriterionResult& r, bool top)
{
   const char* word = r.outcome.result == Tri::met ? "met" : r.outcome.result == Tri::not_met ? "not met" : "unknown";
   if (!top) return std::string("  ") + word;
   const char* sym = standing(r) == Standing::satisfied ? "✓" : standing(r) == Standing::failing ? "✗" : "?";
   return std::string(sym) + " " + word;
}

void print_criterion(std::ostream& out, const CriterionResult& r, int depth)
{
   const Criterion& c = *r.criterion;
   const std::string pad(static_cast<std::size_t>(2 + depth * 4), ' ');
   std::string head = mark(r, depth == 0);
   std::size_t width = 0;  // in code points, so that ✓ and ✗ line up
   for (unsigned char ch : head) width += (ch & 0xC0) != 0x80;
   head += std::string(width < 12 ? 12 - width : 1, ' ');
   out << pad << head << (depth == 0 ? c.section.substr(0, 3) + " " : std::string()) << "line " << c.line << ": " << c.text << "\n";
   const std::string sub = pad + "    ";
   if (!c.as.empty()) out << sub << "read as: " << c.as << "\n";
   for (const auto& n : c.notes) out << sub << "note: " << n << "\n";
   if (r.children.empty() || c.manual) out << sub << "why: " << r.outcome.why << "\n";
   for (const auto& ch : r.children) print_criterion(out, ch, depth + 1);
}

}  // namespace

void print_trial_text(std::ostream& out, const TrialResult& r)
{
   out << r.trial->id << " — " << to_string(r.verdict) << "\n";
   out << "  " << r.trial->title << "\n";
   if (r.trial->lab_window_days) out << "  labs must be within " << *r.trial->lab_window_days << " days of screening\n";
   for (const auto& c : r.criteria) print_criterion(out, c, 0);
   if (r.verdict == Verdict::indeterminate && !r.missing.empty()) {
      out << "  what would settle it:";
      for (std::size_t i = 0; i < r.missing.size(); ++i) out << (i ? ", " : " ") << r.missing[i];
      out << "\n";
   }
}

void print_screen_text(std::ostream& out, const Patient& patient, const Date& date, const std::vector<TrialResult>& results)
{
   out << "Patient " << patient.id << ", screened on " << date.str() << " against " << results.size() << " trial" << (results.size() == 1 ? "" : "s") << "\n\n";
   std::size_t idw = 34;  // the TRIAL column fits the longest id
   for (const auto& r : results) idw = std::max(idw, r.trial->id.size() + 2);
   out << std::left << std::setw(static_cast<int>(idw)) << "TRIAL" << std::setw(15) << "VERDICT" << std::right << std::setw(10) << "SATISFIED" << std::setw(9) << "FAILING"
       << std::setw(6) << "OPEN"
       << "  MISSING\n";
   for (const auto& r : results) {
      int met = 0, not_met = 0, unknown = 0;
      for (const auto& c : r.criteria) (standing(c) == Standing::satisfied ? met : standing(c) == Standing::failing ? not_met : unknown)++;
      std::string missing;
      auto clip = [](std::string m) {  // the table shows the start of a long item; the detail below has it whole
         if (m.size() <= 60) return m;
         std::size_t cut = 60;
         while (cut > 0 && (static_cast<unsigned char>(m[cut]) & 0xC0) == 0x80) --cut;
         return m.substr(0, cut) + "…";
      };
      for (std::size_t i = 0; i < r.missing.size() && i < 4; ++i) missing += (i ? ", " : "") + clip(r.missing[i]);
      if (r.missing.size() > 4) missing += ", +" + std::to_string(r.missing.size() - 4) + " more";
      out << std::left << std::setw(static_cast<int>(idw)) << r.trial->id << std::setw(15) << to_string(r.verdict) << std::right << std::setw(10) << met << std::setw(9) << not_met
          << std::setw(6) << unknown << "  " << missing << "\n";
   }
   out << "\nSATISFIED: inclusions met and exclusions not met. FAILING: the criteria that make a trial ineligible. OPEN: unknown.\n";
   for (const auto& r : results) {
      out << "\n";
      print_trial_text(out, r);
   }
}

}  // namespace eligo

namespace eligo {

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
      json j = {{"concept", r.concept_->id}, {"text", r.text}, {"status", r.status}};
      j["start"] = r.start ? json(r.start->str()) : json(nullptr);
      j["end"] = r.end ? json(r.end->str()) : json(nullptr);
      if (!r.mapped_by.empty()) j["mapped_by"] = r.mapped_by;
      j["source"] = r.field;
      out.push_back(j);
   }
   return out;
}

}  // namespace

json profile_json(const Patient& p, const Date& date)
{
   json j = {{"patient", p.id}, {"format", p.format}, {"date", date.str()}, {"sex", p.sex.empty() ? json(nullptr) : json(p.sex)}};
   if (p.birth_date) {
      // A partial birth date bounds the age: born late in the period gives the lower bound.
      const int lo = completed_years(p.birth_date->latest, date), hi = completed_years(p.birth_date->earliest, date);
      j["birth_date"] = p.birth_date->text;
      j["age"] = {{"low", lo}, {"high", hi}};
      if (!p.birth_date->exact())
         j["age_note"] = "partial birth date " + p.birth_date->text + ": born between " + p.birth_date->earliest.str() + " and " + p.birth_date->latest.str() +
                         ", so " + std::to_string(lo) + (lo == hi ? "" : "–" + std::to_string(hi)) + " years on " + date.str();
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
                {"comparator", l.comparator},
                {"canonical", l.canonical},
                {"canonical_unit", a.canonical.code},
                {"date", l.date.str()}};
      if (!l.time.empty()) x["time"] = l.time;
      x["reference_range"] = l.low || l.high ? json{{"low", l.low ? json(*l.low) : json(nullptr)}, {"high", l.high ? json(*l.high) : json(nullptr)}} : json(nullptr);
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
   j["conditions"] = records_json(p.conditions);
   j["medications"] = records_json(p.medications);
   j["procedures"] = records_json(p.procedures);
   j["allergies"] = records_json(p.allergies);
   if (!p.resource_counts.empty()) j["resources"] = p.resource_counts;
   // Read but not used: grouped by what and why, with the resources.
   json unused = json::array();
   std::map<std::pair<std::string, std::string>, std::size_t> group;
   for (const auto& u : p.unused) {
      auto [it, fresh] = group.emplace(std::make_pair(u.detail, u.reason), unused.size());
      if (fresh) unused.push_back({{"what", u.detail}, {"reason", u.reason}, {"count", 0}, {"resources", json::array()}});
      json& g = unused[it->second];
      g["count"] = g["count"].get<int>() + 1;
      g["resources"].push_back(u.resource);
   }
   j["unused"] = unused;
   return j;
}

void print_profile_text(std::ostream& out, const json& j)
{
   out << "Patient " << j["patient"].get<std::string>() << " (" << j["format"].get<std::string>() << "), profile on " << j["date"].get<std::string>() << "\n";
   out << "  sex: " << (j["sex"].is_null() ? std::string("unknown") : j["sex"].get<std::string>()) << "\n";
   if (j.contains("deceased")) out << "  DECEASED: " << j["deceased"].get<std::string>() << " (Patient.deceased); the age below is as if alive\n";
   if (j["birth_date"].is_null())
      out << "  birth date: unknown\n";
   else {
      const int lo = j["age"]["low"], hi = j["age"]["high"];
      out << "  birth date: " << j["birth_date"].get<std::string>() << ", age " << lo << (lo == hi ? "" : "–" + std::to_string(hi)) << "\n";
      if (j.contains("age_note")) out << "    " << j["age_note"].get<std::string>() << "\n";
   }
   out << "\nLabs (" << j["labs"].size() << ", newest first):\n";
   for (const auto& l : j["labs"]) {
      const std::string cu = display_unit(l["canonical_unit"].get<std::string>());
      out << "  " << std::left << std::setw(34) << l["display"].get<std::string>() << " " << std::setw(11) << l["date"].get<std::string>() << " "
          << l["comparator"].get<std::string>() << num(l["value"]) << (l["unit"].get<std::string>().empty() || l["unit"] == "1" ? "" : " " + l["unit"].get<std::string>());
      const bool same = display_unit(l["unit"].get<std::string>()) == cu || (cu.empty() && l["value"].get<double>() == l["canonical"].get<double>());
      if (!same) out << " = " << num(l["canonical"]) << (cu.empty() ? "" : " " + cu);
      if (!l["reference_range"].is_null()) {
         const auto& rr = l["reference_range"];
         out << "  [ref " << (rr["low"].is_null() ? std::string("–") : num(rr["low"])) << "–" << (rr["high"].is_null() ? std::string("") : num(rr["high"])) << (cu.empty() ? "" : " " + cu)
             << "]";
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
      out << "\n" << list << " (" << l.size() << (j.value("lists_partial", false) ? ", one page of a search: not complete" : ", taken as complete") << "):\n";
      for (const auto& r : l) {
         out << "  " << std::left << std::setw(28) << r["concept"].get<std::string>() << " " << r["text"].get<std::string>();
         if (!r["start"].is_null()) out << ", from " << r["start"].get<std::string>();
         if (!r["end"].is_null()) out << " to " << r["end"].get<std::string>();
         out << " [" << r["status"].get<std::string>() << "]";
         if (r.contains("mapped_by")) out << " by " << r["mapped_by"].get<std::string>();
         out << "\n";
      }
   }
   if (j.contains("resources")) {
      out << "\nResources read:";
      for (const auto& [t, n] : j["resources"].items()) out << " " << t << " " << n.get<int>() << ";";
      out << "\n";
   }
   out << "\nRead but not used (" << j["unused"].size() << " kinds):" << (j["unused"].empty() ? " none" : "") << "\n";
   for (const auto& u : j["unused"]) {
      const int n = u["count"];
      const std::string what = u["what"], first = u["resources"][0];
      if (what.rfind("×", 0) == 0)
         out << "  " << first << " " << what << ": " << u["reason"].get<std::string>() << "\n";
      else
         out << "  " << n << " × " << (what.empty() ? first : what) << ": " << u["reason"].get<std::string>() << " (" << first << (n > 1 ? ", …" : "") << ")\n";
   }
}

}  // namespace eligo

namespace eligo {

namespace {

// The kind of one criterion line, by what its compiled form tests (the first that applies).
std::string kind_of(const Predicate& p)
{
   bool lab = false, score = false, age_sex = false, fact = false;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.kind == Predicate::Kind::measure && q.analyte) (q.analyte->id == "age" ? age_sex : lab) = true;
      if (q.kind == Predicate::Kind::lab_window) lab = true;
      if (q.kind == Predicate::Kind::score) score = true;
      if (q.kind == Predicate::Kind::sex) age_sex = true;
      if (q.kind == Predicate::Kind::fact) fact = true;
      for (const auto& c : q.children) walk(c);
   };
   walk(p);
   return lab ? "lab" : score ? "score" : age_sex ? "age_sex" : fact ? "history" : "other";
}

void count_lines(const std::vector<Criterion>& cs, json& t)
{
   for (const auto& c : cs) {
      if (!c.children.empty() && !c.manual) {
         count_lines(c.children, t);  // a caption: its lines are counted
         continue;
      }
      t["criteria"] = t["criteria"].get<int>() + 1;
      if (c.manual)
         t["manual"] = t["manual"].get<int>() + 1;
      else {
         t["compiled"] = t["compiled"].get<int>() + 1;
         const std::string k = kind_of(c.predicate);
         t["by_kind"][k] = t["by_kind"][k].get<int>() + 1;
      }
   }
}

json zero_counts()
{
   return {{"criteria", 0}, {"compiled", 0}, {"manual", 0}, {"by_kind", {{"lab", 0}, {"score", 0}, {"age_sex", 0}, {"history", 0}, {"other", 0}}}};
}

}  // namespace

json coverage_json(const std::vector<CompileResult>& results)
{
   json out = {{"format", "eligo-coverage/1"}, {"trials", json::array()}, {"total", zero_counts()}};
   json& total = out["total"];
   total["trials"] = 0;
   for (const auto& r : results) {
      json t = {{"trial", r.id}, {"path", r.path}};
      t.update(zero_counts());
      if (r.trial) count_lines(r.trial->criteria, t);
      t["errors"] = r.errors.size();
      for (const char* k : {"criteria", "compiled", "manual"}) total[k] = total[k].get<int>() + t[k].get<int>();
      for (auto& [k, v] : t["by_kind"].items()) total["by_kind"][k] = total["by_kind"][k].get<int>() + v.get<int>();
      total["trials"] = total["trials"].get<int>() + 1;
      out["trials"].push_back(t);
   }
   return out;
}

void print_coverage_text(std::ostream& out, const json& c)
{
   auto row = [&](const std::string& name, const json& t) {
      const int n = t["criteria"], ok = t["compiled"];
      char pct[16];
      std::snprintf(pct, sizeof pct, "%5.1f%%", n ? 100.0 * ok / n : 0.0);
      out << std::left << std::setw(46) << name << std::right << std::setw(6) << n << std::setw(9) << ok << std::setw(7) << t["manual"].get<int>() << "  " << pct;
      for (const char* k : {"lab", "score", "age_sex", "history", "other"}) out << std::setw(9) << t["by_kind"][k].get<int>();
      out << "\n";
   };
   out << std::left << std::setw(46) << "TRIAL" << std::right << std::setw(6) << "LINES" << std::setw(9) << "COMPILED" << std::setw(7) << "MANUAL"
       << "  " << std::setw(6) << "SHARE";
   for (const char* k : {"LAB", "SCORE", "AGE/SEX", "HISTORY", "OTHER"}) out << std::setw(9) << k;
   out << "\n";
   for (const auto& t : c["trials"]) row(t["trial"].get<std::string>(), t);
   row("TOTAL (" + std::to_string(c["total"]["trials"].get<int>()) + " trials)", c["total"]);
   out << "LINES: criterion lines (a caption's nested lines count, not the caption). Kinds count compiled lines by what they test.\n";
}

}  // namespace eligo

// ---- the answers the CLI and the HTTP API share ---------------------------

#include "grammar/parse_criterion.hpp"

namespace eligo {

std::vector<std::string> patient_warnings(const Patient& p)
{
   std::vector<std::string> w;
   if (p.deceased) w.push_back("the patient is recorded as deceased (" + *p.deceased + "); the verdicts below are as if alive");
   if (p.lists_partial) w.push_back("the bundle is one page of a search result: no history list is taken as complete");
   return w;
}

json screen_json(const Patient& patient, const Date& date, const std::vector<TrialResult>& results)
{
   json j = {{"patient", patient.id}, {"date", date.str()}, {"trials", json::array()}};
   if (auto w = patient_warnings(patient); !w.empty()) j["warnings"] = w;
   for (const auto& r : results) j["trials"].push_back(to_json(r));
   return j;
}

json check_json(const Patient& patient, const Date& date, const TrialResult& result)
{
   json j = to_json(result);
   j["patient"] = patient.id;
   j["date"] = date.str();
   if (auto w = patient_warnings(patient); !w.empty()) j["warnings"] = w;
   return j;
}

json eval_json(const Outcome& o, const Predicate& p)
{
   return {{"result", to_string(o.result)}, {"why", o.why}, {"missing", o.missing}, {"tree", to_json(p)}};
}

CriterionCompile compile_criterion_text(std::string_view text, const CatalogueLexicon& lexicon)
{
   CriterionCompile c;
   try {
      c.predicate = compile_criterion(text, lexicon, c.warnings);
      return c;
   }
   catch (const grammar::SyntaxError& e) {
      c.error = e.message;
      c.column = e.column;
   }
   catch (const BindError& e) {
      c.error = e.message;
      c.column = grammar::column_of(text, e.byte);
   }
   c.caret = "  " + grammar::caret_line(text, c.column);
   return c;
}

namespace {

json criterion_definition(const Criterion& c)
{
   json j = {{"section", c.section}, {"line", c.line}, {"text", c.text}};
   if (!c.as.empty()) j["as"] = c.as;
   if (!c.notes.empty()) j["notes"] = c.notes;
   j["manual"] = c.manual;
   if (c.manual)
      j["reason"] = c.predicate.reason;
   else
      j["compiled"] = to_string(c.predicate);
   if (!c.children.empty()) {
      j["children"] = json::array();
      for (const auto& ch : c.children) j["children"].push_back(criterion_definition(ch));
   }
   return j;
}

// The form's fields, in first-use order, without repeats.
struct Inputs {
   const Catalogue& catalogue;
   std::vector<const Analyte*> labs;
   std::set<const Analyte*> uln;  // labs compared with their ULN or LLN: the form asks for the reference range
   std::vector<const Score*> scores;
   std::vector<std::pair<std::string, const Concept*>> history;  // list name, concept
   bool age = false, sex = false;

   template <class T>
   static void add(std::vector<T>& v, T x)
   {
      if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
   }
   void lab(std::string_view id)
   {
      if (const Analyte* a = catalogue.analyte(id)) add(labs, a);
   }
   void score(std::string_view id)
   {
      if (const Score* s = catalogue.score(id)) add(scores, s);
   }

   void walk(const Predicate& p)
   {
      switch (p.kind) {
         case Predicate::Kind::measure:
            if (p.analyte->id == "age")
               age = true;
            else {
               add(labs, p.analyte);
               if (p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal) uln.insert(p.analyte);
            }
            break;
         case Predicate::Kind::score:
            // A derived score can be given as it is, or from what it is derived from.
            if (p.score->derived == "child_pugh") {
               for (auto id : {"total_bilirubin", "albumin", "inr"}) lab(id);
               for (auto id : {"ascites", "hepatic_encephalopathy"}) score(id);
            }
            else if (p.score->derived == "albi")
               for (auto id : {"total_bilirubin", "albumin"}) lab(id);
            add(scores, p.score);
            break;
         case Predicate::Kind::sex: sex = true; break;
         case Predicate::Kind::fact: {
            const std::string list = p.allergy                            ? "allergies"
                                     : p.concept_->kind == "condition"     ? "conditions"
                                     : p.concept_->kind == "medication"    ? "medications"
                                     : p.concept_->kind == "procedure"     ? "procedures"
                                                                           : "findings";
            add(history, std::make_pair(list, p.concept_));
            break;
         }
         default: break;
      }
      for (const auto& c : p.children) walk(c);
   }
   void walk(const Criterion& c)
   {
      if (!c.manual) walk(c.predicate);
      for (const auto& ch : c.children) walk(ch);
   }
};

}  // namespace

json trial_json(const Trial& t)
{
   json j = {{"id", t.id}, {"title", t.title}, {"file", t.path}, {"header", t.header}, {"criteria_count", t.count_criteria()}, {"manual_count", t.count_manual()}};
   if (t.lab_window_days) j["lab_window_days"] = *t.lab_window_days;
   j["criteria"] = json::array();
   for (const auto& c : t.criteria) j["criteria"].push_back(criterion_definition(c));
   return j;
}

json trial_inputs_json(const std::vector<const Trial*>& trials, const Catalogue& catalogue)
{
   Inputs in{catalogue, {}, {}, {}, {}};
   for (const Trial* t : trials)
      for (const auto& c : t->criteria) in.walk(c);
   json labs = json::array();
   for (const Analyte* a : in.labs) {
      json units = json::array();
      // One entry per unit a user can tell apart: "{INR}" and "1" are both "no unit".
      std::set<std::string> shown;
      for (const auto& u : a->units) {
         std::string d = display_unit(u);
         if (d.empty() || u.front() == '{') d = "(no unit)";
         if (shown.insert(d).second) units.push_back({{"code", u}, {"display", d}});
      }
      json l = {{"analyte", a->id}, {"display", a->display}, {"units", units}, {"uln", in.uln.count(a) > 0}};
      if (a->reference_range) l["default_range"] = {{"low", a->reference_range->low}, {"high", a->reference_range->high}, {"unit", a->canonical.code}};
      labs.push_back(l);
   }
   json scores = json::array();
   for (const Score* s : in.scores) {
      // One choice per value: its number (or first label) and every label that names it.
      json labels = json::array();
      auto spelled = [&](const std::string& l) { return s->label_spelling.count(l) ? s->label_spelling.at(l) : l; };
      if (s->numeric_labels)
         for (int v = s->min; v <= s->max; v += std::max(1, s->step)) {
            std::string names;
            for (const auto& l : s->label_order)
               if (s->labels.at(l) == std::make_pair(v, v)) names += (names.empty() ? "" : ", ") + spelled(l);
            labels.push_back({{"value", std::to_string(v)}, {"text", names.empty() ? std::to_string(v) : std::to_string(v) + " (" + names + ")"}});
         }
      else {
         std::vector<std::pair<std::pair<int, int>, std::vector<std::string>>> groups;
         for (const auto& l : s->label_order) {
            const auto range = s->labels.at(l);
            auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == range; });
            if (g == groups.end()) groups.push_back({range, {spelled(l)}});
            else g->second.push_back(spelled(l));
         }
         std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
         for (const auto& [range, names] : groups) {
            std::string text;
            for (const auto& n : names) text += (text.empty() ? "" : " / ") + n;
            labels.push_back({{"value", names.front()}, {"text", text}});
         }
      }
      json sj = {{"score", s->id}, {"display", s->display}, {"labels", labels}};
      if (!s->derived.empty()) sj["derived"] = s->derived;
      scores.push_back(sj);
   }
   json history = {{"conditions", json::array()}, {"medications", json::array()}, {"procedures", json::array()}, {"allergies", json::array()}};
   json findings = json::array();
   for (const auto& [list, c] : in.history) {
      json cj = {{"concept", c->id}, {"display", c->display}};
      if (!c->sex.empty()) cj["sex"] = c->sex;
      if (list == "findings")
         findings.push_back(cj);
      else
         history[list].push_back(cj);
   }
   return {{"birth_date", in.age}, {"sex", in.sex}, {"labs", labs}, {"scores", scores}, {"findings", findings}, {"history", history}};
}

}  // namespace eligo
