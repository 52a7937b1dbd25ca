// eligo audit (audit.hpp, docs/cli.md).
#include "engine/batch/audit.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <tuple>

#include "engine/batch/record_stream.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/profile.hpp"

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

// Something a criterion reads from a record: an analyte (age: the birth date), a score, a concept, the sex.
struct Need {
   std::string kind;  // "analyte", "score", "concept", "sex"
   std::string id;
   std::string display;
   const Analyte* analyte = nullptr;
   const Score* score = nullptr;
   const Concept* concept_ = nullptr;
   std::size_t criteria = 0;
   std::set<std::string> trials;
   std::size_t patients = 0;  // patients whose record holds it
};

void needs_of(const Predicate& p, std::map<std::string, Need>& all, std::set<std::string>& here)
{
   auto add = [&](const char* kind, const std::string& id, const std::string& display, const Analyte* a, const Score* sc, const Concept* c) {
      const std::string key = std::string(kind) + ":" + id;
      auto [it, fresh] = all.try_emplace(key);
      if (fresh) {
         Need& n = it->second;
         n.kind = kind, n.id = id, n.display = display, n.analyte = a, n.score = sc, n.concept_ = c;
      }
      here.insert(key);
   };
   if (p.analyte) add("analyte", p.analyte->id, p.analyte->display, p.analyte, nullptr, nullptr);
   if (p.score) add("score", p.score->id, p.score->display, nullptr, p.score, nullptr);
   if (p.concept_) add("concept", p.concept_->id, p.concept_->display, nullptr, nullptr, p.concept_);
   if (p.after && p.after->event) add("concept", p.after->event->id, p.after->event->display, nullptr, nullptr, p.after->event);
   if (p.kind == Predicate::Kind::sex) add("sex", "sex", "sex", nullptr, nullptr, nullptr);
   for (const auto& c : p.children) needs_of(c, all, here);
}

// Each compiled criterion line counts once for each thing it reads; a caption's nested lines count, not the caption
// (as eligo coverage counts lines).
void count_needs(const Criterion& c, const std::string& trial, std::map<std::string, Need>& all, std::size_t& compiled)
{
   if (!c.children.empty() && !c.manual) {
      for (const auto& child : c.children) count_needs(child, trial, all, compiled);
      return;
   }
   if (c.manual) return;
   ++compiled;
   std::set<std::string> here;
   needs_of(c.predicate, all, here);
   for (const auto& k : here) {
      ++all.at(k).criteria;
      all.at(k).trials.insert(trial);
   }
}

bool holds(const Patient& p, const Need& n, const Catalogue& cat)
{
   if (n.kind == "sex") return !p.sex.empty();
   if (n.analyte) {
      if (n.analyte->id == "age") return p.birth_date.has_value();
      return std::any_of(p.labs.begin(), p.labs.end(), [&](const LabResult& l) { return l.analyte == n.analyte; });
   }
   if (n.score)
      return p.scores.count(n.score->id) ||
             std::any_of(p.score_history.begin(), p.score_history.end(), [&](const ScoreValue& s) { return s.score == n.score; });
   const Concept& c = *n.concept_;
   if (p.findings.count(c.id)) return true;
   for (const auto& f : p.finding_history)
      if (cat.is_a(*f.concept_, c)) return true;
   for (const auto* list : {&p.conditions, &p.medications, &p.procedures, &p.allergies})
      if (*list)
         for (const auto& r : **list)
            if (record_is_a(cat, r, c)) return true;  // a cream of hydrocortisone holds no systemic corticosteroid
   return false;
}

struct Count {
   std::size_t elements = 0;
   std::set<std::string> patients;
   std::string first;  // where the first was seen
   const Analyte* analyte = nullptr;
};

// Derived by the engine from other values when the record does not give it (Child-Pugh, creatinine clearance,
// TACE refractoriness): a patient without it may still be decided.
bool derivable(const Need& n)
{
   return (n.score && n.score->derived != DerivedScore::none) || (n.analyte && n.analyte->kind == AnalyteKind::derived) ||
          (n.concept_ && n.concept_->derived != DerivedFinding::none);
}

std::string need_label(const Need& n)
{
   if (n.kind == "sex") return "sex";
   if (n.kind == "analyte" && n.id == "age") return "age (birth date)";
   return n.display + " (" + n.kind + " " + n.id + (derivable(n) ? ", or derived from other values" : "") + ")";
}

}  // namespace

