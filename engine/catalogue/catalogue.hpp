// The catalogues: analytes (labs and other measures), ordinal scores and
// clinical concepts. They are data (engine/catalogue/*.json, embedded in the
// binary at build time; --catalogue DIR reads another copy), so that a new lab
// or concept is a data edit. See docs/catalogue.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/catalogue/code_system.hpp"
#include "engine/core/error.hpp"
#include "engine/core/units.hpp"

namespace eligo {

// The categories of catalogue entries. They are checked when the catalogue loads: an
// unknown one is a load error naming the entry, never a silent fall-through
// (a "medicaton" among the conditions).
enum class AnalyteKind { lab, vital, tumour, derived };
enum class ConceptKind { condition, medication, procedure, finding };
enum class DerivedScore { none, child_pugh, albi, bclc, cnlc };  // how a score is derived when not recorded
enum class Harm { none, low, high };                             // which values of an analyte harm
// How a finding concept is computed from the record when it holds the inputs (engine/evaluate/
// derived_finding.cpp): TACE refractoriness by JSH-LCSGJ, failure of BCLC-recommended systemic therapy.
enum class DerivedFinding { none, jsh_lcsgj, bclc_systemic_failure };

const char* to_string(AnalyteKind k);
const char* to_string(ConceptKind k);
const char* to_string(DerivedScore d);    // "" for none
const char* to_string(Harm h);            // "" for none
const char* to_string(DerivedFinding d);  // "" for none

struct Range {
   double low = 0;
   double high = 0;
};

struct Concept;

struct Analyte {
   std::string id;
   std::string display;
   AnalyteKind kind = AnalyteKind::lab;
   std::vector<std::string> names;
   std::vector<std::string> loinc;
   // LOINC codes of the same measure on a log10 scale ("HBV DNA [log units/volume]"): known, so that a result
   // coded with one is skipped with the reason (a log value is never equated with, nor converted to, the linear one).
   std::vector<std::string> log_loinc;
   Unit canonical;
   std::vector<std::string> units;  // commonly reported UCUM codes, canonical first
   std::optional<double> molar_mass;
   std::optional<Range> plausible;        // canonical unit
   std::optional<Range> reference_range;  // canonical unit: the assumed LLN/ULN
   std::string reference_source;
   std::map<std::string, std::string> unit_aliases;  // lower-cased spelling -> UCUM
   // Direction of harm: low values harm (hemoglobin, platelets) or high ones (bilirubin, creatinine), or none.
   // Used only to infer the comparison of an inclusion criterion the registry wrote without one.
   Harm harm = Harm::none;
   // The values are counts (number of tumours): "= 1" is an exact count, not a lost ≥ or ≤.
   bool count = false;
   // The same measure by a named method (QTcB is QTc by Bazett's formula): the analyte it refines, and the
   // words naming the method. A criterion on `refines` whose unread words name the method is read on this
   // analyte instead (docs/language.md, "A method named after the test").
   const Analyte* refines = nullptr;
   std::vector<std::string> method;
   // A finding that a quantified result shows (analytes.json "detected": an HCV RNA of 850,000 IU/mL is "HCV RNA
   // detectable"): a FHIR result above zero, not written as a bound below ("<15"), records the finding present, and a
   // result of zero records it absent (docs/fhir.md, "Hepatitis B and C as lab facts").
   std::string detected_id;
   const Concept* detected = nullptr;
   std::string source;

