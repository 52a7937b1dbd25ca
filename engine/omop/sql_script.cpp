// The SQL of eligo sql. Each leaf is written as the compiled batch path decides it (compiled_trial.cpp), with the
// same thresholds, tolerances and band edges, so the two agree by construction; tests/omop_parity.sh checks on a
// real PostgreSQL that they do, criterion by criterion.
#include "engine/omop/sql_script.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "engine/evaluate/age.hpp"
#include "engine/evaluate/evaluator_internal.hpp"
#include "engine/omop/omop_vocabulary.hpp"

namespace eligo::omop {

namespace {

// A number as SQL reads it back to the same double (17 significant digits).
std::string num(double v)
{
   char b[40];
   std::snprintf(b, sizeof b, "%.17g", v);
   return b;
}

std::string quote(const std::string& s)
{
   std::string out = "'";
   for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
   return out + "'";
}

std::string ident(const std::string& s)
{
   std::string out = "\"";
   for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
   return out + "\"";
}

std::string date_literal(const Date& d) { return "DATE '" + d.str() + "'"; }

// A table's name in a schema ("cdm.person"), or bare.
std::string in_schema(const std::string& schema, const std::string& table) { return schema.empty() ? table : schema + "." + table; }

// A name for a trial's result table: letters, digits and underscores.
std::string table_name(const std::string& trial_id)
{
   std::string s = "eligo_result_";
   for (char c : trial_id) s += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
   return s;
}

// threshold.cpp, holds(): x op t, equal within the relative tolerance.
std::string holds(const std::string& x, Comparator op, const std::string& t, const std::string& tol)
{
   const std::string eq =
       "(ABS(" + x + " - " + t + ") <= " + tol + " * (CASE WHEN ABS(" + x + ") > ABS(" + t + ") THEN ABS(" + x + ") ELSE ABS(" + t + ") END))";
   switch (op) {
      case Comparator::ge: return "(" + eq + " OR " + x + " > " + t + ")";
      case Comparator::gt: return "(NOT " + eq + " AND " + x + " > " + t + ")";
      case Comparator::le: return "(" + eq + " OR " + x + " < " + t + ")";
      case Comparator::lt: return "(NOT " + eq + " AND " + x + " < " + t + ")";
      case Comparator::eq: return eq;
      case Comparator::ne: return "(NOT " + eq + ")";
   }
   return "FALSE";
}

// A boolean test as a Kleene value: NULL when `known` is false.
std::string kleene(const std::string& known, const std::string& test)
{
   return "(CASE WHEN " + known + " THEN (CASE WHEN " + test + " THEN TRUE ELSE FALSE END) END)";
}

// score.cpp, in_accepted(): an interval [lo, hi] of ordinals meets the accepted ranges when all of it lies in them,
// fails when none of it does, and is unknown otherwise.
std::string accepted(const Predicate& p, const std::string& lo, const std::string& hi)
{
   std::vector<std::pair<int, int>> r = p.accepted;
   std::sort(r.begin(), r.end());
   std::vector<std::pair<int, int>> merged;
   for (const auto& x : r)
      if (!merged.empty() && x.first <= merged.back().second + 1)
         merged.back().second = std::max(merged.back().second, x.second);
      else
         merged.push_back(x);
   std::string all = "FALSE", none = "TRUE";
   for (const auto& [a, b] : merged) {
      all += " OR (" + lo + " >= " + std::to_string(a) + " AND " + hi + " <= " + std::to_string(b) + ")";
      none += " AND NOT (" + lo + " <= " + std::to_string(b) + " AND " + hi + " >= " + std::to_string(a) + ")";
   }
   return "(CASE WHEN " + lo + " IS NULL THEN NULL WHEN " + all + " THEN TRUE WHEN " + none + " THEN FALSE END)";
}

// A criterion's or a node's SQL: its Kleene value, and when it is NULL, whether it misses data the record could hold
// (compiled_trial.cpp's data bit) rather than only a clinician's answer.
struct Node {
   std::string value;
   std::string data;  // "TRUE", "FALSE" or an expression
};

class Writer {
public:
   Writer(const Catalogue& catalogue, const SqlOptions& o) : catalogue_(catalogue), o_(o) {}

   SqlScript run(const std::vector<const Trial*>& trials);

private:
   const Catalogue& catalogue_;
   const SqlOptions& o_;
   std::vector<const Analyte*> analytes_;  // every analyte a trial reads, in first use
   std::vector<const Score*> scores_;      // every recorded score a trial reads
   const Trial* trial_ = nullptr;
   std::vector<std::string> gaps_;  // of the criterion being written
   // The clinical-fact leaves the script decides (fact()), one pair of columns each in eligo_fact: whether a record
   // counts (f<n>_hit) and whether one may or may not be it (f<n>_open). Equal leaves of two trials share them.
   struct FactLeaf {
      std::string key, hit, open;
   };
   std::vector<FactLeaf> facts_;
   bool reads_records_ = false;              // the criterion being written has a fact leaf the script decides
   std::set<const Concept*> fact_concepts_;  // the concepts those leaves look for, for eligo_missing_code

   std::string cdm(const std::string& table) const { return in_schema(o_.cdm_schema, table); }
   std::string res(const std::string& table) const { return in_schema(o_.results_schema, table); }
   std::string vocab(const std::string& table) const { return in_schema(o_.vocab_schema.empty() ? o_.cdm_schema : o_.vocab_schema, table); }
   void use(const Analyte* a)
   {
      if (a && std::find(analytes_.begin(), analytes_.end(), a) == analytes_.end()) analytes_.push_back(a);
   }
   void use(const Score* s)
   {
      if (s && std::find(scores_.begin(), scores_.end(), s) == scores_.end()) scores_.push_back(s);
   }
   void collect(const Predicate& p, const Trial& t);

   static std::string col(const Analyte& a, const char* part) { return "a_" + a.id + "_" + part; }
   static std::string col(const Score& s, const char* part) { return "s_" + s.id + "_" + part; }
   // A lab's latest value as the compiled path reads it: NULL when absent, a bound, or older than `from`.
   std::string fresh(const Analyte& a, std::optional<Date> from) const
   {
      if (!from) return col(a, "v");
      return "(CASE WHEN " + col(a, "d") + " >= " + date_literal(*from) + " THEN " + col(a, "v") + " END)";
   }
   std::optional<Date> trial_window_from(const Analyte& a) const
   {
      if (a.kind == AnalyteKind::lab && trial_->lab_window_days) return o_.date.add_days(-*trial_->lab_window_days);
      return std::nullopt;
   }

   Node node(const Predicate& p);
   std::string lab(const Predicate& p);
   std::string age(const Predicate& p);
   std::string score(const Predicate& p);
   std::string child_pugh(const Predicate& p);
   std::string albi(const Predicate& p);
   std::string fact_gap(const Predicate& p) const;
   std::string fact(const Predicate& p);

