// Unit parsing: a small UCUM implementation (the atoms and prefixes clinical
// data uses) plus a documented rewrite of clinical spellings into UCUM.
// See docs/language.md, "Units", for the list of accepted spellings.
#include "engine/core/units.hpp"

#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <regex>
#include <unordered_map>
#include <vector>

namespace eligo {

Dimension Dimension::operator*(const Dimension& o) const
{
   Dimension r;
   for (std::size_t i = 0; i < count_; ++i) r.e[i] = static_cast<std::int8_t>(e[i] + o.e[i]);
   return r;
}

Dimension Dimension::operator/(const Dimension& o) const
{
   Dimension r;
   for (std::size_t i = 0; i < count_; ++i) r.e[i] = static_cast<std::int8_t>(e[i] - o.e[i]);
   return r;
}

Dimension Dimension::pow(int n) const
{
   Dimension r;
   for (std::size_t i = 0; i < count_; ++i) r.e[i] = static_cast<std::int8_t>(e[i] * n);
   return r;
}

namespace {

Dimension dim(int l, int m, int t, int n = 0, int q = 0, int iu = 0, int arb = 0)
{
   Dimension d;
   d.e = {static_cast<std::int8_t>(l), static_cast<std::int8_t>(m),  static_cast<std::int8_t>(t),  static_cast<std::int8_t>(n),
          static_cast<std::int8_t>(q), static_cast<std::int8_t>(iu), static_cast<std::int8_t>(arb)};
   return d;
}

}  // namespace

std::string Dimension::name() const
{
   static const std::vector<std::pair<Dimension, const char*>> known = {
       {dim(0, 0, 0), "dimensionless"},
       {dim(-3, 1, 0), "mass concentration"},
       {dim(-3, 0, 0, 1), "substance concentration"},
       {dim(-3, 0, 0), "number concentration"},
       {dim(-3, 0, -1, 1), "catalytic concentration"},
       {dim(3, 0, -1), "volume flow"},
       {dim(1, 0, -1), "velocity"},
       {dim(0, 0, 1), "time"},
       {dim(1, 0, 0), "length"},
       {dim(2, 0, 0), "area"},
       {dim(3, 0, 0), "volume"},
       {dim(0, 1, 0), "mass"},
       {dim(0, 0, 0, 1), "amount of substance"},
       {dim(-1, 1, -2), "pressure"},
       {dim(-3, 0, 0, 0, 0, 1), "arbitrary-unit concentration ([IU]/volume)"},
       {dim(-3, 0, 0, 0, 0, 0, 1), "arbitrary-unit concentration ([arb'U]/volume)"},
       {dim(0, 0, 0, 0, 0, 1), "arbitrary units ([IU])"},
   };
   for (const auto& [d, n] : known)
      if (d == *this) return n;
   static const char* sym[] = {"L", "M", "T", "N", "Q", "IU", "ARB"};
   std::string s;
   for (std::size_t i = 0; i < count_; ++i) {
      if (e[i] == 0) continue;
      if (!s.empty()) s += "·";
      s += sym[i];
      if (e[i] != 1) s += "^" + std::to_string(e[i]);
   }
   return s;
}

namespace {

struct Atom {
   const char* symbol;
   bool metric;      // takes SI prefixes
   Dimension base;   // for base atoms
   double factor;    // multiplier applied to the definition (or to SI for base atoms)
   const char* def;  // UCUM definition in terms of other atoms, or nullptr for a base atom
};

// The atoms clinical data needs, with UCUM's definitions (ucum-essence.xml v2.2).
const std::vector<Atom>& atoms()
{
   static const std::vector<Atom> table = {
       {"m", true, dim(1, 0, 0), 1, nullptr},
       {"g", true, dim(0, 1, 0), 1e-3, nullptr},
       {"s", true, dim(0, 0, 1), 1, nullptr},
       {"C", true, dim(0, 0, 0, 0, 1), 1, nullptr},
       {"mol", true, dim(0, 0, 0, 1), 1, nullptr},
       {"[IU]", true, dim(0, 0, 0, 0, 0, 1), 1, nullptr},
       {"[iU]", true, dim(0, 0, 0, 0, 0, 1), 1, nullptr},
       {"[arb'U]", true, dim(0, 0, 0, 0, 0, 0, 1), 1, nullptr},
       {"L", true, {}, 1, "dm3"},
       {"l", true, {}, 1, "dm3"},
       {"U", true, {}, 1, "umol/min"},
       {"kat", true, {}, 1, "mol/s"},
       {"eq", true, {}, 1, "mol"},
       {"%", false, {}, 1e-2, "1"},
       {"[ppm]", false, {}, 1e-6, "1"},
       {"[ppth]", false, {}, 1e-3, "1"},
       {"[pi]", false, {}, 3.1415926535897932384626433832795028841971693993751058209749445923, "1"},
       {"min", false, {}, 60, "s"},
       {"h", false, {}, 3600, "s"},
       {"d", false, {}, 86400, "s"},
       {"wk", false, {}, 7, "d"},
       {"a_j", false, {}, 365.25, "d"},
       {"a", false, {}, 365.25, "d"},
       {"mo_j", false, {}, 1, "a_j/12"},
       {"mo", false, {}, 1, "a_j/12"},
       {"Hz", true, {}, 1, "s-1"},
       {"N", true, {}, 1, "kg.m/s2"},
       {"Pa", true, {}, 1, "N/m2"},
       {"bar", true, {}, 1e5, "Pa"},
       {"J", true, {}, 1, "N.m"},
       {"W", true, {}, 1, "J/s"},
       {"A", true, {}, 1, "C/s"},
       {"V", true, {}, 1, "J/C"},
       {"Ohm", true, {}, 1, "V/A"},
       {"S", true, {}, 1, "Ohm-1"},
       {"m[Hg]", true, {}, 133.3220, "kPa"},
       {"m[H2O]", true, {}, 9.80665, "kPa"},
       {"[in_i]", false, {}, 2.54, "cm"},
       {"[ft_i]", false, {}, 12, "[in_i]"},
       {"[lb_av]", false, {}, 7000, "[gr]"},
       {"[gr]", false, {}, 64.79891, "mg"},
       {"[mu_0]", false, {}, 1, "4.[pi].10*-7.N/A2"},
   };
   return table;
}

struct Prefix {
   const char* symbol;
   double factor;
};

const std::vector<Prefix>& prefixes()
{
   // "da" first: longest prefixes are tried first.
   static const std::vector<Prefix> table = {
       {"da", 1e1}, {"Y", 1e24}, {"Z", 1e21}, {"E", 1e18}, {"P", 1e15}, {"T", 1e12},  {"G", 1e9},   {"M", 1e6},   {"k", 1e3},   {"h", 1e2},
       {"d", 1e-1}, {"c", 1e-2}, {"m", 1e-3}, {"u", 1e-6}, {"n", 1e-9}, {"p", 1e-12}, {"f", 1e-15}, {"a", 1e-18}, {"z", 1e-21}, {"y", 1e-24},
   };
   return table;
}

struct Value {
   Dimension d;
   double f = 1;
};

Value mul(Value a, const Value& b) { return {a.d * b.d, a.f * b.f}; }
Value div(Value a, const Value& b) { return {a.d / b.d, a.f / b.f}; }
Value power(const Value& a, int n) { return {a.d.pow(n), std::pow(a.f, n)}; }

Value resolve_atom(const Atom& a, int depth);

class UcumParser {
public:
   UcumParser(std::string_view text, int depth) : s_(text), depth_(depth) {}