   // Parses a unit as written for this analyte (applying its aliases first).
   Unit unit(std::string_view text) const;
};

struct Score {
   std::string id;
   std::string display;
   std::vector<std::string> names;
   std::vector<std::string> loinc;
   std::vector<std::string> snomed;  // SNOMED CT observable entities the score is also recorded under (ECOG 423740007)
   int min = 0;
   int max = 0;
   bool numeric_labels = true;
   std::map<std::string, std::pair<int, int>> labels;  // upper-cased label -> [lo, hi]
   std::vector<std::string> label_order;               // labels as scores.json lists them (the first names an ordinal in reports)
   std::map<std::string, std::string> label_spelling;  // upper-cased label -> as written in scores.json
   DerivedScore derived = DerivedScore::none;
   std::vector<std::string> graded;  // what the score grades ("cirrhosis", "liver function"): read as part of the score
   // The condition the score is assessed only for (NYHA: heart_failure): a graded noun is then read as that condition too.
   std::string graded_condition;
   int step = 1;          // values come in steps of this (Karnofsky 10): "> 60" starts at 70
   bool percent = false;  // values are percentages (Karnofsky): a FHIR valueQuantity may carry the unit "%"
   // The scale's value for death (ECOG 5, Karnofsky 0), when it has one: an inclusion range that reaches it, or an
   // exclusion range that reaches the other end, is a reversed comparison (engine/compile/binder.cpp).
   std::optional<int> death;
   // The scale's most severe value, where it has none for death (NYHA IV): a lone class in an exclusion ("NYHA III") does
   // not say whether the worse classes exclude too, so it must state its comparison (engine/compile/binder.cpp).
   std::optional<int> worst;
   // Readings a list of labels leaves out without meaning to exclude them: "0 or 1+" on a dipstick skips "trace".
   std::vector<std::string> intermediate;
   std::map<std::string, std::string> answers;  // coded answer (LOINC LA code) -> label, for FHIR
   std::string source;

   // The ordinal range a label stands for ("A" -> [5,6], "7" -> [7,7]).
   std::optional<std::pair<int, int>> label(std::string_view text) const;
   // The label to show for an ordinal value (Child-Pugh 6 -> "A6").
   std::string label_for(int ordinal) const;
};

struct Code {
   std::string system;
   std::string code;
   // A code that says the patient had it, as a personal history (ICD-10-CM Z85 "Personal history of malignant
   // neoplasm"): a record under it is over, and it happened on or before the record's date (Record::history).
   bool history = false;
};

struct Concept;

// A regimen a guideline recommends for a line of systemic therapy (a derived finding's "regimens"
// in concepts.json): its drugs, given together in one line, and the lines it is recommended for.
struct RecommendedRegimen {
   std::vector<std::string> drug_ids;  // as concepts.json names them; resolved when the catalogue loads
   std::vector<std::vector<std::string>> after_ids;
   std::string lab_id, lab_unit;
   double lab_value = 0;

