#include "engine/import/importer.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/patient/patient.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

using nlohmann::json;

namespace {

std::string trim(const std::string& s)
{
   std::size_t b = 0, e = s.size();
   while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
   while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
   return s.substr(b, e - b);
}

std::string lower(std::string s)
{
   for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   return s;
}

// The bullet marker a line starts with ("* ", "- ", "• ", "1. ", "2) ", "a) "), or 0.
std::size_t bullet_length(const std::string& s)
{
   if (s.size() >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+') && s[1] == ' ') return 2;
   if (s.rfind("\xE2\x80\xA2", 0) == 0) return 3 + (s.size() > 3 && s[3] == ' ' ? 1 : 0);  // •
   std::size_t i = 0;
   while (i < s.size() && i < 3 && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
   if (i == 0 && s.size() >= 3 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ')' && s[2] == ' ') return 3;
   if (i > 0 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') return i + 2;
   return 0;
}

std::size_t indent_of(const std::string& line)
{
   std::size_t n = 0;
   for (char c : line) {
      if (c == ' ')
         ++n;
      else if (c == '\t')
         n += 4;
      else
         break;
   }
   return n;
}

bool is_section_heading(const std::string& low, const char* which)
{
   // "Inclusion Criteria:", "**Inclusion criteria**", "## Key Inclusion Criteria"
   std::string s;
   for (char c : low)
      if (c != '*' && c != '#' && c != ':') s += c;
   s = trim(s);
   if (s.rfind("key ", 0) == 0) s = s.substr(4);
   return s == std::string(which) + " criteria" || s == which;
}

}  // namespace

std::string undo_markdown_escapes(const std::string& text)
{
   std::string out;
   for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
         out += text[++i];
         continue;
      }
      out += text[i];
   }
   return out;
}

std::vector<ImportedLine> split_criteria_text(const std::string& raw)
{
   std::vector<ImportedLine> out;
   std::vector<std::size_t> indents;  // the indent of each open bullet level
   bool blank = true;                 // the previous line was blank (or there was none)
   bool last_is_bullet = false;
   std::istringstream in(undo_markdown_escapes(raw));
   std::string line;
   while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::string t = trim(line);
      if (t.empty()) {
         blank = true;
         continue;
      }
      const std::size_t ind = indent_of(line);
      const std::size_t b = bullet_length(t);
      // A line without a bullet continues the one before when it is indented under it (a hard wrap);
      // one that comes back to the bullet's margin or further left starts anew ("PATIENT CHARACTERISTICS:").
      const bool under = indents.empty() || ind > indents.back();
      if (b == 0 && !out.empty() && ((!blank && under) || (blank && last_is_bullet && ind > indents.back()))) {
         // A hard-wrapped continuation of the line before.
         out.back().text += " " + t;
         blank = false;
         continue;
      }
      ImportedLine item;
      if (b == 0) {
         item.text = t;
         item.heading = t.back() == ':';
         indents.clear();
         last_is_bullet = false;
         if (item.heading) item.depth = 0;
      }
      else {
         item.text = trim(t.substr(b));
         while (!indents.empty() && ind < indents.back()) indents.pop_back();
         if (indents.empty() || ind > indents.back()) indents.push_back(ind);
         item.depth = indents.size() - 1;
         last_is_bullet = true;
      }
      if (!item.text.empty()) out.push_back(std::move(item));
      blank = false;
   }
   return out;
}

