#include "engine/compile/binder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "grammar/parse_criterion.hpp"

namespace eligo {

namespace {

// "a mass concentration", "an arbitrary-unit concentration", "an ECOG value"
std::string with_article(const std::string& noun)
{
   const char c = noun.empty() ? 'x' : static_cast<char>(std::tolower(static_cast<unsigned char>(noun[0])));
   const bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
   return (vowel ? "an " : "a ") + noun;
}

// The ranges that meet a score test, without empty ones ("≠ A" on Child-Pugh is 7..15 only).
void keep_nonempty(Predicate& p)
{
   std::erase_if(p.accepted, [](const std::pair<int, int>& r) { return r.first > r.second; });
}

std::vector<std::string> all_names(const auto& items)
{
   std::vector<std::string> out;
   for (const auto& i : items) {
      out.push_back(i.id);
      for (const auto& n : i.names) out.push_back(n);
   }
   return out;
}

// "weeks" -> "wk": the unit of a time window, as the predicate keeps it.
std::string duration_unit(const std::string& written)
{
   const std::string u = name_key(written);
   if (u.rfind("day", 0) == 0) return "d";
   if (u.rfind("w", 0) == 0) return "wk";
   if (u.rfind("month", 0) == 0) return "mo";
   return "a";
}

std::string fmt(double v)
{
   char buf[64];
   std::snprintf(buf, sizeof buf, "%.6g", v);
   return buf;
}

}  // namespace

CatalogueLexicon::CatalogueLexicon(std::shared_ptr<const Catalogue> catalogue)
    : catalogue_(std::move(catalogue)),
      analytes_(all_names(catalogue_->analytes())),
      scores_(all_names(catalogue_->scores())),
      concepts_(all_names(catalogue_->concepts()))
{
   for (const auto& a : catalogue_->analytes())
      for (const auto& [key, ucum] : a.unit_aliases) unit_aliases_.insert(key);
   // "transaminases": a group name reads like an analyte name.
   for (const auto& g : catalogue_->groups())
      for (const auto& n : g.names) analytes_.add(n);
   for (const auto& s : catalogue_->scores())
      for (const auto& n : s.graded) graded_.add(n);
   for (const auto& f : catalogue_->filler_words()) {
      filler_.add(f.words);
      if (f.no_meaning) no_meaning_.add(f.words);
   }
}

std::size_t CatalogueLexicon::match_filler(std::string_view text) const { return filler_.match(text); }

std::size_t CatalogueLexicon::match_no_meaning(std::string_view text) const { return no_meaning_.match(text); }

std::size_t CatalogueLexicon::match_name(Kind kind, std::string_view text) const
{
   switch (kind) {
      case Kind::analyte: return analytes_.match(text);
      case Kind::score: return scores_.match(text);
      case Kind::concept_: return concepts_.match(text);
      case Kind::graded: return graded_.match(text);
   }
   return 0;
}

bool CatalogueLexicon::is_unit(std::string_view text) const
{
   // Per-analyte spellings ("IU/L") count as units too.
   if (try_parse_unit(text)) return true;
   std::string key = name_key(text);
   key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
   return unit_aliases_.count(key) != 0;
}

namespace {

class Binder {
public:
   Binder(std::string_view text, const Catalogue& cat, std::vector<Warning>& warnings, const std::vector<Predicate>& nested, Section section)
       : text_(text), cat_(cat), warnings_(warnings), nested_(nested), section_(section)
   {}

