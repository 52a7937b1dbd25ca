// Concepts that mean different clinical states are different concepts, and a record matches a
// criterion only when it really means it (issue 21): TACE-refractory vs TACE-unsuitable, tumour
// thrombus vs bland thrombosis, tumour margin vs resection margin, the trial's own disease vs
// "other malignancy", less specific records, drugs read by their indication, and regimens found
// from their drugs. Each case has a patient that the old reading decided differently.
#include <algorithm>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "grammar/parse_criterion.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/profile.hpp"
#include "support.hpp"

namespace eligo::test::concepts_tests {

using nlohmann::json;

namespace {

Patient patient(const std::string& text) { return read_patient(text, "test.json", *catalogue()); }

// One criterion, for a trial on hepatocellular carcinoma whose intervention is lenvatinib.
Outcome eval(const std::string& criterion, const Patient& p, const std::string& date = "2026-11-02")
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(criterion, lexicon(), w, Section::none, catalogue()->concept_("hepatocellular carcinoma"));
   std::vector<const Concept*> own = {catalogue()->concept_("hepatocellular carcinoma"), catalogue()->concept_("lenvatinib")};
   return evaluate(pred, EvalContext{p, *parse_date(date), *catalogue(), own, std::nullopt, {}});
}

std::string result(const std::string& criterion, const Patient& p) { return to_string(eval(criterion, p).result); }

Predicate compile(const std::string& criterion)
{
   std::vector<Warning> w;
   return compile_criterion(criterion, lexicon(), w);
}

bool says(const Outcome& o, const std::string& text) { return o.why.find(text) != std::string::npos; }

const std::string& id_of(const std::string& name)
{
   const Concept* c = catalogue()->concept_(name);
   REQUIRE(c != nullptr);
   return c->id;
}

// A FHIR bundle of one patient and the given resources (subjects by urn:uuid).
std::string bundle(std::vector<json> resources)
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   b["entry"].push_back({{"fullUrl", "urn:uuid:p1"}, {"resource", {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", "male"}}}});
   int n = 0;
   for (auto& r : resources) {
      const std::string id = r.contains("id") ? r["id"].get<std::string>() : "r" + std::to_string(++n);
      r["id"] = id;
      r["subject"] = {{"reference", "urn:uuid:p1"}};
      b["entry"].push_back({{"fullUrl", "urn:uuid:" + id}, {"resource", r}});
   }
   return b.dump();
}

json code(const std::string& system, const std::string& value, const std::string& text)
{
   return {{"coding", json::array({{{"system", system}, {"code", value}}})}, {"text", text}};
}

json interferon_statement()
{
   return {{"resourceType", "MedicationStatement"},
           {"status", "completed"},
           {"medicationCodeableConcept", code("http://www.nlm.nih.gov/research/umls/rxnorm", "120608", "peginterferon alfa-2a")},
           {"effectivePeriod", {{"start", "2015-03-01"}, {"end", "2016-03-01"}}}};
}

}  // namespace

TEST_SUITE("concepts")
{
   TEST_CASE("TACE-unsuitable is its own finding, not TACE-refractory")
   {
      CHECK(id_of("TACE-unsuitable") == "tace_unsuitable");
      CHECK(id_of("unsuitable for TACE") == "tace_unsuitable");
      CHECK_FALSE(catalogue()->is_a(*catalogue()->concept_("tace_unsuitable"), *catalogue()->concept_("tace_refractory")));
      // A TACE-naive patient labelled unsuitable: once "TACE failure / refractoriness: recorded as present".
      const Patient p = patient(R"({"id": "U", "findings": {"TACE-unsuitable": true}})");
      const Outcome o = eval("TACE-refractory", p);
      CHECK(o.result == Tri::unknown);
      // Refractoriness is computed from the TACE sessions (JSH-LCSGJ): without a procedures list
      // it is open, and the label "unsuitable" does not answer it.
      CHECK(o.missing == std::vector<std::string>{"procedures history (for TACE)"});
      CHECK(result("unsuitable for TACE", p) == "met");
   }

   TEST_CASE("bland or unspecified thrombosis is not tumour thrombus")
   {
      CHECK(id_of("portal vein thrombosis") == "portal_vein_thrombosis");
      CHECK(id_of("portal vein thrombus") == "portal_vein_thrombosis");
      CHECK(id_of("portal vein tumor thrombus") == "portal_vein_tumour_thrombus");
      CHECK(id_of("embolus in portal vein") == "portal_vein_tumour_thrombus");  // the NCT03838796 file's reading
      CHECK(id_of("hepatic vein thrombus") == "hepatic_vein_thrombosis");
      CHECK(id_of("Budd-Chiari syndrome") == "hepatic_vein_thrombosis");
      CHECK(catalogue()->concept_("bile duct thrombus") == nullptr);  // a clot in the bile duct is not tumour
      CHECK(catalogue()->concept_by_code("http://snomed.info/sct", "17920008")->id == "portal_vein_thrombosis");
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10", "I81")->id == "portal_vein_thrombosis");
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10-cm", "I82.0")->id == "hepatic_vein_thrombosis");
      const Concept& mvi = *catalogue()->concept_("macrovascular invasion");
      CHECK_FALSE(catalogue()->is_a(*catalogue()->concept_("portal_vein_thrombosis"), mvi));
      // A cirrhotic patient with a bland portal vein clot: once "portal vein tumour thrombus: present".
      const Patient p = patient(R"({"id": "T", "conditions": [{"concept": "portal vein thrombosis", "onset": "2026-09-01"},
                                                              {"concept": "Budd-Chiari syndrome", "onset": "2026-09-01"}]})");
      CHECK(result("portal vein tumor thrombus", p) == "unknown");
      CHECK(result("hepatic vein tumor thrombus", p) == "unknown");
      CHECK(result("macrovascular invasion", p) == "unknown");
      CHECK(result("portal vein thrombosis", p) == "met");
   }

   TEST_CASE("the tumour's own margin is not the surgical resection margin")
   {
      CHECK(id_of("tumor margin is clear") == "clear_tumour_margin");
      for (const char* name : {"negative resection margin", "negative margin", "clear margins", "clear surgical margin", "R0 margin"}) {
         CAPTURE(name);
         CHECK(id_of(name) == "clear_resection_margin");
      }
      // An R0 resection with an infiltrative tumour border: once "no clear tumor margin" was impossible for it.
      const Patient p = patient(R"({"id": "M", "findings": {"negative resection margin": true}})");
      CHECK(result("clear tumor margin", p) == "unknown");
      CHECK(result("no clear tumor margin", p) == "unknown");
      CHECK(result("clear resection margin", p) == "met");
   }

   TEST_CASE("other malignancy: a broader record of the trial's own disease is that disease; a plain malignancy cannot be told apart")
   {
      const Patient liver = patient(R"({"id": "O", "conditions": [{"concept": "hepatocellular carcinoma", "onset": "2025-01-10"},
                                                                  {"concept": "primary liver cancer", "onset": "2025-01-10"}]})");
      const Outcome o = eval("other malignancy", liver);
      CHECK(o.result == Tri::not_met);  // once met: the liver cancer record of the same tumour excluded the patient
      CHECK(says(o, "primary liver cancer (2025-01-10): taken as the trial's own hepatocellular carcinoma"));
      const Patient plain =
          patient(R"({"id": "O", "conditions": [{"concept": "hepatocellular carcinoma"}, {"concept": "malignancy", "onset": "2025-01-10"}]})");
      const Outcome u = eval("other malignancy", plain);
      CHECK(u.result == Tri::unknown);
      CHECK(u.missing == std::vector<std::string>{"whether malignancy (2025-01-10) is the hepatocellular carcinoma or another malignancy"});
      // Another cancer is still another one.
      const Patient breast = patient(R"({"id": "O", "conditions": [{"concept": "primary liver cancer"}, {"concept": "breast cancer"}]})");
      CHECK(result("other malignancy", breast) == "met");
      // A broader record of the trial's own drug may be another drug of the class.
      const Patient tki = patient(R"({"id": "O", "medications": [{"concept": "tyrosine kinase inhibitor", "start": "2025-02-01"}]})");
      const Outcome d = eval("other targeted therapy", tki);
      CHECK(d.result == Tri::unknown);
      CHECK(d.missing == std::vector<std::string>{"whether tyrosine kinase inhibitor (2025-02-01) is the lenvatinib or another targeted therapy"});
   }

   TEST_CASE("a less specific record leaves the criterion open, unless another record settles it")
   {
      const Patient p = patient(R"({"id": "L", "procedures": [{"concept": "hepatectomy", "date": "2026-01-05", "text": "hepatectomy"}],
                                    "medications": [{"concept": "immunotherapy", "start": "2026-10-20"}]})");
      // Once "not met": the plain hepatectomy silently decided R0 and R1/R2 alike.
      for (const char* c : {"R0 resection", "R1/R2 or palliative resection"}) {
         CAPTURE(c);
         const Outcome o = eval(c, p);
         CHECK(o.result == Tri::unknown);
         CHECK(o.missing == std::vector<std::string>{"R status of hepatectomy (2026-01-05)"});
      }
      const Outcome pd1 = eval("prior PD-1 inhibitor", p);
      CHECK(pd1.result == Tri::unknown);
      CHECK(pd1.missing == std::vector<std::string>{"the drug given as immunotherapy (2026-10-20)"});
      CHECK(says(pd1, "immunotherapy from 2026-10-20 is broader than PD-1 inhibitor: it may or may not be one"));
      CHECK(result("≥ 4 weeks since prior PD-1 inhibitor", p) == "unknown");
      CHECK(result("prior hepatectomy", p) == "met");  // narrower criteria only
      // Outside the window it cannot matter.
      const Patient old = patient(R"({"id": "L", "medications": [{"concept": "immunotherapy", "start": "2020-01-01", "end": "2020-06-01"}]})");
      CHECK(result("PD-1 inhibitor within 3 months", old) == "not_met");
      CHECK(result("≥ 4 weeks since prior PD-1 inhibitor", old) == "met");
      // Another record settles it.
      const Patient both =
          patient(R"({"id": "L", "procedures": [{"concept": "hepatectomy", "date": "2026-01-05"}, {"concept": "R0 resection", "date": "2026-01-05"}]})");
      CHECK(result("R0 resection", both) == "met");
      // Findings keep their rules: decided by explicit records only.
      const Patient f = patient(R"({"id": "L", "findings": {"macrovascular invasion": true}})");
      CHECK(eval("portal vein tumor thrombus", f).missing == std::vector<std::string>{"portal vein tumour thrombus (PVTT)"});
   }

   TEST_CASE("indication: read from the native format and from FHIR, and shown by the profile")
   {
      const Patient p = patient(R"({"id": "I", "medications": [
         {"concept": "peginterferon alfa-2a", "text": "peginterferon alfa-2a", "indication": "hepatitis B"},
         {"concept": "interferon", "indication": {"system": "http://hl7.org/fhir/sid/icd-10", "code": "B18.1"}}]})");
      CHECK(p.medications->at(0).indication->id == "hepatitis_b");
      CHECK(p.medications->at(0).indication_text == "hepatitis B");
      CHECK(p.medications->at(1).indication->id == "chronic_hepatitis_b");  // B18.1, a kind of hepatitis B
      CHECK_THROWS_WITH_AS(patient(R"({"id": "I", "medications": [{"concept": "interferon", "indication": "unicorn"}]})"),
                           "test.json: patient I: medications[0].indication: unknown concept \"unicorn\" (see engine/catalogue/concepts.json)", InputError);
      CHECK_THROWS_WITH_AS(patient(R"({"id": "I", "medications": [{"concept": "interferon", "indication": 3}]})"),
                           "test.json: patient I: medications[0].indication: expected a concept name or {\"system\", \"code\"}", InputError);
      std::ostringstream text;
      print_profile_text(text, profile_json(p, *parse_date("2026-11-02")));
      CHECK(text.str().find("peginterferon alfa-2a, for hepatitis B [active]") != std::string::npos);

      // FHIR: reasonCode by code; reasonReference to a Condition of the bundle; an uncatalogued reason is kept as text.
      json by_code = interferon_statement();
      by_code["reasonCode"] = json::array({code("http://snomed.info/sct", "61977001", "Chronic hepatitis B")});
      json by_ref = interferon_statement();
      by_ref["id"] = "ifn2";
      by_ref["reasonReference"] = json::array({{{"reference", "urn:uuid:hcc"}}});
      json hcc = {{"resourceType", "Condition"}, {"id", "hcc"}, {"code", code("http://snomed.info/sct", "25370001", "Hepatocellular carcinoma")}};
      json unknown = interferon_statement();
      unknown["id"] = "ifn3";
      unknown["reasonCode"] = json::array({code("http://snomed.info/sct", "999999999", "Behcet disease")});
      const Patient f = read_patient(bundle({by_code, by_ref, hcc, unknown}), "b.json", *catalogue());
      REQUIRE(f.medications->size() == 3);
      CHECK(f.medications->at(0).indication->id == "chronic_hepatitis_b");
      CHECK(f.medications->at(0).indication_text == "Chronic hepatitis B");
      CHECK(f.medications->at(1).indication->id == "hepatocellular_carcinoma");
      CHECK(f.medications->at(2).indication == nullptr);
      CHECK(f.medications->at(2).indication_text == "Behcet disease");
   }

   TEST_CASE("interferon is anticancer immunotherapy only when given for a malignancy")
   {
      const Concept& ifn = *catalogue()->concept_("interferon");
      CHECK_FALSE(catalogue()->is_a(ifn, *catalogue()->concept_("immunotherapy")));
      const Patient hbv = patient(R"({"id": "I", "medications": [{"concept": "peginterferon alfa-2a", "text": "peginterferon alfa-2a",
                                        "start": "2015-03-01", "end": "2016-03-01", "indication": "hepatitis B"}]})");
      // Once this patient, treated for hepatitis B years ago, had had "other immunotherapies" and "prior systemic therapy".
      const Outcome other = eval("other immunotherapies", hbv);
      CHECK(other.result == Tri::not_met);
      CHECK(says(other, "peginterferon alfa-2a (for hepatitis B): antiviral use, not anticancer immunotherapy"));
      CHECK(result("no prior systemic therapy", hbv) == "met");
      CHECK(result("prior antiviral therapy", hbv) == "met");
      const Patient hcc = patient(R"({"id": "I", "medications": [{"concept": "interferon", "start": "2025-03-01", "indication": "HCC"}]})");
      CHECK(result("other immunotherapies", hcc) == "met");
      CHECK(result("no prior systemic therapy", hcc) == "not_met");
      CHECK(says(eval("prior antiviral therapy", hcc), "anticancer use, not antiviral therapy"));
      // No indication: an open question, never a silent match.
      const Patient none =
          patient(R"({"id": "I", "medications": [{"concept": "peginterferon alfa-2a", "text": "peginterferon alfa-2a", "start": "2015-03-01"}]})");
      const Outcome o = eval("no prior systemic therapy", none);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"indication of peginterferon alfa-2a (2015-03-01) (antiviral or anticancer?)"});
      CHECK(says(o, "interferon counts as immunotherapy only when given for malignancy"));
      // An indication the catalogue does not know cannot tell it either.
      json med = interferon_statement();
      med["reasonCode"] = json::array({code("http://snomed.info/sct", "999999999", "Behcet disease")});
      const Outcome f = eval("prior immunotherapy", read_patient(bundle({med}), "b.json", *catalogue()));
      CHECK(f.result == Tri::unknown);
      CHECK(says(f, "was given for 'Behcet disease', which the catalogue does not know"));
   }

   TEST_CASE("a regimen is found from its drugs given together, and only then")
   {
      CHECK(catalogue()->concept_("FOLFOX")->parts.size() == 3);
      for (const char* r : {"FOLFIRI", "CAPOX", "XELOX", "GEMOX", "atezolizumab plus bevacizumab", "STRIDE"}) {
         CAPTURE(r);
         REQUIRE(catalogue()->concept_(r) != nullptr);
         CHECK(catalogue()->concept_(r)->parts.size() == 2 + (std::string(r) == "FOLFIRI"));
      }
      // Once "no FOLFOX regimen among 3 medications": FOLFOX recorded as its three drugs was not caught.
      const Patient folfox = patient(R"({"id": "R", "medications": [{"concept": "oxaliplatin", "start": "2024-03-01", "end": "2024-06-01"},
                                                                     {"concept": "fluorouracil", "start": "2024-03-01", "end": "2024-06-01"},
                                                                     {"concept": "calcium folinate", "start": "2024-03-02", "end": "2024-06-01"}]})");
      const Outcome o = eval("FOLFOX systemic chemotherapy", folfox);
      CHECK(o.result == Tri::met);
      CHECK(o.why == "FOLFOX regimen: oxaliplatin + fluorouracil + leucovorin from 2024-03-01 to 2024-06-01 (given together)");
      CHECK(result("FOLFOX within 3 months", folfox) == "not_met");
      CHECK(result("≥ 4 weeks since FOLFOX", folfox) == "met");
      // A drug alone is not the regimen, and the why says so.
      const Patient alone = patient(R"({"id": "R", "medications": [{"concept": "oxaliplatin", "start": "2024-03-01", "end": "2024-06-01"}]})");
      const Outcome a = eval("FOLFOX", alone);
      CHECK(a.result == Tri::not_met);
      CHECK(says(a, "oxaliplatin on record without fluorouracil and leucovorin: not the FOLFOX regimen"));
      // Starts more than 14 days apart, or one course over before the last began: not together.
      const Patient apart = patient(R"({"id": "R", "medications": [{"concept": "capecitabine", "start": "2024-03-01", "end": "2024-09-01"},
                                                                    {"concept": "oxaliplatin", "start": "2024-03-20", "end": "2024-09-01"}]})");
      CHECK(result("CAPOX", apart) == "not_met");
      CHECK(says(eval("CAPOX", apart), "started more than 14 days apart"));
      const Patient over = patient(R"({"id": "R", "medications": [{"concept": "gemcitabine", "start": "2024-03-01", "end": "2024-03-05"},
                                                                   {"concept": "oxaliplatin", "start": "2024-03-10"}]})");
      CHECK(result("GEMOX", over) == "not_met");
      // Without dates: unknown, with what is missing.
      const Patient undated = patient(R"({"id": "R", "medications": [{"concept": "atezolizumab"}, {"concept": "bevacizumab", "start": "2025-01-01"}]})");
      const Outcome u = eval("atezolizumab plus bevacizumab", undated);
      CHECK(u.result == Tri::unknown);
      CHECK(u.missing == std::vector<std::string>{"start date of atezolizumab"});
      // A class record may be the regimen; one drug's record alone is not.
      const Patient chemo =
          patient(R"({"id": "R", "medications": [{"concept": "chemotherapy", "start": "2025-01-01"}, {"concept": "immunotherapy", "start": "2025-01-01"}]})");
      CHECK(result("FOLFOX", chemo) == "unknown");
      CHECK(result("atezolizumab plus bevacizumab", chemo) == "unknown");
      const Patient atezo = patient(R"({"id": "R", "medications": [{"concept": "atezolizumab", "start": "2025-01-01"}]})");
      CHECK(result("atezolizumab plus bevacizumab", atezo) == "not_met");
      // Ongoing together: found; and a regimen record counts for each of its drugs and their classes.
      const Patient stride = patient(R"({"id": "R", "medications": [{"concept": "tremelimumab", "start": "2025-01-01", "end": "2025-01-01"},
                                                                     {"concept": "durvalumab", "start": "2025-01-01"}]})");
      CHECK(result("STRIDE", stride) == "met");
      const Patient regimen = patient(R"({"id": "R", "medications": [{"concept": "atezolizumab + bevacizumab", "start": "2025-01-01"}]})");
      for (const char* c : {"prior atezolizumab", "prior bevacizumab", "prior PD-L1 inhibitor", "prior VEGF inhibitor", "prior immunotherapy"}) {
         CAPTURE(c);
         CHECK(result(c, regimen) == "met");
      }
   }

   TEST_CASE("the catalogue checks components and indication links when it loads")
   {
      const std::string a = read_file(source_path("engine/catalogue/analytes.json")), s = read_file(source_path("engine/catalogue/scores.json"));
      std::string c = read_file(source_path("engine/catalogue/concepts.json"));
      auto load = [&](const std::string& from, const std::string& to) {
         std::string text = c;
         const auto at = text.find(from);
         REQUIRE(at != std::string::npos);
         text.replace(at, from.size(), to);
         try {
            Catalogue::from_json(a, s, text);
         }
         catch (const CatalogueError& e) {
            return std::string(e.what());
         }
         return std::string("loaded");
      };
      CHECK(load(R"("oxaliplatin",
        "fluorouracil",
        "leucovorin")",
                 R"("oxaliplatin")") == "concept 'folfox': a regimen has at least two components");
      CHECK(load(R"("class": "immunotherapy")", R"("class": "immunotherapie")") ==
            "concept 'interferon': is_a_for_indication names unknown concept 'immunotherapie'");
   }

   // Issue 15: concepts that were broader than the registry's words.
   TEST_CASE("an allogeneic stem cell transplant is not any stem cell transplant")
   {
      CHECK(to_string(compile("Prior allogeneic stem cell transplantation or organ transplantation")) ==
            "(or (has allogeneic_stem_cell_transplant) (has organ_transplant))");
      CHECK(to_string(compile("Prior bone marrow transplantation")) == "(has stem_cell_transplant)");
      const std::string criterion = "Prior allogeneic stem cell transplantation";
      // Once met: "allogeneic" was a name of the plain stem cell transplant, so an autologous one excluded the patient.
      const Patient autologous = patient(R"({"id": "S", "procedures": [{"concept": "autologous stem cell transplant", "date": "2019-04-02"}]})");
      CHECK(result(criterion, autologous) == "not_met");
      CHECK(result("prior stem cell transplant", autologous) == "met");
      const Patient allo = patient(R"({"id": "S", "procedures": [{"concept": "allo-HSCT", "date": "2019-04-02"}]})");
      CHECK(result(criterion, allo) == "met");
      // A record that does not say the donor leaves it open, and says what is missing.
      const Patient plain = patient(R"({"id": "S", "procedures": [{"concept": "stem cell transplant", "date": "2019-04-02"}]})");
      const Outcome o = eval(criterion, plain);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"donor (allogeneic or autologous) of hematopoietic stem cell transplantation (2019-04-02)"});
      // FHIR codes: ICD-10-PCS qualifiers 2-4 are allogeneic, 0 autologous; SNOMED CT 234336002 says neither.
      const std::string pcs = "http://www.cms.gov/Medicare/Coding/ICD10";
      CHECK(catalogue()->concept_by_code(pcs, "30243Y3")->id == "allogeneic_stem_cell_transplant");
      CHECK(catalogue()->concept_by_code(pcs, "30233G2")->id == "allogeneic_stem_cell_transplant");
      CHECK(catalogue()->concept_by_code(pcs, "30243Y0")->id == "autologous_stem_cell_transplant");
      CHECK(catalogue()->concept_by_code("http://snomed.info/sct", "58390007")->id == "allogeneic_stem_cell_transplant");
      CHECK(catalogue()->concept_by_code("http://snomed.info/sct", "234336002")->id == "stem_cell_transplant");
   }

   TEST_CASE("an uncontrolled infection is narrower than an active infection")
   {
      CHECK(to_string(compile("Presence of uncontrolled infection")) == "(has uncontrolled_infection current)");
      CHECK(catalogue()->is_a(*catalogue()->concept_("uncontrolled infection"), *catalogue()->concept_("active infection")));
      // Once met: a pneumonia on antibiotics (an active infection) was read as uncontrolled.
      const Patient treated = patient(R"({"id": "I", "conditions": [{"concept": "active infection", "onset": "2026-10-20"}]})");
      const Outcome o = eval("Presence of uncontrolled infection", treated);
      CHECK(o.result == Tri::unknown);
      CHECK(o.missing == std::vector<std::string>{"control status of active infection (2026-10-20)"});
      CHECK(result("active infection", treated) == "met");
      CHECK(result("Presence of uncontrolled infection", patient(R"({"id": "I", "conditions": []})")) == "not_met");
      CHECK(result("Presence of uncontrolled infection", patient(R"({"id": "I", "conditions": [{"concept": "uncontrolled infection"}]})")) == "met");
   }

   TEST_CASE("a hypertensive crisis or encephalopathy is not uncontrolled hypertension")
   {
      CHECK(to_string(compile("Inadequately controlled hypertension or prior history of hypertensive crisis or hypertensive encephalopathy")) ==
            "(or (has uncontrolled_hypertension current) (has hypertensive_crisis) (has hypertensive_encephalopathy))");
      // Once "hypertensive crisis" was a name of uncontrolled hypertension: a crisis in 2015 made the hypertension uncontrolled now,
      // and uncontrolled hypertension today met "prior hypertensive crisis".
      const Patient crisis = patient(R"({"id": "H", "conditions": [{"concept": "hypertensive crisis", "onset": "2015-06-01", "end": "2015-06-03"}]})");
      CHECK(result("uncontrolled hypertension", crisis) == "not_met");
      CHECK(result("history of hypertensive crisis", crisis) == "met");
      CHECK(result("hypertension", crisis) == "met");
      const Patient uncontrolled = patient(R"({"id": "H", "conditions": [{"concept": "uncontrolled hypertension", "onset": "2026-01-01"}]})");
      CHECK(result("history of hypertensive crisis", uncontrolled) == "not_met");
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10-cm", "I16.1")->id == "hypertensive_crisis");
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10-cm", "I67.4")->id == "hypertensive_encephalopathy");
   }

   TEST_CASE("a transient ischemic attack is its own concept, not a stroke, and not transient global amnesia")
   {
      CHECK(id_of("transient ischaemic attacks") == "transient_ischemic_attack");
      const Patient tia = patient(R"({"id": "T", "conditions": [{"concept": "TIA", "onset": "2026-08-01"}]})");
      CHECK(result("stroke", tia) == "not_met");
      CHECK(result("stroke or transient ischemic attack within 6 months", tia) == "met");
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10", "G45.9")->id == "transient_ischemic_attack");
      // Once G45.4, transient global amnesia, was a TIA through the G45 group.
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10", "G45.4") == nullptr);
      CHECK(catalogue()->concept_by_code("http://hl7.org/fhir/sid/icd-10-cm", "G45.4") == nullptr);
   }

   TEST_CASE("a corneal transplant is its own procedure, not an organ transplant")
   {
      CHECK(id_of("corneal transplant") == "corneal_transplant");
      CHECK(id_of("keratoplasty") == "corneal_transplant");
      // Once "corneal transplant" read as the bare "transplant", an organ transplant.
      const Patient cornea = patient(R"({"id": "C", "procedures": [{"concept": "penetrating keratoplasty", "date": "2012-03-01"}]})");
      CHECK(result("solid organ transplant", cornea) == "not_met");
      CHECK(result("History of organ allograft or corneal transplant", cornea) == "met");
   }

   TEST_CASE("an ICD-10 code in a note narrows the condition it follows, or the line fails")
   {
      CHECK(to_string(compile("Primary liver cancer patients (ICD 10 is C22.0) and Barcelona stage (BCLC stage) 0-A.")) ==
            "(and (has hepatocellular_carcinoma) (bclc in 0..1))");
      CHECK(to_string(compile("liver cancer (ICD-10: C22.1)")) == "(has intrahepatic_cholangiocarcinoma)");
      CHECK(to_string(compile("hepatocellular carcinoma (ICD-10 code C22)")) == "(has hepatocellular_carcinoma)");
      // Once the note was skipped: an intrahepatic cholangiocarcinoma met "primary liver cancer (ICD 10 is C22.0)".
      const Patient icc = patient(R"({"id": "L", "conditions": [{"concept": "intrahepatic cholangiocarcinoma", "onset": "2026-05-01"}]})");
      CHECK(result("Primary liver cancer patients (ICD 10 is C22.0)", icc) == "not_met");
      CHECK(result("Primary liver cancer patients", icc) == "met");
      CHECK_THROWS_WITH_AS(compile("liver cancer (ICD-10 C22.7)"),
                           "the note gives ICD-10 C22.7, a code no catalogue concept holds: Eligo cannot tell which kind of primary liver cancer it means",
                           BindError);
      // C22.9, the liver unspecified, is held by malignancy (ICD-10-CM: "not specified as primary or secondary"): broader
      // than the liver cancer named, so the line means what it names.
      CHECK(to_string(compile("liver cancer (ICD-10 C22.9)")) == "(has primary_liver_cancer)");
      CHECK_THROWS_WITH_AS(compile("hepatocellular carcinoma (ICD-10 C22.1)"),
                           "the note gives ICD-10 C22.1, which is intrahepatic cholangiocarcinoma, not a hepatocellular carcinoma", BindError);
      // Anywhere else a code note is not skipped as a restating note: the line fails.
      CHECK_THROWS(compile("ECOG 0-1 (ICD-10 Z00)"));
   }

   TEST_CASE("'eligible for' a treatment is never read as having had it")
   {
      // Once (or (has tae) (has tace)): a treatment-naive TACE candidate failed the inclusion.
      const std::string line = "Patients must be eligible for TAE or TACE treatment.";
      const Predicate p = compile(line);
      CHECK(to_string(p) == "(manual)");
      CHECK(p.reason ==
            "'eligible for TAE or TACE treatment.' asks whether the patient may have something in future (a treatment, the study); a record holds what "
            "was done, so Eligo does not read it as history");
      const Patient naive = patient(R"({"id": "E", "procedures": []})");
      const Outcome o = eval(line, naive);
      CHECK(o.result == Tri::unknown);
      CHECK(says(o, "manual review: 'eligible for TAE or TACE treatment.'"));
      for (const char* text :
           {"Candidate for transarterial chemoembolization", "suitable for resection", "amenable to TACE", "Patients are eligible for RFA"}) {
         CAPTURE(text);
         CHECK(to_string(compile(text)) == "(manual)");
      }
      CHECK(to_string(compile("not eligible for radiotherapy")) == "(not (manual))");
      // In a trial file the line is a manual-review criterion, with the reason.
      const CompileResult c = compile_trial_text("trial: T\ninclusion:\n- " + line + "\n", "t.trial", lexicon());
      REQUIRE(c.trial.has_value());
      CHECK(c.trial->criteria.at(0).manual);
      CHECK(c.trial->count_manual() == 1);
      // Names that say the patient is not a candidate are findings the record can hold, read whole.
      CHECK(to_string(compile("not suitable for TACE")) == "(has tace_unsuitable)");
      CHECK(to_string(compile("not eligible for resection")) == "(has unresectable)");  // once (not (has hepatectomy))
      CHECK(to_string(compile("Karnofsky performance status >/= 70 are eligible.")) == "(karnofsky in 70..100)");
   }

   TEST_CASE("'other' needs the trial's condition; brain metastases may be the trial's own cancer's spread")
   {
      // NCT03843229, NCT01852890: without a condition line, "other malignancy" would count the patient's own cancer.
      const CompileResult none = compile_trial_text("trial: T\nexclusion:\n- A history of other malignant tumor in recent 5 years\n", "t.trial", lexicon());
      REQUIRE(none.errors.size() == 1);
      CHECK(none.errors[0].message.find("the header has no 'condition:' line") != std::string::npos);
      // NCT06464380: an HCC patient with brain metastases is not shown to have a malignancy other than HCC.
      const CompileResult c = compile_trial_text(
          "trial: T\ncondition: hepatocellular carcinoma\nexclusion:\n- Patients with concomitant malignancies other than HCC\n", "t.trial", lexicon());
      REQUIRE(c.errors.empty());
      auto verdict = [&](const std::string& conditions) {
         return screen(*c.trial, read_patient(R"({"id": "P", "conditions": [)" + conditions + "]}", "p.json", *catalogue()), *parse_date("2026-11-02"),
                       *catalogue())
             .verdict;
      };
      const std::string hcc = R"({"concept": "hepatocellular carcinoma", "onset": "2026-01-01"})";
      CHECK(verdict(hcc) == Verdict::eligible);
      CHECK(verdict(hcc + R"(, {"concept": "brain metastases", "onset": "2026-09-01"})") == Verdict::indeterminate);
      CHECK(verdict(hcc + R"(, {"concept": "breast cancer", "onset": "2026-09-01"})") == Verdict::ineligible);
   }
}

}  // namespace eligo::test::concepts_tests