namespace {

struct Node {
   std::string text;
   bool heading = false;
   std::string manual;
   std::string note;
   std::vector<Node> children;
};

std::vector<Node> tree_of(const std::vector<ImportedLine>& lines)
{
   std::vector<Node> roots;
   std::vector<std::vector<Node>*> levels = {&roots};
   for (const auto& l : lines) {
      if (l.heading && l.depth == 0) {
         // A heading ("DISEASE CHARACTERISTICS:") that no bullet hangs under is kept as a comment;
         // bullets below it stay at the top level.
         roots.push_back(Node{l.text, true, "", "", {}});
         levels.assign(1, &roots);
         continue;
      }
      std::size_t d = std::min(l.depth, levels.size() - 1);
      levels.resize(d + 1);
      levels[d]->push_back(Node{l.text, false, "", "", {}});
      if (levels.size() <= 8) levels.push_back(&levels[d]->back().children);
   }
   return roots;
}

// "18 Years", "6 Months" -> years; empty when absent or not in years/months.
std::optional<double> years(const std::string& s)
{
   std::istringstream in(s);
   double n = 0;
   std::string unit;
   if (!(in >> n >> unit)) return std::nullopt;
   unit = lower(unit);
   if (unit.rfind("year", 0) == 0) return n;
   if (unit.rfind("month", 0) == 0) return n / 12.0;
   return std::nullopt;
}

std::string fmt(double v)
{
   std::ostringstream o;
   o << v;
   return o.str();
}

// Renders the tree as a trial file; line_of maps each written bullet line to its node.
std::string render(const std::map<std::string, std::string>& header, const std::vector<std::string>& header_order, std::vector<Node>& inclusion,
                   std::vector<Node>& exclusion, const std::vector<std::string>& comments, std::map<std::size_t, Node*>& line_of)
{
   std::ostringstream o;
   std::size_t line = 1;
   auto put = [&](const std::string& s) {
      o << s << "\n";
      ++line;
   };
   for (const auto& c : comments) put("# " + c);
   put("");
   for (const auto& k : header_order)
      if (auto it = header.find(k); it != header.end()) put(k + ": " + it->second);
   line_of.clear();
   std::function<void(std::vector<Node>&, std::size_t)> section = [&](std::vector<Node>& nodes, std::size_t depth) {
      for (auto& n : nodes) {
         const std::string pad(2 * depth, ' ');
         if (n.heading) {
            put(pad + "# " + n.text);
            continue;
         }
         line_of[line] = &n;
         put(pad + "- " + n.text);
         if (!n.note.empty()) put(pad + "  note: " + n.note);
         if (!n.manual.empty()) put(pad + "  manual: " + n.manual);
         section(n.children, depth + 1);
      }
   };
   put("");
   put("inclusion:");
   section(inclusion, 0);
   put("");
   put("exclusion:");
   section(exclusion, 0);
   return o.str();
}

std::size_t count(const std::vector<Node>& nodes, bool manual_only)
{
   std::size_t n = 0;
   for (const auto& x : nodes)
      if (!x.heading) n += (manual_only ? !x.manual.empty() : 1) + count(x.children, manual_only);
   return n;
}

// Age thresholds a compiled predicate states: the lowest and highest accepted age, in years.
void age_bounds(const Predicate& p, std::optional<double>& lo, std::optional<double>& hi)
{
   if (p.kind == Predicate::Kind::measure && p.analyte && p.analyte->id == "age") {
      if (p.test == Predicate::Test::range) {
         lo = p.written;
         hi = p.written_high;
      }
      else if (p.op == Comparator::ge || p.op == Comparator::gt)
         lo = p.written;
      else if (p.op == Comparator::le || p.op == Comparator::lt)
         hi = p.written;
   }
   for (const auto& c : p.children) age_bounds(c, lo, hi);
}

// A slip the compiler warns about (a threshold the plausibility check flags, a thousands dot, a
// bare "=" on a continuous value: binder.hpp, WarningCategory::slip) is never evaluated literally
// in a draft: the line is manual review, and the note gives the reading it probably stands for
// when that reading compiles without a slip. Nothing for any other warning.
std::optional<std::string> slip_review(const Diagnostic& w, const CatalogueLexicon& lexicon)
{
   if (w.category != WarningCategory::slip) return std::nullopt;
   std::string note = w.draft_note.empty() ? w.message : w.draft_note;
   bool suggested = false;
   if (!w.suggestion.empty()) {
      // The line compiled in its section, so a comparison it lacks was inferred: only in the inclusion section.
      std::vector<Warning> again;
      try {
         compile_criterion(w.suggestion, lexicon, again, Section::inclusion);
         suggested = std::none_of(again.begin(), again.end(), [](const Warning& x) { return x.category == WarningCategory::slip; });
      }
      catch (const CriterionError&) {
      }
   }
   return note + (suggested ? " — confirm with `as: " + w.suggestion + "`" : " — state the intended reading with `as:`");
}

}  // namespace

