#include "engine/evaluate/cnlc.hpp"

#include <algorithm>
#include <vector>

namespace eligo {

int cnlc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points)
{
   if (ecog >= 3 || child_pugh_points >= 10) return 7;  // IV
   if (extrahepatic) return 6;                          // IIIb
   if (macrovascular) return 5;                         // IIIa
   if (tumours >= 4) return 4;                          // IIb
   const q::Length cm = 0.01 * q::bu::si::meter;
   if (tumours <= 1) return largest <= 5.0 * cm ? 1 : 2;  // Ia, Ib
   return largest <= 3.0 * cm ? 2 : 3;                    // Ib, IIa
}

Derivation derive_cnlc(const BclcInputs& in)
{
   Derivation d;
   const q::Length cm = 0.01 * q::bu::si::meter;
   // Every value an unknown input can take, by the boundaries that matter (1, 2-3, ≥ 4 tumours; 3 and 5 cm).
   const std::vector<int> numbers = in.tumour_number ? std::vector<int>{*in.tumour_number} : std::vector<int>{1, 2, 4};
   const std::vector<q::Length> sizes = in.largest_tumour ? std::vector<q::Length>{*in.largest_tumour} : std::vector<q::Length>{2.0 * cm, 4.0 * cm, 6.0 * cm};
   const std::vector<bool> mvi = in.macrovascular_invasion ? std::vector<bool>{*in.macrovascular_invasion} : std::vector<bool>{false, true};
   const std::vector<bool> ehs = in.extrahepatic_spread ? std::vector<bool>{*in.extrahepatic_spread} : std::vector<bool>{false, true};
   std::vector<int> ecogs, cps;
   for (int e = in.ecog ? in.ecog->lo : 0; e <= (in.ecog ? in.ecog->hi : 5); ++e) ecogs.push_back(e);
   for (int c = in.child_pugh ? in.child_pugh->lo : 5; c <= (in.child_pugh ? in.child_pugh->hi : 15); ++c) cps.push_back(c);
   d.value = {7, 1};
   for (int n : numbers)
      for (const auto& sz : sizes)
         for (bool m : mvi)
            for (bool x : ehs)
               for (int e : ecogs)
                  for (int c : cps) {
                     const int st = cnlc_stage(n, sz, m, x, e, c);
                     d.value.lo = std::min(d.value.lo, st);
                     d.value.hi = std::max(d.value.hi, st);
                  }
   auto part = [&](const std::string& s) { d.how += (d.how.empty() ? "" : ", ") + s; };
   auto yes_no = [](bool b) { return b ? std::string("present") : std::string("absent"); };
   part(in.tumour_number ? std::to_string(*in.tumour_number) + (*in.tumour_number == 1 ? " tumour" : " tumours") : "tumour number missing");
   part(in.largest_tumour ? "largest " + how_number((*in.largest_tumour / cm).value()) + " cm" : "tumour size missing");
   part("macrovascular invasion " + (in.macrovascular_invasion ? yes_no(*in.macrovascular_invasion) : std::string("not recorded")));
   part("extrahepatic spread " + (in.extrahepatic_spread ? yes_no(*in.extrahepatic_spread) : std::string("not recorded")));
   part(in.ecog ? "ECOG " + std::to_string(in.ecog->lo) + (in.ecog->lo == in.ecog->hi ? "" : "–" + std::to_string(in.ecog->hi)) : "ECOG missing");
   part(in.child_pugh ? "Child-Pugh " + in.child_pugh_how : "Child-Pugh missing");
   d.how +=
       " (CNLC 2022: IV = PS 3–4 or Child-Pugh C; else IIIb = extrahepatic spread, IIIa = macrovascular invasion; else Ia = single ≤ 5 cm, "
       "Ib = single > 5 cm or 2–3 ≤ 3 cm, IIa = 2–3 with the largest > 3 cm, IIb = ≥ 4)";
   if (d.value.lo != d.value.hi) {
      if (!in.tumour_number) d.missing.push_back("Number of tumours");
      if (!in.largest_tumour) d.missing.push_back("Largest tumour diameter");
      if (!in.macrovascular_invasion) d.missing.push_back("macrovascular invasion");
      if (!in.extrahepatic_spread) d.missing.push_back("extrahepatic spread");
      if (!in.ecog || in.ecog->lo != in.ecog->hi) d.missing.push_back("ECOG performance status");
      if (!in.child_pugh || in.child_pugh->lo != in.child_pugh->hi) d.missing.push_back("Child-Pugh score");
   }
   return d;
}

}  // namespace eligo
