#include "engine/compile/binder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <functional>
#include <limits>
#include <sstream>
#include <utility>

#include "engine/compile/method_refinement.hpp"
#include "engine/compile/qualifier_definition.hpp"
#include "engine/compile/satisfiability.hpp"
#include "engine/compile/unread_words.hpp"
#include "engine/core/words.hpp"
#include "engine/core/text.hpp"
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
   for (const auto& w : catalogue_->qualifier_words().scope) scope_.add(w);
   for (const auto& q : catalogue_->qualifier_words().qualifiers)
      if (!q.from_scope)  // read as a time-scope word; the binder adds its leaf where the concept asks for it
         for (const auto& s : q.spellings) (q.after ? qualifiers_after_ : qualifiers_).add(s);
}

std::size_t CatalogueLexicon::match_scope(std::string_view text) const { return scope_.match(text); }

std::size_t CatalogueLexicon::match_qualifier(std::string_view text) const { return qualifiers_.match(text); }

std::size_t CatalogueLexicon::match_qualifier_after(std::string_view text) const { return qualifiers_after_.match(text); }

std::string CatalogueLexicon::qualifier_name(std::string_view spelling) const
{
   const Qualifier* q = catalogue_->qualifier(spelling);
   return q ? q->name() : std::string(spelling);
}

bool CatalogueLexicon::is_support_word(SupportWord group, const std::string& word) const
{
   const SupportNoteWords& w = catalogue_->support_note_words();
   switch (group) {
      case SupportWord::permission: return w.permission.count(word) != 0;
      case SupportWord::support: return w.support.count(word) != 0;
      case SupportWord::count: return w.count.count(word) != 0;
      case SupportWord::permission_context: return w.permission_context.count(word) != 0;
      case SupportWord::absence: return w.absence.count(word) != 0;
      case SupportWord::time: return w.time.count(word) != 0;
      case SupportWord::time_unit: return w.time_unit.count(word) != 0;
      case SupportWord::restriction_context: return w.restriction_context.count(word) != 0;
   }
   return false;
}

std::size_t CatalogueLexicon::match_filler(std::string_view text) const { return filler_.match(text); }

std::size_t CatalogueLexicon::match_no_meaning(std::string_view text) const { return no_meaning_.match(text); }