   Value parse()
   {
      if (s_.empty()) fail("empty unit");
      if (depth_ > 16) fail("unit definition nests too deeply");
      Value v = term();
      if (pos_ != s_.size()) fail(std::string("unexpected '") + s_[pos_] + "'");
      return v;
   }

private:
   [[noreturn]] void fail(const std::string& why) const
   {
      throw UnitError("not a unit: '" + std::string(s_) + "' (" + why + " at position " + std::to_string(pos_ + 1) + ")");
   }

   bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }

   Value term()
   {
      Value v;
      if (peek('/')) {
         ++pos_;
         v = div(v, component());
      }
      else {
         v = component();
      }
      while (peek('.') || peek('/')) {
         const char op = s_[pos_++];
         const Value c = component();
         v = op == '.' ? mul(v, c) : div(v, c);
      }
      return v;
   }

   int exponent()
   {
      std::size_t p = pos_;
      int sign = 1;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) {
         sign = s_[p] == '-' ? -1 : 1;
         ++p;
      }
      if (p >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[p]))) return 1;
      int n = 0;
      while (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) {
         n = n * 10 + (s_[p] - '0');
         if (n > 99) fail("exponent too large");
         ++p;
      }
      pos_ = p;
      return sign * n;
   }

   void annotation()
   {
      if (!peek('{')) return;
      const auto close = s_.find('}', pos_);
      if (close == std::string_view::npos) fail("unclosed annotation '{'");
      pos_ = close + 1;
   }

   Value component()
   {
      if (pos_ >= s_.size()) fail("missing unit after operator");
      if (peek('(')) {
         ++pos_;
         Value v = term();
         if (!peek(')')) fail("missing ')'");
         ++pos_;
         v = power(v, exponent());
         annotation();
         return v;
      }
      if (peek('{')) {
         annotation();
         return Value{};
      }
      if (std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
         const std::size_t start = pos_;
         while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
         const std::string digits(s_.substr(start, pos_ - start));
         if (digits == "10" && (peek('*') || peek('^'))) {
            ++pos_;
            const std::size_t before = pos_;
            const int e = exponent();
            if (pos_ == before) fail("missing exponent after 10*");
            Value v{Dimension{}, std::pow(10.0, e)};
            annotation();
            return v;
         }
         if (digits.size() > 12) fail("factor too large");
         Value v{Dimension{}, std::stod(digits)};
         if (v.f == 0) fail("a unit factor must not be zero");
         annotation();
         return v;
      }
      // A symbol runs to the next operator, bracket, digit or sign; square brackets are part of it.
      const std::size_t start = pos_;
      while (pos_ < s_.size()) {
         const char c = s_[pos_];
         if (c == '[') {
            const auto close = s_.find(']', pos_);
            if (close == std::string_view::npos) fail("unclosed '['");
            pos_ = close + 1;
            continue;
         }
         if (c == '.' || c == '/' || c == '(' || c == ')' || c == '{' || c == '+' || c == '-' || std::isdigit(static_cast<unsigned char>(c))) break;
         if (std::isspace(static_cast<unsigned char>(c))) fail("space inside a unit");
         ++pos_;
      }
      if (pos_ == start) fail("missing unit symbol");
      const std::string_view sym = s_.substr(start, pos_ - start);
      Value v = symbol(sym);
      v = power(v, exponent());
      annotation();
      return v;
   }

   Value symbol(std::string_view sym) const
   {
      for (const auto& a : atoms())
         if (sym == a.symbol) return resolve_atom(a, depth_ + 1);
      for (const auto& p : prefixes()) {
         const std::size_t n = std::strlen(p.symbol);
         if (sym.size() <= n || sym.substr(0, n) != p.symbol) continue;
         const std::string_view rest = sym.substr(n);
         for (const auto& a : atoms())
            if (a.metric && rest == a.symbol) {
               Value v = resolve_atom(a, depth_ + 1);
               v.f *= p.factor;
               return v;
            }
      }
      throw UnitError("not a unit: '" + std::string(s_) + "' (unknown unit symbol '" + std::string(sym) + "')");
   }

   std::string_view s_;
   std::size_t pos_ = 0;
   int depth_;
};

