// The population generator.
#include "engine/synth/population.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/synth/draws.hpp"
#include "engine/synth/generator.hpp"

namespace eligo {

using synth::Draw;
using synth::round_sig;
using ojson = nlohmann::ordered_json;

namespace {

double clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }

// An analyte's molar mass (g/mol) from the catalogue: conventional units write it by mass
// (mg/dL), the canonical unit by substance (µmol/L).
double molar_mass(const Catalogue& catalogue, const char* analyte)
{
   const Analyte* a = catalogue.analyte(analyte);
   if (!a || !a->molar_mass) throw InputError(std::string("the catalogue gives no molar mass for ") + analyte + ": the population writes it in mg/dL");
   return *a->molar_mass;
}

}  // namespace

void write_population(std::ostream& out, std::size_t n, std::uint64_t seed, const Catalogue& catalogue)
{
   Draw d(seed);
   const Date screening = synth_date();
   // µmol/L × g/mol = µg/L, and 10000 µg/L = 1 mg/dL.
   const double bilirubin_g_mol = molar_mass(catalogue, "total_bilirubin");
   const double creatinine_g_mol = molar_mass(catalogue, "creatinine");
   // Thresholds that HCC trials use most (NCT03838796 and the corpus), in canonical units:
   // a third of the patients get one lab placed near one of them.
   struct Near {
      const char* analyte;
      double value;  // canonical, or a ULN factor when uln > 0
      double uln;
   };
   static const Near near[] = {{"platelets", 75, 0},
                               {"platelets", 100, 0},
                               {"total_bilirubin", 51.31, 0},
                               {"total_bilirubin", 34.21, 0},
                               {"albumin", 28, 0},
                               {"absolute_neutrophils", 1.5, 0},
                               {"hemoglobin", 85, 0},
                               {"inr", 2.3, 0},
                               {"ast", 5, 48},
                               {"alt", 5, 55},
                               {"creatinine", 1.5, 106}};
   for (std::size_t i = 0; i < n; ++i) {
      ojson p;
      char id[32];
      std::snprintf(id, sizeof id, "POP-%07zu", i + 1);
      p["format"] = "eligo-patient/1";
      p["id"] = id;
      const bool male = d.chance(0.80);
      p["sex"] = male ? "male" : "female";
      const int age = static_cast<int>(clamp(std::round(d.normal(61, 11)), 20, 92));
      p["birth_date"] = screening.add_months(-12 * age).add_days(-d.between(0, 364)).str();
      p["screening_date"] = screening.str();
      const bool us = d.chance(0.4);  // conventional (US) units, else SI (China, Europe)
      const std::string cp = d.pick<std::string>({{0.65, "A"}, {0.28, "B"}, {0.07, "C"}});
      const double sev = cp == "A" ? 0 : cp == "B" ? 1 : 2;
      std::map<std::string, double> v;  // canonical values
      v["total_bilirubin"] = clamp(d.lognormal(14 * std::pow(2.2, sev), 0.35), 3, 600);
      v["albumin"] = clamp(d.normal(41 - 6 * sev, 3.5), 15, 55);
      v["inr"] = clamp(d.normal(1.08 + 0.35 * sev, 0.12), 0.8, 5);
      v["platelets"] = clamp(d.lognormal(165 - 35 * sev, 0.45), 8, 900);
      v["absolute_neutrophils"] = clamp(d.lognormal(3.4, 0.4), 0.2, 30);
      v["hemoglobin"] = clamp(d.normal(132 - 8 * sev, 17), 50, 190);
      v["ast"] = clamp(d.lognormal(42 + 18 * sev, 0.6), 8, 3000);
      v["alt"] = clamp(d.lognormal(40 + 8 * sev, 0.6), 5, 3000);
      v["alp"] = clamp(d.lognormal(115 + 20 * sev, 0.4), 30, 2000);
      v["creatinine"] = clamp(d.normal(78, 18), 35, 600);
      v["afp"] = clamp(d.lognormal(60, 2.2), 1, 200000);
      if (d.chance(1.0 / 3)) {
         const Near& x = near[d.between(0, static_cast<int>(std::size(near)) - 1)];
         const double at = x.uln > 0 ? x.value * x.uln : x.value;
         // exactly on it a quarter of the time, else within ±3%
         v[x.analyte] = d.chance(0.25) ? at : at * (1 + (d.uniform() - 0.5) * 0.06);
      }
      ojson labs = ojson::array();
      const std::string lab_date = screening.add_days(-d.between(1, 21)).str();
      for (const char* a : {"total_bilirubin", "albumin", "inr", "platelets", "absolute_neutrophils", "hemoglobin", "ast", "alt", "alp", "creatinine", "afp"}) {
         if (d.chance(0.04)) continue;  // not done
         double x = v[a];
         std::string unit;
         const std::string s = a;
         if (s == "total_bilirubin")
            unit = us ? "mg/dL" : "umol/L", x = us ? x * bilirubin_g_mol / 10000 : x;
         else if (s == "albumin")
            unit = us ? "g/dL" : "g/L", x = us ? x / 10 : x;
         else if (s == "hemoglobin")
            unit = us ? "g/dL" : "g/L", x = us ? x / 10 : x;
         else if (s == "platelets")
            unit = us ? "10*3/uL" : "10*9/L";
         else if (s == "absolute_neutrophils")
            unit = us ? "10*3/uL" : "10*9/L";
         else if (s == "creatinine")
            unit = us ? "mg/dL" : "umol/L", x = us ? x * creatinine_g_mol / 10000 : x;
         else if (s == "inr")
            unit = "1";
         else if (s == "afp")
            unit = "ng/mL";
         else
            unit = "U/L";
         ojson lab = {{"analyte", a}, {"value", round_sig(x, 3)}, {"unit", unit}, {"date", lab_date}};
         if (d.chance(0.7)) {
            const Analyte* an = catalogue.analyte(a);
            if (an && an->reference_range) {
               const double k = us ? (s == "total_bilirubin"                  ? bilirubin_g_mol / 10000
                                      : s == "creatinine"                     ? creatinine_g_mol / 10000
                                      : (s == "albumin" || s == "hemoglobin") ? 0.1
                                                                              : 1)
                                   : 1;
               lab["reference_range"] = {{"low", round_sig(an->reference_range->low * k, 3)}, {"high", round_sig(an->reference_range->high * k, 3)}};
            }
         }
         labs.push_back(lab);
      }
      p["labs"] = labs;
      ojson scores = ojson::object();
      if (!d.chance(0.05)) scores["ecog"] = d.pick<int>({{0.45, 0}, {0.38, 1}, {0.12, 2}, {0.05, 3}});
      if (d.chance(0.6)) scores["child_pugh"] = cp;
      scores["ascites"] = sev == 0 ? "none" : d.chance(0.5 * sev) ? (sev > 1 ? "moderate" : "mild") : "none";
      scores["hepatic_encephalopathy"] = sev > 1 && d.chance(0.4) ? "I" : "none";
      p["scores"] = scores;
      const int nodules = d.pick<int>({{0.5, 1}, {0.3, d.between(2, 3)}, {0.2, d.between(4, 8)}});
      p["tumour"] = {{"number", nodules},
                     {"size", {{"value", round_sig(clamp(d.lognormal(4, 0.6), 0.8, 22), 2)}, {"unit", "cm"}}},
                     {"date", screening.add_days(-d.between(5, 40)).str()}};
      ojson findings = ojson::object();
      findings["portal_vein_tumour_thrombus"] = d.chance(0.15);
      findings["extrahepatic_spread"] = d.chance(0.10);
      if (!male && age < 50) findings["pregnant"] = d.chance(0.01);
      p["findings"] = findings;
      ojson conditions = ojson::array({{{"concept", "hepatocellular_carcinoma"}, {"onset", screening.add_days(-d.between(20, 900)).str()}}});
      if (d.chance(0.60))
         conditions.push_back({{"concept", "hepatitis_b"}, {"onset", screening.add_months(-12 * d.between(5, 30)).str()}});
      else if (d.chance(0.35))
         conditions.push_back({{"concept", "hepatitis_c"}, {"onset", screening.add_months(-12 * d.between(5, 30)).str()}});
      if (d.chance(0.03))
         conditions.push_back({{"concept", "colorectal_cancer"}, {"onset", screening.add_months(-12 * d.between(2, 10)).str()}, {"status", "remission"}});
      if (d.chance(0.04)) conditions.push_back({{"concept", "mental_illness"}, {"onset", screening.add_months(-12 * d.between(2, 20)).str()}});
      p["conditions"] = conditions;
      ojson meds = ojson::array();
      if (d.chance(0.10))
         meds.push_back({{"concept", "sorafenib"},
                         {"start", screening.add_months(-d.between(4, 20)).str()},
                         {"end", screening.add_months(-d.between(1, 3)).str()},
                         {"status", "stopped"}});
      if (d.chance(0.08))
         meds.push_back({{"concept", "lenvatinib"},
                         {"start", screening.add_months(-d.between(4, 20)).str()},
                         {"end", screening.add_months(-d.between(1, 3)).str()},
                         {"status", "stopped"}});
      if (d.chance(0.50)) meds.push_back({{"concept", "entecavir"}, {"start", screening.add_months(-12 * d.between(1, 10)).str()}});
      p["medications"] = meds;
      ojson procs = ojson::array();
      if (d.chance(0.35)) procs.push_back({{"concept", "tace"}, {"date", screening.add_days(-d.between(30, 700)).str()}, {"status", "completed"}});
      if (d.chance(0.30)) procs.push_back({{"concept", "hepatectomy"}, {"date", screening.add_days(-d.between(14, 900)).str()}, {"status", "completed"}});
      p["procedures"] = procs;
      if (procs.size() && procs.back()["concept"] == "hepatectomy") {
         // Pathology of the resected specimen.
         p["scores"]["mvi"] = d.pick<std::string>({{0.5, "M0"}, {0.3, "M1"}, {0.2, "M2"}});
         p["findings"]["clear_tumour_margin"] = d.chance(0.8);
         p["findings"]["complete_tumour_capsule"] = d.chance(0.6);
      }
      if (d.chance(0.9)) p["allergies"] = d.chance(0.03) ? ojson::array({{{"concept", "sorafenib"}, {"status", "active"}}}) : ojson::array();
      out << p.dump() << '\n';
   }
}

void write_population_file(const std::string& path, std::size_t n, std::uint64_t seed, const Catalogue& catalogue)
{
   AtomicFile out(path);
   write_population(out.stream(), n, seed, catalogue);
   out.commit();
}

}  // namespace eligo
