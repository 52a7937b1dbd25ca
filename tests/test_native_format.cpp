// The two readers of the native patient format against its one description
// (engine/patient/native_format.hpp): every key listed there is read by read_patient(), the
// batch path's FastReader either reads it to the same Patient or leaves the record to
// read_patient(), and a key the description does not list is never dropped by the fast reader.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/patient/fast_reader.hpp"
#include "engine/patient/native_format.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::native_format_tests {

namespace {

namespace nf = native_format;
using Obj = nf::Object;

// Every field of a Patient, as text: two patients read alike when these are equal.
std::string describe(const Patient& p)
{
   std::ostringstream o;
   o.precision(17);
   auto date = [](const std::optional<Date>& d) { return d ? d->str() : std::string("-"); };
   auto number = [](const std::optional<double>& x) {
      std::ostringstream s;
      s.precision(17);
      if (x)
         s << *x;
      else
         s << "-";
      return s.str();
   };
   o << "id " << p.id << "\nformat " << p.format << "\nsex " << p.sex << "\nbirth "
     << (p.birth_date ? p.birth_date->text + " " + p.birth_date->earliest.str() + " " + p.birth_date->latest.str() : "-") << "\nscreening "
     << date(p.screening_date) << "\n";
   for (const auto& l : p.labs)
      o << "lab " << l.analyte->id << " " << l.value << " [" << l.unit_text << "] " << l.unit.code << " " << l.canonical << " [" << l.comparator << "] "
        << l.date.str() << " " << number(l.low) << " " << number(l.high) << " " << l.field << " [" << l.time << "] " << l.at << " [" << l.conflict << "] ["
        << l.range_note << "]\n";
   auto score = [&](const ScoreValue& s) {
      o << "score " << s.score->id << " " << s.lo << " " << s.hi << " " << s.label << " " << date(s.date) << " " << s.field << "\n";
   };
   for (const auto& [id, s] : p.scores) {
      o << id << " ";
      score(s);
   }
   for (const auto& s : p.score_history) {
      o << "history ";
      score(s);
   }
   for (const auto& [id, present] : p.findings) o << "finding " << id << " " << present << "\n";
   for (const auto& f : p.finding_history) o << "finding history " << f.concept_->id << " " << f.present << " " << f.date.str() << " " << f.field << "\n";
   auto list = [&](const char* name, const std::optional<std::vector<Record>>& l) {
      o << name << (l ? " given" : " absent") << "\n";
      if (l)
         for (const auto& r : *l) {
            o << "  " << r.concept_->id << " " << date(r.start) << " " << date(r.end) << " " << to_string(r.status) << " [" << r.text << "] " << r.field << " ["
              << r.mapped_by << "] [" << r.status_detail << "] [" << (r.response ? to_string(*r.response) : "-") << " "
              << (r.stop_reason ? to_string(*r.stop_reason) : "-") << " " << (r.line ? std::to_string(*r.line) : "-") << "] "
              << (r.indication ? r.indication->id : "-") << " [" << r.indication_text << "]";
            for (const auto& [q, answer] : r.qualifiers) o << " " << q << "=" << answer;
            o << "\n";
         }
   };
   list("conditions", p.conditions);
   list("medications", p.medications);
   list("procedures", p.procedures);
   list("allergies", p.allergies);
   for (const auto& a : p.answers)
      o << "answer " << a.criterion << " " << to_string(a.type) << " " << a.yes << " " << a.number << " [" << a.unit << "] " << a.date_value.str() << " ["
        << a.text << "] [" << a.by << "] " << a.date.str() << " " << a.field << " " << a.native << "\n";
   for (const auto& u : p.unused) o << "unused " << u.resource << " " << u.detail << " " << u.reason << "\n";
   for (const auto& [type, n] : p.resource_counts) o << "resources " << type << " " << n << "\n";
   for (const auto& [list_name, n] : p.unmapped) o << "unmapped " << list_name << " " << n << "\n";
   o << "partial " << p.lists_partial << "\ndeceased " << p.deceased.value_or("-") << "\n";
   return o.str();
}

// What read_patient() makes of a document: the patient described, or its error.
std::string full_read(const nlohmann::json& doc)
{
   try {
      return describe(read_patient(doc.dump(), "nf.json", *catalogue()));
   }
   catch (const InputError& e) {
      return std::string("error: ") + e.what();
   }
}

// A patient that uses one key of the format. `at` points to the object holding the key;
// `fast` says whether the batch path's reader reads it itself (else it leaves it to read_patient()).
struct Sample {
   Obj object;
   const char* key;
   const char* at;
   const char* json;
   bool fast;
};

// The samples for one key must, between them, show that read_patient() reads it: the patient
// read differs (or one of the two is an error) when the key is taken out.
const std::vector<Sample> samples = {
    {Obj::patient, "format", "", R"({"id": "NF", "format": "eligo-patient/1"})", true},
    {Obj::patient, "format", "", R"({"id": "NF", "format": "eligo-patient/2"})", false},
    {Obj::patient, "id", "", R"({"id": "NF"})", true},
    {Obj::patient, "id", "", R"({"id": 42})", true},
    {Obj::patient, "sex", "", R"({"id": "NF", "sex": "F"})", true},
    {Obj::patient, "birth_date", "", R"({"id": "NF", "birth_date": "1960-05"})", true},
    {Obj::patient, "deceased", "", R"({"id": "NF", "deceased": "1993-03-22"})", false},
    {Obj::patient, "deceased", "", R"({"id": "NF", "deceased": true})", false},
    {Obj::patient, "screening_date", "", R"({"id": "NF", "screening_date": "2026-11-02"})", true},
    {Obj::patient, "labs", "", R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", true},
    {Obj::patient, "measurements", "", R"({"id": "NF", "measurements": [{"analyte": "PLT", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", true},
    {Obj::patient, "tumour", "", R"({"id": "NF", "tumour": {"number": 2, "date": "2026-10-01"}})", true},
    {Obj::patient, "scores", "", R"({"id": "NF", "scores": {"ecog": 1, "child_pugh": "A"}})", true},
    {Obj::patient, "findings", "", R"({"id": "NF", "findings": {"pregnant": false}})", true},
    {Obj::patient, "conditions", "", R"({"id": "NF", "conditions": [{"concept": "hepatocellular carcinoma"}]})", true},
    {Obj::patient, "conditions", "", R"({"id": "NF", "conditions": []})", true},
    {Obj::patient, "medications", "", R"({"id": "NF", "medications": [{"concept": "entecavir"}]})", true},
    {Obj::patient, "procedures", "", R"({"id": "NF", "procedures": [{"concept": "hepatectomy"}]})", true},
    {Obj::patient, "allergies", "", R"({"id": "NF", "allergies": [{"concept": "sorafenib"}]})", true},
    {Obj::patient, "answers", "",
     R"({"id": "NF", "answers": [{"criterion": "NCT04560751-8ce0332c", "answer": true, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::patient, "note", "", R"({"id": "NF", "note": "for people"})", true},
    {Obj::patient, "expect", "", R"({"id": "NF", "expect": {"verdict": "eligible"}})", true},

    {Obj::lab, "analyte", "/labs/0", R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", true},
    {Obj::lab, "loinc", "/labs/0", R"({"id": "NF", "labs": [{"loinc": "777-3", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", false},
    {Obj::lab, "value", "/labs/0", R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", true},
    {Obj::lab, "unit", "/labs/0", R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", true},
    {Obj::lab, "unit", "/labs/0", R"({"id": "NF", "labs": [{"analyte": "INR", "value": 1.1, "unit": "1", "date": "2026-10-30"}]})", true},
    {Obj::lab, "date", "/labs/0", R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30"}]})", true},
    {Obj::lab, "comparator", "/labs/0",
     R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30", "comparator": "<"}]})", false},
    {Obj::lab, "reference_range", "/labs/0",
     R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30", "reference_range": {"low": 150, "high": 400}}]})",
     true},

    {Obj::reference_range, "low", "/labs/0/reference_range",
     R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30", "reference_range": {"low": 150}}]})", true},
    {Obj::reference_range, "high", "/labs/0/reference_range",
     R"({"id": "NF", "labs": [{"analyte": "platelets", "value": 180, "unit": "10^9/L", "date": "2026-10-30", "reference_range": {"low": null, "high": 400}}]})",
     true},
    {Obj::reference_range, "unit", "/labs/0/reference_range",
     R"({"id": "NF", "labs": [{"analyte": "total bilirubin", "value": 1.0, "unit": "mg/dL", "date": "2026-10-30",
                               "reference_range": {"low": 3.4, "high": 20.5, "unit": "umol/L"}}]})",
     true},

    {Obj::tumour, "number", "/tumour", R"({"id": "NF", "tumour": {"number": 2, "date": "2026-10-01"}})", true},
    {Obj::tumour, "size", "/tumour", R"({"id": "NF", "tumour": {"size": {"value": 3.5, "unit": "cm"}, "date": "2026-10-01"}})", true},
    {Obj::tumour, "date", "/tumour", R"({"id": "NF", "screening_date": "2026-11-02", "tumour": {"number": 2, "date": "2026-10-01"}})", true},

    {Obj::tumour_value, "value", "/tumour/size", R"({"id": "NF", "tumour": {"size": {"value": 3.5, "unit": "cm"}, "date": "2026-10-01"}})", true},
    {Obj::tumour_value, "value", "/tumour/number", R"({"id": "NF", "tumour": {"number": {"value": 2}, "date": "2026-10-01"}})", true},
    {Obj::tumour_value, "unit", "/tumour/size", R"({"id": "NF", "tumour": {"size": {"value": 3.5, "unit": "cm"}, "date": "2026-10-01"}})", true},

    {Obj::dated_score, "value", "/scores/ecog", R"({"id": "NF", "scores": {"ecog": {"value": 1, "date": "2026-10-28"}}})", false},
    {Obj::dated_score, "date", "/scores/ecog", R"({"id": "NF", "scores": {"ecog": {"value": 1, "date": "2026-10-28"}}})", false},

    {Obj::record, "concept", "/conditions/0", R"({"id": "NF", "conditions": [{"concept": "hepatocellular carcinoma"}]})", true},
    {Obj::record, "code", "/conditions/0", R"({"id": "NF", "conditions": [{"code": {"system": "http://snomed.info/sct", "code": "25370001"}}]})", false},
    {Obj::record, "onset", "/conditions/0", R"({"id": "NF", "conditions": [{"concept": "HCC", "onset": "2026-09-20"}]})", true},
    {Obj::record, "start", "/medications/0", R"({"id": "NF", "medications": [{"concept": "entecavir", "start": "2012-02-01"}]})", true},
    {Obj::record, "date", "/procedures/0", R"({"id": "NF", "procedures": [{"concept": "hepatectomy", "date": "2026-10-12"}]})", true},
    {Obj::record, "abatement", "/conditions/0", R"({"id": "NF", "conditions": [{"concept": "HCC", "onset": "2020-01-01", "abatement": "2021-06-01"}]})", true},
    {Obj::record, "end", "/medications/0", R"({"id": "NF", "medications": [{"concept": "entecavir", "start": "2012-02-01", "end": null}]})", true},
    {Obj::record, "end", "/medications/0", R"({"id": "NF", "medications": [{"concept": "entecavir", "start": "2012-02-01", "end": "2020-01-01"}]})", true},
    {Obj::record, "status", "/procedures/0", R"({"id": "NF", "procedures": [{"concept": "hepatectomy", "status": "completed"}]})", true},
    {Obj::record, "status", "/conditions/0", R"({"id": "NF", "conditions": [{"concept": "HCC", "status": "unconfirmed"}]})", true},
    {Obj::record, "text", "/conditions/0", R"({"id": "NF", "conditions": [{"concept": "HCC", "text": "HCC, pathology of resected specimen"}]})", true},
    {Obj::record, "response", "/procedures/0", R"({"id": "NF", "procedures": [{"concept": "TACE", "date": "2026-03-01", "response": "SD"}]})", true},
    {Obj::record, "response", "/medications/0", R"({"id": "NF", "medications": [{"concept": "sorafenib", "response": "progressive disease"}]})", true},
    {Obj::record, "response", "/conditions/0", R"({"id": "NF", "conditions": [{"concept": "HCC", "response": "PR"}]})", false},
    {Obj::record, "stop_reason", "/medications/0", R"({"id": "NF", "medications": [{"concept": "sorafenib", "stop_reason": "intolerance"}]})", true},
    {Obj::record, "stop_reason", "/procedures/0", R"({"id": "NF", "procedures": [{"concept": "TACE", "stop_reason": "other"}]})", false},
    {Obj::record, "line", "/medications/0", R"({"id": "NF", "medications": [{"concept": "sorafenib", "line": 2}]})", true},
    {Obj::record, "line", "/medications/0", R"({"id": "NF", "medications": [{"concept": "sorafenib", "line": 0}]})", false},
    {Obj::record, "indication", "/medications/0", R"({"id": "NF", "medications": [{"concept": "peginterferon alfa-2a", "indication": "hepatitis B"}]})", true},
    {Obj::record, "indication", "/medications/0",
     R"({"id": "NF", "medications": [{"concept": "interferon", "indication": {"system": "http://hl7.org/fhir/sid/icd-10", "code": "B18.1"}}]})", false},
    {Obj::record, "qualifiers", "/conditions/0",
     R"({"id": "NF", "conditions": [{"concept": "gastrointestinal bleeding", "onset": "2026-10-20", "qualifiers": {"clinically significant": false}}]})",
     false},

    {Obj::answer, "criterion", "/answers/0",
     R"({"id": "NF", "answers": [{"criterion": "NCT04560751-8ce0332c", "answer": true, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::answer, "answer", "/answers/0",
     R"({"id": "NF", "answers": [{"criterion": "NCT04560751-8ce0332c", "answer": false, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::answer, "answer", "/answers/0",
     R"({"id": "NF", "answers": [{"criterion": "T-1a2b3c4d", "answer": "2026-10-01", "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::answer, "by", "/answers/0",
     R"({"id": "NF", "answers": [{"criterion": "NCT04560751-8ce0332c", "answer": true, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::answer, "date", "/answers/0",
     R"({"id": "NF", "answers": [{"criterion": "NCT04560751-8ce0332c", "answer": true, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::answer_quantity, "value", "/answers/0/answer",
     R"({"id": "NF", "answers": [{"criterion": "T-1a2b3c4d", "answer": {"value": 72, "unit": "mL/min"}, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},
    {Obj::answer_quantity, "unit", "/answers/0/answer",
     R"({"id": "NF", "answers": [{"criterion": "T-1a2b3c4d", "answer": {"value": 72, "unit": "mL/min"}, "by": "Dr A. Chen", "date": "2026-10-30"}]})", false},

    {Obj::code, "system", "/conditions/0/code", R"({"id": "NF", "conditions": [{"code": {"system": "http://snomed.info/sct", "code": "25370001"}}]})", false},
    {Obj::code, "code", "/conditions/0/code", R"({"id": "NF", "conditions": [{"code": {"system": "http://snomed.info/sct", "code": "25370001"}}]})", false},
};

std::string name_of(Obj o, std::string_view key) { return std::string(nf::objects[static_cast<std::size_t>(o)].name) + "." + std::string(key); }

}  // namespace

TEST_SUITE("native_format")
{
   TEST_CASE("every key of the description has a sample, and every sample's key is in the description")
   {
      std::map<std::pair<Obj, std::string>, int> count;
      for (const auto& s : samples) {
         CAPTURE(name_of(s.object, s.key));
         CHECK(nf::index(s.object, s.key) != nf::npos);
         ++count[{s.object, s.key}];
      }
      for (const auto& o : nf::objects)
         for (const auto& k : o.keys) {
            INFO("no sample for ", name_of(o.object, k.name), ": add one to tests/test_native_format.cpp");
            CHECK(count[{o.object, std::string(k.name)}] > 0);
         }
   }

   TEST_CASE("read_patient() reads every key of the description, and no annotation")
   {
      std::map<std::pair<Obj, std::string>, bool> read;
      for (const auto& s : samples) {
         const std::string text = s.json;
         CAPTURE(text);
         nlohmann::json doc = nlohmann::json::parse(text);
         nlohmann::json without = doc;
         REQUIRE(without.at(nlohmann::json::json_pointer(s.at)).erase(s.key) == 1);
         read[{s.object, s.key}] |= full_read(doc) != full_read(without);
      }
      for (const auto& o : nf::objects)
         for (const auto& k : o.keys) {
            CAPTURE(name_of(o.object, k.name));
            CHECK(read[{o.object, std::string(k.name)}] == (k.use == nf::Use::read));
         }
   }

   TEST_CASE("the fast reader reads each sample to read_patient()'s patient, or leaves it to read_patient()")
   {
      FastReader fast(*catalogue());
      for (const auto& s : samples) {
         CAPTURE(name_of(s.object, s.key));
         const std::string text = s.json;
         CAPTURE(text);
         const std::optional<Patient> f = fast.read(text, "nf.json");
         CHECK(f.has_value() == s.fast);
         if (f) CHECK(describe(*f) == full_read(nlohmann::json::parse(text)));
      }
   }

   TEST_CASE("a key the description does not list makes the fast reader leave the record to read_patient(), in every object it reads")
   {
      // As a key added to the format and to read_patient() only would be: the fast reader must
      // not read the record without it.
      FastReader fast(*catalogue());
      for (const auto& s : samples) {
         if (!s.fast) continue;
         CAPTURE(name_of(s.object, s.key));
         nlohmann::json doc = nlohmann::json::parse(s.json);
         doc.at(nlohmann::json::json_pointer(s.at))["added_to_the_format"] = 1;
         CHECK_FALSE(fast.read(doc.dump(), "nf.json").has_value());
         CHECK(full_read(doc) == full_read(nlohmann::json::parse(s.json)));  // read_patient() ignores it (docs/patient-format.md)
      }
   }
}

}  // namespace eligo::test::native_format_tests