   std::vector<const Concept*> drugs;
   std::vector<int> lines;  // 1 = first line
   // Recommended in those lines only after one of these regimens in the line before (empty: after any).
   std::vector<std::vector<const Concept*>> after;
   // Recommended only when this lab, the newest before the course starts, is at least `at_least`
   // (canonical unit): ramucirumab for AFP ≥ 400 ng/mL.
   const Analyte* lab = nullptr;
   double at_least = 0;
   std::string lab_text;  // "AFP ≥ 400 ng/mL", as the why says it
};

// What a derived finding is computed from (concepts.json, the concept's "definition").
struct FindingDefinition {
   std::string name;                          // "JSH-LCSGJ 2014", "BCLC 2022": the why cites it
   std::vector<RecommendedRegimen> regimens;  // bclc_systemic_failure
   const Concept* courses_of = nullptr;       // the drugs that make up lines of therapy (systemic therapy)
   std::vector<const Concept*> not_courses;   // ... except these (interferon is also an antiviral)
   int same_line_days = 14;                   // drugs started within this many days form one line
   std::vector<const Concept*> flags;         // other recorded findings read as the same yes/no
   std::string courses_of_id;                 // as concepts.json names them; resolved when the catalogue loads
   std::vector<std::string> not_courses_ids, flag_ids;
};

// An is_a that holds only for some indications (concepts.json "is_a_for_indication"): interferon
// counts as immunotherapy only when a record gives a malignancy as what it was given for.
struct IndicationLink {
   std::string class_id;                     // the class it then counts as ("immunotherapy")
   std::vector<std::string> indication_ids;  // what it must have been given for, or a kind of it ("malignancy")
   std::string other_use;                    // the why when given for something else ("antiviral use, not anticancer immunotherapy")
   std::string question;                     // what to ask when no indication is recorded ("antiviral or anticancer?")
   const Concept* cls = nullptr;             // resolved when the catalogue is indexed
   std::vector<const Concept*> indications;
};

struct Concept {
   std::string id;
   ConceptKind kind = ConceptKind::condition;
   std::string display;
   std::vector<std::string> names;
   // Words a record's text may hold that show it may be one, though criteria never name it so ("sarcoma", "glioma" for a
   // malignancy): read by Catalogue::concepts_named_in only, never by the criteria grammar.
   std::vector<std::string> text_names;
   std::vector<Code> codes;
   std::vector<std::string> is_a;
   std::string sex;  // "female", "male" or empty
   // FHIR: an Observation with one of these LOINC codes records the finding; its
   // coded answer says present or absent (pregnancy status 82810-3 -> pregnant).
   std::vector<std::string> observation_loinc;
   std::vector<Code> present, absent;
   std::optional<int> current_for_days;         // a dated record older than this says nothing about now
   std::optional<int> absent_current_for_days;  // the same for a record of absence ("not pregnant" a week)
   // A record of absence ends an earlier present one for a condition at screening only when it is at least this long
   // after it; sooner, it may be on treatment, and the condition stays open (HCV RNA: 168 days, docs/fhir.md).
   std::optional<int> absent_ends_after_days;
   // ... or when two records of absence, with no present one between, are at least this far apart (HCV RNA: 84 days, an
   // undetected result at the end of treatment and another 12 weeks later, a sustained response).
   std::optional<int> absent_sustained_days;
   // A record of the condition resolved after a present record, or the later of two records of absence, shows a cure only
   // when at least this long after it: sooner it is too early to know (HCV RNA: 168 days, a 12-week course and SVR12).
   std::optional<int> cure_after_days;
   // A class of drugs that treats the finding's condition (HCV RNA: hcv_antiviral): a record of absence during a course of
   // one, or less than absent_sustained_days after its end, shows no cure; one at least that long after the end does.
   std::string treated_by_id;
   const Concept* treated_by = nullptr;
   std::vector<Code> not_codes;  // codes that a group code of this concept must not match
   // FHIR: a Condition or Procedure with one of these codes ends the finding on its date, and so
   // does the abatement of a Condition of the finding (a delivery ends a pregnancy).
   std::vector<Code> ended_by;
   // A finding the engine computes from the record where it holds the inputs, and its definition.
   DerivedFinding derived = DerivedFinding::none;
   FindingDefinition definition;
   // A regimen: the drugs it is made of ("components": FOLFOX is oxaliplatin, fluorouracil and
   // leucovorin). A record of the regimen counts for each of them; records of all of them given
   // together are the regimen (docs/patient-format.md, "Regimens").
   std::vector<std::string> components;
   std::vector<const Concept*> parts;  // the components, resolved when the catalogue is indexed
   std::vector<IndicationLink> is_a_for_indication;
   // A finding whose present record shows that these conditions existed on its date, without saying whether they still
   // hold (concepts.json "evidence_of": a positive HBsAg is an HBV infection then, but not "active hepatitis B"): it
   // meets a history of them and a window it falls in, and leaves a criterion at the screening date open.
   std::vector<std::string> evidence_of_ids;
   std::vector<const Concept*> evidence_of;  // resolved when the catalogue is indexed
   // Conditions a present record of this finding points to without showing them (concepts.json "suggests": a reactive
   // HIV screening test for HIV infection, a positive anti-HCV for hepatitis C): with no record of the condition, a
   // criterion on it stays open, since "none recorded" would not be what the record says.
   std::vector<std::string> suggests_ids;
   std::vector<const Concept*> suggests;  // resolved when the catalogue is indexed
   // What a record of this concept leaves out that its narrower concepts say ("R status" for a
   // hepatectomy): named when such a record cannot settle a criterion on a narrower one.
   std::string specified_by;
   // The name says the condition holds now ("active infection", "uncontrolled hypertension"): a criterion on it is about
   // the screening date, as if it said "current", unless it states a time of its own (concepts.json "state": true).
   bool state = false;
   // A spread of some primary cancer, not a cancer of its own (distant metastasis, TNM M1): under "malignancy other than
   // X" a record of it may be X's own spread (concepts.json "spread": true).
   bool spread = false;
   // A time-scope word that also asks a question of this concept (concepts.json "scope_qualifier": the qualifier's name):
   // "active brain metastases" are present ones that are not treated and stable, which a record of them does not say.
   std::string scope_qualifier;
   // An episode (concepts.json "episode_days": N): the condition happens at its onset and is over within N days of it (a
   // stroke's effects a year on are its sequelae, ICD-10 I69). A record of it is dated by its onset: a window counts from
   // the onset, and it is no current X more than N days after, whatever its status or abatement says. Within
   // `acute_days` of its onset it is current (an infarction 4 weeks, ICD-10 I21); between the two, whether it still
   // holds is open.
   std::optional<int> episode_days;
   std::optional<int> acute_days;
   // Names that mean this concept only in a trial on `domain` or a kind of it (concepts.json "domain"): in
   // a liver-cancer trial "resection" is a hepatectomy, in a rectal one it is not. A criterion elsewhere,
   // or in a trial that names no condition, does not bind them (docs/catalogue.md, "Domains").
   std::string domain_id;
   const Concept* domain = nullptr;  // resolved when the catalogue is indexed
   std::vector<std::string> domain_names;
   bool domain_name(std::string_view written) const;  // whether `written` is one of domain_names
   // A single drug substance (concepts.json "ingredient": true): its own names may be found in a medication's text
   // ("PACLitaxel 100 MG Injection", as RxNorm names its products), flagged "matched by name". No other concept, and
   // no class word, is ever found by text (docs/fhir.md, "From codes to concepts").
   bool ingredient = false;
   // Dose forms that make a medication not this concept or not a member of this class (concepts.json
   // "not_dose_forms": a topical cream or an inhaler is not a systemic corticosteroid). Whole words of the text.
   std::vector<std::string> not_dose_forms;
   // Why a concept that criteria use has no codes of its own and no coded members (concepts.json "uncoded": an
   // investigational drug, a finding asserted in the record). Empty for a concept found by its codes.
   std::string uncoded;
   std::string source;
};

// How FHIR records without a catalogued code are matched by their text, and the
// generic yes/no answers (concepts.json, "fhir").
struct TextMatching {
   std::vector<std::string> skip_names;  // concept names too general to match free text ("resection")
   std::vector<std::string> hedges;      // wording that does not assert what the text names ("suspected", "no", "test")
   std::vector<std::string> not_names;   // phrases that contain a name but mean something else ("portal hypertension")
   std::vector<std::string> past;        // wording that asserts a past condition ("history of"): the record is over
   // How a coded record's text begins when it is not of the condition, drug or procedure it names ("family history of",
   // "screening for"): such a record keeps no criterion open (Catalogue::not_of_patient).
   std::vector<std::string> not_of_patient;
   std::vector<std::string> of_patient_after_all;        // words that presuppose the patient's own disease ("recurrence")
   std::map<std::string, std::vector<Code>> none_known;  // list -> "no known allergies"-style codes: complete and empty
   std::vector<Code> no_information;                     // "no information about allergies": the list stays unknown
   // A treatment's outcome by code (fhir.outcomes): Procedure.outcome and a medication's
   // statusReason. Response "CR"/"PR"/"SD"/"PD" -> codes; stop reason "progression"... -> codes.
   std::map<std::string, std::vector<Code>> responses;
   std::map<std::string, std::vector<Code>> stop_reasons;
};

// A word or phrase the criteria grammar may skip (engine/catalogue/filler_words.json;
// docs/language.md, "Accounting of words").
struct FillerWord {
   std::string words;       // as listed: "the", "at screening"
   std::string reason;      // why skipping it changes nothing, or what it means that Eligo does not check
   bool no_meaning = true;  // on the reviewed no-meaning list; false: skipped, and reported as unread
};

// The words the grammar reads before a clinical fact, never skips (engine/catalogue/qualifier_words.json;
// docs/language.md, "Time scope", "Qualifier leaves").
struct Qualifier {
   std::vector<std::string> spellings;  // the first is the qualifier's name: "clinically significant", "significant"
   bool state = false;                  // a present state: the fact it qualifies is about the screening date
   // Qualifiers whose yes answers this one yes: "histologically confirmed" answers "histologically or cytologically confirmed".
   std::vector<std::string> implied_by;
   // Read by the grammar as a time-scope word, never as a qualifier; a concept that names it (concepts.json
   // "scope_qualifier") makes the scope word this qualifier's leaf too (qualifier_words.json "from_scope": true).
   bool from_scope = false;
   // Read after the fact it qualifies, never before: "infection requiring systemic therapy" (qualifier_words.json "after": true).
   bool after = false;
   // The past tense of a present need read after the fact ("requiring steroids" → "that required steroids"): what it asks
   // after a history word ("history of pneumonitis requiring steroids", review helper-163). Empty for the others.
   std::string past;
   std::string reason;
   const std::string& name() const { return spellings.front(); }
};
struct QualifierWords {
   std::vector<std::string> scope;  // time-scope words: "concurrent", "active", "evidence of"
   std::vector<Qualifier> qualifiers;
};

// The words that decide how a note on support after a blood count is read (engine/catalogue/support_note_words.json;
// docs/language.md, "Support for a blood count"): lower case, letters and digits only.
struct SupportNoteWords {
   std::set<std::string> permission;           // "allowed", "may": support is permitted
   std::set<std::string> support;              // "transfusion", "g", "csf": the support
   std::set<std::string> count;                // "hemoglobin", "anc": the count itself
   std::set<std::string> permission_context;   // "be", "by", "to maintain": joins a permission
   std::set<std::string> absence;              // "independent", "without", "pre": support is absent
   std::set<std::string> time;                 // "prior", "within", "completed": when
   std::set<std::string> time_unit;            // "days", "wk": a number before one is a time
   std::set<std::string> restriction_context;  // "obtained", "screening", "dl": joins an absence
};

// The words that make a note the reading does not use a value the line depends on (engine/catalogue/note_value_words.json;
// docs/language.md, "Accounting of words"): lower case, letters and digits only.
struct NoteValueWords {
   std::set<std::string> scale;          // "stage", "grade", "class": a scale's name before its value
   std::set<std::string> stage;          // "intermediate", "advanced": a stage in words
   std::set<std::string> state;          // "decompensated": a state of the condition
   std::set<std::string> bridge;         // "class", "performance", "status": between a scale's name and its value
   std::set<std::string> study_part;     // "cohort", "escalation": a part of the study
   std::set<std::string> labelled_part;  // "part", "arm", "group": a part of the study when a label follows
   std::set<std::string> phase;          // "phase": a phase of the disease or the study
};

// The words that decide the kind of a criterion the record cannot settle (engine/catalogue/criterion_kinds.json;
// docs/language.md, "Kinds of criteria"). Each phrase is kept as " words " (name_key, padded) for whole-word matching.
struct CriterionKindWords {
   std::vector<std::string> enrolment;      // consent, willingness, agreement: checked at enrolment
   std::vector<std::string> not_enrolment;  // "prior to signing": the line is about something else
   std::vector<std::string> question;       // a clinician's judgement: "life expectancy", "suitable for"
   // The first of `phrases` in `text` (whole words, any case), as listed; empty when none is.
   static std::string find(const std::vector<std::string>& phrases, std::string_view text);
};

// A grouping word that names several analytes ("transaminases": AST and ALT).
struct AnalyteGroup {
   std::string id;
   std::vector<std::string> names;
   std::vector<const Analyte*> members;
   std::string source;
};

// A catalogue that cannot be loaded: the file and the entry, and what is wrong.
class CatalogueError : public LocatedError {
public:
   CatalogueError(Location where, std::string message) : LocatedError(std::move(where), std::move(message)) {}
   // A message that already names its entries (a clash between two of them).
   explicit CatalogueError(std::string message) : LocatedError({}, std::move(message)) {}
};

class Catalogue {
public:
   // The catalogue built into the binary.
   static std::shared_ptr<const Catalogue> builtin();
   // Reads analytes.json, scores.json and concepts.json from a directory, and filler_words.json and
   // criterion_kinds.json when the directory has them (else the built-in lists).
   static std::shared_ptr<const Catalogue> from_directory(const std::string& dir);
   // `filler_words`, `criterion_kinds` empty: the built-in lists.
   static std::shared_ptr<const Catalogue> from_json(const std::string& analytes, const std::string& scores, const std::string& concepts,
                                                     const std::string& filler_words = {}, const std::string& criterion_kinds = {});

