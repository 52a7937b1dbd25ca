// Derived clinical values, written on typed quantities (quantity.hpp):
// Child-Pugh points (Pugh 1973) and ALBI (Johnson et al., J Clin Oncol 2015).
// A missing input widens the result to the interval it could still take.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/date.hpp"
#include "engine/core/quantity.hpp"

namespace eligo {

struct Interval {
   int lo = 0;
   int hi = 0;
};

// Age in completed years on a date, as a typed duration (in Julian years, UCUM 'a').
q::Duration age_on(const Date& birth, const Date& on);

// Child-Pugh, one item each. Bands per DOMAIN.md (CCJM/Harrison's):
// bilirubin <34.2 / 34.2–51.3 / >51.3 µmol/L (2 and 3 mg/dL with molar mass 584.66),
// albumin >35 / 28–35 / <28 g/L, INR <1.7 / 1.7–2.3 / >2.3.
int child_pugh_bilirubin_points(q::SubstanceConcentration bilirubin);
int child_pugh_albumin_points(q::MassConcentration albumin);
int child_pugh_inr_points(q::Ratio inr);

struct ChildPughInputs {
   std::optional<q::SubstanceConcentration> bilirubin;
   std::optional<q::MassConcentration> albumin;
   std::optional<q::Ratio> inr;
   std::optional<Interval> ascites_points;        // 1..3
   std::optional<Interval> encephalopathy_grade;  // West Haven 0..4
};

struct Derivation {
   Interval value;                    // the score (or grade) interval
   std::string how;                   // "bilirubin 13.7 µmol/L → 1 + albumin 41 g/L → 1 + ..."
   std::vector<std::string> missing;  // inputs that would narrow it
};

Derivation derive_child_pugh(const ChildPughInputs& in);

// ALBI = 0.66 × log10(bilirubin µmol/L) − 0.085 × albumin g/L; grade 1 ≤ −2.60 < grade 2 ≤ −1.39 < grade 3.
double albi_score(q::SubstanceConcentration bilirubin, q::MassConcentration albumin);
int albi_grade(double score);
Derivation derive_albi(std::optional<q::SubstanceConcentration> bilirubin, std::optional<q::MassConcentration> albumin);

// BCLC stage (Reig et al., J Hepatol 2022;76:681-693), as an ordinal 0..4 = 0, A, B, C, D:
// - D: ECOG 3-4, or end-stage liver function (Child-Pugh C, 10-15 points);
// - C: macrovascular invasion or extrahepatic spread, or ECOG 1-2 (liver function preserved);
// - otherwise ECOG 0: 0 = single nodule ≤ 2 cm; A = single nodule, or 2-3 nodules all ≤ 3 cm;
//   B = multinodular beyond A.
// An unknown input is tried at every value it can take; the stage is the interval of results.
struct BclcInputs {
   std::optional<int> tumour_number;
   std::optional<q::Length> largest_tumour;
   std::optional<bool> macrovascular_invasion;
   std::optional<bool> extrahepatic_spread;
   std::optional<Interval> ecog;        // 0..5
   std::optional<Interval> child_pugh;  // points 5..15
   std::string child_pugh_how;          // "recorded A6" or "derived: ..."
};

int bclc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points);
Derivation derive_bclc(const BclcInputs& in);

}  // namespace eligo