   Predicate bind(const syntax::Node& n) const
   {
      Predicate p;
      p.text = std::string(text_.substr(n.begin, n.end - n.begin));
      using K = syntax::Node::Kind;
      switch (n.kind) {
         case K::all:
         case K::any:
         case K::negate:
            p.kind = n.kind == K::all ? Predicate::Kind::all : n.kind == K::any ? Predicate::Kind::any : Predicate::Kind::negate;
            for (const auto& c : n.children) p.children.push_back(bind(c));
            return p;
         case K::quantifier: {
            if (n.children.empty() && nested_.empty())
               throw BindError("'" + p.text + "' needs its items: write them after the colon, or as bullets indented below it", n.begin);
            Predicate list;
            list.kind = n.quant == syntax::Node::Quant::all ? Predicate::Kind::all : Predicate::Kind::any;
            list.text = p.text;
            if (n.children.empty()) list.children = nested_;
            for (const auto& c : n.children) list.children.push_back(bind(c));
            if (n.quant != syntax::Node::Quant::none) return list;
            p.kind = Predicate::Kind::negate;
            p.children.push_back(std::move(list));
            return p;
         }
         case K::measure: return measure(n, p);
         case K::score: return score(n, p);
         case K::sex:
            p.kind = Predicate::Kind::sex;
            p.sex = n.sex;
            return p;
         case K::fact: return fact(n, p);
         case K::lab_window: {
            p.kind = Predicate::Kind::lab_window;
            const double v = n.window->amount.number.value;
            const std::string u = name_key(n.window->amount.unit);
            const int per = u.rfind("day", 0) == 0 ? 1 : u.rfind("w", 0) == 0 ? 7 : u.rfind("month", 0) == 0 ? 30 : 365;
            if (v <= 0 || v > 365 || std::floor(v) != v) throw BindError("a lab window needs a whole number of days, weeks or months, up to a year", n.begin);
            p.lab_window_days = static_cast<int>(v) * per;
            return p;
         }
      }
      return p;
   }

private:
   Unit threshold_unit(const Analyte& a, const std::string& written, std::size_t at) const
   {
      if (written.empty()) {
         if (a.canonical.dim.dimensionless() || a.id == "age") return a.canonical;
         throw BindError("the threshold for " + a.display + " has no unit: write it, e.g. " + display_unit(a.canonical.code), at);
      }
      Unit u;
      try {
         u = a.unit(written);
      }
      catch (const UnitError& e) {
         throw BindError(std::string(e.what()) + " for " + a.display, at);
      }
      if (!convertible(u, a.canonical, a.molar_mass.has_value())) {
         if (convertible(u, a.canonical, true))
            throw BindError("cannot compare " + a.display + " in " + written + " (" + u.dim.name() + ") with its canonical unit " +
                                display_unit(a.canonical.code) + " (" + a.canonical.dim.name() + "): the catalogue has no molar mass for it",
                            at);
         throw BindError("dimension mismatch: " + a.display + " is " + with_article(a.canonical.dim.name()) + " (" + display_unit(a.canonical.code) +
                             "), but '" + written + "' is " + with_article(u.dim.name()),
                         at);
      }
      return u;
   }

   // Where a unit stands in the text, so that an error points at it.
   std::size_t unit_at(const syntax::Node& n, const std::string& unit) const
   {
      if (unit.empty()) {
         // No unit: point just past the number.
         const auto at = text_.find(n.value.number.text, n.begin);
         return at == std::string_view::npos || at > n.end ? n.begin : at + n.value.number.text.size();
      }
      const auto at = text_.find(unit, n.begin);
      return at == std::string_view::npos || at > n.end ? n.begin : at;
   }

   double canonical(const Analyte& a, double v, const Unit& u, bool& molar) const
   {
      const Conversion c = convert(v, u, a.canonical, a.molar_mass);
      molar = molar || c.via_molar_mass;
      return c.value;
   }

   void plausibility(const Analyte& a, double written, const Unit& u, double canon, std::size_t at) const
   {
      // Far below the normal range is as suspicious as outside physiology: a lost scale factor.
      const bool implausible = a.plausible && (canon < a.plausible->low || canon > a.plausible->high);
      const bool tiny = !implausible && a.reference_range && a.reference_range->low > 0 && canon > 0 && canon < a.reference_range->low / 100;
      if (!implausible && !tiny) return;
      std::string msg = a.display + " threshold " + fmt(written) + " " + display_unit(u.code) +
                        (u.code == a.canonical.code ? std::string() : " (= " + fmt(canon) + " " + display_unit(a.canonical.code) + ")") +
                        (tiny ? " is far below the normal range " + fmt(a.reference_range->low) + "–" + fmt(a.reference_range->high)
                              : " is outside the plausible range " + fmt(a.plausible->low) + "–" + fmt(a.plausible->high)) +
                        " " + display_unit(a.canonical.code);
      // Suggest the unit that makes the number plausible, same dimension first.
      std::string same, other;
      for (const auto& code : a.units) {
         auto alt = try_parse_unit(code);
         if (!alt || alt->code == u.code) continue;
         try {
            const double c = convert(written, *alt, a.canonical, a.molar_mass).value;
            if (c < a.plausible->low || c > a.plausible->high) continue;
            std::string& slot = alt->dim == u.dim ? same : other;
            if (slot.empty()) slot = display_unit(alt->code);
         }
         catch (const UnitError&) {
         }
      }
      const std::string& guess = !same.empty() ? same : other;
      if (!guess.empty()) msg += "; did you mean " + guess + "?";
      warnings_.push_back({msg, at});
   }

