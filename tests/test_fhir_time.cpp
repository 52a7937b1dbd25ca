// Status and time in real records (issue 16, items 3 and 4): pregnancy from Conditions with their
// period and from pregnancy-status Observations, ended by delivery or abatement; a resolved
// Condition is history, not current; a stopped MedicationRequest is not concurrent; a deceased
// patient is not screenable, and no age is computed past death. Each case uses the real Synthea
// bundle element that shows it (../shared/fhir), changed only where the case needs it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/batch/batch.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/report.hpp"
#include "engine/report/screen_report.hpp"
#include "support.hpp"

namespace eligo::test::fhir_time_tests {

using nlohmann::json;

namespace {

const std::string karla = "fhir/wide/Karla_Kessler_eb2955c7-1c46-47bd-bffc-bae94824b629.json";         // Normal pregnancy, termination
const std::string bonnie = "fhir/wide/Bonnie_Marvin_5c55a67c-fb41-4509-9eae-a55eebf760e1.json";        // three pregnancies
const std::string willy = "fhir/wide/Willy_Koepp_ebbb96ce-c538-4ac4-ad6a-7c709ef6639c.json";           // resolved rheumatoid arthritis
const std::string jordan = "fhir/Jordan_Cruickshank_5de38439-d320-46d3-854d-3c098e88de4c.json";        // heparin ordered and stopped
const std::string paris = "fhir/Paris_Jaskolski_37d40109-b1a6-46ca-b4c8-0da1c8fb2d57.json";            // died 1993-03-22
const std::string alejandro = "fhir/wide/Alejandro_Riojas_a9fcc685-c7a2-4474-bf25-26c8fe4b48f9.json";  // myocardial infarction 2008

const json& real(const std::string& rel)
{
   static std::map<std::string, json> cache;
   auto it = cache.find(rel);
   if (it == cache.end()) it = cache.emplace(rel, json::parse(read_file(shared_path(rel)))).first;
   return it->second;
}

// The real bundle's Patient and the entries picked by `keep` (changed by `change`, if given).
json picked(const std::string& rel, const std::function<bool(const json&)>& keep, const std::function<void(json&)>& change = nullptr)
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   for (const auto& e : real(rel).at("entry")) {
      const json& r = e.at("resource");
      if (r.at("resourceType") == "Patient" || keep(r)) {
         json copy = e;
         if (change && r.at("resourceType") != "Patient") change(copy.at("resource"));
         b["entry"].push_back(std::move(copy));
      }
   }
   return b;
}

bool coded(const json& r, const std::string& code)
{
   const json* cc = r.contains("code") ? &r.at("code") : r.contains("medicationCodeableConcept") ? &r.at("medicationCodeableConcept") : nullptr;
   if (!cc || !cc->contains("coding")) return false;
   return std::any_of(cc->at("coding").begin(), cc->at("coding").end(), [&](const json& c) { return c.value("code", "") == code; });
}

Patient read(const json& bundle) { return read_fhir_bundle(bundle, "test.json", *catalogue()); }

Outcome eval(const std::string& criterion, const Patient& p, const std::string& date)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   return evaluate(pred, EvalContext{p, *parse_date(date), *catalogue(), {}, std::nullopt, {}});
}

std::string result(const std::string& criterion, const Patient& p, const std::string& date) { return to_string(eval(criterion, p, date).result); }

