// Definitions computed from the record (issue 21): a treatment's outcome in the patient formats,
// TACE refractoriness by JSH-LCSGJ, failure of BCLC-recommended systemic therapy, and the CNLC
// stage derived as BCLC is. Each case is a patient that tells one reading from another.
#include <doctest/doctest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/cnlc.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/fast_reader.hpp"
#include "engine/patient/patient.hpp"
#include "support.hpp"

namespace eligo::test::derived_tests {

namespace {

Patient patient(const std::string& json) { return read_patient(json, "p.json", *catalogue()); }

Outcome eval(const std::string& criterion, const Patient& p)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w);
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}});
}

std::string result(const std::string& criterion, const std::string& json) { return to_string(eval(criterion, patient(json)).result); }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string error_of(const std::string& json)
{
   try {
      patient(json);
   }
   catch (const InputError& e) {
      return e.what();
   }
   return "";
}

// A patient with the given procedures, medications and the rest.
std::string with(const std::string& rest) { return R"({"id": "D1", "screening_date": "2026-11-02", )" + rest + "}"; }

// What settles the other arms of JSH-LCSGJ against refractoriness: no vascular invasion or
// extrahepatic spread, and AFP falling after the last TACE (2026-06-01).
const char* other_arms_absent = R"("findings": {"macrovascular_invasion": false, "extrahepatic_spread": false},
   "labs": [{"analyte": "AFP", "value": 800, "unit": "ng/mL", "date": "2026-05-20"},
            {"analyte": "AFP", "value": 300, "unit": "ng/mL", "date": "2026-07-01"},
            {"analyte": "AFP", "value": 120, "unit": "ng/mL", "date": "2026-09-01"}])";

}  // namespace

