// FHIR R4 Bundle -> Patient. The mapping is driven by the catalogues (LOINC
// codes of analytes and scores, concept codes, answer codes); docs/fhir.md
// states every rule. Errors name the file, the patient, the entry, the
// resource and the JSON path; resources Eligo does not use are counted, never
// an error.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/catalogue/code_system.hpp"
#include "engine/core/text.hpp"
#include "engine/core/utf8.hpp"
#include "engine/patient/json_text.hpp"
#include "engine/patient/patient.hpp"
#include "engine/patient/viral_load_detection.hpp"

namespace eligo {

using nlohmann::json;

namespace {

// Free text longer than this is not searched for concept names (display texts are short).
constexpr std::size_t max_match_text = 1000;

const std::string loinc_system = "http://loinc.org";
const std::string ucum_system = "http://unitsofmeasure.org";
// Eligo's own code systems, for data that has no standard code (docs/fhir.md).
const std::string eligo_analyte = "urn:eligo:analyte";
const std::string eligo_score = "urn:eligo:score";
const std::string eligo_concept = "urn:eligo:concept";
const std::string atc_system = "http://www.whocc.no/atc";

std::string system_name(const std::string& system)
{
   if (const CodeSystem* s = find_code_system(system)) return std::string(s->name);
   return system.empty() ? std::string("(no system)") : system;
}

// A FHIR dateTime/instant as seconds since 1970 in UTC, for ordering results of one day
// written in different time zones. A date without a time counts as the start of its day (UTC).
std::optional<long long> instant(const std::string& s)
{
   auto d = parse_date(s.substr(0, 10));
   if (!d) return std::nullopt;
   long long t = d->days() * 86400LL;
   if (s.size() <= 10 || s[10] != 'T') return t;
   int hh = 0, mm = 0, ss = 0;
   if (std::sscanf(s.c_str() + 11, "%2d:%2d:%2d", &hh, &mm, &ss) < 2) return t;
   t += hh * 3600LL + mm * 60LL + ss;
   const auto zone = s.find_first_of("Z+-", 16);
   if (zone != std::string::npos && s[zone] != 'Z') {
      int zh = 0, zm = 0;
      if (std::sscanf(s.c_str() + zone + 1, "%2d:%2d", &zh, &zm) == 2) t -= (s[zone] == '+' ? 1 : -1) * (zh * 3600LL + zm * 60LL);
   }
   return t;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80); }

// Whether lower-cased text holds a phrase as whole words ("not" is not in "nothing").
bool has_phrase(const std::string& low, const std::string& phrase)
{
   const std::string p = lower_ascii(phrase);
   if (p.empty()) return false;
   for (std::size_t at = low.find(p); at != std::string::npos; at = low.find(p, at + 1)) {
      const bool left = at == 0 || !word_char(low[at - 1]) || !word_char(p.front());
      const bool right = at + p.size() == low.size() || !word_char(low[at + p.size()]) || !word_char(p.back());
      if (left && right) return true;
   }
   return false;
}

// Whether lower-cased text begins with a phrase as whole words, spaces and punctuation before it aside ("History of
// myocardial infarction", not "NSTEMI, prior PCI 2015" nor "Family history of"). "Prior to", "previous to" are a
// preposition, not a past ("Prior to admission: chest pain").
bool begins_with_phrase(const std::string& low, const std::string& phrase)
{
   const std::string p = lower_ascii(phrase);
   std::size_t at = 0;
   while (at < low.size() && !word_char(low[at])) ++at;
   if (p.empty() || low.compare(at, p.size(), p) != 0) return false;
   const std::size_t end = at + p.size();
   if (end < low.size() && word_char(low[end]) && word_char(p.back())) return false;
   std::size_t next = end;
   while (next < low.size() && low[next] == ' ') ++next;
   return !(low.compare(next, 2, "to") == 0 && (next + 2 == low.size() || !word_char(low[next + 2])));
}

// A Patient's name for the people who screen: the official one, else the usual one, else the first that is not
// old; its text, else its given names and family name. Empty when there is none.
std::string human_name(const json& names)
{
   if (!names.is_array()) return {};
   const json* pick = nullptr;
   for (const char* use : {"official", "usual", ""})
      for (const auto& n : names)
         if (!pick && n.is_object() && (*use ? text_of(n, "use") == use : text_of(n, "use") != "old")) pick = &n;
   if (!pick) return {};
   if (std::string t = text_of(*pick, "text"); !t.empty()) return t;
   std::string out;
   if (auto g = pick->find("given"); g != pick->end() && g->is_array())
      for (const auto& x : *g)
         if (x.is_string() && !x.get<std::string>().empty()) out += (out.empty() ? "" : " ") + x.get<std::string>();
   if (std::string f = text_of(*pick, "family"); !f.empty()) out += (out.empty() ? "" : " ") + f;
   return out;
}

// The first coding's code of a CodeableConcept member (clinicalStatus, verificationStatus).
std::string status_code(const json& r, const char* key)
{
   auto it = r.find(key);
   if (it == r.end() || !it->is_object()) return "";
   if (auto c = it->find("coding"); c != it->end() && c->is_array())
      for (const auto& coding : *c)
         if (coding.is_object() && coding.contains("code") && coding.at("code").is_string()) return coding.at("code").get<std::string>();
   return "";
}

// Condition.severity (value set http://hl7.org/fhir/ValueSet/condition-severity, SNOMED CT): 24484000 Severe answers a
// criterion's qualifier "severe" yes, 6736007 Moderate and 255604002 Mild answer it no (docs/fhir.md, "Qualifiers").
// No other qualifier is answered from FHIR.
void read_severity(const json& r, Record& rec)
{
   auto it = r.find("severity");
   if (it == r.end() || !it->is_object()) return;
   if (auto c = it->find("coding"); c != it->end() && c->is_array())
      for (const auto& coding : *c) {
         if (!coding.is_object() || text_of(coding, "system") != "http://snomed.info/sct") continue;
         const std::string code = text_of(coding, "code");
         if (code == "24484000")
            rec.qualifiers["severe"] = true;
         else if (code == "6736007" || code == "255604002")
            rec.qualifiers["severe"] = false;
      }
}

struct Entry {
   const json* resource = nullptr;
   std::size_t index = 0;
   std::string type, id, full_url;
   std::string name() const { return type + "/" + (id.empty() ? "(no id)" : id); }
};

// An element that cannot be used (a malformed value, a unit that does not fit): thrown while one
// resource or element is read, caught where that element is skipped, so the patient is kept
// (docs/fhir.md, "Skipped elements").
struct SkipElement {
   std::string path;    // within the resource: "component[0].valueQuantity.code"
   std::string reason;  // why
};

struct Mapped {
   const Concept* concept_;
   std::string by;
   std::string hedge;     // matched by text that does not assert it ("suspected"): the record is unconfirmed
   std::string name;      // matched by this ingredient name in a medication's text, not by a code
   std::string form;      // a dose form the text says that a class of the concept excludes (Record::dose_form)
   bool history = false;  // matched by a personal-history code (Code::history)
};

class FhirReader {
public:
   FhirReader(const std::string& source, const Catalogue& cat) : source_(source), cat_(cat) {}

   Patient read(const json& bundle)
   {
      const std::string type = text_of(bundle, "resourceType");
      if (type != "Bundle") {
         if (type == "Patient")
            fail(nullptr, "resourceType", "a single FHIR Patient resource: expected a Bundle holding the Patient with their Observations, Conditions, ...");
         fail(nullptr, "resourceType", "a FHIR " + (type.empty() ? std::string("resource without a type") : type) + ": expected a Bundle holding one Patient");
      }
      const std::string bundle_type = text_of(bundle, "type");
      // One page of a longer search result: nothing in it can be taken as complete.
      if (auto links = bundle.find("link"); links != bundle.end() && links->is_array())
         for (const auto& l : *links)
            if (l.is_object() && (text_of(l, "relation") == "next" || text_of(l, "relation") == "previous" || text_of(l, "relation") == "prev"))
               p_.lists_partial = true;
      if (auto total = bundle.find("total");
          total != bundle.end() && total->is_number_unsigned() && bundle.contains("entry") && bundle.at("entry").is_array()) {
         std::size_t matches = 0;
         for (const auto& en : bundle.at("entry"))
            if (en.is_object() && (!en.contains("search") || !en.at("search").is_object() || text_of(en.at("search"), "mode") != "include")) ++matches;
         if (total->get<std::size_t>() > matches) p_.lists_partial = true;  // the search found more than this bundle holds
      }
      p_.format = "FHIR R4 Bundle" + (bundle_type.empty() ? std::string() : " (" + bundle_type + ")");
      auto ent = bundle.find("entry");
      if (ent == bundle.end() || !ent->is_array() || ent->empty()) fail(nullptr, "entry", "the Bundle has no entries: expected a Patient resource");
      // Index the entries; check the FHIR version of each resource.
      std::vector<Entry> entries;
      for (std::size_t i = 0; i < ent->size(); ++i) {
         const json& e = (*ent)[i];
         const std::string where = "entry[" + std::to_string(i) + "]";
         if (!e.is_object()) {
            skipped(where, "", utf8_prefix(e.dump(), 60), "expected an object");
            unread_any_list();
            continue;
         }
         auto r = e.find("resource");
         if (r == e.end()) {
            ++p_.resource_counts["(entry without resource)"];
            continue;
         }
         if (!r->is_object() || !r->contains("resourceType") || !r->at("resourceType").is_string()) {
            skipped(where, "resource", utf8_prefix(r->dump(), 60), "expected a FHIR resource (an object with \"resourceType\")");
            unread_any_list();
            continue;
         }
         Entry x;
         x.resource = &*r;
         x.index = i;
         x.type = r->at("resourceType").get<std::string>();
         x.id = text_of(*r, "id");
         x.full_url = text_of(e, "fullUrl");
         check_version(x);
         ++p_.resource_counts[x.type];
         if (!x.full_url.empty()) by_url_[x.full_url] = entries.size();
         if (!x.id.empty()) by_url_[x.type + "/" + x.id] = entries.size();
         entries.push_back(std::move(x));
      }
      entries_ = &entries;
      // Exactly one Patient.
      std::vector<const Entry*> patients;
      for (const auto& e : entries)
         if (e.type == "Patient" && std::none_of(patients.begin(), patients.end(), [&](const Entry* q) { return !e.id.empty() && q->id == e.id; }))
            patients.push_back(&e);
      if (patients.empty()) {
         // Say what it holds instead: an organisation's or a practitioner directory's bundle is told at once.
         std::string holds;
         for (const auto& [t, n] : p_.resource_counts) holds += (holds.empty() ? "" : ", ") + std::to_string(n) + " " + t;
         fail(nullptr, "entry", "the Bundle has no Patient resource: expected exactly one" + (holds.empty() ? std::string() : " (it holds " + holds + ")"));
      }
      if (patients.size() > 1)
         fail(patients[1], "",
              "a second Patient in the Bundle (the first is " + patients[0]->name() + " at entry[" + std::to_string(patients[0]->index) +
                  "]): a bundle must describe one patient");
      patient(*patients[0]);
      static const std::set<std::string> read_types = {"Patient",
                                                       "Observation",
                                                       "Condition",
                                                       "MedicationRequest",
                                                       "MedicationStatement",
                                                       "Procedure",
                                                       "AllergyIntolerance",
                                                       "MedicationAdministration",
                                                       "Medication",
                                                       "QuestionnaireResponse"};
      for (const auto& e : entries) {
         if (e.type == "Patient" || e.type == "Medication" || !read_types.count(e.type)) continue;
         // A resource that cannot be used is skipped, never the patient (its readers skip what they can within it).
         try {
            if (!ours(e)) continue;
            if (e.type == "Observation")
               observation(e);
            else if (e.type == "Condition")
               condition(e);
            else if (e.type == "Procedure")
               procedure(e);
            else if (e.type == "AllergyIntolerance")
               allergy(e);
            else if (e.type == "QuestionnaireResponse")
               questionnaire_response(e);
            else
               medication(e);
         }
         catch (const SkipElement& s) {
            const auto code = e.resource->find("code");
            skipped(e, s, code != e.resource->end() && code->is_object() ? describe_code(*code) : e.type);
            // A history resource that could not be read (a malformed subject): its list is not complete.
            if (const char* list = history_list(e.type)) lists_with_skips_.insert(list);
         }
      }
      // A list the bundle has resources for (other than "no information" ones) is taken as complete (docs/fhir.md).
      for (auto* list : {&p_.conditions, &p_.medications, &p_.procedures, &p_.allergies})
         if (fed_.count(list) && !list->has_value()) list->emplace();
      p_.partial_lists = lists_with_skips_;
      if (p_.lists_partial) p_.unused.push_back({"Bundle", "link next", "the bundle is one page of a search result: no history list is taken as complete"});
      for (const auto& [t, n] : p_.resource_counts)
         if (!read_types.count(t)) p_.unused.push_back({t, "×" + std::to_string(n), "not a resource type Eligo reads"});
      settle_duplicates();
      settle_neither();
      supersede_requests();
      contradicted_ends();
      // Newest first, by instant (time zones accounted for), not by the day as written.
      std::stable_sort(p_.labs.begin(), p_.labs.end(), [](const LabResult& x, const LabResult& y) { return x.at > y.at; });
      return std::move(p_);
   }

private:
   [[noreturn]] void fail(const Entry* e, const std::string& path, const std::string& what) const
   {
      // The field: the entry and the element within it ("entry[3] Observation/abc: valueQuantity.unit").
      std::string field = e ? "entry[" + std::to_string(e->index) + "] " + e->name() : std::string();
      if (!path.empty()) field += (field.empty() ? "" : ": ") + path;
      Location where = Location::entry(source_, std::move(field));
      where.patient = p_.id;
      throw InputError(std::move(where), what);
   }