   const std::vector<Analyte>& analytes() const { return analytes_; }
   const std::vector<Score>& scores() const { return scores_; }
   const std::vector<Concept>& concepts() const { return concepts_; }
   const std::vector<AnalyteGroup>& groups() const { return groups_; }
   const std::vector<FillerWord>& filler_words() const { return filler_words_; }
   const QualifierWords& qualifier_words() const { return qualifier_words_; }
   const SupportNoteWords& support_note_words() const { return support_note_words_; }
   const NoteValueWords& note_value_words() const { return note_value_words_; }
   // The qualifier a spelling names ("significant" is "clinically significant"), or nullptr.
   const Qualifier* qualifier(std::string_view spelling) const;
   const CriterionKindWords& criterion_kinds() const { return criterion_kinds_; }
   const AnalyteGroup* group(std::string_view id_or_name) const;

   // Look-ups by id, any name (case-insensitive) or code.
   const Analyte* analyte(std::string_view id_or_name) const;
   const Analyte* analyte_by_loinc(std::string_view code) const;
   // The analyte whose log10-scale code this is (Analyte::log_loinc), or null.
   const Analyte* analyte_by_log_loinc(std::string_view code) const;
   const Score* score(std::string_view id_or_name) const;
   const Concept* concept_(std::string_view id_or_name) const;
   // A concept by code. ICD-10, ICD-10-CM, ICD-9-CM and ATC codes also match a listed
   // group code they start with ("C22.0" -> "C22", "L01XE" -> "L01"), the longest first; an ICD
   // code that starts with no listed group code matches the narrowest listed ICD block of
   // categories that holds its own ("C92.00" -> "C00-C97", "197.7" -> "196-198"). An ICD code
   // stored without its dot is read as the catalogue writes it ("C220" -> "C22.0": catalogue_code).
   // `history` (if given) tells whether the code that matched is a personal-history code (Code::history).
   const Concept* concept_by_code(std::string_view system, std::string_view code, IcdUse use = IcdUse::diagnosis, bool* history = nullptr) const;
   // The concepts (not findings) a free text names, the most specific of them: the text holds every word of one of a
   // concept's names or its display, joining words aside ("Acute myeloid leukemia, disease (disorder)" names leukemia). For
   // a record that names no concept by its codes: it may be one of these, so a criterion about them stays open. Text never
   // meets a criterion (engine/catalogue/named_in_text.cpp).
   std::vector<const Concept*> concepts_named_in(std::string_view text) const;
   // Whether a record's text begins by saying it is not of what it names ("Family history of …", "Screening for …":
   // fhir.text_matching.not_of_patient).
   bool not_of_patient(std::string_view text) const;
   const Score* score_by_loinc(std::string_view code) const;
   // The score a SNOMED CT observable entity records (scores.json "snomed"), or null.
   const Score* score_by_snomed(std::string_view code) const;
   const Concept* concept_by_observation(std::string_view loinc) const;
   // Whether a coded answer means present (true), absent (false) or neither.
   std::optional<bool> answer(const Concept& c, std::string_view system, std::string_view code) const;
   // Whether a finding's answer written as text (valueString "Positive", "Not detected") means present, absent or
   // neither: the whole text, case-, space- and hyphen-folded, against concepts.json fhir.answers.texts.
   std::optional<bool> answer_text(std::string_view text) const;
   const TextMatching& text_matching() const { return text_matching_; }