   // "Hemoglobin 8.5 g/dl" under inclusion: the registry lost the comparison. It is inferred only from the section
   // (inclusion) and the analyte's documented direction of harm (analytes.json "harm"), and the criterion warns.
   Comparator inferred_op(const Analyte& a, const syntax::Node& n) const
   {
      if (section_ == Section::inclusion && a.harm != Harm::none) {
         const Comparator op = a.harm == Harm::low ? Comparator::ge : Comparator::le;
         warnings_.push_back({std::string("comparator missing in the registry text; ") + syntax::symbol(op) + " inferred from the inclusion section and " +
                                  a.display + "'s direction of harm (" + to_string(a.harm) + " values harm)",
                              n.begin});
         return op;
      }
      if (a.id == "age") throw BindError("an age needs a comparison: write 'at least 18 years of age' or '18 years or older'", n.begin);
      throw BindError("the threshold for " + a.display + " has no comparison: write one (≥, ≤, …); Eligo infers it only in the inclusion section" +
                          (a.harm == Harm::none ? " and for an analyte with a direction of harm, which " + a.display + " has not" : ""),
                      n.begin);
   }

   Predicate leaf(const Analyte& a, const syntax::Node& n, Predicate p) const
   {
      using T = syntax::Node::Test;
      p.kind = Predicate::Kind::measure;
      p.analyte = &a;
      p.op = n.op_missing ? inferred_op(a, n) : n.op;
      switch (n.test) {
         case T::compare: {
            p.test = Predicate::Test::compare;
            p.unit = threshold_unit(a, n.value.unit, unit_at(n, n.value.unit));
            p.written = n.value.number.value;
            p.threshold = canonical(a, p.written, p.unit, p.molar);
            plausibility(a, p.written, p.unit, p.threshold, unit_at(n, n.value.unit));
            break;
         }
         case T::range: {
            p.test = Predicate::Test::range;
            p.low_open = n.low_open;
            p.high_open = n.high_open;
            const std::string& written = n.value.unit.empty() ? n.high.unit : n.value.unit;
            p.unit = threshold_unit(a, written, unit_at(n, written));
            Unit high_unit = n.high.unit.empty() ? p.unit : threshold_unit(a, n.high.unit, unit_at(n, n.high.unit));
            p.written = n.value.number.value;
            p.written_high = n.high.number.value;
            p.threshold = canonical(a, p.written, p.unit, p.molar);
            p.high = canonical(a, p.written_high, high_unit, p.molar);
            if (p.threshold > p.high) throw BindError("the range " + n.value.number.text + "–" + n.high.number.text + " runs backwards", n.begin);
            plausibility(a, p.written, p.unit, p.threshold, n.begin);
            plausibility(a, p.written_high, high_unit, p.high, n.begin);
            break;
         }
         case T::relative:
            p.test = Predicate::Test::relative;
            p.factor = n.value.number.value;
            p.upper = n.upper;
            if (p.factor <= 0 || p.factor > 1000) throw BindError("a factor of " + n.value.number.text + " × the normal limit is not plausible", n.begin);
            break;
         case T::within_normal: p.test = Predicate::Test::within_normal; break;
         default: throw BindError(a.display + " is a measure, not a score: compare it with a number", n.begin);
      }
      return p;
   }

   Predicate measure(const syntax::Node& n, Predicate p) const
   {
      std::vector<Predicate> leaves;
      timing(n);
      for (const auto& name : n.subjects) {
         if (const AnalyteGroup* g = cat_.group(name)) {
            // "transaminases ≤ 5 × ULN": every member.
            for (const Analyte* a : g->members) leaves.push_back(leaf(*a, n, p));
            continue;
         }
         const Analyte* a = cat_.analyte(name);
         if (!a) throw BindError("unknown analyte '" + name + "'", n.begin);
         leaves.push_back(leaf(*a, n, p));
      }
      if (leaves.size() > 1 && n.subjects.size() == 1) {
         p.kind = Predicate::Kind::all;
         p.children = std::move(leaves);
         return p;
      }
      if (leaves.size() == 1) return leaves.front();
      p.kind = n.subjects_any ? Predicate::Kind::any : Predicate::Kind::all;
      p.children = std::move(leaves);
      return p;
   }

