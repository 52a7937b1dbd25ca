#include "engine/evaluate/derived.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace eligo {

namespace {

std::string fmt(double v)
{
   char buf[32];
   std::snprintf(buf, sizeof buf, "%.3g", v);
   return buf;
}

// 2 and 3 mg/dL of bilirubin in µmol/L, through its molar mass (584.66 g/mol).
const q::SubstanceConcentration bilirubin_2_mg_dl = 2.0 * q::milligram_per_decilitre / (584.66e-3 * q::bu::si::kilogram / q::bu::si::mole);
const q::SubstanceConcentration bilirubin_3_mg_dl = 3.0 * q::milligram_per_decilitre / (584.66e-3 * q::bu::si::kilogram / q::bu::si::mole);

}  // namespace

q::Duration age_on(const Date& birth, const Date& on) { return static_cast<double>(completed_years(birth, on)) * q::julian_year; }

// Band edges are exact, as criterion thresholds are (docs/language.md, "Exact boundaries"):
// a value within the relative tolerance of an edge is on it. 28 g/L read from a lab in g/L
// goes through the unit's factor and may land a rounding error below 28 g/L; it is still 28.
// The bilirubin edges are mass-based (2 and 3 mg/dL), so a value in µmol/L is compared with
// the molar tolerance the criteria use: 51.3 µmol/L, the usual rounding, is 3 mg/dL.
namespace {
bool on_edge(double x, double edge, double tol) { return std::fabs(x - edge) <= tol * std::max(std::fabs(x), std::fabs(edge)); }
bool below(double x, double edge, double tol) { return x < edge && !on_edge(x, edge, tol); }
bool above(double x, double edge, double tol) { return x > edge && !on_edge(x, edge, tol); }
constexpr double exact = 1e-9, molar = 5e-4;
}  // namespace

int child_pugh_bilirubin_points(q::SubstanceConcentration b)
{
   const double v = (b / q::micromole_per_litre).value();
   if (below(v, (bilirubin_2_mg_dl / q::micromole_per_litre).value(), molar)) return 1;
   if (!above(v, (bilirubin_3_mg_dl / q::micromole_per_litre).value(), molar)) return 2;
   return 3;
}

int child_pugh_albumin_points(q::MassConcentration a)
{
   const double v = (a / q::gram_per_litre).value();
   if (above(v, 35.0, exact)) return 1;
   if (!below(v, 28.0, exact)) return 2;
   return 3;
}

int child_pugh_inr_points(q::Ratio inr)
{
   if (below(inr.value(), 1.7, exact)) return 1;
   if (!above(inr.value(), 2.3, exact)) return 2;
   return 3;
}

Derivation derive_child_pugh(const ChildPughInputs& in)
{
   Derivation d;
   d.value = {0, 0};
   auto add = [&](const std::string& part, Interval pts) {
      d.value.lo += pts.lo;
      d.value.hi += pts.hi;
      if (!d.how.empty()) d.how += " + ";
      d.how += part + (pts.lo == pts.hi ? " → " + std::to_string(pts.lo) : " → " + std::to_string(pts.lo) + "–" + std::to_string(pts.hi));
   };
   if (in.bilirubin) {
      const int p = child_pugh_bilirubin_points(*in.bilirubin);
      add("bilirubin " + fmt((*in.bilirubin / q::micromole_per_litre).value()) + " µmol/L", {p, p});
   }
   else {
      add("bilirubin missing", {1, 3});
      d.missing.push_back("total bilirubin");
   }
   if (in.albumin) {
      const int p = child_pugh_albumin_points(*in.albumin);
      add("albumin " + fmt((*in.albumin / q::gram_per_litre).value()) + " g/L", {p, p});
   }
   else {
      add("albumin missing", {1, 3});
      d.missing.push_back("albumin");
   }
   if (in.inr) {
      const int p = child_pugh_inr_points(*in.inr);
      add("INR " + fmt(in.inr->value()), {p, p});
   }
   else {
      add("INR missing", {1, 3});
      d.missing.push_back("INR");
   }
   if (in.ascites_points)
      add("ascites", *in.ascites_points);
   else {
      add("ascites missing", {1, 3});
      d.missing.push_back("ascites");
   }
   if (in.encephalopathy_grade) {
      auto pts = [](int g) { return g == 0 ? 1 : g <= 2 ? 2 : 3; };
      add("encephalopathy grade " + std::to_string(in.encephalopathy_grade->lo) +
              (in.encephalopathy_grade->hi != in.encephalopathy_grade->lo ? "–" + std::to_string(in.encephalopathy_grade->hi) : ""),
          {pts(in.encephalopathy_grade->lo), pts(in.encephalopathy_grade->hi)});
   }
   else {
      add("encephalopathy missing", {1, 3});
      d.missing.push_back("hepatic encephalopathy");
   }
   return d;
}

