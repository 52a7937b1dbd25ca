// HCC locoregional procedures found in FHIR records by their codes (issue 16, item 7): RFA (SNOMED CT), a liver
// ablation by radiofrequency CPT codes that also report microwave ablation (CPT, the class `ablation`), cryoablation
// (CPT), percutaneous ethanol injection (SNOMED CT) and SIRT (CPT, HCPCS Level II); HAIC's pump insertion (CPT 36260)
// deliberately names nothing. Each code, and where it was confirmed, is in engine/catalogue/concepts.json. A record
// names the procedure only by the exact (system, code): a neighbouring code, the same code in another system, or the
// procedure's words without a code name nothing.
#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/patient/patient.hpp"
#include "hcc_trial_eval.hpp"
#include "support.hpp"

namespace eligo::test::fhir_locoregional_codes_tests {

using nlohmann::json;

namespace {

const char* sct = "http://snomed.info/sct";
const char* cpt = "http://www.ama-assn.org/go/cpt";
const char* hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

// A bundle of a patient and one Procedure, done on `date` (2024-03-05 unless given), coded (system, code) or, with an
// empty system, written only as text.
json bundle(const std::string& system, const std::string& code, const std::string& text, const std::string& date = "2024-03-05")
{
   json cc = {{"text", text}};
   if (!system.empty()) cc["coding"] = json::array({{{"system", system}, {"code", code}, {"display", text}}});
   return {
       {"resourceType", "Bundle"},
       {"type", "collection"},
       {"entry",
        json::array({{{"fullUrl", "urn:uuid:p1"}, {"resource", {{"resourceType", "Patient"}, {"id", "P1"}, {"gender", "male"}, {"birthDate", "1960-03-12"}}}},
                     {{"fullUrl", "urn:uuid:r1"},
                      {"resource",
                       {{"resourceType", "Procedure"},
                        {"id", "r1"},
                        {"status", "completed"},
                        {"code", cc},
                        {"performedDateTime", date},
                        {"subject", {{"reference", "urn:uuid:p1"}}}}}}})}};
}

Patient read(const json& b) { return read_patient(b.dump(), "b.json", *catalogue()); }

// The concepts the bundle's procedure names, space-separated ("" for none).
std::string named(const json& b)
{
   const Patient p = read(b);
   REQUIRE(p.procedures);
   std::string ids;
   for (const auto& r : *p.procedures)
      if (r.concept_) ids += (ids.empty() ? "" : " ") + r.concept_->id;
   return ids;
}

std::string result(const std::string& criterion, const json& b) { return to_string(eval_in_hcc_trial(criterion, read(b)).result); }

bool unmapped(const json& b, const std::string& system, const std::string& code)
{
   const Patient p = read(b);
   return std::any_of(p.unmapped_codes.begin(), p.unmapped_codes.end(), [&](const auto& u) { return u.system == system && u.code == code; });
}

struct Case {
   const char* system;
   const char* code;
   const char* display;
   const char* concept_;
   const char* criterion;
};

// Every code the catalogue lists for these procedures, with the source's wording of it.
const std::vector<Case> cases = {
    {sct, "708625004", "Open radiofrequency ablation of lesion of liver (procedure)", "rfa", "prior radiofrequency ablation"},
    // The AMA instructs reporting a microwave ablation with these (Premera medical policy 7.01.133): an ablation, not RFA.
    {cpt, "47370", "Laparoscopy, surgical, ablation of 1 or more liver tumor(s); radiofrequency", "ablation", "prior local ablation"},
    {cpt, "47380", "Ablation, open, of 1 or more liver tumor(s); radiofrequency", "ablation", "prior local ablation"},
    {cpt, "47382", "Ablation, one or more liver tumor(s), percutaneous, radiofrequency", "ablation", "prior local ablation"},
    {cpt, "47371", "Laparoscopic cryosurgical ablation of liver tumor(s)", "cryoablation", "prior cryoablation"},
    {cpt, "47381", "Open cryosurgical ablation of liver tumor(s)", "cryoablation", "prior cryoablation"},
    {cpt, "47383", "Ablation, 1 or more liver tumor(s), percutaneous, cryoablation", "cryoablation", "prior cryoablation"},
    {sct, "433876005", "Ethanol ablation of lesion of liver using computed tomography guidance (procedure)", "percutaneous_ethanol_injection",
     "prior percutaneous ethanol injection"},
    {cpt, "79445", "Radiopharmaceutical therapy, by intra-arterial particulate administration", "sirt", "prior SIRT"},
    {hcpcs, "S2095", "Transcatheter occlusion or embolization for tumor destruction, percutaneous, any method, using yttrium-90 microspheres", "sirt",
     "prior SIRT"},
};

}  // namespace

TEST_SUITE("fhir")
{
   TEST_CASE("locoregional procedures by code: each listed code names its procedure")
   {
      for (const Case& c : cases) {
         CAPTURE(c.code);
         const json b = bundle(c.system, c.code, c.display);
         CHECK(named(b) == c.concept_);
         CHECK_FALSE(unmapped(b, c.system, c.code));
         CHECK(result(c.criterion, b) == "met");
         // Each is a locoregional therapy (an ablation or a transarterial therapy), never TACE.
         CHECK(result("prior locoregional therapy", b) == "met");
         CHECK(result("prior TACE", b) == "not_met");
      }
      // RFA, cryoablation and PEI are ablations; SIRT is not.
      CHECK(result("prior ablation", bundle(sct, "708625004", "RFA")) == "met");
      CHECK(result("prior ablation", bundle(sct, "433876005", "PEI")) == "met");
      CHECK(result("prior ablation", bundle(cpt, "79445", "Y-90")) == "not_met");
      // A SNOMED CT RFA is no cryoablation, and a cryoablation no RFA.
      CHECK(result("prior cryoablation", bundle(sct, "708625004", "RFA")) == "not_met");
      CHECK(result("prior radiofrequency ablation", bundle(cpt, "47383", "cryo")) == "not_met");
   }

   TEST_CASE("locoregional procedures by code: CPT's radiofrequency liver ablation codes are an ablation, which may be RFA or MWA")
   {
      // "There are no specific CPT codes for microwave ablation (MWA). The AMA instructs using ... 47382" (Premera medical
      // policy 7.01.133): a record of 47370, 47380 or 47382 is a liver ablation of the radiofrequency spectrum, either RFA
      // or MWA. The broader record meets a criterion on ablation and leaves one on RFA or MWA unknown.
      for (const char* code : {"47370", "47380", "47382"}) {
         CAPTURE(code);
         const json b = bundle(cpt, code, "Ablation, one or more liver tumor(s), radiofrequency");
         CHECK(named(b) == "ablation");
         CHECK(result("prior local ablation", b) == "met");
         CHECK(result("prior ablation", b) == "met");
         CHECK(result("prior RFA", b) == "unknown");
         CHECK(result("prior radiofrequency ablation", b) == "unknown");
         CHECK(result("prior microwave ablation", b) == "unknown");
         CHECK(result("prior MWA", b) == "unknown");
         // A narrower criterion the CPT code could tell apart (cryoablation has its own codes, 47371, 47381, 47383) is
         // still unknown: the record is read as the class `ablation`, which does not say which energy it was not.
         CHECK(result("prior cryoablation", b) == "unknown");
         // Within a window: the record's date counts (screening is 2026-11-02).
         CHECK(result("locoregional therapy within 4 weeks", bundle(cpt, code, "RFA", "2026-10-20")) == "met");
         CHECK(result("locoregional therapy within 4 weeks", b) == "not_met");
         CHECK(result("RFA within 4 weeks", bundle(cpt, code, "RFA", "2026-10-20")) == "unknown");
         // An ablation more than 4 weeks before screening cannot be an RFA within 4 weeks.
         CHECK(result("RFA within 4 weeks", b) == "not_met");
      }
      // The SNOMED CT code names the energy: it is an RFA, and so meets "prior RFA".
      CHECK(result("prior RFA", bundle(sct, "708625004", "Open radiofrequency ablation of lesion of liver")) == "met");
      CHECK(result("prior microwave ablation", bundle(sct, "708625004", "Open radiofrequency ablation of lesion of liver")) == "not_met");
   }

   TEST_CASE("HAIC: CPT 36260, the insertion of the infusion pump, is not the therapy")
   {
      // The pump's insertion makes HAIC possible; it is not an infusion. Mapped, a washout window would be measured from
      // the insertion and a pump never used would read as prior HAIC. The code names nothing and is listed as unmapped.
      const json pump = bundle(cpt, "36260", "Insertion of implantable intra-arterial infusion pump (eg, for chemotherapy of liver)");
      CHECK(named(pump).empty());
      CHECK(unmapped(pump, cpt, "36260"));
      CHECK(result("prior HAIC", pump) != "met");
      CHECK(result("HAIC within 4 weeks", bundle(cpt, "36260", "pump", "2026-10-20")) != "met");
      CHECK(result("prior transarterial therapy", pump) != "met");
   }

   TEST_CASE("locoregional procedures: a near-miss code, another system's code or the words alone name nothing")
   {
      for (const Case& c : cases) {
         CAPTURE(c.code);
         // The same words, no code: procedures are never found by text.
         const json words = bundle("", "", c.display);
         CHECK(named(words).empty());
         CHECK(result(c.criterion, words) != "met");
         // The same code in another system: systems are compared exactly.
         const std::string other = std::string(c.system) == sct ? cpt : sct;
         const json elsewhere = bundle(other, c.code, c.display);
         CHECK(named(elsewhere).empty());
         CHECK(unmapped(elsewhere, other, c.code));
      }
      // Neighbouring codes the catalogue does not list, in the same system: reported as unmapped, never the procedure.
      for (const auto& [system, code] : std::vector<std::pair<const char*, const char*>>{
               {cpt, "47379"}, {cpt, "47384"}, {cpt, "79440"}, {cpt, "36261"}, {sct, "708625005"}, {sct, "433876006"}, {hcpcs, "S2096"}}) {
         CAPTURE(code);
         const json b = bundle(system, code, "liver procedure");
         CHECK(named(b).empty());
         CHECK(unmapped(b, system, code));
      }
      // HCPCS Level II is read by the URI HL7 Terminology gives it (http); the same code under another URI is unmapped.
      const json https = bundle("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "S2095", "Y-90");
      CHECK(named(https).empty());
      CHECK(result("prior SIRT", https) != "met");
   }

   TEST_CASE("CPT and HCPCS are named in what a record leaves unmapped")
   {
      CHECK(code_system_name(cpt) == "CPT");
      CHECK(code_system_name(hcpcs) == "HCPCS Level II");
      CHECK(code_system_name("http://example.org/local") == "http://example.org/local");
   }
}

}  // namespace eligo::test::fhir_locoregional_codes_tests
