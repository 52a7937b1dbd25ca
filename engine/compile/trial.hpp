// A compiled trial: every criterion of a trial file bound to a predicate, or
// kept as manual review. Compiling never drops a line: a line that does not
// compile is an error (file:line:col) unless the file marks it 'manual:'.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grammar/trial_file.hpp"
#include "engine/compile/binder.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

// What a criterion the record cannot settle asks for (docs/language.md, "Kinds of criteria"): data to collect (a lab,
// score or fact the record could hold), a question a clinician answers once, or a check at enrolment (consent,
// willingness, agreement), which never keeps a trial from a verdict at screening.
enum class CriterionKind { data, question, enrolment };
const char* to_string(CriterionKind k);  // "data", "question", "enrolment"

struct Criterion {
   Section section = Section::none;  // inclusion or exclusion
   // The trial id and a short hash of the normalised registry wording ("NCT03838796-1a2b3c4d"), "-2", "-3" after a
   // repeat of the same wording: it stays the same when other lines of the file change (docs/language.md, "Criterion ids").
   std::string id;
   CriterionKind kind = CriterionKind::data;
   std::string kind_reason;  // why: "'informed consent' in the wording", "set in the trial file (kind: question)"
   std::string kind_set;     // the file's "kind:" line, when it has one
   std::size_t line = 0;
   std::string text;  // registry wording
   std::string as;    // machine form, when the file gives one
   std::vector<std::string> notes;
   bool manual = false;
   Predicate predicate;
   // Words of the compiled text that the reading did not use and that carry meaning, each run as
   // written (docs/language.md, "Accounting of words"); empty for a clean line.
   std::vector<std::string> unread;
   std::vector<Criterion> children;  // nested bullets (shown under their parent)
   // How the children combine when no quantifier the grammar reads says so, in plain English for reports ("any of the
   // nested items (a heading in the exclusion section: any one item excludes)"): a heading over nested items, a bare
   // "the following", or bullets joined by a trailing "or"/"and". Empty otherwise.
   std::string combination;
   std::string quantifier;         // a heading's combination as a trial file writes it: "any of the following:"
   bool joined = false;            // bullets joined by a trailing "or"/"and": the children are the bullets, this is their group
   bool automatic_manual = false;  // manual review the compiler chose (a heading it cannot combine safely), not a 'manual:' line
};

struct Diagnostic {
   std::string path;
   std::size_t line = 0;
   std::size_t column = 0;
   std::string message;
   std::string source_line;      // the criterion text the caret is drawn under
   std::size_t text_column = 0;  // the column within source_line (the file column counts the bullet too)
   // A warning's category, and for a slip what a draft says and the reading it suggests (binder.hpp, Warning).
   WarningCategory category = WarningCategory::plain;
   std::string draft_note{};
   std::string suggestion{};
   std::string str() const;  // "file:line:col: message\n  text\n  ^"
};

inline constexpr int default_answers_valid_days = 30;

struct Trial {
   std::string id;
   std::string title;
   std::string path;
   // The trial file's text as a 64-bit FNV-1a hash, 16 hex digits: the version a questionnaire of it names (eligo questions).
   std::string version;
   // The trial file's bytes as SHA-256, 64 hex digits: what a printout names the file by (`sha256sum FILE` prints the same).
   std::string sha256;
   std::map<std::string, std::string> header;
   const Concept* condition = nullptr;
   std::vector<const Concept*> interventions;
   std::optional<int> lab_window_days;
   // "answers valid: N days": a clinician's answer to a question older than this at the screening date is stale, and the
   // criterion is unknown again (docs/language.md, "Answers to questions").
   int answers_valid_days = default_answers_valid_days;
   // "criteria: partial": the registry states only part of the trial's criteria, and every verdict says so
   bool criteria_partial = false;
   std::vector<const Analyte*> labs;  // every lab analyte the criteria use
   std::vector<Criterion> criteria;
   std::size_t count_criteria() const;
   std::size_t count_manual() const;
};

struct CompileResult {
   std::optional<Trial> trial;  // set when there are no errors
   std::string path;
   std::string id;
   std::vector<Diagnostic> errors;
   std::vector<Diagnostic> warnings;
   std::size_t criteria = 0;
   std::size_t manual = 0;
   bool criteria_partial = false;  // the header says "criteria: partial"
};

// What a verdict for a trial with "criteria: partial" says beside it, in every report.
inline constexpr const char* criteria_partial_note = "criteria partial: only the criteria the registry states were checked";

// The wording a criterion id hashes: lower-cased (ASCII), runs of white space folded to one space, trimmed.
std::string normalised_wording(std::string_view text);
// The criterion's kind from its wording (the words of criterion_kinds.json) and its compiled tree.
// `lexicon`, when given, lets a line the grammar could not read take its kind from its words: one that names a
// catalogue analyte, score or concept is data (the record could hold it), unless its words ask for consent or a
// clinician's judgement.
CriterionKind decide_kind(const Criterion& c, const CriterionKindWords& words, std::string* reason = nullptr, const grammar::Lexicon* lexicon = nullptr);

CompileResult compile_trial_text(const std::string& text, const std::string& path, const CatalogueLexicon& lexicon);
CompileResult compile_trial_file(const std::string& path, const CatalogueLexicon& lexicon);

// Trial files under a directory (recursively, sorted by path), or the file itself.
std::vector<std::string> trial_files(const std::string& file_or_dir);

}  // namespace eligo