   // Whether concept `c` is `ancestor`, has it among its is_a ancestors, or is a regimen with a
   // component that is it (a record of FOLFOX is a record of oxaliplatin and of chemotherapy).
   bool is_a(const Concept& c, const Concept& ancestor) const;
   // The same along is_a alone: whether `c` is a kind of `ancestor` (FOLFOX is a kind of
   // chemotherapy, not of oxaliplatin).
   bool kind_of(const Concept& c, const Concept& ancestor) const;
   // The link through which `c` counts as `ancestor` for some indications only (interferon as
   // immunotherapy, when given for a malignancy); null when there is none. Checked by callers
   // only where is_a(c, ancestor) is false.
   const IndicationLink* is_a_for_indication(const Concept& c, const Concept& ancestor) const;
   // Whether a present record of `finding` shows a `c` that existed on its date without being a kind of it
   // ("evidence_of": HBsAg positive for hepatitis B, or any ancestor of it). False where is_a(finding, c) holds.
   bool evidence_of(const Concept& finding, const Concept& c) const;
   // Whether a present record of `finding` points to a `c` it does not show ("suggests"): c is a condition it suggests,
   // a kind of one, or one it is a kind of.
   bool suggests(const Concept& finding, const Concept& c) const;
   // The concepts with components, in catalogue order.
   const std::vector<const Concept*>& regimens() const { return regimens_; }
   // The concepts that are a spread of some primary cancer ("spread": true), and those that exclude dose forms
   // ("not_dose_forms"), in catalogue order: found once when the catalogue is indexed.
   const std::vector<const Concept*>& spreads() const { return spreads_; }
   const std::vector<const Concept*>& form_classes() const { return form_classes_; }
   // Whether a coded record (FHIR) of `c` would be found, so that its absence from a complete list means none: `c` has
   // codes of its own, is a drug ingredient (found by its own name in a medication's text), is recorded by an
   // Observation's LOINC code or computed from the record; or it has kinds, and each of them is found so (a regimen:
   // each of its drugs). A class with codes above it does not count: its code list may miss the record's coding (a
   // hepatectomy coded in SNOMED CT, where the catalogue lists ICD-10-PCS), and a wrong "not met" on the narrower
   // concept would follow. Found once when the catalogue is indexed. For a concept that is not, a record that names no
   // concept may be one (docs/fhir.md, "When a list is complete").
   bool closed_world(const Concept& c) const { return closed_world_.count(&c) > 0; }

private:
   void index();
   void resolve_definition(Concept& c);