Value resolve_atom(const Atom& a, int depth)
{
   if (!a.def) return Value{a.base, a.factor};
   Value v = UcumParser(a.def, depth).parse();
   v.f *= a.factor;
   return v;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to)
{
   for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
   return s;
}

struct Rewrite {
   std::regex re;
   std::string to;
};

const std::vector<Rewrite>& rewrites()
{
   using std::regex;
   const auto ic = regex::ECMAScript | regex::icase;
   static const std::vector<Rewrite> table = {
       // Words for units. Whole words only.
       {regex(R"(\bmicro ?moles?\b|\bmicromol\b|\bmcmol\b)", ic), "umol"},
       {regex(R"(\bmilli ?moles?\b)", ic), "mmol"},
       {regex(R"(\bnano ?moles?\b)", ic), "nmol"},
       {regex(R"(\bmoles?\b)", ic), "mol"},
       {regex(R"(\bmicrograms?\b|\bmcg\b)", ic), "ug"},
       {regex(R"(\bmilligrams?\b)", ic), "mg"},
       {regex(R"(\bnanograms?\b)", ic), "ng"},
       {regex(R"(\bkilograms?\b|\bkgs\b)", ic), "kg"},
       {regex(R"(\bgrams?\b|\bgms?\b)", ic), "g"},
       {regex(R"(\bmicro ?lit(er|re)s?\b|\bmcL\b)", ic), "uL"},
       {regex(R"(\bmilli ?lit(er|re)s?\b)", ic), "mL"},
       {regex(R"(\bdeci ?lit(er|re)s?\b)", ic), "dL"},
       {regex(R"(\blit(er|re)s?\b)", ic), "L"},
       {regex(R"(\bcentimet(er|re)s?\b)", ic), "cm"},
       {regex(R"(\bmillimet(er|re)s?\b)", ic), "mm"},
       {regex(R"(\bmet(er|re)s?\b)", ic), "m"},
       {regex(R"(\bmm ?hg\b)", ic), "mm[Hg]"},
       {regex(R"(\bcu ?mm\b|\bcmm\b)", ic), "mm3"},
       {regex(R"(\bper\b)", ic), "/"},
       {regex(R"(\bseconds?\b|\bsecs?\b)", ic), "s"},
       {regex(R"(\bminutes?\b|\bmins?\b)", ic), "min"},
       {regex(R"(\bhours?\b|\bhrs?\b)", ic), "h"},
       {regex(R"(\bdays?\b)", ic), "d"},
       {regex(R"(\bweeks?\b|\bwks?\b)", ic), "wk"},
       {regex(R"(\bmonths?\b)", ic), "mo"},
       {regex(R"(\byears?\b|\byrs?\b)", ic), "a"},
       {regex(R"(\bpercent\b)", ic), "%"},
       {regex(R"(\binternational units?\b)", ic), "[IU]"},
       {regex(R"(\bunits?\b)", ic), "U"},
       {regex(R"(\bcells?\b)", ic), ""},
       {regex(R"(\bmeq\b)", ic), "meq"},
       {regex(R"(\beq\b)", ic), "eq"},
       // Spacing around operators.
       {regex(R"(\s*([/.*^])\s*)"), "$1"},
       // Exponents written with a caret: mm^3 -> mm3.
       {regex(R"(([A-Za-z\]])\^(-?\d))"), "$1$2"},
       // Scale factors: x10^9, *10^9, 10^9, 10*9.
       {regex(R"(^[x*]?\s*10[\^*](-?\d+))", ic), "10*$1"},
       // Superscript lost in registry text: "x 109/L" means 10^9/L. Only after an explicit multiplication sign.
       {regex(R"(^[x*]\s*10(3|6|9|12)(?=/))", ic), "10*$1"},
       // "10E9/L", "x10e9/L": an exponent written with E.
       {regex(R"(^[x*]?\s*10[eE](-?\d+))"), "10*$1"},
       // Giga and tera per litre as European labs write them (G/L, T/L): not grams.
       {regex(R"(^G/L$)"), "10*9/L"},
       {regex(R"(^T/L$)"), "10*12/L"},
       // Thousands and millions per microlitre.
       {regex(R"(^k/)", ic), "10*3/"},
       {regex(R"(^thou/)", ic), "10*3/"},
       {regex(R"(^M/)"), "10*6/"},
       // eGFR normalised to body surface: /1.73 m2.
       {regex(R"(/1[.,]73\s*m2)", ic), "/{1.73_m2}"},
       // IU in clinical spelling is UCUM's [IU].
       {regex(R"((^|[^A-Za-z\[])([munk]?)IU(?![A-Za-z\]]))"), "$1$2[IU]"},
   };
   return table;
}