   void timing(const syntax::Node& n) const
   {
      if (!n.unchecked_timing.empty())
         warnings_.push_back(
             {"'" + n.unchecked_timing +
                  "' is not checked: Eligo reads the value as of the screening date (the trial's lab window sets how recent lab results must be)",
              n.begin});
   }

   std::pair<int, int> label_range(const Score& s, const std::string& label, std::size_t at) const
   {
      if (const auto amp = label.find('&'); amp != std::string::npos) {
         // "Intermediate stage B": a word label and a label that must agree.
         const auto a = label_range(s, label.substr(0, amp), at), b = label_range(s, label.substr(amp + 1), at);
         const std::pair<int, int> both{std::max(a.first, b.first), std::min(a.second, b.second)};
         if (both.first > both.second)
            throw BindError("'" + label.substr(0, amp) + "' and '" + label.substr(amp + 1) + "' are different " + s.display + " values", at);
         return both;
      }
      auto r = s.label(label);
      if (!r) {
         std::string known;
         for (const auto& [k, v] : s.labels) known += (known.empty() ? "" : ", ") + k;
         if (s.numeric_labels) known += (known.empty() ? "" : ", ") + std::to_string(s.min) + "–" + std::to_string(s.max);
         throw BindError("'" + label + "' is not " + with_article(s.display) + " value (expected " + known + ")", at);
      }
      return *r;
   }

   Predicate score(const syntax::Node& n, Predicate p) const
   {
      const Score* s = cat_.score(n.subjects.at(0));
      if (!s) throw BindError("unknown score '" + n.subjects.at(0) + "'", n.begin);
      // "ECOG 0 or 1 using the ECOG Performance Scale": a name given again must be the same score.
      for (const auto& other : n.subjects)
         if (cat_.score(other) != s) throw BindError("'" + n.subjects.at(0) + "' and '" + other + "' are different scores", n.begin);
      if (!n.graded.empty() && std::none_of(s->graded.begin(), s->graded.end(), [&](const std::string& g) { return name_key(g) == name_key(n.graded); }))
         throw BindError("'" + n.graded + "' is not what " + s->display + " grades", n.begin);
      timing(n);
      p.kind = Predicate::Kind::score;
      p.score = s;
      using T = syntax::Node::Test;
      if (n.test == T::labels) {
         for (std::size_t i = 0; i < n.labels.size(); ++i) {
            const auto& l = n.labels[i];
            auto r = label_range(*s, l, n.begin);
            // "A/B9", "A or B8": a class followed by a point of the next class means up to that point (A–B9).
            if (i > 0 && r.first == r.second && !p.accepted.empty() && std::isalpha(static_cast<unsigned char>(l[0])) && l.size() > 1 &&
                std::isdigit(static_cast<unsigned char>(l[1]))) {
               const auto cls = s->label(l.substr(0, 1));
               const auto& prev = p.accepted.back();
               if (cls && cls->first <= r.first && cls->first == prev.second + 1 && n.labels[i - 1].size() == 1) r.first = cls->first;
            }
            p.accepted.push_back(r);
            p.accepted_text += (p.accepted_text.empty() ? "" : " or ") + l;
         }
      }
      else if (n.test == T::label_range) {
         const auto lo = label_range(*s, n.labels.at(0), n.begin), hi = label_range(*s, n.labels.at(1), n.begin);
         if (lo.first > hi.second) throw BindError("the range " + n.labels[0] + "–" + n.labels[1] + " runs backwards", n.begin);
         p.accepted.push_back({lo.first, hi.second});
         p.accepted_text = n.labels[0] + "–" + n.labels[1];
      }
      else if (n.test == T::compare) {
         const auto r = label_range(*s, n.labels.at(0), n.begin);
         // Karnofsky comes in steps of 10: "> 60" is 70 and up.
         switch (n.op) {
            case Comparator::ge: p.accepted.push_back({r.first, s->max}); break;
            case Comparator::gt: p.accepted.push_back({r.second + s->step, s->max}); break;
            case Comparator::le: p.accepted.push_back({s->min, r.second}); break;
            case Comparator::lt: p.accepted.push_back({s->min, r.first - s->step}); break;
            case Comparator::eq: p.accepted.push_back(r); break;
            case Comparator::ne:
               p.accepted.push_back({s->min, r.first - 1});
               p.accepted.push_back({r.second + 1, s->max});
               break;
         }
         p.accepted_text = std::string(syntax::symbol(n.op)) + " " + n.labels[0];
      }
      else
         throw BindError(s->display + " is a score: compare it with its labels (e.g. " + s->label_for(s->min) + ")", n.begin);
      if (n.cap) {
         // "A or B (up to B7)": keep what the bracket allows.
         const auto r = label_range(*s, n.cap->label, n.begin);
         int lo = s->min, hi = s->max;
         switch (n.cap->op) {
            case Comparator::ge: lo = r.first; break;
            case Comparator::gt: lo = r.second + s->step; break;
            case Comparator::le: hi = r.second; break;
            case Comparator::lt: hi = r.first - s->step; break;
            case Comparator::eq: lo = r.first, hi = r.second; break;
            case Comparator::ne: throw BindError("a bracket narrows the labels with ≤, <, ≥, > or =", n.begin);
         }
         for (auto& a : p.accepted) a = {std::max(a.first, lo), std::min(a.second, hi)};
         p.accepted_text += " (" + std::string(syntax::symbol(n.cap->op)) + " " + n.cap->label + ")";
      }
      keep_nonempty(p);
      if (p.accepted.empty()) throw BindError("no " + s->display + " value meets '" + p.text + "'", n.begin);
      return p;
   }

