// Native patient JSON -> Patient. Every error names the file, the patient id
// and the JSON path of the field, and says what was expected.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/patient/plain_field.hpp"
#include "engine/patient/native_format.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

using nlohmann::json;

std::optional<std::string> native_sex(std::string_view s)
{
   if (s == "female" || s == "f" || s == "F" || s == "Female") return "female";
   if (s == "male" || s == "m" || s == "M" || s == "Male") return "male";
   if (s == "unknown" || s == "other") return "";
   return std::nullopt;
}

namespace {

// Whether a unit is normalised to 1.73 m² of body surface ("mL/min/{1.73_m2}").
bool per_body_surface(const Unit& u) { return u.code.find("1.73") != std::string::npos; }

}  // namespace

namespace {

// "75 mg/dL", "75000 ×10^9/L": a lab's value and unit as given (the unit as it is written for people, once read), for a
// clinician's message.
std::string given(const LabResult& r)
{
   char b[32];
   std::snprintf(b, sizeof b, "%.6g", r.value);
   const std::string unit = r.unit.code.empty() ? r.unit_text : display_unit(r.unit.code);
   return unit.empty() || unit == "1" ? std::string(b) : std::string(b) + " " + unit;
}

// What a quantity of this dimension is, in words: "a count per volume" (×10^9/L), "a mass concentration" (g/dL).
std::string measured_as(const Dimension& d)
{
   const std::string n = d.name();
   if (n == "number concentration") return "a count per volume";
   if (n == "catalytic concentration") return "an enzyme activity per volume";
   if (n == "dimensionless") return "a number without a unit";
   const char c = n.empty() ? 'x' : n[0];
   return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ? "an " : "a ") + n;
}

// A problem with its message in a clinician's words: the analyte first, then what is wrong with the value given.
LabProblem problem(const LabResult& r, std::string field, std::string message, const std::string& plain)
{
   return LabProblem{std::move(field), std::move(message), r.analyte->display + ": " + plain};
}

}  // namespace