const char* normal_pregnancy = "72892002";

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("pregnancy: an ongoing 'Normal pregnancy' Condition makes the patient pregnant at screening")
   {
      // Karla Kessler's Normal pregnancy (SNOMED CT 72892002, onset 2016-01-13), as Synthea writes it while the pregnancy lasts:
      // clinicalStatus active, no abatement.
      const Patient p = read(picked(
          karla, [](const json& r) { return coded(r, normal_pregnancy); },
          [](json& r) {
             r.erase("abatementDateTime");
             r["clinicalStatus"]["coding"][0]["code"] = "active";
          }));
      REQUIRE(p.conditions);
      CHECK(p.conditions->at(0).concept_->id == "pregnant");
      CHECK(p.conditions->at(0).mapped_by == "SNOMED CT 72892002");
      const Outcome o = eval("pregnant", p, "2016-03-01");
      CHECK(to_string(o.result) == std::string("met"));
      CHECK(o.why.find("Normal pregnancy from 2016-01-13") != std::string::npos);
      CHECK(result("pregnant", p, "2016-01-12") != std::string("met"));  // before it began
      // An exclusion on it rules her out.
      CHECK(result("not pregnant", p, "2016-03-01") == std::string("not_met"));
   }

   TEST_CASE("pregnancy: an abated pregnancy, or one ended by a termination or delivery, does not make the patient pregnant")
   {
      // Karla Kessler's real record: Normal pregnancy 2016-01-13 to 2016-02-03 (resolved), and an Induced termination of
      // pregnancy (SNOMED CT 714812005) on 2016-01-27.
      const Patient p = read(real(karla));
      CHECK(result("pregnant", p, "2016-01-20") == std::string("met"));
      const Outcome ended = eval("pregnant", p, "2016-01-30");  // after the termination, before the abatement
      CHECK(to_string(ended.result) == std::string("not_met"));
      CHECK(ended.why.find("Induced termination of pregnancy") != std::string::npos);
      const Outcome abated = eval("pregnant", p, "2016-02-05");
      CHECK(to_string(abated.result) == std::string("not_met"));
      CHECK(abated.why.find("abatement, 2016-02-03") != std::string::npos);
      // A month after the end, "not pregnant" is no longer current: a woman may conceive weeks after a delivery.
      const Outcome month = eval("pregnant", p, "2016-03-01");
      CHECK(to_string(month.result) == std::string("unknown"));
      CHECK(month.why.find("more than 7 days before screening: not current") != std::string::npos);
      // Ten years on, neither says anything of now: unknown, never pregnant.
      const Outcome now = eval("pregnant", p, "2026-11-02");
      CHECK(to_string(now.result) == std::string("unknown"));
      CHECK(now.why.find("not current") != std::string::npos);
      // The abatement alone ends it too (the Condition without the termination).
      const Patient only = read(picked(karla, [](const json& r) { return coded(r, normal_pregnancy); }));
      CHECK(result("pregnant", only, "2016-02-10") == std::string("not_met"));
      // Bonnie Marvin: three pregnancies, each abated: pregnant during the second, not between them.
      const Patient b = read(real(bonnie));
      CHECK(result("pregnant", b, "2015-04-25") == std::string("met"));
      // Weeks after one ends, "not pregnant" is no longer current (independent review, D3): 2015-04-20 is days before her
      // next pregnancy is recorded, at its first prenatal visit about 8 weeks in.
      CHECK(result("pregnant", b, "2015-06-15") == std::string("unknown"));
      CHECK(result("not pregnant", b, "2015-04-20") == std::string("unknown"));
      CHECK(result("pregnant", b, "2015-08-25") == std::string("met"));
   }

   TEST_CASE("pregnancy: a pregnancy-status Observation (LOINC 82810-3), and a delivery after it")
   {
      // As Synthea's pregnancy module writes it (state Pregnancy_Status_Observation): LOINC 82810-3 with SNOMED CT 77386006 Pregnant.
      auto status = [](const std::string& system, const std::string& code, const std::string& date) {
         return json{{"fullUrl", "urn:uuid:obs-" + code},
                     {"resource",
                      {{"resourceType", "Observation"},
                       {"id", "obs-" + code},
                       {"status", "final"},
                       {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "82810-3"}, {"display", "Pregnancy status"}}}}}},
                       {"effectiveDateTime", date},
                       {"valueCodeableConcept", {{"coding", {{{"system", system}, {"code", code}}}}}}}}};
      };
      json b = picked(karla, [](const json&) { return false; });
      b["entry"].push_back(status("http://snomed.info/sct", "77386006", "2016-01-13"));
      const Patient p = read(b);
      const Outcome o = eval("pregnant", p, "2016-02-01");
      CHECK(to_string(o.result) == std::string("met"));
      CHECK(o.why.find("recorded as present (Observation/obs-77386006, 2016-01-13)") != std::string::npos);
      // IPS STU1's LOINC answer LA26683-5 Not pregnant.
      json no = picked(karla, [](const json&) { return false; });
      no["entry"].push_back(status("http://loinc.org", "LA26683-5", "2016-01-13"));
      CHECK(result("pregnant", read(no), "2016-01-18") == std::string("not_met"));
      CHECK(result("pregnant", read(no), "2016-02-01") == std::string("unknown"));  // a negative status holds for 7 days
      // The real termination on 2016-01-27 ends the pregnancy the status recorded.
      json ended = picked(karla, [](const json& r) { return coded(r, "714812005"); });
      ended["entry"].push_back(status("http://snomed.info/sct", "77386006", "2016-01-13"));
      CHECK(result("pregnant", read(ended), "2016-02-01") == std::string("not_met"));
      CHECK(result("pregnant", read(ended), "2016-01-20") == std::string("met"));
   }

   TEST_CASE("pregnancy: an end that a pregnancy Condition outlives makes 'pregnant' unknown, never not pregnant")
   {
      // Independent review, D4: Karla Kessler's Normal pregnancy kept open to September, and her termination procedure
      // re-dated to March as a past event entered at a booking visit would be: the two disagree, so unknown.
      json b = picked(
          karla, [](const json& r) { return coded(r, normal_pregnancy) || coded(r, "714812005"); },
          [](json& r) {
             if (coded(r, normal_pregnancy)) r["abatementDateTime"] = "2016-09-01T00:00:00+00:00";
             if (coded(r, "714812005")) r["performedPeriod"] = {{"start", "2016-03-01T00:00:00+00:00"}, {"end", "2016-03-01T01:00:00+00:00"}};
          });
      const Outcome o = eval("pregnant", read(b), "2016-04-01");
      CHECK(to_string(o.result) == std::string("unknown"));
      CHECK(result("not pregnant", read(b), "2016-04-01") == std::string("unknown"));
   }

   TEST_CASE("hepatitis B and C by their general SNOMED CT codes, not only the chronic ones")
   {
      // Independent review: a record of 66071002 'Viral hepatitis type B' left "history of hepatitis B" not met.
      for (const auto& [code, criterion] :
           std::vector<std::pair<std::string, std::string>>{{"66071002", "history of hepatitis B"}, {"50711007", "history of hepatitis C"}}) {
         CAPTURE(code);
         json b = picked(willy, [](const json&) { return false; });
         b["entry"].push_back({{"fullUrl", "urn:uuid:hep"},
                               {"resource",
                                {{"resourceType", "Condition"},
                                 {"id", "hep"},
                                 {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                                 {"code", {{"coding", json::array({{{"system", "http://snomed.info/sct"}, {"code", code}}})}}},
                                 {"onsetDateTime", "2010-01-01"}}}});
         CHECK(result(criterion, read(b), "2026-11-02") == std::string("met"));
      }
      // The general codes are acute or chronic: a record of one, even resolved, leaves "chronic hepatitis B" open, never
      // met (review helper-106: a 66071002 that resolved in 2021 met "Chronic hepatitis B"); the chronic codes meet it.
      const auto hepatitis = [](const std::string& code, const char* abated) {
         json b = picked(willy, [](const json&) { return false; });
         json c = {{"resourceType", "Condition"},
                   {"id", "hep"},
                   {"code", {{"coding", json::array({{{"system", "http://snomed.info/sct"}, {"code", code}}})}}},
                   {"onsetDateTime", "2019-01-01"}};
         if (abated) c["abatementDateTime"] = abated;
         b["entry"].push_back({{"fullUrl", "urn:uuid:hep"}, {"resource", c}});
         return read(b);
      };
      for (const char* abated : {static_cast<const char*>(nullptr), "2021-01-01"}) {
         CHECK(result("chronic hepatitis B", hepatitis("66071002", abated), "2026-11-02") == std::string("unknown"));
         CHECK(result("chronic hepatitis C", hepatitis("50711007", abated), "2026-11-02") == std::string("unknown"));
      }
      CHECK(result("chronic hepatitis B", hepatitis("61977001", nullptr), "2026-11-02") == std::string("met"));
      CHECK(result("chronic hepatitis C", hepatitis("128302006", nullptr), "2026-11-02") == std::string("met"));
      // A chronic one is hepatitis B: its history, and current while active.
      CHECK(result("history of hepatitis B", hepatitis("61977001", "2021-01-01"), "2026-11-02") == std::string("met"));
      CHECK(result("active hepatitis B", hepatitis("61977001", nullptr), "2026-11-02") == std::string("met"));
      CHECK(result("chronic hepatitis B", hepatitis("50711007", nullptr), "2026-11-02") == std::string("not_met"));
   }

   TEST_CASE("status: a resolved Condition does not meet a current or active criterion, and meets 'history of'")
   {
      // Willy Koepp: Rheumatoid arthritis (SNOMED CT 69896004), 2009-04-04 to 2014-02-07, clinicalStatus resolved.
      const auto ra = [](const json& r) { return coded(r, "69896004"); };
      const Patient p = read(picked(willy, ra));
      REQUIRE(p.conditions);
      CHECK(to_string(p.conditions->at(0).status) == std::string("resolved"));
      CHECK(result("active autoimmune disease", p, "2026-11-02") == std::string("not_met"));
      CHECK(result("current autoimmune disease", p, "2026-11-02") == std::string("not_met"));
      CHECK(result("history of autoimmune disease", p, "2026-11-02") == std::string("met"));
      CHECK(result("autoimmune disease", p, "2026-11-02") == std::string("met"));
      // During it, it was active.
      CHECK(result("active autoimmune disease", p, "2012-01-01") == std::string("met"));
      // Resolved without an abatement date: not current either; active without one: current.
      const Patient no_end = read(picked(willy, ra, [](json& r) { r.erase("abatementDateTime"); }));
      CHECK(result("active autoimmune disease", no_end, "2026-11-02") == std::string("not_met"));
      CHECK(result("history of autoimmune disease", no_end, "2026-11-02") == std::string("met"));
      const Patient active = read(picked(willy, ra, [](json& r) {
         r.erase("abatementDateTime");
         r["clinicalStatus"]["coding"][0]["code"] = "active";
      }));
      CHECK(result("active autoimmune disease", active, "2026-11-02") == std::string("met"));
      // Refuted or entered in error: not read at all.
      const Patient refuted = read(picked(willy, ra, [](json& r) { r["verificationStatus"]["coding"][0]["code"] = "refuted"; }));
      CHECK(result("history of autoimmune disease", refuted, "2026-11-02") == std::string("not_met"));
   }

   TEST_CASE("status: a Condition that says recurrence or active yet gives an abatement is history, and open at screening")
   {
      // Willy Koepp's rheumatoid arthritis with its 2014-02-07 abatement kept and clinicalStatus recurrence (or relapse, or
      // active): against FHIR R4 con-4. It happened; whether it holds after 2014-02-07 is not recorded.
      const auto ra = [](const json& r) { return coded(r, "69896004"); };
      for (const char* status : {"recurrence", "relapse", "active"}) {
         CAPTURE(status);
         const Patient p = read(picked(willy, ra, [&](json& r) { r["clinicalStatus"]["coding"][0]["code"] = status; }));
         REQUIRE(p.conditions);
         CHECK(!p.conditions->at(0).status_conflict.empty());
         CHECK(result("history of autoimmune disease", p, "2026-11-02") == std::string("met"));
         const Outcome now = eval("active autoimmune disease", p, "2026-11-02");
         CHECK(to_string(now.result) == std::string("unknown"));
         CHECK(now.why.find("clinicalStatus is " + std::string(status) + ", yet it abated on 2014-02-07") != std::string::npos);
         CHECK(result("autoimmune disease within 6 months", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("autoimmune disease within 6 months", p, "2009-06-01") == std::string("met"));  // it began inside the window
         // Before its abatement it held, whatever the status says after.
         CHECK(result("active autoimmune disease", p, "2012-01-01") == std::string("met"));
      }
      // Resolved with the same abatement: no conflict, over before screening.
      const Patient resolved = read(picked(willy, ra));
      CHECK(resolved.conditions->at(0).status_conflict.empty());
      CHECK(result("autoimmune disease within 6 months", resolved, "2026-11-02") == std::string("not_met"));
   }

   TEST_CASE("a personal history happened on or before the date it was recorded: a window that date falls inside is open")
   {
      // Alejandro Riojas: "History of myocardial infarction (situation)" (SNOMED CT 399211009), onset 2008-12-14; his
      // "Myocardial Infarction" Condition itself is left out. A history recorded inside a window says the infarction
      // happened then or earlier, so "within 6 months" is neither met nor not met by it.
      const auto history = [](const json& r) { return coded(r, "399211009"); };
      const Patient old = read(picked(alejandro, history));
      REQUIRE(old.conditions);
      REQUIRE(old.conditions->size() == 1);
      CHECK(old.conditions->at(0).history);
      CHECK(result("myocardial infarction within the past 6 months", old, "2026-11-02") == std::string("not_met"));
      CHECK(result("at least 4 weeks since myocardial infarction", old, "2026-11-02") == std::string("met"));
      CHECK(result("history of myocardial infarction", old, "2026-11-02") == std::string("met"));
      CHECK(result("active myocardial infarction", old, "2026-11-02") == std::string("not_met"));
      const Patient recent = read(picked(alejandro, history, [](json& r) { r["onsetDateTime"] = "2026-10-20T10:00:00+00:00"; }));
      const Outcome within = eval("myocardial infarction within the past 6 months", recent, "2026-11-02");
      CHECK(to_string(within.result) == std::string("unknown"));
      CHECK_MESSAGE(within.why.find("recorded on 2026-10-20 as a history: it happened on or before then, when is not recorded") != std::string::npos,
                    within.why);
      CHECK(result("at least 4 weeks since myocardial infarction", recent, "2026-11-02") == std::string("unknown"));
      CHECK(result("less than 4 weeks since myocardial infarction", recent, "2026-11-02") == std::string("unknown"));
      CHECK(result("history of myocardial infarction", recent, "2026-11-02") == std::string("met"));
      // Recorded more than 4 weeks ago: the infarction was longer ago still.
      const Patient month = read(picked(alejandro, history, [](json& r) { r["onsetDateTime"] = "2026-09-01T10:00:00+00:00"; }));
      CHECK(result("at least 4 weeks since myocardial infarction", month, "2026-11-02") == std::string("met"));
      CHECK(result("less than 4 weeks since myocardial infarction", month, "2026-11-02") == std::string("not_met"));
   }

   TEST_CASE("an infarction or a stroke is an episode: dated by its onset, however long its record stays active")
   {
      // Alejandro Riojas's "Myocardial Infarction" (SNOMED CT 22298006) as Synthea writes it: active, onset 2008-12-14, no
      // abatement. Read as ongoing, it met "within 6 months" and "active" in 2026 (review helper-117).
      const auto mi = [](const json& r) { return coded(r, "22298006"); };
      const auto with = [&](const std::function<void(json&)>& change) { return read(picked(alejandro, mi, change)); };
      const Patient old = with([](json&) {});
      REQUIRE(old.conditions);
      REQUIRE(old.conditions->size() == 1);
      REQUIRE(old.conditions->at(0).status == RecordStatus::active);
      CHECK(result("myocardial infarction within the past 6 months", old, "2026-11-02") == std::string("not_met"));
      CHECK(result("less than 4 weeks since myocardial infarction", old, "2026-11-02") == std::string("not_met"));
      CHECK(result("at least 4 weeks since myocardial infarction", old, "2026-11-02") == std::string("met"));
      CHECK(result("history of myocardial infarction", old, "2026-11-02") == std::string("met"));
      const Outcome active = eval("active myocardial infarction", old, "2026-11-02");
      CHECK(to_string(active.result) == std::string("not_met"));
      CHECK_MESSAGE(active.why.find("an episode of at most 28 days from its onset, over before screening") != std::string::npos, active.why);
      // Inside its first 28 days it is an acute infarction.
      const Patient recent = with([](json& r) { r["onsetDateTime"] = "2026-10-20T10:00:00+00:00"; });
      CHECK(result("active myocardial infarction", recent, "2026-11-02") == std::string("met"));
      CHECK(result("myocardial infarction within the past 6 months", recent, "2026-11-02") == std::string("met"));
      CHECK(result("less than 4 weeks since myocardial infarction", recent, "2026-11-02") == std::string("met"));
      CHECK(result("at least 4 weeks since myocardial infarction", recent, "2026-11-02") == std::string("not_met"));
      // 40 days on, still active on the problem list: over, yet within 6 months.
      const Patient weeks = with([](json& r) { r["onsetDateTime"] = "2026-09-23T10:00:00+00:00"; });
      CHECK(result("active myocardial infarction", weeks, "2026-11-02") == std::string("not_met"));
      CHECK(result("myocardial infarction within the past 6 months", weeks, "2026-11-02") == std::string("met"));
      // A month-only onset whose last day may fall inside the acute course, or the window's first day inside it: open.
      const Patient month = with([](json& r) { r["onsetDateTime"] = "2026-10"; });
      CHECK(result("active myocardial infarction", month, "2026-11-02") == std::string("unknown"));  // 2026-10-01 is 32 days, 2026-10-31 two
      const Patient may = with([](json& r) { r["onsetDateTime"] = "2026-05"; });
      CHECK(result("myocardial infarction within the past 6 months", may, "2026-11-02") == std::string("unknown"));
      CHECK(result("at least 6 months since myocardial infarction", may, "2026-11-02") == std::string("unknown"));
      // An abatement written years on (a problem list cleaned up) does not move the infarction: "within 6 months" asks when
      // it happened. A resolved one with no abatement is dated by its onset too.
      const Patient cleaned = with([](json& r) {
         r["abatementDateTime"] = "2026-09-01T10:00:00+00:00";
         r["clinicalStatus"]["coding"][0]["code"] = "resolved";
      });
      CHECK(result("myocardial infarction within the past 6 months", cleaned, "2026-11-02") == std::string("not_met"));
      const Patient resolved = with([](json& r) {
         r["onsetDateTime"] = "2026-08-01T10:00:00+00:00";
         r["clinicalStatus"]["coding"][0]["code"] = "resolved";
      });
      CHECK(result("myocardial infarction within the past 6 months", resolved, "2026-11-02") == std::string("met"));
      CHECK(result("active myocardial infarction", resolved, "2026-11-02") == std::string("not_met"));
      // Inside its first 28 days an infarction is acute whatever its status (marked resolved at discharge, review helper-118);
      // an onset that may be after screening, or none at all, leaves it open.
      const Patient discharged = with([](json& r) {
         r["onsetDateTime"] = "2026-10-23T10:00:00+00:00";
         r["clinicalStatus"]["coding"][0]["code"] = "resolved";
         r["abatementDateTime"] = "2026-10-28T10:00:00+00:00";
      });
      CHECK(result("active myocardial infarction", discharged, "2026-11-02") == std::string("met"));
      // Marked resolved, with an onset known only to its month that may be inside the 28 days: the onset decides (helper-119).
      const Patient october = with([](json& r) {
         r["onsetDateTime"] = "2026-10";
         r["clinicalStatus"]["coding"][0]["code"] = "resolved";
      });
      const Outcome october_active = eval("active myocardial infarction", october, "2026-11-02");
      CHECK(to_string(october_active.result) == std::string("unknown"));
      REQUIRE(october_active.missing.size() == 1);
      CHECK(october_active.missing[0] == "onset date of myocardial infarction");
      // An onset period with a start and no end: the onset may be any day since.
      const Patient period = with([](json& r) {
         r.erase("onsetDateTime");
         r["onsetPeriod"] = {{"start", "2026-04-20"}};
      });
      CHECK(result("myocardial infarction within the past 6 months", period, "2026-11-02") == std::string("unknown"));
      CHECK(result("at least 6 months since myocardial infarction", period, "2026-11-02") == std::string("unknown"));
      CHECK(result("active myocardial infarction", period, "2026-11-02") == std::string("unknown"));
      const Patient november = with([](json& r) { r["onsetDateTime"] = "2026-11"; });
      CHECK(result("active myocardial infarction", november, "2026-11-02") == std::string("unknown"));
      const Patient undated = with([](json& r) { r.erase("onsetDateTime"); });
      CHECK(result("active myocardial infarction", undated, "2026-11-02") == std::string("unknown"));
      const Outcome since = eval("less than 4 weeks since myocardial infarction", month, "2026-11-02");
      CHECK(to_string(since.result) == std::string("unknown"));
      CHECK_MESSAGE(since.why.find("its onset is known only to 2026-10-01 … 2026-10-31") != std::string::npos, since.why);
      REQUIRE(since.missing.size() == 1);
      CHECK(since.missing[0] == "onset date of myocardial infarction");
      // A recurrence says it came back on a day the record does not give: read as holding, as before.
      const Patient recurred = with([](json& r) { r["clinicalStatus"]["coding"][0]["code"] = "recurrence"; });
      CHECK(result("active myocardial infarction", recurred, "2026-11-02") == std::string("met"));
   }

   TEST_CASE("a stroke is over a year after its onset; before that, whether it is current is open")
   {
      // Paris Jaskolski's "Stroke" (SNOMED CT 230690007), active with no abatement, onset moved; his death left out.
      const auto stroke = [](const json& r) { return coded(r, "230690007"); };
      const auto at = [&](const std::string& onset) {
         json b = picked(paris, stroke, [&](json& r) { r["onsetDateTime"] = onset; });
         for (auto& e : b["entry"])
            if (e["resource"]["resourceType"] == "Patient") e["resource"].erase("deceasedDateTime");
         return read(b);
      };
      const Patient old = at("2020-01-15T10:00:00+00:00");
      REQUIRE(old.conditions);
      REQUIRE(old.conditions->size() == 1);
      CHECK(result("current stroke", old, "2026-11-02") == std::string("not_met"));
      CHECK(result("stroke within the past 12 months", old, "2026-11-02") == std::string("not_met"));
      CHECK(result("history of stroke", old, "2026-11-02") == std::string("met"));
      const Patient months = at("2026-04-16T10:00:00+00:00");
      const Outcome current = eval("current stroke", months, "2026-11-02");
      CHECK(to_string(current.result) == std::string("unknown"));
      CHECK_MESSAGE(current.why.find("stroke began 200 days before screening: whether it still held at screening is not recorded") != std::string::npos,
                    current.why);
      CHECK(result("stroke within the past 12 months", months, "2026-11-02") == std::string("met"));
      CHECK(result("stroke within the past 3 months", months, "2026-11-02") == std::string("not_met"));
      // Abated after screening: the record says it held then.
      json later = picked(paris, stroke, [](json& r) {
         r["onsetDateTime"] = "2026-04-16T10:00:00+00:00";
         r["clinicalStatus"]["coding"][0]["code"] = "resolved";
         r["abatementDateTime"] = "2026-12-01T10:00:00+00:00";
      });
      for (auto& e : later["entry"])
         if (e["resource"]["resourceType"] == "Patient") e["resource"].erase("deceasedDateTime");
      CHECK(result("current stroke", read(later), "2026-11-02") == std::string("met"));
   }

   TEST_CASE("an episode after an event: an infarction applied on its onset, not until the screening date")
   {
      // Alejandro Riojas's infarction of 2008 (active, no abatement) and a hepatectomy in 2020: not after it.
      const auto mi = [](const json& r) { return coded(r, "22298006"); };
      json b = picked(alejandro, mi);
      b["entry"].push_back({{"resource",
                             {{"resourceType", "Procedure"},
                              {"id", "hx"},
                              {"status", "completed"},
                              {"code", {{"coding", json::array({{{"system", "urn:eligo:concept"}, {"code", "hepatectomy"}}})}, {"text", "Hepatectomy"}}},
                              {"performedDateTime", "2020-05-01"}}}});
      const Patient p = read(b);
      REQUIRE(p.procedures);
      const Outcome after = eval("myocardial infarction after hepatectomy", p, "2026-11-02");
      CHECK_MESSAGE(to_string(after.result) == std::string("not_met"), after.why);
   }

   TEST_CASE("history wording counts only where the text begins with it; old infarction codes are histories")
   {
      // Alejandro Riojas's "Myocardial Infarction" Condition (SNOMED CT 22298006), onset moved to last month: a text
      // that mentions a prior procedure or a past event further on is still a current infarction (review helper-109).
      const auto mi = [](const json& r) { return coded(r, "22298006"); };
      // His infarction with another text and onset.
      const auto written = [&](const std::string& text, const std::string& onset) {
         return read(picked(alejandro, mi, [&](json& r) {
            r["code"]["text"] = text;
            r["code"]["coding"][0]["display"] = text;
            r["onsetDateTime"] = onset;
         }));
      };
      for (const std::string text : {"NSTEMI, prior PCI 2015", "NSTEMI in pt with h/o CAD", "Recurrent NSTEMI; previous MI 2019"}) {
         CAPTURE(text);
         const Patient p = written(text, "2026-10-20");
         REQUIRE(p.conditions);
         REQUIRE(p.conditions->size() == 1);
         CHECK_FALSE(p.conditions->at(0).history);
         CHECK(result("active myocardial infarction", p, "2026-11-02") == std::string("met"));
         CHECK(result("myocardial infarction within the past 6 months", p, "2026-11-02") == std::string("met"));
      }
      // A text that begins with past wording under the infarction's own code, active: it happened ("history of" met);
      // whether it holds now, or held inside a window, is open, never decided by the words alone (review helper-111).
      for (const std::string text : {"Prior PCI; now acute NSTEMI", "History of myocardial infarction, recurrent", "S/p CABG, presenting with NSTEMI"}) {
         CAPTURE(text);
         const Patient p = written(text, "2026-10-28");
         REQUIRE(p.conditions);
         CHECK_FALSE(p.conditions->at(0).history);
         CHECK_FALSE(p.conditions->at(0).history_doubt.empty());
         const Outcome active = eval("active myocardial infarction", p, "2026-11-02");
         CHECK(to_string(active.result) == std::string("unknown"));
         CHECK_MESSAGE(active.why.find("whether it still holds is not recorded") != std::string::npos, active.why);
         CHECK(result("myocardial infarction within the past 6 months", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("history of myocardial infarction", p, "2026-11-02") == std::string("met"));
      }
      // "Prior to admission" is no past.
      const Patient admission = read(picked(alejandro, mi, [&](json& r) {
         r["code"]["coding"][0]["display"] = "Prior to admission: NSTEMI";
         r["onsetDateTime"] = "2026-10-28";
      }));
      REQUIRE(admission.conditions);
      CHECK(admission.conditions->at(0).history_doubt.empty());
      CHECK(result("active myocardial infarction", admission, "2026-11-02") == std::string("met"));
      // ICD-10 I25.2 and ICD-9-CM 412 "Old myocardial infarction", recorded last month, clinicalStatus active.
      for (const auto& [system, code] :
           std::vector<std::pair<std::string, std::string>>{{"http://hl7.org/fhir/sid/icd-10-cm", "I25.2"}, {"http://hl7.org/fhir/sid/icd-9-cm", "412"}}) {
         CAPTURE(code);
         const Patient p = read(picked(alejandro, mi, [&](json& r) {
            r["code"] = {{"coding", json::array({{{"system", system}, {"code", code}, {"display", "Old myocardial infarction"}}})}};
            r["onsetDateTime"] = "2026-10-01";
         }));
         REQUIRE(p.conditions);
         CHECK(p.conditions->at(0).history);
         CHECK(result("active myocardial infarction", p, "2026-11-02") == std::string("not_met"));
         CHECK(result("myocardial infarction within the past 6 months", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("history of myocardial infarction", p, "2026-11-02") == std::string("met"));
      }
      // A history code stays a history whatever status or abatement it gives (a problem list marks an old infarction
      // inactive or resolved); only a recurrence makes it current (review helper-111).
      const auto old_mi = [&](const std::string& status, const char* abated) {
         return read(picked(alejandro, mi, [&](json& r) {
            r["code"] = {{"coding", json::array({{{"system", "http://hl7.org/fhir/sid/icd-9-cm"}, {"code", "412"}}})}};
            r["onsetDateTime"] = "2026-10-01";
            r["clinicalStatus"]["coding"][0]["code"] = status;
            if (abated) r["abatementDateTime"] = abated;
         }));
      };
      for (const auto& [status, abated] :
           std::vector<std::pair<std::string, const char*>>{{"inactive", nullptr}, {"resolved", "2026-10-02"}, {"remission", nullptr}}) {
         CAPTURE(status);
         const Patient p = old_mi(status, abated);
         REQUIRE(p.conditions);
         CHECK(p.conditions->at(0).history);
         CHECK(result("myocardial infarction within the past 6 months", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("at least 6 months since myocardial infarction", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("less than 6 months since myocardial infarction", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("active myocardial infarction", p, "2026-11-02") == std::string("not_met"));
      }
      const Patient recurred = old_mi("recurrence", nullptr);
      REQUIRE(recurred.conditions);
      CHECK_FALSE(recurred.conditions->at(0).history);
      CHECK(result("active myocardial infarction", recurred, "2026-11-02") == std::string("met"));
   }

   TEST_CASE("ICD-10-CM Z85 and ICD-9-CM V10, a personal history of malignant neoplasm: a past malignancy, never a current one")
   {
      // Willy Koepp's rheumatoid arthritis Condition, recoded: Z85.3 "Personal history of malignant neoplasm of breast",
      // recorded 2024-03-01, without a status or an abatement, as a problem list holds it.
      const auto ra = [](const json& r) { return coded(r, "69896004"); };
      const auto recoded = [](const std::string& system, const std::string& code) {
         return [system, code](json& r) {
            r["code"] = {{"coding", json::array({{{"system", system}, {"code", code}}})}, {"text", "Personal history of malignant neoplasm"}};
            r.erase("clinicalStatus");
            r.erase("abatementDateTime");
            r["onsetDateTime"] = "2024-03-01";
         };
      };
      const std::string cm = "http://hl7.org/fhir/sid/icd-10-cm", icd9 = "http://hl7.org/fhir/sid/icd-9-cm";
      for (const auto& [system, code] : std::vector<std::pair<std::string, std::string>>{{cm, "Z85.9"}, {cm, "Z859"}, {icd9, "V10.90"}, {icd9, "V1090"}}) {
         CAPTURE(code);
         const Patient p = read(picked(willy, ra, recoded(system, code)));
         REQUIRE(p.conditions);
         REQUIRE(p.conditions->size() == 1);
         CHECK(p.conditions->at(0).concept_ == catalogue()->concept_("malignancy"));
         CHECK(p.conditions->at(0).history);
         CHECK(result("history of malignancy", p, "2026-11-02") == std::string("met"));
         CHECK(result("active malignancy", p, "2026-11-02") == std::string("not_met"));
         // Recorded before a 2-year window: the cancer was before it too. Inside a 5-year window: when is not known.
         CHECK(result("malignancy within the last 2 years", p, "2026-11-02") == std::string("not_met"));
         CHECK(result("malignancy within the last 5 years", p, "2026-11-02") == std::string("unknown"));
      }
      const Concept* hcc = catalogue()->concept_("hepatocellular_carcinoma");
      const auto other = [&](const Patient& p) {
         std::vector<Warning> w;
         return to_string(
             evaluate(compile_criterion("other malignancy", lexicon(), w), EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {hcc}, std::nullopt, {}})
                 .result);
      };
      // A site's history is that cancer's: Z85.3 and V10.3, of the breast, are another malignancy than HCC; Z85.05 and
      // V10.07, of the liver, the trial's own; Z85.9, unspecified, may be either.
      struct Site {
         std::string system, code, concept_, other;
      };
      for (const Site& s : std::vector<Site>{{cm, "Z85.05", "primary_liver_cancer", "not_met"},
                                             {icd9, "V10.07", "primary_liver_cancer", "not_met"},
                                             {cm, "Z85.3", "breast_cancer", "met"},
                                             {icd9, "V10.3", "breast_cancer", "met"},
                                             {cm, "Z85.9", "malignancy", "unknown"}}) {
         CAPTURE(s.code);
         const Patient p = read(picked(willy, ra, recoded(s.system, s.code)));
         REQUIRE(p.conditions);
         CHECK(p.conditions->at(0).concept_ == catalogue()->concept_(s.concept_));
         CHECK(std::string(other(p)) == s.other);
         CHECK(result("active malignancy", p, "2026-11-02") == std::string("not_met"));
      }
      // The history is bounded by the later of its onset and the date it was recorded: an onset of 2020 recorded last
      // month may be a cancer treated into the window.
      const Patient onset_2020 = read(picked(willy, ra, [&](json& r) {
         recoded(cm, "Z85.9")(r);
         r["onsetDateTime"] = "2020-01-01";
         r["recordedDate"] = "2026-10-01";
      }));
      const Outcome five = eval("malignancy within the last 5 years", onset_2020, "2026-11-02");
      CHECK(to_string(five.result) == std::string("unknown"));
      CHECK_MESSAGE(five.why.find("recorded on 2026-10-01 as a history") != std::string::npos, five.why);
      CHECK(result("at least 2 years since malignancy", onset_2020, "2026-11-02") == std::string("unknown"));
      // A partial date or a period stands for its latest day: "2021" may be December 2021, inside a 5-year window
      // (review helper-112).
      const auto dated = [&](const std::function<void(json&)>& when) {
         return read(picked(willy, ra, [&](json& r) {
            recoded(cm, "Z85.3")(r);
            r.erase("onsetDateTime");
            when(r);
         }));
      };
      for (const auto& p : {dated([](json& r) { r["onsetDateTime"] = "2021"; }), dated([](json& r) { r["onsetDateTime"] = "2021-11"; }), dated([](json& r) {
                               r["onsetPeriod"] = {{"start", "2019-01-01"}, {"end", "2024-06-01"}};
                            }),
                            dated([](json& r) {
                               r["onsetDateTime"] = "2019-01-01";
                               r["recordedDate"] = "2021";
                            })}) {
         CHECK(result("at least 5 years since breast cancer", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("breast cancer within the last 5 years", p, "2026-11-02") == std::string("unknown"));
         CHECK(result("history of breast cancer", p, "2026-11-02") == std::string("met"));
      }
      // "2015" is over by the end of 2015: long enough ago.
      CHECK(result("at least 5 years since breast cancer", dated([](json& r) { r["onsetDateTime"] = "2015"; }), "2026-11-02") == std::string("met"));
      // An onset after the screening date on a history recorded before it: the history was on record.
      const Patient future_onset = dated([](json& r) {
         r["onsetDateTime"] = "2027-01-01";
         r["recordedDate"] = "2020-01-01";
      });
      CHECK(result("history of breast cancer", future_onset, "2026-11-02") == std::string("met"));
      CHECK(result("at least 5 years since breast cancer", future_onset, "2026-11-02") == std::string("unknown"));
      // Written down as a history only after the screening date: it may still have held then (review helper-114).
      const Patient later = dated([](json& r) {
         r["onsetDateTime"] = "2024-03-01";
         r["recordedDate"] = "2026-12-15";
      });
      CHECK(result("active breast cancer", later, "2026-11-02") == std::string("unknown"));
      CHECK(result("active breast cancer", dated([](json& r) { r["onsetDateTime"] = "2026-11"; }), "2026-11-02") == std::string("unknown"));
      // A history of liver cancer is no current HCC, though it is broader than HCC.
      CHECK(result("active hepatocellular carcinoma", read(picked(willy, ra, recoded(cm, "Z85.05"))), "2026-11-02") == std::string("not_met"));
   }

   TEST_CASE("medications: a request stopped long ago is not concurrent, nor within 4 weeks; the latest request stands")
   {
      // Jordan Cruickshank: heparin sodium, porcine (RxNorm 314659), ordered 2017-06-24, status stopped.
      const auto heparin = [](const json& r) { return coded(r, "314659"); };
      const Patient p = read(picked(jordan, heparin));
      REQUIRE(p.medications);
      REQUIRE(p.medications->size() == 1);
      CHECK(!p.medications->at(0).end);  // stopped at a date the record does not give
      CHECK(result("concurrent anticoagulant", p, "2026-11-02") == std::string("not_met"));
      const Outcome within = eval("anticoagulant within 4 weeks", p, "2026-11-02");
      CHECK(to_string(within.result) == std::string("unknown"));
      CHECK(result("anticoagulant within 4 weeks", p, "2017-07-10") == std::string("met"));
      CHECK(result("history of anticoagulant", p, "2026-11-02") == std::string("met"));
      // The same order still active: ongoing, so concurrent.
      const Patient active = read(picked(jordan, heparin, [](json& r) { r["status"] = "active"; }));
      CHECK(result("concurrent anticoagulant", active, "2026-11-02") == std::string("met"));
      // An active order followed by a stopped order of the same drug: the later one stands.
      json two = picked(jordan, heparin, [](json& r) { r["status"] = "active"; });
      json later = two["entry"].back();
      later["fullUrl"] = "urn:uuid:later";
      later["resource"]["id"] = "later";
      later["resource"]["status"] = "stopped";
      later["resource"]["authoredOn"] = "2024-05-01T10:00:00+00:00";
      two["entry"].push_back(later);
      // (independent review, D2: an inpatient order stopped later must not stop an outpatient prescription).
      const Patient renewed = read(two);
      CHECK(result("concurrent anticoagulant", renewed, "2026-11-02") == std::string("unknown"));
      CHECK(result("no concurrent anticoagulant", renewed, "2026-11-02") == std::string("unknown"));
      CHECK(result("anticoagulant within 4 weeks", renewed, "2024-05-20") == std::string("met"));
      // Yearly renewals, each stopped when the next is written (independent review, D1): the drug ran throughout.
      json yearly = picked(jordan, [](const json&) { return false; });
      for (const auto& [id, date, status] : std::vector<std::tuple<std::string, std::string, std::string>>{
               {"y1", "2014-01-05", "stopped"}, {"y2", "2015-01-05", "stopped"}, {"y3", "2016-01-05", "active"}}) {
         json e = picked(jordan, heparin)["entry"].back();
         e["fullUrl"] = "urn:uuid:" + id;
         e["resource"]["id"] = id;
         e["resource"]["status"] = status;
         e["resource"]["authoredOn"] = date;
         yearly["entry"].push_back(e);
      }
      const Patient chain = read(yearly);
      CHECK(result("no concurrent anticoagulant", chain, "2014-08-01") == std::string("not_met"));
      CHECK(result("no anticoagulant within 4 weeks", chain, "2015-08-01") == std::string("not_met"));
      CHECK(result("no concurrent anticoagulant", chain, "2026-11-02") == std::string("not_met"));
      // A period in the dosage's timing bounds the course.
      const Patient bounded = read(picked(jordan, heparin, [](json& r) {
         r["status"] = "completed";
         r["dosageInstruction"] = json::array({{{"timing", {{"repeat", {{"boundsDuration", {{"value", 10}, {"code", "d"}}}}}}}}});
      }));
      CHECK(bounded.medications->at(0).end == parse_date("2017-07-04"));
      CHECK(result("anticoagulant within 4 weeks", bounded, "2017-07-30") == std::string("met"));
      CHECK(result("anticoagulant within 4 weeks", bounded, "2017-08-10") == std::string("not_met"));
   }

   TEST_CASE("deceased: not screenable in screen, check and batch, with the date; no age past death")
   {
      // Paris Jaskolski: born 1910-09-19, deceasedDateTime 1993-03-22T23:11:46+00:00.
      const Patient p = read(real(paris));
      const Date today = *parse_date("2026-11-22");
      REQUIRE(deceased_by(p, today));
      const auto& trials = bundled_trials();
      for (const auto& t : trials) {
         const TrialResult r = screen(t, p, today, *catalogue());
         CHECK(r.verdict == Verdict::not_screenable);
         CHECK(r.reason == "deceased on 1993-03-22");
         CHECK(r.criteria.empty());
      }
      std::ostringstream text, js;
      report_screen(text, trials, p, today, *catalogue(), false);
      CHECK(text.str().rfind("WARNING: the patient is recorded as deceased on 1993-03-22: not screenable", 0) == 0);
      CHECK(text.str().find("not screenable: deceased on 1993-03-22") != std::string::npos);
      report_screen(js, trials, p, today, *catalogue(), true);
      const json j = json::parse(js.str());
      for (const auto& t : j.at("trials")) {
         CHECK(t.at("verdict") == "not_screenable");
         CHECK(t.at("reason") == "deceased on 1993-03-22");
      }
      std::ostringstream check;
      report_check(check, trials.front(), p, today, *catalogue(), true);
      CHECK(json::parse(check.str()).at("verdict") == "not_screenable");
      // eligo eval gives the same answer: no criterion is evaluated, not even an age on the day of death.
      std::vector<Warning> w;
      const Predicate age_pred = compile_criterion("age ≥ 18 years", lexicon(), w);
      std::ostringstream eval_text, eval_js;
      report_eval(eval_text, age_pred, p, today, *catalogue(), false);
      CHECK(eval_text.str().rfind("WARNING: the patient is recorded as deceased on 1993-03-22: not screenable", 0) == 0);
      CHECK(eval_text.str().find("\nnot screenable: deceased on 1993-03-22\ncompiled: (age") != std::string::npos);
      report_eval(eval_js, age_pred, p, today, *catalogue(), true);
      const json ej = json::parse(eval_js.str());
      CHECK(ej.at("result") == "not_screenable");
      CHECK(ej.at("reason") == "deceased on 1993-03-22");
      CHECK(ej.at("missing").empty());
      CHECK(ej.at("tree").at("analyte") == "age");
      // Evaluated as of a day he was alive, it is a criterion like any other.
      std::ostringstream alive_eval;
      report_eval(alive_eval, age_pred, p, *parse_date("1980-01-01"), *catalogue(), false);
      CHECK(alive_eval.str().rfind("met: ", 0) == 0);
      // Screened as of a day he was alive: screened, with his age on that day.
      const TrialResult alive = screen(trials.front(), p, *parse_date("1980-01-01"), *catalogue());
      CHECK(alive.verdict != Verdict::not_screenable);
      // No age past death: 82 at death, not 116.
      const json prof = profile_json(p, today);
      CHECK(prof.at("age").at("low") == 82);
      CHECK(prof.at("age_at_death") == true);
      std::ostringstream prof_text;
      print_profile_text(prof_text, prof);
      CHECK(prof_text.str().find("age 82 at death") != std::string::npos);
      const Outcome age = eval("age ≤ 100 years", p, "2026-11-22");
      CHECK(to_string(age.result) == std::string("met"));
      CHECK(age.why.find("age 82 years (born 1910-09-19, at death on 1993-03-22)") != std::string::npos);
      // eligo batch: a row per trial with the verdict and the reason, and its own count.
      namespace fs = std::filesystem;
      const fs::path dir = fs::temp_directory_path() / "eligo_test_deceased";
      fs::create_directories(dir);
      fs::copy_file(shared_path(paris), dir / "paris.json", fs::copy_options::overwrite_existing);
      BatchOptions o;
      o.inputs = {dir.string()};
      o.date = today;
      std::ostringstream out, progress;
      const BatchSummary s = run_batch(o, trials, *catalogue(), out, progress);
      std::istringstream rows(out.str());
      std::string line;
      std::size_t n = 0;
      while (std::getline(rows, line)) {
         const json row = json::parse(line);
         CHECK(row.at("verdict") == "not_screenable");
         CHECK(row.at("reason") == "deceased on 1993-03-22");
         ++n;
      }
      CHECK(n == trials.size());
      CHECK(s.verdicts.at(trials.front().id)[static_cast<int>(Verdict::not_screenable)] == 1);
      std::ostringstream summary;
      print_batch_summary(summary, s, trials, 1);
      CHECK(summary.str().find("NOT SCREENABLE") != std::string::npos);
      o.format = "csv";
      std::ostringstream csv;
      run_batch(o, trials, *catalogue(), csv, progress);
      CHECK(csv.str().rfind("record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment\n", 0) == 0);
      CHECK(csv.str().find(",not_screenable,,,,,deceased on 1993-03-22,,\n") != std::string::npos);
      fs::remove_all(dir);
   }

   TEST_CASE("deceased: the native format takes a date of death, or true")
   {
      const Patient p = read_patient(R"({"id": "D1", "sex": "male", "birth_date": "1910-09-19", "deceased": "1981-06-02"})", "d.json", *catalogue());
      CHECK(deceased_text(p) == "deceased on 1981-06-02");
      CHECK(profile_json(p, *parse_date("2026-11-02")).at("age").at("low") == 70);
      const Patient flag = read_patient(R"({"id": "D2", "birth_date": "1950", "deceased": true})", "d.json", *catalogue());
      CHECK(deceased_by(flag, *parse_date("1900-01-01")));
      CHECK(deceased_text(flag) == "deceased (date not recorded)");
      CHECK(profile_json(flag, *parse_date("2026-11-02")).at("age").is_null());
      CHECK(!read_patient(R"({"id": "A", "deceased": false})", "d.json", *catalogue()).deceased);
      CHECK_THROWS_WITH(read_patient(R"({"id": "D3", "deceased": "1981-02-30"})", "d.json", *catalogue()),
                        doctest::Contains("deceased: not a date: \"1981-02-30\""));
   }
}

}  // namespace eligo::test::fhir_time_tests