   void unused(const Entry& e, const std::string& detail, const std::string& reason) { p_.unused.push_back({e.name(), detail, reason}); }

   // The history list a resource type feeds, or null.
   static const char* history_list(const std::string& type)
   {
      if (type == "Condition") return "conditions";
      if (type == "Procedure") return "procedures";
      if (type == "AllergyIntolerance") return "allergies";
      if (type == "MedicationRequest" || type == "MedicationStatement" || type == "MedicationAdministration") return "medications";
      return nullptr;
   }
   // An entry that is not a resource may have been any of them: no history list is complete.
   void unread_any_list()
   {
      for (const char* l : {"conditions", "medications", "procedures", "allergies"}) lists_with_skips_.insert(l);
   }

   [[noreturn]] static void skip(const Entry*, const std::string& path, const std::string& reason) { throw SkipElement{path, reason}; }

   // Records a skipped element: where it is (entry, resource, path), what it held and why.
   void skipped(const std::string& entry, const std::string& path, const std::string& what, const std::string& reason, const Analyte* analyte = nullptr,
                std::optional<Date> date = std::nullopt)
   {
      Skipped k;
      k.where = entry + (path.empty() ? "" : ": " + path);
      k.what = what;
      k.reason = reason;
      k.analyte = analyte;
      k.date = date;
      p_.skipped.push_back(std::move(k));
   }
   void skipped(const Entry& e, const SkipElement& s, const std::string& what, const Analyte* analyte = nullptr, std::optional<Date> date = std::nullopt)
   {
      skipped("entry[" + std::to_string(e.index) + "] " + e.name(), s.path, what, s.reason, analyte, date);
   }

   // Counts each coding of a CodeableConcept that named nothing in the catalogue, by system and code.
   void unmapped_code(const json& cc, const char* list)
   {
      auto add = [&](const std::string& system, const std::string& code, const std::string& display) {
         const std::string key = system + "|" + code + "|" + list;
         auto [it, fresh] = unmapped_index_.emplace(key, p_.unmapped_codes.size());
         if (fresh) p_.unmapped_codes.push_back({system, code, display, list, 0});
         ++p_.unmapped_codes[it->second].count;
      };
      bool any = false;
      if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
         for (const auto& coding : *c)
            if (coding.is_object() && !text_of(coding, "code").empty()) {
               add(text_of(coding, "system"), text_of(coding, "code"), text_of(coding, "display"));
               any = true;
            }
      if (!any) add("", "", display_of(cc));  // text only
   }

   // Resources of other FHIR versions have tell-tale shapes; R4 is the one read.
   void check_version(const Entry& e) const
   {
      static const std::map<std::string, std::string> foreign_types = {
          {"MedicationOrder", "DSTU2"}, {"DiagnosticOrder", "DSTU2"}, {"DeviceUseRequest", "DSTU2"}, {"Order", "DSTU2"},
          {"OrderResponse", "DSTU2"},   {"ProcedureRequest", "STU3"}, {"ReferralRequest", "STU3"},   {"ProcessRequest", "STU3"},
          {"DeviceComponent", "STU3"},  {"DataElement", "STU3"},      {"MedicationUsage", "R5"},     {"DeviceUsage", "R5"},
          {"NutritionIntake", "R5"},    {"Transport", "R5"},          {"InventoryItem", "R5"},       {"ImagingSelection", "R5"}};
      const json& r = *e.resource;
      auto say = [&](const std::string& version, const std::string& why) {
         fail(&e, "", "this looks like FHIR " + version + " (" + why + "); Eligo reads FHIR R4 bundles only");
      };
      if (auto it = foreign_types.find(e.type); it != foreign_types.end()) say(it->second, e.type + " is not an R4 resource type");
      if (e.type == "Condition" || e.type == "AllergyIntolerance")
         for (const char* k : {"clinicalStatus", "verificationStatus"})
            if (r.contains(k) && r.at(k).is_string()) say("STU3 or DSTU2", e.type + "." + k + " is a string; in R4 it is a CodeableConcept");
      if (e.type == "Condition" && r.contains("patient") && !r.contains("subject")) say("DSTU2", "Condition.patient; R4 has Condition.subject");
      if ((e.type == "MedicationRequest" || e.type == "MedicationStatement") && r.contains("medication") && r.at("medication").is_object())
         say("R5", e.type + ".medication is a CodeableReference; R4 has medicationCodeableConcept or medicationReference");
      if (e.type == "Encounter" && r.contains("class") && r.at("class").is_array()) say("R5", "Encounter.class is a list; in R4 it is one Coding");
   }

   void patient(const Entry& e)
   {
      const json& r = *e.resource;
      p_.id = e.id;
      if (p_.id.empty())
         if (auto it = r.find("identifier"); it != r.end() && it->is_array() && !it->empty() && it->at(0).is_object()) p_.id = text_of(it->at(0), "value");
      if (p_.id.empty()) p_.id = e.full_url;
      if (p_.id.empty()) fail(&e, "id", "missing: the Patient has no id, identifier or fullUrl");
      if (!e.id.empty()) self_.insert("Patient/" + e.id);
      if (!e.full_url.empty()) self_.insert(e.full_url);
      if (auto it = r.find("name"); it != r.end()) p_.name = human_name(*it);
      if (auto it = r.find("identifier"); it != r.end() && it->is_array())
         for (const auto& id : *it)
            if (id.is_object() && !text_of(id, "value").empty()) identifiers_.insert(text_of(id, "system") + "|" + text_of(id, "value"));
      if (auto it = r.find("deceasedDateTime"); it != r.end()) {
         const std::string d = it->is_string() ? it->get<std::string>() : "";
         const auto day = parse_date(d.substr(0, std::min<std::size_t>(d.size(), 10)));
         const auto partial = d.size() <= 7 ? parse_partial_date(d) : std::nullopt;
         // A date that cannot be read still says the patient died: deceased on a day not known, so never screenable.
         if (!day && !partial) skipped(e, {"deceasedDateTime", "not a date (expected a FHIR dateTime): read as deceased on a day not known"}, it->dump());
         p_.deceased = day ? day->str() : partial ? d : "yes";
      }
      else if (auto b = r.find("deceasedBoolean"); b != r.end() && b->is_boolean() && b->get<bool>())
         p_.deceased = "yes";
      // A gender or birth date that cannot be read leaves the sex or the age unknown; the patient is kept.
      if (auto it = r.find("gender"); it != r.end()) {
         const std::string g = it->is_string() ? it->get<std::string>() : "";
         if (g == "female" || g == "male")
            p_.sex = g;
         else if (!it->is_string())
            skipped(e, {"gender", "expected a string: the sex is unknown"}, it->dump());
         else if (g != "other" && g != "unknown")
            skipped(e, {"gender", "expected \"female\", \"male\", \"other\" or \"unknown\", got \"" + g + "\": the sex is unknown"}, g);
      }
      if (auto it = r.find("birthDate"); it != r.end()) {
         if (it->is_string()) p_.birth_date = parse_partial_date(it->get<std::string>());
         if (!it->is_string())
            skipped(e, {"birthDate", "expected a string: the age is unknown"}, it->dump());
         else if (!p_.birth_date)
            skipped(
                e,
                {"birthDate", "not a date: \"" + it->get<std::string>() + "\" (expected YYYY, YYYY-MM or YYYY-MM-DD, a day that exists): the age is unknown"},
                it->get<std::string>());
      }
      // A death before the birth: one of the two dates is wrong, so the day of death is not known.
      if (p_.deceased && p_.birth_date)
         if (const auto death = parse_partial_date(*p_.deceased); death && death->latest < p_.birth_date->earliest) {
            skipped(e, {"deceasedDateTime", "before the birth date " + p_.birth_date->text + ": read as deceased on a day not known"}, *p_.deceased);
            p_.deceased = "yes";
         }
   }

   // Whether a resource is about the bundle's patient (subject, or patient for AllergyIntolerance).
   bool ours(const Entry& e)
   {
      const json& r = *e.resource;
      const char* key = e.type == "AllergyIntolerance" ? "patient" : "subject";
      auto it = r.find(key);
      if (it == r.end()) return true;  // no subject: the bundle is about one patient
      if (!it->is_object()) skip(&e, key, "expected a Reference object");
      if (!it->contains("reference")) {
         // A logical reference by identifier: ours only if it is one of the Patient's identifiers.
         const auto id = it->find("identifier");
         const std::string value = id != it->end() && id->is_object() ? text_of(*id, "value") : "";
         const std::string system = id != it->end() && id->is_object() ? text_of(*id, "system") : "";
         // Same system and value; a value without a system matches a Patient identifier without one.
         if (!value.empty() && identifiers_.count(system + "|" + value)) return true;
         unused(e, "", std::string(key) + " is " + (value.empty() ? "a reference without a target" : "identifier " + value) + ", not this bundle's patient");
         return false;
      }
      std::string ref = text_of(*it, "reference");
      if (auto h = ref.find("/_history/"); h != std::string::npos) ref.erase(h);  // a versioned reference is the same patient
      if (self_.count(ref)) return true;
      for (const auto& s : self_)
         if (s.rfind("Patient/", 0) == 0 && ref.size() > s.size() && ref.compare(ref.size() - s.size() - 1, s.size() + 1, "/" + s) == 0) return true;
      unused(e, "", std::string(key) + " is " + ref + ", not this bundle's patient");
      return false;
   }