TEST_SUITE("derived")
{
   TEST_CASE("a record's response, stop reason and line are read by both native readers, with located errors for bad values")
   {
      const Patient p = patient(with(R"("procedures": [{"concept": "TACE", "date": "2026-03-01", "response": "stable disease"}],
         "medications": [{"concept": "sorafenib", "start": "2025-01-10", "response": "PD", "stop_reason": "progression", "line": 1}])"));
      REQUIRE(p.procedures->at(0).response);
      CHECK(*p.procedures->at(0).response == TumourResponse::stable);
      CHECK(*p.medications->at(0).response == TumourResponse::progressive);
      CHECK(*p.medications->at(0).stop_reason == StopReason::progression);
      CHECK(*p.medications->at(0).line == 1);
      CHECK(error_of(with(R"("procedures": [{"concept": "TACE", "response": "better"}])")) ==
            "p.json: patient D1: procedures[0].response: \"better\" is not a tumour response: expected \"CR\", \"PR\", \"SD\" or \"PD\" (mRECIST), or "
            "\"complete response\", \"partial response\", \"stable disease\", \"progressive disease\"");
      CHECK(error_of(with(R"("medications": [{"concept": "sorafenib", "stop_reason": "bored"}])")) ==
            "p.json: patient D1: medications[0].stop_reason: \"bored\" is not a stop reason: expected \"progression\", \"intolerance\", \"completed\" or "
            "\"other\"");
      CHECK(error_of(with(R"("medications": [{"concept": "sorafenib", "line": 0}])")) ==
            "p.json: patient D1: medications[0].line: expected the line of systemic therapy as an integer from 1 (first line) to 99, got 0");
      CHECK(error_of(with(R"("medications": [{"concept": "sorafenib", "line": "first"}])")) ==
            "p.json: patient D1: medications[0].line: expected the line of systemic therapy as an integer from 1 (first line) to 99, got \"first\"");
      CHECK(error_of(with(R"("procedures": [{"concept": "TACE", "stop_reason": "other"}])")) ==
            "p.json: patient D1: procedures[0].stop_reason: a stop reason is recorded on medications, not on procedures");
      CHECK(error_of(with(R"("conditions": [{"concept": "HCC", "response": "CR"}])")) ==
            "p.json: patient D1: conditions[0].response: a tumour response is recorded on procedures and medications, not on conditions");
      FastReader fast(*catalogue());
      const auto f = fast.read(with(R"("medications": [{"concept": "sorafenib", "response": "pr", "stop_reason": "Intolerance", "line": 2}])"), "p.json");
      REQUIRE(f);
      CHECK(*f->medications->at(0).response == TumourResponse::partial);
      CHECK(*f->medications->at(0).stop_reason == StopReason::intolerance);
      CHECK(*f->medications->at(0).line == 2);
   }

   TEST_CASE("FHIR: Procedure.outcome and a medication's statusReason only where a code says it")
   {
      const std::string bundle = R"({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "F1"}},
        {"resource": {"resourceType": "Procedure", "id": "t1", "status": "completed", "code": {"coding": [{"system": "urn:eligo:concept", "code": "tace"}], "text": "TACE"}, "performedDateTime": "2026-03-01",
                      "outcome": {"coding": [{"system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "code": "C18213"}]}}},
        {"resource": {"resourceType": "Procedure", "id": "t2", "status": "completed", "code": {"coding": [{"system": "urn:eligo:concept", "code": "tace"}], "text": "TACE"}, "performedDateTime": "2026-06-01",
                      "outcome": {"text": "went well"}}},
        {"resource": {"resourceType": "MedicationStatement", "id": "m1", "status": "stopped", "medicationCodeableConcept": {"text": "sorafenib"},
                      "effectivePeriod": {"start": "2025-01-10", "end": "2025-06-01"},
                      "statusReason": [{"coding": [{"system": "http://loinc.org", "code": "LA28370-7"}]}]}}]})";
      const Patient p = patient(bundle);
      REQUIRE(p.procedures);
      REQUIRE(p.procedures->size() == 2);
      CHECK(*p.procedures->at(0).response == TumourResponse::stable);
      CHECK_FALSE(p.procedures->at(1).response);
      CHECK(*p.medications->at(0).stop_reason == StopReason::progression);
      bool listed = false;
      for (const auto& u : p.unused) listed = listed || (u.resource == "Procedure/t2" && has(u.reason, "mRECIST response"));
      CHECK(listed);
   }

   TEST_CASE("JSH-LCSGJ: a single TACE is never refractory by the response arm")
   {
      const std::string one = with(R"("procedures": [{"concept": "TACE", "date": "2026-06-01", "response": "PD"}], )" + std::string(other_arms_absent));
      const Outcome o = eval("TACE-refractory", patient(one));
      CHECK(to_string(o.result) == std::string("not_met"));
      CHECK(has(o.why, "response: one TACE session, and refractoriness by response needs two consecutive sessions"));
      CHECK(has(o.why, "definition used: JSH-LCSGJ 2014"));
   }

   TEST_CASE("JSH-LCSGJ: two TACE with SD then PD are refractory; with PR they are not, and a flag against them is unknown")
   {
      const Outcome sd_pd = eval("TACE-refractory", patient(with(R"("procedures": [{"concept": "TACE", "date": "2026-03-01", "response": "SD"},
         {"concept": "chemoembolization", "date": "2026-06-01", "response": "progressive disease"}])")));
      CHECK(to_string(sd_pd.result) == std::string("met"));
      CHECK(
          has(sd_pd.why,
              "TACE sessions: 2026-03-01 SD and 2026-06-01 PD; response: the last two TACE sessions (2026-03-01, 2026-06-01) were each followed by SD or PD"));
      const std::string pr =
          R"("procedures": [{"concept": "TACE", "date": "2026-03-01", "response": "PR"}, {"concept": "TACE", "date": "2026-06-01", "response": "CR"}], )";
      const Outcome no = eval("TACE-refractory", patient(with(pr + other_arms_absent)));
      CHECK(to_string(no.result) == std::string("not_met"));
      CHECK(has(no.why, "AFP did not rise after the last TACE (2026-06-01): 800 ng/mL (2026-05-20) → 300 ng/mL (2026-07-01) → 120 ng/mL (2026-09-01)"));
      // Flag set, computed data against it (two sessions with responses, nothing else on record).
      const Outcome flag = eval("TACE-refractory", patient(with(pr + R"("findings": {"tace_refractory": true})")));
      CHECK(to_string(flag.result) == std::string("unknown"));
      CHECK(has(flag.why,
                "TACE failure / refractoriness: recorded as present (findings), but the record does not support it: TACE sessions: 2026-03-01 PR and "
                "2026-06-01 CR; response: the last two TACE sessions (2026-03-01, 2026-06-01) were not both followed by SD or PD"));
   }

   TEST_CASE("JSH-LCSGJ: extrahepatic spread or vascular invasion first dated after a TACE; before it, it is not an appearance")
   {
      const std::string tace = R"("procedures": [{"concept": "TACE", "date": "2026-03-01"}], )";
      const Outcome after = eval("TACE-refractory", patient(with(tace + R"("conditions": [{"concept": "extrahepatic spread", "onset": "2026-05-01"}])")));
      CHECK(to_string(after.result) == std::string("met"));
      CHECK(has(after.why, "extrahepatic spread: first recorded on 2026-05-01 (conditions[0]), after the first TACE (2026-03-01)"));
      const Outcome pvtt = eval("TACE-refractory", patient(with(tace + R"("conditions": [{"concept": "PVTT", "onset": "2026-04-01"}])")));
      CHECK(to_string(pvtt.result) == std::string("met"));
      const Outcome before = eval("TACE-refractory", patient(with(tace + R"("conditions": [{"concept": "extrahepatic spread", "onset": "2026-01-01"}])")));
      CHECK(to_string(before.result) == std::string("unknown"));
      CHECK(has(
          before.why,
          "extrahepatic spread: recorded on 2026-01-01 (conditions[0]), not after the first TACE (2026-03-01): present before TACE, not appearing after it"));
      // Present at diagnosis and recorded again at follow-up: still no appearance after TACE.
      const Outcome again = eval("TACE-refractory", patient(with(tace + R"("findings": {"extrahepatic_spread": false},
         "conditions": [{"concept": "PVTT", "onset": "2026-01-10"}, {"concept": "PVTT", "onset": "2026-06-01"}])")));
      CHECK(has(again.why, "macrovascular invasion: recorded on 2026-01-10 (conditions[0]), not after the first TACE (2026-03-01)"));
      CHECK(to_string(again.result) != std::string("met"));
   }

   TEST_CASE("JSH-LCSGJ: AFP rising at every result after the last TACE; a rise with a dip is left to a clinician")
   {
      const std::string tace = R"("procedures": [{"concept": "TACE", "date": "2026-06-01"}], )";
      const Outcome rising = eval("TACE-refractory", patient(with(tace + R"("labs": [{"analyte": "AFP", "value": 100, "unit": "ng/mL", "date": "2026-05-20"},
         {"analyte": "AFP", "value": 300, "unit": "ng/mL", "date": "2026-07-01"}, {"analyte": "AFP", "value": 900, "unit": "ng/mL", "date": "2026-09-01"}])")));
      CHECK(to_string(rising.result) == std::string("met"));
      CHECK(has(rising.why, "AFP rose at every result after the last TACE (2026-06-01)"));
      const Outcome dip = eval("TACE-refractory", patient(with(tace + R"("labs": [{"analyte": "AFP", "value": 100, "unit": "ng/mL", "date": "2026-05-20"},
         {"analyte": "AFP", "value": 90, "unit": "ng/mL", "date": "2026-07-01"}, {"analyte": "AFP", "value": 900, "unit": "ng/mL", "date": "2026-09-01"}])")));
      CHECK(to_string(dip.result) == std::string("unknown"));
      CHECK(dip.missing ==
            std::vector<std::string>{"macrovascular invasion", "extrahepatic spread", "a clinician's reading of the AFP course after the last TACE"});
      // A single result after the TACE, below the one before it: AFP fell, no continuous elevation.
      const Outcome fell = eval("TACE-refractory", patient(with(tace + R"("findings": {"macrovascular_invasion": false, "extrahepatic_spread": false},
         "labs": [{"analyte": "AFP", "value": 310, "unit": "ng/mL", "date": "2026-05-20"}, {"analyte": "AFP", "value": 95, "unit": "ng/mL", "date": "2026-09-01"}])")));
      CHECK(to_string(fell.result) == std::string("not_met"));
      CHECK(has(fell.why, "AFP fell after the last TACE (2026-06-01): 310 ng/mL (2026-05-20) → 95 ng/mL (2026-09-01)"));
      // A rise within normal limits (AFP ULN 10 ng/mL, catalogue default) is no elevation.
      const Outcome normal = eval("TACE-refractory", patient(with(tace + R"("findings": {"macrovascular_invasion": false, "extrahepatic_spread": false},
         "labs": [{"analyte": "AFP", "value": 2.1, "unit": "ng/mL", "date": "2026-05-20"}, {"analyte": "AFP", "value": 2.4, "unit": "ng/mL", "date": "2026-07-01"},
                  {"analyte": "AFP", "value": 2.9, "unit": "ng/mL", "date": "2026-09-01"}])")));
      CHECK(to_string(normal.result) == std::string("not_met"));
      CHECK(has(normal.why, "stayed within normal limits"));
      // A bile duct tumour thrombus is no vascular invasion (BCLC, CNLC, JSH-LCSGJ).
      CHECK_FALSE(catalogue()->is_a(*catalogue()->concept_("bile_duct_tumour_thrombus"), *catalogue()->concept_("macrovascular_invasion")));
      // A single result above it: one rise is not yet a continuous one.
      CHECK(result("TACE-refractory", with(tace + R"("findings": {"macrovascular_invasion": false, "extrahepatic_spread": false},
         "labs": [{"analyte": "AFP", "value": 310, "unit": "ng/mL", "date": "2026-05-20"}, {"analyte": "AFP", "value": 500, "unit": "ng/mL", "date": "2026-09-01"}])")) ==
            std::string("unknown"));
   }

   TEST_CASE("JSH-LCSGJ and a recorded flag: no TACE on a complete list contradicts it; TACE without responses lets it stand, listing the sessions")
   {
      const Outcome none = eval("TACE-refractory", patient(with(R"("findings": {"tace_refractory": true}, "procedures": [])")));
      CHECK(to_string(none.result) == std::string("unknown"));
      CHECK(has(none.why,
                "recorded as present (findings), but the record does not support it: no TACE on record (procedures list taken as complete), and every arm of "
                "the definition follows a TACE"));
      CHECK(none.missing == std::vector<std::string>{"TACE failure / refractoriness (the record and the recorded finding disagree)"});
      const Outcome stands = eval("TACE-refractory", patient(with(R"("findings": {"tace_refractory": true},
         "procedures": [{"concept": "TACE", "date": "2026-03-01"}, {"concept": "TACE", "date": "2026-06-01"}])")));
      CHECK(to_string(stands.result) == std::string("met"));
      CHECK(has(stands.why,
                "recorded as present (findings); the record cannot decide it: TACE sessions: 2026-03-01 (no response recorded) and 2026-06-01 "
                "(no response recorded)"));
      // No flag: the same sessions are unknown, asking for the responses.
      const Outcome asks =
          eval("TACE-refractory", patient(with(R"("procedures": [{"concept": "TACE", "date": "2026-03-01"}, {"concept": "TACE", "date": "2026-06-01"}])")));
      CHECK(to_string(asks.result) == std::string("unknown"));
      CHECK(asks.missing.at(0) == "tumour response (mRECIST) after the TACE of 2026-03-01");
      // A flag "absent" against computed refractoriness.
      const Outcome against = eval("TACE-refractory", patient(with(R"("findings": {"tace_refractory": false},
         "procedures": [{"concept": "TACE", "date": "2026-03-01", "response": "SD"}, {"concept": "TACE", "date": "2026-06-01", "response": "SD"}])")));
      CHECK(to_string(against.result) == std::string("unknown"));
      CHECK(has(against.why, "recorded as absent (findings), but the record shows it"));
      // TACE-unsuitable is not TACE-refractory's computation: a TACE-naive patient is never refractory.
      CHECK(result("TACE-refractory", with(R"("procedures": [], "findings": {"macrovascular_invasion": false})")) == std::string("not_met"));
   }

   TEST_CASE("BCLC systemic failure: sorafenib stopped for progression; FOLFOX is not on BCLC's list; first-line regorafenib is the investigator's call")
   {
      const Outcome sorafenib =
          eval("failure of systemic therapy recommended by BCLC",
               patient(with(R"("medications": [{"concept": "sorafenib", "start": "2025-01-10", "end": "2025-06-01", "stop_reason": "progression"}])")));
      CHECK(to_string(sorafenib.result) == std::string("met"));
      CHECK(has(sorafenib.why, "first line: sorafenib from 2025-01-10 (BCLC 2022 recommends it for first line; failed: sorafenib stopped for progression)"));
      CHECK(has(sorafenib.why, "definition used: BCLC 2022, Reig et al."));
      const Outcome folfox =
          eval("failure of systemic therapy recommended by BCLC",
               patient(with(R"("medications": [{"concept": "FOLFOX", "start": "2025-01-10", "end": "2025-06-01", "stop_reason": "progression"}])")));
      CHECK(to_string(folfox.result) == std::string("not_met"));
      CHECK(has(folfox.why,
                "first line: FOLFOX regimen from 2025-01-10 (not among BCLC 2022's first-line regimens (atezolizumab + bevacizumab, durvalumab + "
                "tremelimumab, sorafenib, lenvatinib or durvalumab))"));
      // Regorafenib as first line: a drug BCLC lists, in a line it does not list it for. Neither a
      // silent no nor a silent yes, and a recorded flag of first-line failure does not settle it.
      const std::string regorafenib_first =
          R"("medications": [{"concept": "regorafenib", "start": "2025-01-10", "end": "2025-06-01", "stop_reason": "intolerance"}])";
      const Outcome off_line = eval("failure of systemic therapy recommended by BCLC", patient(with(regorafenib_first)));
      CHECK(to_string(off_line.result) == std::string("unknown"));
      CHECK(has(off_line.why, "BCLC 2022 recommends regorafenib for second line, not first line: whether it counts is the investigator's call"));
      CHECK(off_line.missing ==
            std::vector<std::string>{"investigator's judgement: regorafenib given as first line (BCLC 2022 recommends it for second line)"});
      CHECK(result("failure of systemic therapy recommended by BCLC",
                   with(regorafenib_first + R"(, "findings": {"failure of prior first-line systemic therapy": true})")) == std::string("unknown"));
      // The same regorafenib as second line, after sorafenib that was completed.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "sorafenib", "start": "2024-01-10", "end": "2024-12-01", "stop_reason": "completed"},
         {"concept": "regorafenib", "start": "2025-01-10", "end": "2025-06-01", "stop_reason": "intolerance"}])")) == std::string("met"));
   }

   TEST_CASE("BCLC systemic failure: atezolizumab + bevacizumab ongoing is unknown until it progresses; a dated progression settles it")
   {
      const std::string atezo_bev = R"("medications": [{"concept": "atezolizumab", "start": "2026-05-01"}, {"concept": "bevacizumab", "start": "2026-05-03"}])";
      const Outcome ongoing = eval("failure of systemic therapy recommended by BCLC", patient(with(atezo_bev)));
      CHECK(to_string(ongoing.result) == std::string("unknown"));
      CHECK(ongoing.missing == std::vector<std::string>{"response to atezolizumab + bevacizumab (a stop reason, or a dated disease progression)"});
      const Outcome progressed = eval("failure of systemic therapy recommended by BCLC",
                                      patient(with(atezo_bev + R"(, "conditions": [{"concept": "disease progression", "onset": "2026-09-15"}])")));
      CHECK(to_string(progressed.result) == std::string("met"));
      CHECK(has(progressed.why, "failed: disease progression recorded on 2026-09-15 (conditions[0])"));
      // Ongoing with stable disease: it has not failed.
      CHECK(result("failure of systemic therapy recommended by BCLC",
                   with(R"("medications": [{"concept": "atezolizumab", "start": "2026-05-01", "response": "SD"},
         {"concept": "bevacizumab", "start": "2026-05-03", "response": "SD"}])")) == std::string("not_met"));
      // Atezolizumab alone is not BCLC's regimen.
      CHECK(result("failure of systemic therapy recommended by BCLC",
                   with(R"("medications": [{"concept": "atezolizumab", "start": "2026-05-01", "stop_reason": "progression"}])")) == std::string("not_met"));
   }

   TEST_CASE("BCLC systemic failure: a combination goes on when one drug is dropped; a progression counts on treatment only")
   {
      // Bevacizumab dropped for intolerance, atezolizumab going on with PR: the line has not failed.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "atezolizumab", "start": "2026-01-05", "response": "PR"},
         {"concept": "bevacizumab", "start": "2026-01-05", "end": "2026-04-01", "stop_reason": "intolerance"}])")) == std::string("not_met"));
      // Both stopped, one of them for intolerance: the line failed.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "atezolizumab", "start": "2026-01-05", "end": "2026-04-01", "stop_reason": "intolerance"},
         {"concept": "bevacizumab", "start": "2026-01-05", "end": "2026-04-01", "stop_reason": "intolerance"}])")) == std::string("met"));
      // The progression that led to sorafenib, dated on its first day, is not a failure of it.
      CHECK(
          result("failure of systemic therapy recommended by BCLC", with(R"("medications": [{"concept": "sorafenib", "start": "2026-02-01", "response": "SD"}],
         "conditions": [{"concept": "disease progression", "onset": "2026-02-01"}])")) == std::string("not_met"));
      // A progression months after sorafenib was stopped for another reason: not on treatment.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "sorafenib", "start": "2025-01-01", "end": "2025-03-01", "stop_reason": "other"}],
         "conditions": [{"concept": "disease progression", "onset": "2025-12-01"}])")) == std::string("not_met"));
      // On treatment: failed.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [{"concept": "sorafenib", "start": "2025-01-01"}],
         "conditions": [{"concept": "disease progression", "onset": "2025-06-01"}])")) == std::string("met"));
   }

   TEST_CASE("BCLC systemic failure: second-line conditions (after an immunotherapy combination; AFP ≥ 400 for ramucirumab) and recorded lines")
   {
      const std::string atezo_bev_failed = R"({"concept": "atezolizumab", "start": "2025-01-01", "end": "2025-06-01", "stop_reason": "completed"},
                                               {"concept": "bevacizumab", "start": "2025-01-01", "end": "2025-06-01", "stop_reason": "completed"})";
      const std::string then_sorafenib =
          R"("medications": [)" + atezo_bev_failed + R"(, {"concept": "sorafenib", "start": "2025-07-01", "stop_reason": "intolerance"}])";
      CHECK(result("failure of systemic therapy recommended by BCLC", with(then_sorafenib)) == std::string("met"));
      const Outcome after_lenvatinib = eval("failure of systemic therapy recommended by BCLC", patient(with(R"("medications": [
         {"concept": "lenvatinib", "start": "2025-01-01", "end": "2025-06-01", "stop_reason": "completed"},
         {"concept": "sorafenib", "start": "2025-07-01", "stop_reason": "intolerance"}])")));
      // Listed for second line, after another first line: the investigator's call.
      CHECK(to_string(after_lenvatinib.result) == std::string("unknown"));
      CHECK(has(after_lenvatinib.why,
                "BCLC 2022 recommends it for second line only after atezolizumab + bevacizumab or durvalumab + tremelimumab, and the line "
                "before was lenvatinib: whether it counts is the investigator's call"));
      // Regorafenib after lenvatinib: BCLC lists it after sorafenib (RESORCE).
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "lenvatinib", "start": "2025-01-01", "end": "2025-06-01", "stop_reason": "progression"},
         {"concept": "regorafenib", "start": "2025-07-01", "end": "2025-12-01", "stop_reason": "progression"}])")) == std::string("met"));
      auto ramucirumab = [&](const std::string& afp) {
         return eval("failure of systemic therapy recommended by BCLC", patient(with(R"("medications": [
            {"concept": "sorafenib", "start": "2025-01-01", "end": "2025-06-01", "stop_reason": "completed"},
            {"concept": "ramucirumab", "start": "2025-07-01", "stop_reason": "progression"}])" +
                                                                                     afp)));
      };
      CHECK(to_string(ramucirumab(R"(, "labs": [{"analyte": "AFP", "value": 520, "unit": "ng/mL", "date": "2025-06-20"}])").result) == std::string("met"));
      CHECK(to_string(ramucirumab(R"(, "labs": [{"analyte": "AFP", "value": 120, "unit": "ng/mL", "date": "2025-06-20"}])").result) == std::string("not_met"));
      const Outcome no_afp = ramucirumab("");
      CHECK(to_string(no_afp.result) == std::string("unknown"));
      CHECK(no_afp.missing.at(0) == "Alpha-fetoprotein (AFP) before ramucirumab");
      // A recorded line wins over the order of start: sorafenib recorded as second line after lenvatinib.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "sorafenib", "start": "2024-01-01", "stop_reason": "progression", "line": 2}, {"concept": "lenvatinib", "start": "2025-01-01", "line": 1, "stop_reason": "completed"}])")) ==
            std::string("unknown"));
      // Interferon given for hepatitis B beside sorafenib does not make an unlisted regimen of it.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [
         {"concept": "interferon", "start": "2025-01-05"}, {"concept": "sorafenib", "start": "2025-01-10", "stop_reason": "progression"}])")) ==
            std::string("met"));
   }

   TEST_CASE("BCLC systemic failure and a recorded flag: set with an empty medication list is unknown, with the contradiction")
   {
      for (const char* flag : {"bclc_systemic_failure", "systemic_therapy_failure"}) {
         CAPTURE(flag);
         const Outcome o =
             eval("failure of systemic therapy recommended by BCLC", patient(with(R"("medications": [], "findings": {")" + std::string(flag) + R"(": true})")));
         CHECK(to_string(o.result) == std::string("unknown"));
         CHECK(has(
             o.why,
             "recorded as present (findings), but the record does not support it: no systemic anticancer drug on record (medications list taken as complete)"));
      }
      // No medication list: the flag stands.
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("findings": {"bclc_systemic_failure": true})")) == std::string("met"));
      CHECK(result("failure of systemic therapy recommended by BCLC", with(R"("medications": [])")) == std::string("not_met"));
   }

   TEST_CASE("a derived finding's category and definition are checked when the catalogue loads")
   {
      const std::string analytes = read_file(source_path("engine/catalogue/analytes.json")), scores = read_file(source_path("engine/catalogue/scores.json"));
      auto load_with = [&](const std::function<void(nlohmann::json&)>& edit) -> std::string {
         nlohmann::json c = nlohmann::json::parse(read_file(source_path("engine/catalogue/concepts.json")));
         edit(c);
         try {
            Catalogue::from_json(analytes, scores, c.dump());
         }
         catch (const CatalogueError& e) {
            return e.what();
         }
         return "";
      };
      auto entry = [](nlohmann::json& c, const std::string& id) -> nlohmann::json& {
         for (auto& x : c.at("concepts"))
            if (x.at("id") == id) return x;
         throw std::runtime_error("no concept " + id);
      };
      CHECK(load_with([](nlohmann::json&) {}).empty());
      CHECK(has(load_with([&](nlohmann::json& c) { entry(c, "tace_refractory")["derived"] = "jsh"; }),
                "tace_refractory: \"derived\" is \"jsh\"; expected one of \"jsh_lcsgj\", \"bclc_systemic_failure\""));
      CHECK(
          has(load_with([&](nlohmann::json& c) { entry(c, "tace")["derived"] = "jsh_lcsgj"; }), "\"derived\": \"jsh_lcsgj\" is for findings, not a procedure"));
      CHECK(has(load_with([&](nlohmann::json& c) { entry(c, "pregnant")["definition"] = nlohmann::json::object(); }),
                "\"definition\" is given, but no \"derived\" says how it is computed"));
      CHECK(has(load_with([&](nlohmann::json& c) { entry(c, "bclc_systemic_failure")["definition"]["regimens"][0]["drugs"][0] = "tace"; }),
                "a regimen names 'tace', which is a procedure, not a medication"));
      CHECK(has(load_with([&](nlohmann::json& c) { entry(c, "bclc_systemic_failure")["definition"]["regimens"][9]["requires"]["unit"] = "mmol/L"; }),
                "a regimen's requirement on Alpha-fetoprotein (AFP)"));
      CHECK(has(load_with([&](nlohmann::json& c) { c["fhir"]["outcomes"]["response"]["better"] = nlohmann::json::array(); }),
                "outcomes.response: \"better\" is not one of CR, PR, SD, PD"));
   }

   TEST_CASE("CNLC stage (2022): the table at its boundaries")
   {
      const q::Length cm = 0.01 * q::bu::si::meter;
      CHECK(cnlc_stage(1, 5.0 * cm, false, false, 0, 5) == 1);  // Ia: single ≤ 5 cm
      CHECK(cnlc_stage(1, 5.1 * cm, false, false, 2, 9) == 2);  // Ib: single > 5 cm, PS 2, Child-Pugh B
      CHECK(cnlc_stage(3, 3.0 * cm, false, false, 0, 5) == 2);  // Ib: 2-3 tumours ≤ 3 cm
      CHECK(cnlc_stage(3, 3.1 * cm, false, false, 0, 5) == 3);  // IIa: 2-3 tumours, largest > 3 cm
      CHECK(cnlc_stage(4, 1.0 * cm, false, false, 0, 5) == 4);  // IIb: ≥ 4 tumours
      CHECK(cnlc_stage(1, 1.0 * cm, true, false, 0, 5) == 5);   // IIIa: vascular invasion
      CHECK(cnlc_stage(1, 1.0 * cm, true, true, 0, 5) == 6);    // IIIb: extrahepatic spread, with or without vascular invasion
      CHECK(cnlc_stage(1, 1.0 * cm, false, true, 2, 9) == 6);
      CHECK(cnlc_stage(4, 9.0 * cm, true, true, 3, 5) == 7);     // IV: PS 3-4
      CHECK(cnlc_stage(1, 1.0 * cm, false, false, 0, 10) == 7);  // IV: Child-Pugh C
   }

   TEST_CASE("CNLC is derived for a criterion, as an interval when inputs are missing; a recorded stage that disagrees is reported")
   {
      const std::string known = R"("scores": {"ecog": 1, "child_pugh": "A"}, "findings": {"macrovascular_invasion": false, "extrahepatic_spread": false}, )";
      const Outcome iib =
          eval("CNLC stage IIb-IIIb", patient(with(known + R"("tumour": {"number": 4, "size": {"value": 2, "unit": "cm"}, "date": "2026-10-01"})")));
      CHECK(to_string(iib.result) == std::string("met"));
      CHECK(has(iib.why, "CNLC stage (China Liver Cancer staging) IIb (derived: 4 tumours, largest 2 cm, macrovascular invasion absent"));
      CHECK(result("CNLC stage IIb-IIIb", with(known + R"("tumour": {"number": 3, "size": {"value": 4, "unit": "cm"}, "date": "2026-10-01"})")) ==
            std::string("not_met"));
      CHECK(result("CNLC stage IIb-IIIb", with(R"("scores": {"ecog": 3, "child_pugh": "A"}, "tumour": {"number": 4, "size": {"value": 2, "unit": "cm"}})")) ==
            std::string("not_met"));  // IV
      CHECK(result("CNLC stage IIIa",
                   with(R"("scores": {"ecog": 0, "child_pugh": "B"}, "findings": {"PVTT": true, "extrahepatic_spread": false}, "tumour": {"number": 1})")) ==
            std::string("met"));
      CHECK(result("CNLC stage IIIb", with(R"("scores": {"ecog": 0, "child_pugh": "A"}, "findings": {"extrahepatic_spread": true})")) == std::string("met"));
      // The tumour number unknown: Ia-IIb (no invasion, no spread, PS 0, Child-Pugh A).
      const Outcome interval = eval("CNLC stage IIb-IIIb", patient(with(R"("scores": {"ecog": 0, "child_pugh": "A"},
         "findings": {"macrovascular_invasion": false, "extrahepatic_spread": false}, "tumour": {"size": {"value": 2, "unit": "cm"}})")));
      CHECK(to_string(interval.result) == std::string("unknown"));
      CHECK(has(interval.why, "CNLC stage (China Liver Cancer staging) Ia–IIb (derived: tumour number missing"));
      // As for BCLC, an input known only as an interval (Child-Pugh A: 5-6 points) is listed too.
      CHECK(interval.missing == std::vector<std::string>{"Number of tumours", "Child-Pugh score"});
      const Outcome recorded = eval("CNLC stage IIb-IIIb", patient(with(R"("scores": {"cnlc": "IIIa", "ecog": 1, "child_pugh": "A"},
         "findings": {"macrovascular_invasion": false, "extrahepatic_spread": false}, "tumour": {"number": 1, "size": {"value": 2, "unit": "cm"}})")));
      CHECK(to_string(recorded.result) == std::string("met"));
      CHECK(has(recorded.why, "CNLC stage (China Liver Cancer staging) IIIa (recorded); derived value disagrees: Ia from 1 tumour"));
   }
}

}  // namespace eligo::test::derived_tests
