// What a derived value is (Child-Pugh, ALBI, BCLC): the interval it can still take when an
// input is missing, how it was computed, and what would narrow it.
#pragma once

#include <string>
#include <vector>

namespace eligo {

struct Interval {
   int lo = 0;
   int hi = 0;
};

struct Derivation {
   Interval value;                    // the score (or grade) interval
   std::string how;                   // "bilirubin 13.7 µmol/L → 1 + albumin 41 g/L → 1 + ..."
   std::vector<std::string> missing;  // inputs that would narrow it
};

// A number in a derivation's `how`: three significant digits ("13.7", "41", "1.8").
std::string how_number(double v);

}  // namespace eligo