   // The first date-ish member found: "effectiveDateTime", {"effectivePeriod", "start"}, ...
   // A partial date ("2015", "2015-06") gives its first day for a start and its last day for an end.
   std::pair<std::optional<Date>, std::string> when(const json& r, std::initializer_list<std::pair<const char*, const char*>> keys, bool end = false) const
   {
      for (const auto& [k, sub] : keys) {
         auto it = r.find(k);
         if (it == r.end()) continue;
         const json* v = &*it;
         if (sub) {
            if (!it->is_object() || !it->contains(sub)) continue;
            v = &it->at(sub);
         }
         if (!v->is_string()) continue;
         const std::string s = v->get<std::string>();
         if (auto d = parse_date(s)) return {d, s};
         if (s.size() <= 7)
            if (auto pd = parse_partial_date(s)) return {end ? pd->latest : pd->earliest, s};
      }
      return {std::nullopt, ""};
   }

   // "SNOMED CT 254637007 'Non-small cell lung cancer'"; without displays, the codes alone ("SNOMED CT 91861009, ICD-10-CM
   // C92.00"), and nothing for a coding without a code.
   std::string describe_code(const json& cc, bool with_display = true) const
   {
      std::string out;
      if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
         for (const auto& coding : *c) {
            if (!coding.is_object() || (!with_display && text_of(coding, "code").empty())) continue;
            if (!out.empty()) out += ", ";
            out += system_name(text_of(coding, "system")) + " " + text_of(coding, "code");
            if (const std::string d = text_of(coding, "display"); with_display && !d.empty()) out += " '" + d + "'";
         }
      if (out.empty() && with_display) out = "text '" + text_of(cc, "text") + "'";
      return out;
   }

   std::string display_of(const json& cc) const
   {
      if (std::string t = text_of(cc, "text"); !t.empty()) return t;
      if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
         for (const auto& coding : *c)
            if (coding.is_object())
               if (std::string d = text_of(coding, "display"); !d.empty()) return d;
      return "";
   }

   // ---- Observations --------------------------------------------------------------------------

   void observation(const Entry& e)
   {
      const json& r = *e.resource;
      const std::string status = text_of(r, "status");
      const json code = r.value("code", json::object());
      if (status == "entered-in-error" || status == "cancelled") return unused(e, describe_code(code), "status is " + status);
      auto [date, time] = when(r, {{"effectiveDateTime", nullptr}, {"effectivePeriod", "start"}, {"effectiveInstant", nullptr}, {"issued", nullptr}});
      if (date && !parse_date(time)) date.reset();  // "2026-10": not a day, so no window can be checked
      // A catalogued Observation with a value of its own is read whole; one without (a panel coded as its analyte, whose
      // result is in a component) has its components read too.
      const bool coded = read_coded(e, r, code, "", date, time);
      if (coded && !value_kind(r).empty()) return;
      bool any = coded;
      if (auto comps = r.find("component"); comps != r.end() && comps->is_array())
         for (std::size_t i = 0; i < comps->size(); ++i) {
            const json& c = comps->at(i);
            if (!c.is_object()) continue;
            const json ccode = c.value("code", json::object());
            if (read_coded(e, c, ccode, "component[" + std::to_string(i) + "].", date, time))
               any = true;
            else {
               unused(e, "component " + describe_code(ccode), "not in the catalogue");
               unmapped_code(ccode, "observations");
            }
         }
      if (!any) {
         unused(e, describe_code(code), "not in the catalogue (no analyte, score or finding has this code)");
         unmapped_code(code, "observations");
      }
   }

   // Reads one coded value (an Observation, or one of its components). False when the code is not catalogued.
   bool read_coded(const Entry& e, const json& holder, const json& code, const std::string& path, const std::optional<Date>& date, const std::string& time)
   {
      const Analyte* analyte = nullptr;
      const Score* score = nullptr;
      const Concept* finding = nullptr;
      std::string log_code;  // a LOINC code of the analyte on a log10 scale
      if (auto c = code.find("coding"); c != code.end() && c->is_array())
         for (const auto& coding : *c) {
            if (!coding.is_object()) continue;
            const std::string sys = text_of(coding, "system"), cd = text_of(coding, "code");
            if (sys == loinc_system) {
               analyte = cat_.analyte_by_loinc(cd);
               if (!analyte) score = cat_.score_by_loinc(cd);
               if (!analyte && !score) finding = cat_.concept_by_observation(cd);
               if (!analyte && !score && !finding) {
                  if ((analyte = cat_.analyte_by_log_loinc(cd))) log_code = cd;
               }
            }
            else if (sys == eligo_analyte)
               analyte = cat_.analyte(cd);
            else if (sys == eligo_score)
               score = cat_.score(cd);
            else if (sys == eligo_concept)
               finding = cat_.concept_(cd);
            else if (!sys.empty()) {
               // A score recorded under its SNOMED CT observable entity (ECOG 423740007, which the German oncology profiles require).
               if (sys == "http://snomed.info/sct") score = cat_.score_by_snomed(cd);
               if (!score) finding = cat_.concept_by_code(sys, cd);
            }
            if (analyte || score || finding) break;
         }
      if (!analyte && !score && !finding) return false;
      if (finding && finding->kind != ConceptKind::finding) {
         unused(e, describe_code(code),
                "names the " + std::string(to_string(finding->kind)) + " '" + finding->id + "'; " + to_string(finding->kind) +
                    "s are read from their own resources (Condition, Medication…, Procedure), not from an Observation");
         return true;
      }
      const std::string what = describe_code(code);
      if (!date) {
         unused(e, what, "no date to the day (effectiveDateTime, effectivePeriod.start or issued)");
         return true;
      }
      // A value that cannot be used is skipped; the Observation's other components are still read.
      try {
         if (analyte && analyte->detected) detection(e, holder, path, *analyte, *date, time, !log_code.empty());
         // A log10-scale result (HBV DNA in log IU/mL) is known but never read as, nor converted to, the linear measure.
         if (!log_code.empty())
            skip(&e, path + "code",
                 "LOINC " + log_code + " is " + analyte->display + " on a log10 scale (log " + display_unit(analyte->canonical.code) +
                     "): Eligo does not convert a logarithm and never equates it with " + display_unit(analyte->canonical.code));
         if (analyte) lab(e, holder, path, *analyte, *date, time);
         if (score) score_value(e, holder, path, *score, *date, time);
         if (finding) finding_value(e, holder, path, *finding, *date, time);
      }
      catch (const SkipElement& s) {
         skipped(e, s, analyte ? analyte->display : score ? score->display : finding->display, analyte, date);
         p_.skipped.back().score = score;
         p_.skipped.back().finding = finding;
         if (time.size() > 10) p_.skipped.back().at = instant(time);  // a day without a time: its order within the day is not known
      }
      return true;
   }

   static std::string value_kind(const json& holder)
   {
      for (const auto& [k, v] : holder.items())
         if (k.rfind("value", 0) == 0) return k;
      return "";
   }

   [[noreturn]] void not_a_number(const Entry& e, const json& holder, const std::string& path, const std::string& what) const
   {
      const std::string k = value_kind(holder);
      std::string got = k;
      if (holder.at(k).is_string()) got += " \"" + holder.at(k).get<std::string>() + "\"";
      skip(&e, path + k, "expected a number (valueQuantity) for " + what + ", got " + got);
   }

   // A viral load is also a detection (analytes.json "detected"), read before and apart from the value: a load in
   // copies/mL or on a log scale, which the lab reading refuses, still shows that the virus was detected. A result
   // that says neither ("<15 IU/mL") is a record of the finding that cannot be used: it leaves "HCV RNA detectable"
   // unknown and keeps an older load from deciding (docs/fhir.md, "Viral loads as detections").
   void detection(const Entry& e, const json& holder, const std::string& path, const Analyte& a, const Date& date, const std::string& time, bool log_scale)
   {
      // An Observation with no value of its own whose components hold the results: its words are read with its
      // components (components_of), not as a result of their own.
      if (path.empty() && value_kind(holder).empty() && holder.contains("component")) return;
      const json* parent = !path.empty() && components_of(*e.resource, a) ? e.resource : nullptr;
      const std::optional<Detection> d = read_detection(cat_, *a.detected, holder, parent, log_scale);
      if (!d) return;
      const std::string where = e.name() + (path.empty() ? "" : " " + path.substr(0, path.size() - 1));
      if (d->state != Detection::State::unsettled) {
         p_.finding_history.push_back({a.detected, d->state == Detection::State::present, date, where + ", " + a.display + " " + d->result});
         return;
      }
      skipped("entry[" + std::to_string(e.index) + "] " + e.name(), path + value_kind(holder), a.detected->display,
              a.display + " " + d->result + ": " + d->reason, nullptr, date);
      p_.skipped.back().finding = a.detected;
      if (time.size() > 10) p_.skipped.back().at = instant(time);
      neither_.push_back(p_.skipped.size() - 1);
   }

   // A load that says neither ("<15 IU/mL") beside a result of the same day that does say (the qualitative "Not
   // detected" a laboratory reports with it): the day's answer is that one, and the load is listed as not used.
   void settle_neither()
   {
      std::vector<bool> drop(p_.skipped.size(), false);
      for (std::size_t i : neither_) {
         const Skipped& k = p_.skipped[i];
         for (const auto& f : p_.finding_history)
            if (f.concept_ == k.finding && k.date && f.date == *k.date) {
               p_.unused.push_back({k.where, k.what, k.reason + "; the same day's " + f.field + " says " + (f.present ? "detected" : "not detected")});
               drop[i] = true;
               break;
            }
      }
      std::vector<Skipped> kept;
      for (std::size_t i = 0; i < p_.skipped.size(); ++i)
         if (!drop[i]) kept.push_back(std::move(p_.skipped[i]));
      p_.skipped = std::move(kept);
   }

   // Whether an Observation's words speak for its component results of analyte a: it is coded as a, or every component is
   // a result of a (the IU/mL and log IU/mL values of one load). A panel of several analytes lends its words to none.
   bool components_of(const json& observation, const Analyte& a) const
   {
      auto comps = observation.find("component");
      if (comps == observation.end() || !comps->is_array() || comps->empty()) return false;
      if (auto own = observation.find("code"); own != observation.end() && names_analyte(*own, a, false)) return true;
      return std::all_of(comps->begin(), comps->end(), [&](const json& c) {
         auto code = c.is_object() ? c.find("code") : c.end();
         return code != c.end() && names_analyte(*code, a, true);
      });
   }

