#include "engine/evaluate/tumour_stage.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace eligo {

namespace {

std::vector<q::Length> probe_sizes(const StageTable& t, const q::Length& cm)
{
   std::vector<q::Length> out;
   for (double v : t.size_probes_cm) out.push_back(v * cm);
   return out;
}

}  // namespace

Derivation derive_stage(const BclcInputs& in, const StageTable& t)
{
   Derivation d;
   const q::Length cm = 0.01 * q::bu::si::meter;
   // Every value an unknown input can take, by the boundaries that matter.
   const std::vector<int> numbers = in.tumour_number ? std::vector<int>{*in.tumour_number} : std::vector<int>{1, 2, 4};
   const std::vector<q::Length> sizes = in.largest_tumour ? std::vector<q::Length>{*in.largest_tumour} : probe_sizes(t, cm);
   const std::vector<bool> mvi = in.macrovascular_invasion ? std::vector<bool>{*in.macrovascular_invasion} : std::vector<bool>{false, true};
   const std::vector<bool> ehs = in.extrahepatic_spread ? std::vector<bool>{*in.extrahepatic_spread} : std::vector<bool>{false, true};
   std::vector<int> ecogs, cps;
   for (int e = in.ecog ? in.ecog->lo : 0; e <= (in.ecog ? in.ecog->hi : 5); ++e) ecogs.push_back(e);
   for (int c = in.child_pugh ? in.child_pugh->lo : 5; c <= (in.child_pugh ? in.child_pugh->hi : 15); ++c) cps.push_back(c);
   d.value = {t.highest, t.lowest};  // widened by every result below
   for (int n : numbers)
      for (const auto& sz : sizes)
         for (bool m : mvi)
            for (bool x : ehs)
               for (int e : ecogs)
                  for (int c : cps) {
                     const int st = t.stage(n, sz, m, x, e, c);
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
   d.how += t.definition;
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