std::size_t CatalogueLexicon::match_name(Kind kind, std::string_view text) const
{
   switch (kind) {
      case Kind::analyte: return analytes_.match(text);
      case Kind::score: return scores_.match(text);
      case Kind::concept_: {
         // "infection with human immunodeficiency virus": the pathogen's infection, when "human immunodeficiency virus
         // infection" is a name of the concept "human immunodeficiency virus" names.
         if (const std::size_t lead = grammar::infection_with(text)) {
            const std::string_view rest = text.substr(lead);
            if (const std::size_t n = concepts_.match(rest)) {
               const std::string infection = std::string(rest.substr(0, n)) + " infection";
               const Concept* pathogen = catalogue_->concept_(rest.substr(0, n));
               if (pathogen && concepts_.match(infection) == infection.size() && catalogue_->concept_(infection) == pathogen) return lead + n;
            }
         }
         const std::size_t m = concepts_.match(text);
         // "human immunodeficiency virus (HIV) infection": the words without the bracket are a longer name of the same concept,
         // so the bracket only restates it; the binder checks the abbreviation as it checks one after a name.
         if (m == 0) return 0;
         const std::optional<std::size_t> tail = grammar::abbreviation_inside_name(text, m);
         if (!tail) return m;
         std::string joined(text.substr(0, m));
         joined += ' ';
         joined.append(text.substr(*tail));
         const std::size_t whole = concepts_.match(joined);
         if (whole <= m + 1) return m;
         const Concept* head = catalogue_->concept_(text.substr(0, m));
         const Concept* full = catalogue_->concept_(std::string_view(joined).substr(0, whole));
         return head && head == full ? *tail + (whole - m - 1) : m;
      }
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
   Binder(std::string_view text, const Catalogue& cat, std::vector<Warning>& warnings, const std::vector<Predicate>& nested, Section section,
          const Concept* condition)
       : text_(text), cat_(cat), warnings_(warnings), nested_(nested), section_(section), condition_(condition)
   {}

   // `negated`: the node is what a negation covers ("no A, B" is none of them).
   Predicate bind(const syntax::Node& n, bool negated = false) const
   {
      Predicate p;
      p.text = std::string(text_.substr(n.begin, n.end - n.begin));
      using K = syntax::Node::Kind;
      switch (n.kind) {
         case K::all:
         case K::any:
         case K::negate:
            p.kind = n.kind == K::all ? Predicate::Kind::all : n.kind == K::any ? Predicate::Kind::any : Predicate::Kind::negate;
            if (n.kind == K::negate) negation(n);
            if (n.kind == K::all && n.unjoined) p.kind = unjoined_list(n, negated);
            if (n.kind == K::all && !n.unjoined) facts_joined_by_and(n);
            if (n.kind == K::all) score_of_a_history(n);
            window_after_a_bracket(n);
            {
               const Negated under(negations_, n.kind == K::negate);
               const Negated alternative(alternatives_, n.kind == K::any);
               for (const auto& c : n.children) p.children.push_back(bind(c, n.kind == K::negate));
            }
            if (n.head_items) drop_covered_examples(n, p);
            if (n.sex_scoped) return for_sex(std::move(p));
            if (n.sex_partition) p.kind = excluding() ? Predicate::Kind::any : Predicate::Kind::all;
            if (p.kind != Predicate::Kind::negate) merge_repeated(p);
            if (p.kind != Predicate::Kind::negate) spread_assessment(p);
            return p;
         case K::quantifier: {
            if (n.children.empty() && nested_.empty())
               throw BindError("'" + p.text + "' needs its items: write them after the colon, or as bullets indented below it", n.begin);
            Predicate list;
            list.kind = n.quant == syntax::Node::Quant::all ? Predicate::Kind::all : Predicate::Kind::any;
            list.text = p.text;
            if (n.children.empty()) list.children = nested_;
            const Negated under(negations_, n.quant == syntax::Node::Quant::none);
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
         case K::manual:
            p.kind = Predicate::Kind::manual;
            p.reason = n.reason;
            p.chart = n.chart;
            return p;
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
   // How many negations the node being bound is under: "no AST or ALT > 5 × ULN" in an inclusion excludes as an exclusion would.
   struct Negated {
      Negated(int& count, bool negation) : count_(count), negation_(negation) { count_ += negation_ ? 1 : 0; }
      ~Negated() { count_ -= negation_ ? 1 : 0; }
      Negated(const Negated&) = delete;
      Negated& operator=(const Negated&) = delete;
      int& count_;
      bool negation_;
   };

   // The section as the node being bound reads it: under a negation an inclusion's test excludes, and an exclusion's is required.
   // A line with no section has no side (eligo eval).
   Section side() const
   {
      if (negations_ % 2 == 0 || section_ == Section::none) return section_;
      return section_ == Section::inclusion ? Section::exclusion : Section::inclusion;
   }
   // Whether what is being bound is what excludes a patient (an exclusion's test, or an inclusion's under a negation), not
   // what is required (an inclusion's, or a line with no section).
   bool excluding() const { return (section_ == Section::exclusion) != (negations_ % 2 == 1); }

   // "QTcF > 470 msec (female)": what excludes a woman with QTcF above 470 (the sex and the test); as a requirement, "Hb ≥ 13
   // g/dL for men" is met by every patient who is not a man, and by a man whose Hb is at least 13 (not the sex, or the test).
   Predicate for_sex(Predicate p) const
   {
      if (excluding()) return p;
      Predicate not_sex;
      not_sex.kind = Predicate::Kind::negate;
      not_sex.text = p.children.at(0).text;
      not_sex.children.push_back(std::move(p.children.at(0)));
      p.kind = Predicate::Kind::any;
      p.children.at(0) = std::move(not_sex);
      return p;
   }

   // "Pulmonary fibrosis or interstitial pneumonia": two names of one concept are one leaf (A or A is A, A and A is A). A manual
   // leaf is never merged: its reason is its own.
   static void merge_repeated(Predicate& p)
   {
      if (p.kind != Predicate::Kind::all && p.kind != Predicate::Kind::any) return;
      std::vector<Predicate> kept;
      std::vector<std::string> seen;
      for (auto& c : p.children) {
         const std::string key = to_string(c);
         if (key.find("(manual)") == std::string::npos && std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
         seen.push_back(key);
         kept.push_back(std::move(c));
      }
      if (kept.size() == 1) {
         const std::string text = p.text;
         Predicate only = std::move(kept.front());
         p = std::move(only);
         p.text = text;
         return;
      }
      p.children = std::move(kept);
   }

   // A negation written as a requirement ("must not have X") inside an exclusion line: the line as a whole is read in
   // bind() below; one inside a longer exclusion line cannot be told apart from a state. "no A and B": neither, or not both?
   void negation(const syntax::Node& n) const
   {
      if (n.requirement && section_ == Section::exclusion)
         throw BindError("'" + std::string(text_.substr(n.begin, n.end - n.begin)) +
                             "' is a requirement ('must not …') inside an exclusion line: Eligo cannot tell whether the line excludes those who have it",
                         n.begin);
      const syntax::Node& c = n.children.at(0);
      if (c.fact_list && c.kind == syntax::Node::Kind::all && !c.unjoined)
         throw BindError("'" + std::string(text_.substr(n.begin, n.end - n.begin)) +
                             "': a negation before 'A and B' may mean neither of them or not both: write 'no A or B' (neither) or 'no A and no B'",
                         n.begin);
   }

   // "History of congestive heart failure NYHA class III or IV": the class is the one the past heart failure had, and a score
   // in the record is the patient's current one. A score written straight after a fact that is past (a history word or a
   // window) describes that past (review helper-127), so the line does not compile.
   void score_of_a_history(const syntax::Node& n) const
   {
      using K = syntax::Node::Kind;
      for (std::size_t i = 0; i + 1 < n.children.size(); ++i) {
         const syntax::Node& f = n.children[i];
         const syntax::Node& s = n.children[i + 1];
         if (f.kind != K::fact || (f.history.empty() && !f.window) || s.kind != K::score || s.begin < f.end) continue;
         const std::string_view gap = text_.substr(f.end, s.begin - f.end);
         if (gap.find_first_not_of(" \t") != std::string_view::npos) continue;  // "…; ECOG 0-1", "… and ECOG 0-1": another criterion
         throw BindError("'" + std::string(text_.substr(f.begin, s.end - f.begin)) + "': the score describes the " + (f.window ? "recent " : "past ") +
                             f.concept_ + ", and a record holds only the current score: Eligo cannot read it (mark the line manual)",
                         f.begin);
      }
   }

   // "Myocardial infarction (heart attack) or stroke within 6 months", "Prior chemotherapy (including gemcitabine), radiotherapy,
   // or immunotherapy within 4 weeks": a bracket the list of facts could not take in ends the list, so the window at the end
   // would bind only what follows it, and the fact before the bracket would count at any time. Whether the window is that
   // fact's too the words do say (a window after a list binds every item), but the bracket may narrow it: the line does not
   // compile (review helper-128).
   void window_after_a_bracket(const syntax::Node& n) const
   {
      using K = syntax::Node::Kind;
      // A fact, or the fact with its examples ("chemotherapy (including gemcitabine)"), with no time of its own; and one with.
      std::function<bool(const syntax::Node&)> untimed = [&](const syntax::Node& x) {
         if (x.kind == K::fact) return !x.window && !x.after && !x.current;
         return (x.kind == K::any || x.kind == K::all) && !x.children.empty() && std::all_of(x.children.begin(), x.children.end(), untimed);
      };
      std::function<bool(const syntax::Node&)> windowed = [&](const syntax::Node& x) {
         if (x.kind == K::fact) return x.window.has_value();
         return std::any_of(x.children.begin(), x.children.end(), windowed);
      };
      // The mirror too: "At least 4 weeks since prior chemotherapy (including gemcitabine) or radiotherapy" read the time on the
      // items before the bracket only (review helper-129). Square brackets end a list as round ones do.
      for (std::size_t i = 0; i + 1 < n.children.size(); ++i) {
         const syntax::Node& f = n.children[i];
         const syntax::Node& g = n.children[i + 1];
         if (g.begin <= f.begin) continue;
         const std::string_view span = text_.substr(f.begin, g.begin - f.begin);
         if (span.find_first_of("([") == std::string_view::npos) continue;
         const bool before = untimed(f) && std::any_of(n.children.begin() + static_cast<std::ptrdiff_t>(i) + 1, n.children.end(), windowed);
         const bool after = windowed(f) && std::any_of(n.children.begin() + static_cast<std::ptrdiff_t>(i) + 1, n.children.end(), untimed);
         if (!before && !after) continue;
         const syntax::Node* named = &f;
         while (named->kind != K::fact && !named->children.empty()) named = &named->children.front();
         throw BindError("'" + std::string(text_.substr(f.begin, n.end - f.begin)) + "': the bracket after '" + named->concept_ +
                             "' ends the list, so its time would not bind every item; Eligo cannot tell whether it does (write the bracket "
                             "elsewhere, or mark the line manual)",
                         f.begin);
      }
   }

   // "Pregnant and lactating women", "Pregnant women and women who are breast-feeding", "cirrhosis and ascites" where they exclude:
   // 'and' between clinical facts may list reasons to exclude (either one excludes) or name one combination (only both together
   // exclude), and the words do not say which, so the line does not compile (review helper-121).
   void facts_joined_by_and(const syntax::Node& n) const
   {
      if (section_ == Section::none || !excluding() || n.children.size() < 2) return;
      // A group of facts is a fact here: "History of chemotherapy or targeted therapy within 28 days. Received hormone therapy
      // within 7 days." (two sentences, two exclusions) is no clearer about 'both together' than "Pregnant and lactating".
      std::function<bool(const syntax::Node&)> facts = [&](const syntax::Node& c) {
         using K = syntax::Node::Kind;
         if (c.kind == K::fact) return true;
         return (c.kind == K::any || c.kind == K::all) && !c.children.empty() && std::all_of(c.children.begin(), c.children.end(), facts);
      };
      // Two sentences are two criteria whatever they test: "Uncontrolled hypertension. Systolic blood pressure > 160 mmHg."
      // among exclusions lists two reasons to exclude, and read as both together it would let in a patient with either alone.
      bool sentences = false;
      for (std::size_t i = 0; i + 1 < n.children.size() && !sentences; ++i) {
         const std::size_t from = n.children[i].end, to = n.children[i + 1].begin;
         if (to <= from) continue;
         const std::string_view gap = text_.substr(from, to - from);
         for (std::size_t dot = gap.find('.'); dot != std::string_view::npos && !sentences; dot = gap.find('.', dot + 1))
            sentences = dot + 1 == gap.size() || gap[dot + 1] == ' ';
      }
      if (sentences)
         throw BindError("'" + std::string(text_.substr(n.begin, n.end - n.begin)) +
                             "' has two sentences where they exclude: each may be a reason to exclude, or they may go together; write them as "
                             "separate criteria, or give the reading in an as: line",
                         n.begin);
      if (!std::all_of(n.children.begin(), n.children.end(), facts)) return;
      throw BindError("'" + std::string(text_.substr(n.begin, n.end - n.begin)) +
                          "' joins clinical facts with 'and' where they exclude: either one may exclude, or only both together; write 'or' if "
                          "either excludes, or give the reading in an as: line",
                      n.begin);
   }

   // A list joined by commas alone ("pregnant, lactating", "no ascites, encephalopathy"). Under a negation it is none of
   // them; in an exclusion any of them excludes; in an inclusion the items are each required, but a list of facts alone
   // ("prior sorafenib, regorafenib") does not say whether one of them is enough, so it does not compile.
   Predicate::Kind unjoined_list(const syntax::Node& n, bool negated) const
   {
      if (negated || section_ == Section::exclusion) return Predicate::Kind::any;
      const bool facts = std::all_of(n.children.begin(), n.children.end(), [](const syntax::Node& c) { return c.kind == syntax::Node::Kind::fact; });
      if (facts)
         throw BindError("the list '" + std::string(text_.substr(n.begin, n.end - n.begin)) +
                             "' joins its items with commas alone: write 'or' (any of them) or 'and' (all of them) before its last item",
                         n.begin);
      return Predicate::Kind::all;
   }

   // "active infections, including hepatitis B": an example the head's concept already covers (by is_a) adds nothing
   // and is left out; the others are kept beside the head (any of them).
   void drop_covered_examples(const syntax::Node& n, Predicate& p) const
   {
      std::vector<const Predicate*> heads;
      std::function<void(const Predicate&)> collect = [&](const Predicate& q) {
         if (q.kind == Predicate::Kind::fact) heads.push_back(&q);
         if (q.kind == Predicate::Kind::all || q.kind == Predicate::Kind::any)
            for (const auto& c : q.children) collect(c);
      };
      for (std::size_t i = 0; i < n.head_items && i < p.children.size(); ++i) collect(p.children[i]);
      std::vector<Predicate> kept(p.children.begin(), p.children.begin() + static_cast<std::ptrdiff_t>(std::min(n.head_items, p.children.size())));
      for (std::size_t i = n.head_items; i < p.children.size(); ++i) {
         const Predicate& e = p.children[i];
         // "steroid therapy, including corticosteroids": an example that is the head's own concept means the head's words name
         // something broader than the catalogue concept they matched (sex steroids, anabolic steroids): Eligo cannot read it.
         if (e.kind == Predicate::Kind::fact &&
             std::any_of(heads.begin(), heads.end(), [&](const Predicate* h) { return h->concept_ == e.concept_ && h->text != e.text; }))
            throw BindError("the example '" + e.text + "' names the same concept (" + e.concept_->display + ") as its head, so the head means something " +
                                "broader than Eligo reads",
                            n.begin);
         const bool covered = e.kind == Predicate::Kind::fact && std::any_of(heads.begin(), heads.end(), [&](const Predicate* h) {
                                 return h->allergy == e.allergy && h->other == e.other && h->window == e.window && h->window_op == e.window_op &&
                                        h->window_amount == e.window_amount && h->window_unit == e.window_unit && cat_.kind_of(*e.concept_, *h->concept_);
                              });
         if (covered) continue;
         kept.push_back(e);
         // "active infections, including hepatitis B": an example of a state at screening is one at screening too.
         Predicate& k = kept.back();
         if (k.kind == Predicate::Kind::fact && !k.window && !k.after && std::any_of(heads.begin(), heads.end(), [](const Predicate* h) { return h->current; }))
            k.current = true;
      }
      if (kept.size() == 1) {
         Predicate only = std::move(kept.front());
         p = std::move(only);
         return;
      }
      p.children = std::move(kept);
   }

   // A name that means this concept only in trials on one condition ("resection": a hepatectomy in liver cancer).
   void check_domain(const Concept& c, const std::string& written, std::size_t at) const
   {
      if (!c.domain || !c.domain_name(written)) return;
      if (condition_ && cat_.kind_of(*condition_, *c.domain)) return;
      throw BindError("'" + written + "' means " + c.display + " only in a trial on " + c.domain->display + "; " +
                          (condition_ ? "this trial is on " + condition_->display : "no trial condition is given (the trial file's 'condition:')") +
                          ", so Eligo cannot tell what it means here",
                      at);
   }

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

   // "platelets ≥ 100", "creatinine < 1.5": a threshold written without its unit. The number is read in the one unit that makes it
   // a plausible threshold, with a warning naming it; when none or several do, the line needs its unit. A plausible threshold is
   // a plausible value (analytes.json "plausible") on the harmful side of the normal range and no further from it than the
   // CTCAE grade-4 boundaries reach: for an analyte whose high values harm, from the lower reference limit up to 10 × the upper
   // one (bilirubin grade 4 is > 10 × ULN, creatinine > 6 × ULN); for one whose low values harm, from 1/20 of the lower limit
   // (platelets grade 4 is < 25 ×10^9/L, 1/6 of 150) up to the upper one. An analyte without a direction of harm or a reference
   // range gets no unit it was not given.
   Unit bare_number_unit(const Analyte& a, const syntax::Node& n) const
   {
      const std::size_t at = unit_at(n, "");
      if (a.canonical.dim.dimensionless() || a.id == "age" || a.harm == Harm::none || !a.reference_range) return threshold_unit(a, "", at);
      const double v = n.value.number.value;
      const Range& normal = *a.reference_range;
      struct Reading {
         Unit unit;
         double canonical;
      };
      std::vector<Reading> readings;
      for (const auto& code : a.units) {
         const auto u = try_parse_unit(code);
         if (!u || !convertible(*u, a.canonical, a.molar_mass.has_value())) continue;
         double c = 0;
         try {
            c = convert(v, *u, a.canonical, a.molar_mass).value;
         }
         catch (const UnitError&) {
            continue;
         }
         if (a.plausible && (c < a.plausible->low || c > a.plausible->high)) continue;
         const bool on_harmful_side = a.harm == Harm::high ? c >= normal.low && c <= 10 * normal.high : c >= normal.low / 20 && c <= normal.high;
         if (!on_harmful_side) continue;
         if (std::none_of(readings.begin(), readings.end(), [&](const Reading& r) { return std::fabs(r.canonical - c) <= 1e-9 * std::fabs(c); }))
            readings.push_back({*u, c});
      }
      if (readings.size() == 1) {
         const Reading& r = readings.front();
         warnings_.push_back({"no unit in the registry text: " + n.value.number.text + " is read as " + n.value.number.text + " " + display_unit(r.unit.code) +
                                  (r.unit.code == a.canonical.code ? "" : " (= " + number_text(r.canonical) + " " + display_unit(a.canonical.code) + ")") +
                                  ", the only unit in which it is a plausible " + a.display + " threshold; write the unit to confirm it",
                              at});
         return r.unit;
      }
      if (readings.empty()) return threshold_unit(a, "", at);
      std::string both;
      for (std::size_t i = 0; i < readings.size(); ++i)
         both += std::string(i == 0                     ? ""
                             : i + 1 == readings.size() ? " and in "
                                                        : ", in ") +
                 display_unit(readings[i].unit.code) +
                 (readings[i].unit.code == a.canonical.code ? "" : " (= " + number_text(readings[i].canonical) + " " + display_unit(a.canonical.code) + ")");
      throw BindError(
          "the threshold for " + a.display + " has no unit, and " + n.value.number.text + " is a plausible threshold in " + both + ": write the unit", at);
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

   // Where the text is outside what the analyte can plausibly be: outside its plausible range, or far
   // below its normal range (a lost scale factor). Empty when it is plausible.
   std::string implausibility(const Analyte& a, double canon) const
   {
      if (a.plausible && (canon < a.plausible->low || canon > a.plausible->high))
         return "outside the plausible range " + number_text(a.plausible->low) + "–" + number_text(a.plausible->high) + " " + display_unit(a.canonical.code);
      if (a.reference_range && a.reference_range->low > 0 && canon > 0 && canon < a.reference_range->low / 100)
         return "far below the normal range " + number_text(a.reference_range->low) + "–" + number_text(a.reference_range->high) + " " +
                display_unit(a.canonical.code);
      return {};
   }

   // The criterion text with `from` (first found at `first`, and with `every` each later one inside
   // the node) replaced by `to`: the reading a slip probably stands for. Empty when `from` is not there.
   std::string rewritten(const syntax::Node& n, std::size_t first, const std::string& from, const std::string& to, bool every) const
   {
      if (from.empty() || first == std::string_view::npos || first < n.begin || first + from.size() > n.end) return {};
      std::string out;
      std::size_t copied = 0;
      for (std::size_t at = first; at != std::string_view::npos && at + from.size() <= n.end;
           at = every ? text_.find(from, at + from.size()) : std::string_view::npos) {
         out += text_.substr(copied, at - copied);
         out += to;
         copied = at + from.size();
      }
      out += text_.substr(copied);
      return out;
   }

   // A threshold the plausibility check flags is a slip: warned about in a trial file, manual review in a draft.
   void plausibility(const Analyte& a, const syntax::Node& n, const syntax::Number& number, const std::string& unit_written, const Unit& u, double canon,
                     std::size_t at) const
   {
      const std::string why = implausibility(a, canon);
      if (why.empty()) return;
      const std::string unit = display_unit(u.code);
      const std::string in_canonical = u.code == a.canonical.code ? std::string() : " (= " + number_text(canon) + " " + display_unit(a.canonical.code) + ")";
      Warning w;
      w.byte = at;
      w.category = WarningCategory::slip;
      // "100.000/µL": a European thousands dot read as a decimal point.
      if (const std::string whole = thousands_dot(number.text); !whole.empty()) {
         try {
            const double v = std::stod(whole);
            if (implausibility(a, convert(v, u, a.canonical, a.molar_mass).value).empty()) {
               std::string with_commas = whole;
               for (std::size_t i = with_commas.size(); i > 3; i -= 3) with_commas.insert(i - 3, ",");
               w.message = a.display + " threshold " + number.text + " " + unit + " reads as " + number_text(number.value) + " " + unit + in_canonical + ", " +
                           why + "; if the dot separates thousands, it is " + with_commas + " " + unit;
               w.draft_note = "threshold " + number.text + " " + unit + " reads as " + number_text(number.value) + " " + unit + ", implausible for " +
                              a.display + " (" + why + "); probably " + with_commas + " " + unit + " (a thousands dot)";
               const auto pos = text_.find(number.text, n.begin);
               if (pos != std::string_view::npos) w.suggestion = rewritten(n, pos, number.text, with_commas, false);
               warnings_.push_back(std::move(w));
               return;
            }
         }
         catch (const std::exception&) {
         }
      }
      std::string msg = a.display + " threshold " + number_text(number.value) + " " + unit + in_canonical + " is " + why;
      // Suggest the unit that makes the number plausible, same dimension first.
      std::string same, other;
      for (const auto& code : a.units) {
         auto alt = try_parse_unit(code);
         if (!alt || alt->code == u.code) continue;
         try {
            if (!implausibility(a, convert(number.value, *alt, a.canonical, a.molar_mass).value).empty()) continue;
            std::string& slot = alt->dim == u.dim ? same : other;
            if (slot.empty()) slot = display_unit(alt->code);
         }
         catch (const UnitError&) {
         }
      }
      const std::string& guess = !same.empty() ? same : other;
      if (!guess.empty()) msg += "; did you mean " + guess + "?";
      w.message = msg;
      w.draft_note = "threshold " + number_text(number.value) + " " + unit + " is implausible for " + a.display + " (" + why + ")" +
                     (guess.empty() ? std::string() : "; probably " + number_text(number.value) + " " + guess);
      if (!guess.empty() && !unit_written.empty()) {
         const auto pos = text_.find(unit_written, n.begin);
         if (pos != std::string_view::npos) w.suggestion = rewritten(n, pos, unit_written, guess, true);
      }
      warnings_.push_back(std::move(w));
   }

   // "100.000" -> "100000": a number whose only dot is followed by exactly three digits, which a
   // European registry writes for a thousands separator. Empty for any other number.
   static std::string thousands_dot(const std::string& text)
   {
      const auto dot = text.find('.');
      if (dot == std::string::npos || dot == 0 || dot > 3 || text.size() != dot + 4) return {};
      for (std::size_t i = 0; i < text.size(); ++i)
         if (i != dot && !std::isdigit(static_cast<unsigned char>(text[i]))) return {};
      return text.substr(0, dot) + text.substr(dot + 1);
   }

   // "Age = 18 years", "Platelet=80×10^9/L": exact equality on a continuous value is almost always a
   // lost ≥ or ≤. A slip; the comparison it probably stands for is suggested where the section and
   // the analyte's direction of harm tell it (an inclusion: low values harm gives ≥).
   void exact_equality(const Analyte& a, const syntax::Node& n) const
   {
      if (a.count) return;  // "number of tumours = 1" is an exact count
      Warning w;
      w.byte = n.begin;
      w.category = WarningCategory::slip;
      const std::string name = a.display;
      w.message = "'=' on " + name + " is exact equality, which a continuous value almost never meets; if a ≥ or ≤ was lost, state it with `as:`";
      w.draft_note = "'=' on " + name + " compares for exact equality; probably a lost ≥ or ≤";
      if (section_ == Section::inclusion && a.harm != Harm::none) {
         const Comparator op = a.harm == Harm::low ? Comparator::ge : Comparator::le;
         // The '=' as written: the last one before the number.
         const auto number = text_.find(n.value.number.text, n.begin);
         const auto eq = text_.rfind('=', number == std::string_view::npos ? n.end : number);
         if (eq != std::string_view::npos && eq >= n.begin) {
            w.suggestion = rewritten(n, eq, "=", syntax::symbol(op), false);
            w.draft_note += " (" + std::string(syntax::symbol(op)) + " in an inclusion, as " + name + "'s " + to_string(a.harm) + " values harm)";
         }
      }
      warnings_.push_back(std::move(w));
   }

   // "ECOG performance status = 1": '=' on a performance scale admits one grade, where a record that lost its ≤ means that
   // grade or better (review helper-142: NCT02149108 writes every ≤ as "=", and its "ECOG = 1" failed an ECOG 0 patient).
   // "ECOG = 2" may also be a trial for that grade alone, so this is a slip, never a guess; "= 0", the best grade, is both.
   void score_equality(const Score& s, const syntax::Node& n, std::pair<int, int> r) const
   {
      if (!s.numeric_labels || !s.death) return;
      const bool worse_up = *s.death == s.max;
      const int best = worse_up ? s.min : s.max;
      if (r.first == best || r.second == best || n.op_missing) return;
      Warning w;
      w.byte = n.begin;
      w.category = WarningCategory::slip;
      const std::string op = syntax::symbol(worse_up ? Comparator::le : Comparator::ge);
      const bool inclusion = section_ == Section::inclusion;
      w.message = "'=' on " + s.display + " matches grade " + n.labels.at(0) + " alone" +
                  (inclusion ? ", not the better grades; if a " + op + " was lost" : "; if a comparison was lost") + ", state it with `as:`";
      // Which comparison was lost is told only in an inclusion: an exclusion's may run either way (review helper-143).
      w.draft_note = "'=' on " + s.display + " matches grade " + n.labels.at(0) + " alone" +
                     (inclusion ? "; probably a lost " + op + " (" + op + " " + n.labels.at(0) + "), unless the trial is for that grade only"
                                : "; a comparison may have been lost");
      if (section_ == Section::inclusion) {
         const auto eq = n.end > n.begin ? text_.rfind('=', n.end - 1) : std::string_view::npos;
         if (eq != std::string_view::npos && eq >= n.begin) w.suggestion = rewritten(n, eq, "=", op, false);
      }
      warnings_.push_back(std::move(w));
   }

   // Half a unit in the last place of a written number ("6.2": 0.05, "130": 0.5), but never coarser than two significant
   // digits ("2" stands for 2.0, not for anything from 1.5 to 2.5): what the writer may have rounded away.
   static double half_last_place(const std::string& written, double value)
   {
      std::string digits;
      for (char c : written)
         if (c != ',' && c != ' ') digits += c;
      const auto dot = digits.find('.');
      const int decimals = dot == std::string::npos ? 0 : static_cast<int>(digits.size() - dot - 1);
      const double written_half = 0.5 * std::pow(10.0, -decimals);
      if (value == 0) return written_half;
      const double two_digits_half = 0.5 * std::pow(10.0, std::floor(std::log10(std::fabs(value))) - 1);
      return std::min(written_half, two_digits_half);
   }

   // "Hb ≥ 10 g/dL (≥ 6.2 mmol/L)": the bracket restates the threshold in another unit. Both are converted to the canonical
   // unit; they agree when they differ by no more than one of them may have been rounded (half its last place), plus 1% for
   // the conversion factors registries round (bilirubin 17 or 17.1 µmol/L per mg/dL). Otherwise the line does not say which
   // threshold it means.
   void agreement(const Analyte& a, const syntax::Node& n, const Predicate& p) const
   {
      const syntax::Quantity& alt = *n.alternative;
      const std::size_t at = unit_at(n, alt.unit);
      const Unit u = threshold_unit(a, alt.unit, at);
      bool molar = false;
      const double c = canonical(a, alt.number.value, u, molar);
      const std::string first = n.value.number.text + " " + display_unit(p.unit.code);
      const std::string second = alt.number.text + " " + display_unit(u.code);
      auto in_canonical = [&](const std::string& written, const Unit& unit, double value) {
         return unit.code == a.canonical.code ? written : written + " (= " + number_text(value) + " " + display_unit(a.canonical.code) + ")";
      };
      if (n.alternative_op && *n.alternative_op != p.op)
         throw BindError("the threshold is written twice with different comparisons: " + std::string(syntax::symbol(p.op)) + " " + first + " and " +
                             syntax::symbol(*n.alternative_op) + " " + second,
                         n.begin);
      const double one = half_last_place(n.value.number.text, p.written) * std::fabs(canonical(a, 1, p.unit, molar));
      const double two = half_last_place(alt.number.text, alt.number.value) * std::fabs(canonical(a, 1, u, molar));
      const double slack = std::max(one, two) + 0.01 * std::max(std::fabs(p.threshold), std::fabs(c));
      if (std::fabs(p.threshold - c) > slack)
         throw BindError("the threshold is written in two units that disagree: " + in_canonical(first, p.unit, p.threshold) + " and " +
                             in_canonical(second, u, c) + ": write the one the trial means",
                         n.begin);
      plausibility(a, n, alt.number, alt.unit, u, c, at);
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
      if (a.id == "age") p.assessed_within = 0, p.assessed_unit.clear(), p.assessed_moment.clear();  // an age is never stale
      switch (n.test) {
         case T::compare: {
            p.test = Predicate::Test::compare;
            p.unit = n.value.unit.empty() ? bare_number_unit(a, n) : threshold_unit(a, n.value.unit, unit_at(n, n.value.unit));
            p.written = n.value.number.value;
            p.threshold = canonical(a, p.written, p.unit, p.molar);
            plausibility(a, n, n.value.number, n.value.unit, p.unit, p.threshold, unit_at(n, n.value.unit));
            if (p.op == Comparator::eq && !n.op_missing) exact_equality(a, n);
            if (n.alternative) agreement(a, n, p);
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
            plausibility(a, n, n.value.number, written, p.unit, p.threshold, n.begin);
            plausibility(a, n, n.high.number, n.high.unit.empty() ? written : n.high.unit, high_unit, p.high, n.begin);
            break;
         }
         case T::relative:
            p.test = Predicate::Test::relative;
            p.factor = n.value.number.value;
            p.upper = n.upper;
            if (p.factor <= 0 || p.factor > 1000) throw BindError("a factor of " + n.value.number.text + " × the normal limit is not plausible", n.begin);
            if (p.op == Comparator::eq && !n.op_missing) exact_equality(a, n);
            break;
         case T::within_normal: p.test = Predicate::Test::within_normal; break;
         default: throw BindError(a.display + " is a measure, not a score: compare it with a number", n.begin);
      }
      return p;
   }

   Predicate measure(const syntax::Node& n, Predicate p) const
   {
      // Each subject's tests: one, or every member of a group ("transaminases ≤ 5 × ULN").
      std::vector<std::vector<Predicate>> per_subject;
      assessment(n, p);
      for (const auto& name : n.subjects) {
         per_subject.emplace_back();
         if (const AnalyteGroup* g = cat_.group(name)) {
            for (const Analyte* a : g->members) per_subject.back().push_back(leaf(*a, n, p));
            continue;
         }
         const Analyte* a = cat_.analyte(name);
         if (!a) throw BindError("unknown analyte '" + name + "'", n.begin);
         per_subject.back().push_back(leaf(*a, n, p));
      }
      const auto combined = [&p](Predicate::Kind kind, std::vector<Predicate> parts) {
         if (parts.size() == 1) return std::move(parts.front());
         Predicate out = p;
         out.kind = kind;
         out.children = std::move(parts);
         return out;
      };
      // One threshold over a list in an exclusion ("AST/ALT > 3 × ULN", "Transaminases (ALT & AST) > 1.5 × ULN", "AST and ALT
      // > 5 × ULN"): each test beyond the bound is a reason to exclude, whatever joins the names; so under a negation in an
      // inclusion ("no AST or ALT > 5 × ULN").
      const Section side = this->side();
      if (side == Section::exclusion) {
         std::vector<Predicate> each;
         for (auto& tests : per_subject) std::move(tests.begin(), tests.end(), std::back_inserter(each));
         return combined(Predicate::Kind::any, std::move(each));
      }
      // "AST, ALT ≤ 5 × ULN", and any list in an inclusion criterion: "SGOT or SGPT < 2.5 × ULN" names the measurements
      // the bound applies to, so each one measured must be within it (one not measured is unknown, never skipped).
      // A list that writes both "or" and "and" ("PT or INR, and PTT ≤ 1.5 × ULN") groups its alternatives on purpose: (PT or
      // INR) and PTT.
      const bool grouped = std::find(n.subject_and.begin(), n.subject_and.end(), true) != n.subject_and.end();
      if (!n.subjects_any || (side == Section::inclusion && !grouped)) {
         std::vector<Predicate> every;
         for (auto& tests : per_subject) std::move(tests.begin(), tests.end(), std::back_inserter(every));
         return combined(Predicate::Kind::all, std::move(every));
      }
      // A line with no section ("AST or ALT > 5 × ULN"): any of them, or in an inclusion the groups of a list with both words.
      // An explicit "and" splits the list into groups that must each hold ("PT or INR, and PTT": (PT or INR) and PTT).
      std::vector<Predicate> groups, group;
      for (std::size_t i = 0; i < per_subject.size(); ++i) {
         if (i > 0 && i - 1 < n.subject_and.size() && n.subject_and[i - 1]) groups.push_back(combined(Predicate::Kind::any, std::exchange(group, {})));
         group.push_back(combined(Predicate::Kind::all, std::move(per_subject[i])));
      }
      groups.push_back(combined(Predicate::Kind::any, std::move(group)));
      return combined(Predicate::Kind::all, std::move(groups));
   }

   // "within 7 days of first dose of study drug": the value must be dated that recently (docs/language.md, "Assessment windows").
   void assessment(const syntax::Node& n, Predicate& p) const
   {
      if (!n.assessed) return;
      const double v = n.assessed->amount.number.value;
      if (v < 1 || v > 1200 || std::floor(v) != v) throw BindError("an assessment window needs a whole number of days, weeks, months or years", n.begin);
      p.assessed_within = static_cast<int>(v);
      p.assessed_unit = duration_unit(n.assessed->amount.unit);
      p.assessed_moment = n.assessed->moment;
   }

   // "ANC ≥ 1.5 ×10^9/L and platelets ≥ 100 ×10^9/L within 14 days prior to registration": a window after the last of a list
   // of measures and scores binds each of them. Not across other kinds of items (a fact), where it may be the last one's own;
   // an age is never stale and takes none.
   static void spread_assessment(Predicate& p)
   {
      std::vector<Predicate*> leaves;
      auto collect = [&](auto&& self, Predicate& q) -> bool {
         if (q.kind == Predicate::Kind::all || q.kind == Predicate::Kind::any) {
            for (auto& c : q.children)
               if (!self(self, c)) return false;
            return true;
         }
         if (q.kind == Predicate::Kind::score || (q.kind == Predicate::Kind::measure && q.analyte->id != "age")) leaves.push_back(&q);
         return q.kind == Predicate::Kind::score || q.kind == Predicate::Kind::measure;
      };
      if (!collect(collect, p) || leaves.size() < 2 || p.children.back().text != leaves.back()->text) return;
      const Predicate& last = *leaves.back();
      if (!last.assessed_within) return;
      // Only the last item (or the subjects it names together, which share its text) carries a window.
      for (const Predicate* l : leaves)
         if (l->text != last.text && l->assessed_within) return;
      for (Predicate* l : leaves) {
         l->assessed_within = last.assessed_within;
         l->assessed_unit = last.assessed_unit;
         l->assessed_moment = last.assessed_moment;
      }
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

   // "0 or 1+" on a dipstick: a list that leaves out only readings the score calls intermediate ("trace", between 0 and 1+)
   // spans them. Registries list the grades a threshold allows and do not mean to exclude the reading between two of them.
   static void span_intermediate(const Score& s, Predicate& p)
   {
      if (s.intermediate.empty() || p.accepted.size() < 2) return;
      std::vector<std::pair<int, int>> ranges = p.accepted;
      std::sort(ranges.begin(), ranges.end());
      auto intermediate = [&](int v) {
         return std::any_of(s.intermediate.begin(), s.intermediate.end(), [&](const std::string& l) {
            const auto r = s.label(l);
            return r && r->first <= v && v <= r->second;
         });
      };
      std::vector<std::pair<int, int>> out{ranges.front()};
      for (std::size_t i = 1; i < ranges.size(); ++i) {
         bool only_intermediate = true;
         for (int v = out.back().second + 1; v < ranges[i].first; ++v) only_intermediate = only_intermediate && intermediate(v);
         if (only_intermediate)
            out.back().second = std::max(out.back().second, ranges[i].second);
         else
            out.push_back(ranges[i]);
      }
      p.accepted = out;
   }

   // "Karnofsky performance 70", "ECOG 1" alone: one value of a performance scale that is not its best ("ECOG 0",
   // "Karnofsky 100" are). Where the value is one trials use as a minimum (ECOG 1; Karnofsky 70 or more), the registry
   // has lost the comparison (a patient with KPS 90 is no worse than one with 70): like a lab's lost comparison it is
   // inferred only for an inclusion's requirement standing alone (not one alternative of an "or"), from the scale's
   // direction (away from its value for death): at least as good. A slip (docs/language.md, "Comparisons the registry
   // lost"): a trial file warns, a draft keeps the line for review with the reading suggested. Any other lone value
   // ("ECOG 2": a trial for PS 2 patients means exactly 2; review helper-96), or one in an exclusion, a negation or an
   // alternative, must state its comparison. A severity scale with no value for death (NYHA: `worst` in scores.json)
   // keeps a lone class of an inclusion as written; in an exclusion, a negation or an alternative, a lone class short of
   // the worst ("NYHA III") must state whether the worse classes exclude too (seed 59: read as class III alone, a patient
   // of class IV was not excluded).
   bool lost_score_comparison(const Score& s, const syntax::Node& n, Predicate& p) const
   {
      if (n.test != syntax::Node::Test::labels || n.labels.size() != 1 || n.cap || !s.numeric_labels || !(s.death || s.worst)) return false;
      const auto r = label_range(s, n.labels[0], n.begin);
      const int worst = s.death ? *s.death : *s.worst;
      const bool low_is_good = worst == s.max;  // ECOG: 5 is death, 0 the best
      const std::string& label = n.labels[0];
      if (!s.death) {
         if ((side() == Section::inclusion && alternatives_ == 0) || r.first != r.second || r.first == worst) return false;
         const std::string worse = low_is_good ? "≥" : "≤";
         throw BindError("'" + s.display + " " + label + "' has no comparison: write " + worse + " " + label + " if the worse classes " +
                             (excluding() ? "exclude" : "count") + " too, or = " + label + " for exactly " + label,
                         n.begin);
      }
      if (r.first != r.second || r.first == (low_is_good ? s.min : s.max)) return false;
      const std::string sym = low_is_good ? "≤" : "≥";
      const bool usual_minimum = low_is_good ? r.first == s.min + s.step : r.first >= s.max - 3 * s.step;
      if (side() != Section::inclusion || alternatives_ > 0 || !usual_minimum)
         throw BindError("'" + s.display + " " + label + "' has no comparison: write it (" + sym + " " + label + ", or = " + label +
                             " for patients of exactly " + label + ")" +
                             (usual_minimum ? "; Eligo infers it only for an inclusion's requirement that stands alone" : ""),
                         n.begin);
      p.accepted.push_back(low_is_good ? std::pair{s.min, r.second} : std::pair{r.first, s.max});
      p.accepted_text = sym + " " + label;
      Warning w;
      w.byte = n.begin;
      w.category = WarningCategory::slip;
      w.message = "comparison missing in the registry text: " + s.display + " " + label + " read as " + sym + " " + label +
                  " (inferred from the inclusion section and the scale's direction); if exactly " + label + " is meant, state it with `as:`";
      w.draft_note = "'" + s.display + " " + label + "' has no comparison: probably " + sym + " " + label;
      const std::size_t at = text_.rfind(label, n.end);
      if (at != std::string_view::npos && at >= n.begin) w.suggestion = rewritten(n, at, label, sym + " " + label, false);
      warnings_.push_back(std::move(w));
      return true;
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
      assessment(n, p);
      p.kind = Predicate::Kind::score;
      p.score = s;
      using T = syntax::Node::Test;
      if (lost_score_comparison(*s, n, p)) {}
      else if (n.test == T::labels) {
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
         span_intermediate(*s, p);
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
            case Comparator::eq:
               p.accepted.push_back(r);
               score_equality(*s, n, r);
               break;
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
      return graded_condition(n, std::move(p));
   }

   // "NYHA class III or IV congestive heart failure": a score assessed only for a condition (`graded_condition` in scores.json)
   // grades a noun that names it. The condition is read too, as "congestive heart failure NYHA class III or IV" reads it: a
   // patient without heart failure has no NYHA class, and is not met rather than unknown.
   Predicate graded_condition(const syntax::Node& n, Predicate test) const
   {
      const Score& s = *test.score;
      if (n.graded.empty() || s.graded_condition.empty()) return test;
      syntax::Node noun;
      noun.kind = syntax::Node::Kind::fact;
      noun.concept_ = n.graded;
      noun.begin = n.begin;
      noun.end = n.end;
      Predicate named;
      named.text = n.graded;
      // Every graded noun names the condition: the catalogue checks it when it loads (Catalogue::index).
      Predicate has = fact(noun, std::move(named));
      Predicate both;
      both.kind = Predicate::Kind::all;
      both.text = test.text;
      both.children.push_back(std::move(has));
      both.children.push_back(std::move(test));
      return both;
   }

   // "primary liver cancer (ICD 10 is C22.0)": the concept that holds exactly that ICD-10 code, when it is the named one or
   // a kind of it; a code the catalogue does not hold, or one of another condition, is an error (never skipped).
   const Concept* narrowed_by_code(const Concept& named, const std::string& code, std::size_t at) const
   {
      static const std::string icd10 = "http://hl7.org/fhir/sid/icd-10", icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
      std::string key = code;
      for (char& ch : key) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const Concept* coded = nullptr;
      for (const auto& c : cat_.concepts())
         for (const auto& k : c.codes)
            if ((k.system == icd10 || k.system == icd10cm) && k.code == key) coded = &c;
      if (!coded)
         throw BindError("the note gives ICD-10 " + key + ", a code no catalogue concept holds: Eligo cannot tell which kind of " + named.display + " it means",
                         at);
      if (cat_.kind_of(*coded, named)) return coded;   // the code is narrower: "primary liver cancer (C22.0)" is HCC
      if (cat_.kind_of(named, *coded)) return &named;  // the code's group holds the named concept
      throw BindError("the note gives ICD-10 " + key + ", which is " + coded->display + ", not " + with_article(named.display), at);
   }

   Predicate fact(const syntax::Node& n, Predicate p) const
   {
      const Concept* c = cat_.concept_(n.concept_);
      if (!c) throw BindError("unknown concept '" + n.concept_ + "'", n.begin);
      check_domain(*c, n.concept_, n.begin);
      if (!n.code_note.empty()) c = narrowed_by_code(*c, n.code_note, n.begin);
      // "myocardial infarction (MI)": an abbreviation that names another concept ("hepatitis (HBV)", "chemotherapy (TACE)")
      // narrows or changes what is meant, and Eligo cannot tell which: the line does not compile.
      if (!n.abbreviation.empty()) {
         const Concept* named = cat_.concept_(n.abbreviation);
         if (const Concept* a = named; a && a != c)
            throw BindError("the bracket '(" + n.abbreviation + ")' names " + with_article(a->display) + ", not " + with_article(c->display) +
                                ": Eligo cannot tell which is meant",
                            n.begin);
         // Not a name of the concept: it must be the initials of the name as written, from one of its words to the last, in order
         // ("myocardial infarction (MI)", "… by postoperative digital subtraction angiography (DSA)"); "of", "the", "and" may
         // give none. A letter from inside a word ("(HCA)", "(CC)" after "hepatocellular carcinoma": an adenoma and a
         // cholangiocarcinoma, review helper-130) may narrow or change the name, as "(TNBC)" and "(CHOP)" do: the line is manual.
         // The initials of the name's words, with and without the small words; the abbreviation is the end of one of them.
         std::string all, plain;
         for (const PlacedWord& w : placed_words(n.concept_, false))
            for (std::size_t k = 0; k < w.lower.size(); ++k)
               if (k == 0 || w.lower[k - 1] == '-') {  // a hyphen's parts are words ("non-small")
                  all += w.lower[k];
                  if (k > 0 || (w.lower != "of" && w.lower != "the" && w.lower != "and")) plain += w.lower[k];
               }
         const std::string abbreviation = lower_ascii(n.abbreviation);
         auto ends = [&](const std::string& s) {
            return s.size() >= abbreviation.size() && s.compare(s.size() - abbreviation.size(), abbreviation.size(), abbreviation) == 0;
         };
         if (named != c && !ends(all) && !ends(plain))
            throw BindError("the bracket '(" + n.abbreviation + ")' is no abbreviation of '" + n.concept_ + "' nor a name Eligo knows for " +
                                with_article(c->display) + ": it may narrow it, so the line is for manual review",
                            n.begin);
      }
      p.kind = Predicate::Kind::fact;
      p.concept_ = c;
      p.other = n.other;
      // "No prior malignancy within 5 years" in a trial on pancreatic cancer: what excludes, of a class that holds the trial's
      // own condition, is another one (a second cancer); read as written it would exclude every patient the trial is for.
      if (!p.other && condition_ && excluding() && c != condition_ && cat_.is_a(*condition_, *c)) {
         p.other = true;
         warnings_.emplace_back("'" + n.concept_ + "' is read as " + with_article(c->display) + " other than this trial's condition (" + condition_->display +
                                    "): its own records do not count, or every patient the trial is for would be excluded",
                                n.begin, true);
      }
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
      // "Liver transplantation at screening", "any of the following at baseline: …, TACE": a procedure is done on a day, so
      // at a moment it is one done by then; read as on the screening date, a transplant recipient was not excluded (review
      // helper-157). A time-scope word keeps it current ("ongoing radiotherapy").
      if (p.current && n.moment && c->kind == ConceptKind::procedure) {
         p.current = false;
         p.scope.clear();
      }
      // "Active infection", "uncontrolled hypertension": a state at screening, unless the line gives it a time.
      // So does a qualifier that describes a present state: "symptomatic brain metastases", "uncontrolled hypertension".
      // A carried qualifier may not be meant for this fact: its state stays with the qualifier leaf, which a record must answer
      // ("symptomatic CHF or myocardial infarction": an infarction in 2020 leaves the line open, review helper-143).
      const bool state_qualifier = !n.carried_qualifiers && std::any_of(n.qualifiers.begin(), n.qualifiers.end(), [&](const std::string& q) {
         const Qualifier* k = cat_.qualifier(q);
         return k && k->state;  // qualifier_words.json "state": true
      });
      if ((c->state || state_qualifier) && !n.window && !n.after && n.history.empty()) p.current = true;
      for (const auto& name : n.except) {
         const Concept* e = cat_.concept_(name);
         if (!e) throw BindError("unknown concept '" + name + "'", n.begin);
         if (!cat_.is_a(*e, *c) || e == c)
            throw BindError("the exception '" + name + "' is not a kind of " + c->display + ": Eligo cannot read what it leaves out", n.begin);
         p.except.push_back(e);
      }
      // Each qualifier as the catalogue holds it, looked up once (nullptr for a name it does not list).
      std::vector<std::pair<std::string, const Qualifier*>> qualifiers;
      for (const auto& name : n.qualifiers) {
         const Qualifier* k = cat_.qualifier(name);
         // "History of congestive heart failure requiring therapy": after a history word a present need asks whether the fact
         // required it then (review helper-163: asked in the present tense, a treated, compensated CHF was answered no).
         if (k && !k->past.empty() && !n.history.empty()) k = cat_.qualifier(k->past);
         // "Autoimmune disease that has required systemic treatment in the past 2 years": the window may time the treatment that
         // was needed, not the disease (review helper-162), and a record dates only the disease.
         if (k && k->after && !k->state && n.window)
            throw BindError("the window after '" + k->name() + "' may time the treatment that was needed rather than " + c->display +
                                ": Eligo cannot tell which, so the line is for manual review (or give the reading in an as: line)",
                            n.begin);
         qualifiers.emplace_back(k ? k->name() : name, k);
      }
      if (const Qualifier* q = scope_qualifier(*c, n.scope)) qualifiers.emplace_back(q->name(), q);
      if (qualifiers.empty()) return p;
      // "clinically significant bleeding": the fact, and a leaf per qualifier that the record must answer.
      Predicate both;
      both.kind = Predicate::Kind::all;
      both.text = p.text;
      both.children.push_back(p);
      for (const auto& [name, k] : qualifiers) {
         Predicate leaf = p;
         leaf.kind = Predicate::Kind::qualifier;
         leaf.qualifier = name;
         leaf.qualifier_after = k && k->after;
         leaf.carried = n.carried_qualifiers;
         both.children.push_back(std::move(leaf));
      }
      return both;
   }

   // "Active brain metastases": the scope word as written, when the concept (or one it is a kind of) names a qualifier that
   // the word also is (concepts.json "scope_qualifier"; review helper-149: treated, stable metastases are not active, though
   // their record may stay open).
   const Qualifier* scope_qualifier(const Concept& c, const std::string& scope) const
   {
      if (scope.empty()) return nullptr;
      for (const Concept& k : cat_.concepts()) {
         if (k.scope_qualifier.empty() || !cat_.kind_of(c, k)) continue;
         const Qualifier* q = cat_.qualifier(k.scope_qualifier);
         if (!q) throw BindError("internal: the concept '" + k.id + "' names an unknown qualifier '" + k.scope_qualifier + "'", 0);
         const std::string written = name_key(scope);
         if (std::any_of(q->spellings.begin(), q->spellings.end(), [&](const std::string& s) { return name_key(s) == written; })) return q;
      }
      return nullptr;
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
      if (!a.event.empty()) check_domain(*out.event, a.event, a.at);
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
   const Concept* condition_;
   mutable int negations_ = 0;     // how many negations the node being bound is under (Negated)
   mutable int alternatives_ = 0;  // how many "or"s the node being bound is one alternative of
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

namespace {

// Whether a line starts by naming people ("Patients with …", "Pregnant women …"), as a line that says whom it excludes must.
bool names_people(std::string_view line)
{
   static const std::set<std::string> people = {"patients", "patient", "subjects",    "subject",    "participants", "participant", "persons",
                                                "person",   "people",  "individuals", "individual", "women",        "woman",       "men",
                                                "man",      "females", "males",       "mothers",    "children",     "adults",      "prisoners",
                                                "those",    "anyone",  "candidates",  "volunteers"};
   // "Use of warfarin by subjects", "Patient use of warfarin": a treatment is what is excluded (review helper-122).
   static const std::set<std::string> use = {"use", "treatment", "therapy", "intake", "administration", "exposure"};
   std::vector<std::string> words;
   for (PlacedWord& w : placed_words(line, false)) {
      if (w.lower != "s") words.push_back(std::move(w.lower));  // "Patient's use of": the possessive's "s" is no word
      if (words.size() == 5) break;
   }
   // The people come first ("Patients with …", "Pregnant women …", "HIV-positive patients …").
   // "Patient warfarin use is excluded": a use word in the two words after the people names a treatment (review helper-123).
   for (std::size_t k = 0; k < words.size() && k < 3; ++k)
      if (people.count(words[k])) return !(k + 1 < words.size() && use.count(words[k + 1])) && !(k + 2 < words.size() && use.count(words[k + 2]));
   return false;
}

// An exclusion line that is a negation as a whole. "Must not have known CNS metastases" states the requirement the
// exclusion enforces: it excludes those who have them, and a note says so. "No measurable disease" may be a state that
// excludes ("patients with no measurable disease") or the same requirement style ("No bleeding diathesis."): it does
// not compile, and the curator says which with 'as:'.
//
// A line that says whom the trial excludes ("Patients with X will be excluded") is X among exclusions and "not X" among
// inclusions; outside a section Eligo cannot tell which.
const syntax::Node& exclusion_reading(const syntax::Node& node, std::string_view text, std::vector<Warning>& warnings, Section section)
{
   if (node.kind == syntax::Node::Kind::negate && node.stated_exclusion) {
      const std::string line(text.substr(node.begin, node.end - node.begin));
      if (section == Section::none)
         throw BindError("'" + line + "' says whom the trial excludes: Eligo reads it only in an inclusion or exclusion section", node.begin);
      // "Steroids will be excluded", "Chemotherapy is excluded": a treatment excluded may be one not allowed during the trial,
      // not a history that excludes. Only a line that names the people it excludes is read (review helper-121).
      if (!names_people(line))
         throw BindError("'" + line +
                             "' says what is excluded without naming whom (patients, subjects, women …): an excluded treatment may be one not allowed "
                             "during the trial rather than a history, so the line is for manual review (or give the reading in an as: line)",
                         node.begin);
      return section == Section::exclusion ? node.children.at(0) : node;
   }
   if (section != Section::exclusion || node.kind != syntax::Node::Kind::negate) return node;
   const std::string line(text.substr(node.begin, node.end - node.begin));
   if (!node.requirement)
      throw BindError("an exclusion written as a negation ('" + line +
                          "'): it may exclude those without it, or be a requirement that excludes those with it; write what excludes with 'as:'",
                      node.begin);
   const syntax::Node& inner = node.children.at(0);
   warnings.push_back({"an exclusion written as a requirement ('" + line + "'): read as excluding patients with '" +
                           std::string(text.substr(inner.begin, inner.end - inner.begin)) + "'",
                       node.begin, true});
   return inner;
}

// "International Normalized Ratio of at least 1.7", "AST and ALT of at least 5 times the ULN" in an inclusion's organ-function
// list (NCT02323906): a lab requirement that only a harmful value can meet is most likely a reversed comparison, and so is an
// exclusion that only a normal value can meet ("exclusion: platelets ≥ 75 ×10^9/L"). A slip: a trial file warns, an imported
// draft makes the line manual review. Harmful means beyond the catalogue's reference range on the analyte's side of harm
// (above it for bilirubin, below it for platelets), or a multiple of the ULN above 1. A trial may mean it (a cohort with
// hepatic impairment): `as:` states that. A negation turns the side; nested items were checked on their own lines.
// "ECOG performance status ≥ 2" as an inclusion (NCT02655458, a transplant-eligible cohort): a performance scale's range that
// reaches death (ECOG 5, Karnofsky 0) is no requirement a trial means; nor is an exclusion that reaches the scale's fit end
// ("exclusion: ECOG 0-1"). The catalogue names the scale's death value (`death` in scores.json); a range covering the whole
// scale is an impossible reading, reported apart.
void reversed_score(const Predicate& p, Section side, std::size_t at, std::vector<Warning>& warnings)
{
   const Score& s = *p.score;
   if (!s.death) return;
   const int death = *s.death, fit = death == s.max ? s.min : s.max;
   const auto accepts = [&](int v) { return std::any_of(p.accepted.begin(), p.accepted.end(), [&](const auto& r) { return r.first <= v && v <= r.second; }); };
   const auto span = [&](int lo, int hi) { return s.display + " " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi)); };
   std::string range;
   for (const auto& [lo, hi] : p.accepted) range += (range.empty() ? "" : ", ") + span(lo, hi);
   // One range from one end of the scale: what it leaves out, and what the comparison turned round would read.
   std::string other, turned;
   if (p.accepted.size() == 1) {
      const auto [lo, hi] = p.accepted.front();
      if (hi == s.max && lo > s.min) other = span(s.min, lo - s.step), turned = span(s.min, lo);
      if (lo == s.min && hi < s.max) other = span(hi + s.step, s.max), turned = span(hi, s.max);
   }
   const std::string check = "check the protocol's performance-status criterion";
   Warning w;
   w.byte = at;
   w.category = WarningCategory::slip;
   if (side == Section::inclusion && accepts(death) && !accepts(fit)) {
      const std::string reading = "as written admits " + range + (other.empty() ? "" : " and excludes " + other) +
                                  (turned.empty() ? "" : "; if the comparison is reversed, it admits " + turned);
      w.message = "'" + p.text + "' " + reading + ": state the intended reading with `as:`";
      w.draft_note = "'" + p.text + "' " + reading + "; " + check;
   }
   else if (side == Section::exclusion && accepts(fit) && !accepts(death)) {
      const std::string reading = "as written excludes " + range + (other.empty() ? "" : " and admits " + other) +
                                  "; if it is a requirement written in the exclusion list, it admits " + range + " instead";
      w.message = "'" + p.text + "' " + reading + ": state the intended reading with `as:`";
      w.draft_note = "'" + p.text + "' " + reading + "; " + check;
   }
   else
      return;
   warnings.push_back(std::move(w));
}

void reversed_comparisons(const Predicate& p, Section section, bool negated, const std::vector<Predicate>& nested, std::size_t at,
                          std::vector<Warning>& warnings)
{
   if (p.kind == Predicate::Kind::negate) {
      for (const auto& c : p.children) reversed_comparisons(c, section, !negated, nested, at, warnings);
      return;
   }
   const Section side = negated ? (section == Section::inclusion   ? Section::exclusion
                                   : section == Section::exclusion ? Section::inclusion
                                                                   : Section::none)
                                : section;
   if (p.kind == Predicate::Kind::score) {
      reversed_score(p, side, at, warnings);
      return;
   }
   if (p.kind != Predicate::Kind::measure) {
      for (const auto& c : p.children)
         if (std::none_of(nested.begin(), nested.end(), [&](const Predicate& n) { return n.text == c.text; }))
            reversed_comparisons(c, section, negated, nested, at, warnings);
      return;
   }
   const Analyte& a = *p.analyte;
   if (a.harm == Harm::none || !a.reference_range) return;
   const bool above = p.op == Comparator::ge || p.op == Comparator::gt, below = p.op == Comparator::le || p.op == Comparator::lt;
   // Only harmful values meet it (in_harm), or only values on the healthy side of the threshold meet it (in_health).
   bool in_harm = false, in_health = false;
   std::string limit;
   if (p.test == Predicate::Test::compare) {
      const Range& r = *a.reference_range;
      const std::string unit = display_unit(a.canonical.code).empty() ? "" : " " + display_unit(a.canonical.code);
      if (a.harm == Harm::high && above && p.threshold > r.high) in_harm = true, limit = "above the normal range (up to " + number_text(r.high) + unit + ")";
      if (a.harm == Harm::low && below && p.threshold < r.low) in_harm = true, limit = "below the normal range (from " + number_text(r.low) + unit + ")";
      if (a.harm == Harm::high && below && p.threshold >= r.high) in_health = true, limit = "the normal range (up to " + number_text(r.high) + unit + ")";
      if (a.harm == Harm::low && above && p.threshold <= r.low) in_health = true, limit = "the normal range (from " + number_text(r.low) + unit + ")";
   }
   else if (p.test == Predicate::Test::relative && p.upper && a.harm == Harm::high) {
      if (above && p.factor > 1) in_harm = true, limit = "above the upper limit of normal";
      if (below && p.factor >= 1) in_health = true, limit = "the normal range";
   }
   Warning w;
   w.byte = at;
   w.category = WarningCategory::slip;
   if (side == Section::inclusion && in_harm) {
      w.message = "'" + p.text + "' requires " + a.display + " " + limit + ", which only a harmful value meets; if the comparison is reversed (" +
                  "'at least' for 'at most'), state the intended reading with `as:`";
      w.draft_note = "'" + p.text + "' is required, but only a harmful " + a.display + " meets it, " + limit + ": probably a reversed comparison";
   }
   else if (side == Section::exclusion && in_health) {
      w.message = "'" + p.text + "' excludes patients with " + a.display + " in " + limit + "; if the line states a requirement (the comparison " +
                  "reversed), state the intended reading with `as:`";
      w.draft_note = "'" + p.text + "' excludes patients whose " + a.display + " is in " + limit + ": probably a requirement written in the exclusion list";
   }
   else
      return;
   warnings.push_back(std::move(w));
}

// Where "are eligible" / "is eligible" (not "eligible for") stands in a criterion, or npos.
std::size_t eligible_phrase(std::string_view text)
{
   std::string lower(text);
   for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   for (const char* phrase : {"are eligible", "is eligible", "are also eligible", "is also eligible", "remain eligible", "are still eligible", "be eligible"})
      for (std::size_t at = lower.find(phrase); at != std::string::npos; at = lower.find(phrase, at + 1)) {
         const std::size_t end = at + std::strlen(phrase);
         if (at > 0 && std::isalnum(static_cast<unsigned char>(lower[at - 1]))) continue;
         if (end < lower.size() && std::isalnum(static_cast<unsigned char>(lower[end]))) continue;
         std::size_t next = end;
         while (next < lower.size() && lower[next] == ' ') ++next;
         // "eligible for resection", "eligible to receive TACE": what may be done to the patient, another reading. "Eligible for
         // this trial", "for enrollment", "to participate" say who may take part, as the bare phrase does (review helper-90).
         auto then = [&](std::initializer_list<const char*> words) {
            std::size_t k = next;
            for (const char* w : words) {
               const std::size_t n = std::strlen(w);
               if (lower.compare(k, n, w) != 0 || (k + n < lower.size() && std::isalnum(static_cast<unsigned char>(lower[k + n])))) return false;
               k += n;
               while (k < lower.size() && lower[k] == ' ') ++k;
            }
            return true;
         };
         bool taking_part = false;
         for (const char* what : {"study", "trial", "protocol", "research"})
            taking_part = taking_part || then({"for", "this", what}) || then({"for", "the", what}) || then({"for", what});
         for (const char* what : {"enrollment", "enrolment", "participation", "inclusion", "entry", "enrolling", "enrollement"})
            taking_part = taking_part || then({"for", what}) || then({"for", "study", what}) || then({"for", "trial", what});
         for (const char* what : {"participate", "enroll", "enrol", "take", "join", "be", "enter"}) taking_part = taking_part || then({"to", what});
         if (!taking_part && (lower.compare(next, 3, "for") == 0 || lower.compare(next, 2, "to") == 0)) continue;
         return at;
      }
   return std::string_view::npos;
}

// Whether a reading tests a clinical fact other than the trial's own condition (or a kind of it): "Patients with HIV
// infection are eligible" among inclusions may say that people with HIV are not turned away as well as that they are
// required, where "Patients with hepatocellular carcinoma are eligible" in a liver-cancer trial says who the trial is for.
bool tests_other_fact(const Predicate& p, const Catalogue& cat, const Concept* condition)
{
   if (p.kind == Predicate::Kind::fact && p.concept_ && !(condition && cat.kind_of(*p.concept_, *condition))) return true;
   for (const auto& c : p.children)
      if (tests_other_fact(c, cat, condition)) return true;
   return false;
}

// The first clinical fact a reading tests, named for a message: "HIV infection".
std::string fact_named(const Predicate& p)
{
   if (p.kind == Predicate::Kind::fact && p.concept_) return p.concept_->display;
   for (const auto& c : p.children)
      if (std::string n = fact_named(c); !n.empty()) return n;
   return "";
}

// "WHO < or 2": "< or =" with its "=" lost, read as ≤ (docs/language.md, "Comparisons the registry lost"). Always a slip: a
// trial file warns, a draft keeps the line for review with the reading suggested.
void lost_equal_sign(std::string_view text, std::size_t at, std::vector<Warning>& warnings)
{
   const bool le = text[at] == '<';
   std::size_t end = at + 1;
   while (end < text.size() && text[end] == ' ') ++end;
   end += 2;  // "or"
   const std::string written(text.substr(at, end - at));
   while (end < text.size() && text[end] == ' ') ++end;
   const std::string symbol = le ? "≤" : "≥";
   Warning w;
   w.byte = at;
   w.category = WarningCategory::slip;
   w.message = "'" + written + "' has lost the '=' of '" + (le ? "< or =" : "> or =") + "': read as " + symbol +
               "; if another comparison is meant, state the intended reading with `as:`";
   w.draft_note = "'" + written + "' has lost its '=': probably " + symbol;
   w.suggestion = std::string(text.substr(0, at)) + symbol + " " + std::string(text.substr(end));
   warnings.push_back(std::move(w));
}

}  // namespace

void settle_older_than(Predicate& p, bool admitting, bool negated, std::optional<double> registry_minimum, std::optional<double> registry_maximum)
{
   if (p.kind == Predicate::Kind::measure && p.analyte && p.analyte->id == "age") {
      p.older_than = admitting && !negated;
      // The strict lower bound (the low end of a range, or "> N") one year below the registry's minimum age.
      if (p.older_than && registry_minimum && p.unit.code == "a" && std::abs(p.threshold + 1 - *registry_minimum) < 1e-9) p.older_than = false;
      // The strict lower bound at the registry's minimum age itself ("age above 18 years" beside a minimum age of 18 Years): the
      // registry admits the birthday, so the bound does too (review helper-145: an 18-year-old on the birthday failed).
      // Only a comparison: a range written with its own signs ("18 < age ≤ 70") says its low end is not admitted (review
      // helper-147).
      if (p.older_than && p.test == Predicate::Test::compare && p.op == Comparator::gt && registry_minimum && p.unit.code == "a" &&
          std::abs(p.threshold - *registry_minimum) < 1e-9) {
         p.op = Comparator::ge;
         p.older_than = false;
      }
      // The strict upper bound at the registry's maximum age ("< 45 years" beside a maximum age of 45 Years): the registry admits
      // those aged 45 (until their 46th birthday), so the bound does too. Only a requirement's comparison, as above.
      if (admitting && !negated && p.test == Predicate::Test::compare && p.op == Comparator::lt && registry_maximum && p.unit.code == "a" &&
          std::abs(p.threshold - *registry_maximum) < 1e-9)
         p.op = Comparator::le;
   }
   const bool negate = p.kind == Predicate::Kind::negate;
   for (auto& c : p.children) settle_older_than(c, negate ? !admitting : admitting, negated || negate, registry_minimum, registry_maximum);
}

Predicate bind(const syntax::Node& node, std::string_view text, const Catalogue& catalogue, std::vector<Warning>& warnings,
               const std::vector<Predicate>& nested, Section section, const Concept* condition)
{
   try {
      // "Patients with known HIV infection are eligible" among exclusions says who may take part, the opposite of what the
      // section says (review helper-86): the line is for manual review. Among inclusions, see below.
      if (section == Section::exclusion)
         if (const std::size_t at = eligible_phrase(text); at != std::string_view::npos)
            throw BindError("'" + std::string(text.substr(at)) +
                                "' among the exclusion criteria says who may take part: Eligo cannot tell whether it excludes them or lets them in, "
                                "so the line is for manual review",
                            at);
      Predicate p = Binder(text, catalogue, warnings, nested, section, condition).bind(exclusion_reading(node, text, warnings, section));
      // Among inclusions "are eligible" after a value ("Karnofsky ≥ 70 are eligible") states the requirement; after a clinical
      // fact that is not the trial's condition it may only permit the fact, and Eligo cannot tell which.
      if (section == Section::inclusion && tests_other_fact(p, catalogue, condition))
         if (const std::size_t at = eligible_phrase(text); at != std::string_view::npos)
            throw BindError("'" + std::string(text.substr(at)) + "' after " + fact_named(p) + ", which is not " +
                                (condition ? "this trial's condition (" + condition->display + ")" : "the trial's condition (none given)") +
                                ", may permit it (those who have it are not turned away) rather than require it: Eligo cannot tell which, so the "
                                "line is for manual review (or give the reading in an as: line)",
                            at);
      // A reading no patient can meet, or none can fail, is not what the registry meant.
      if (const auto impossible = impossible_reading(p, catalogue, section == Section::exclusion)) throw BindError(impossible->reason, node.begin);
      reversed_comparisons(p, section, false, nested, node.begin, warnings);
      for (const std::size_t at : node.lost_equal) lost_equal_sign(text, at, warnings);
      settle_older_than(p, section != Section::exclusion);
      return p;
   }
   catch (BindError& e) {
      e.where.column = grammar::column_of(text, e.byte);
      throw;
   }
}

Predicate compile_criterion(std::string_view text, const CatalogueLexicon& lexicon, std::vector<Warning>& warnings, Section section, const Concept* condition,
                            std::vector<std::string>* unread, std::vector<std::string>* notes)
{
   grammar::Accounting accounting;
   const syntax::Node tree = grammar::parse_criterion(text, lexicon, &accounting);
   Predicate p = bind(tree, text, lexicon.catalogue(), warnings, {}, section, condition);
   std::vector<std::string> words = unread_words(text, accounting, lexicon, p);
   std::string note = refine_by_method(p, words, lexicon.catalogue());
   std::string defined = define_qualifier(p, words, text);
   if (unread) *unread = std::move(words);
   if (notes && !note.empty()) notes->push_back(std::move(note));
   if (notes && !defined.empty()) notes->push_back(std::move(defined));
   return p;
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
               o << " " << syntax::symbol(p.op) << " " << number_text(p.threshold) << " " << p.analyte->canonical.code;
               if (p.unit.dim != p.analyte->canonical.dim || std::fabs(p.unit.factor - p.analyte->canonical.factor) > 1e-12 * p.analyte->canonical.factor)
                  o << " [" << number_text(p.written) << " " << p.unit.code << "]";
               break;
            case Predicate::Test::range:
               o << " in " << number_text(p.threshold) << (p.low_open ? "<.." : "..") << (p.high_open ? "<" : "") << number_text(p.high) << " "
                 << p.analyte->canonical.code;
               break;
            case Predicate::Test::relative: o << " " << syntax::symbol(p.op) << " " << number_text(p.factor) << (p.upper ? " ULN" : " LLN"); break;
            case Predicate::Test::within_normal: o << " within-normal"; break;
         }
         if (p.assessed_within) o << " assessed within " << p.assessed_within << p.assessed_unit;
         o << ")";
         break;
      case K::score: {
         o << "(" << p.score->id << " in";
         for (const auto& [lo, hi] : p.accepted) o << " " << lo << ".." << hi;
         if (p.assessed_within) o << " assessed within " << p.assessed_within << p.assessed_unit;
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
      case K::qualifier: o << "(qualifier \"" << p.qualifier << "\"" << (p.carried ? " carried" : "") << ")"; break;
      case K::manual: o << "(manual)"; break;
      case K::lab_window: o << "(labs within " << p.lab_window_days << "d)"; break;
   }
   return o.str();
}

}  // namespace eligo