   Predicate fact(const syntax::Node& n, Predicate p) const
   {
      const Concept* c = cat_.concept_(n.concept_);
      if (!c) throw BindError("unknown concept '" + n.concept_ + "'", n.begin);
      p.kind = Predicate::Kind::fact;
      p.concept_ = c;
      p.other = n.other;
      p.allergy = n.allergy;
      if (n.window) {
         p.window = n.window->kind;
         p.window_op = n.window->op;
         const double v = n.window->amount.number.value;
         if (v < 0 || v > 1200 || std::floor(v) != v) throw BindError("a time window needs a whole number of days, weeks, months or years", n.begin);
         p.window_amount = static_cast<int>(v);
         p.window_unit = duration_unit(n.window->amount.unit);
      }
      if (n.after) p.after = anchor(*n.after, n);
      p.current = n.current;
      p.scope = n.scope;
      for (const auto& name : n.except) {
         const Concept* e = cat_.concept_(name);
         if (!e) throw BindError("unknown concept '" + name + "'", n.begin);
         if (!cat_.is_a(*e, *c) || e == c)
            throw BindError("the exception '" + name + "' is not a kind of " + c->display + ": Eligo cannot read what it leaves out", n.begin);
         p.except.push_back(e);
      }
      if (n.qualifiers.empty()) return p;
      // "clinically significant bleeding": the fact, and a leaf per qualifier that the record must answer.
      Predicate both;
      both.kind = Predicate::Kind::all;
      both.text = p.text;
      both.children.push_back(p);
      for (const auto& q : n.qualifiers) {
         Predicate leaf = p;
         leaf.kind = Predicate::Kind::qualifier;
         leaf.qualifier = q;
         both.children.push_back(std::move(leaf));
      }
      return both;
   }

   // The event a fact is timed from: a procedure of the catalogue. "postoperative" is after surgery
   // (any operation; docs/language.md, "Time relative to an event").
   Predicate::EventAnchor anchor(const syntax::Anchor& a, const syntax::Node& n) const
   {
      if (n.allergy) throw BindError("an allergy is not timed from an event: write the allergy on its own", n.begin);
      Predicate::EventAnchor out;
      out.written = a.event.empty() ? "surgery" : a.event;
      out.event = cat_.concept_(out.written);
      if (!out.event) throw BindError("unknown event '" + out.written + "'", a.at);
      if (out.event->kind != ConceptKind::procedure)
         throw BindError("'" + out.written + "' is " + with_article(std::string(to_string(out.event->kind))) +
                             ", not a procedure: Eligo times a fact from a procedure the patient had (a resection, an operation)",
                         a.at);
      if (a.op) {
         const double v = a.amount.number.value;
         if (v < 0 || v > 1200 || std::floor(v) != v) throw BindError("a time window needs a whole number of days, weeks, months or years", n.begin);
         if (*a.op == Comparator::eq || *a.op == Comparator::ne)
            throw BindError("a time after an event reads 'within N weeks of', 'N weeks or more after' or 'less than N weeks after'", a.at);
         out.op = a.op;
         out.amount = static_cast<int>(v);
         out.unit = duration_unit(a.amount.unit);
      }
      return out;
   }

