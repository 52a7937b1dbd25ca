// Concepts found in FHIR records by their codes (issue 16, items 1, 2 and 7; docs/fhir.md, "From codes to concepts"):
// each case of the issue with the real Synthea element that shows it (../shared/fhir), the one place display text is
// read (a drug ingredient's own name in a medication's text, flagged "matched by name"), class words that never match,
// and the catalogue's classes defined by membership.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/catalogue/code_system.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"
#include "hcc_trial_eval.hpp"
#include "support.hpp"

namespace eligo::test::fhir_codes_tests {

using nlohmann::json;

namespace {

const char* rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

json patient_resource() { return {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", "male"}, {"birthDate", "1966-03-12"}}; }

// The resource of a bundle in ../shared/fhir that carries `code` (in its code or medicationCodeableConcept), as the
// bundle writes it, less its subject (the test's bundle gives it one).
json element(const std::string& file, const std::string& code)
{
   std::ifstream in(shared_path("fhir/" + file));
   REQUIRE_MESSAGE(in, file);
   const json b = json::parse(in);
   for (const auto& e : b.at("entry")) {
      json r = e.at("resource");
      const json cc = r.contains("code") ? r.at("code") : r.value("medicationCodeableConcept", json::object());
      for (const auto& c : cc.value("coding", json::array()))
         if (c.value("code", "") == code) {
            r.erase("subject");
            r.erase("reasonReference");
            return r;
         }
   }
   FAIL("no element with code " << code << " in " << file);
   return {};
}

// A bundle of the patient and the given resources.
json bundle(std::vector<json> resources)
{
   json b = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
   b["entry"].push_back({{"fullUrl", "urn:uuid:p1"}, {"resource", patient_resource()}});
   int n = 0;
   for (auto& r : resources) {
      r["id"] = "r" + std::to_string(++n);
      r[r["resourceType"] == "AllergyIntolerance" ? "patient" : "subject"] = {{"reference", "urn:uuid:p1"}};
      b["entry"].push_back({{"fullUrl", "urn:uuid:r" + std::to_string(n)}, {"resource", r}});
   }
   return b;
}

// The same resource with its codes taken away: only its text is left.
json text_only(json r)
{
   for (const char* k : {"code", "medicationCodeableConcept"})
      if (r.contains(k)) r[k].erase("coding");
   return r;
}

json medication(const std::string& text, const std::string& code = "")
{
   json cc = {{"text", text}};
   if (!code.empty()) cc["coding"] = json::array({{{"system", rxnorm}, {"code", code}, {"display", text}}});
   return {{"resourceType", "MedicationRequest"}, {"status", "active"}, {"intent", "order"}, {"medicationCodeableConcept", cc}, {"authoredOn", "2024-01-10"}};
}

Patient read(const json& b) { return read_patient(b.dump(), "b.json", *catalogue()); }

const auto eval = &eval_in_hcc_trial;

std::string result(const std::string& criterion, const Patient& p) { return to_string(eval(criterion, p).result); }

// The ids of the concepts a patient's records name (conditions, medications, procedures), in order.
std::vector<std::string> named(const Patient& p)
{
   std::vector<std::string> ids;
   for (const auto* list : {&p.conditions, &p.medications, &p.procedures})
      if (*list)
         for (const auto& r : **list) ids.push_back(r.concept_->id);
   return ids;
}

bool unused_has(const Patient& p, const std::string& what)
{
   return std::any_of(p.unused.begin(), p.unused.end(), [&](const Unused& u) { return (u.detail + " " + u.reason).find(what) != std::string::npos; });
}

const std::string sherman = "Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json";
const std::string gilbert = "wide/Gilbert_Wunsch_ab591293-dc94-4290-a29f-f35522273600.json";
const std::string asa = "wide/Asa_Hermiston_4384bf23-1dc3-48ca-8c84-89fbaff201ae.json";

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("codes first: cytotoxic chemotherapy by its RxNorm clinical-drug codes")
   {
      for (const auto& [file, code, id] : std::vector<std::tuple<std::string, std::string, std::string>>{
               {gilbert, "583214", "paclitaxel"}, {sherman, "1736854", "cisplatin"}, {sherman, "1734340", "etoposide"}, {sherman, "1860480", "docetaxel"}}) {
         CAPTURE(code);
         const Patient p = read(bundle({element(file, code)}));
         REQUIRE(p.medications->size() == 1);
         CHECK(p.medications->at(0).concept_->id == id);
         CHECK(p.medications->at(0).mapped_by == "RxNorm " + code);
         CHECK(result("prior chemotherapy", p) == "met");
         CHECK(result("prior cytotoxic chemotherapy", p) == "met");
         CHECK(result("prior systemic therapy", p) == "met");
         CHECK(result("prior immunotherapy", p) == "not_met");
      }
   }

   TEST_CASE("an ingredient's own name in a medication's text is the one match by text, and it says so")
   {
      // 'PACLitaxel 100 MG Injection' without its code: paclitaxel by name, flagged in the mapping and in the why.
      const Patient p = read(bundle({text_only(element(gilbert, "583214"))}));
      REQUIRE(p.medications->size() == 1);
      const Record& r = p.medications->at(0);
      CHECK(r.concept_->id == "paclitaxel");
      CHECK(r.mapped_by == "ingredient name 'paclitaxel' (matched by name)");
      const Outcome o = eval("prior chemotherapy", p);
      CHECK(to_string(o.result) == std::string("met"));
      CHECK(o.why.find("PACLitaxel 100 MG Injection (paclitaxel, matched by name)") != std::string::npos);
      // A product code the catalogue does not list, named like RxNorm names it: the ingredient by name.
      CHECK(named(read(bundle({medication("predniSONE 20 MG Oral Tablet", "999999")}))) == std::vector<std::string>{"prednisone"});
      // Two ingredients of one product are both found.
      CHECK(named(read(bundle({medication("Acetaminophen 325 MG / Aspirin 250 MG Oral Tablet")}))) == std::vector<std::string>{"aspirin"});
   }

   TEST_CASE("class words never match by text; conditions and procedures never match by text at all")
   {
      for (const char* text : {"Chemotherapy drug", "Immunotherapy infusion", "Systemic steroid", "Corticosteroid taper", "Anticoagulant therapy",
                               "Immunosuppressive therapy", "Tyrosine kinase inhibitor 100 MG Oral Tablet", "Investigational drug"}) {
         CAPTURE(text);
         const Patient p = read(bundle({medication(text)}));
         CHECK(named(p).empty());
         CHECK(unused_has(p, "its text names no drug ingredient the catalogue knows"));
      }
      // "Subcutaneous immunotherapy" and "Non-small cell carcinoma of lung" with codes the catalogue does not list: nothing.
      const Patient shots = read(bundle({text_only(element("wide/Gil_Sanford_6642609a-48a5-4a46-b34f-b69b4345a290.json", "180256009"))}));
      CHECK(named(shots).empty());
      const Patient nsclc = read(bundle({text_only(element(gilbert, "424132000"))}));
      CHECK(named(nsclc).empty());
      CHECK(unused_has(nsclc, "only codes name a condition, procedure or class"));
      // Never met by its words, and not "not met" either: a record with a text and no code may be what its words share with a
      // catalogue name ("carcinoma", "lung"), so the criterion stays open, naming the record (review helper-90; read as not
      // met, the text-only record cleared a patient of an exclusion).
      CHECK(result("other malignancy", nsclc) == "unknown");
      CHECK(eval("other malignancy", nsclc).why.find("a text and no code (Non-small cell carcinoma of lung") != std::string::npos);
   }

   TEST_CASE("a record with a text and no code keeps open what it may be, never more (review helper-90)")
   {
      auto condition = [](const std::string& text) { return json{{"resourceType", "Condition"}, {"code", {{"text", text}}}, {"onsetDateTime", "2015-01-01"}}; };
      auto procedure = [](const std::string& text, const std::string& date) {
         return json{{"resourceType", "Procedure"}, {"status", "completed"}, {"code", {{"text", text}}}, {"performedDateTime", date}};
      };
      // A medication that names no drug Eligo knows may be a drug of a class, never a named drug: Eligo finds drugs by name.
      const Patient chemo = read(bundle({medication("Chemotherapy infusion")}));
      CHECK(result("prior chemotherapy", chemo) == "unknown");
      CHECK(eval("prior chemotherapy", chemo).missing ==
            std::vector<std::string>{"check whether Chemotherapy infusion from 2024-01-10 (no code) is a record of chemotherapy"});
      CHECK(result("prior sorafenib", chemo) == "not_met");
      CHECK(result("prior sorafenib", read(bundle({medication("Vitamin D drops")}))) == "not_met");
      // A condition or procedure is open only for what its words may name: "Seasonal allergy" is no infection or cancer.
      const Patient allergy = read(bundle({condition("Seasonal allergy")}));
      for (const char* c : {"HIV infection", "hepatitis B", "history of malignancy", "interstitial lung disease", "hepatocellular carcinoma"}) {
         CAPTURE(c);
         CHECK(result(c, allergy) == "not_met");
      }
      CHECK(result("hepatocellular carcinoma", read(bundle({condition("Hepatocellular carcinoma, right lobe")}))) == "unknown");
      CHECK(result("hepatitis B", read(bundle({condition("Chronic hepatitis B")}))) == "unknown");
      // Every telling word of a name must be in the text (review helper-92): "carcinoma" names a malignancy, not a
      // hepatocellular carcinoma; "hepatitis" alone is no hepatitis C; a lung transplant is no lung cancer.
      CHECK(result("hepatocellular carcinoma", read(bundle({condition("Non-small cell carcinoma of lung")}))) == "not_met");
      CHECK(result("hepatitis C", read(bundle({condition("Hepatitis B carrier")}))) == "not_met");
      CHECK(result("hepatitis B", read(bundle({condition("Hepatitis B carrier")}))) == "unknown");
      const Patient lung = read(bundle({procedure("Lung transplant", "2019-05-01"), condition("Seasonal allergy")}));
      CHECK(result("lung cancer", lung) == "not_met");
      CHECK(result("liver transplantation", lung) == "not_met");
      // A text that names a broader concept may be the criterion's, as a coded record of it would (review helper-93); one
      // that names another specific concept is not, though a word of it names a broader one ("cancer").
      for (const char* text : {"Liver cancer", "Primary liver cancer", "Malignant neoplasm of liver"}) {
         CAPTURE(text);
         CHECK(result("hepatocellular carcinoma", read(bundle({condition(text)}))) == "unknown");
      }
      const Patient breast = read(bundle({condition("Breast cancer, stage II")}));
      CHECK(result("hepatocellular carcinoma", breast) == "not_met");
      CHECK(result("history of malignancy", breast) == "unknown");
      // A compound holds the word it ends with (review helper-94): an adenocarcinoma is a carcinoma.
      CHECK(result("history of malignancy", read(bundle({condition("Adenocarcinoma of colon")}))) == "unknown");
      CHECK(result("hepatocellular carcinoma", read(bundle({condition("Adenocarcinoma of colon")}))) == "not_met");
      // A text-only procedure bears on a treatment criterion of another list, as a coded one does.
      const Patient proc = read(bundle({procedure("Chemotherapy", "2024-01-05"), medication("Paracetamol 500 MG Oral Tablet", "198440")}));
      CHECK(result("prior chemotherapy", proc) == "unknown");
      // A record with a code is told by its code.
      CHECK(result("prior chemotherapy", read(bundle({medication("Some product 5 MG Oral Tablet", "999999")}))) == "not_met");
   }

   TEST_CASE("prednisone is a systemic corticosteroid; a topical cream and an inhaler are not")
   {
      const Patient pred = read(bundle({element("wide/Claudie_Walsh_498377b3-e385-40ab-9acd-06b657e2f599.json", "312617")}));
      CHECK(named(pred) == std::vector<std::string>{"prednisone"});
      CHECK(result("systemic corticosteroids", pred) == "met");
      CHECK(result("steroids", pred) == "met");
      // 'Hydrocortisone 10 MG/ML Topical Cream' (RxNorm 106258), with its code or by its text: hydrocortisone, not systemic.
      for (const json& cream : {element(asa, "106258"), text_only(element(asa, "106258"))}) {
         const Patient p = read(bundle({cream}));
         CHECK(named(p) == std::vector<std::string>{"hydrocortisone"});
         CHECK(p.medications->at(0).dose_form == "topical");
         CHECK(result("systemic corticosteroids", p) == "not_met");
         CHECK(result("hydrocortisone", p) == "met");
      }
      // Inhaled fluticasone, alone and with salmeterol.
      for (const auto& [file, code] :
           std::vector<std::pair<std::string, std::string>>{{"wide/Ali_Herman_75c71918-f07f-4492-af1a-ce006a1e8aaf.json", "895994"},
                                                            {"Luis_Miguel_Delarosa_f118c1b4-27e0-4de5-bc04-b51e14ea5bbd.json", "896209"}}) {
         CAPTURE(code);
         const Patient p = read(bundle({element(file, code)}));
         for (const auto& r : p.medications.value_or(std::vector<Record>{})) CHECK(!r.dose_form.empty());  // fluticasone, inhaled
         CHECK(result("systemic corticosteroids", p) == "not_met");
      }
      // Hydrocortisone by mouth is systemic.
      CHECK(result("systemic corticosteroids", read(bundle({medication("Hydrocortisone 10 MG Oral Tablet")}))) == "met");
   }

   TEST_CASE("methotrexate and cyclosporine are immunosuppressants; methotrexate is chemotherapy only when given for a cancer")
   {
      for (const std::string code : {"105586", "835900"}) {
         CAPTURE(code);
         const Patient p = read(bundle({element(asa, code)}));
         REQUIRE(p.medications->size() == 1);
         CHECK(p.medications->at(0).mapped_by == "RxNorm " + code);
         CHECK(result("immunosuppressants", p) == "met");
         CHECK(result("immunosuppressive agents", p) == "met");
      }
      CHECK(result("prior chemotherapy", read(bundle({element(asa, "835900")}))) == "not_met");
      // The element as the bundle holds it, with no indication recorded: antirheumatic or anticancer is the question.
      CHECK(result("prior chemotherapy", read(bundle({element(asa, "105586")}))) == "unknown");
   }

   TEST_CASE("a lung transplant is a prior organ allograft")
   {
      const Patient p = read(bundle({element("wide/Jonathan_Hermiston_1f90295e-c1b3-4545-a2dd-d66aee49485c.json", "88039007")}));
      CHECK(named(p) == std::vector<std::string>{"lung_transplant"});
      CHECK(result("prior organ allograft", p) == "met");
      CHECK(result("history of organ transplantation", p) == "met");
      CHECK(result("prior liver transplantation", p) == "not_met");
   }

   TEST_CASE("subcutaneous immunotherapy is allergen immunotherapy, never cancer immunotherapy")
   {
      const json shots = element("wide/Gil_Sanford_6642609a-48a5-4a46-b34f-b69b4345a290.json", "180256009");
      const Patient p = read(bundle({shots, medication("Loratadine 5 MG Chewable Tablet", "665078")}));
      CHECK(named(p) == std::vector<std::string>{"allergen_immunotherapy"});
      CHECK(result("prior immunotherapy", p) == "not_met");
      // Not met by the shots. The drug Eligo does not recognise (loratadine) may be an investigational drug, an
      // anticancer therapy no code names, so the answer is unknown, not "not met" (docs/fhir.md, "When a list is complete").
      CHECK(result("prior anticancer therapy", p) == "unknown");
      CHECK(eval("prior anticancer therapy", p).why.find("Subcutaneous immunotherapy") == std::string::npos);
      CHECK(result("prior allergen immunotherapy", p) == "met");
      const Concept& allergen = *catalogue()->concept_("allergen_immunotherapy");
      CHECK_FALSE(catalogue()->is_a(allergen, *catalogue()->concept_("immunotherapy")));
   }

   TEST_CASE("non-small cell carcinoma of lung is non-small cell lung cancer by its code, a lung cancer and a malignancy through is_a")
   {
      for (const std::string code : {"254637007", "424132000"}) {
         CAPTURE(code);
         const Patient p = read(bundle({element(gilbert, code)}));
         REQUIRE(p.conditions->size() == 1);
         CHECK(p.conditions->at(0).concept_->id == "non_small_cell_lung_cancer");
         CHECK(p.conditions->at(0).mapped_by == "SNOMED CT " + code);
         CHECK(result("lung cancer", p) == "met");
         CHECK(result("NSCLC", p) == "met");
         CHECK(result("small cell lung cancer", p) == "not_met");  // once one concept: NSCLC met 'SCLC' (session 24)
         CHECK(result("other malignancy", p) == "met");
      }
   }

   TEST_CASE("an ICD code stored without its dot is read as the catalogue writes it; an ICD-9-CM one by the resource that keeps it")
   {
      const char* icd10 = "http://hl7.org/fhir/sid/icd-10";
      const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
      const char* icd9 = "http://hl7.org/fhir/sid/icd-9-cm";
      CHECK(catalogue_code(icd10cm, "C220") == "C22.0");
      CHECK(catalogue_code(icd10, " c22.0 ") == "C22.0");
      CHECK(catalogue_code(icd10cm, "C22") == "C22");
      CHECK(catalogue_code(icd10cm, "C3411") == "C34.11");
      CHECK(catalogue_code(icd10cm, "C22.") == "C22");
      CHECK(catalogue_code(icd9, "V081") == "V08.1");
      CHECK(catalogue_code(icd9, "E8801") == "E880.1");
      // ICD-9-CM diagnoses and procedures share the system: where the code is kept says which ("4011": 401.1 or 40.11).
      CHECK(catalogue_code(icd9, "4011") == "401.1");
      CHECK(catalogue_code(icd9, "4011", IcdUse::procedure) == "40.11");
      CHECK(catalogue_code(icd9, "07953") == "079.53");
      CHECK(catalogue_code(icd9, "07953", IcdUse::procedure) == "079.53");  // five digits: a diagnosis
      CHECK(catalogue_code(icd9, "042") == "042");
      CHECK(catalogue_code("http://snomed.info/sct", " 254637007") == "254637007");
      CHECK(catalogue_code("http://www.cms.gov/Medicare/Coding/ICD10", "0FT20ZZ") == "0FT20ZZ");  // ICD-10-PCS has no dot
      auto condition = [](const char* system, const char* code) {
         return json{
             {"resourceType", "Condition"}, {"code", {{"coding", json::array({{{"system", system}, {"code", code}}})}}}, {"onsetDateTime", "2026-09-01"}};
      };
      // Hepatocellular carcinoma C22.0 and lung cancer C34.11, stored without the dot, in lower case.
      const Patient hcc = read(bundle({condition(icd10cm, "c220")}));
      REQUIRE(named(hcc) == std::vector<std::string>{"hepatocellular_carcinoma"});
      CHECK(result("hepatocellular carcinoma", hcc) == "met");
      CHECK(named(read(bundle({condition(icd10cm, "C3411")}))) == std::vector<std::string>{"lung_cancer"});
      // A concept's not_codes hold without the dot too: Z332, an elective termination, is not a pregnancy (group Z33).
      auto female = [](json b) {
         b["entry"][0]["resource"]["gender"] = "female";
         return b;
      };
      CHECK(result("pregnant", read(female(bundle({condition(icd10cm, "Z331")})))) == "met");
      CHECK(result("pregnant", read(female(bundle({condition(icd10cm, "Z332")})))) != "met");
      // ICD-9-CM: 079.53 (HIV-2) and 198.3 (secondary neoplasm of brain and spinal cord) in a Condition, 50.22 (partial
      // hepatectomy) in a Procedure, each without its dot (review helper-100).
      CHECK(result("HIV infection", read(bundle({condition(icd9, "V08")}))) == "met");
      CHECK(result("HIV infection", read(bundle({condition(icd9, "07953")}))) == "met");
      CHECK(named(read(bundle({condition(icd9, "1983")}))) == std::vector<std::string>{"cns_metastases"});
      json hepatectomy = condition(icd9, "5022");
      hepatectomy["resourceType"] = "Procedure";
      hepatectomy.erase("onsetDateTime");
      hepatectomy["performedDateTime"] = "2026-01-10";
      const Patient resected = read(bundle({hepatectomy}));
      REQUIRE(resected.procedures);
      REQUIRE(resected.procedures->size() == 1);
      CHECK(resected.procedures->at(0).concept_->id == catalogue()->concept_by_code(icd9, "50.22")->id);
   }

   TEST_CASE("a malignancy by ICD block, and one under a code no concept lists, is never a firm no (issue 16)")
   {
      const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
      const char* icd9 = "http://hl7.org/fhir/sid/icd-9-cm";
      const char* sct = "http://snomed.info/sct";
      auto condition = [](const char* system, const char* code, const char* display = nullptr) {
         json coding = {{"system", system}, {"code", code}};
         if (display) coding["display"] = display;
         return json{{"resourceType", "Condition"}, {"code", {{"coding", json::array({coding})}}}, {"onsetDateTime", "2024-03-01"}};
      };
      auto ids = [](const char* system, const char* code) {
         const Concept* c = catalogue()->concept_by_code(system, code);
         return c ? c->id : std::string("none");
      };
      // Every C code of ICD-10 is a malignant neoplasm: a myeloid leukaemia, a lymphoma, a sarcoma of bone, a cancer of
      // unknown primary, whether or not a narrower concept lists it. C77-C79 are secondaries, and the narrowest block wins.
      CHECK(ids(icd10cm, "C92.00") == "leukemia");
      CHECK(ids(icd10cm, "C83.30") == "lymphoma");
      CHECK(ids(icd10cm, "C90.00") == "multiple_myeloma");
      CHECK(ids(icd10cm, "C41.9") == "malignancy");
      CHECK(ids(icd10cm, "C80.1") == "malignancy");
      CHECK(ids(icd10cm, "C78.7") == "secondary_malignant_neoplasm");
      CHECK(ids(icd10cm, "C7B.02") == "secondary_malignant_neoplasm");
      CHECK(ids(icd10cm, "C79.31") == "brain_metastases");  // a listed group code is narrower than any block
      CHECK(ids(icd10cm, "C22.0") == "hepatocellular_carcinoma");
      CHECK(ids(icd10cm, "D37.6") == "none");  // uncertain behaviour: not malignant
      CHECK(ids(icd10cm, "D09.9") == "none");  // in situ
      // ICD-9-CM: 140-208 malignant, 196-198 secondary, 155.0 primary liver; hepatitis B 070.2x, 070.3x, V02.61
      // (ICD-10-CM's Z22.51, a hepatitis B carrier, is retired: B18.1 holds carriers).
      CHECK(ids(icd9, "174.9") == "malignancy");
      CHECK(ids(icd9, "197.7") == "secondary_malignant_neoplasm");
      CHECK(ids(icd9, "198.3") == "cns_metastases");
      CHECK(ids(icd9, "155.0") == "primary_liver_cancer");
      CHECK(ids(icd9, "205.00") == "leukemia");
      CHECK(ids(icd9, "203.00") == "multiple_myeloma");
      CHECK(ids(icd9, "070.32") == "chronic_hepatitis_b");  // chronic, without hepatic coma or delta
      CHECK(ids(icd9, "V02.61") == "chronic_hepatitis_b");
      CHECK(ids(icd9, "50.22") == "hepatectomy");  // a procedure's two-digit category falls in no diagnosis block
      CHECK(ids(icd9, "17.5") == "none");
      CHECK(ids(icd10cm, "B18.0") == "chronic_hepatitis_b");
      CHECK(ids(icd10cm, "B17.0") == "chronic_hepatitis_b");
      // Acute or unspecified hepatitis B is hepatitis B, never chronic hepatitis B (reviews helper-105, -114).
      CHECK(ids(icd10cm, "B16.9") == "hepatitis_b");
      CHECK(ids(icd10cm, "B19.10") == "hepatitis_b");
      CHECK(ids(icd9, "070.30") == "hepatitis_b");
      // Another primary liver cancer is no HCC; a liver malignancy "not specified as primary or secondary" (ICD-10-CM C22.9,
      // ICD-9-CM 155.2) is a malignancy, neither primary liver cancer nor another; a myelodysplastic disease C94.6 is no
      // leukaemia (review helper-105).
      CHECK(ids(icd10cm, "C22.3") == "liver_sarcoma");
      CHECK(ids(icd10cm, "C22.2") == "hepatoblastoma");
      CHECK(ids(icd10cm, "C22.9") == "malignancy");
      CHECK(ids(icd9, "155.2") == "malignancy");
      CHECK(ids(icd10cm, "C94.6") == "malignancy");

      // In an HCC trial: another cancer excludes; a secondary may be a spread of the trial's own, so it stays open.
      CHECK(result("history of malignancy", read(bundle({condition(icd10cm, "C9200")}))) == "met");
      CHECK(result("other malignancy", read(bundle({condition(icd10cm, "C92.00")}))) == "met");
      CHECK(result("other malignancy", read(bundle({condition(icd10cm, "C78.7")}))) == "unknown");
      CHECK(result("other malignancy", read(bundle({condition(icd10cm, "D37.6", "Neoplasm of uncertain behavior of liver")}))) == "not_met");

      // A SNOMED CT code no concept lists: no list of codes holds every kind of a class, so where the record's text names
      // the concept or a kind of it, the criterion stays open, with the record and its code in the why; it is never met.
      const Patient cmml = read(bundle({condition(sct, "999000001", "Chronic myelomonocytic leukemia (disorder)")}));
      const Outcome o = eval("other malignancy", cmml);
      CHECK(std::string(to_string(o.result)) == "unknown");  // a string, not the address of one
      CHECK(o.why.find("SNOMED CT 999000001") != std::string::npos);
      CHECK(o.missing ==
            std::vector<std::string>{"check whether Chronic myelomonocytic leukemia (disorder) from 2024-03-01, SNOMED CT 999000001 is a record of "
                                     "malignancy"});
      CHECK(result("hepatitis B", cmml) == "not_met");
      CHECK(result("hepatocellular carcinoma", cmml) == "not_met");
      // A text that names nothing the criterion asks leaves it as the codes do.
      const Patient prediabetes = read(bundle({condition(sct, "714628002", "Prediabetes (finding)")}));
      CHECK(result("history of malignancy", prediabetes) == "not_met");
      CHECK(result("hepatitis B", read(bundle({condition(sct, "999000002", "Chronic viral hepatitis B with hepatic coma (disorder)")}))) == "unknown");
      // A coded drug is told by its code: a drug no class lists is not a member, whatever list it is in.
      CHECK(result("prior chemotherapy", read(bundle({medication("Acetaminophen 325 MG Oral Tablet", "313782")}))) == "not_met");

      // Review helper-105. The liver: an angiosarcoma beside an HCC is another cancer; C22.9 settles neither side.
      const Patient angiosarcoma = read(bundle({condition(icd10cm, "C22.0"), condition(icd10cm, "C22.3")}));
      CHECK(result("other malignancy", angiosarcoma) == "met");
      const Patient liver_nos = read(bundle({condition(icd10cm, "C22.9")}));
      CHECK(result("other malignancy", liver_nos) == "unknown");
      CHECK(result("hepatocellular carcinoma", liver_nos) == "unknown");
      CHECK(result("liver cancer", liver_nos) == "unknown");
      // An acute hepatitis B that resolved is a history of hepatitis B, no current one, and may or may not have become
      // chronic: "chronic hepatitis B" stays open, never met. Active, it is active hepatitis B.
      json acute = condition(icd10cm, "B16.9", "Acute hepatitis B without delta-agent and without hepatic coma");
      acute["abatementDateTime"] = "2024-06-01";
      CHECK(result("chronic hepatitis B", read(bundle({acute}))) == "unknown");
      CHECK(result("history of hepatitis B", read(bundle({acute}))) == "met");
      CHECK(result("active hepatitis B", read(bundle({acute}))) == "not_met");
      CHECK(result("active hepatitis B", read(bundle({condition(icd10cm, "B16.9", "Acute hepatitis B")}))) == "met");
      // Morphology words show a malignancy in a record's text (text_names), though criteria never read them.
      for (const char* text : {"Malignant mesothelioma of pleura (disorder)", "Glioblastoma multiforme (disorder)", "Osteosarcoma of femur",
                               "Myelodysplastic syndrome (disorder)", "Hodgkin's disease, nodular sclerosis (disorder)"}) {
         CAPTURE(text);
         CHECK(result("other malignancy", read(bundle({condition(sct, "999000003", text)}))) == "unknown");
      }
      // A coded record whose text begins "Family history of", "Screening for" is not of what it names. Only the start
      // counts, and only for a coded record (review helper-106): a screen-detected cancer is a cancer, a positive test a
      // finding, "FH-deficient" a fumarate hydratase.
      for (const char* text : {"Family history of malignant neoplasm (situation)", "Screening for malignant neoplasm of cervix (procedure)"}) {
         CAPTURE(text);
         CHECK(result("other malignancy", read(bundle({condition(sct, "999000004", text)}))) == "not_met");
      }
      // Nor is a text that begins so but presupposes the patient's own disease, or says a risk or a fear (review helper-107).
      for (const char* text : {"Breast cancer detected by screening mammography", "FH-deficient renal cell carcinoma",
                               "Screening for recurrence of colon cancer", "Risk of recurrence of hepatocellular carcinoma", "Fear of cancer recurrence"}) {
         CAPTURE(text);
         CHECK(result("other malignancy", read(bundle({condition(sct, "999000004", text)}))) == "unknown");
      }
      CHECK(result("HIV infection", read(bundle({condition(sct, "999000004", "HIV test positive")}))) == "unknown");
      CHECK(result("hepatitis B", read(bundle({condition(sct, "999000004", "Chronic hepatitis B on entecavir prophylaxis")}))) == "unknown");
      CHECK(result("hepatocellular carcinoma", read(bundle({condition(sct, "999000004", "Hepatocellular carcinoma at high risk of recurrence")}))) ==
            "unknown");
      // A coded procedure whose code no concept lists bears on a treatment its text names.
      json chemo = condition(sct, "999000005", "Antineoplastic chemotherapy (procedure)");
      chemo["resourceType"] = "Procedure";
      chemo["status"] = "completed";
      chemo.erase("onsetDateTime");
      chemo["performedDateTime"] = "2024-01-05";
      CHECK(result("prior chemotherapy", read(bundle({chemo, medication("Acetaminophen 325 MG Oral Tablet", "313782")}))) == "unknown");
   }

   TEST_CASE("drug allergies by class: Synthea's penicillin and cephalosporin allergy codes")
   {
      auto allergy = [](const std::string& code, const std::string& display) {
         return json{{"resourceType", "AllergyIntolerance"},
                     {"category", json::array({"medication"})},
                     {"code", {{"coding", json::array({{{"system", rxnorm}, {"code", code}, {"display", display}}})}, {"text", display}}},
                     {"recordedDate", "2015-04-01"}};
      };
      const Patient pen = read(bundle({allergy("7984", "Penicillin V")}));
      CHECK(result("allergy to penicillin", pen) == "met");
      CHECK(result("allergy to cephalosporins", pen) == "not_met");
      CHECK(result("allergy to cephalosporins", read(bundle({allergy("2193", "Ceftriaxone")}))) == "met");
      // An allergy's text is never searched: an uncoded "Penicillin allergy" names nothing.
      json text = allergy("7984", "Penicillin allergy");
      text["code"].erase("coding");
      CHECK(read(bundle({text})).allergies->empty());
   }

   TEST_CASE("the whole bundles: what the reader finds in them by code")
   {
      auto ids = [&](const std::string& file) {
         const Patient p = read_patient_file(shared_path("fhir/" + file), *catalogue());
         std::set<std::string> out;
         for (const auto& id : named(p)) out.insert(id);
         return out;
      };
      const auto g = ids(gilbert);
      for (const char* id : {"paclitaxel", "non_small_cell_lung_cancer"}) CHECK(g.count(id));
      CHECK_FALSE(g.count("malignancy"));  // never by the word "carcinoma"
      const auto s = ids(sherman);
      for (const char* id : {"cisplatin", "etoposide", "docetaxel", "warfarin", "atrial_fibrillation"}) CHECK(s.count(id));
      CHECK_FALSE(s.count("ablation"));  // a cardiac catheter ablation is not a tumour ablation
      CHECK(ids("Luis_Miguel_Delarosa_f118c1b4-27e0-4de5-bc04-b51e14ea5bbd.json").count("chemoradiotherapy"));
   }

   TEST_CASE("classes by membership: every drug class has coded members and a source")
   {
      const auto& cat = *catalogue();
      auto members = [&](const Concept& cls) {
         std::vector<const Concept*> out;
         for (const auto& c : cat.concepts())
            if (&c != &cls && c.ingredient && cat.is_a(c, cls)) out.push_back(&c);
         return out;
      };
      auto has = [](const Concept& c, const std::string& system) {
         return std::any_of(c.codes.begin(), c.codes.end(), [&](const Code& x) { return x.system == system; });
      };
      for (const char* id : {"chemotherapy", "immune_checkpoint_inhibitor", "tyrosine_kinase_inhibitor", "corticosteroid", "immunosuppressant", "anticoagulant",
                             "antiplatelet", "strong_cyp3a4_inhibitor", "strong_cyp3a4_inducer"}) {
         CAPTURE(id);
         const Concept* cls = cat.concept_(id);
         REQUIRE(cls);
         CHECK_FALSE(cls->ingredient);
         CHECK_FALSE(cls->source.empty());
         const auto m = members(*cls);
         CHECK(std::count_if(m.begin(), m.end(), [&](const Concept* x) { return has(*x, rxnorm) || has(*x, "http://www.whocc.no/atc"); }) >= 2);
         // A member without a code says in its source that none could be confirmed.
         for (const Concept* x : m) {
            CAPTURE(x->id);
            CHECK((has(*x, rxnorm) || has(*x, "http://www.whocc.no/atc") || x->source.find("omitted") != std::string::npos));
         }
      }
      // The examples a registry line gives of a class are its members (review helper-160: NCT02199223 lists St. John's Wort
      // among the strong CYP3A4 inducers, and the class left it out).
      for (const char* id : {"rifampin", "phenytoin", "carbamazepine", "phenobarbital", "St. John's Wort"}) {
         CAPTURE(id);
         REQUIRE(cat.concept_(id));
         CHECK(cat.is_a(*cat.concept_(id), *cat.concept_("strong_cyp3a4_inducer")));
      }
      // The FDA table's other strong inducers and inhibitors are members by their later ATC codes (review helper-173: enzalutamide,
      // apalutamide and lumacaftor were left out); a record coded only by ATC, its text naming no drug, is found by the code.
      for (const char* id : {"enzalutamide", "apalutamide", "lumacaftor", "ivosidenib"}) {
         CAPTURE(id);
         REQUIRE(cat.concept_(id));
         CHECK(cat.is_a(*cat.concept_(id), *cat.concept_("strong_cyp3a4_inducer")));
      }
      auto by_atc = [](const std::string& code) {
         json m = medication("study tablet 1");
         m["medicationCodeableConcept"]["coding"] = json::array({{{"system", "http://www.whocc.no/atc"}, {"code", code}}});
         return read(bundle({m}));
      };
      CHECK(result("Concurrent use of strong CYP3A4 inducers", by_atc("R07AX30")) == "met");      // ivacaftor and lumacaftor
      CHECK(result("Concurrent use of strong CYP3A4 inducers", by_atc("L02BB04")) == "met");      // enzalutamide
      CHECK(result("Concurrent use of strong CYP3A4 inhibitors", by_atc("L01ED02")) == "met");    // ceritinib
      CHECK(result("Concurrent use of strong CYP3A4 inhibitors", by_atc("L01XX47")) == "met");    // idelalisib, its pre-2022 code
      CHECK(result("prior tyrosine kinase inhibitor", by_atc("L01ED02")) == "met");               // ceritinib is an ALK TKI
      CHECK(result("prior tyrosine kinase inhibitor", by_atc("L01EM01")) == "not_met");           // idelalisib is a PI3K inhibitor
      CHECK(result("Concurrent use of strong CYP3A4 inducers", by_atc("L02BB02")) == "not_met");  // bicalutamide is none
      // A coformulation's code names its own concept, not only the antiviral class its prefix falls in (review helper-174).
      for (const char* code : {"J05AR18", "J05AR14", "J05AR10", "J05AE30", "J05AP53", "H02CA03"}) {
         CAPTURE(code);
         CHECK(result("Concurrent use of strong CYP3A4 inhibitors", by_atc(code)) == "met");
      }
      CHECK(result("Concurrent use of strong CYP3A4 inhibitors", by_atc("J05AR03")) == "not_met");  // tenofovir and emtricitabine
      CHECK(result("Concurrent use of strong CYP3A4 inhibitors", by_atc("G03XB01")) == "not_met");  // mifepristone: strong only at chronic doses
      CHECK(named(read(bundle({medication("St. John's Wort 300 MG Oral Capsule")}))) == std::vector<std::string>{"st_johns_wort"});
      CHECK(result("Concurrent use of strong CYP3a4 inducers (e.g. rifampin, phenytoin, carbamazepine, phenobarbital, and St. John's Wort)",
                   read(bundle({medication("St. John's Wort 300 MG Oral Capsule")}))) == "met");
      // Procedure classes are code lists (or groupings of members that have them).
      for (const char* id : {"locoregional_therapy", "organ_transplant", "radiotherapy"}) {
         CAPTURE(id);
         const Concept& cls = *cat.concept_(id);
         const bool coded = !cls.codes.empty() || std::any_of(cat.concepts().begin(), cat.concepts().end(),
                                                              [&](const Concept& c) { return &c != &cls && !c.codes.empty() && cat.is_a(c, cls); });
         CHECK(coded);
      }
   }

   TEST_CASE("every concept a trial in rules/ uses is found by codes, by coded members, or says why it cannot be")
   {
      const auto& cat = *catalogue();
      std::set<const Concept*> used;
      std::function<void(const Predicate&)> walk = [&](const Predicate& p) {
         if (p.concept_) used.insert(p.concept_);
         for (const auto& c : p.children) walk(c);
      };
      std::function<void(const Criterion&)> criterion = [&](const Criterion& c) {
         walk(c.predicate);
         for (const auto& k : c.children) criterion(k);
      };
      for (const auto& f : trial_files(source_path("rules"))) {
         CompileResult r = compile_trial_file(f, lexicon());
         REQUIRE(r.trial);
         for (const auto& c : r.trial->criteria) criterion(c);
      }
      REQUIRE(used.size() > 20);
      for (const Concept* c : used) {
         if (c->kind == ConceptKind::finding || !c->parts.empty()) continue;  // findings are asserted; regimens are found from their drugs
         CAPTURE(c->id);
         const bool coded = !c->codes.empty() || std::any_of(cat.concepts().begin(), cat.concepts().end(),
                                                             [&](const Concept& x) { return &x != c && !x.codes.empty() && cat.is_a(x, *c); });
         CHECK((coded || !c->uncoded.empty()));
      }
   }
   TEST_CASE("independent review of the classes: none of these records is a member it would wrongly meet")
   {
      auto atc = [](const std::string& text, const std::string& code) {
         json m = medication(text);
         m["medicationCodeableConcept"]["coding"] = json::array({{{"system", "http://www.whocc.no/atc"}, {"code", code}, {"display", text}}});
         return m;
      };
      // An ATC code of a local-use form decides; the ingredient's name is not read (betamethasone for the skin, dexamethasone for the eye).
      for (const auto& [text, code, criterion] :
           std::vector<std::tuple<std::string, std::string, std::string>>{{"betamethasone", "D07AC01", "systemic corticosteroids"},
                                                                          {"dexamethasone", "S01BA01", "systemic corticosteroids"},
                                                                          {"tacrolimus", "D11AH01", "immunosuppressants"},
                                                                          {"fludrocortisone", "H02AA02", "systemic corticosteroids"},
                                                                          {"everolimus", "L01XE10", "prior tyrosine kinase inhibitor"},
                                                                          {"pirfenidone", "L04AX05", "immunosuppressants"}}) {
         CAPTURE(code);
         const Patient p = read(bundle({atc(text, code)}));
         CHECK(result(criterion, p) == "not_met");
      }
      // The systemic ones still count by their ATC codes.
      CHECK(result("systemic corticosteroids", read(bundle({atc("prednisone", "H02AB07")}))) == "met");
      CHECK(result("prior sorafenib", read(bundle({atc("sorafenib", "L01XE05")}))) == "met");
      // Local forms by their text: fluorouracil cream is no chemotherapy; steroid eye drops, inhaled or implanted steroids are not systemic.
      CHECK(result("prior chemotherapy", read(bundle({medication("fluorouracil 50 MG/ML Topical Cream")}))) == "not_met");
      for (const char* text : {"Dexamethasone eye drops", "triamcinolone inhaled", "dexamethasone 0.7 MG Drug Implant"}) {
         CAPTURE(text);
         CHECK(result("systemic corticosteroids", read(bundle({medication(text)}))) == "not_met");
      }
      // Atrial fibrillation is not atrial flutter, either way.
      const Patient af = read(bundle({element(sherman, "49436004")}));
      CHECK(result("atrial fibrillation", af) == "met");
      json flutter = {{"resourceType", "Condition"},
                      {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                      {"code", {{"coding", json::array({{{"system", "http://hl7.org/fhir/sid/icd-10-cm"}, {"code", "I48.92"}}})}}},
                      {"onsetDateTime", "2020-01-01"}};
      CHECK(result("atrial fibrillation", read(bundle({flutter}))) == "not_met");
      // A tuberculosis that resolved long ago is no active tuberculosis.
      json tb = {{"resourceType", "Condition"},
                 {"clinicalStatus", {{"coding", json::array({{{"code", "resolved"}}})}}},
                 {"code", {{"coding", json::array({{{"system", "http://hl7.org/fhir/sid/icd-10"}, {"code", "A15.0"}}})}}},
                 {"onsetDateTime", "2001-01-01"},
                 {"abatementDateTime", "2002-01-01"}};
      CHECK(result("active tuberculosis", read(bundle({tb}))) == "not_met");
      CHECK(result("history of tuberculosis", read(bundle({tb}))) == "met");
      // Brachytherapy is radiotherapy, never external beam radiotherapy.
      json brachy = {{"resourceType", "Procedure"},
                     {"status", "completed"},
                     {"code", {{"coding", json::array({{{"system", "http://snomed.info/sct"}, {"code", "113120007"}}})}}},
                     {"performedDateTime", "2020-01-01"}};
      CHECK(result("prior radiotherapy", read(bundle({brachy}))) == "met");
      CHECK(result("prior external beam radiotherapy", read(bundle({brachy}))) == "not_met");
      // The central nervous system is the brain and the spinal cord (review helper-95): a brain metastasis is a CNS
      // metastasis; ICD-10-CM C79.49 (other parts of the nervous system: spinal cord or peripheral nerves) may be one.
      auto secondary = [](const char* code) {
         return json{{"resourceType", "Condition"},
                     {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                     {"code", {{"coding", json::array({{{"system", "http://hl7.org/fhir/sid/icd-10-cm"}, {"code", code}}})}}},
                     {"onsetDateTime", "2020-01-01"}};
      };
      CHECK(result("CNS metastases", read(bundle({secondary("C79.31")}))) == "met");
      CHECK(result("brain metastases", read(bundle({secondary("C79.31")}))) == "met");
      CHECK(result("CNS metastases", read(bundle({secondary("C79.49")}))) == "unknown");
      // ICD-10 C79.4 is "other and unspecified parts": a record of the group may be of the brain too.
      CHECK(result("brain metastases", read(bundle({secondary("C79.49")}))) == "unknown");
      CHECK(result("no CNS metastases", read(bundle({secondary("C78.7")}))) == "met");
   }

   TEST_CASE("pulmonary embolism and deep vein thrombosis by their ICD-10 codes (review helper-114, -116)")
   {
      const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
      const auto clot = [&](const char* code, const char* onset) {
         return read(bundle(
             {json{{"resourceType", "Condition"}, {"code", {{"coding", json::array({{{"system", icd10cm}, {"code", code}}})}}}, {"onsetDateTime", onset}}}));
      };
      // Before, an active I26.99 met no "active pulmonary embolism".
      CHECK(result("active pulmonary embolism", clot("I26.99", "2026-10-25")) == "met");
      CHECK(result("venous thromboembolism within the past 6 months", clot("I26.99", "2026-10-25")) == "met");
      CHECK(result("deep vein thrombosis", clot("I82.401", "2026-10-25")) == "met");
      CHECK(result("deep vein thrombosis", clot("I82.621", "2026-10-25")) == "met");
      // A superficial vein of the arm is no deep vein thrombosis.
      CHECK(result("deep vein thrombosis", clot("I82.611", "2026-10-25")) == "not_met");
      CHECK(result("pulmonary embolism", clot("I82.401", "2026-10-25")) == "not_met");
   }

   TEST_CASE("active infection is a class by its codes: pneumonia, sepsis, influenza, COVID-19 and tuberculosis are members (review helper-154, -155)")
   {
      // Before, active_infection held only SNOMED 40733004 'Infectious disease': a current pneumonia met "No serious infections".
      const char* sct = "http://snomed.info/sct";
      const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
      const auto condition = [&](const char* system, const char* code, const char* status) {
         json r = {{"resourceType", "Condition"}, {"code", {{"coding", json::array({{{"system", system}, {"code", code}}})}}}, {"onsetDateTime", "2026-10-20"}};
         r["clinicalStatus"] = {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", status}}})}};
         return read(bundle({r}));
      };
      for (const auto& [system, code] : std::vector<std::pair<const char*, const char*>>{{sct, "40733004"},
                                                                                         {sct, "233604007"},
                                                                                         {sct, "91302008"},
                                                                                         {sct, "76571007"},
                                                                                         {sct, "6142004"},
                                                                                         {sct, "840539006"},
                                                                                         {icd10cm, "J18.9"},
                                                                                         {icd10cm, "J15.212"},
                                                                                         {icd10cm, "J10.1"},
                                                                                         {icd10cm, "A41.9"},
                                                                                         {icd10cm, "U07.1"},
                                                                                         {icd10cm, "A15.0"},
                                                                                         {sct, "307426000"},
                                                                                         {sct, "128045006"},
                                                                                         {icd10cm, "N39.0"},
                                                                                         {icd10cm, "L03.115"},
                                                                                         {icd10cm, "T80.211A"}}) {
         CAPTURE(std::string(code));
         CHECK(result("active infection", condition(system, code, "active")) == "met");
         // Whether it is serious the record does not say: open, never a firm "met" for the inclusion.
         CHECK(result("No serious infections", condition(system, code, "active")) == "unknown");
         // Over before screening: no active infection.
         CHECK(result("active infection", condition(system, code, "resolved")) == "not_met");
      }
      // Chronic viral hepatitis, HIV and a non-infectious pneumonitis are not members; an acute infarction is nothing of the kind.
      for (const auto& [system, code] : std::vector<std::pair<const char*, const char*>>{
               {icd10cm, "B18.1"}, {icd10cm, "B20"}, {icd10cm, "J84.10"}, {icd10cm, "J70.0"}, {icd10cm, "N39.3"}, {sct, "22298006"}}) {
         CAPTURE(std::string(code));
         CHECK(result("active infection", condition(system, code, "active")) == "not_met");
      }
      // No code list holds every infection: a record under a code no concept lists whose text shows one keeps the
      // criterion open, never a firm "no infection" (review helper-158).
      json sinusitis = {{"resourceType", "Condition"},
                        {"code", {{"coding", json::array({{{"system", sct}, {"code", "444814009"}, {"display", "Viral sinusitis (disorder)"}}})}}},
                        {"onsetDateTime", "2026-10-20"}};
      CHECK(result("active infection", read(bundle({sinusitis}))) == "unknown");
      CHECK(result("No serious infections", read(bundle({sinusitis}))) == "unknown");
      // Names that narrow the class are not its names: such a line is manual, never the whole class.
      for (const char* narrower : {"active bacterial infection", "systemic infection"}) {
         std::vector<Warning> warnings;
         CHECK_THROWS(compile_criterion(narrower, lexicon(), warnings));
      }
      // "requiring systemic therapy" narrows it by a qualifier leaf the record must answer (docs/language.md, "Qualifier
      // leaves"): a current pneumonia leaves the line open, never met by the class alone.
      json pneumonia = {{"resourceType", "Condition"},
                        {"code", {{"coding", json::array({{{"system", sct}, {"code", "233604007"}, {"display", "Pneumonia (disorder)"}}})}}},
                        {"clinicalStatus", {{"coding", json::array({{{"code", "active"}}})}}},
                        {"onsetDateTime", "2026-10-20"}};
      CHECK(result("active infection requiring systemic therapy", read(bundle({pneumonia}))) == "unknown");
      CHECK(result("active infection requiring systemic therapy", condition(icd10cm, "J84.10", "active")) == "not_met");
   }
}

}  // namespace eligo::test::fhir_codes_tests
