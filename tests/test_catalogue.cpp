// Loading the catalogues: categories are checked, and a bad entry is a load error that
// names the file and the entry (docs/catalogue.md).
#include <string>

#include <doctest/doctest.h>

#include "engine/catalogue/catalogue.hpp"
#include "support.hpp"

namespace eligo::test::catalogue_tests {

namespace {

struct Files {
   std::string analytes = read_file(source_path("engine/catalogue/analytes.json"));
   std::string scores = read_file(source_path("engine/catalogue/scores.json"));
   std::string concepts = read_file(source_path("engine/catalogue/concepts.json"));
};

// The files with the first occurrence of `from` in one of them replaced by `to`.
std::string load_error(std::string Files::*file, const std::string& from, const std::string& to)
{
   Files f;
   std::string& text = f.*file;
   const auto at = text.find(from);
   REQUIRE(at != std::string::npos);
   text.replace(at, from.size(), to);
   try {
      Catalogue::from_json(f.analytes, f.scores, f.concepts);
   }
   catch (const CatalogueError& e) {
      return e.what();
   }
   return "loaded";
}

}  // namespace

TEST_SUITE("catalogue")
{
   TEST_CASE("the built-in files load, and their categories are typed")
   {
      Files f;
      const auto cat = Catalogue::from_json(f.analytes, f.scores, f.concepts);
      CHECK(cat->analyte("platelets")->kind == AnalyteKind::lab);
      CHECK(cat->analyte("platelets")->harm == Harm::low);
      CHECK(cat->score("child_pugh")->derived == DerivedScore::child_pugh);
      CHECK(cat->score("ecog")->derived == DerivedScore::none);
      CHECK(cat->concept_("lenvatinib")->kind == ConceptKind::medication);
      CHECK(std::string(to_string(ConceptKind::procedure)) == "procedure");
   }

   TEST_CASE("an unknown category is a load error naming the entry")
   {
      // A typo once put a drug among the conditions in silence.
      const std::string lenvatinib = R"("id": "lenvatinib",)";
      Files f;
      const auto at = f.concepts.find(lenvatinib);
      REQUIRE(at != std::string::npos);
      const auto kind = f.concepts.find(R"("kind": "medication")", at);
      REQUIRE(kind != std::string::npos);
      f.concepts.replace(kind, std::string(R"("kind": "medication")").size(), R"("kind": "medicaton")");
      std::string message;
      try {
         Catalogue::from_json(f.analytes, f.scores, f.concepts);
      }
      catch (const CatalogueError& e) {
         message = e.what();
      }
      CHECK(message == R"(concepts.json: lenvatinib: "kind" is "medicaton"; expected one of "condition", "medication", "procedure", "finding")");

      CHECK(load_error(&Files::analytes, R"("kind": "vital")", R"("kind": "vitals")")
                .find(R"("kind" is "vitals"; expected one of "lab", "vital", "tumour", "derived")") != std::string::npos);
      CHECK(load_error(&Files::scores, R"("derived": "albi")", R"("derived": "ALBI")")
                .find(R"("derived" is "ALBI"; expected one of "child_pugh", "albi", "bclc")") != std::string::npos);
      CHECK(load_error(&Files::analytes, R"("harm": "low")", R"("harm": 1)").find(R"("harm" is 1; expected one of "low", "high")") != std::string::npos);
   }

   TEST_CASE("a score's code names it alone: another score's code, or a concept's SNOMED CT code, is a load error (review helper-176)")
   {
      CHECK(load_error(&Files::scores, R"("761869008")", R"("423740007")").find("SNOMED CT 423740007 is listed twice, or is also another score's code") !=
            std::string::npos);
      CHECK(load_error(&Files::scores, R"("89243-0")", R"("89247-1")").find("LOINC 89247-1 is listed twice, or is also another score's or an analyte's code") !=
            std::string::npos);
      CHECK(load_error(&Files::scores, R"("89243-0")", R"("777-3")").find("LOINC 777-3 is listed twice, or is also another score's or an analyte's code") !=
            std::string::npos);
      // 77386006 is pregnancy, a concept's code.
      CHECK(load_error(&Files::scores, R"("761869008")", R"("77386006")").find("SNOMED CT 77386006 is also a concept's code") != std::string::npos);
   }

   TEST_CASE("an optional category given as \"\" is none")
   {
      CHECK(load_error(&Files::analytes, R"("harm": "low")", R"("harm": "")") == "loaded");
      CHECK(load_error(&Files::scores, R"("derived": "albi")", R"("derived": "")") == "loaded");
      CHECK(load_error(&Files::concepts, R"("kind": "medication")", R"("kind": "")").find(R"("kind" is ""; expected one of)") != std::string::npos);
   }

   TEST_CASE("an analyte refines another of the same unit, named by its id: QTcB and QTcF refine QTc")
   {
      const auto cat = catalogue();
      REQUIRE(cat->analyte("QTcB"));
      REQUIRE(cat->analyte("QTcB")->refines == cat->analyte("QTc"));
      CHECK(cat->analyte("QTcF")->refines == cat->analyte("QTc"));
      CHECK(cat->analyte("QTc")->refines == nullptr);
      CHECK(load_error(&Files::analytes, R"("analyte": "qtc",)", R"("analyte": "qtx",)").find("refines unknown analyte 'qtx'") != std::string::npos);
      CHECK(load_error(&Files::analytes, R"("analyte": "qtc",)", R"("analyte": "hemoglobin",)").find("whose canonical unit differs") != std::string::npos);
   }

   TEST_CASE("a code in a system Eligo does not read is a load error naming the entry")
   {
      // A misspelt URI would match no record, in silence.
      const std::string https = load_error(&Files::concepts, R"("system": "http://www.ama-assn.org/go/cpt")", R"("system": "https://www.ama-assn.org/go/cpt")");
      CHECK(https.find("concepts.json: ") == 0);
      CHECK(https.find(R"("https://www.ama-assn.org/go/cpt" is not a code system Eligo reads (RxNorm http://www.nlm.nih.gov/research/umls/rxnorm, )") !=
            std::string::npos);
      CHECK(https.find("CPT http://www.ama-assn.org/go/cpt, HCPCS Level II http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets") != std::string::npos);
      CHECK(load_error(&Files::concepts, R"("system": "http://snomed.info/sct")", R"("system": "snomed")").find(R"("snomed" is not a code system)") !=
            std::string::npos);
      // The same check on the fhir section's codes (outcomes, answers, none_known).
      CHECK(load_error(&Files::concepts, R"("system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl")", R"("system": "NCIt")")
                .find(R"(concepts.json: fhir: code {"code":"C4870","system":"NCIt"}: "NCIt" is not a code system Eligo reads)") != std::string::npos);
      CHECK(load_error(&Files::concepts, R"("code": "47370")", R"("code": "")").find(R"(: the code is empty)") != std::string::npos);
      // A personal-history code (ICD-10-CM Z85) says so with "history": true.
      CHECK(load_error(&Files::concepts, R"("history": true)", R"("history": "yes")").find(R"("history" is true or false)") != std::string::npos);
      CHECK(load_error(&Files::concepts, R"("system": "http://www.ama-assn.org/go/cpt")", R"("system": "http://www.ama-assn.org/go/cpt")") == "loaded");
   }

   TEST_CASE("a concept without a kind is a load error")
   {
      CHECK(load_error(&Files::concepts, R"("kind": "medication",)", "").find(R"(missing "kind" (one of "condition", "medication", "procedure", "finding"))") !=
            std::string::npos);
   }
}

}  // namespace eligo::test::catalogue_tests