   // Whether a CodeableConcept has a LOINC code of analyte a (with `log`, one of its log10 codes too).
   bool names_analyte(const json& code, const Analyte& a, bool log) const
   {
      auto codings = code.is_object() ? code.find("coding") : code.end();
      if (codings == code.end() || !codings->is_array()) return false;
      return std::any_of(codings->begin(), codings->end(), [&](const json& coding) {
         if (!coding.is_object() || text_of(coding, "system") != loinc_system) return false;
         const std::string cd = text_of(coding, "code");
         return cat_.analyte_by_loinc(cd) == &a || (log && cat_.analyte_by_log_loinc(cd) == &a);
      });
   }

   void lab(const Entry& e, const json& holder, const std::string& path, const Analyte& a, const Date& date, const std::string& time)
   {
      LabResult r;
      r.analyte = &a;
      r.date = date;
      r.time = time;
      r.at = instant(time).value_or(date.days() * 86400LL);
      r.field = e.name() + (path.empty() ? "" : " " + path.substr(0, path.size() - 1));
      std::string unit_path = path + "valueQuantity.code";
      std::string replaced;
      if (auto q = holder.find("valueQuantity"); q != holder.end()) {
         if (!q->is_object()) skip(&e, path + "valueQuantity", "expected a Quantity object");
         auto v = q->find("value");
         if (v == q->end()) {
            unused(e, a.display, "valueQuantity has no value");
            return;
         }
         if (!v->is_number())
            skip(&e, path + "valueQuantity.value",
                 std::string("expected a number, got ") + (v->is_string() ? "the string \"" + v->get<std::string>() + "\"" : v->type_name()));
         r.value = v->get<double>();
         if (!std::isfinite(r.value)) skip(&e, path + "valueQuantity.value", "expected a finite number");
         // Prefer the UCUM code; fall back to the unit text (the display), as the catalogue reads it.
         const std::string sys = text_of(*q, "system"), code = text_of(*q, "code"), unit = text_of(*q, "unit");
         if (!code.empty() && (sys.empty() || sys == ucum_system))
            r.unit_text = code;
         else {
            r.unit_text = unit;
            unit_path = path + "valueQuantity.unit";
         }
         if (auto c = q->find("comparator"); c != q->end()) {
            r.comparator = c->is_string() ? c->get<std::string>() : "";
            if (r.comparator != "<" && r.comparator != "<=" && r.comparator != ">" && r.comparator != ">=")
               skip(&e, path + "valueQuantity.comparator", "expected one of < <= > >=");
         }
         auto problem = settle_lab(r);
         if (problem && problem->field == "unit" && unit_path.back() == 'e' && !unit.empty() && unit != code) {
            // The code did not fit; the display text may (as some EHRs put the real unit there).
            LabResult again = r;
            again.unit_text = unit;
            if (!settle_lab(again)) {
               r = again;
               unit_path = path + "valueQuantity.unit";
               problem.reset();
               replaced = code;  // a range written with the same code means the same unit
            }
         }
         if (problem) skip(&e, problem->field == "unit" ? unit_path : path + "valueQuantity.value", problem->message);
      }
      else if (auto iv = holder.find("valueInteger"); iv != holder.end() && iv->is_number_integer()) {
         r.value = iv->get<double>();
         if (auto problem = settle_lab(r)) skip(&e, path + "valueInteger", problem->message);
      }
      else if (!value_kind(holder).empty())
         not_a_number(e, holder, path, a.display);
      else {
         const std::string reason =
             holder.contains("dataAbsentReason") ? "no value (dataAbsentReason: " + display_of(holder.at("dataAbsentReason")) + ")" : "no value";
         unused(e, a.display, reason);
         return;
      }
      // A reference range that cannot be read is skipped: the result is kept, with the catalogue's range.
      try {
         reference_range(e, holder, path, r, replaced);
      }
      catch (const SkipElement& s) {
         r.low.reset(), r.high.reset();
         r.range_note = "the given reference range could not be read (" + s.path + ": " + s.reason + ")";
         skipped(e, s, a.display + " referenceRange", &a, date);
         p_.skipped.back().value = false;  // the result itself is kept
      }
      p_.labs.push_back(std::move(r));
   }

   // Whether a range restricted by appliesTo (sex) and age fits this patient on the day of the result.
   // A restriction Eligo cannot read (another coding, a pregnancy range) does not fit.
   bool for_this_patient(const json& range, const Date& on) const
   {
      if (auto a = range.find("appliesTo"); a != range.end()) {
         if (!a->is_array() || p_.sex.empty()) return false;
         static const std::map<std::string, std::string> sex_codes = {{"248152002", "female"}, {"248153007", "male"}, {"female", "female"}, {"male", "male"}};
         for (const auto& cc : *a) {
            std::string said;
            if (auto c = cc.find("coding"); cc.is_object() && c != cc.end() && c->is_array())
               for (const auto& coding : *c)
                  if (auto it = sex_codes.find(text_of(coding, "code")); it != sex_codes.end()) said = it->second;
            if (said.empty() && cc.is_object()) said = lower_ascii(text_of(cc, "text"));
            if (said != p_.sex) return false;
         }
      }
      if (auto age = range.find("age"); age != range.end()) {
         if (!p_.birth_date || !p_.birth_date->exact() || !age->is_object()) return false;
         const int years = completed_years(p_.birth_date->earliest, on);
         auto bound = [&](const char* k) -> std::optional<double> {
            auto b = age->find(k);
            if (b == age->end() || !b->is_object() || !b->contains("value") || !b->at("value").is_number()) return std::nullopt;
            const std::string u = text_of(*b, "code").empty() ? text_of(*b, "unit") : text_of(*b, "code");
            if (u != "a" && u != "yr" && u != "years" && u != "year") return -1;  // an age in other units: not read
            return b->at("value").get<double>();
         };
         const auto lo = bound("low"), hi = bound("high");
         if ((lo && *lo < 0) || (hi && *hi < 0)) return false;
         if ((lo && years < *lo) || (hi && years > *hi)) return false;
      }
      return true;
   }

   void reference_range(const Entry& e, const json& holder, const std::string& path, LabResult& r, const std::string& replaced)
   {
      auto rr = holder.find("referenceRange");
      if (rr == holder.end() || !rr->is_array() || rr->empty()) return;
      // The first range with a low or a high that is for everyone: a range restricted to a population
      // (appliesTo, age) is not chosen, since Eligo cannot tell whether the patient is in it.
      bool restricted = false;
      for (std::size_t i = 0; i < rr->size(); ++i) {
         const json& range = rr->at(i);
         if (!range.is_object() || (!range.contains("low") && !range.contains("high"))) continue;
         if ((range.contains("appliesTo") || range.contains("age")) && !for_this_patient(range, r.date)) {
            restricted = true;
            continue;
         }
         const std::string rpath = path + "referenceRange[" + std::to_string(i) + "]";
         auto limit = [&](const char* k) -> std::optional<double> {
            auto it = range.find(k);
            if (it == range.end()) return std::nullopt;
            if (!it->is_object() || !it->contains("value") || !it->at("value").is_number())
               skip(&e, rpath + "." + k, "expected a Quantity with a numeric value");
            LabResult q;
            q.analyte = r.analyte;
            q.value = it->at("value").get<double>();
            const std::string code = text_of(*it, "code"), unit = text_of(*it, "unit");
            q.unit_text = !code.empty() ? code : !unit.empty() ? unit : r.unit_text;
            try {
               const Unit u = q.unit_text == r.unit_text || q.unit_text == replaced ? r.unit : r.analyte->unit(q.unit_text);
               return convert(q.value, u, r.analyte->canonical, r.analyte->molar_mass).value;
            }
            catch (const UnitError& x) {
               skip(&e, rpath + "." + k, std::string(x.what()) + " for " + r.analyte->display);
            }
         };
         r.low = limit("low");
         r.high = limit("high");
         if (r.low && r.high && *r.low > *r.high) skip(&e, rpath, "low is above high");
         return;
      }
      if (restricted) {
         r.range_note = "the given reference ranges are for other populations";
         unused(e, r.analyte->display + " referenceRange", "every range is for another population (appliesTo or age): none is used as the patient's own");
      }
   }

   void score_value(const Entry& e, const json& holder, const std::string& path, const Score& s, const Date& date, const std::string&)
   {
      std::string label;
      std::string vpath = path;
      if (auto it = holder.find("valueInteger"); it != holder.end() && it->is_number_integer()) {
         vpath += "valueInteger";
         if (std::fabs(it->get<double>()) > 1e6) skip(&e, vpath, "expected a " + s.display + " value, got " + it->dump());
         label = std::to_string(it->get<long long>());
      }
      else if (auto q = holder.find("valueQuantity"); q != holder.end() && q->is_object() && q->contains("value") && q->at("value").is_number()) {
         const double v = q->at("value").get<double>();
         // A score is a count on its own scale: no unit, "1" or an annotation ({score}); "%" only on a scale of
         // percentages (Karnofsky). Any other unit says the value is not this score's (a Karnofsky 0 % is no ECOG 0).
         // The UCUM code, else the unit text; words that can only mean a count on a scale ("points") are no unit either.
         std::string qunit = text_of(*q, "code");
         if (qunit.empty()) qunit = text_of(*q, "unit");
         static const std::set<std::string> scale_words = {"score", "scores", "point", "points", "pts", "grade", "class"};
         const bool unitless =
             qunit.empty() || qunit == "1" || (qunit.size() > 2 && qunit.front() == '{' && qunit.back() == '}') || scale_words.count(lower_ascii(qunit)) > 0;
         if (!unitless && !(s.percent && qunit == "%"))
            skip(&e, vpath + "valueQuantity",
                 "\"" + qunit + "\" is not a unit of " + s.display + " (a value on its scale has no unit" + (s.percent ? " or %" : "") + ")");
         vpath += "valueQuantity.value";
         if (v != std::floor(v) || std::fabs(v) > 1e6) skip(&e, vpath, "expected a whole " + s.display + " value");
         label = std::to_string(static_cast<long long>(v));
      }
      else if (auto cc = holder.find("valueCodeableConcept"); cc != holder.end() && cc->is_object()) {
         vpath += "valueCodeableConcept";
         // Every coding is read, and the text: two that name different values (a registry's own "2" beside LOINC LA9623-5,
         // which is 1) leave the assessment unusable rather than the first one deciding. Where one value lies inside the
         // other (Child-Pugh "B7" beside "B"), the narrower is kept.
         std::string first;
         auto agree = [&](const std::string& this_label, const std::string& from) {
            const auto now = s.label(this_label), was = s.label(label);
            if (label.empty() || (now->first >= was->first && now->second <= was->second)) {
               label = this_label, first = from;
               return;
            }
            if (was->first >= now->first && was->second <= now->second) return;
            skip(&e, vpath, "its codings name different " + s.display + " values (" + first + " is " + label + ", " + from + " is " + this_label + ")");
         };
         if (auto c = cc->find("coding"); c != cc->end() && c->is_array())
            for (const auto& coding : *c) {
               if (!coding.is_object()) continue;
               const std::string cd = text_of(coding, "code");
               // An answer code (scores.json "answers") counts only in its own code system: LOINC's LA codes, else SNOMED CT.
               const std::string answer_system = cd.rfind("LA", 0) == 0 ? loinc_system : "http://snomed.info/sct";
               std::string this_label;
               const auto a = s.answers.find(cd);
               if (a != s.answers.end() && text_of(coding, "system") == answer_system)
                  this_label = a->second;
               else if (a != s.answers.end())
                  continue;  // an answer code in another system, whose display would undo the rule above
               else if (s.label(cd))
                  this_label = cd;
               else if (const std::string d = text_of(coding, "display"); s.label(d))
                  this_label = d;
               if (!this_label.empty()) agree(this_label, "'" + cd + "'");
            }
         // The text too, when it names a value: it must agree with the codings.
         if (const std::string t = text_of(*cc, "text"); s.label(t)) agree(t, "the text");
         // A coded answer Eligo does not know is an assessment that cannot be used: an older one is not the latest.
         if (label.empty()) skip(&e, vpath, describe_code(*cc) + ": no coding names a " + s.display + " value the catalogue knows");
      }
      else if (auto str = holder.find("valueString"); str != holder.end() && str->is_string())
         label = str->get<std::string>(), vpath += "valueString";
      else if (!value_kind(holder).empty())
         skip(&e, path + value_kind(holder), "expected a " + s.display + " value (valueInteger, valueCodeableConcept or valueString)");
      else
         return unused(e, s.display, "no value");
      auto range = s.label(label);
      if (!range) skip(&e, vpath, "\"" + label + "\" is not a value of " + s.display);
      // A number between the scale's steps (Karnofsky 75): the criteria's bounds assume the steps ("> 70" is 80 and up), so
      // it could be read wrongly either way; it is listed and settles nothing.
      if (s.step > 1 && range->first == range->second && (range->first - s.min) % s.step != 0)
         skip(&e, vpath, "\"" + label + "\" lies between the steps of " + s.display + " (steps of " + std::to_string(s.step) + ")");
      // Every assessment is kept: the evaluator takes the newest on or before the screening date.
      ScoreValue sv;
      sv.score = &s;
      sv.lo = range->first;
      sv.hi = range->second;
      sv.label = label;
      sv.date = date;
      sv.field = e.name();
      p_.score_history.push_back(std::move(sv));
   }