   std::string person_table();
   std::string fact_tables();
};

void Writer::collect(const Predicate& p, const Trial& t)
{
   using K = Predicate::Kind;
   if (p.kind == K::measure && p.analyte && p.analyte->id != "age") use(p.analyte);
   if (p.kind == K::lab_window)
      for (const Analyte* a : t.labs) use(a);
   if (p.kind == K::score && p.score && !p.assessed_within) {
      use(p.score);
      if (p.score->derived == DerivedScore::child_pugh || p.score->derived == DerivedScore::albi) {
         use(catalogue_.analyte("total_bilirubin"));
         use(catalogue_.analyte("albumin"));
      }
      if (p.score->derived == DerivedScore::child_pugh) {
         use(catalogue_.analyte("inr"));
         use(catalogue_.score("ascites"));
         use(catalogue_.score("hepatic_encephalopathy"));
      }
   }
   for (const auto& c : p.children) collect(c, t);
}

std::string Writer::lab(const Predicate& p)
{
   const Analyte& a = *p.analyte;
   std::optional<Date> from = trial_window_from(a);
   if (p.assessed_within) {
      const Date f = evaluation::shifted(o_.date, -p.assessed_within, p.assessed_unit);
      if (!from || f >= *from) from = f;
   }
   const std::string v = fresh(a, from);
   const std::string tol = p.molar ? "5e-4" : "(CASE WHEN " + col(a, "x") + " = 1 THEN 5e-4 ELSE 1e-9 END)";
   switch (p.test) {
      case Predicate::Test::compare: return kleene(v + " IS NOT NULL", holds(v, p.op, num(p.threshold), tol));
      case Predicate::Test::range:
         return kleene(v + " IS NOT NULL", "(" + holds(v, p.low_open ? Comparator::gt : Comparator::ge, num(p.threshold), tol) + " AND " +
                                               holds(v, p.high_open ? Comparator::lt : Comparator::le, num(p.high), tol) + ")");
      case Predicate::Test::relative: {
         // times_uln.cpp: the patient's own limit, else the catalogue's default
         std::string lim = col(a, p.upper ? "hi" : "lo");
         if (a.reference_range) lim = "COALESCE(" + lim + ", " + num(p.upper ? a.reference_range->high : a.reference_range->low) + ")";
         const std::string t = "(" + num(p.factor) + " * " + lim + ")";
         return kleene(v + " IS NOT NULL AND " + lim + " IS NOT NULL", holds(v, p.op, t, "1e-9"));
      }
      case Predicate::Test::within_normal: {
         std::string lo = col(a, "lo"), hi = col(a, "hi");
         if (a.reference_range) {
            lo = "COALESCE(" + lo + ", " + num(a.reference_range->low) + ")";
            hi = "COALESCE(" + hi + ", " + num(a.reference_range->high) + ")";
         }
         return kleene(v + " IS NOT NULL AND " + lo + " IS NOT NULL AND " + hi + " IS NOT NULL",
                       "(" + holds(v, Comparator::ge, lo, tol) + " AND " + holds(v, Comparator::le, hi, tol) + ")");
      }
   }
   return "NULL";
}

std::string Writer::age(const Predicate& p)
{
   // age_sex.cpp, age_in(): each bound counts whole years, months, weeks or days; the test is decided when the
   // earliest and the latest possible birth dates agree.
   const AgeCount low_count = age_count(p.threshold, p.written), high_count = age_count(p.high, p.written_high);
   const double low = age_bound(low_count, p.threshold), high = age_bound(high_count, p.high);
   const bool strict_low = p.older_than && (p.test == Predicate::Test::range ? p.low_open : p.op == Comparator::gt);
   const SqlDialect& d = *o_.dialect;
   auto completed = [&](AgeCount count, const char* end, const Date& on) -> std::string {
      const std::string y = std::string("birth_") + end + "_y", m = std::string("birth_") + end + "_m", dd = std::string("birth_") + end + "_d";
      const std::string md = "(" + m + " * 100 + " + dd + ")";
      switch (count) {
         case AgeCount::years:
            return "(" + std::to_string(on.year) + " - " + y + " - (CASE WHEN " + std::to_string(on.month * 100 + on.day) + " < " + md + " THEN 1 ELSE 0 END))";
         case AgeCount::months:
            return "((" + std::to_string(on.year) + " - " + y + ") * 12 + (" + std::to_string(on.month) + " - " + m + ") - (CASE WHEN " +
                   std::to_string(on.day) + " < " + dd + " THEN 1 ELSE 0 END))";
         case AgeCount::weeks: return "FLOOR(" + d.days_between(date_literal(on), d.make_date(y, m, dd)) + " / 7.0)";
         case AgeCount::days: return d.days_between(date_literal(on), d.make_date(y, m, dd));
      }
      return "NULL";
   };
   auto test = [&](const char* end) {
      const std::string lower = strict_low ? holds(completed(low_count, end, o_.date.add_days(-1)), Comparator::ge, num(low), "1e-9")
                                           : holds(completed(low_count, end, o_.date),
                                                   p.test == Predicate::Test::range ? (p.low_open ? Comparator::gt : Comparator::ge) : p.op, num(low), "1e-9");
      if (p.test != Predicate::Test::range) return lower;
      return "(" + lower + " AND " + holds(completed(high_count, end, o_.date), p.high_open ? Comparator::lt : Comparator::le, num(high), "1e-9") + ")";
   };
   const std::string a = test("hi"), b = test("lo");  // the latest birth date, then the earliest
   return "(CASE WHEN birth_lo_y IS NULL THEN NULL WHEN " + a + " AND " + b + " THEN TRUE WHEN NOT " + a + " AND NOT " + b + " THEN FALSE END)";
}

std::string Writer::child_pugh(const Predicate& p)
{
   // child_pugh.cpp: points per input, an unknown input 1–3 points; bilirubin's edges are 2 and 3 mg/dL through
   // 584.66 g/mol with the molar tolerance, the others exact.
   const Analyte* bil = catalogue_.analyte("total_bilirubin");
   const Analyte* alb = catalogue_.analyte("albumin");
   const Analyte* inr = catalogue_.analyte("inr");
   const Score* asc = catalogue_.score("ascites");
   const Score* he = catalogue_.score("hepatic_encephalopathy");
   auto value = [&](const Analyte* a) { return a ? fresh(*a, trial_window_from(*a)) : std::string("CAST(NULL AS DOUBLE PRECISION)"); };
   auto on_edge = [](const std::string& x, double e, const char* tol) {
      return "(ABS(" + x + " - " + num(e) + ") <= " + tol + " * (CASE WHEN ABS(" + x + ") > " + num(std::fabs(e)) + " THEN ABS(" + x + ") ELSE " +
             num(std::fabs(e)) + " END))";
   };
   auto below = [&](const std::string& x, double e, const char* tol) { return "(" + x + " < " + num(e) + " AND NOT " + on_edge(x, e, tol) + ")"; };
   auto above = [&](const std::string& x, double e, const char* tol) { return "(" + x + " > " + num(e) + " AND NOT " + on_edge(x, e, tol) + ")"; };
   // 1 below the low edge, 2 up to the high one, 3 above; albumin the other way round
   auto points = [&](const std::string& x, double low_edge, double high_edge, const char* tol, bool rising) {
      if (rising)
         return "(CASE WHEN " + x + " IS NULL THEN NULL WHEN " + below(x, low_edge, tol) + " THEN 1 WHEN NOT " + above(x, high_edge, tol) +
                " THEN 2 ELSE 3 END)";
      return "(CASE WHEN " + x + " IS NULL THEN NULL WHEN " + above(x, high_edge, tol) + " THEN 1 WHEN NOT " + below(x, low_edge, tol) + " THEN 2 ELSE 3 END)";
   };
   // µmol/L of 2 and 3 mg/dL: mg/dL × 10 = mg/L; / 584.66 g/mol = mmol/L; × 1000 = µmol/L
   const double b2 = 2.0 * 10 / 584.66 * 1000, b3 = 3.0 * 10 / 584.66 * 1000;
   const std::string pb = points(value(bil), b2, b3, "5e-4", true);
   const std::string pa = points(value(alb), 28.0, 35.0, "1e-9", false);
   const std::string pi = points(value(inr), 1.7, 2.3, "1e-9", true);
   auto enc = [](const std::string& g) { return "(CASE WHEN " + g + " = 0 THEN 1 WHEN " + g + " <= 2 THEN 2 ELSE 3 END)"; };
   const std::string asc_lo = asc ? "COALESCE(" + col(*asc, "lo") + ", 1)" : "1", asc_hi = asc ? "COALESCE(" + col(*asc, "hi") + ", 3)" : "3";
   const std::string he_lo = he ? "(CASE WHEN " + col(*he, "lo") + " IS NULL THEN 1 ELSE " + enc(col(*he, "lo")) + " END)" : "1";
   const std::string he_hi = he ? "(CASE WHEN " + col(*he, "hi") + " IS NULL THEN 3 ELSE " + enc(col(*he, "hi")) + " END)" : "3";
   const std::string lo = "(COALESCE(" + pb + ", 1) + COALESCE(" + pa + ", 1) + COALESCE(" + pi + ", 1) + " + asc_lo + " + " + he_lo + ")";
   const std::string hi = "(COALESCE(" + pb + ", 3) + COALESCE(" + pa + ", 3) + COALESCE(" + pi + ", 3) + " + asc_hi + " + " + he_hi + ")";
   return accepted(p, lo, hi);
}

std::string Writer::albi(const Predicate& p)
{
   // albi.cpp: 0.66 × log10(bilirubin µmol/L) − 0.085 × albumin g/L; grade 1 up to −2.60, 2 up to −1.39, else 3;
   // without both inputs (or with no bilirubin above zero) grade 1–3.
   const Analyte* bil = catalogue_.analyte("total_bilirubin");
   const Analyte* alb = catalogue_.analyte("albumin");
   if (!bil || !alb) return accepted(p, "1", "3");
   const std::string b = fresh(*bil, trial_window_from(*bil)), a = fresh(*alb, trial_window_from(*alb));
   const std::string s = "(0.66 * " + o_.dialect->log10(b) + " - 0.085 * " + a + ")";
   const std::string g = "(CASE WHEN " + b + " IS NULL OR " + a + " IS NULL OR " + b + " <= 0 THEN NULL WHEN " + s + " <= -2.60 THEN 1 WHEN " + s +
                         " <= -1.39 THEN 2 ELSE 3 END)";
   return accepted(p, "COALESCE(" + g + ", 1)", "COALESCE(" + g + ", 3)");
}

std::string Writer::score(const Predicate& p)
{
   const Score& s = *p.score;
   std::string derived = "NULL";
   if (s.derived == DerivedScore::child_pugh) derived = child_pugh(p);
   if (s.derived == DerivedScore::albi) derived = albi(p);
   return "(CASE WHEN " + col(s, "state") + " IN ('unusable', 'conflict') THEN NULL WHEN " + col(s, "lo") + " IS NOT NULL THEN " +
          accepted(p, col(s, "lo"), col(s, "hi")) + " ELSE " + derived + " END)";
}

Node Writer::node(const Predicate& p)
{
   using K = Predicate::Kind;
   auto leaf = [](std::string v, bool data) { return Node{std::move(v), data ? "TRUE" : "FALSE"}; };
   switch (p.kind) {
      case K::all:
      case K::any: {
         std::vector<Node> parts;
         for (const auto& c : p.children) parts.push_back(node(c));
         if (parts.size() == 1) return parts.front();
         if (parts.empty()) return leaf(p.kind == K::all ? "TRUE" : "FALSE", true);
         Node n;
         std::vector<std::string> data;
         bool all_data = true;
         for (std::size_t i = 0; i < parts.size(); ++i) {
            n.value += (i ? (p.kind == K::all ? " AND " : " OR ") : "") + parts[i].value;
            if (parts[i].data != "TRUE") all_data = false;
            if (parts[i].data == "FALSE") continue;
            data.push_back(parts[i].data == "TRUE" ? "(" + parts[i].value + ") IS NULL" : "((" + parts[i].value + ") IS NULL AND " + parts[i].data + ")");
         }
         n.value = "(" + n.value + ")";
         if (all_data)
            n.data = "TRUE";
         else if (data.empty())
            n.data = "FALSE";
         else {
            n.data = "(";
            for (std::size_t i = 0; i < data.size(); ++i) n.data += (i ? " OR " : "") + data[i];
            n.data += ")";
         }
         return n;
      }
      case K::negate: {
         Node c = node(p.children.front());
         return Node{"(NOT " + c.value + ")", c.data};
      }
      case K::measure: return leaf(p.analyte->id == "age" ? age(p) : lab(p), true);
      case K::score:
         if (p.assessed_within) {
            gaps_.push_back("a score under its own assessment window ('" + p.text + "') is not yet compiled to SQL");
            return leaf("CAST(NULL AS BOOLEAN)", true);
         }
         if (p.score->derived == DerivedScore::bclc || p.score->derived == DerivedScore::cnlc) {
            gaps_.push_back("the " + p.score->display + " stage is staged from findings, which are not yet compiled to SQL");
            return leaf("CAST(NULL AS BOOLEAN)", true);
         }
         return leaf(score(p), true);
      case K::sex: return leaf("(CASE WHEN sex IS NULL THEN NULL WHEN sex = " + quote(p.sex) + " THEN TRUE ELSE FALSE END)", true);
      case K::manual: return leaf("CAST(NULL AS BOOLEAN)", p.chart);
      case K::lab_window: {
         std::string all = "TRUE";
         for (const Analyte* a : trial_->labs) {
            std::string ok = col(*a, "d") + " IS NOT NULL";
            if (a->kind == AnalyteKind::lab) ok += " AND " + col(*a, "d") + " >= " + date_literal(o_.date.add_days(-p.lab_window_days));
            all += " AND " + ok;
         }
         return leaf("(CASE WHEN " + all + " THEN TRUE END)", true);
      }
      case K::fact:
      case K::qualifier:
         if (const std::string why = fact_gap(p); !why.empty()) {
            gaps_.push_back("clinical fact '" + (p.text.empty() ? to_string(p) : p.text) + "': " + why);
            return leaf("CAST(NULL AS BOOLEAN)", true);
         }
         return leaf(fact(p), true);
   }
   return leaf("CAST(NULL AS BOOLEAN)", true);
}

// Why a clinical fact is not compiled to SQL yet, or "" when it is. The script decides a history of a condition, drug
// or procedure ("no prior sorafenib", "history of variceal bleeding") the way the evaluator does (fact.cpp) from the
// warehouse's records: one of the concept or a kind of it meets it, one of a broader concept leaves it open. A window
// or "current" needs the record's end, which warehouses fill unevenly (a condition's end is mostly empty, a drug's is
// often derived from the days supplied), so those stay NULL for now. So does what else the evaluator weighs: findings
// and observations that show or suggest the fact, regimens assembled from their drugs, a class that holds for some
// indications only or leaves out dose forms or codes, episodes, allergies, qualifiers, "other", exceptions, a time
// relative to an event.
std::string Writer::fact_gap(const Predicate& p) const
{
   const Concept& c = *p.concept_;
   if (p.kind == Predicate::Kind::qualifier) return "a qualifier ('" + p.qualifier + "') is not yet compiled to SQL";
   if (p.allergy) return "allergies have no OMOP table Eligo reads";
   if (p.after) return "a time relative to an event is not yet compiled to SQL";
   if (p.other || !p.except.empty()) return "'other' and exceptions are not yet compiled to SQL";
   if (p.window || p.current) return "a window or 'current' needs a record's end date, which warehouses fill unevenly: not yet compiled to SQL";
   if (p.assessed_within) return "an assessment window is not yet compiled to SQL";
   if (c.kind != ConceptKind::condition && c.kind != ConceptKind::medication && c.kind != ConceptKind::procedure)
      return "findings are read from observations, which are not yet compiled to SQL";
   if (c.derived != DerivedFinding::none) return "a derived finding is not yet compiled to SQL";
   if (!c.sex.empty()) return "a concept of one sex is not yet compiled to SQL";
   for (const Concept* r : catalogue_.regimens())
      if (catalogue_.kind_of(*r, c)) return "regimens found from their drugs are not yet compiled to SQL";
   for (const Concept* k : catalogue_.form_classes())
      if (catalogue_.is_a(*k, c) || catalogue_.is_a(c, *k)) return "a class that leaves out dose forms (" + k->display + ") is not yet compiled to SQL";
   for (const Concept& x : catalogue_.concepts()) {
      const bool below = catalogue_.is_a(x, c), above = &x != &c && catalogue_.kind_of(c, x);
      if (x.kind == ConceptKind::finding && (below || catalogue_.evidence_of(x, c) || catalogue_.suggests(x, c)))
         return "findings that show it (" + x.display + ") are read from observations, which are not yet compiled to SQL";
      if ((below || above) && (x.kind != c.kind || !x.observation_loinc.empty()))
         return "records of another kind (" + x.display + ") are not yet compiled to SQL";
      if ((below || above) && x.episode_days) return "episodes (" + x.display + ") are not yet compiled to SQL";
      if ((below || above) && !x.not_codes.empty()) return "a code list with exclusions (" + x.display + ") is not yet compiled to SQL";
      if (catalogue_.is_a_for_indication(x, c) || catalogue_.is_a_for_indication(c, x) || ((below || above) && !x.is_a_for_indication.empty()))
         return "a class that holds for some indications only is not yet compiled to SQL";
   }
   return "";
}

// fact.cpp, FactQuestion, for a history: a record whose nearest concept is the fact's concept or a kind of it (D) meets
// it, when its code is one the catalogue lists, or a product of a drug ingredient it lists (the evaluator matches codes
// exactly; a class code's subtree in a vocabulary holds more than the class means: "mental disorder" holds tobacco
// dependence). It stays open on a record that may be one: of a broader concept (B); under a code below one of D or B
// that the catalogue does not list itself, or a farther ancestor of which is one of them (a vocabulary places a code
// under concepts the catalogue does not link: the nearer one is not the only reading); whose code names no catalogue concept, of the fact's kind (a drug, or
// for a drug also a procedure, as the evaluator reads an unlisted procedure for a drug class: fact.cpp, records_to_search), since a warehouse codes what the
// catalogue may not list; or an observation of a personal history (SNOMED CT "history of clinical finding" or "of procedure", where a site's ETL maps ICD-10-CM
// Z85, Z92), since the script does not read of what. With --complete-history, none of that on a person whose records are complete (an observation period over
// the screening date) does not meet it. eligo_record holds no record after the screening date.
std::string Writer::fact(const Predicate& p)
{
   const Concept& c = *p.concept_;
   std::set<std::string> below, above, either;
   for (const Concept& x : catalogue_.concepts()) {
      if (catalogue_.is_a(x, c)) below.insert(x.id);
      if (&x != &c && catalogue_.kind_of(c, x)) above.insert(x.id);
   }
   either.insert(below.begin(), below.end());
   either.insert(above.begin(), above.end());
   for (const std::string& id : either) fact_concepts_.insert(catalogue_.concept_(id));
   auto in = [](const std::set<std::string>& ids) {
      std::string l;
      for (const auto& id : ids) l += (l.empty() ? "" : ", ") + quote(id);
      return l.empty() ? std::string("FALSE") : "concept IN (" + l + ")";
   };
   const std::string unlisted = c.kind == ConceptKind::medication  ? "domain IN ('drug', 'procedure', 'history')"
                                : c.kind == ConceptKind::procedure ? "domain IN ('procedure', 'history')"
                                                                   : "domain IN ('condition', 'history')";
   const std::string hit = "nearest = 1 AND exact = 1 AND " + in(below);
   const std::string open =
       "((nearest = 1 AND " + in(above) + ") OR ((nearest = 0 OR exact = 0) AND " + in(either) + ") OR (concept IS NULL AND " + unlisted + "))";
   const std::string key = hit + " | " + open;
   std::size_t n = 0;
   while (n < facts_.size() && facts_[n].key != key) ++n;
   if (n == facts_.size()) facts_.push_back({key, "MAX(CASE WHEN " + hit + " THEN 1 ELSE 0 END)", "MAX(CASE WHEN " + open + " THEN 1 ELSE 0 END)"});
   const std::string f = "f" + std::to_string(n + 1);
   reads_records_ = true;
   return "(CASE WHEN " + f + "_hit = 1 THEN TRUE WHEN " + f + "_open = 1 THEN NULL WHEN records_complete = 1 THEN FALSE END)";
}

// The records the facts read: each condition, drug and procedure on or before the screening date, with the catalogue
// concepts its code names: by vocabulary and code, and through concept_ancestor for a code below one the catalogue
// lists. The nearest in concept_ancestor, and of those the most specific in the catalogue, is the record's concept
// (nearest = 1); a farther one is only a reading it may have (nearest = 0). A concept found by a code the catalogue
// lists, or as a drug ingredient's product, is found exactly (exact = 1); below a listed class code it may be one. NULL where it names none. Observations of a
// personal history (SNOMED CT 417662000 "History of clinical finding in subject", 416940007 "Past history of
// procedure", and what is below them) are rows of their own (domain 'history', concept NULL). Then one row per person
// with each fact leaf's two columns.
std::string Writer::fact_tables()
{
   const SqlDialect& d = *o_.dialect;
   std::string codes, kinds;
   for (const Concept& c : catalogue_.concepts()) {
      for (const VocabularyCode& v : concept_codes(c))
         codes += std::string(codes.empty() ? "" : ",\n      ") + "(" + quote(c.id) + ", " + quote(v.vocabulary) + ", " + quote(v.code) + ")";
      for (const Concept& a : catalogue_.concepts())
         if (&a != &c && catalogue_.kind_of(c, a)) kinds += std::string(kinds.empty() ? "" : ",\n      ") + "(" + quote(c.id) + ", " + quote(a.id) + ")";
   }
   if (kinds.empty()) kinds = "('none', 'none')";
   const std::string day = date_literal(o_.date);
   std::string s;
   s += "-- The concepts Eligo knows (concepts.json), resolved by code, with every concept below one of them in concept_ancestor\n"
        "-- and how far below.\n";
   s += d.create_table_as(res("eligo_fact_listed"), "SELECT a.concept, k.concept_id\nFROM (VALUES " + codes + ") AS a(concept, vocabulary, code)\nJOIN " +
                                                        vocab("concept") + " k ON k.vocabulary_id = a.vocabulary AND k.concept_code = a.code");
   s += d.create_table_as(res("eligo_fact_code"), "SELECT concept, concept_id, 0 AS levels FROM " + res("eligo_fact_listed") +
                                                      "\nUNION\nSELECT l.concept, x.descendant_concept_id, x.min_levels_of_separation FROM " +
                                                      res("eligo_fact_listed") + " l\nJOIN " + vocab("concept_ancestor") +
                                                      " x ON x.ancestor_concept_id = l.concept_id AND x.descendant_concept_id <> l.concept_id");
   s += "-- Which catalogue concepts are kinds of which (is_a), to keep a record's most specific concept.\n";
   s += d.create_table_as(res("eligo_fact_kind"), "SELECT * FROM (VALUES " + kinds + ") AS k(concept, ancestor)");
   auto table = [&](const char* t, const char* dom, const char* id, const char* code_col, const char* start) {
      return std::string("SELECT '") + dom + "' AS domain, r." + id + " AS rid, r.person_id, r." + code_col + " AS code, f.concept, f.levels FROM " + cdm(t) +
             " r LEFT JOIN " + res("eligo_fact_code") + " f ON f.concept_id = r." + code_col + " WHERE r." + start + " <= " + day;
   };
   s += "-- Each condition, drug and procedure on or before the screening date with the catalogue concepts its code names: the\n"
        "-- nearest and most specific (nearest = 1), and farther ones it may be (nearest = 0); NULL: none. And each observation\n"
        "-- of a personal history (domain 'history').\n";
   const std::string kind = res("eligo_fact_kind");
   // A drug ingredient's products lie below it in concept_ancestor (RxNorm clinical and branded drugs): they are it.
   std::string ingredients;
   for (const Concept& c : catalogue_.concepts())
      if (c.ingredient) ingredients += (ingredients.empty() ? "" : ", ") + quote(c.id);
   if (ingredients.empty()) ingredients = "'none'";
   const std::string match = res("eligo_record_match");
   s += d.create_table_as(match, "SELECT z.*, RANK() OVER (PARTITION BY z.domain, z.rid ORDER BY z.levels) AS first FROM (" +
                                     table("condition_occurrence", "condition", "condition_occurrence_id", "condition_concept_id", "condition_start_date") +
                                     "\n      UNION ALL " + table("drug_exposure", "drug", "drug_exposure_id", "drug_concept_id", "drug_exposure_start_date") +
                                     "\n      UNION ALL " +
                                     table("procedure_occurrence", "procedure", "procedure_occurrence_id", "procedure_concept_id", "procedure_date") + ") z");
   // The nearest concepts (first = 1) a more specific nearest concept of the same record is a kind of; the farther ones a
   // nearest concept is, or is a kind of.
   const std::string dominated = "(SELECT DISTINCT a.domain, a.rid, a.concept FROM " + match + " a JOIN " + match +
                                 " b ON b.domain = a.domain AND b.rid = a.rid AND b.first = 1 JOIN " + kind +
                                 " k ON k.concept = b.concept AND k.ancestor = a.concept WHERE a.first = 1)";
   const std::string implied = "(SELECT DISTINCT a.domain, a.rid, a.concept FROM " + match + " a JOIN " + match +
                               " n ON n.domain = a.domain AND n.rid = a.rid AND n.first = 1 AND n.concept IS NOT NULL LEFT JOIN " + kind +
                               " k ON k.concept = n.concept AND k.ancestor = a.concept WHERE a.first > 1 AND (k.concept IS NOT NULL OR n.concept = a.concept))";
   s += d.create_table_as(
       res("eligo_record"),
       "SELECT c.domain, c.rid, c.person_id, c.concept, 1 AS nearest, CASE WHEN c.levels = 0 OR c.concept IN (" + ingredients +
           ") THEN 1 ELSE 0 END AS exact\n"
           "FROM " +
           match + " c LEFT JOIN " + dominated +
           " x ON x.domain = c.domain AND x.rid = c.rid AND x.concept = c.concept\n"
           "WHERE c.first = 1 AND c.concept IS NOT NULL AND x.rid IS NULL\n"
           "UNION ALL SELECT domain, rid, person_id, concept, 1, 1 FROM " +
           match + " WHERE concept IS NULL\nUNION ALL SELECT f.domain, f.rid, f.person_id, f.concept, 0, 0 FROM " + match + " f LEFT JOIN " + implied +
           " i ON i.domain = f.domain AND i.rid = f.rid AND i.concept = f.concept\nWHERE f.first > 1 AND i.rid IS NULL\n"
           "UNION ALL SELECT 'history', o.observation_id, o.person_id, CAST(NULL AS VARCHAR(80)), 1, 1 FROM " +
           cdm("observation") + " o JOIN " + vocab("concept_ancestor") + " h ON h.descendant_concept_id = o.observation_concept_id JOIN " + vocab("concept") +
           " hc ON hc.concept_id = h.ancestor_concept_id AND hc.vocabulary_id = 'SNOMED' AND hc.concept_code IN ('417662000', '416940007')\nWHERE "
           "o.observation_date <= " +
           day);
   std::string cols;
   for (std::size_t i = 0; i < facts_.size(); ++i)
      cols += ",\n       " + facts_[i].hit + " AS f" + std::to_string(i + 1) + "_hit, " + facts_[i].open + " AS f" + std::to_string(i + 1) + "_open";
   s += "-- One row per person with records: for each fact leaf, whether a record meets it (_hit) and whether one may be it (_open).\n";
   s += d.create_table_as(res("eligo_fact"), "SELECT person_id" + cols + "\nFROM " + res("eligo_record") + "\nGROUP BY person_id");
   return s;
}

std::string Writer::person_table()
{
   const SqlDialect& d = *o_.dialect;
   std::string s;
   // The measurement concepts and the units Eligo reads, resolved through the site's vocabulary by code.
   std::string codes, units;
   for (const Analyte* a : analytes_) {
      for (const VocabularyCode& c : analyte_codes(*a))
         codes += std::string(codes.empty() ? "" : ",\n      ") + "(" + quote(a->id) + ", " + quote(c.vocabulary) + ", " + quote(c.code) + ")";
      for (const UnitFactor& u : unit_factors(*a))
         units += std::string(units.empty() ? "" : ",\n      ") + "(" + quote(a->id) + ", " + quote(u.ucum) + ", " + num(u.factor) + ", " +
                  (u.crosses ? "1" : "0") + ")";
   }
   if (codes.empty()) codes = "('none', 'none', 'none')";
   if (units.empty()) units = "('none', 'none', 1, 0)";
   s += "-- The measurement concepts Eligo reads (analytes.json), resolved through the vocabulary by code.\n";
   s += d.create_table_as(res("eligo_lab_code"), "SELECT a.analyte, m.concept_id AS measurement_concept_id\nFROM (VALUES " + codes +
                                                     ") AS a(analyte, vocabulary, code)\nJOIN " + vocab("concept") +
                                                     " m ON m.vocabulary_id = a.vocabulary AND m.concept_code = a.code");
   s += "-- Each analyte's units, with the factor to its canonical unit ('' is no unit, for a dimensionless analyte).\n";
   s += d.create_table_as(res("eligo_lab_unit"),
                          "SELECT a.analyte, u.concept_id AS unit_concept_id, CAST(a.factor AS DOUBLE PRECISION) AS factor, a.crosses\nFROM (VALUES " + units +
                              ") AS a(analyte, ucum, factor, crosses)\nLEFT JOIN " + vocab("concept") +
                              " u ON u.vocabulary_id = 'UCUM' AND u.concept_code = a.ucum\nWHERE a.ucum = '' OR u.concept_id IS NOT NULL");
   // The newest result of each analyte on or before the screening date decides, as in the evaluator (threshold.cpp,
   // latest); a row with no value at all (no number, no value concept, no source text) is an order, not a result. The
   // newest result is unknown, and no older result is used instead, when it cannot be used: a unit this table does not
   // hold, no number ("hemolysed"), a bound ("<0.5": an operator other than "="), a value below zero or outside the plausible range
   // (the readers skip those, and a skipped newer value supersedes an older one); or when two results at that same
   // time disagree (the FHIR reader's rule).
   std::string plausible = "TRUE";
   for (const Analyte* a : analytes_)
      if (a->plausible)
         plausible += " AND NOT (c.analyte = " + quote(a->id) + " AND (m.value_as_number * u.factor < " + num(a->plausible->low) +
                      " OR m.value_as_number * u.factor > " + num(a->plausible->high) + "))";
   s += "-- Each analyte's newest result on or before the screening date, in its canonical unit.\n";
   s += d.create_table_as(
       res("eligo_lab"),
       "SELECT person_id, analyte, d,\n"
       "       CASE WHEN n_rows = n_values AND vmax - vmin <= 1e-9 * (CASE WHEN ABS(vmax) > 1 THEN ABS(vmax) ELSE 1 END) THEN vmax END AS v, lo, hi, x\n"
       "FROM (\n"
       "  SELECT person_id, analyte, d, COUNT(*) AS n_rows, COUNT(v) AS n_values, MIN(v) AS vmin, MAX(v) AS vmax, MAX(lo) AS lo, MAX(hi) AS hi, MAX(x) AS x\n"
       "  FROM (\n"
       "    SELECT m.person_id, c.analyte, m.measurement_date AS d,\n"
       "           CASE WHEN u.factor IS NOT NULL AND (m.operator_concept_id IS NULL OR m.operator_concept_id = 0 OR op.concept_name = '=')\n"
       "                 AND m.value_as_number >= 0 AND (" +
           plausible +
           ") THEN m.value_as_number * u.factor END AS v,\n"
           "           m.range_low * u.factor AS lo, m.range_high * u.factor AS hi, u.crosses AS x,\n"
           "           RANK() OVER (PARTITION BY m.person_id, c.analyte\n"
           "                        ORDER BY m.measurement_date DESC, COALESCE(m.measurement_datetime, CAST(m.measurement_date AS TIMESTAMP)) DESC) AS r\n"
           "    FROM " +
           cdm("measurement") +
           " m\n"
           "    JOIN " +
           res("eligo_lab_code") +
           " c ON c.measurement_concept_id = m.measurement_concept_id\n"
           "    LEFT JOIN " +
           res("eligo_lab_unit") +
           " u ON u.analyte = c.analyte\n"
           "     AND (u.unit_concept_id = m.unit_concept_id\n"
           "          OR (u.unit_concept_id IS NULL AND (m.unit_concept_id IS NULL OR (m.unit_concept_id = 0 AND COALESCE(m.unit_source_value, '') = ''))))\n"
           "    LEFT JOIN " +
           vocab("concept") +
           " op ON op.concept_id = m.operator_concept_id\n"
           "    WHERE m.measurement_date <= " +
           date_literal(o_.date) +
           "\n"
           "      AND (m.value_as_number IS NOT NULL OR COALESCE(m.value_as_concept_id, 0) <> 0 OR COALESCE(m.value_source_value, '') <> '')\n"
           "  ) ranked WHERE r = 1 GROUP BY person_id, analyte, d\n"
           ") newest");
   // Recorded scores: the newest on or before the screening date, by its label (value_source_value, else the number).
   std::string labels;
   for (const Score* sc : scores_) {
      // Its labels, and for a numeric scale each number on it (Score::label reads "2" as the ordinal 2).
      std::map<std::string, std::pair<int, int>> all = sc->labels;
      if (sc->numeric_labels)
         for (int v = sc->min; v <= sc->max; v += sc->step) {  // a number between the steps (Karnofsky 75) is no value, as the FHIR reader has it
            all.emplace(std::to_string(v), std::make_pair(v, v));
            if (sc->percent)  // "70%", "70 %" on a scale of percentages, as Score::label reads them
               for (const char* sign : {"%", " %"}) all.emplace(std::to_string(v) + sign, std::make_pair(v, v));
         }
      for (const VocabularyCode& c : score_codes(*sc))
         for (const auto& [label, range] : all)
            labels += std::string(labels.empty() ? "" : ",\n      ") + "(" + quote(sc->id) + ", " + quote(c.vocabulary) + ", " + quote(c.code) + ", " +
                      quote(label) + ", " + std::to_string(range.first) + ", " + std::to_string(range.second) + ")";
   }
   if (labels.empty()) labels = "('none', 'none', 'none', 'none', 0, 0)";
   // Coded answers (scores.json "answers": LOINC LA codes, SNOMED codes), read from value_as_concept_id.
   std::string answers;
   for (const Score* sc : scores_)
      for (const auto& [code, label] : sc->answers) {
         const bool loinc = code.rfind("LA", 0) == 0;
         answers += std::string(answers.empty() ? "" : ",\n      ") + "(" + quote(sc->id) + ", " + quote(loinc ? "LOINC" : "SNOMED") + ", " + quote(code) +
                    ", " + quote(label) + ")";
      }
   if (answers.empty()) answers = "('none', 'none', 'none', 'none')";
   s += "-- The score labels Eligo reads (scores.json): each stands for an interval of the scale's ordinals.\n";
   s += d.create_table_as(res("eligo_score_code"), "SELECT a.score, k.concept_id, a.label, a.lo, a.hi\nFROM (VALUES " + labels +
                                                       ") AS a(score, vocabulary, code, label, lo, hi)\nJOIN " + vocab("concept") +
                                                       " k ON k.vocabulary_id = a.vocabulary AND k.concept_code = a.code");
   s += "-- The coded answers Eligo reads for a score (scores.json \"answers\"), by vocabulary and code.\n";
   s += d.create_table_as(res("eligo_score_answer"), "SELECT a.score, k.concept_id, a.label\nFROM (VALUES " + answers +
                                                         ") AS a(score, vocabulary, code, label)\nJOIN " + vocab("concept") +
                                                         " k ON k.vocabulary_id = a.vocabulary AND k.concept_code = a.code");
   s += "-- Each score's newest recorded value on or before the screening date (measurement or observation). The newest decides\n"
        "-- even when its value cannot be read as a label of the scale: the score is then unknown, never an older value.\n";
   // A whole number stands for itself; else the source text, upper case, without brackets ("B(7)" is "B7"), as
   // Score::label reads a label. A row whose number and coded answer (value_as_concept_id) say different values is read
   // as neither: the score is then unknown ('unusable'), as a FHIR value the reader cannot read is.
   const std::string number_label = "CASE WHEN r.value_as_number = FLOOR(r.value_as_number) THEN CAST(CAST(r.value_as_number AS INTEGER) AS VARCHAR(20)) END";
   const std::string label_of = "CASE WHEN r.value_as_number IS NOT NULL AND va.label IS NOT NULL AND (" + number_label + " IS NULL OR " + number_label +
                                " <> va.label) THEN NULL ELSE UPPER(REPLACE(REPLACE(TRIM(COALESCE(" + number_label +
                                ", va.label, r.value_source_value)), '(', ''), ')', '')) END";
   // The newest date's values (score.cpp, given_score): one that cannot be read leaves the score unknown ('unusable': no
   // older value, no derivation), as two that disagree do ('conflict').
   s += d.create_table_as(
       res("eligo_score"),
       "SELECT person_id, score,\n"
       "       CASE WHEN n_rows = n_read AND lo_min = lo_max AND hi_min = hi_max THEN lo_min END AS lo,\n"
       "       CASE WHEN n_rows = n_read AND lo_min = lo_max AND hi_min = hi_max THEN hi_min END AS hi,\n"
       "       CASE WHEN n_rows <> n_read THEN 'unusable' WHEN lo_min <> lo_max OR hi_min <> hi_max THEN 'conflict' ELSE 'recorded' END AS state\n"
       "FROM (\n"
       "  SELECT person_id, score, COUNT(*) AS n_rows, COUNT(lo) AS n_read, MIN(lo) AS lo_min, MAX(lo) AS lo_max, MIN(hi) AS hi_min, MAX(hi) AS hi_max\n"
       "  FROM (\n"
       "    SELECT r.person_id, c.score, l.lo, l.hi, RANK() OVER (PARTITION BY r.person_id, c.score ORDER BY r.d DESC) AS n\n"
       "    FROM (SELECT person_id, measurement_concept_id AS concept_id, measurement_date AS d, value_source_value, value_as_number, value_as_concept_id "
       "FROM " +
           cdm("measurement") +
           "\n          UNION ALL SELECT person_id, observation_concept_id, observation_date, value_source_value, value_as_number, value_as_concept_id FROM " +
           cdm("observation") +
           ") r\n"
           "    JOIN (SELECT DISTINCT score, concept_id FROM " +
           res("eligo_score_code") +
           ") c ON c.concept_id = r.concept_id\n"
           "    LEFT JOIN " +
           res("eligo_score_answer") + " va ON va.score = c.score AND va.concept_id = r.value_as_concept_id\n" + "    LEFT JOIN " + res("eligo_score_code") +
           " l ON l.score = c.score AND l.concept_id = r.concept_id AND l.label = " + label_of + "\n    WHERE r.d <= " + date_literal(o_.date) +
           " AND (r.value_as_number IS NOT NULL OR COALESCE(r.value_as_concept_id, 0) <> 0 OR COALESCE(r.value_source_value, '') <> '')\n"
           "  ) ranked WHERE n = 1 GROUP BY person_id, score\n) newest");
   // One row per person with every value a criterion reads.
   std::string cols, joins;
   for (const Analyte* a : analytes_) {
      const std::string al = "l_" + a->id;
      for (const char* part : {"v", "d", "lo", "hi", "x"}) cols += ",\n       " + al + "." + part + " AS " + col(*a, part);
      joins += "\nLEFT JOIN " + res("eligo_lab") + " " + al + " ON " + al + ".person_id = p.person_id AND " + al + ".analyte = " + quote(a->id);
   }
   for (const Score* sc : scores_) {
      const std::string al = "k_" + sc->id;
      cols += ",\n       " + al + ".lo AS " + col(*sc, "lo") + ", " + al + ".hi AS " + col(*sc, "hi") + ", " + al + ".state AS " + col(*sc, "state");
      joins += "\nLEFT JOIN " + res("eligo_score") + " " + al + " ON " + al + ".person_id = p.person_id AND " + al + ".score = " + quote(sc->id);
   }
   // A partial birth date widens the age: the earliest and the latest day it allows.
   const std::string leap = "(MOD(p.year_of_birth, 4) = 0 AND (MOD(p.year_of_birth, 100) <> 0 OR MOD(p.year_of_birth, 400) = 0))";
   const std::string month_end = "(CASE WHEN p.month_of_birth IS NULL THEN 31 WHEN p.month_of_birth = 2 THEN (CASE WHEN " + leap +
                                 " THEN 29 ELSE 28 END) WHEN p.month_of_birth IN (4, 6, 9, 11) THEN 30 ELSE 31 END)";
   if (!facts_.empty()) {
      s += fact_tables();
      for (std::size_t i = 0; i < facts_.size(); ++i)
         for (const char* part : {"_hit", "_open"}) {
            const std::string f = "f" + std::to_string(i + 1) + part;
            cols += ",\n       COALESCE(ff." + f + ", 0) AS " + f;
         }
      // Complete records (fact.cpp, list_complete), when the site says so (--complete-history): an observation period
      // over the screening date, the span in which the CDM expects a person's events to be recorded.
      cols += o_.complete_history ? ",\n       CASE WHEN op.person_id IS NOT NULL THEN 1 ELSE 0 END AS records_complete" : ",\n       0 AS records_complete";
      joins += "\nLEFT JOIN " + res("eligo_fact") + " ff ON ff.person_id = p.person_id";
      joins += "\nLEFT JOIN (SELECT DISTINCT person_id FROM " + cdm("observation_period") + " WHERE observation_period_start_date <= " + date_literal(o_.date) +
               " AND observation_period_end_date >= " + date_literal(o_.date) + ") op ON op.person_id = p.person_id";
   }
   s += "-- One row per person: identity, sex, birth date bounds, death, and every value the criteria read.\n";
   s += d.create_table_as(res("eligo_person"),
                          "SELECT p.person_id, COALESCE(p.person_source_value, CAST(p.person_id AS VARCHAR(40))) AS patient,\n"
                          "       CASE g.concept_code WHEN 'F' THEN 'female' WHEN 'M' THEN 'male' END AS sex,\n"
                          "       p.year_of_birth AS birth_lo_y, COALESCE(p.month_of_birth, 1) AS birth_lo_m, COALESCE(p.day_of_birth, 1) AS birth_lo_d,\n"
                          "       p.year_of_birth AS birth_hi_y, COALESCE(p.month_of_birth, 12) AS birth_hi_m, COALESCE(p.day_of_birth, " +
                              month_end +
                              ") AS birth_hi_d,\n"
                              "       dd.death_date" +
                              cols + "\nFROM " + cdm("person") + " p\nLEFT JOIN " + vocab("concept") +
                              " g ON g.concept_id = p.gender_concept_id AND g.vocabulary_id = 'Gender'\n"
                              "LEFT JOIN (SELECT person_id, MIN(death_date) AS death_date FROM " +
                              cdm("death") + " WHERE death_date <= " + date_literal(o_.date) + " GROUP BY person_id) dd ON dd.person_id = p.person_id" + joins);
   return s;
}

SqlScript Writer::run(const std::vector<const Trial*>& trials)
{
   SqlScript out;
   for (const Trial* t : trials)
      for (const Criterion& c : t->criteria) collect(c.predicate, *t);
   std::string body;
   std::string verdicts;
   std::set<std::string> reading_records;  // "trial\ncriterion" of the criteria with a fact leaf the script decides
   for (const Trial* t : trials) {
      trial_ = t;
      std::string cols, failing, open, questions, enrolment, data_open;
      for (const Criterion& c : t->criteria) {
         gaps_.clear();
         reads_records_ = false;
         const Node n = node(c.predicate);
         if (reads_records_) reading_records.insert(t->id + "\n" + c.id);
         ++out.criteria;
         for (const auto& g : gaps_) out.gaps.push_back(SqlGap{t->id, c.id, g});
         if (!gaps_.empty()) {
            body += "-- " + c.id + " (line " + std::to_string(c.line) + "): NULL where the script cannot decide it yet:\n";
            for (const auto& g : gaps_) body += "--   " + g + "\n";
         }
         cols += ",\n       " + n.value + " AS " + ident(c.id);
         cols += ",\n       " + n.data + " AS " + ident(c.id + " data");
         const std::string v = ident(c.id);
         failing += " || (CASE WHEN " + v + (c.section == Section::inclusion ? " = FALSE" : " = TRUE") + " THEN " + quote(c.id + " ") + " ELSE '' END)";
         // screen.cpp, open_kind: fixed by the criterion's kind, or by whether an unknown leaf misses data
         std::string kind;
         if (c.kind == CriterionKind::enrolment)
            kind = "'enrolment'";
         else if (c.kind_set == "question")
            kind = "'question'";
         else if (c.kind_set == "data" || (c.manual && c.kind == CriterionKind::data))
            kind = "'data'";
         else
            kind = "(CASE WHEN " + ident(c.id + " data") + " THEN 'data' ELSE 'question' END)";
         const std::string unknown = "(" + v + " IS NULL AND " + kind;
         open += " || (CASE WHEN " + unknown + " = 'data') THEN " + quote(c.id + " ") + " ELSE '' END)";
         questions += " || (CASE WHEN " + unknown + " = 'question') THEN " + quote(c.id + " ") + " ELSE '' END)";
         enrolment += " || (CASE WHEN " + unknown + " = 'enrolment') THEN " + quote(c.id + " ") + " ELSE '' END)";
      }
      const std::string name = res(table_name(t->id));
      // A deceased person is not screened: the verdict says so, and no criterion is listed (screen.cpp).
      auto list = [](const std::string& parts) { return "(CASE WHEN death_date IS NOT NULL THEN '' ELSE TRIM(''" + parts + ") END)"; };
      const std::string lists = "SELECT r.*, " + list(failing) + " AS eligo_not_met, " + list(open) + " AS eligo_open, " + list(questions) +
                                " AS eligo_questions, " + list(enrolment) + " AS eligo_at_enrolment\nFROM (SELECT person_id, patient, death_date" + cols +
                                "\n      FROM " + res("eligo_person") + ") r";
      const std::string verdict =
          "SELECT person_id, patient, " + quote(t->id) +
          " AS trial,\n       CASE WHEN death_date IS NOT NULL THEN 'not_screenable' WHEN eligo_not_met <> '' THEN 'ineligible' WHEN eligo_open <> '' THEN "
          "'indeterminate'\n            WHEN eligo_questions <> '' THEN 'pending_questions' ELSE 'eligible' END AS verdict,\n       eligo_not_met AS not_met, "
          "eligo_open AS "
          "open, eligo_questions AS questions, eligo_at_enrolment AS at_enrolment\nFROM " +
          name;
      body += "-- " + t->id + ": " + std::to_string(t->criteria.size()) + " criteria, one column each (TRUE met, FALSE not met, NULL unknown).\n";
      body += o_.dialect->create_table_as(name, lists);
      verdicts += std::string(verdicts.empty() ? "" : "\nUNION ALL\n") + verdict;
   }
   std::set<std::string> incomplete;
   for (const auto& g : out.gaps) incomplete.insert(g.criterion);
   const std::string head = "-- Eligo: trials compiled to SQL over OMOP CDM v5.4 (eligo sql, docs/omop.md), dialect " + o_.dialect->name +
                            ".\n-- Screening date " + o_.date.str() + "; " + std::to_string(trials.size()) + (trials.size() == 1 ? " trial, " : " trials, ") +
                            std::to_string(out.criteria) + " criteria, " + std::to_string(incomplete.size()) +
                            " of them with a part the script holds as NULL (listed below and in eligo_criterion).\n"
                            "-- Results: eligo_verdict (one row per person and trial, as eligo batch rows), eligo_result_<trial> (a column per criterion),\n"
                            "-- eligo_criterion (what each criterion holds as NULL), and eligo_missing_code (codes this database's vocabulary lacks).\n\n";
   std::string criteria_rows;
   for (const Trial* t : trials)
      for (const Criterion& c : t->criteria) {
         std::string reason;
         for (const auto& g : out.gaps)
            if (g.criterion == c.id && g.trial == t->id) reason += (reason.empty() ? "" : "; ") + g.reason;
         criteria_rows += std::string(criteria_rows.empty() ? "" : ",\n      ") + "(" + quote(t->id) + ", " + quote(c.id) + ", " +
                          quote(c.section == Section::inclusion ? "inclusion" : "exclusion") + ", " + (reason.empty() ? "NULL" : quote(reason)) + ", " +
                          (reading_records.count(t->id + "\n" + c.id) ? "TRUE" : "FALSE") + ")";
      }
   if (criteria_rows.empty()) criteria_rows = "('none', 'none', 'none', NULL, FALSE)";
   std::string tail =
       "-- Every criterion, what of it the script holds as NULL because it cannot express it yet, and whether it reads\n"
       "-- conditions, drugs or procedures.\n";
   tail += o_.dialect->create_table_as(res("eligo_criterion"),
                                       "SELECT * FROM (VALUES " + criteria_rows + ") AS c(trial, criterion, section, not_expressed, reads_records)");
   tail += "-- The verdicts, as eligo batch rows (criterion ids separated by spaces).\n";
   tail += o_.dialect->create_table_as(res("eligo_verdict"), verdicts.empty() ? "SELECT 0 AS person_id WHERE FALSE" : verdicts);
   // The check: every code the script looks up, and whether the site's concept table holds it.
   std::set<std::tuple<std::string, std::string, std::string>> wanted;
   wanted.emplace("Gender", "F", "sex");
   wanted.emplace("Gender", "M", "sex");
   for (const Analyte* a : analytes_) {
      for (const VocabularyCode& c : analyte_codes(*a)) wanted.emplace(c.vocabulary, c.code, a->id);
      for (const UnitFactor& u : unit_factors(*a))
         if (!u.ucum.empty()) wanted.emplace("UCUM", u.ucum, "a unit of " + a->id);
   }
   for (const Score* sc : scores_)
      for (const VocabularyCode& c : score_codes(*sc)) wanted.emplace(c.vocabulary, c.code, sc->id);
   // A clinical fact's concepts by their standard and source codes (a local code names a class no site codes).
   for (const Concept* c : fact_concepts_)
      for (const VocabularyCode& v : concept_codes(*c))
         if (v.vocabulary != local_vocabulary) wanted.emplace(v.vocabulary, v.code, c->id);
   std::string codes;
   for (const auto& [v, c, what] : wanted) codes += std::string(codes.empty() ? "" : ",\n      ") + "(" + quote(v) + ", " + quote(c) + ", " + quote(what) + ")";
   tail +=
       "-- Check: the codes the script looks up that this database's concept table does not hold. A value recorded only under\n"
       "-- one of them is not read, and the criteria that need it are NULL (unknown), never decided without it.\n";
   tail += o_.dialect->create_table_as(res("eligo_missing_code"),
                                       "SELECT a.vocabulary_id, a.concept_code, a.used_for\nFROM (VALUES " + codes +
                                           ") AS a(vocabulary_id, concept_code, used_for)\nLEFT JOIN " + vocab("concept") +
                                           " k ON k.vocabulary_id = a.vocabulary_id AND k.concept_code = a.concept_code\nWHERE k.concept_id IS NULL");
   out.text = head + person_table() + body + tail;
   return out;
}

}  // namespace

const SqlDialect& postgresql()
{
   static const SqlDialect d{"postgresql",
                             [](const std::string& y, const std::string& m, const std::string& dd) { return "MAKE_DATE(" + y + ", " + m + ", " + dd + ")"; },
                             [](const std::string& a, const std::string& b) { return "(" + a + " - " + b + ")"; },
                             [](const std::string& x) { return "LOG(10, CAST(" + x + " AS NUMERIC))"; },
                             [](const std::string& name, const std::string& query) {
                                return "DROP TABLE IF EXISTS " + name + ";\nCREATE TABLE " + name + " AS\n" + query + ";\n\n";
                             }};
   return d;
}

SqlScript sql_script(const std::vector<const Trial*>& trials, const Catalogue& catalogue, const SqlOptions& options)
{
   return Writer(catalogue, options).run(trials);
}

}  // namespace eligo::omop
