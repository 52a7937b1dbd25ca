// The compiled path of eligo batch (docs/batch.md, "The compiled path"): a trial compiled once into a
// flat program, an array of typed instructions in postfix order, run over a patient's slots
// (engine/patient/patient_slots.hpp) with Kleene logic on small integers and no allocation per
// patient. The tree evaluator (evaluator.hpp, screen.hpp) stays the reference: the program gives
// the same verdict and the same failing, open, question and enrolment criteria as screen() with
// explain = false, and tests/test_compiled_trial.cpp runs both on every input it has and fails on
// any difference.
//
// What the program holds itself: and, or, not; lab and measurement thresholds, ranges, × ULN / × LLN
// and "within normal limits" (the trial's lab window and a criterion's own assessment window); age;
// sex; recorded scores, and Child-Pugh and ALBI derived from the labs when not recorded; "labs
// within N days"; manual review. Every other leaf (a clinical fact, a qualifier, a score under its
// own assessment window, a BCLC or CNLC stage to derive) is a "tree" instruction: the tree
// evaluator answers that leaf alone, on the Patient the record gives (read once per record, for
// every trial that needs it), and the program does the rest.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/evaluate/tree_leaf_memo.hpp"
#include "engine/patient/patient_slots.hpp"

namespace eligo {

// What screen() gives that a batch row holds: the verdict and criteria by index into Trial::criteria.
struct CompiledVerdict {
   Verdict verdict = Verdict::indeterminate;
   std::vector<std::size_t> failing, open, questions, at_enrolment;
   void clear()
   {
      failing.clear();
      open.clear();
      questions.clear();
      at_enrolment.clear();
   }
};

class CompiledTrial {
public:
   // The program of `trial`, or nullopt with the reason (`why_not`) when a criterion uses what the program does not cover.
   // With `leaves`, its tree instructions are entered there, so that trials compiled with the same table share their
   // answers through a TreeLeafMemo (tree_leaf_memo.hpp).
   static std::optional<CompiledTrial> compile(const Trial& trial, const Catalogue& catalogue, std::string* why_not = nullptr, TreeLeaves* leaves = nullptr);

   // Screens the patient on `date`. `record` is the same patient as a Patient, which the tree instructions read; it
   // must be given when needs_patient(). False when this record needs the reference path for this trial (a tree
   // instruction and no Patient); `out` is then not to be used.
   // `memo`: the answers of tree leaves this patient already has from other trials compiled with the same TreeLeaves
   // (reset by the caller for each patient); it gets this trial's.
   bool screen(const PatientSlots& patient, const Patient* record, const Date& date, CompiledVerdict& out, TreeLeafMemo* memo = nullptr) const;
   // The program has tree instructions: it reads the record's Patient too.
   bool needs_patient() const { return needs_patient_; }

   const Trial& trial() const { return *trial_; }
   std::size_t instructions() const { return code_.size(); }

   // The instructions as text, one per line ("lab_compare platelets >= 75 …"), for tests and the curious.
   std::string listing() const;

private:
   enum class Op : std::uint8_t { all, any, negate, lab, age, score, sex, manual, lab_window, tree };
   struct Instruction {
      Op op = Op::manual;
      std::uint16_t slot = 0;                 // lab: the analyte's slot; score: the score's slot
      std::uint32_t count = 0;                // all, any: how many results they combine
      const Predicate* predicate = nullptr;   // the leaf: its threshold, comparator, range, accepted values, window
      std::uint32_t leaf = TreeLeaves::none;  // tree (and a BCLC or CNLC score): its index in the TreeLeaves given to compile()
   };
   // How a criterion that comes out unknown is settled (screen.cpp, open_kind): fixed by its kind, or by whether any
   // unknown leaf under it misses data the record could hold.
   enum class Open : std::uint8_t { enrolment, question, data, by_leaves };
   struct CriterionCode {
      std::uint32_t end = 0;  // one past its last instruction
      Open open = Open::by_leaves;
      CriterionKind kind = CriterionKind::data;
      bool inclusion = true;
   };

   static constexpr std::size_t max_slots = 64;
   static constexpr std::size_t max_stack = 256;

   const Trial* trial_ = nullptr;
   const Catalogue* catalogue_ = nullptr;
   std::vector<Instruction> code_;
   std::vector<CriterionCode> criteria_;
   std::vector<const Analyte*> analytes_;    // slot -> analyte
   std::vector<const Score*> scores_;        // slot -> score
   std::vector<std::uint16_t> window_labs_;  // "labs within N days": the slots of the trial's labs
   std::vector<const Concept*> own_;         // the trial's condition and interventions (EvalContext::own), for tree leaves
   bool needs_patient_ = false;
   // Child-Pugh and ALBI inputs (slots, or max_slots when the trial reads no such analyte or score)
   std::uint16_t bilirubin_ = max_slots, albumin_ = max_slots, inr_ = max_slots, ascites_ = max_slots, encephalopathy_ = max_slots;
};

}  // namespace eligo