   std::vector<Analyte> analytes_;
   std::vector<Score> scores_;
   std::vector<Concept> concepts_;
   std::vector<AnalyteGroup> groups_;
   std::vector<FillerWord> filler_words_;
   QualifierWords qualifier_words_;
   SupportNoteWords support_note_words_;
   NoteValueWords note_value_words_;
   CriterionKindWords criterion_kinds_;
   std::vector<std::vector<std::string>> group_members_;  // ids, resolved in index()
   std::unordered_map<std::string, const AnalyteGroup*> group_names_;
   TextMatching text_matching_;
   std::vector<Code> yes_, no_;
   std::vector<std::string> yes_texts_, no_texts_;  // as name_key() folds them
   std::unordered_map<std::string, const Score*> score_loinc_;
   std::unordered_map<std::string, const Score*> score_snomed_;
   std::unordered_map<std::string, const Concept*> concept_observation_;
   std::set<std::string> not_codes_;
   std::unordered_map<std::string, const Analyte*> analyte_names_;
   std::unordered_map<std::string, const Analyte*> analyte_loinc_;
   std::unordered_map<std::string, const Analyte*> analyte_log_loinc_;
   std::unordered_map<std::string, const Score*> score_names_;
   std::unordered_map<std::string, const Concept*> concept_names_;
   // An entry's own id as written ("total_bilirubin", "hepatitis_b"), which records, findings and the evaluator use: found
   // without folding the text first (name_key). Holds only ids that name_key() would find to the same entry.
   struct IdHash {
      using is_transparent = void;
      std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
   };
   std::unordered_map<std::string, const Analyte*, IdHash, std::equal_to<>> analyte_ids_;
   std::unordered_map<std::string, const Score*, IdHash, std::equal_to<>> score_ids_;
   std::unordered_map<std::string, const Concept*, IdHash, std::equal_to<>> concept_ids_;
   struct CodeEntry {
      const Concept* concept_;
      bool history;
   };
   std::unordered_map<std::string, CodeEntry> concept_codes_;
   // ICD blocks of categories ("C00-C97"), as concepts list them: matched by a code's category when no listed code or
   // group code is (concept_by_code).
   struct IcdBlock {
      std::string system, first, last;
      const Concept* concept_;
      bool history;
   };
   std::vector<IcdBlock> icd_blocks_;
   // Each concept's names as the words a text must hold to name it (concepts_named_in).
   struct NameWords {
      const Concept* concept_;
      std::vector<std::vector<std::string>> names;
   };
   std::vector<NameWords> name_words_;
   std::vector<std::vector<std::string>> not_of_patient_words_;  // text_matching.not_of_patient, as words
   std::set<std::string> of_patient_after_all_words_;            // text_matching.of_patient_after_all, as words
   void index_name_words();
   std::unordered_map<const Concept*, std::vector<const Concept*>> ancestors_;  // along is_a and components
   std::unordered_map<const Concept*, std::vector<const Concept*>> kinds_;      // along is_a alone
   // The same as bit matrices over the concepts' positions (row c, bit a: c is_a a), for the evaluator's hot path (batch:
   // is_a and kind_of are asked hundreds of times per patient); and whether a concept or an ancestor has indication links.
   std::size_t row_words_ = 0;
   std::vector<std::uint64_t> ancestor_bits_, kind_bits_;
   std::vector<char> indication_links_;
   std::size_t position(const Concept& c) const;  // its index in concepts_, or concepts_.size() for a concept of no catalogue of this
   static bool bit(const std::vector<std::uint64_t>& m, std::size_t words, std::size_t row, std::size_t col)
   {
      return (m[row * words + col / 64] >> (col % 64)) & 1U;
   }
   std::vector<const Concept*> regimens_;
   std::vector<const Concept*> spreads_;
   std::vector<const Concept*> form_classes_;
   std::set<const Concept*> closed_world_;
};

// Reads criterion_kinds.json (engine/catalogue/criterion_kinds.cpp). Throws CatalogueError.
CriterionKindWords read_criterion_kinds(const std::string& text);

// Reads filler_words.json (engine/catalogue/filler_words.cpp). Throws CatalogueError.
std::vector<FillerWord> read_filler_words(const std::string& text);
// Reads qualifier_words.json (engine/catalogue/qualifier_words.cpp). Throws CatalogueError.
QualifierWords read_qualifier_words(const std::string& text);
// Reads support_note_words.json (engine/catalogue/support_note_words.cpp). Throws CatalogueError.
SupportNoteWords read_support_note_words(const std::string& text);
// Reads note_value_words.json (engine/catalogue/note_value_words.cpp). Throws CatalogueError.
NoteValueWords read_note_value_words(const std::string& text);

// Lower-cases ASCII and folds runs of white space, hyphens and underscores, so
// that "Child-Pugh", "child pugh" and "child_pugh" are one key.
std::string name_key(std::string_view text);

}  // namespace eligo