ImportResult import_record(const std::string& json_text, const std::string& source, const CatalogueLexicon& lexicon)
{
   json j;
   try {
      j = json::parse(json_text);
   }
   catch (const json::parse_error& e) {
      throw InputError(source + ": malformed JSON: " + e.what());
   }
   if (!j.is_object()) throw InputError(source + ": expected a ClinicalTrials.gov study (JSON object)");
   auto str = [](const json& o, const char* k) { return o.contains(k) && o.at(k).is_string() ? o.at(k).get<std::string>() : std::string(); };
   std::string id, title, min_age, max_age, sex, inclusion_text, exclusion_text;
   std::vector<std::string> conditions;
   if (j.contains("protocolSection")) {
      const json& ps = j.at("protocolSection");
      const json idm = ps.value("identificationModule", json::object());
      const json el = ps.value("eligibilityModule", json::object());
      id = str(idm, "nctId");
      title = str(idm, "briefTitle").empty() ? str(idm, "officialTitle") : str(idm, "briefTitle");
      min_age = str(el, "minimumAge");
      max_age = str(el, "maximumAge");
      sex = str(el, "sex");
      for (const auto& c : ps.value("conditionsModule", json::object()).value("conditions", json::array()))
         if (c.is_string()) conditions.push_back(c.get<std::string>());
      // One text with "Inclusion Criteria:" and "Exclusion Criteria:" headings.
      std::istringstream in(str(el, "eligibilityCriteria"));
      std::string line, *target = &inclusion_text;
      while (std::getline(in, line)) {
         const std::string low = lower(trim(line));
         if (is_section_heading(low, "inclusion")) {
            target = &inclusion_text;
            continue;
         }
         if (is_section_heading(low, "exclusion")) {
            target = &exclusion_text;
            continue;
         }
         *target += line + "\n";
      }
   }
   else if (j.contains("nct_id")) {
      id = str(j, "nct_id");
      title = str(j, "title");
      inclusion_text = str(j, "inclusion");
      exclusion_text = str(j, "exclusion");
      min_age = str(j, "minimum_age");
      max_age = str(j, "maximum_age");
      sex = str(j, "sex");
      if (j.contains("conditions") && j.at("conditions").is_array())
         for (const auto& c : j.at("conditions"))
            if (c.is_string()) conditions.push_back(c.get<std::string>());
   }
   else
      throw InputError(source + ": neither a ClinicalTrials.gov API v2 study (protocolSection) nor a corpus line (nct_id)");
   if (id.empty()) throw InputError(source + ": the record has no NCT id");

   ImportResult r;
   r.id = id;
   std::map<std::string, std::string> header;
   header["trial"] = id;
   header["title"] = title.empty() ? id : title;
   header["registry"] = "ClinicalTrials.gov " + id + " (imported by eligo import from " + source + ")";
   if (!min_age.empty()) header["minimum age"] = min_age;
   if (!max_age.empty()) header["maximum age"] = max_age;
   if (!sex.empty()) header["sex"] = sex;
   for (const auto& c : conditions)
      if (const Concept* k = lexicon.catalogue().concept_(c); k && k->kind == ConceptKind::condition) {
         header["condition"] = k->display;
         break;
      }
   std::vector<std::string> comments = {id + ": draft imported by `eligo import` from " + source + ".",
                                        "Registry wording is kept; lines that do not compile are manual review with the compiler's reason."};
   auto inclusion = tree_of(split_criteria_text(inclusion_text));
   auto exclusion = tree_of(split_criteria_text(exclusion_text));
   if (inclusion.empty() && exclusion.empty()) r.reports.push_back(id + ": the record has no eligibility text");

   // Registry age and sex fields become criteria.
   const auto lo = years(min_age), hi = years(max_age);
   if (lo && hi)
      inclusion.push_back(
          Node{"age " + fmt(*lo) + "-" + fmt(*hi) + " years", false, "", "From the registry's age fields (" + min_age + " to " + max_age + ").", {}});
   else if (lo)
      inclusion.push_back(Node{"age ≥ " + fmt(*lo) + " years", false, "", "From the registry's minimum age field (" + min_age + ").", {}});
   else if (hi)
      inclusion.push_back(Node{"age ≤ " + fmt(*hi) + " years", false, "", "From the registry's maximum age field (" + max_age + ").", {}});
   if (sex == "FEMALE" || sex == "MALE") inclusion.push_back(Node{lower(sex), false, "", "From the registry's sex field (" + sex + ").", {}});

   // Compile; every line with an error becomes manual review with the reason, until the file compiles.
   const std::vector<std::string> order = {"trial", "title", "registry", "condition", "minimum age", "maximum age", "sex"};
   std::map<std::size_t, Node*> line_of;
   for (int round = 0; round < 50; ++round) {
      r.trial_text = render(header, order, inclusion, exclusion, comments, line_of);
      const CompileResult c = compile_trial_text(r.trial_text, id + ".trial", lexicon);
      bool changed = false;
      auto make_manual = [&](std::size_t line, const std::string& reason) {
         auto it = line_of.upper_bound(line);
         if (it == line_of.begin()) return;
         --it;  // the bullet at or above the line
         Node* n = it->second;
         if (!n->manual.empty()) return;
         n->manual = reason.empty() ? "does not compile" : reason;
         changed = true;
      };
      for (const auto& e : c.errors) make_manual(e.line, e.message.substr(0, e.message.find('\n')));
      for (const auto& w : c.warnings)
         if (const std::optional<std::string> note = slip_review(w, lexicon)) make_manual(w.line, *note);
      if (c.errors.empty() && !changed) break;
      if (!changed) {
         r.reports.push_back(id + ": the draft still has errors after marking lines manual; first: " + c.errors.front().str());
         break;
      }
   }
   r.criteria = count(inclusion, false) + count(exclusion, false);
   r.manual = count(inclusion, true) + count(exclusion, true);

   // A conflict between the registry's age fields and an age criterion in the text is reported.
   std::function<void(const std::vector<Node>&)> scan = [&](const std::vector<Node>& nodes) {
      for (const auto& n : nodes) {
         if (!n.heading && n.manual.empty() && n.note.empty()) {
            std::vector<Warning> w;
            try {
               const Predicate p = compile_criterion(n.text, lexicon, w);
               std::optional<double> a, b;
               age_bounds(p, a, b);
               if ((a && lo && *a != *lo) || (b && hi && *b != *hi))
                  r.reports.push_back(id + ": age conflict: the registry's age fields say " + (min_age.empty() ? "-" : min_age) + " to " +
                                      (max_age.empty() ? "-" : max_age) + ", the criterion '" + n.text + "' says " + (a ? fmt(*a) : "-") + " to " +
                                      (b ? fmt(*b) : "-") + " years");
            }
            catch (const std::exception&) {
            }
         }
         scan(n.children);
      }
   };
   scan(inclusion);
   for (const auto& rep : r.reports) r.trial_text += "\n# REPORT: " + rep;
   if (!r.reports.empty()) r.trial_text += "\n";
   return r;
}

}  // namespace eligo