std::optional<LabProblem> settle_lab(LabResult& r)
{
   const Analyte& a = *r.analyte;
   // The canonical unit as shown, for the messages of a problem only (display_unit is not cheap).
   auto canonical = [&] { return display_unit(a.canonical.code); };
   if (r.value == 0) r.value = 0;  // -0 is zero: shown and compared as 0
   // A logarithmic unit ("log IU/mL", "{log_copies}/mL") is not a unit of the measure: UCUM would read an annotation as
   // dimensionless and equate 3.5 log copies/mL with 3.5 copies/mL. Never converted, never equated.
   {
      std::string u = r.unit_text;
      std::transform(u.begin(), u.end(), u.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (u.find("log") != std::string::npos)
         return problem(r, "unit",
                        "'" + r.unit_text + "' is a logarithm (log10) of " + a.display + ", not a unit of it (" + canonical() +
                            "): Eligo does not convert a logarithm and never equates it with the measure",
                        given(r) + " is a logarithm; give the value itself, e.g. in " + canonical());
   }
   try {
      r.unit = r.unit_text.empty() ? a.canonical : a.unit(r.unit_text);
   }
   catch (const UnitError& e) {
      return problem(r, "unit", std::string(e.what()) + " for " + a.display + " (expected e.g. " + canonical() + ")",
                     "'" + r.unit_text + "' is not a unit Eligo knows; give it in e.g. " + canonical());
   }
   if (r.unit_text.empty() && !a.canonical.dim.dimensionless())
      return problem(r, "unit", "missing: " + a.display + " needs a unit (e.g. " + canonical() + ")", "the unit is missing, e.g. " + canonical());
   // A rate per body surface (eGFR in mL/min/1.73 m²) and an absolute rate (mL/min) share a UCUM
   // dimension, since an annotation has none, but they are different quantities: never equated.
   // Converting one to the other needs the patient's body surface area, which a lab result does not carry.
   if (per_body_surface(a.canonical) != per_body_surface(r.unit)) {
      const std::string is = per_body_surface(r.unit) ? "a rate per 1.73 m² of body surface" : "an absolute rate";
      const std::string needs = per_body_surface(a.canonical) ? "per 1.73 m² of body surface" : "an absolute rate";
      return problem(r, "unit", "'" + r.unit_text + "' is " + is + ", but " + a.display + " is " + needs + " (" + canonical() + "): the two are not equated",
                     given(r) + " is " + is + ", but " + a.display + " is " + needs + ", e.g. " + canonical() +
                         ": converting needs the body surface area, which Eligo does not have");
   }
   return settle_value(r);
}

std::optional<LabProblem> settle_value(LabResult& r)
{
   const Analyte& a = *r.analyte;
   auto canonical = [&] { return display_unit(a.canonical.code); };
   if (r.value == 0) r.value = 0;  // -0 is zero: shown and compared as 0
   try {
      r.canonical = convert(r.value, r.unit, a.canonical, a.molar_mass).value;
   }
   catch (const UnitError& e) {
      std::string plain = given(r) + " cannot be converted to " + canonical();
      if (!(r.unit.dim == a.canonical.dim)) {
         if (convertible(r.unit, a.canonical, true))
            plain = given(r) + " is " + measured_as(r.unit.dim) + ", and Eligo has no molar mass of " + a.display + " to convert it: give it in " + canonical();
         else
            plain =
                given(r) + " is " + measured_as(r.unit.dim) + "; " + a.display + " is measured as " + measured_as(a.canonical.dim) + ", e.g. " + canonical();
      }
      return problem(r, "unit", "'" + r.unit_text + "' does not fit " + a.display + ": " + e.what(), plain);
   }
   if (r.canonical < 0)
      return problem(r, "value", "impossible value: " + a.display + " cannot be negative", given(r) + " is impossible: it cannot be negative");
   if (a.plausible && (r.canonical < a.plausible->low || r.canonical > a.plausible->high)) {
      std::ostringstream o, range;
      range << a.plausible->low << "–" << a.plausible->high << " " << canonical();
      o << "impossible value: " << a.display << " " << r.value << " " << r.unit_text << " is outside the plausible range " << range.str() << " (wrong unit?)";
      return problem(r, "value", o.str(), given(r) + " is outside what is possible (" + range.str() + "): is the value or the unit wrong?");
   }
   return std::nullopt;
}

namespace {

namespace nf = native_format;
using Obj = nf::Object;

// A key of an object of the format, if given; KeyOf makes it one native_format.hpp lists.
template <Obj O>
const json* field(const json& object, nf::KeyOf<O> key)
{
   auto it = object.find(key.name);
   return it == object.end() ? nullptr : &*it;
}

class Reader {
public:
   Reader(const std::string& source, const Catalogue& cat) : source_(source), cat_(cat) {}

   [[noreturn]] void fail(const std::string& path, const std::string& what, const std::string& plain = {}) const
   {
      Location where = Location::entry(source_, path);
      where.patient = id_;
      InputError e(std::move(where), what);
      e.plain = plain;
      // Any other element of a list or object is named in a clinician's words, with the engine's message after it.
      if (e.plain.empty() && root_)
         if (const std::string subject = plain_field(*root_, path, cat_); !subject.empty()) e.plain = subject + ": " + what;
      throw e;
   }

   Patient read(const json& j)
   {
      root_ = &j;
      if (!j.is_object())
         fail("(document)", std::string("a JSON ") + j.type_name() +
                                " is not a patient record: expected one patient as a JSON object (Eligo's format with \"id\", \"sex\", \"birth_date\", "
                                "\"labs\"..., or a FHIR R4 Bundle)");
      Patient p;
      p.format = "eligo-patient/1";
      if (const json* it = field<Obj::patient>(j, "id")) {
         if (it->is_string())
            p.id = it->get<std::string>();
         else if (it->is_number_integer())
            p.id = std::to_string(it->get<long long>());
         else
            fail("id", "expected a string");
      }
      else
         fail("id", "missing: every patient needs an \"id\"");
      id_ = p.id;
      if (const json* it = field<Obj::patient>(j, "format"); it && (!it->is_string() || it->get<std::string>() != "eligo-patient/1"))
         fail("format", "expected \"eligo-patient/1\"");
      if (const json* it = field<Obj::patient>(j, "sex"); it && !it->is_null()) {
         const std::string s = str(*it, "sex");
         const auto sex = native_sex(s);
         if (!sex) fail("sex", "expected \"female\", \"male\" or \"unknown\", got \"" + s + "\"");
         p.sex = *sex;
      }
      if (const json* it = field<Obj::patient>(j, "birth_date"); it && !it->is_null()) {
         const std::string s = str(*it, "birth_date");
         p.birth_date = parse_partial_date(s);
         if (!p.birth_date) fail("birth_date", "not a date: \"" + s + "\" (expected YYYY-MM-DD, YYYY-MM or YYYY, a day that exists)");
      }
      // The day of death ("1993-03-22", "1993-03", "1993"), or true when only the fact is known.
      if (const json* it = field<Obj::patient>(j, "deceased"); it && !it->is_null()) {
         if (it->is_boolean()) {
            if (it->get<bool>()) p.deceased = "yes";
         }
         else {
            const std::string s = str(*it, "deceased");
            if (!parse_partial_date(s)) fail("deceased", "not a date: \"" + s + "\" (expected YYYY-MM-DD, YYYY-MM or YYYY, a day that exists, or true)");
            p.deceased = s;
         }
      }
      if (const json* it = field<Obj::patient>(j, "screening_date"); it && !it->is_null()) p.screening_date = date(*it, "screening_date");
      if (const json* it = field<Obj::patient>(j, "labs")) labs(*it, "labs", p);
      if (const json* it = field<Obj::patient>(j, "measurements")) labs(*it, "measurements", p);
      if (const json* it = field<Obj::patient>(j, "tumour")) tumour(*it, p);
      if (const json* it = field<Obj::patient>(j, "scores")) scores(*it, p);
      if (const json* it = field<Obj::patient>(j, "findings")) findings(*it, p);
      if (const json* it = field<Obj::patient>(j, "conditions")) p.conditions = records(*it, "conditions", ConceptKind::condition);
      if (const json* it = field<Obj::patient>(j, "medications")) p.medications = records(*it, "medications", ConceptKind::medication);
      if (const json* it = field<Obj::patient>(j, "procedures")) p.procedures = records(*it, "procedures", ConceptKind::procedure);
      if (const json* it = field<Obj::patient>(j, "allergies")) p.allergies = records(*it, "allergies", std::nullopt);
      if (const json* it = field<Obj::patient>(j, "answers"); it && !it->is_null()) answers(*it, p);
      // Duplicate labs: the same analyte on the same date is ambiguous.
      for (std::size_t a = 0; a < p.labs.size(); ++a)
         for (std::size_t b = a + 1; b < p.labs.size(); ++b)
            if (p.labs[a].analyte == p.labs[b].analyte && p.labs[a].date == p.labs[b].date)
               fail(p.labs[b].field, "duplicate lab: " + p.labs[b].analyte->display + " on " + p.labs[b].date.str() + " is also given at " + p.labs[a].field);
      std::stable_sort(p.labs.begin(), p.labs.end(), [](const LabResult& x, const LabResult& y) { return x.date > y.date; });
      return p;
   }

private:
   std::string str(const json& v, const std::string& path) const
   {
      if (!v.is_string()) fail(path, "expected a string");
      return v.get<std::string>();
   }

   Date date(const json& v, const std::string& path) const
   {
      const std::string s = str(v, path);
      auto d = parse_date(s);
      if (!d) fail(path, "not a date: \"" + s + "\" (expected YYYY-MM-DD, a day that exists)");
      return *d;
   }

   double number(const json& v, const std::string& path) const
   {
      if (!v.is_number()) fail(path, std::string("expected a number, got ") + (v.is_string() ? "the string \"" + v.get<std::string>() + "\"" : v.type_name()));
      const double x = v.get<double>();
      if (!std::isfinite(x)) fail(path, "expected a finite number");
      return x;
   }

   void labs(const json& arr, const std::string& key, Patient& p, bool indexed = true)
   {
      if (!arr.is_array()) fail(key, "expected an array of lab results");
      for (std::size_t i = 0; i < arr.size(); ++i) {
         const std::string path = indexed ? key + "[" + std::to_string(i) + "]" : key;
         const json& l = arr[i];
         if (!l.is_object()) fail(path, "expected an object {\"analyte\", \"value\", \"unit\", \"date\"}");
         LabResult r;
         r.field = path;
         if (const json* it = field<Obj::lab>(l, "analyte")) {
            const std::string name = str(*it, path + ".analyte");
            r.analyte = cat_.analyte(name);
            if (!r.analyte) fail(path + ".analyte", "unknown analyte \"" + name + "\" (see engine/catalogue/analytes.json)");
         }
         else if (const json* lo = field<Obj::lab>(l, "loinc")) {
            const std::string code = str(*lo, path + ".loinc");
            r.analyte = cat_.analyte_by_loinc(code);
            if (!r.analyte) fail(path + ".loinc", "LOINC " + code + " is not in the analyte catalogue");
         }
         else
            fail(path, "missing \"analyte\" (or \"loinc\")");
         const json* v = field<Obj::lab>(l, "value");
         if (!v) fail(path + ".value", "missing");
         r.value = number(*v, path + ".value");
         const json* unit = field<Obj::lab>(l, "unit");
         r.unit_text = unit ? str(*unit, path + ".unit") : std::string();
         if (auto problem = settle_lab(r)) fail(path + "." + problem->field, problem->message, problem->plain);
         if (const json* c = field<Obj::lab>(l, "comparator")) {
            r.comparator = str(*c, path + ".comparator");
            if (r.comparator != "<" && r.comparator != "<=" && r.comparator != ">" && r.comparator != ">=")
               fail(path + ".comparator", "expected one of < <= > >=");
         }
         const json* d = field<Obj::lab>(l, "date");
         if (!d) fail(path + ".date", "missing: a lab result needs the date it was taken");
         r.date = date(*d, path + ".date");
         if (const json* rr = field<Obj::lab>(l, "reference_range")) {
            if (!rr->is_object()) fail(path + ".reference_range", "expected {\"low\", \"high\"}");
            Unit ru = r.unit;
            if (const json* u = field<Obj::reference_range>(*rr, "unit")) {
               try {
                  ru = r.analyte->unit(str(*u, path + ".reference_range.unit"));
               }
               catch (const UnitError& e) {
                  fail(path + ".reference_range.unit", e.what());
               }
            }
            auto conv = [&](nf::KeyOf<Obj::reference_range> k) -> std::optional<double> {
               const json* it = field(*rr, k);
               if (!it || it->is_null()) return std::nullopt;
               const double x = number(*it, path + ".reference_range." + k.name);
               try {
                  return convert(x, ru, r.analyte->canonical, r.analyte->molar_mass).value;
               }
               catch (const UnitError& e) {
                  fail(path + ".reference_range", e.what());
               }
            };
            r.low = conv("low");
            r.high = conv("high");
            if (r.low && r.high && *r.low > *r.high) fail(path + ".reference_range", "low is above high");
         }
         p.labs.push_back(std::move(r));
      }
   }

   void tumour(const json& t, Patient& p)
   {
      if (!t.is_object()) fail("tumour", "expected an object {\"number\", \"size\", \"date\"}");
      const json* dt = field<Obj::tumour>(t, "date");
      const Date d = dt ? date(*dt, "tumour.date") : p.screening_date.value_or(today());
      auto add = [&](nf::KeyOf<Obj::tumour> key, const char* analyte) {
         const json* it = field(t, key);
         if (!it) return;
         json lab = {{"analyte", analyte}, {"date", d.str()}};
         if (it->is_object()) {
            const json* v = field<Obj::tumour_value>(*it, "value");
            lab["value"] = v ? *v : json();
            if (const json* u = field<Obj::tumour_value>(*it, "unit")) lab["unit"] = *u;
         }
         else
            lab["value"] = *it;
         labs(json::array({lab}), std::string("tumour.") + key.name, p, false);
      };
      add("number", "tumour_number");
      add("size", "tumour_size");
   }

   void scores(const json& s, Patient& p)
   {
      if (!s.is_object()) fail("scores", "expected an object such as {\"ecog\": 0, \"child_pugh\": \"A\"}");
      for (const auto& [k, v] : s.items()) {
         const std::string path = "scores." + k;
         const Score* sc = cat_.score(k);
         if (!sc) fail(path, "unknown score \"" + k + "\" (see engine/catalogue/scores.json)");
         ScoreValue sv;
         sv.score = sc;
         sv.field = path;
         const json* val = &v;
         if (v.is_object()) {
            val = field<Obj::dated_score>(v, "value");
            if (!val) fail(path + ".value", "missing");
            if (const json* d = field<Obj::dated_score>(v, "date")) sv.date = date(*d, path + ".date");
         }
         if (val->is_number_integer())
            sv.label = std::to_string(val->get<long long>());
         else if (val->is_string())
            sv.label = val->get<std::string>();
         else
            fail(path, "expected a label such as \"A\", \"II\" or an integer");
         auto r = sc->label(sv.label);
         if (!r) fail(path, "\"" + sv.label + "\" is not a value of " + sc->display);
         sv.lo = r->first;
         sv.hi = r->second;
         p.scores[sc->id] = sv;
      }
   }

   void findings(const json& f, Patient& p)
   {
      if (!f.is_object()) fail("findings", "expected an object of concept -> true/false");
      for (const auto& [k, v] : f.items()) {
         const Concept* c = cat_.concept_(k);
         if (!c) fail("findings." + k, "unknown concept \"" + k + "\" (see engine/catalogue/concepts.json)");
         if (!v.is_boolean()) fail("findings." + k, "expected true or false");
         p.findings[c->id] = v.get<bool>();
      }
   }

   std::vector<Record> records(const json& arr, const std::string& key, std::optional<ConceptKind> kind)
   {
      if (!arr.is_array()) fail(key, "expected an array");
      std::vector<Record> out;
      for (std::size_t i = 0; i < arr.size(); ++i) {
         const std::string path = key + "[" + std::to_string(i) + "]";
         const json& r = arr[i];
         if (!r.is_object()) fail(path, "expected an object {\"concept\", ...}");
         Record rec;
         rec.field = path;
         if (const json* c = field<Obj::record>(r, "concept")) {
            const std::string name = str(*c, path + ".concept");
            rec.concept_ = cat_.concept_(name);
            if (!rec.concept_) fail(path + ".concept", "unknown concept \"" + name + "\" (see engine/catalogue/concepts.json)");
         }
         else if (const json* code = field<Obj::record>(r, "code"); code && code->is_object()) {
            const json* system = field<Obj::code>(*code, "system");
            const json* value = field<Obj::code>(*code, "code");
            if (!system || !value) fail(path + ".code", "expected {\"system\", \"code\"}");
            const std::string sys = str(*system, path + ".code.system"), cd = str(*value, path + ".code.code");
            rec.concept_ = cat_.concept_by_code(sys, cd);
            if (!rec.concept_) fail(path + ".code", "code " + sys + "|" + cd + " is not in the concept vocabulary");
         }
         else
            fail(path, "missing \"concept\" (or \"code\")");
         if (kind && rec.concept_->kind != *kind && rec.concept_->kind != ConceptKind::finding)
            fail(path + ".concept", "\"" + rec.concept_->id + "\" is a " + to_string(rec.concept_->kind) + ", not a " + to_string(*kind));
         using RecordKey = nf::KeyOf<Obj::record>;
         for (RecordKey k : {RecordKey("onset"), RecordKey("start"), RecordKey("date")})
            if (const json* d = field(r, k); d && !d->is_null()) rec.start = date(*d, path + "." + k.name);
         for (RecordKey k : {RecordKey("abatement"), RecordKey("end")})
            if (const json* d = field(r, k); d && !d->is_null()) rec.end = date(*d, path + "." + k.name);
         if (rec.start && rec.end && *rec.end < *rec.start) fail(path, "ends before it starts");
         const json* status = field<Obj::record>(r, "status");
         if (status) {
            const std::string text = str(*status, path + ".status");
            const auto s = record_status(text);
            if (!s) fail(path + ".status", "unknown status \"" + text + "\"");
            rec.status = *s;
            rec.in_progress = kind == ConceptKind::procedure && text == "in-progress" && !rec.end;
         }
         if (rec.status == RecordStatus::unconfirmed) rec.status_detail = path + ".status is \"unconfirmed\"";
         const json* text = field<Obj::record>(r, "text");
         rec.text = text ? str(*text, path + ".text") : rec.concept_->display;
         outcome(r, path, key, rec);
         if (const json* ind = field<Obj::record>(r, "indication"); ind && !ind->is_null()) indication(*ind, path + ".indication", rec);
         if (const json* q = field<Obj::record>(r, "qualifiers"); q && !q->is_null()) qualifiers(*q, path + ".qualifiers", rec);
         out.push_back(std::move(rec));
      }
      return out;
   }

   // A treatment's outcome: "response" on procedures and medications, "stop_reason" and "line" on
   // medications (docs/patient-format.md, "Treatment outcome").
   void outcome(const json& r, const std::string& path, const std::string& list, Record& rec) const
   {
      if (const json* v = field<Obj::record>(r, "response"); v && !v->is_null()) {
         if (list != "procedures" && list != "medications")
            fail(path + ".response", "a tumour response is recorded on procedures and medications, not on " + list);
         const std::string text = str(*v, path + ".response");
         rec.response = tumour_response(text);
         if (!rec.response)
            fail(path + ".response", "\"" + text +
                                         "\" is not a tumour response: expected \"CR\", \"PR\", \"SD\" or \"PD\" (mRECIST), or \"complete response\", "
                                         "\"partial response\", \"stable disease\", \"progressive disease\"");
      }
      if (const json* v = field<Obj::record>(r, "stop_reason"); v && !v->is_null()) {
         if (list != "medications") fail(path + ".stop_reason", "a stop reason is recorded on medications, not on " + list);
         const std::string text = str(*v, path + ".stop_reason");
         rec.stop_reason = stop_reason(text);
         if (!rec.stop_reason)
            fail(path + ".stop_reason", "\"" + text + "\" is not a stop reason: expected \"progression\", \"intolerance\", \"completed\" or \"other\"");
      }
      if (const json* v = field<Obj::record>(r, "line"); v && !v->is_null()) {
         if (list != "medications") fail(path + ".line", "a line of systemic therapy is recorded on medications, not on " + list);
         if (!v->is_number_integer() || v->get<long long>() < 1 || v->get<long long>() > 99)
            fail(path + ".line", "expected the line of systemic therapy as an integer from 1 (first line) to 99, got " + v->dump());
         rec.line = static_cast<int>(v->get<long long>());
      }
   }

   // A clinician's answers to question criteria (docs/patient-format.md, "Answers"): which criterion, the answer, who, when.
   void answers(const json& arr, Patient& p) const
   {
      if (!arr.is_array()) fail("answers", "expected an array of answers {\"criterion\", \"answer\", \"by\", \"date\"}");
      for (std::size_t i = 0; i < arr.size(); ++i) {
         const std::string path = "answers[" + std::to_string(i) + "]";
         const json& a = arr[i];
         if (!a.is_object()) fail(path, "expected an object {\"criterion\", \"answer\", \"by\", \"date\"}");
         Answer ans;
         ans.field = path;
         const json* criterion = field<Obj::answer>(a, "criterion");
         if (!criterion) fail(path + ".criterion", "missing: the id of the criterion answered (eligo check and eligo questions show it)");
         ans.criterion = str(*criterion, path + ".criterion");
         if (ans.criterion.find('-') == std::string::npos || ans.criterion.front() == '-' || ans.criterion.back() == '-')
            fail(path + ".criterion", "\"" + ans.criterion + "\" is not a criterion id (a trial id and a hash, such as \"NCT04560751-1a2b3c4d\")");
         const json* value = field<Obj::answer>(a, "answer");
         if (!value || value->is_null()) fail(path + ".answer", "missing: true or false, or the value asked for");
         answer_value(*value, path + ".answer", ans);
         const json* by = field<Obj::answer>(a, "by");
         if (!by) fail(path + ".by", "missing: who answered");
         ans.by = str(*by, path + ".by");
         if (ans.by.find_first_not_of(" \t") == std::string::npos) fail(path + ".by", "empty: say who answered");
         const json* when = field<Obj::answer>(a, "date");
         if (!when) fail(path + ".date", "missing: the day of the answer (an answer is valid for the trial's 'answers valid' days)");
         ans.date = date(*when, path + ".date");
         p.answers.push_back(std::move(ans));
      }
   }

   // true or false; a number; a date "YYYY-MM-DD"; a quantity {"value", "unit"}.
   void answer_value(const json& v, const std::string& path, Answer& ans) const
   {
      if (v.is_boolean()) {
         ans.type = Answer::Type::boolean;
         ans.yes = v.get<bool>();
         ans.text = ans.yes ? "yes" : "no";
      }
      else if (v.is_number()) {
         ans.type = Answer::Type::number;
         ans.number = number(v, path);
         ans.text = v.dump();
      }
      else if (v.is_string()) {
         const std::string s = v.get<std::string>();
         const auto d = parse_date(s);
         if (!d)
            fail(path,
                 "\"" + s +
                     "\" is not an answer: expected true or false, a number, a date \"YYYY-MM-DD\" or {\"value\", \"unit\"} (a yes is true, not \"yes\")");
         ans.type = Answer::Type::date;
         ans.date_value = *d;
         ans.text = s;
      }
      else if (v.is_object()) {
         const json* value = field<Obj::answer_quantity>(v, "value");
         const json* unit = field<Obj::answer_quantity>(v, "unit");
         if (!value) fail(path + ".value", "missing: a quantity is {\"value\": 7.5, \"unit\": \"g/dL\"}");
         if (!unit) fail(path + ".unit", "missing: a quantity is {\"value\": 7.5, \"unit\": \"g/dL\"}");
         ans.type = Answer::Type::quantity;
         ans.number = number(*value, path + ".value");
         ans.unit = str(*unit, path + ".unit");
         ans.text = value->dump() + " " + ans.unit;
      }
      else
         fail(path, std::string("expected true or false, a number, a date \"YYYY-MM-DD\" or {\"value\", \"unit\"}, got ") + v.type_name());
   }

   // How the record answers the qualifiers of criteria: {"clinically significant": true, "symptomatic": false}.
   void qualifiers(const json& v, const std::string& path, Record& rec) const
   {
      if (!v.is_object()) fail(path, "expected an object such as {\"clinically significant\": true}");
      for (const auto& [name, answer] : v.items()) {
         if (!answer.is_boolean()) fail(path + "." + name, "expected true or false");
         if (name_key(name).empty()) fail(path, "a qualifier needs a name, such as \"clinically significant\"");
         rec.qualifiers[name_key(name)] = answer.get<bool>();
      }
   }

   // What a drug or procedure was given for: a concept name or id, or a code object.
   void indication(const json& v, const std::string& path, Record& rec) const
   {
      if (v.is_string()) {
         rec.indication_text = v.get<std::string>();
         rec.indication = cat_.concept_(rec.indication_text);
         if (!rec.indication) fail(path, "unknown concept \"" + rec.indication_text + "\" (see engine/catalogue/concepts.json)");
         return;
      }
      if (!v.is_object()) fail(path, "expected a concept name or {\"system\", \"code\"}");
      const json* system = field<Obj::code>(v, "system");
      const json* value = field<Obj::code>(v, "code");
      if (!system || !value) fail(path, "expected {\"system\", \"code\"}");
      const std::string sys = str(*system, path + ".system"), cd = str(*value, path + ".code");
      rec.indication = cat_.concept_by_code(sys, cd);
      if (!rec.indication) fail(path, "code " + sys + "|" + cd + " is not in the concept vocabulary");
      rec.indication_text = rec.indication->display;
   }

   std::string source_;
   std::string id_;
   const Catalogue& cat_;
   const json* root_ = nullptr;  // the document read, for the plain words of an error
};

}  // namespace

Patient read_patient_document(const json& j, const std::string& source, const Catalogue& catalogue)
{
   try {
      if (j.is_object() && j.contains("resourceType")) return read_fhir_bundle(j, source, catalogue);
      return Reader(source, catalogue).read(j);
   }
   catch (const json::exception& e) {
      throw InputError(source + ": " + e.what());
   }
}

Patient read_patient(const std::string& text, const std::string& source, const Catalogue& catalogue)
{
   return read_patient_document(parse_json_text(text, source), source, catalogue);
}

Patient read_patient_file(const std::string& path, const Catalogue& catalogue)
{
   std::ifstream f(path, std::ios::binary);
   if (!f) throw InputError(path + ": cannot open file");
   std::ostringstream ss;
   ss << f.rdbuf();
   return read_patient(ss.str(), path, catalogue);
}

}  // namespace eligo