   std::string_view text_;
   const Catalogue& cat_;
   std::vector<Warning>& warnings_;
   const std::vector<Predicate>& nested_;
   Section section_;
};

}  // namespace

const char* to_string(Section s)
{
   switch (s) {
      case Section::inclusion: return "inclusion";
      case Section::exclusion: return "exclusion";
      case Section::none: break;
   }
   return "";
}

Predicate bind(const syntax::Node& node, std::string_view text, const Catalogue& catalogue, std::vector<Warning>& warnings,
               const std::vector<Predicate>& nested, Section section)
{
   try {
      return Binder(text, catalogue, warnings, nested, section).bind(node);
   }
   catch (BindError& e) {
      e.where.column = grammar::column_of(text, e.byte);
      throw;
   }
}

Predicate compile_criterion(std::string_view text, const CatalogueLexicon& lexicon, std::vector<Warning>& warnings, Section section)
{
   const syntax::Node tree = grammar::parse_criterion(text, lexicon);
   return bind(tree, text, lexicon.catalogue(), warnings, {}, section);
}

std::string to_string(const Predicate& p)
{
   std::ostringstream o;
   using K = Predicate::Kind;
   switch (p.kind) {
      case K::all:
      case K::any:
      case K::negate:
         o << "(" << (p.kind == K::all ? "and" : p.kind == K::any ? "or" : "not");
         for (const auto& c : p.children) o << " " << to_string(c);
         o << ")";
         break;
      case K::measure:
         o << "(" << p.analyte->id;
         switch (p.test) {
            case Predicate::Test::compare:
               o << " " << syntax::symbol(p.op) << " " << fmt(p.threshold) << " " << p.analyte->canonical.code;
               if (p.unit.dim != p.analyte->canonical.dim || std::fabs(p.unit.factor - p.analyte->canonical.factor) > 1e-12 * p.analyte->canonical.factor)
                  o << " [" << fmt(p.written) << " " << p.unit.code << "]";
               break;
            case Predicate::Test::range:
               o << " in " << fmt(p.threshold) << (p.low_open ? "<.." : "..") << (p.high_open ? "<" : "") << fmt(p.high) << " " << p.analyte->canonical.code;
               break;
            case Predicate::Test::relative: o << " " << syntax::symbol(p.op) << " " << fmt(p.factor) << (p.upper ? " ULN" : " LLN"); break;
            case Predicate::Test::within_normal: o << " within-normal"; break;
         }
         o << ")";
         break;
      case K::score: {
         o << "(" << p.score->id << " in";
         for (const auto& [lo, hi] : p.accepted) o << " " << lo << ".." << hi;
         o << ")";
         break;
      }
      case K::sex: o << "(sex " << p.sex << ")"; break;
      case K::fact:
         o << "(" << (p.allergy ? "allergy " : "has ") << (p.other ? "other " : "") << p.concept_->id;
         if (p.window)
            o << (*p.window == syntax::Window::Kind::within ? " within " : " since " + std::string(syntax::symbol(p.window_op)) + " ") << p.window_amount
              << p.window_unit;
         if (p.after) {
            if (p.after->op)
               o << (*p.after->op == Comparator::le ? " within " : " " + std::string(syntax::symbol(*p.after->op)) + " ") << p.after->amount << p.after->unit;
            o << " after " << p.after->event->id;
         }
         for (const Concept* e : p.except) o << " except " << e->id;
         if (p.current) o << " current";
         o << ")";
         break;
      case K::qualifier: o << "(qualifier \"" << p.qualifier << "\")"; break;
      case K::manual: o << "(manual)"; break;
      case K::lab_window: o << "(labs within " << p.lab_window_days << "d)"; break;
   }
   return o.str();
}

}  // namespace eligo