   void finding_value(const Entry& e, const json& holder, const std::string& path, const Concept& c, const Date& date, const std::string&)
   {
      std::optional<bool> present;
      if (auto b = holder.find("valueBoolean"); b != holder.end() && b->is_boolean())
         present = b->get<bool>();
      else if (auto str = holder.find("valueString"); str != holder.end() && str->is_string()) {
         // A result written as a word ("Positive", "Not detected"): the whole text must be one of the answers
         // concepts.json lists (fhir.answers.texts); anything else ("weakly positive", "<20 IU/mL") settles nothing.
         if (!(present = cat_.answer_text(str->get<std::string>())))
            return unused(e, c.display + ": \"" + str->get<std::string>() + "\"",
                          "the text does not say present or absent (positive, negative, detected, not detected)");
      }
      else if (auto cc = holder.find("valueCodeableConcept"); cc != holder.end() && cc->is_object()) {
         if (auto cs = cc->find("coding"); cs != cc->end() && cs->is_array())
            for (const auto& coding : *cs)
               if (coding.is_object())
                  if ((present = cat_.answer(c, text_of(coding, "system"), text_of(coding, "code")))) break;
         // An answer that says neither is a record that cannot be used: an older one is not the latest.
         if (!present) skip(&e, path + "valueCodeableConcept", describe_code(*cc) + ": the answer does not say present or absent");
      }
      else if (!value_kind(holder).empty())
         skip(&e, path + value_kind(holder), "expected valueBoolean, valueCodeableConcept or valueString for the finding " + c.display);
      else
         return unused(e, c.display, "no value");
      // Every dated record is kept: the evaluator takes the newest on or before the screening date.
      p_.finding_history.push_back({&c, *present, date, e.name()});
   }

   // ---- Conditions, medications, procedures, allergies -------------------------------------------

