// Tree leaves answered once per patient for all trials of a batch (docs/batch.md, "The compiled path"). A compiled
// trial's "tree" instruction (compiled_trial.hpp: a clinical fact, a qualifier, a score under its own window, a BCLC or
// CNLC stage) asks the tree evaluator about one leaf. Many trials ask the same leaf ("pregnant", "prior sorafenib",
// "HIV infection"); the leaf's answer depends only on the leaf, the patient, the screening date, the trial's lab window
// and, for "other X" and exceptions alone, the trial's condition and interventions (fact.cpp, read), so it is computed
// once per patient for each distinct (leaf, lab window[, condition and interventions]) and reused by every trial that
// asks it. What a trial says in words is
// not part of a leaf's answer: a leaf's key is every field of its Predicate but its source text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

// The distinct tree leaves of the trials of one batch, each with an index. Filled while the trials are compiled,
// read-only while they are screened.
class TreeLeaves {
public:
   static constexpr std::uint32_t none = UINT32_MAX;

   // The index of leaf `p` asked by a trial whose condition and interventions are `own` and whose lab window is
   // `lab_window_days`: the same index for the same leaf asked in the same setting by any trial.
   std::uint32_t intern(const Predicate& p, const std::vector<const Concept*>& own, std::optional<int> lab_window_days);
   std::size_t size() const { return index_.size(); }

   // Everything the evaluator reads of a leaf, as text: every field but `text`. Exposed for the test that a leaf that
   // differs in any field gets its own key.
   static std::string key(const Predicate& p);

private:
   std::unordered_map<std::string, std::uint32_t> index_;
};

// One worker's answers to the tree leaves for the patient it is screening. next_patient() forgets them all at once.
class TreeLeafMemo {
public:
   explicit TreeLeafMemo(std::size_t leaves = 0) : stamp_(leaves, 0), value_(leaves, 0) {}
   void next_patient() { ++now_; }
   std::optional<std::uint8_t> get(std::uint32_t leaf) const
   {
      if (leaf >= stamp_.size() || stamp_[leaf] != now_) return std::nullopt;
      return value_[leaf];
   }
   void put(std::uint32_t leaf, std::uint8_t value)
   {
      if (leaf >= stamp_.size()) return;
      stamp_[leaf] = now_;
      value_[leaf] = value;
   }

private:
   std::vector<std::uint64_t> stamp_;
   std::vector<std::uint8_t> value_;
   std::uint64_t now_ = 1;
};

}  // namespace eligo
