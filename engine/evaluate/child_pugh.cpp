#include "engine/evaluate/child_pugh.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace eligo {

namespace {

// 2 and 3 mg/dL of bilirubin in µmol/L, through its molar mass (584.66 g/mol).
const q::SubstanceConcentration bilirubin_2_mg_dl = 2.0 * q::milligram_per_decilitre / (584.66e-3 * q::bu::si::kilogram / q::bu::si::mole);
const q::SubstanceConcentration bilirubin_3_mg_dl = 3.0 * q::milligram_per_decilitre / (584.66e-3 * q::bu::si::kilogram / q::bu::si::mole);

// Band edges are exact, as criterion thresholds are (docs/language.md, "Exact boundaries"):
// a value within the relative tolerance of an edge is on it. 28 g/L read from a lab in g/L
// goes through the unit's factor and may land a rounding error below 28 g/L; it is still 28.
// The bilirubin edges are mass-based (2 and 3 mg/dL), so a value in µmol/L is compared with
// the molar tolerance the criteria use: 51.3 µmol/L, the usual rounding, is 3 mg/dL.
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

namespace {

int encephalopathy_points(int grade) { return grade == 0 ? 1 : grade <= 2 ? 2 : 3; }

}  // namespace

Interval child_pugh_interval(const ChildPughInputs& in)
{
   Interval v{0, 0};
   auto add = [&](Interval pts) {
      v.lo += pts.lo;
      v.hi += pts.hi;
   };
   auto one = [](int p) { return Interval{p, p}; };
   add(in.bilirubin ? one(child_pugh_bilirubin_points(*in.bilirubin)) : Interval{1, 3});
   add(in.albumin ? one(child_pugh_albumin_points(*in.albumin)) : Interval{1, 3});
   add(in.inr ? one(child_pugh_inr_points(*in.inr)) : Interval{1, 3});
   add(in.ascites_points ? *in.ascites_points : Interval{1, 3});
   add(in.encephalopathy_grade ? Interval{encephalopathy_points(in.encephalopathy_grade->lo), encephalopathy_points(in.encephalopathy_grade->hi)}
                               : Interval{1, 3});
   return v;
}

Derivation derive_child_pugh(const ChildPughInputs& in)
{
   Derivation d;
   d.value = child_pugh_interval(in);
   auto add = [&](const std::string& part, Interval pts) {
      if (!d.how.empty()) d.how += " + ";
      d.how += part + (pts.lo == pts.hi ? " → " + std::to_string(pts.lo) : " → " + std::to_string(pts.lo) + "–" + std::to_string(pts.hi));
   };
   if (in.bilirubin) {
      const int p = child_pugh_bilirubin_points(*in.bilirubin);
      add("bilirubin " + how_number((*in.bilirubin / q::micromole_per_litre).value()) + " µmol/L", {p, p});
   }
   else {
      add("bilirubin missing", {1, 3});
      d.missing.push_back("total bilirubin");
   }
   if (in.albumin) {
      const int p = child_pugh_albumin_points(*in.albumin);
      add("albumin " + how_number((*in.albumin / q::gram_per_litre).value()) + " g/L", {p, p});
   }
   else {
      add("albumin missing", {1, 3});
      d.missing.push_back("albumin");
   }
   if (in.inr) {
      const int p = child_pugh_inr_points(*in.inr);
      add("INR " + how_number(in.inr->value()), {p, p});
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
      add("encephalopathy grade " + std::to_string(in.encephalopathy_grade->lo) +
              (in.encephalopathy_grade->hi != in.encephalopathy_grade->lo ? "–" + std::to_string(in.encephalopathy_grade->hi) : ""),
          {encephalopathy_points(in.encephalopathy_grade->lo), encephalopathy_points(in.encephalopathy_grade->hi)});
   }
   else {
      add("encephalopathy missing", {1, 3});
      d.missing.push_back("hepatic encephalopathy");
   }
   return d;
}

}  // namespace eligo