std::string trim(std::string_view s)
{
   std::size_t b = 0, e = s.size();
   while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
   while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
   return std::string(s.substr(b, e - b));
}

// Codes are kept as UCUM writes them: "10^9/L" is stored as "10*9/L".
Unit make_unit(std::string code, const Value& v)
{
   static const std::regex power(R"(10\^(-?\d))");  // compiled once: this runs on every conversion
   if (code.find('^') != std::string::npos) code = std::regex_replace(code, power, "10*$1");
   return Unit{std::move(code), v.d, v.f};
}

}  // namespace

std::string normalise_unit_spelling(std::string_view text)
{
   std::string s(text);
   // Code points that mean the same thing in units.
   s = replace_all(s, "\xC2\xB5", "u");       // µ MICRO SIGN
   s = replace_all(s, "\xCE\xBC", "u");       // μ GREEK SMALL LETTER MU
   s = replace_all(s, "\xC2\xB3", "^3");      // ³
   s = replace_all(s, "\xC2\xB2", "^2");      // ²
   s = replace_all(s, "\xE2\x81\xB9", "^9");  // ⁹
   s = replace_all(s, "\xE2\x81\xB6", "^6");  // ⁶
   s = replace_all(s, "\xC2\xB9\xE2\x81\xB0", "^10");
   s = replace_all(s, "\xC3\x97", "x");  // × MULTIPLICATION SIGN
   s = replace_all(s, "\xC2\xB7", ".");  // · MIDDLE DOT
   s = replace_all(s, "\\^", "^");       // markdown escape
   s = replace_all(s, "\\*", "*");
   s = replace_all(s, "^^", "^");
   s = trim(s);
   for (const auto& r : rewrites()) s = std::regex_replace(s, r.re, r.to);
   s = trim(s);
   return s;
}