double albi_score(q::SubstanceConcentration bilirubin, q::MassConcentration albumin)
{
   const double bili_umol_l = (bilirubin / q::micromole_per_litre).value();
   const double alb_g_l = (albumin / q::gram_per_litre).value();
   return 0.66 * std::log10(bili_umol_l) - 0.085 * alb_g_l;
}

int albi_grade(double s) { return s <= -2.60 ? 1 : s <= -1.39 ? 2 : 3; }

Derivation derive_albi(std::optional<q::SubstanceConcentration> bilirubin, std::optional<q::MassConcentration> albumin)
{
   Derivation d;
   if (!bilirubin) d.missing.push_back("total bilirubin");
   if (!albumin) d.missing.push_back("albumin");
   if (!d.missing.empty() || (*bilirubin / q::micromole_per_litre).value() <= 0) {
      d.value = {1, 3};
      d.how = "ALBI needs bilirubin and albumin";
      return d;
   }
   const double s = albi_score(*bilirubin, *albumin);
   const int g = albi_grade(s);
   d.value = {g, g};
   d.how = "ALBI = 0.66×log10(" + fmt((*bilirubin / q::micromole_per_litre).value()) + " µmol/L) − 0.085×" + fmt((*albumin / q::gram_per_litre).value()) +
           " g/L = " + fmt(s) + " → grade " + std::to_string(g);
   return d;
}

int bclc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points)
{
   if (ecog >= 3 || child_pugh_points >= 10) return 4;          // D
   if (macrovascular || extrahepatic || ecog >= 1) return 3;   // C
   const q::Length cm = 0.01 * q::bu::si::meter;
   if (tumours == 1 && largest <= 2.0 * cm) return 0;          // 0
   if (tumours == 1 || (tumours <= 3 && largest <= 3.0 * cm)) return 1;  // A
   return 2;                                                    // B
}

Derivation derive_bclc(const BclcInputs& in)
{
   Derivation d;
   const q::Length cm = 0.01 * q::bu::si::meter;
   // Every value an unknown input can take, by the boundaries that matter.
   const std::vector<int> numbers = in.tumour_number ? std::vector<int>{*in.tumour_number} : std::vector<int>{1, 2, 4};
   const std::vector<q::Length> sizes = in.largest_tumour ? std::vector<q::Length>{*in.largest_tumour} : std::vector<q::Length>{1.5 * cm, 2.5 * cm, 4.0 * cm};
   const std::vector<bool> mvi = in.macrovascular_invasion ? std::vector<bool>{*in.macrovascular_invasion} : std::vector<bool>{false, true};
   const std::vector<bool> ehs = in.extrahepatic_spread ? std::vector<bool>{*in.extrahepatic_spread} : std::vector<bool>{false, true};
   std::vector<int> ecogs, cps;
   for (int e = in.ecog ? in.ecog->lo : 0; e <= (in.ecog ? in.ecog->hi : 5); ++e) ecogs.push_back(e);
   for (int c = in.child_pugh ? in.child_pugh->lo : 5; c <= (in.child_pugh ? in.child_pugh->hi : 15); ++c) cps.push_back(c);
   d.value = {4, 0};
   for (int n : numbers)
      for (const auto& sz : sizes)
         for (bool m : mvi)
            for (bool x : ehs)
               for (int e : ecogs)
                  for (int c : cps) {
                     const int st = bclc_stage(n, sz, m, x, e, c);
                     d.value.lo = std::min(d.value.lo, st);
                     d.value.hi = std::max(d.value.hi, st);
                  }
   auto part = [&](const std::string& s) { d.how += (d.how.empty() ? "" : ", ") + s; };
   auto yes_no = [](bool b) { return b ? std::string("present") : std::string("absent"); };
   part(in.tumour_number ? std::to_string(*in.tumour_number) + (*in.tumour_number == 1 ? " tumour" : " tumours") : "tumour number missing");
   part(in.largest_tumour ? "largest " + fmt((*in.largest_tumour / cm).value()) + " cm" : "tumour size missing");
   part("macrovascular invasion " + (in.macrovascular_invasion ? yes_no(*in.macrovascular_invasion) : std::string("not recorded")));
   part("extrahepatic spread " + (in.extrahepatic_spread ? yes_no(*in.extrahepatic_spread) : std::string("not recorded")));
   part(in.ecog ? "ECOG " + std::to_string(in.ecog->lo) + (in.ecog->lo == in.ecog->hi ? "" : "–" + std::to_string(in.ecog->hi)) : "ECOG missing");
   part(in.child_pugh ? "Child-Pugh " + in.child_pugh_how : "Child-Pugh missing");
   d.how += " (BCLC 2022)";
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
