// Units: the UCUM functional tests, the clinical spellings registries use,
// the exact boundaries, and the mass<->molar rule.
#include <cmath>
#include <sstream>
#include <vector>

#include <doctest/doctest.h>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/quantity.hpp"
#include "engine/core/units.hpp"
#include "support.hpp"

namespace eligo::test::units_tests {

namespace {

std::vector<std::vector<std::string>> read_tsv(const std::string& path)
{
   std::vector<std::vector<std::string>> rows;
   std::istringstream in(read_file(path));
   std::string line;
   std::getline(in, line);  // header
   while (std::getline(in, line)) {
      std::vector<std::string> cols;
      std::string col;
      std::istringstream ls(line);
      while (std::getline(ls, col, '\t')) cols.push_back(col);
      if (!line.empty() && line.back() == '\t') cols.push_back("");
      rows.push_back(cols);
   }
   return rows;
}

// Half a unit in the last significant figure of a UCUM outcome as written
// ("25" -> 0.5, "0.0063" -> 0.00005): the file writes results to significant figures.
double half_ulp(const std::string& written)
{
   std::string digits;
   for (char c : written) {
      if (c == 'e' || c == 'E') break;
      if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
   }
   digits.erase(0, digits.find_first_not_of('0'));
   while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
   const int sig = std::max<int>(1, static_cast<int>(digits.size()));
   const double v = std::fabs(std::stod(written));
   if (v == 0) return 0;
   return 0.5 * std::pow(10.0, std::floor(std::log10(v)) - sig + 1);
}

double in_unit(double v, const std::string& from, const std::string& to) { return convert(v, parse_unit(from), parse_unit(to)).value; }

}  // namespace

TEST_SUITE("units")
{
   TEST_CASE("UCUM functional tests: every conversion case whose units Eligo supports")
   {
      // ../shared/ucum/UcumFunctionalTests.xml, extracted to tests/data/ucum_conversions.tsv.
      int supported = 0, skipped = 0;
      for (const auto& r : read_tsv(source_path("tests/data/ucum_conversions.tsv"))) {
         const std::string &id = r.at(0), &src = r.at(2), &dst = r.at(3);
         const double value = std::stod(r.at(1)), outcome = std::stod(r.at(4));
         std::optional<Unit> a, b;
         try {
            a = parse_ucum(src);
            b = parse_ucum(dst);
         }
         catch (const UnitError&) {
            ++skipped;
            MESSAGE("UCUM case " << id << " uses a unit Eligo does not support: " << src << " -> " << dst);
            continue;
         }
         ++supported;
         INFO("UCUM case " << id << ": " << value << " " << src << " -> " << dst);
         const double got = convert(value, *a, *b).value;
         CHECK(std::fabs(got - outcome) <= half_ulp(r.at(4)) * (1 + 1e-9));
      }
      CHECK(supported >= 25);
      MESSAGE(supported << " UCUM conversion cases checked, " << skipped << " outside the supported units");
   }

   TEST_CASE("UCUM functional tests: no unit the tests mark invalid is accepted")
   {
      int invalid = 0;
      for (const auto& r : read_tsv(source_path("tests/data/ucum_validation.tsv"))) {
         if (r.at(2) != "false") continue;
         ++invalid;
         INFO("UCUM case " << r.at(0) << ": '" << r.at(1) << "' (" << (r.size() > 3 ? r[3] : "") << ")");
         CHECK_THROWS_AS(parse_ucum(r.at(1)), UnitError);
      }
      CHECK(invalid > 30);
   }

   TEST_CASE("UCUM codes for lab units")
   {
      CHECK(in_unit(1, "10*9/L", "10*3/uL") == doctest::Approx(1));
      CHECK(in_unit(1, "10*3/uL", "/uL") == doctest::Approx(1000));
      CHECK(in_unit(1, "/mm3", "/uL") == doctest::Approx(1));
      CHECK(in_unit(1, "g/dL", "g/L") == doctest::Approx(10));
      CHECK(in_unit(1, "mm[Hg]", "Pa") == doctest::Approx(133.322));
      CHECK(in_unit(1, "a", "d") == doctest::Approx(365.25));
      CHECK(in_unit(60, "U/L", "ukat/L") == doctest::Approx(1));
      CHECK(in_unit(1, "m[IU]/L", "[IU]/L") == doctest::Approx(0.001));
      CHECK(parse_unit("mL/min/{1.73_m2}").dim == parse_unit("mL/min").dim);
      CHECK_THROWS_AS(convert(1, parse_unit("[IU]/L"), parse_unit("U/L")), UnitError);  // arbitrary units never convert
   }

   TEST_CASE("clinical spellings from registries and EHRs")
   {
      struct Spelling {
         const char* text;
         const char* same_as;
      };
      const Spelling spellings[] = {
          {"10^9/L", "10*9/L"},
          {"×10^9/L", "10*9/L"},
          {"x10^9/L", "10*9/L"},
          {"*10^9/L", "10*9/L"},
          {"10\\^9/L", "10*9/L"},
          {"× 10⁹/L", "10*9/L"},
          {"×10^9 /L", "10*9/L"},
          {"x 109/L", "10*9/L"},
          {"x 106/L", "10*6/L"},
          {"10^3/µL", "10*3/uL"},
          {"/mm3", "/uL"},
          {"/mm³", "/uL"},
          {"/mm^3", "/uL"},
          {"/µL", "/uL"},
          {"/μL", "/uL"},
          {"/uL", "/uL"},
          {"/ul", "/uL"},
          {"/mcL", "/uL"},
          {"cells/µL", "/uL"},
          {"k/µL", "10*3/uL"},
          {"K/uL", "10*3/uL"},
          {"M/uL", "10*6/uL"},
          {"mg/dL", "mg/dL"},
          {"mg/dl", "mg/dL"},
          {"MG/DL", "mg/dL"},
          {"µmol/L", "umol/L"},
          {"μmol/L", "umol/L"},
          {"µmol /L", "umol/L"},
          {"micromoles per liter", "umol/L"},
          {"g/L", "g/L"},
          {"g/dL", "g/dL"},
          {"gm/dL", "g/dL"},
          {"grams/deciliter", "g/dL"},
          {"U/L", "U/L"},
          {"u/l", "U/L"},
          {"mL/min", "mL/min"},
          {"ml/min", "mL/min"},
          {"%", "%"},
          {"seconds", "s"},
          {"sec", "s"},
          {"years", "a"},
          {"cm", "cm"},
          {"mm", "mm"},
          {"kg", "kg"},
          {"mmHg", "mm[Hg]"},
          {"mm Hg", "mm[Hg]"},
          {"mEq/L", "mmol/L"},
          {"IU/mL", "[IU]/mL"},
          {"mIU/L", "m[IU]/L"},
          {"mL/min/1.73 m2", "mL/min/{1.73_m2}"},
          {"ml/min/1.73m²", "mL/min/{1.73_m2}"},
      };
      for (const auto& s : spellings) {
         INFO(s.text << " should mean " << s.same_as);
         const auto u = try_parse_unit(s.text);
         REQUIRE(u.has_value());
         const Unit ref = parse_ucum(s.same_as);
         CHECK(u->dim == ref.dim);
         CHECK(u->factor == doctest::Approx(ref.factor).epsilon(1e-12));
      }
      for (const char* bad : {"mg/dl/", "furlongs", "", "10^^", "mg//dL", "[IU", "{cells", "K"}) {
         INFO("'" << bad << "' is not a unit");
         CHECK_FALSE(try_parse_unit(bad).has_value());
      }
   }

   TEST_CASE("exact boundaries: 75×10^9/L = 75,000/µL = 75,000/mm³ = 75 ×10^3/µL")
   {
      const double a = in_unit(75, "10*9/L", "10*9/L");
      for (auto [v, u] : std::vector<std::pair<double, const char*>>{{75000, "/uL"}, {75000, "/mm³"}, {75, "10^3/µL"}, {75, "k/µL"}}) {
         INFO(v << " " << u);
         const double b = in_unit(v, u, "10*9/L");
         CHECK(std::fabs(a - b) <= 1e-9 * a);
      }
   }

   TEST_CASE("mass <-> molar needs the molar mass, and says so")
   {
      const Unit mg_dl = parse_unit("mg/dL"), umol_l = parse_unit("umol/L");
      CHECK_THROWS_WITH_AS(convert(3.0, mg_dl, umol_l), doctest::Contains("without the analyte's molar mass"), UnitError);
      const Conversion c = convert(3.0, mg_dl, umol_l, 584.66);
      CHECK(c.via_molar_mass);
      CHECK(c.value == doctest::Approx(51.31).epsilon(1e-4));                                   // 3.0 mg/dL bilirubin
      CHECK(convert(1.0, mg_dl, umol_l, 113.12).value == doctest::Approx(88.4).epsilon(1e-3));  // creatinine, DOMAIN.md
      CHECK_THROWS_WITH_AS(convert(1, parse_unit("10*9/L"), mg_dl), doctest::Contains("number concentration"), UnitError);
   }

   TEST_CASE("equivalents equal moles only for an ion of charge one: mEq/L is read for sodium and potassium, refused for calcium")
   {
      const auto cat = catalogue();
      CHECK(convert(140, cat->analyte("sodium")->unit("mEq/L"), cat->analyte("sodium")->canonical).value == doctest::Approx(140));
      CHECK(convert(4, cat->analyte("potassium")->unit("meq/l"), cat->analyte("potassium")->canonical).value == doctest::Approx(4));
      // 4 mEq/L of calcium is 2 mmol/L; UCUM's eq = mol would read it as 4.
      CHECK_THROWS_WITH_AS(cat->analyte("calcium")->unit("mEq/L"), doctest::Contains("equal moles only for an ion of charge one"), UnitError);
      CHECK_THROWS_AS(cat->analyte("calcium")->unit("ueq/mL"), UnitError);
      CHECK(cat->analyte("calcium")->unit("mg/dL").code == "mg/dL");
      CHECK(cat->analyte("calcium")->unit("mmol/L").code == "mmol/L");  // "mmol" holds no "eq" atom
   }

   TEST_CASE("typed quantities: the runtime dimension is checked before a typed value exists")
   {
      using namespace eligo::q;
      const auto albumin = typed<MassConcentration>(4.1, parse_unit("g/dL"));
      CHECK((albumin / gram_per_litre).value() == doctest::Approx(41));
      CHECK_THROWS_AS(typed<MassConcentration>(40, parse_unit("U/L")), UnitError);
      CHECK_THROWS_AS(typed<SubstanceConcentration>(1, parse_unit("mg/dL")), UnitError);
      const auto bili = typed<SubstanceConcentration>(51.3, parse_unit("µmol/L"));
      CHECK((bili / micromole_per_litre).value() == doctest::Approx(51.3));
   }

   TEST_CASE("display units")
   {
      CHECK(display_unit("10*9/L") == "×10^9/L");
      CHECK(display_unit("umol/L") == "µmol/L");
      CHECK(display_unit("mm[Hg]") == "mmHg");
      CHECK(display_unit("a") == "years");
      CHECK(display_unit("1") == "");
   }
}

}  // namespace eligo::test::units_tests