Unit parse_ucum(std::string_view code)
{
   if (code.size() > 64) throw UnitError("not a unit: too long (" + std::to_string(code.size()) + " bytes; the limit is 64)");
   const Value v = UcumParser(code, 0).parse();
   return make_unit(std::string(code), v);
}

namespace {

std::optional<Unit> parse_uncached(std::string_view text)
{
   const std::string raw = trim(text);
   if (raw.empty() || raw.size() > 64) return std::nullopt;
   if (raw == "1") return make_unit("1", Value{});
   try {
      return parse_ucum(raw);
   }
   catch (const UnitError&) {
   }
   std::string n = normalise_unit_spelling(raw);
   if (n.empty()) return std::nullopt;
   try {
      return parse_ucum(n);
   }
   catch (const UnitError&) {
   }
   // Case-tolerant last try: "MG/DL", "u/l".
   std::string lower;
   for (char c : n) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   static const std::regex lone_u(R"((^|/)u(/|$))");
   lower = std::regex_replace(lower, lone_u, "$1U$2");
   lower = replace_all(lower, "[iu]", "[IU]");
   lower = replace_all(lower, "[hg]", "[Hg]");
   try {
      return parse_ucum(lower);
   }
   catch (const UnitError&) {
   }
   return std::nullopt;
}

}  // namespace

std::optional<Unit> try_parse_unit(std::string_view text) noexcept
{
   // Unit strings repeat endlessly across patients: parse each once.
   static std::mutex mutex;
   static std::unordered_map<std::string, std::optional<Unit>> cache;
   try {
      std::string key(text);
      {
         std::lock_guard lock(mutex);
         if (auto it = cache.find(key); it != cache.end()) return it->second;
      }
      auto u = parse_uncached(text);
      std::lock_guard lock(mutex);
      if (cache.size() < 100000) cache.emplace(std::move(key), u);
      return u;
   }
   catch (...) {
      return std::nullopt;
   }
}

Unit parse_unit(std::string_view text)
{
   if (auto u = try_parse_unit(text)) return *u;
   std::string shown(text.substr(0, 64));
   throw UnitError("unknown unit '" + shown + "'");
}

namespace {

Dimension mass_minus_amount() { return dim(0, 1, 0, -1); }

}  // namespace

bool convertible(const Unit& from, const Unit& to, bool have_molar_mass)
{
   if (from.dim == to.dim) return true;
   if (!have_molar_mass) return false;
   const Dimension q = from.dim / to.dim;
   return q == mass_minus_amount() || q == mass_minus_amount().pow(-1);
}

Conversion convert(double value, const Unit& from, const Unit& to, std::optional<double> molar_mass)
{
   if (from.dim == to.dim) return Conversion{value * from.factor / to.factor, false, 0};
   const Dimension q = from.dim / to.dim;
   const bool mass_to_amount = q == mass_minus_amount();
   const bool amount_to_mass = q == mass_minus_amount().pow(-1);
   if (mass_to_amount || amount_to_mass) {
      if (!molar_mass)
         throw UnitError("cannot convert " + display_unit(from.code) + " (" + from.dim.name() + ") to " + display_unit(to.code) + " (" + to.dim.name() +
                         ") without the analyte's molar mass");
      const double kg_per_mol = *molar_mass * 1e-3;
      const double si = value * from.factor;
      const double converted = mass_to_amount ? si / kg_per_mol : si * kg_per_mol;
      return Conversion{converted / to.factor, true, *molar_mass};
   }
   throw UnitError("cannot convert " + display_unit(from.code) + " (" + from.dim.name() + ") to " + display_unit(to.code) + " (" + to.dim.name() + ")");
}

std::string display_unit(std::string_view code)
{
   std::string s(code);
   if (s == "1" || s == "{INR}" || s.empty()) return "";
   if (s == "a") return "years";
   if (s == "mo") return "months";
   if (s == "wk") return "weeks";
   if (s == "d") return "days";
   static const std::regex power(R"(10[*^](-?\d+))"), micro(R"((^|[/.])u([a-zA-Z]))");
   s = std::regex_replace(s, power, "×10^$1");
   s = std::regex_replace(s, micro, "$1µ$2");
   s = replace_all(s, "mm[Hg]", "mmHg");
   s = replace_all(s, "[IU]", "IU");
   s = replace_all(s, "{1.73_m2}", "1.73 m²");
   s = replace_all(s, "mm3", "mm³");
   return s;
}

}  // namespace eligo