   // The concepts a CodeableConcept names, by its codes (docs/fhir.md, "From codes to concepts"). Beyond its codes,
   // only a medication's text is read (`by_name`), and in it only the names of drug ingredients ("PACLitaxel 100 MG
   // Injection" is paclitaxel, matched by name). Class words ("chemotherapy", "carcinoma", "immunotherapy") never
   // name anything, and neither does the text of a condition or a procedure. A dose form that the concept or one of its
   // classes excludes (a topical cream is no systemic corticosteroid) is kept with it (`forms`, not for an allergy): the
   // record is of the ingredient, and the evaluator leaves it out of those classes only (record_is_a).
   std::vector<Mapped> concepts(const json& cc, std::initializer_list<ConceptKind> kinds, std::string& why_not, bool by_name = false, bool forms = true)
   {
      std::vector<Mapped> out;
      build_name_index();
      auto allowed = [&](const Concept* c) { return std::any_of(kinds.begin(), kinds.end(), [&](ConceptKind k) { return c->kind == k; }); };
      std::string text = display_of(cc);
      const std::string low = lower_ascii(text);
      auto form_of = [&](const Concept* c) { return forms ? excluded_form(*c, low) : std::string(); };
      // An ICD-9-CM code without its dot is a procedure's in a Procedure, a diagnosis's anywhere else.
      const IcdUse icd_use = kinds.size() > 0 && *kinds.begin() == ConceptKind::procedure ? IcdUse::procedure : IcdUse::diagnosis;
      if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
         for (const auto& coding : *c) {
            if (!coding.is_object()) continue;
            const std::string sys = text_of(coding, "system"), cd = text_of(coding, "code");
            bool history = false;
            const Concept* x = sys == eligo_concept ? cat_.concept_(cd) : cat_.concept_by_code(sys, cd, icd_use, &history);
            if (x && allowed(x) && std::none_of(out.begin(), out.end(), [&](const Mapped& m) { return m.concept_ == x; }))
               out.push_back({x, system_name(sys) + " " + cd, "", "", form_of(x), history});
         }
      if (!out.empty()) return out;
      if (!by_name) {
         why_not = "no catalogue concept has this code" + std::string(text.empty() ? "" : " (only codes name a condition, procedure or class)");
         return out;
      }
      // An ATC code says the substance and its use together (D07AC01 is betamethasone for the skin, H02AB01 the
      // systemic one): when the catalogue knows none of a record's ATC codes, its ingredient's name is not read either,
      // or a local-use product would count as a member of a systemic class.
      if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
         for (const auto& coding : *c)
            if (coding.is_object() && text_of(coding, "system") == atc_system) {
               why_not = "no catalogue concept has its ATC code " + text_of(coding, "code") + ", and an ATC code decides: its name is not read";
               return out;
            }
      if (text.empty()) {
         why_not = "no catalogue concept has this code, and there is no text";
         return out;
      }
      // Display texts are short; a long one is read up to the cap (and says so).
      const bool cut = text.size() > max_match_text;
      if (cut) text.resize(max_match_text);
      const std::string hay = low.substr(0, text.size());
      // Wording that does not assert what the text names: whatever it names is unconfirmed, so that
      // a criterion on it is unknown, never decided by it either way.
      std::string hedge;
      for (const auto& s : cat_.text_matching().hedges)
         if (has_phrase(hay, s)) {
            hedge = s;
            break;
         }
      struct Hit {
         std::size_t at, len;
         const Concept* c;  // null: a phrase that names no concept ("heparin lock")
         const std::string* name;
      };
      std::vector<Hit> hits;
      for (const auto& [name, c] : name_index_) {
         if (c && !allowed(c)) continue;
         for (std::size_t at = hay.find(name); at != std::string::npos; at = hay.find(name, at + name.size())) {
            const bool left = at == 0 || !word_char(hay[at - 1]);
            const bool right = at + name.size() == hay.size() || !word_char(hay[at + name.size()]);
            if (left && right) hits.push_back({at, name.size(), c, &name});
         }
      }
      // Longest first; a hit overlapping a longer one is dropped (linear in the text length).
      std::stable_sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) { return x.len > y.len; });
      std::vector<bool> taken(text.size(), false);
      for (const auto& h : hits) {
         if (std::any_of(taken.begin() + static_cast<long>(h.at), taken.begin() + static_cast<long>(h.at + h.len), [](bool b) { return b; })) continue;
         std::fill(taken.begin() + static_cast<long>(h.at), taken.begin() + static_cast<long>(h.at + h.len), true);
         if (h.c && std::none_of(out.begin(), out.end(), [&](const Mapped& m) { return m.concept_ == h.c; }))
            out.push_back(
                {h.c, "ingredient name '" + *h.name + "'" + (cut ? " (in its first " + std::to_string(max_match_text) + " bytes)" : "") + " (matched by name)",
                 hedge, *h.name, form_of(h.c)});
      }
      if (out.empty()) why_not = "no catalogue concept has this code, and its text names no drug ingredient the catalogue knows";
      return out;
   }

   // The names a medication's text may be searched for: those of drug ingredients ("ingredient": true), less
   // abbreviations (all capitals: "5-FU", "TDF") and names too general for free text, and the phrases that contain one
   // but name nothing ("heparin lock"). The classes that exclude dose forms, for excluded_form().
   void build_name_index()
   {
      if (indexed_) return;
      indexed_ = true;
      const auto& tm = cat_.text_matching();
      for (const auto& c : cat_.concepts()) {
         if (!c.not_dose_forms.empty()) form_classes_.push_back(&c);
         if (!c.ingredient) continue;
         for (const auto& n : c.names) {
            if (n.size() < 3 || std::any_of(tm.skip_names.begin(), tm.skip_names.end(), [&](const std::string& s) { return lower_ascii(s) == lower_ascii(n); }))
               continue;
            if (std::none_of(n.begin(), n.end(), [](char ch) { return std::islower(static_cast<unsigned char>(ch)); })) continue;
            name_index_.push_back({lower_ascii(n), &c});
         }
      }
      for (const auto& n : tm.not_names) name_index_.push_back({lower_ascii(n), nullptr});
   }

   // A dose form, as "not_dose_forms" writes it, that lower-cased text says and that `c` or a class of it excludes; "" if none.
   std::string excluded_form(const Concept& c, const std::string& low) const
   {
      if (low.empty()) return "";
      for (const Concept* k : form_classes_)
         if (cat_.is_a(c, *k))
            for (const auto& f : k->not_dose_forms)
               if (has_phrase(low, f)) return f;
      return "";
   }

   // Files a record in the list its concept is evaluated from.
   void file(Record rec, const char* list)
   {
      std::optional<std::vector<Record>>* target = nullptr;
      const std::string l = list;
      if (l == "allergies" || l == "procedures")
         target = list_named(l);  // a treatment named by a Procedure stays there; the evaluator looks there too
      else if (rec.concept_->kind == ConceptKind::medication)
         target = &p_.medications;
      else if (rec.concept_->kind == ConceptKind::procedure)
         target = &p_.procedures;
      else
         target = &p_.conditions;
      if (!target->has_value()) target->emplace();
      (*target)->push_back(std::move(rec));
   }

   std::optional<std::vector<Record>>* list_named(const std::string& l)
   {
      return l == "conditions" ? &p_.conditions : l == "medications" ? &p_.medications : l == "procedures" ? &p_.procedures : &p_.allergies;
   }

   // Whether a CodeableConcept has a coding with a code.
   static bool has_code(const json& cc)
   {
      auto c = cc.find("coding");
      return c != cc.end() && c->is_array() && std::any_of(c->begin(), c->end(), [](const json& x) { return x.is_object() && !text_of(x, "code").empty(); });
   }

   static bool coded_as(const json& cc, const std::vector<Code>& codes)
   {
      if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
         for (const auto& coding : *c) {
            if (!coding.is_object()) continue;
            const std::string system = text_of(coding, "system"), code = catalogue_code(system, text_of(coding, "code"));
            if (std::any_of(codes.begin(), codes.end(), [&](const Code& x) { return x.system == system && x.code == code; })) return true;
         }
      return false;
   }

   // A resource of a list's type (other than a "no information" one) shows the source exports that list.
   void feed(const char* list, const json& code)
   {
      const auto& tm = cat_.text_matching();
      if (coded_as(code, tm.no_information)) return;
      for (const auto& [which, codes] : tm.none_known)
         if (which != list && coded_as(code, codes)) return;  // "no known allergy" on a Condition says nothing about conditions
      fed_.insert(list_named(list));
   }

   void add_records(const Entry& e, const json& code, std::initializer_list<ConceptKind> kinds, Record base, const char* list)
   {
      const auto& tm = cat_.text_matching();
      if (coded_as(code, tm.no_information))
         return unused(e, describe_code(code), "says there is no information: the " + std::string(list) + " list stays unknown");
      for (const auto& [which, codes] : tm.none_known)
         if (coded_as(code, codes)) {
            if (which == list) return unused(e, describe_code(code), "says there are none: the " + std::string(list) + " list is complete");
            return unused(e, describe_code(code), "says there are no " + which + ", in a " + e.type + ": ignored");
         }
      // A resource without a code or a text may be anything of its list: the list is not complete.
      if (!has_code(code) && display_of(code).empty()) {
         ++p_.unmapped[list];
         lists_with_skips_.insert(list);
         return unused(e, "", "no code and no text: the " + std::string(list) + " list is not complete");
      }
      std::string why;
      // Only a medication's own text is searched, and only for drug ingredient names.
      const auto mapped = concepts(code, kinds, why, std::string(list) == "medications", std::string(list) != "allergies");
      const std::string what = describe_code(code);
      if (mapped.empty()) {
         ++p_.unmapped[list];
         unmapped_code(code, list);
         Record r = base;
         r.text = display_of(code).empty() ? what : display_of(code);
         r.field = e.name();
         r.text_only = !has_code(code);
         r.mapped_by = describe_code(code, false);  // the codes no concept lists, for the why
         // A coded record whose text begins "Family history of", "Screening for" is not of what it names.
         if (r.text_only || !cat_.not_of_patient(r.text)) r.named_by_text = cat_.concepts_named_in(r.text);
         p_.unrecognised[list].push_back(std::move(r));
         return unused(e, what, why);
      }
      base.text = display_of(code);
      base.field = e.name();
      // A Condition whose text begins "History of", "Prior", "Status post" under a code of the condition itself: the code
      // and its status say it holds, the text that it is past. Whether it still holds is open (Record::history_doubt).
      // Wording further on ("NSTEMI, prior PCI 2015") says nothing of the record's own condition.
      std::string past_phrase;
      if (std::string(list) == "conditions" && base.status == RecordStatus::active && !base.end) {
         const std::string low = lower_ascii(base.text);
         for (const auto& ph : cat_.text_matching().past)
            if (past_phrase.empty() && begins_with_phrase(low, ph)) past_phrase = ph;
      }
      for (const auto& m : mapped) {
         Record rec = base;
         rec.concept_ = m.concept_;
         rec.mapped_by = m.by;
         // A personal-history code (ICD-10-CM Z85, "Old myocardial infarction"): over, whatever status or abatement it
         // gives, unless it says the condition came back.
         const bool over_or_active = rec.status == RecordStatus::active || rec.status == RecordStatus::resolved || rec.status == RecordStatus::inactive ||
                                     rec.status == RecordStatus::remission;
         if (m.history && over_or_active) {
            rec.history = true;
            rec.status_conflict.clear();  // "active" with an abatement says nothing more of a history
            if (rec.status == RecordStatus::active) rec.status = RecordStatus::resolved;
         }
         else if (!past_phrase.empty())
            rec.history_doubt = past_phrase;
         if (!m.hedge.empty()) rec.status = RecordStatus::unconfirmed, rec.status_detail = "its text says '" + m.hedge + "'";
         if (rec.text.empty()) rec.text = m.concept_->display;
         if (!m.name.empty()) rec.text += " (" + m.name + ", matched by name)";
         rec.dose_form = m.form;
         file(std::move(rec), list);
      }
   }

   // Dates that cannot be trusted: an end before the start.
   static std::optional<SkipElement> bad_dates(const Record& r, const char* what)
   {
      if (r.start && r.end && *r.end < *r.start) return SkipElement{what, "ends before it starts"};
      return std::nullopt;
   }

   // A record whose dates cannot be trusted keeps what is known: its concept, as an unconfirmed record without those
   // dates (the start too, unless only the end is in doubt), so that a criterion on it is unknown, never decided by
   // leaving the record out; the element is listed as skipped (docs/fhir.md, "Skipped elements").
   void untrusted_dates(const Entry& e, Record& rec, const SkipElement& s, const json& code, bool keep_start)
   {
      skipped(e, s, describe_code(code));
      if (!keep_start) rec.start.reset();
      rec.end.reset();
      rec.status = RecordStatus::unconfirmed;
      rec.status_detail = "skipped: " + s.path + " " + s.reason;
   }

   // A refuted or entered-in-error record does not count; it is listed.
   bool refuted(const Entry& e, const json& code, const std::string& verification)
   {
      if (verification != "refuted" && verification != "entered-in-error") return false;
      unused(e, describe_code(code), "verificationStatus is " + verification);
      return true;
   }

   void condition(const Entry& e)
   {
      const json& r = *e.resource;
      const json code = r.value("code", json::object());
      feed("conditions", code);
      const std::string verification = status_code(r, "verificationStatus");
      if (refuted(e, code, verification)) return;
      Record rec;
      rec.start = when(r, {{"onsetDateTime", nullptr}, {"onsetPeriod", "start"}}).first;
      rec.recorded = when(r, {{"recordedDate", nullptr}}).first;
      rec.onset_latest = when(r, {{"onsetPeriod", "end"}, {"onsetDateTime", nullptr}, {"onsetPeriod", "start"}}, true).first;
      rec.onset_open = rec.start && !when(r, {{"onsetDateTime", nullptr}}).first && !when(r, {{"onsetPeriod", "end"}}).first;
      for (const auto& latest : {rec.onset_latest, when(r, {{"recordedDate", nullptr}}, true).first})
         if (latest && (!rec.latest_known || *latest > *rec.latest_known)) rec.latest_known = latest;
      // A provisional, differential or unconfirmed diagnosis neither counts nor is absent: the evaluator says unknown.
      const bool unconfirmed = verification == "provisional" || verification == "differential" || verification == "unconfirmed";
      rec.end = when(r, {{"abatementDateTime", nullptr}, {"abatementPeriod", "end"}, {"abatementPeriod", "start"}}, true).first;
      const std::optional<SkipElement> bad = bad_dates(rec, "abatement");
      const std::string clinical = status_code(r, "clinicalStatus");
      if (clinical == "relapse" || clinical == "recurrence")
         rec.status = RecordStatus::recurrence;
      else if (clinical == "inactive" || clinical == "remission" || clinical == "resolved")
         rec.status = *record_status(clinical);
      else if (clinical.empty() && (rec.end || r.contains("abatementString") ||
                                    (r.contains("abatementBoolean") && r.at("abatementBoolean").is_boolean() && r.at("abatementBoolean").get<bool>())))
         rec.status = RecordStatus::resolved;
      else
         rec.status = RecordStatus::active;
      // R4 con-4: an abated Condition is inactive, resolved or in remission. One that says active, recurrence or relapse
      // and gives an abatement contradicts itself (a relapse written over an old episode's abatement, say): it happened,
      // but whether it still holds after that date is not recorded.
      if (rec.end && (rec.status == RecordStatus::active || rec.status == RecordStatus::recurrence) && !clinical.empty())
         rec.status_conflict = "clinicalStatus is " + clinical + ", yet it abated on " + rec.end->str() +
                               " (FHIR R4 con-4: an abated Condition is inactive, resolved or in remission)";
      if (unconfirmed) rec.status = RecordStatus::unconfirmed, rec.status_detail = "verificationStatus " + verification;
      if (bad) untrusted_dates(e, rec, *bad, code, false);
      read_severity(r, rec);
      add_records(e, code, {ConceptKind::condition, ConceptKind::finding}, rec, "conditions");
      finding_ends(e, code, rec);
   }

   // A finding that ends (concepts.json observation.ended_by; docs/fhir.md, "Scores and findings"): a
   // Condition or Procedure coded as what ends it (a delivery ends a pregnancy) records the finding
   // absent on its date, and so does the abatement of a Condition of the finding. The evaluator takes
   // the newest dated record, as for any finding, so a later pregnancy outranks an earlier delivery.
   void finding_ends(const Entry& e, const json& code, const Record& rec)
   {
      if (rec.status == RecordStatus::unconfirmed) return;
      if (!ending_) {
         ending_.emplace();
         for (const auto& c : cat_.concepts())
            if (!c.ended_by.empty()) ending_->push_back(&c);
      }
      for (const Concept* c : *ending_) {
         if (rec.start && coded_as(code, c->ended_by)) {
            ends_.push_back(p_.finding_history.size());
            p_.finding_history.push_back({c, false, *rec.start, e.name() + " '" + display_of(code) + "'"});
         }
         if (e.type != "Condition" || !rec.end || !rec.status_conflict.empty()) continue;
         if (auto cs = code.find("coding"); cs != code.end() && cs->is_array())
            for (const auto& coding : *cs)
               if (const Concept* x = coding.is_object() ? cat_.concept_by_code(text_of(coding, "system"), text_of(coding, "code")) : nullptr;
                   x && cat_.is_a(*x, *c)) {
                  p_.finding_history.push_back({c, false, *rec.end, e.name() + " abatement"});
                  break;
               }
      }
   }

   // The drug's CodeableConcept: given inline, or on the Medication a reference points to (in
   // the bundle, or contained in the resource as "#id"), or a reference's display text.
   std::optional<json> medication_code(const Entry& e, std::string& why_not)
   {
      const json& r = *e.resource;
      if (auto it = r.find("medicationCodeableConcept"); it != r.end() && it->is_object()) return *it;
      if (auto it = r.find("medicationReference"); it != r.end() && it->is_object()) {
         const std::string ref = text_of(*it, "reference");
         const json* med = nullptr;
         if (!ref.empty() && ref[0] == '#') {
            if (auto c = r.find("contained"); c != r.end() && c->is_array())
               for (const auto& x : *c)
                  if (x.is_object() && text_of(x, "id") == ref.substr(1)) med = &x;
         }
         else if (auto m = by_url_.find(ref); m != by_url_.end())
            med = (*entries_)[m->second].resource;
         if (med)
            if (auto c = med->find("code"); c != med->end() && c->is_object()) return *c;
         if (const std::string d = text_of(*it, "display"); !d.empty()) return json{{"text", d}};  // read as text
         why_not = "medicationReference " + ref + (med ? ": the Medication has no code" : ": the Medication is not in the bundle") +
                   ", and the reference has no display";
         return std::nullopt;
      }
      why_not = "no medicationCodeableConcept or medicationReference";
      return std::nullopt;
   }

   void medication(const Entry& e)
   {
      const json& r = *e.resource;
      const std::string status = text_of(r, "status");
      static const std::set<std::string> not_taken = {"cancelled", "entered-in-error", "draft", "not-taken", "not-done", "intended"};
      std::string why_not;
      const std::optional<json> code = medication_code(e, why_not);
      feed("medications", code.value_or(json::object()));
      if (!code) {
         ++p_.unmapped["medications"];
         lists_with_skips_.insert("medications");  // a drug that cannot be read may be any drug
         return unused(e, "", why_not + ": the medications list is not complete");
      }
      if (not_taken.count(status)) return unused(e, describe_code(*code), "status is " + status);
      // An order not to give the drug, or a proposal or plan, is not a course of the drug.
      if (auto dnp = r.find("doNotPerform"); dnp != r.end() && dnp->is_boolean() && dnp->get<bool>())
         return unused(e, describe_code(*code), "doNotPerform: an order not to give it");
      if (const std::string intent = text_of(r, "intent"); intent == "proposal" || intent == "plan" || intent == "option")
         return unused(e, describe_code(*code), "intent is " + intent + ", not an order");
      Record rec;
      std::optional<SkipElement> bad;
      if (e.type == "MedicationRequest")
         bad = request_period(r, rec);
      else {
         auto [d, _] = when(r, {{"effectiveDateTime", nullptr}, {"effectivePeriod", "start"}});
         rec.start = d;
         rec.end = when(r, {{"effectivePeriod", "end"}}, true).first;
         if (e.type == "MedicationAdministration" && r.contains("effectiveDateTime")) rec.end = rec.start;  // one dose
      }
      const bool keep_start = bad.has_value();  // a duration that cannot be read puts only the end in doubt
      if (!bad) bad = bad_dates(rec, "effectivePeriod");
      rec.status = status == "completed" ? RecordStatus::completed : status == "stopped" ? RecordStatus::stopped : RecordStatus::active;
      if (bad) untrusted_dates(e, rec, *bad, *code, keep_start);
      // statusReason: a CodeableConcept (MedicationRequest) or a list of them (MedicationStatement).
      if (auto sr = r.find("statusReason"); sr != r.end())
         for (const json& reason : sr->is_array() ? *sr : json::array({*sr}))
            if (reason.is_object())
               rec.stop_reason = outcome_code<StopReason>(e, reason, cat_.text_matching().stop_reasons, stop_reason, "statusReason", rec.stop_reason);
      indication(e, rec);
      add_records(e, *code, {ConceptKind::medication}, rec, "medications");
   }

   // A MedicationRequest's course: from authoredOn (or the start of the dosage's timing bounds) to the
   // end of dosageInstruction[].timing.repeat.boundsPeriod, or authoredOn plus boundsDuration. A duration
   // that is not a number of days from 0 to 100 years is not used, and returned as the element to skip.
   std::optional<SkipElement> request_period(const json& r, Record& rec) const
   {
      constexpr double max_course_days = 36'500;
      std::optional<SkipElement> bad;
      rec.start = when(r, {{"authoredOn", nullptr}}).first;
      auto ds = r.find("dosageInstruction");
      if (ds == r.end() || !ds->is_array()) return bad;
      for (std::size_t i = 0; i < ds->size(); ++i) {
         const json& d = ds->at(i);
         const json* rep = d.is_object() && d.contains("timing") && d.at("timing").is_object() ? &d.at("timing") : nullptr;
         rep = rep && rep->contains("repeat") && rep->at("repeat").is_object() ? &rep->at("repeat") : nullptr;
         if (!rep) continue;
         if (auto bp = rep->find("boundsPeriod"); bp != rep->end() && bp->is_object()) {
            if (auto s = when(*bp, {{"start", nullptr}}).first; s && !rec.start) rec.start = s;
            if (auto e = when(*bp, {{"end", nullptr}}, true).first) rec.end = rec.end ? std::max(*rec.end, *e) : *e;
         }
         else if (auto bd = rep->find("boundsDuration");
                  bd != rep->end() && bd->is_object() && rec.start && bd->contains("value") && bd->at("value").is_number()) {
            const double v = bd->at("value").get<double>();
            const std::string u = text_of(*bd, "code").empty() ? text_of(*bd, "unit") : text_of(*bd, "code");
            const double factor = u == "d" ? 1 : u == "wk" ? 7 : u == "mo" ? 30.4375 : u == "a" ? 365.25 : 0;
            if (factor == 0) continue;  // a unit not read: no end from it
            const double days = v * factor;
            if (!std::isfinite(days) || days < 0 || days > max_course_days) {
               bad = SkipElement{"dosageInstruction[" + std::to_string(i) + "].timing.repeat.boundsDuration",
                                 "expected a duration of 0 to 100 years, got " + bd->at("value").dump() + " " + u + ": the end of the course is not known"};
               continue;
            }
            const Date e = rec.start->add_days(std::lround(days));
            rec.end = rec.end ? std::max(*rec.end, e) : e;
         }
      }
      return bad;
   }

   // An end (a delivery, a miscarriage) that a record of the finding outlives is no end of it: a miscarriage
   // entered as past history at a booking visit, dated inside a pregnancy that goes on for months, must not make
   // the woman "not pregnant". Where a Condition of the finding began before the end's date and is still open a
   // month after it (Synthea abates a pregnancy about a week after its delivery), the two disagree on that date
   // and the evaluator says unknown (docs/fhir.md, "Pregnancy").
   void contradicted_ends()
   {
      if (!p_.conditions) return;
      constexpr long outlives_days = 30;
      for (const std::size_t i : ends_) {
         const FindingRecord end = p_.finding_history[i];
         for (const auto& r : *p_.conditions)
            if (r.concept_ && cat_.is_a(*r.concept_, *end.concept_) && r.start && *r.start < end.date && r.status != RecordStatus::unconfirmed &&
                (r.end ? r.end->days() > end.date.days() + outlives_days : !is_over(r.status))) {  // over without an end: not still open
               p_.finding_history.push_back(
                   {end.concept_, true, end.date, r.field + " (" + r.text + " from " + r.start->str() + ", still open a month later)"});
               break;
            }
      }
   }

   // Renewals of a drug (docs/fhir.md, "Medications: period, renewals"): of the requests of one drug (the
   // same code text), one that is over (stopped, completed) without a period ran until the next one
   // started, as a yearly renewal does; the last one that is over has no known end, so a window
   // ("within 4 weeks") is undecided, never decided by its order date. An active request is replaced
   // only by a later active one: a later stopped or completed order (an inpatient dose, say) does not
   // stop an active prescription, but leaves it unconfirmed (whether it still runs is not recorded).
   void supersede_requests()
   {
      if (!p_.medications) return;
      std::map<std::pair<const Concept*, std::string>, std::vector<Record*>> drugs;
      for (auto& r : *p_.medications)
         if (r.field.rfind("MedicationRequest/", 0) == 0 && r.start) drugs[{r.concept_, r.text}].push_back(&r);
      for (auto& [_, rs] : drugs) {
         std::stable_sort(rs.begin(), rs.end(), [](const Record* a, const Record* b) { return *a->start < *b->start; });
         for (std::size_t i = 0; i + 1 < rs.size(); ++i) {
            if (rs[i]->end) continue;
            const bool renewal = is_over(rs[i]->status);
            const Record* stopped_later = nullptr;
            for (std::size_t j = i + 1; j < rs.size(); ++j) {
               if (*rs[j]->start <= *rs[i]->start) continue;
               if (renewal || !is_over(rs[j]->status)) {
                  rs[i]->end = rs[j]->start;
                  break;
               }
               if (!stopped_later) stopped_later = rs[j];
            }
            // An active order with only later orders that are over: whether it still runs is not recorded.
            if (!rs[i]->end && !renewal && stopped_later && rs[i]->status != RecordStatus::unconfirmed) {
               rs[i]->status = RecordStatus::unconfirmed;
               rs[i]->status_detail = "a later order of the same drug (" + stopped_later->start->str() + ") is " + to_string(stopped_later->status) +
                                      ": whether this one still runs is not recorded";
            }
         }
      }
   }

   // A treatment's outcome by code (concepts.json fhir.outcomes): the value a coding names, else
   // the one already read. A code that names none is listed as read and not used, with the reason.
   template <typename T, typename Parse>
   std::optional<T> outcome_code(const Entry& e, const json& cc, const std::map<std::string, std::vector<Code>>& table, Parse parse, const char* field,
                                 std::optional<T> already)
   {
      for (const auto& [label, codes] : table)
         if (coded_as(cc, codes)) return parse(label);
      unused(e, std::string(field) + " " + describe_code(cc),
             std::string("no code Eligo knows as ") + (std::string(field) == "outcome" ? "an mRECIST response" : "a stop reason (progression)") +
                 " (concepts.json fhir.outcomes): not used");
      return already;
   }

   void procedure(const Entry& e)
   {
      const json& r = *e.resource;
      const std::string status = text_of(r, "status");
      const json code = r.value("code", json::object());
      feed("procedures", code);
      if (status == "not-done" || status == "entered-in-error" || status == "preparation") return unused(e, describe_code(code), "status is " + status);
      Record rec;
      rec.start = when(r, {{"performedDateTime", nullptr}, {"performedPeriod", "start"}}).first;
      rec.end = when(r, {{"performedPeriod", "end"}}, true).first;
      if (!rec.end && r.contains("performedDateTime")) rec.end = rec.start;  // done on one day
      rec.status = RecordStatus::completed;
      // Under way, with no end yet: it applies up to screening (Record::in_progress).
      // A performedDateTime is no end for one that is in progress (review helper-136).
      if (status == "in-progress" && !(r.contains("performedPeriod") && r["performedPeriod"].is_object() && r["performedPeriod"].contains("end"))) {
         rec.end.reset();
         rec.status = RecordStatus::active;
         rec.in_progress = true;
      }
      if (const std::optional<SkipElement> bad = bad_dates(rec, "performedPeriod")) untrusted_dates(e, rec, *bad, code, false);
      if (auto o = r.find("outcome"); o != r.end() && o->is_object())
         rec.response = outcome_code<TumourResponse>(e, *o, cat_.text_matching().responses, tumour_response, "outcome", rec.response);
      indication(e, rec);
      // A procedure may also name a drug treatment ("Combined chemotherapy and radiation therapy").
      add_records(e, code, {ConceptKind::procedure, ConceptKind::medication}, rec, "procedures");
      finding_ends(e, code, rec);
   }

   // What a drug or procedure was given for (docs/fhir.md): a reasonCode by its code, through the
   // catalogue, or a reasonReference to a Condition of the bundle, mapped as that Condition is.
   // An indication that names no catalogue concept is kept as text: the evaluator cannot tell
   // what it is, and says so.
   void indication(const Entry& e, Record& rec)
   {
      const json& r = *e.resource;
      if (auto rc = r.find("reasonCode"); rc != r.end() && rc->is_array())
         for (const auto& cc : *rc) {
            if (!cc.is_object()) continue;
            if (auto c = cc.find("coding"); c != cc.end() && c->is_array())
               for (const auto& coding : *c) {
                  if (!coding.is_object()) continue;
                  const std::string sys = text_of(coding, "system"), cd = text_of(coding, "code");
                  if (const Concept* x = sys == eligo_concept ? cat_.concept_(cd) : cat_.concept_by_code(sys, cd)) {
                     rec.indication = x;
                     rec.indication_text = display_of(cc).empty() ? x->display : display_of(cc);
                     return;
                  }
               }
            if (rec.indication_text.empty()) rec.indication_text = display_of(cc).empty() ? describe_code(cc) : display_of(cc);
         }
      if (auto rr = r.find("reasonReference"); rr != r.end() && rr->is_array())
         for (const auto& ref : *rr) {
            if (!ref.is_object()) continue;
            const std::string target = text_of(ref, "reference");
            auto m = by_url_.find(target);
            const json* cond = m != by_url_.end() && (*entries_)[m->second].type == "Condition" ? (*entries_)[m->second].resource : nullptr;
            if (cond) {
               const json code = cond->value("code", json::object());
               std::string why;
               for (const auto& mapped : concepts(code, {ConceptKind::condition, ConceptKind::finding}, why))
                  if (mapped.hedge.empty()) {
                     rec.indication = mapped.concept_;
                     rec.indication_text = display_of(code).empty() ? mapped.concept_->display : display_of(code);
                     return;
                  }
            }
            if (rec.indication_text.empty()) {
               const std::string shown = cond ? display_of(cond->value("code", json::object())) : text_of(ref, "display");
               rec.indication_text = !shown.empty() ? shown : target;
            }
         }
   }

   // A clinician's answers to a trial's questions (docs/fhir.md, "Questionnaire responses"): a QuestionnaireResponse of
   // the questionnaire eligo questions writes ("urn:eligo:questionnaire:TRIAL"), completed or amended, with its date
   // (authored) and who answered (author). Each item with an answer is one Answer (linkId = the criterion id); an item
   // that cannot be read is skipped with the reason, and the other answers are kept.
   void questionnaire_response(const Entry& e)
   {
      const json& r = *e.resource;
      const std::string canonical = text_of(r, "questionnaire");
      if (canonical.rfind(questionnaire_url_prefix, 0) != 0) {
         unused(e, canonical.empty() ? "no questionnaire" : canonical, "not a questionnaire of eligo questions: not read as answers to criteria");
         return;
      }
      const std::string trial = canonical.substr(questionnaire_url_prefix.size(), canonical.find('|') - questionnaire_url_prefix.size());
      const std::string status = text_of(r, "status");
      if (status != "completed" && status != "amended") {
         unused(e, "status " + (status.empty() ? std::string("(none)") : status), "only a completed or amended response is an answer");
         return;
      }
      const std::optional<Date> authored = when(r, {{"authored", nullptr}}).first;
      if (!authored) skip(&e, "authored", "missing or not a date: an answer needs the day it was given (it is valid for the trial's 'answers valid' days)");
      std::string by;
      if (auto a = r.find("author"); a != r.end() && a->is_object()) by = !text_of(*a, "display").empty() ? text_of(*a, "display") : text_of(*a, "reference");
      if (by.empty()) skip(&e, "author", "missing: an answer needs who gave it (author.display or author.reference)");
      const std::string where = "entry[" + std::to_string(e.index) + "] " + e.name();
      std::function<void(const json&, const std::string&)> items = [&](const json& holder, const std::string& path) {
         auto it = holder.find("item");
         if (it == holder.end()) return;
         if (!it->is_array()) {
            skipped(where, path + "item", utf8_prefix(it->dump(), 60), "expected an array of items");
            return;
         }
         for (std::size_t i = 0; i < it->size(); ++i) {
            const json& item = (*it)[i];
            const std::string ipath = path + "item[" + std::to_string(i) + "]";
            if (!item.is_object()) {
               skipped(where, ipath, utf8_prefix(item.dump(), 60), "expected an item object");
               continue;
            }
            if (item.contains("answer")) try {
                  p_.answers.push_back(response_answer(item, ipath, trial, by, *authored, where));
               }
               catch (const SkipElement& k) {
                  skipped(where, k.path, text_of(item, "linkId"), k.reason);
               }
            items(item, ipath + ".");
         }
      };
      items(r, "");
   }

   // One item's answer: valueBoolean (whether the criterion's statement holds), valueDecimal or valueInteger (a number),
   // valueQuantity (a quantity with its unit), valueDate.
   Answer response_answer(const json& item, const std::string& path, const std::string& trial, const std::string& by, const Date& authored,
                          const std::string& where) const
   {
      Answer a;
      a.native = false;
      a.by = by;
      a.date = authored;
      a.field = where + ": " + path;
      a.criterion = text_of(item, "linkId");
      if (a.criterion.rfind(trial + "-", 0) != 0 || a.criterion.size() == trial.size() + 1)
         throw SkipElement{path + ".linkId", "\"" + a.criterion + "\" is not a criterion id of " + trial + ", the trial of the questionnaire"};
      const json& answers = item.at("answer");
      if (!answers.is_array() || answers.size() != 1 || !answers.at(0).is_object()) throw SkipElement{path + ".answer", "expected exactly one answer"};
      const json& v = answers.at(0);
      const std::string vpath = path + ".answer[0].";
      if (auto b = v.find("valueBoolean"); b != v.end()) {
         if (!b->is_boolean()) throw SkipElement{vpath + "valueBoolean", "expected true or false, got " + b->dump()};
         a.type = Answer::Type::boolean;
         a.yes = b->get<bool>();
         a.text = a.yes ? "yes" : "no";
      }
      else if (auto n = v.find("valueDecimal") != v.end() ? v.find("valueDecimal") : v.find("valueInteger"); n != v.end()) {
         const std::string k = v.contains("valueDecimal") ? "valueDecimal" : "valueInteger";
         if (!n->is_number() || !std::isfinite(n->get<double>()) || (k == "valueInteger" && !n->is_number_integer()))
            throw SkipElement{vpath + k, "expected a number, got " + n->dump()};
         a.type = Answer::Type::number;
         a.number = n->get<double>();
         a.text = n->dump();
      }
      else if (auto q = v.find("valueQuantity"); q != v.end()) {
         if (!q->is_object() || !q->contains("value") || !q->at("value").is_number() || !std::isfinite(q->at("value").get<double>()))
            throw SkipElement{vpath + "valueQuantity", "expected a Quantity with a numeric value"};
         a.unit = !text_of(*q, "code").empty() ? text_of(*q, "code") : text_of(*q, "unit");
         if (a.unit.empty()) throw SkipElement{vpath + "valueQuantity", "a quantity needs its unit (code or unit)"};
         a.type = Answer::Type::quantity;
         a.number = q->at("value").get<double>();
         a.text = q->at("value").dump() + " " + a.unit;
      }
      else if (auto d = v.find("valueDate"); d != v.end()) {
         const auto day = d->is_string() ? parse_date(d->get<std::string>()) : std::nullopt;
         if (!day) throw SkipElement{vpath + "valueDate", "not a date to the day: " + d->dump()};
         a.type = Answer::Type::date;
         a.date_value = *day;
         a.text = day->str();
      }
      else {
         std::string kinds;
         for (const auto& [k, _] : v.items())
            if (k.rfind("value", 0) == 0) kinds += (kinds.empty() ? "" : ", ") + k;
         throw SkipElement{vpath.substr(0, vpath.size() - 1),
                           (kinds.empty() ? std::string("no value") : kinds) +
                               ": an answer to a criterion is valueBoolean, valueDecimal, valueInteger, valueQuantity or valueDate"};
      }
      return a;
   }

   void allergy(const Entry& e)
   {
      const json& r = *e.resource;
      const json code = r.value("code", json::object());
      feed("allergies", code);
      if (refuted(e, code, status_code(r, "verificationStatus"))) return;
      Record rec;
      rec.start = when(r, {{"onsetDateTime", nullptr}, {"recordedDate", nullptr}}).first;
      const std::string clinical = status_code(r, "clinicalStatus");
      rec.status = clinical == "inactive" ? RecordStatus::inactive : clinical == "resolved" ? RecordStatus::resolved : RecordStatus::active;
      add_records(e, code, {ConceptKind::medication, ConceptKind::condition, ConceptKind::finding, ConceptKind::procedure}, rec, "allergies");
   }

   // Two results of one analyte at the same date-time: the same value is one result;
   // different values make that result unusable (the evaluator says why).
   void settle_duplicates()
   {
      std::map<std::pair<const Analyte*, long long>, std::size_t> first;
      std::vector<LabResult> kept;
      for (auto& l : p_.labs) {
         const std::string key = l.time.empty() ? l.date.str() : l.time;
         auto [it, fresh] = first.emplace(std::make_pair(l.analyte, l.at), kept.size());
         if (fresh) {
            kept.push_back(std::move(l));
            continue;
         }
         LabResult& k = kept[it->second];
         const bool same = k.comparator == l.comparator && std::fabs(k.canonical - l.canonical) <= 1e-9 * std::max(std::fabs(k.canonical), 1.0);
         std::ostringstream v;
         v << l.comparator << l.value << " " << l.unit_text;
         if (same)
            p_.unused.push_back({l.field, l.analyte->display + " " + v.str() + " at " + key, "duplicate of " + k.field + " (same value, same time)"});
         else {
            if (!k.conflict.empty()) k.conflict += "; ";
            k.conflict += l.field + " gives " + v.str();
            p_.unused.push_back({l.field, l.analyte->display + " " + v.str() + " at " + key, "conflicts with " + k.field + " at the same time"});
         }
      }
      p_.labs = std::move(kept);
   }

   std::string source_;
   const Catalogue& cat_;
   Patient p_;
   std::vector<std::size_t> neither_;  // p_.skipped entries of loads that say neither detected nor not (settle_neither)
   std::set<std::string> self_;
   std::set<std::string> identifiers_;
   std::unordered_map<std::string, std::size_t> by_url_;
   const std::vector<Entry>* entries_ = nullptr;
   std::set<const std::optional<std::vector<Record>>*> fed_;  // lists the bundle has resources for
   bool indexed_ = false;
   std::vector<std::pair<std::string, const Concept*>> name_index_;  // drug ingredient names, lower-cased; null: a phrase that names nothing
   std::vector<const Concept*> form_classes_;                        // concepts with "not_dose_forms"
   std::vector<std::size_t> ends_;                                   // finding_history entries an ended_by code wrote
   std::optional<std::vector<const Concept*>> ending_;               // concepts with ended_by (finding_ends)
   std::unordered_map<std::string, std::size_t> unmapped_index_;     // "system|code|list" -> p_.unmapped_codes
   std::set<std::string> lists_with_skips_;                          // history lists with a resource that could not be read
};

}  // namespace

Patient read_fhir_bundle(const json& bundle, const std::string& source, const Catalogue& catalogue) { return FhirReader(source, catalogue).read(bundle); }

std::string code_system_name(const std::string& system) { return system_name(system); }

}  // namespace eligo
