// Scope (docs/language.md, "Scope: negation, lists, examples, relations"): what a negation, a list,
// the examples after "including" and a relation word cover; comma lists by their joining word and by
// the section; an exclusion written as a requirement; names that mean a liver concept only in a
// liver-cancer trial. Each case compiles the registry phrase and evaluates a patient that the right
// reading and the wrong one (the reading before these rules) tell apart.
#include <doctest/doctest.h>

#include <sstream>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/screen_report.hpp"
#include "grammar/parse_criterion.hpp"
#include "support.hpp"

namespace eligo::test::scope_tests {

namespace {

Patient patient(const std::string& json) { return read_patient(json, "scope.json", *catalogue()); }

const Concept* concept_named(const char* name) { return catalogue()->concept_(name); }

// The compiled form of a criterion read in `section` of a trial on `condition`, or "error: message".
std::string reading(const std::string& text, Section section = Section::none, const Concept* condition = nullptr)
{
   std::vector<Warning> w;
   try {
      return to_string(compile_criterion(text, lexicon(), w, section, condition));
   }
   catch (const CriterionError& e) {
      return "error: " + e.message;
   }
}

Tri eval(const std::string& text, const Patient& p, Section section = Section::none, const Concept* condition = nullptr)
{
   std::vector<Warning> w;
   const Predicate pred = compile_criterion(text, lexicon(), w, section, condition);
   return evaluate(pred, EvalContext{p, *parse_date("2026-11-02"), *catalogue(), {}, std::nullopt, {}}).result;
}

// Complete lists (nothing more to record) with the given medications, procedures and conditions.
Patient history(const std::string& medications, const std::string& procedures = "", const std::string& conditions = "", const std::string& more = "")
{
   return patient(R"({"id": "S", "sex": "female", "medications": [)" + medications + R"(], "procedures": [)" + procedures + R"(], "conditions": [)" +
                  conditions + R"(], "allergies": [])" + (more.empty() ? "" : ", " + more) + "}");
}

const char* lenvatinib_2025 = R"({"concept": "lenvatinib", "start": "2025-01-10", "end": "2025-06-30"})";

std::string labs(double plt, double hb, double anc)
{
   return R"("labs": [{"analyte": "PLT", "value": )" + std::to_string(plt) + R"(, "unit": "10^9/L", "date": "2026-10-30"},
                      {"analyte": "hemoglobin", "value": )" +
          std::to_string(hb) + R"(, "unit": "g/dL", "date": "2026-10-30"},
                      {"analyte": "ANC", "value": )" +
          std::to_string(anc) + R"(, "unit": "10^9/L", "date": "2026-10-30"}])";
}

}  // namespace

TEST_SUITE("scope")
{
   TEST_CASE("a negation before a list of facts covers the whole list")
   {
      // Once (or (not pregnant) lactating): a nursing mother met "Not pregnant or nursing".
      CHECK(reading("Not pregnant or nursing") == "(not (or (has pregnant) (has lactating)))");
      const Patient nursing = patient(R"({"id": "N", "sex": "female", "findings": {"pregnant": false, "lactating": true}})");
      CHECK(eval("Not pregnant or nursing", nursing) == Tri::not_met);
      CHECK(eval("Not pregnant or nursing", patient(R"({"id": "N", "sex": "female", "findings": {"pregnant": false, "lactating": false}})")) == Tri::met);
      // Once (or (not A) A): a patient with a coagulopathy met "no bleeding diathesis or coagulopathy".
      const Patient coagulopathy = history("", "", R"({"concept": "coagulopathy"})");
      CHECK(eval("no bleeding diathesis or coagulopathy", coagulopathy) == Tri::not_met);
      CHECK(eval("no bleeding diathesis or coagulopathy", history("")) == Tri::met);
      // Once (or (not sorafenib) lenvatinib): lenvatinib alone met it.
      const Patient lenvatinib = history(lenvatinib_2025);
      for (const char* c : {"no prior sorafenib or lenvatinib", "without sorafenib or lenvatinib", "neither sorafenib nor lenvatinib",
                            "No prior sorafenib, lenvatinib or TACE", "no prior sorafenib, lenvatinib"}) {
         CAPTURE(c);
         CHECK(eval(c, lenvatinib) == Tri::not_met);
         CHECK(eval(c, history("")) == Tri::met);
      }
      // Separate negations stay separate.
      CHECK(reading("no prior sorafenib, no prior lenvatinib") == "(and (not (has sorafenib)) (not (has lenvatinib)))");
   }

   TEST_CASE("a negation whose reach cannot be told does not compile")
   {
      CHECK(reading("No hepatitis B and hepatitis C").rfind("error: 'No hepatitis B and hepatitis C': a negation before 'A and B' may mean neither", 0) == 0);
      CHECK(reading("no prior TACE within 4 weeks or RFA").rfind("error: 'no prior TACE within 4 weeks or RFA': cannot tell whether the negation covers", 0) ==
            0);
      // A comma ends it; a test after "or" is not a fact the negation could cover.
      CHECK(reading("no prior TACE within 4 weeks, or RFA") == "(or (not (has tace within 4wk)) (has rfa))");
      CHECK(reading("no prior sorafenib or ECOG ≥ 2") == "(or (not (has sorafenib)) (ecog in 2..5))");
   }

   TEST_CASE("commas take the list's joining word")
   {
      // Once (or (and radiotherapy surgery) chemotherapy): surgery alone did not meet it.
      CHECK(reading("radiation, surgery or chemotherapy") == "(or (has radiotherapy) (has surgery) (has chemotherapy))");
      const Patient surgery = history("", R"({"concept": "surgery", "date": "2025-03-01"})");
      CHECK(eval("radiation, surgery or chemotherapy", surgery) == Tri::met);
      // "A, B and C" is all of them.
      CHECK(eval("sorafenib, lenvatinib and TACE", history(lenvatinib_2025, R"({"concept": "TACE", "date": "2025-03-01"})")) == Tri::not_met);
      // Between tests too: once (or (and PLT Hb) ANC), a low platelet count alone did not exclude.
      const std::string list = "PLT < 100×10^9/L, Hb < 9 g/dL or ANC < 1.5×10^9/L";
      CHECK(reading(list) == "(or (platelets < 100 10*9/L) (hemoglobin < 90 g/L [9 g/dL]) (absolute_neutrophils < 1.5 10*9/L))");
      CHECK(eval(list, patient(R"({"id": "L", )" + labs(62, 13, 3) + "}")) == Tri::met);
      CHECK(eval(list, patient(R"({"id": "L", )" + labs(150, 13, 3) + "}")) == Tri::not_met);
   }

   TEST_CASE("a list joined by commas alone is read from the section")
   {
      // Once (and pregnant lactating): a nursing mother was not excluded by "pregnant, lactating women".
      const Patient nursing = patient(R"({"id": "N", "sex": "female", "findings": {"pregnant": false, "lactating": true}})");
      CHECK(reading("pregnant, lactating women", Section::exclusion) == "(or (has pregnant) (has lactating))");
      CHECK(eval("pregnant, lactating women", nursing, Section::exclusion) == Tri::met);
      // In an inclusion (and without a section) a list of facts alone does not say whether one is enough.
      CHECK(reading("prior sorafenib, regorafenib", Section::inclusion)
                .rfind("error: the list 'prior sorafenib, regorafenib' joins its items with commas alone", 0) == 0);
      CHECK(reading("pregnant, lactating").rfind("error: the list", 0) == 0);
      // Under a negation: none of them.
      CHECK(eval("no prior sorafenib, lenvatinib", history(lenvatinib_2025), Section::inclusion) == Tri::not_met);
      // Tests joined by commas: each is required in an inclusion, each excludes in an exclusion.
      const std::string low = "PLT < 100×10^9/L, Hb < 9 g/dL";
      const Patient plt_low = patient(R"({"id": "L", )" + labs(62, 13, 3) + "}");
      CHECK(eval(low, plt_low, Section::exclusion) == Tri::met);  // once (and …): not excluded
      CHECK(eval(low, plt_low, Section::inclusion) == Tri::not_met);
      CHECK(eval("PLT ≥ 75×10^9/L, Hb ≥ 9 g/dL", plt_low, Section::inclusion) == Tri::not_met);
      // A run-on line keeps "and" in an exclusion: HCC with Child-Pugh ≥ B7 is one exclusion, not two.
      CHECK(reading("Hepatocellular carcinoma patients with a Child Pugh score >= B7", Section::exclusion) ==
            "(and (has hepatocellular_carcinoma) (child_pugh in 7..15))");
      // A quantifier joins the items itself.
      CHECK(reading("none of the following: pregnant, lactating") == "(not (or (has pregnant) (has lactating)))");
   }

   TEST_CASE("a time after a list binds each of its facts")
   {
      // NCT02960620: once (or (and (radiotherapy since > 4wk) (has surgery)) (has chemotherapy)).
      const std::string c = "> 4 weeks since prior radiation, surgery or chemotherapy";
      CHECK(reading(c) == "(and (has radiotherapy since > 4wk) (has surgery since > 4wk) (has chemotherapy since > 4wk))");
      CHECK(eval(c, history("")) == Tri::met);  // treatment-naive: once not met
      const Patient chemo_last_week = history(R"({"concept": "chemotherapy", "start": "2026-09-01", "end": "2026-10-26"})");
      CHECK(eval(c, chemo_last_week) == Tri::not_met);  // once met
      CHECK(reading("less than 4 weeks since surgery or radiotherapy") == "(or (has surgery since < 4wk) (has radiotherapy since < 4wk))");
      // Once (or (has stroke) (has MI within 6 months)): a stroke three years ago met it.
      const std::string window = "history of stroke or myocardial infarction within 6 months";
      CHECK(reading(window) == "(or (has stroke within 6mo) (has myocardial_infarction within 6mo))");
      CHECK(eval(window, history("", "", R"({"concept": "stroke", "onset": "2023-05-01", "end": "2023-06-01"})")) == Tri::not_met);
   }

   TEST_CASE("a name written with its abbreviation inside it is one name: 'human immunodeficiency virus (HIV) infection'")
   {
      // HCC corpus (NCT01009801, NCT01774344, …): the commonest exclusion of oncology trials did not compile: the name ended at
      // the bracket and 'infection' after it was left unread. The words without the bracket are a longer name of the same
      // concept, so the bracket restates it, as "(MI)" after "myocardial infarction" does.
      const std::string hiv = "Known human immunodeficiency virus (HIV) infection";
      CHECK(reading(hiv, Section::exclusion) == "(has hiv_infection)");
      CHECK(reading("Known hepatitis B virus (HBV) infection", Section::exclusion) == "(has hepatitis_b)");
      CHECK(reading("Known history of human immunodeficiency virus (HIV) infection or chronic hepatitis C", Section::exclusion) ==
            "(or (has hiv_infection) (has chronic_hepatitis_c))");
      CHECK(eval(hiv, history("", "", R"({"concept": "HIV infection", "onset": "2015-03-01"})"), Section::exclusion) == Tri::met);
      CHECK(eval(hiv, history("", "", R"({"concept": "hepatitis B", "onset": "2015-03-01"})"), Section::exclusion) == Tri::not_met);
      // "Known HIV infection": "known" is a word a record answers as it answers the name after it (filler_words.json); a
      // name "known HIV" once took it, and left "infection" unread.
      CHECK(reading("Known HIV infection", Section::exclusion) == "(has hiv_infection)");
      CHECK(reading("No known HIV infection", Section::inclusion) == "(not (has hiv_infection))");
      // "Infection with X", "infected with X": X's infection, when "X infection" is a name of X's concept.
      CHECK(reading("Known infection with human immunodeficiency virus (HIV)", Section::exclusion) == "(has hiv_infection)");
      CHECK(reading("Patients infected with hepatitis C virus", Section::exclusion) == "(has hepatitis_c)");
      // The bracket must restate the concept: an abbreviation of another concept is refused, as after a name.
      CHECK(reading("Known human immunodeficiency virus (HBV) infection", Section::exclusion).find("error: the bracket '(HBV)' names") == 0);
      // Without the bracket the words would be another concept's name ("liver cancer resection" is a hepatectomy): the bracket
      // does not join them, and the line is not read.
      CHECK(reading("Prior liver cancer (LC) resection", Section::exclusion).find("error:") == 0);
   }

   TEST_CASE("an item of a list keeps its own abbreviation and exception in brackets, and the window at the end binds it too")
   {
      // Wide corpus, seed-24 sample (helper-127, helper-126): "(MI)" and "(except gemcitabine)" once ended the list, so the window
      // bound only the items after them: a myocardial infarction five years ago, or chemotherapy a year ago, excluded.
      const std::string mi = "Myocardial infarction (MI) or stroke within 6 months before Screening.";
      CHECK(reading(mi, Section::exclusion) == "(or (has myocardial_infarction within 6mo) (has stroke within 6mo))");
      const Patient old_mi = history("", "", R"({"concept": "myocardial infarction", "onset": "2021-05-01", "end": "2021-06-01"})");
      CHECK(eval(mi, old_mi, Section::exclusion) == Tri::not_met);  // once met: excluded
      const std::string chemo = "Prior chemotherapy (except gemcitabine), radiation therapy, or immunotherapy within 4 weeks.";
      CHECK(reading(chemo, Section::exclusion) ==
            "(or (has chemotherapy within 4wk except gemcitabine) (has radiotherapy within 4wk) (has immunotherapy within 4wk))");
      const Patient s1_last_year = history(R"({"concept": "capecitabine", "start": "2025-09-01", "end": "2025-12-01"})");
      CHECK(eval(chemo, s1_last_year, Section::exclusion) == Tri::not_met);  // once met
      const Patient gemcitabine_now = history(R"({"concept": "gemcitabine", "start": "2026-10-01", "end": "2026-10-28"})");
      CHECK(eval(chemo, gemcitabine_now, Section::exclusion) == Tri::not_met);
      // A bracket that is not the name's abbreviation may narrow it, or names another concept: the line does not compile.
      CHECK(reading("Chemotherapy (TACE) or stroke within 6 months", Section::exclusion).find("error: the bracket '(TACE)' names") == 0);
      CHECK(reading("Breast cancer (TNBC) or stroke within 6 months", Section::exclusion).find("error: the bracket '(TNBC)' is no abbreviation") == 0);
      // A stage, grade or class in brackets is still read as one (test_slips.cpp): "(III)", "(G3)", "(BCLC-C)".
      CHECK(reading("Hepatocellular carcinoma (III)").find("error: the stage, class or grade '") == 0);
      // "(IV)" alone after a disease is its stage, not intravenous (review helper-133: it compiled as any HCC).
      CHECK(reading("Hepatocellular carcinoma (IV)").find("error: the stage, class or grade 'IV'") == 0);
      // STEMI and NSTEMI are kinds of infarction, not names of any (reviews helper-133, -134).
      CHECK(reading("STEMI within 6 months", Section::exclusion) == "(has st_elevation_myocardial_infarction within 6mo)");
      CHECK(reading("Myocardial infarction (STEMI) within 6 months", Section::exclusion).find("error:") == 0);
      CHECK(reading("Myocardial infarction (MI) within 6 months", Section::exclusion) == "(has myocardial_infarction within 6mo)");
      // Any other bracket ends the list, and the window would bind only what follows it (review helper-128): no reading.
      // So does a square bracket, and the mirror, a time before the list (review helper-129).
      for (const char* c : {"Myocardial infarction (heart attack) or stroke within 6 months", "Malignancy (melanoma) or stroke within 5 years",
                            "Prior chemotherapy (including gemcitabine), radiotherapy, or immunotherapy within 4 weeks",
                            "Prior chemotherapy [including gemcitabine] or radiotherapy within 4 weeks",
                            "At least 4 weeks since prior chemotherapy (including gemcitabine) or radiotherapy",
                            "Less than 6 months since myocardial infarction (heart attack) or stroke"}) {
         CAPTURE(c);
         CHECK(reading(c, Section::exclusion).find("ends the list, so its time would not bind every item") != std::string::npos);
      }
      // An abbreviation is the initials of the name's words, or another name of its concept: "(CHOP)" is a regimen, "(HCA)" and "(CC)"
      // after "hepatocellular carcinoma" an adenoma and a cholangiocarcinoma (reviews helper-129, -130).
      for (const char* c :
           {"Prior chemotherapy (CHOP) or radiotherapy within 6 months", "Hepatocellular carcinoma (HCA) or stroke within 6 months",
            "Hepatocellular carcinoma (CC) or cholangiocarcinoma within 5 years", "pancreatic ductal adenocarcinoma (PDAC)", "Active tuberculosis (TB)"}) {
         CAPTURE(c);
         CHECK(reading(c, Section::exclusion).find("is no abbreviation of") != std::string::npos);
      }
      CHECK(reading("history of hepatocellular carcinoma (HCC)", Section::exclusion) == "(has hepatocellular_carcinoma)");  // a name of it
      CHECK(reading("deep vein thrombosis (DVT) or stroke within 6 months", Section::exclusion).find("error") == std::string::npos);
      CHECK(reading("Triple negative breast cancer (TNBC)", Section::inclusion).find("error: the bracket") == std::string::npos);
   }

   TEST_CASE("what excludes, of a class that holds the trial's own condition, is another one")
   {
      // Wide corpus NCT00463840 (seed-24 sample, helper-126): "No prior malignancy within last 5 years" in a pancreatic cancer
      // trial excluded every patient the trial is for, by their own cancer.
      const Concept* pancreatic = concept_named("pancreatic cancer");
      REQUIRE(pancreatic);
      const std::string c = "No prior malignancy within last 5 years";
      CHECK(reading(c, Section::inclusion, pancreatic) == "(not (has other malignancy within 5a))");
      const Patient own = history("", "", R"({"concept": "pancreatic cancer", "onset": "2026-09-01"})");
      std::vector<Warning> w;
      const Predicate pred = compile_criterion(c, lexicon(), w, Section::inclusion, pancreatic);
      CHECK(evaluate(pred, EvalContext{own, *parse_date("2026-11-02"), *catalogue(), {pancreatic}, std::nullopt, {}}).result == Tri::met);  // once not met
      REQUIRE(w.size() == 1);
      CHECK(w[0].note);
      CHECK(w[0].message.find("'malignancy' is read as a malignancy other than this trial's condition (pancreatic") == 0);
      const Patient second = history("", "", R"({"concept": "breast cancer", "onset": "2024-01-01"})");
      CHECK(evaluate(pred, EvalContext{second, *parse_date("2026-11-02"), *catalogue(), {pancreatic}, std::nullopt, {}}).result == Tri::not_met);
      // What requires it, or a trial on no condition, reads it as written.
      CHECK(reading("Histologically confirmed malignancy", Section::inclusion, pancreatic).find("other") == std::string::npos);
      CHECK(reading(c, Section::inclusion) == "(not (has malignancy within 5a))");
   }

   TEST_CASE("a score written after a past fact describes that past, which a record's current score cannot answer")
   {
      // Wide corpus NCT02826772 (seed-24 sample, helper-127): once (and (has heart_failure) (nyha in 3..4)), so a patient in
      // NYHA class III years ago and class II today was not excluded.
      CHECK(reading("History of congestive heart failure New York Heart Association (NYHA) class III or IV", Section::exclusion)
                .find("error: 'History of congestive heart failure New York Heart Association (NYHA) class III or IV': the score describes the past") == 0);
      CHECK(reading("Congestive heart failure within 6 months NYHA class III or IV", Section::exclusion).find("the score describes the recent") !=
            std::string::npos);
      CHECK(reading("Congestive heart failure NYHA class III or IV", Section::exclusion) == "(and (has heart_failure) (nyha in 3..3 4..4))");
   }

   TEST_CASE("a class written before the condition it grades reads as the condition and the class: 'NYHA class III or IV heart failure'")
   {
      // HCC corpus (NCT00844649, NCT01774344, NCT02323906 …): the class before the noun did not compile. NYHA is assessed only
      // for heart failure (scores.json graded_condition), so the noun is read as the condition too, as in the order above: a
      // patient without heart failure is not met rather than unknown.
      const std::string line = "NYHA class III or IV congestive heart failure";
      CHECK(reading(line, Section::exclusion) == "(and (has heart_failure) (nyha in 3..3 4..4))");
      CHECK(reading("NYHA class II-IV congestive heart failure", Section::exclusion) == "(and (has heart_failure) (nyha in 2..4))");
      CHECK(reading("No New York Heart Association class III or IV cardiac insufficiency", Section::inclusion) ==
            "(not (and (has heart_failure) (nyha in 3..3 4..4)))");
      CHECK(eval(line, history("", "", ""), Section::exclusion) == Tri::not_met);
      CHECK(eval(line, history("", "", R"({"concept": "heart failure", "onset": "2024-01-01"})"), Section::exclusion) == Tri::unknown);
      CHECK(eval(line, history("", "", R"({"concept": "heart failure", "onset": "2024-01-01"})", R"("scores": {"nyha": "III"})"), Section::exclusion) ==
            Tri::met);
      CHECK(eval(line, history("", "", R"({"concept": "heart failure", "onset": "2024-01-01"})", R"("scores": {"nyha": "II"})"), Section::exclusion) ==
            Tri::not_met);
      // Child-Pugh grades cirrhosis but is derived for anyone from the labs: "Child-Pugh C cirrhosis" stays the class alone.
      CHECK(reading("Child-Pugh C cirrhosis", Section::exclusion) == "(child_pugh in 10..15)");
      // A noun NYHA does not grade is not read as a condition.
      CHECK(reading("NYHA class III or IV angina", Section::exclusion).find("error:") == 0);
   }

   TEST_CASE("a relation word is every item's")
   {
      // Once (or (allergy sorafenib) (has lenvatinib)): a patient who took lenvatinib met "allergic to sorafenib or lenvatinib".
      const Patient took = history(lenvatinib_2025);
      for (const char* c :
           {"allergic to sorafenib or lenvatinib", "hypersensitivity to regorafenib, sorafenib or lenvatinib", "sorafenib or lenvatinib allergy"}) {
         CAPTURE(c);
         CHECK(eval(c, took) == Tri::not_met);
         CHECK(eval(c, patient(R"({"id": "A", "allergies": [{"concept": "lenvatinib"}]})")) == Tri::met);
      }
      // An item with its own relation keeps it.
      CHECK(reading("allergy to sorafenib or prior lenvatinib") == "(or (allergy sorafenib) (has lenvatinib))");
      CHECK(eval("allergy to sorafenib or prior lenvatinib", took) == Tri::met);
   }

   TEST_CASE("examples after 'including', 'such as', 'e.g.' never narrow the head and are any of them")
   {
      // Once (and infection HBV HCV HIV): hepatitis B alone did not exclude.
      const std::string infections = "active infections, including hepatitis B, hepatitis C and HIV";
      // Examples of a state at screening ("active") are at screening too: a resolved hepatitis B does not exclude.
      CHECK(reading(infections) == "(or (has active_infection current) (has hepatitis_b current) (has hepatitis_c current) (has hiv_infection current))");
      CHECK(eval(infections, history("", "", R"({"concept": "hepatitis B"})")) == Tri::met);
      CHECK(eval(infections, history("", "", R"({"concept": "hepatitis B", "onset": "2010-01-01", "end": "2011-01-01"})")) == Tri::not_met);
      CHECK(eval(infections, history("", "", "")) == Tri::not_met);
      // NCT00093548: once (and (not corticosteroid) (has corticosteroid)), which no patient meets. An example that is its
      // head's own concept says the head ("steroid therapy") is broader than the concept it matched: not read.
      CHECK(reading("No concurrent steroid therapy, including corticosteroids").rfind("error: the example 'corticosteroids' names the same concept", 0) == 0);
      // Examples the head covers leave the head alone: any systemic therapy, not only the two named.
      CHECK(reading("prior systemic therapy (e.g. sorafenib or lenvatinib)") == "(has systemic_therapy)");
      CHECK(eval("prior systemic therapy (e.g. sorafenib or lenvatinib)", history(R"({"concept": "capecitabine", "start": "2025-01-01"})")) == Tri::met);
      // An example the head does not cover is kept beside it: a TIA is a cerebrovascular accident here.
      CHECK(eval("Cerebrovascular accident (including transient ischemic attacks)", history("", "", R"({"concept": "TIA"})")) == Tri::met);
      CHECK(reading("allergy to penicillin-like drugs such as sorafenib").rfind("error", 0) == 0);  // unknown head: never the examples alone
      // Unbracketed examples end the line, a ';', a sentence or a bracket; else the line does not compile.
      CHECK(reading("active infection, such as HIV or ECOG ≥ 2").rfind("error", 0) == 0);
   }

   TEST_CASE("concepts keep their domain: liver names bind only in a liver-cancer trial")
   {
      const Concept* hcc = concept_named("hepatocellular carcinoma");
      const Concept* rectal = concept_named("rectal cancer");
      REQUIRE(hcc);
      REQUIRE(rectal);
      CHECK(reading("prior surgical resection", Section::exclusion, hcc) == "(has hepatectomy)");
      CHECK(reading("prior surgical resection", Section::exclusion, rectal) ==
            "error: 'surgical resection' means hepatectomy (liver resection) only in a trial on primary liver cancer; this trial is on colorectal cancer, so "
            "Eligo cannot tell what it means here");
      CHECK(reading("vascular invasion", Section::exclusion).rfind("error: 'vascular invasion' means macrovascular invasion only in a trial on", 0) == 0);
      CHECK(reading("encephalopathy", Section::exclusion, concept_named("intrahepatic cholangiocarcinoma")) == "(has hepatic_encephalopathy)");
      CHECK(reading("sorafenib after resection", Section::none, rectal).rfind("error: 'resection' means hepatectomy", 0) == 0);
      // A name that says the organ means the same anywhere.
      CHECK(reading("prior liver resection", Section::exclusion, rectal) == "(has hepatectomy)");
      // "Distant metastases" is its own concept: a gallbladder patient with liver metastases recorded as distant is excluded;
      // extrahepatic spread of an HCC does not silently answer it (it may be nodal only).
      for (const Concept* condition : {hcc, rectal, static_cast<const Concept*>(nullptr)})
         CHECK(reading("distant metastases", Section::exclusion, condition) == "(has distant_metastasis)");
      CHECK(eval("distant metastases", patient(R"({"id": "D", "findings": {"distant metastasis": true}})")) == Tri::met);
      CHECK(eval("distant metastases", patient(R"({"id": "D", "findings": {"extrahepatic spread": true}})")) == Tri::unknown);
      CHECK(eval("distant metastases", history("", "", R"({"concept": "brain metastases"})")) == Tri::met);
      // In a trial file, the header's condition decides.
      const std::string body = "inclusion:\n- age ≥ 18 years\nexclusion:\n- Prior surgical resection\n";
      const CompileResult liver = compile_trial_text("trial: T\ncondition: hepatocellular carcinoma\n" + body, "t.trial", lexicon());
      REQUIRE(liver.trial);
      CHECK(to_string(liver.trial->criteria.at(1).predicate) == "(has hepatectomy)");
      for (const std::string header : {"trial: T\ncondition: rectal cancer\n", "trial: T\n"}) {
         const CompileResult other = compile_trial_text(header + body, "t.trial", lexicon());
         REQUIRE(other.errors.size() == 1);
         CHECK(other.errors[0].line == (header.size() > 9 ? 6u : 5u));
         CHECK(other.errors[0].message.find("'surgical resection' means hepatectomy (liver resection) only in a trial on primary liver cancer") == 0);
      }
   }

   TEST_CASE("an exclusion written as a requirement excludes those who have the thing, and says so")
   {
      const std::string text =
          "trial: T\ninclusion:\n- Patients must not be pregnant\nexclusion:\n- Must not have known CNS metastases\n- Patients must not be pregnant or "
          "nursing\n";
      const CompileResult c = compile_trial_text(text, "t.trial", lexicon());
      REQUIRE(c.trial);
      const auto& cs = c.trial->criteria;
      CHECK(to_string(cs.at(0).predicate) == "(not (has pregnant))");  // an inclusion: a negation
      CHECK(cs.at(0).notes.empty());
      CHECK(to_string(cs.at(1).predicate) == "(has cns_metastases)");
      CHECK(to_string(cs.at(2).predicate) == "(or (has pregnant) (has lactating))");
      const std::string note = "an exclusion written as a requirement ('Must not have known CNS metastases'): read as excluding patients with 'CNS metastases'";
      REQUIRE(cs.at(1).notes.size() == 1);
      CHECK(cs.at(1).notes[0] == note);
      REQUIRE(c.warnings.size() == 2);
      CHECK(c.warnings[0].message == note);
      // Once (not (has brain_metastases)) as an exclusion: every patient without brain metastases was excluded.
      const Date d = *parse_date("2026-11-02");
      const Patient clear = patient(R"({"id": "C", "sex": "male", "conditions": []})");
      const TrialResult r = screen(*c.trial, clear, d, *catalogue());
      CHECK(r.verdict == Verdict::eligible);
      const Patient mets = patient(R"({"id": "M", "sex": "male", "conditions": [{"concept": "brain metastases"}]})");
      CHECK(screen(*c.trial, mets, d, *catalogue()).verdict == Verdict::ineligible);
      // The note is printed with the criterion's why.
      std::ostringstream out;
      report_check(out, *c.trial, mets, d, *catalogue(), false);
      CHECK(out.str().find("note: " + note) != std::string::npos);
   }

   TEST_CASE("an exclusion line that is a plain negation, or a requirement inside a longer exclusion, does not compile")
   {
      const CompileResult plain = compile_trial_text("trial: T\nexclusion:\n- No bleeding diathesis.\n", "t.trial", lexicon());
      REQUIRE(plain.errors.size() == 1);
      CHECK(plain.errors[0].message ==
            "an exclusion written as a negation ('No bleeding diathesis'): it may exclude those without it, or be a requirement that excludes those with it; "
            "write what excludes with 'as:'");
      CHECK(reading("ECOG ≥ 2 or must not be pregnant", Section::exclusion)
                .rfind("error: 'must not be pregnant' is a requirement ('must not …') inside an exclusion line", 0) == 0);
      // As an inclusion, or on its own, a negation is a negation.
      CHECK(reading("No bleeding diathesis.", Section::inclusion) == "(not (has bleeding_disorder current))");
      CHECK(syntax::to_string(grammar::parse_criterion("Patients must not be pregnant", lexicon())) == "(must-not (fact \"pregnant\"))");
   }

   TEST_CASE("a line that says whom the trial excludes is read by its section")
   {
      // Once manual review ("cannot read the criterion from 'excluded from this'"): now the exclusion is what it names.
      const std::string text =
          "trial: T\ninclusion:\n- Patients with known brain metastases should be excluded from this clinical trial\nexclusion:\n"
          "- Patients with known brain metastases will be excluded.\n- Patients aged below 18 or older than 65 would be excluded\n"
          "- Patients without measurable disease are excluded\n";
      const CompileResult c = compile_trial_text(text, "t.trial", lexicon());
      REQUIRE(c.trial);
      REQUIRE(c.errors.empty());
      const auto& cs = c.trial->criteria;
      CHECK(to_string(cs.at(0).predicate) == "(not (has brain_metastases))");  // an inclusion: the patient must not have them
      CHECK(to_string(cs.at(1).predicate) == "(has brain_metastases)");
      CHECK(to_string(cs.at(2).predicate) == "(or (age < 18 a) (age > 65 a))");
      CHECK(to_string(cs.at(3).predicate) == "(not (has measurable_disease))");  // written as a state that excludes: no ambiguity
      const Patient clear = history("", "", "");
      const Patient mets = history("", "", R"({"concept": "brain metastases"})");
      CHECK(eval("Patients with known brain metastases will be excluded.", mets, Section::exclusion) == Tri::met);
      CHECK(eval("Patients with known brain metastases will be excluded.", clear, Section::exclusion) == Tri::not_met);
      CHECK(eval("Patients with known brain metastases will be excluded.", mets, Section::inclusion) == Tri::not_met);
      CHECK(eval("Patients with known brain metastases will be excluded.", clear, Section::inclusion) == Tri::met);
      CHECK(syntax::to_string(grammar::parse_criterion("Pregnant women are excluded from this study", lexicon())) == "(excluded (fact \"Pregnant women\"))");
      // A treatment excluded may be one not allowed during the trial: only a line that starts by naming people is read.
      for (const char* treatment : {"Steroids will be excluded", "Chemotherapy is excluded", "Use of warfarin by subjects will be excluded",
                                    "Patient use of warfarin is excluded", "Patient's use of warfarin is excluded", "Patient warfarin use is excluded"}) {
         CAPTURE(treatment);
         CHECK(reading(treatment, Section::exclusion).find("says what is excluded without naming whom") != std::string::npos);
      }
      CHECK(reading("Patients receiving warfarin are excluded", Section::exclusion) == "(has warfarin current)");
      // Without a section it cannot be read; a judgement, a denial, an addition or a reason after it is not read.
      CHECK(reading("Patients with HIV are excluded").rfind("error: 'Patients with HIV are excluded' says whom the trial excludes", 0) == 0);
      for (const char* other : {"Patients with HIV may be excluded", "Patients with HIV will not be excluded", "Patients with HIV will also be excluded",
                                "Patients with known brain metastases are excluded from this clinical trial because of their poor prognosis",
                                "Pregnant women are excluded from this study; breastfeeding should be discontinued"}) {
         CAPTURE(other);
         CHECK(reading(other, Section::exclusion).rfind("error: ", 0) == 0);
      }
   }

   TEST_CASE("'who' links the patient to what follows; 'WHO' in capitals is the World Health Organization")
   {
      CHECK(reading("Women who are pregnant or breast feeding", Section::exclusion) == "(or (has pregnant) (has lactating))");
      CHECK(reading("Patients who have been treated with TACE or chemotherapy within the last 28 days", Section::exclusion) ==
            "(or (has tace within 28d) (has chemotherapy within 28d))");
      CHECK(reading("Patients who have had an organ allograft.", Section::exclusion) == "(has organ_transplant)");
      CHECK(reading("Undergone an allogenic stem cell transplant", Section::exclusion) == "(has allogeneic_stem_cell_transplant)");
      // Never the filler "who": "WHO ≤ 2" names no scale Eligo knows, and stays unread.
      CHECK(reading("Karnofsky ≥ 70 or (World Health Organization) WHO < or 2.", Section::inclusion)
                .rfind("error: cannot read the criterion from 'WHO < or'", 0) == 0);
      CHECK(reading("WHO grade 2 or higher", Section::exclusion).rfind("error: ", 0) == 0);
      // A use that was is history, never use at screening (reviews helper-121, -122); with a moment at screening it has two times.
      for (const char* past : {"Patients who have been on sorafenib", "Patients who were receiving sorafenib", "Patients who had been taking sorafenib",
                               "Patients who were on sorafenib"}) {
         CAPTURE(past);
         CHECK(reading(past, Section::exclusion) == "(has sorafenib)");
      }
      CHECK(reading("Patients who are receiving sorafenib", Section::exclusion) == "(has sorafenib current)");
      const Patient stopped = history(R"({"concept": "sorafenib", "start": "2025-01-01", "end": "2025-06-01"})");
      CHECK(eval("Patients who were on sorafenib", stopped, Section::exclusion) == Tri::met);
      CHECK(eval("Patients on sorafenib", stopped, Section::exclusion) == Tri::not_met);
      CHECK(reading("Patients who were on sorafenib at screening", Section::exclusion).find("give the use two different times") != std::string::npos);
      CHECK(reading("Patients who were not on sorafenib", Section::inclusion).rfind("error: ", 0) == 0);
      CHECK(reading("Patients who were being treated with sorafenib", Section::exclusion) == "(has sorafenib)");
      CHECK(reading("Patients who will be receiving sorafenib", Section::exclusion).rfind("error: ", 0) == 0);  // a use to come
   }

   TEST_CASE("facts joined by 'and' where they exclude do not say whether either excludes or only both; a bare number is an age only with age words")
   {
      // Once (and (has pregnant) (has lactating)): only a woman both pregnant and lactating was excluded.
      for (const char* both : {"Pregnant and lactating women", "Pregnant women and women who are breast-feeding."}) {
         CAPTURE(both);
         CHECK(reading(both, Section::exclusion).find("joins clinical facts with 'and' where they exclude") != std::string::npos);
      }
      CHECK(reading("Pregnant or lactating women", Section::exclusion) == "(or (has pregnant) (has lactating))");
      // NCT02973737 (wide corpus): once (and (or (has chemotherapy within 28d) …) (has hormonal_therapy within 7d)), so a patient
      // on chemotherapy last week and no hormone therapy was not excluded. A group of facts is a fact here.
      const std::string sentences =
          "History of receiving chemotherapy, target-therapy or investigational treatment within 28 days prior to "
          "randomization. Received hormone therapy within 7 days prior to randomization.";
      CHECK(reading(sentences, Section::exclusion).find("has two sentences where they exclude") != std::string::npos);
      const std::string two = "History of chemotherapy or radiotherapy. Active hepatitis B.";
      CHECK(reading(two, Section::exclusion).find("has two sentences where they exclude") != std::string::npos);
      // Whatever the sentences test (review helper-125): once (and (has uncontrolled_hypertension current) (systolic_bp > 160 mm[Hg])).
      CHECK(reading("Uncontrolled hypertension. Systolic blood pressure > 160 mmHg.", Section::exclusion).find("has two sentences") != std::string::npos);
      CHECK(reading("Known brain metastases. Creatinine > 2 mg/dL.", Section::exclusion).find("has two sentences") != std::string::npos);
      CHECK(reading("Hemoglobin ≥ 9.0 g/dL. Platelets ≥ 100,000/mm3.", Section::inclusion) ==
            "(and (hemoglobin ≥ 90 g/L [9 g/dL]) (platelets ≥ 100 10*9/L [100000 /mm3]))");
      // Where each must hold (an inclusion), both sentences are required.
      CHECK(reading(two, Section::inclusion) == "(and (or (has chemotherapy) (has radiotherapy)) (has hepatitis_b current))");
      // Once (age ≥ 2 a): every patient two years old or more met "Grade 2 or higher".
      CHECK(reading("Grade 2 or higher", Section::exclusion).rfind("error: ", 0) == 0);
      CHECK(reading("2 or more", Section::exclusion).rfind("error: ", 0) == 0);
      for (const char* score : {"Performance status 2 or over", "2 or over (ECOG)", "70 or over (Karnofsky)", "Lesions: 4 or over", "60 or over (%)"}) {
         CAPTURE(score);
         CHECK(reading(score, Section::inclusion).rfind("error: ", 0) == 0);
      }
      for (const char* age : {"18 or older", "18 and over", "18 years or more", "20 years or older at the time of obtaining consent."}) {
         CAPTURE(age);
         CHECK(reading(age, Section::inclusion).rfind("(age ≥ ", 0) == 0);
      }
   }

   TEST_CASE("an 'or' next to items parted by ';' is ambiguous; a bracket note with a threshold in words is read or the line fails")
   {
      // NCT04060472: the 'or' may offer creatinine clearance for the renal test only or for the whole line.
      CHECK(reading("total bilirubin ≤ 1.5 × ULN; creatinine ≤ 1.5 mg/dL, or creatinine clearance ≥ 50 mL/min").rfind("error: ", 0) == 0);
      CHECK(reading("total bilirubin ≤ 1.5 × ULN, creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 50 mL/min").rfind("error: ", 0) != 0);
      // NCT02323906: the definition of uncontrolled hypertension in brackets is not filler.
      CHECK(reading("Uncontrolled hypertension (blood pressure greater than 140/90 mmHg despite medication)").rfind("error: the note in brackets", 0) == 0);
      // A transfusion note is read as a part for manual review beside the count (test_support_note.cpp), never skipped.
      CHECK(reading("Hemoglobin > 9.0 g/dL (transfusion independent)") == "(and (hemoglobin > 90 g/L [9 g/dL]) (manual))");
      CHECK(reading("Hemoglobin > 9.0 g/dL (Hb)") == "(hemoglobin > 90 g/L [9 g/dL])");
   }

   TEST_CASE("one threshold over a list: in an exclusion any of them beyond it excludes, whatever joins the names; in an inclusion all must meet it")
   {
      // ALT twice its upper limit, AST normal. Once (and (ast > 1.5 ULN) (alt > 1.5 ULN)): "Transaminases (ALT & AST) > 1.5 x upper
      // limits of normal" did not exclude this patient, and "no AST or ALT > 1.5 × ULN" in an inclusion ((not (and …))) let her in.
      const Patient alt_high = patient(R"({"id": "L", "sex": "female", "labs": [
          {"analyte": "ALT", "value": 80, "unit": "U/L", "date": "2026-10-30", "reference_range": {"high": 40}},
          {"analyte": "AST", "value": 30, "unit": "U/L", "date": "2026-10-30", "reference_range": {"high": 40}}]})");
      struct Case {
         const char* text;
         Section section;
         const char* reading;
         Tri result;
      };
      const Case cases[] = {
          {"Transaminases (ALT & AST) > 1.5 x upper limits of normal", Section::exclusion, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          {"Transaminases > 1.5 × ULN", Section::exclusion, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          {"ALT & AST > 1.5 x ULN", Section::exclusion, "(or (alt > 1.5 ULN) (ast > 1.5 ULN))", Tri::met},
          {"ALT and AST > 1.5 × ULN", Section::exclusion, "(or (alt > 1.5 ULN) (ast > 1.5 ULN))", Tri::met},
          {"AST, ALT > 1.5 × ULN", Section::exclusion, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          {"AST/ALT >1.5xULN", Section::exclusion, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          {"AST or ALT > 1.5 × ULN", Section::exclusion, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          {"PT or INR, and ALT > 1.5 × ULN", Section::exclusion, "(or (prothrombin_time > 1.5 ULN) (inr > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          // An exclusion written as a requirement excludes those who have it: any of them.
          {"Patients must not have AST and ALT > 1.5 × ULN", Section::exclusion, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
          // Inclusion: each must be within the bound.
          {"AST and ALT ≤ 1.5 × ULN", Section::inclusion, "(and (ast ≤ 1.5 ULN) (alt ≤ 1.5 ULN))", Tri::not_met},
          {"AST or ALT ≤ 1.5 × ULN", Section::inclusion, "(and (ast ≤ 1.5 ULN) (alt ≤ 1.5 ULN))", Tri::not_met},
          {"AST/ALT ≤ 1.5 × ULN", Section::inclusion, "(and (ast ≤ 1.5 ULN) (alt ≤ 1.5 ULN))", Tri::not_met},
          {"Transaminases (ALT & AST) ≤ 1.5 x ULN", Section::inclusion, "(and (ast ≤ 1.5 ULN) (alt ≤ 1.5 ULN))", Tri::not_met},
          // Under a negation in an inclusion, the list excludes as it does in an exclusion: none of them beyond the bound.
          {"No AST or ALT > 1.5 × ULN", Section::inclusion, "(not (or (ast > 1.5 ULN) (alt > 1.5 ULN)))", Tri::not_met},
          {"No AST and ALT > 1.5 × ULN", Section::inclusion, "(not (or (ast > 1.5 ULN) (alt > 1.5 ULN)))", Tri::not_met},
          // No section (eligo eval): as written.
          {"AST/ALT > 1.5 × ULN", Section::none, "(and (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::not_met},
          {"AST or ALT > 1.5 × ULN", Section::none, "(or (ast > 1.5 ULN) (alt > 1.5 ULN))", Tri::met},
      };
      for (const Case& c : cases) {
         CAPTURE(c.text);
         CAPTURE(to_string(c.section));
         CHECK(reading(c.text, c.section) == c.reading);
         CHECK(eval(c.text, alt_high, c.section) == c.result);
      }
   }

   TEST_CASE("two names of one concept in a list are one leaf")
   {
      // Once (or (has interstitial_lung_disease) (has interstitial_lung_disease)).
      CHECK(reading("Pulmonary fibrosis or interstitial pneumonia") == "(has interstitial_lung_disease)");
      CHECK(reading("no bleeding diathesis or coagulopathy") == "(not (has bleeding_disorder current))");
      CHECK(reading("Pulmonary fibrosis or interstitial pneumonia or HIV") == "(or (has interstitial_lung_disease) (has hiv_infection))");
      const Patient fibrosis = history("", "", R"({"concept": "pulmonary fibrosis", "onset": "2024-03-01"})");
      CHECK(eval("Pulmonary fibrosis or interstitial pneumonia", fibrosis) == Tri::met);
      CHECK(eval("Pulmonary fibrosis or interstitial pneumonia", history("")) == Tri::not_met);
   }
}

}  // namespace eligo::test::scope_tests
