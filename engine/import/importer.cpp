#include "engine/import/importer.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/core/text.hpp"
#include "engine/import/packed_items.hpp"
#include "engine/import/sections.hpp"
#include "engine/patient/patient.hpp"
#include "grammar/trial_file.hpp"

namespace eligo {

using nlohmann::json;

namespace {

struct Node {
   std::string text;
   bool heading = false;
   std::string manual;
   std::string as;
   std::vector<std::string> notes;
   std::vector<Node> children;
   bool from_field = false;        // written from the registry's age or sex field
   std::vector<std::string> deep;  // items nested deeper than a trial file holds, quoted in its notes
   bool structure_noted = false;   // the note that says how its items combine is written
};

Node heading_node(const std::string& text)
{
   Node n;
   n.text = text;
   n.heading = true;
   return n;
}

Node criterion_node(const std::string& text)
{
   Node n;
   n.text = text;
   return n;
}

Node field_node(const std::string& text, const std::string& note)
{
   Node n = criterion_node(text);
   n.notes.push_back(note);
   n.from_field = true;
   return n;
}

// The lines as a tree of bullets. A trial file holds 8 levels: what the registry nests deeper is quoted in the notes of the
// item at the 8th level, which becomes manual review, so that the draft still compiles and nothing is lost.
std::vector<Node> tree_of(const std::vector<ImportedLine>& lines)
{
   constexpr std::size_t deepest = grammar::max_trial_nesting - 1;  // the depth of the 8th level
   std::vector<Node> roots;
   std::vector<std::vector<Node>*> levels = {&roots};
   for (const auto& l : lines) {
      const std::size_t d = std::min(l.depth, levels.size() - 1);
      if (l.heading) {
         // A heading ("DISEASE CHARACTERISTICS:", "Chemotherapy") is kept as a comment; the bullets below it stay where they are.
         levels.resize(d + 1);
         levels[d]->push_back(heading_node(l.text));
         continue;
      }
      if (d > deepest) {
         Node& holder = levels[deepest]->back();
         holder.deep.push_back("level " + std::to_string(l.depth + 1) + ": \"" + l.text + "\"");
         continue;
      }
      levels.resize(d + 1);
      levels[d]->push_back(criterion_node(l.text));
      levels.push_back(&levels[d]->back().children);
   }
   std::function<void(std::vector<Node>&)> quote_deep = [&](std::vector<Node>& nodes) {
      for (auto& n : nodes) {
         if (!n.deep.empty()) {
            n.manual = "the registry nests " + std::to_string(n.deep.size()) + " item" + (n.deep.size() == 1 ? "" : "s") +
                       " under this one deeper than the 8 levels a trial file holds; they are quoted in the notes and checked by hand";
            for (const auto& q : n.deep) n.notes.push_back("Nested item, " + q);
         }
         quote_deep(n.children);
      }
   };
   quote_deep(roots);
   return roots;
}

// "18 Years", "6 Months" -> years; empty when absent or not in years/months.
std::optional<double> years(const std::string& s)
{
   std::istringstream in(s);
   double n = 0;
   std::string unit;
   if (!(in >> n >> unit)) return std::nullopt;
   unit = lower_ascii(unit);
   if (unit.rfind("year", 0) == 0) return n;
   if (unit.rfind("month", 0) == 0) return n / 12.0;
   return std::nullopt;
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
         if (!n.as.empty()) put(pad + "  as: " + n.as);
         for (const auto& note : n.notes) put(pad + "  note: " + note);
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
// The age bounds a criterion states, and whether each is strict ("> 18", "< 76"): a strict bound agrees with a registry field
// one year inside it ("More than 18 years of age" beside a minimum age of 19 Years, as the trial then reads it).
void age_bounds(const Predicate& p, std::optional<double>& lo, std::optional<double>& hi, bool& lo_strict, bool& hi_strict)
{
   if (p.kind == Predicate::Kind::measure && p.analyte && p.analyte->id == "age" && p.unit.code == "a") {
      if (p.test == Predicate::Test::range) {
         lo = p.written;
         hi = p.written_high;
         lo_strict = p.low_open;
         hi_strict = p.high_open;
      }
      else if (p.op == Comparator::ge || p.op == Comparator::gt) {
         lo = p.written;
         lo_strict = p.op == Comparator::gt;
      }
      else if (p.op == Comparator::le || p.op == Comparator::lt) {
         hi = p.written;
         hi_strict = p.op == Comparator::lt;
      }
   }
   for (const auto& c : p.children) age_bounds(c, lo, hi, lo_strict, hi_strict);
}

// Writes into the draft what the compiler read of the structure, where the draft does not say it yet. True when it wrote.
bool write_structure(const std::vector<Criterion>& criteria, const std::map<std::size_t, Node*>& line_of)
{
   bool wrote = false;
   for (const auto& c : criteria) {
      if (c.joined && c.automatic_manual) {
         // Bullets joined in a way Eligo does not read: the first of them says so.
         if (const auto it = line_of.find(c.line); it != line_of.end() && it->second->manual.empty()) {
            it->second->manual = c.predicate.reason;
            wrote = true;
         }
         wrote = write_structure(c.children, line_of) || wrote;
         continue;
      }
      if (c.joined) {
         for (std::size_t k = 0; k + 1 < c.children.size(); ++k) {
            const auto it = line_of.find(c.children[k].line);
            if (it == line_of.end() || it->second->structure_noted) continue;
            const bool any = c.predicate.kind == Predicate::Kind::any;
            it->second->notes.push_back(std::string("The bullet ends in '") + (any ? "or" : "and") +
                                        "', which joins it to the next bullet: the two are read as one criterion, met when " +
                                        (any ? "either is met." : "both are met."));
            it->second->structure_noted = wrote = true;
         }
         wrote = write_structure(c.children, line_of) || wrote;
         continue;
      }
      const auto it = line_of.find(c.line);
      if (it != line_of.end()) {
         Node& n = *it->second;
         if (c.automatic_manual && n.manual.empty()) {
            n.manual = c.predicate.reason;
            wrote = true;
         }
         if (!c.combination.empty() && !n.structure_noted) {
            if (!c.quantifier.empty() && n.as.empty()) n.as = c.quantifier;
            n.notes.push_back("Read as " + c.combination + ".");
            n.structure_noted = wrote = true;
         }
      }
      wrote = write_structure(c.children, line_of) || wrote;
   }
   return wrote;
}

// The analytes and scores a compiled predicate tests (ids): what a limit is a limit of.
void measures_of(const Predicate& p, std::set<std::string>& out)
{
   if (p.kind == Predicate::Kind::measure && p.analyte) out.insert(p.analyte->id);
   if (p.kind == Predicate::Kind::score && p.score) out.insert(p.score->id);
   for (const auto& c : p.children) measures_of(c, out);
}

// The words that make a limit hold for some patients only: "AST ≤ 5 × ULN if liver metastases are present".
constexpr std::string_view condition_words[] = {" if ",
                                                " for patients with ",
                                                " for subjects with ",
                                                " for those with ",
                                                " in patients with ",
                                                " in subjects with ",
                                                " in case of ",
                                                " in the case of ",
                                                " in the presence of ",
                                                " when ",
                                                " with liver ",
                                                " with hepatic ",
                                                " with bone ",
                                                " due to ",
                                                " unless ",
                                                " (if ",
                                                " (with ",
                                                " (for ",
                                                " (in "};

// The analytes and scores a compiled piece of text tests; none when it does not compile.
std::set<std::string> measures_of_text(const std::string& text, const CatalogueLexicon& lexicon)
{
   std::set<std::string> out;
   std::vector<Warning> w;
   try {
      measures_of(compile_criterion(text, lexicon, w, Section::inclusion), out);
   }
   catch (const std::exception&) {
   }
   return out;
}

// The analytes and scores of a line that gives a limit for some patients only: what the text before its condition tests ("AST ≤ 5 × ULN
// if liver metastases are present"), what the condition tests ("Direct bilirubin ≤ ULN for subjects with total bilirubin >
// 1.5 × ULN"), and, where the condition comes first, what follows it ("For patients with liver metastases: AST ≤ 5 × ULN").
std::set<std::string> conditional_limit(const std::string& text, const CatalogueLexicon& lexicon)
{
   const std::string lower = " " + lower_ascii(text);  // a line may start with its condition ("If …", "For patients with …")
   std::size_t cut = std::string::npos, word = 0;
   for (const std::string_view w : condition_words)
      if (const std::size_t at = lower.find(w); at < cut) cut = at, word = w.size();
   std::set<std::string> out;
   if (cut == std::string::npos) return out;
   const std::size_t at = cut == 0 ? 0 : cut - 1;  // in `text`
   if (at > 0) out = measures_of_text(text.substr(0, at), lexicon);
   const std::string rest = text.substr(std::min(text.size(), at + word - (cut == 0 ? 1 : 0)));
   // What follows may hold another condition ("… ≤ 5 × ULN if confirmed"): each part shorter than the line, so this ends.
   auto take = [&](const std::string& part) {
      for (const auto& a : measures_of_text(part, lexicon)) out.insert(a);
      for (const auto& a : conditional_limit(part, lexicon)) out.insert(a);
   };
   take(rest);
   if (const std::size_t colon = rest.find_first_of(":,"); colon != std::string::npos) take(rest.substr(colon + 1));
   return out;
}

// What a waiver of labs and scores names (the waiver itself says "waive").
constexpr std::string_view waived_limits[] = {"organ function",       "laboratory",        "lab value",      "lab requirement",  "laboratory value",
                                              "hematologic",          "haematologic",      "renal function", "hepatic function", "liver function",
                                              "bone marrow function", "performance status"};

// "AST/ALT ≤ 1.5 × ULN" and, on the next bullet, "AST/ALT ≤ 2.5 × ULN if liver metastases are present" (NCT01484860): the
// second, for manual review, gives another limit for some patients, so the first is not a limit for every patient either.
// Read alone it would fail a patient with liver metastases whom the registry accepts: it becomes manual review too, naming
// the other bullet. True when it marked one.
bool sibling_limits(std::vector<Node>& nodes, const CatalogueLexicon& lexicon)
{
   bool marked = false;
   for (std::size_t k = 0; k < nodes.size(); ++k) {
      marked = sibling_limits(nodes[k].children, lexicon) || marked;
      const Node& other = nodes[k];
      if (other.heading || other.manual.empty() || !other.as.empty()) continue;
      // "A minimum organ function requirement may be waived if the malignancy involves the organ" (NCT02160015): a waiver of
      // limits, for some patients, of every lab and score beside it.
      // What is waived is named before "waive" in its sentence: a waiver of something else ("The histopathology confirmation
      // criterion may be waived in patients with … known laboratory … risk factors", NCT02960620) is not one.
      const std::string lower = lower_ascii(other.text);
      const std::size_t waive = lower.find("waive");
      std::string waived;
      if (waive != std::string::npos) {
         const std::size_t stop = lower.rfind(". ", waive);
         const std::size_t from = stop == std::string::npos ? 0 : stop;
         waived = lower.substr(from, waive - from);
      }
      const bool waiver =
          std::any_of(std::begin(waived_limits), std::end(waived_limits), [&](std::string_view w) { return waived.find(w) != std::string::npos; });
      const std::set<std::string> limited = conditional_limit(other.text, lexicon);
      if (limited.empty() && !waiver) continue;
      for (std::size_t j = 0; j < nodes.size(); ++j) {
         Node& n = nodes[j];
         if (j == k || n.heading || !n.manual.empty() || !n.as.empty() || n.from_field) continue;
         const std::set<std::string> tested = measures_of_text(n.text, lexicon);
         // A waiver of organ function is one of labs; of a score only where it names performance status.
         const bool scores_waived = waived.find("performance status") != std::string::npos;
         const bool waived_here =
             std::any_of(tested.begin(), tested.end(), [&](const std::string& id) { return scores_waived || !lexicon.catalogue().score(id); });
         if (waiver ? !waived_here : std::none_of(tested.begin(), tested.end(), [&](const std::string& a) { return limited.count(a) > 0; })) continue;
         n.manual = std::string(waiver ? "another bullet says a limit may be waived for some patients ('"
                                       : "another bullet gives a different limit for some patients ('") +
                    other.text + "'): read alone, this one would fail them; read the two together (or give the reading in an as: line)";
         marked = true;
      }
   }
   return marked;
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
   std::string id, title, phase, min_age, max_age, sex, inclusion_text, exclusion_text;
   bool one_text = false;
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
      // The phases as the corpus writes them: ["PHASE1", "PHASE2"] is "phase 1/phase 2"; "NA" is no phase.
      for (const auto& ph : ps.value("designModule", json::object()).value("phases", json::array())) {
         if (!ph.is_string()) continue;
         std::string v = ph.get<std::string>(), words;
         if (v == "NA") continue;
         if (v.rfind("EARLY_", 0) == 0) {
            words = "early ";
            v = v.substr(6);
         }
         if (v.rfind("PHASE", 0) == 0)
            words += "phase " + v.substr(5);
         else
            words += v;
         phase += (phase.empty() ? "" : "/") + words;
      }
      for (const auto& c : ps.value("conditionsModule", json::object()).value("conditions", json::array()))
         if (c.is_string()) conditions.push_back(c.get<std::string>());
      // One text with "Inclusion Criteria:" and "Exclusion Criteria:" headings.
      inclusion_text = str(el, "eligibilityCriteria");
      one_text = true;
   }
   else if (j.contains("nct_id")) {
      id = str(j, "nct_id");
      title = str(j, "title");
      phase = str(j, "phase");
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
   // A record without a title: its phase instead, on the title's line, and the trial loader builds the title from
   // the condition and phase (docs/language.md, Header); with no phase either, the id stands as the title.
   if (!title.empty())
      header["title"] = title;
   else if (!phase.empty())
      header["phase"] = phase;
   else
      header["title"] = id;
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
   // The lines of each text, numbered items a bullet packs split apart, each in the section its headings say.
   SectionedLines placed;
   const Section ends_in = place_lines(split_packed_items(split_criteria_text(inclusion_text)), Section::inclusion, placed);
   if (!one_text) place_lines(split_packed_items(split_criteria_text(exclusion_text)), Section::exclusion, placed, ends_in);
   auto inclusion = tree_of(placed.inclusion);
   auto exclusion = tree_of(placed.exclusion);
   if (inclusion.empty() && exclusion.empty()) r.reports.push_back(id + ": the record has no eligibility text");

   // Registry age and sex fields become criteria.
   const auto lo = years(min_age), hi = years(max_age);
   if (lo && hi)
      inclusion.push_back(
          field_node("age " + number_text(*lo) + "-" + number_text(*hi) + " years", "From the registry's age fields (" + min_age + " to " + max_age + ")."));
   else if (lo)
      inclusion.push_back(field_node("age ≥ " + number_text(*lo) + " years", "From the registry's minimum age field (" + min_age + ")."));
   else if (hi)
      inclusion.push_back(field_node("age ≤ " + number_text(*hi) + " years", "From the registry's maximum age field (" + max_age + ")."));
   if (sex == "FEMALE" || sex == "MALE") inclusion.push_back(field_node(lower_ascii(sex), "From the registry's sex field (" + sex + ")."));

   // Compile; every line with an error becomes manual review with the reason, until the file compiles. Then what the
   // compiler read of the structure is written into the draft: how a heading's items combine (as: any of the following:),
   // a heading it cannot combine safely (manual:), bullets a trailing "or" joins (a note).
   const std::vector<std::string> order = {"trial", "title", "phase", "registry", "condition", "minimum age", "maximum age", "sex"};
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
      if (changed) continue;  // render again with the new manual lines before reading the structure
      if (!c.errors.empty()) {
         r.reports.push_back(id + ": the draft still has errors after marking lines manual; first: " + c.errors.front().str());
         break;
      }
      if (sibling_limits(inclusion, lexicon) || sibling_limits(exclusion, lexicon)) continue;
      if (c.trial) changed = write_structure(c.trial->criteria, line_of);
      if (!changed) break;
   }
   r.criteria = count(inclusion, false) + count(exclusion, false);
   r.manual = count(inclusion, true) + count(exclusion, true);

   // A conflict between the registry's age fields and an age criterion in the text is reported.
   std::function<void(const std::vector<Node>&)> scan = [&](const std::vector<Node>& nodes) {
      for (const auto& n : nodes) {
         if (!n.heading && n.manual.empty() && !n.from_field) {
            std::vector<Warning> w;
            try {
               const Predicate p = compile_criterion(n.text, lexicon, w);
               std::optional<double> a, b;
               bool a_strict = false, b_strict = false;
               age_bounds(p, a, b, a_strict, b_strict);
               const bool lo_agrees = !a || !lo || *a == *lo || (a_strict && *a + 1 == *lo);
               const bool hi_agrees = !b || !hi || *b == *hi || (b_strict && *b - 1 == *hi);
               if (!lo_agrees || !hi_agrees)
                  r.reports.push_back(id + ": age conflict: the registry's age fields say " + (min_age.empty() ? "-" : min_age) + " to " +
                                      (max_age.empty() ? "-" : max_age) + ", the criterion '" + n.text + "' says " + (a ? number_text(*a) : "-") + " to " +
                                      (b ? number_text(*b) : "-") + " years");
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