json audit_population(const std::vector<std::string>& inputs, const std::vector<Trial>& trials, const std::string& trials_label, const Catalogue& catalogue)
{
   std::map<std::string, Need> needs;
   std::size_t compiled = 0;
   for (const auto& t : trials)
      for (const auto& c : t.criteria) count_needs(c, t.id, needs, compiled);

   std::size_t records = 0, patients = 0;
   std::map<std::string, std::size_t> formats, lists;
   std::map<std::pair<std::string, std::string>, Count> skipped;  // (what, reason)
   std::map<std::tuple<std::string, std::string, std::string>, std::pair<UnmappedCode, std::set<std::string>>> codes;
   std::map<std::string, std::pair<std::size_t, std::size_t>> types;  // type -> resources, patients
   json refused = json::array();

   RecordInputs in(inputs);
   std::vector<RecordText> chunk;
   while (in.fill(chunk, 64, 256 * 1024 * 1024)) {
      for (const auto& r : chunk) {
         ++records;
         if (!r.error.empty()) {
            refused.push_back({{"record", r.source()}, {"error", r.error}});
            continue;
         }
         Patient p;
         try {
            p = read_patient(std::string(r.text()), r.source(), catalogue);
         }
         catch (const std::exception& e) {
            refused.push_back({{"record", r.source()}, {"error", e.what()}});
            continue;
         }
         ++patients;
         const std::string who = r.source() + "#" + p.id;
         ++formats[p.format.rfind("FHIR", 0) == 0 ? "FHIR R4" : p.format];
         for (auto& [key, n] : needs)
            if (holds(p, n, catalogue)) ++n.patients;
         const std::pair<const char*, const std::optional<std::vector<Record>>*> given[] = {
             {"conditions", &p.conditions}, {"medications", &p.medications}, {"procedures", &p.procedures}, {"allergies", &p.allergies}};
         for (const auto& [name, list] : given)
            if (list->has_value()) ++lists[name];
         for (const auto& k : p.skipped) {
            Count& c = skipped[{k.what, k.reason}];
            if (c.elements++ == 0) c.first = r.source() + " " + k.where, c.analyte = k.analyte;
            c.patients.insert(who);
         }
         for (const auto& u : p.unmapped_codes) {
            auto& [code, who_has] = codes[{u.system, u.code, u.list}];
            if (code.count == 0) code = u, code.count = 0;
            code.count += u.count;
            who_has.insert(who);
         }
         for (const auto& u : p.unused)
            if (u.detail.rfind("×", 0) == 0 && p.resource_counts.count(u.resource)) {
               auto& [n, pts] = types[u.resource];
               n += static_cast<std::size_t>(p.resource_counts.at(u.resource));
               ++pts;
            }
      }
   }

   json j = {{"format", "eligo-audit/1"}, {"records", records},
             {"patients", patients},      {"refused", refused.size()},
             {"formats", formats},        {"trials", {{"source", trials_label}, {"count", trials.size()}, {"criteria_compiled", compiled}}}};

   // Needs: most criteria first, then the least supplied; every one, with how many patients hold it.
   std::vector<const Need*> order;
   for (const auto& [k, n] : needs) order.push_back(&n);
   std::stable_sort(order.begin(), order.end(),
                    [](const Need* a, const Need* b) { return std::tie(b->criteria, a->patients) < std::tie(a->criteria, b->patients); });
   j["needs"] = json::array();
   for (const auto* n : order)
      j["needs"].push_back({{"kind", n->kind},
                            {"id", n->id},
                            {"display", need_label(*n)},
                            {"criteria", n->criteria},
                            {"trials", n->trials.size()},
                            {"patients_with", n->patients},
                            {"patients_without", patients - n->patients},
                            {"derivable", derivable(*n)}});
   j["lists_given"] = json::object();
   for (const char* name : {"conditions", "medications", "procedures", "allergies"}) j["lists_given"][name] = lists.count(name) ? lists.at(name) : 0;

   // Skipped elements: those of an analyte some criterion reads first (most criteria), then the most frequent.
   auto criteria_of = [&](const Analyte* a) -> std::size_t {
      if (!a) return 0;
      auto it = needs.find("analyte:" + a->id);
      return it == needs.end() ? 0 : it->second.criteria;
   };
   std::vector<std::pair<const std::pair<std::string, std::string>*, const Count*>> sk;
   for (const auto& [k, c] : skipped) sk.push_back({&k, &c});
   std::stable_sort(sk.begin(), sk.end(), [&](const auto& a, const auto& b) {
      return std::make_tuple(criteria_of(b.second->analyte), b.second->elements) < std::make_tuple(criteria_of(a.second->analyte), a.second->elements);
   });
   j["skipped"] = json::array();
   for (const auto& [k, c] : sk)
      j["skipped"].push_back({{"what", k->first},
                              {"reason", k->second},
                              {"elements", c->elements},
                              {"patients", c->patients.size()},
                              {"analyte", c->analyte ? json(c->analyte->id) : json(nullptr)},
                              {"criteria", criteria_of(c->analyte)},
                              {"first", c->first}});

   // Unmapped codes, by system; each code with the patients who have it.
   std::vector<UnmappedCode> all;
   for (const auto& [k, v] : codes) all.push_back(v.first);
   j["unmapped_codes"] = unmapped_codes_json(all);
   for (auto& s : j["unmapped_codes"])
      for (auto& c : s["codes"]) {
         const std::string system = s["system"].is_null() ? "" : s["system"].get<std::string>();
         c["patients"] = codes.at({system, c["code"].get<std::string>(), c["list"].get<std::string>()}).second.size();
      }

   // Resource types Eligo does not read: the most resources first.
   std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> ts(types.begin(), types.end());
   std::stable_sort(ts.begin(), ts.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
   j["unused_types"] = json::array();
   for (const auto& [t, n] : ts) j["unused_types"].push_back({{"type", t}, {"resources", n.first}, {"patients", n.second}});
   j["refused_records"] = refused;
   return j;
}

void print_audit_text(std::ostream& out, const json& j)
{
   const std::size_t patients = j["patients"];
   const auto& t = j["trials"];
   out << "Audit of " << j["records"].get<std::size_t>() << " records: " << patients << " patients read, " << j["refused"].get<std::size_t>()
       << " refused; against " << t["count"].get<std::size_t>() << " trials in " << t["source"].get<std::string>() << " ("
       << t["criteria_compiled"].get<std::size_t>() << " compiled criteria)\n";

   out << "\nWhat the criteria read that the records do not all hold (most criteria first):\n";
   out << "  CRITERIA  TRIALS  PATIENTS  NEED\n";
   std::size_t everyone = 0;
   for (const auto& n : j["needs"]) {
      if (n["patients_without"].get<std::size_t>() == 0) {
         ++everyone;
         continue;
      }
      out << "  " << std::right << std::setw(8) << n["criteria"].get<std::size_t>() << "  " << std::setw(6) << n["trials"].get<std::size_t>() << "  "
          << std::setw(8) << (std::to_string(n["patients_with"].get<std::size_t>()) + "/" + std::to_string(patients)) << "  " << std::left
          << n["display"].get<std::string>() << "\n";
   }
   out << "  (" << everyone << " more held by every patient; PATIENTS: those whose record holds it)\n";

   out << "\nHistory lists given (a list not given leaves \"no prior X\" unknown):";
   for (const auto& [name, n] : j["lists_given"].items()) out << " " << name << " " << n.get<std::size_t>() << "/" << patients << ";";
   out << "\n";

   out << "\nSkipped elements (could not be used; a criterion that needs one is unknown):" << (j["skipped"].empty() ? " none" : "") << "\n";
   for (const auto& s : j["skipped"])
      out << "  " << s["elements"].get<std::size_t>() << " × " << s["what"].get<std::string>() << " (" << s["patients"].get<std::size_t>() << " patient"
          << (s["patients"] == 1 ? "" : "s") << ", " << s["criteria"].get<std::size_t>() << " criteria): " << s["reason"].get<std::string>()
          << "\n    first: " << s["first"].get<std::string>() << "\n";

   // The text shows each system's most frequent codes; --format json lists them all.
   constexpr std::size_t shown = 15;
   out << "\nCodes that name nothing in the catalogue, by system (the " << shown
       << " most frequent of each; --format json lists all):" << (j["unmapped_codes"].empty() ? " none" : "") << "\n";
   for (const auto& s : j["unmapped_codes"]) {
      json one = s;
      if (one["codes"].size() > shown) one["codes"].erase(one["codes"].begin() + static_cast<long>(shown), one["codes"].end());
      print_unmapped_codes(out, json::array({one}), "  ");
      if (s["codes"].size() > shown) out << "    … and " << s["codes"].size() - shown << " more codes\n";
   }

   out << "\nResource types Eligo does not read:" << (j["unused_types"].empty() ? " none" : "") << "\n";
   for (const auto& u : j["unused_types"])
      out << "  " << std::right << std::setw(8) << u["resources"].get<std::size_t>() << std::left << "  " << u["type"].get<std::string>() << " ("
          << u["patients"].get<std::size_t>() << " patient" << (u["patients"] == 1 ? "" : "s") << ")\n";

   out << "\nRefused records (not a patient record):" << (j["refused_records"].empty() ? " none" : "") << "\n";
   for (const auto& r : j["refused_records"]) out << "  " << r["error"].get<std::string>() << "\n";
}

}  // namespace eligo
