// Binding: syntax tree -> predicate tree. Resolves names against the
// catalogue, checks units by dimension, converts thresholds to canonical
// units, and warns about thresholds outside physiology.
#pragma once

#include <memory>
#include <unordered_set>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "grammar/lexicon.hpp"
#include "grammar/syntax.hpp"
#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

// The catalogue as the grammar sees it.
class CatalogueLexicon : public grammar::Lexicon {
public:
   explicit CatalogueLexicon(std::shared_ptr<const Catalogue> catalogue);
   std::size_t match_name(Kind kind, std::string_view text) const override;
   bool is_unit(std::string_view text) const override;
   std::size_t match_filler(std::string_view text) const override;
   std::size_t match_no_meaning(std::string_view text) const override;
   std::size_t match_scope(std::string_view text) const override;
   std::size_t match_qualifier(std::string_view text) const override;
   std::size_t match_qualifier_after(std::string_view text) const override;
   std::string qualifier_name(std::string_view spelling) const override;
   bool is_support_word(SupportWord group, const std::string& word) const override;
   const Catalogue& catalogue() const { return *catalogue_; }

private:
   std::shared_ptr<const Catalogue> catalogue_;
   grammar::NameMatcher analytes_, scores_, concepts_, graded_;
   grammar::NameMatcher filler_, no_meaning_;      // filler_words.json: every word the grammar may skip, and the reviewed no-meaning ones
   grammar::NameMatcher scope_, qualifiers_;       // qualifier_words.json: time-scope words, and every spelling of a qualifier
   grammar::NameMatcher qualifiers_after_;         // the spellings of the qualifiers read after their fact
   std::unordered_set<std::string> unit_aliases_;  // per-analyte unit spellings ("iu/l"), normalised
};

// A name or unit that does not bind. Thrown with the byte offset; bind() and compile_criterion()
// add the code-point column (where.column) before it leaves them.
struct BindError : CriterionError {
   BindError(std::string message, std::size_t byte) : CriterionError({}, std::move(message)), byte(byte) {}
   std::size_t byte;  // where in the criterion text
};

// A warning about a criterion. A slip is text that most likely says something other than the
// registry meant: a threshold the plausibility check flags, a European thousands dot that makes
// one implausible ("100.000/µL" read as 100), a bare "=" on a continuous value ("Age = 18 years").
// A hand-written trial file compiles with the warning; an imported draft never evaluates a slip
// literally: the line becomes manual review with the suggested reading (engine/import/importer.cpp).
enum class WarningCategory { plain, slip };

struct Warning {
   Warning() = default;
   Warning(std::string message, std::size_t byte) : message(std::move(message)), byte(byte) {}
   Warning(std::string message, std::size_t byte, bool note) : message(std::move(message)), byte(byte), note(note) {}
   std::string message;
   std::size_t byte = 0;
   WarningCategory category = WarningCategory::plain;
   std::string draft_note;  // slip: what a draft's manual line says ("threshold 8 g/L is implausible for Hemoglobin …; probably 8 g/dL")
   std::string suggestion;  // slip: the whole criterion as it probably reads, for `as:` ("Hb ≥ 8 g/dL"); empty when none is likely
   bool note = false;       // also a note on the criterion, shown with its why ("an exclusion written as a requirement …")
};

// Which section a criterion sits in. The binder infers a missing comparison only in
// the inclusion section ("Hemoglobin 8.5 g/dl" under inclusion: ≥, from the analyte's direction of harm).
enum class Section { none, inclusion, exclusion };
const char* to_string(Section s);  // "inclusion", "exclusion", "" for none

// Binds one syntax tree. `text` is the criterion text the tree points into.
// `nested` are the bound items of nested bullets in a trial file: they become the
// items of a quantifier written without any ("Meet any of the following:").
// `condition` is the trial's condition (its header), or null when it names none: a name that means a
// concept only in trials on one condition ("resection" in liver cancer) binds only there.
// Throws BindError; appends plausibility warnings to `warnings`.
// Which strict lower age bounds are exact age (Predicate::older_than): only a plain requirement, an inclusion's and under no
// negation ("Over 18 years old"). Under a negation the bound is a band's end or the oldest admitted ("no older than 80",
// "Older than 70 years and no older than 80 years" among exclusions, "must not have any of the following:" over "Age > 75"),
// and counts completed years (reviews helper-129, -130). Set again over a whole criterion once a heading has combined its
// items, and on the items' own rows. A trial whose registry gives a minimum age of N + 1 years says what its "over N" means
// (completed years, "More than 18 years of age" beside a minimum age of 19 Years: review helper-132): `registry_minimum`,
// in years, when the trial's header gives it. So does its maximum age for a strict upper bound at it ("Age > 18 and < 45 years"
// beside a maximum age of 45 Years admits 45-year-olds, as the registry does: review helper-151): `registry_maximum`.
void settle_older_than(Predicate& p, bool admitting, bool negated = false, std::optional<double> registry_minimum = std::nullopt,
                       std::optional<double> registry_maximum = std::nullopt);

Predicate bind(const syntax::Node& node, std::string_view text, const Catalogue& catalogue, std::vector<Warning>& warnings,
               const std::vector<Predicate>& nested = {}, Section section = Section::none, const Concept* condition = nullptr);

// Parse and bind in one go (eval, tests), reading a method named after the test (method_refinement.hpp) as a trial
// file does. `unread` and `notes`, when given, receive the words passed over and the reading's notes.
// Throws grammar::SyntaxError or BindError.
Predicate compile_criterion(std::string_view text, const CatalogueLexicon& lexicon, std::vector<Warning>& warnings, Section section = Section::none,
                            const Concept* condition = nullptr, std::vector<std::string>* unread = nullptr, std::vector<std::string>* notes = nullptr);

}  // namespace eligo
