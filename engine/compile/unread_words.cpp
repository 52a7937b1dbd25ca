#include "engine/compile/unread_words.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <set>

#include "engine/core/text.hpp"
#include "engine/core/words.hpp"
#include "grammar/parse_criterion.hpp"

namespace eligo {

namespace {

// "women", "males": the sex a word names, or "" for any other word.
std::string sex_named(const std::string& words)
{
   const std::string k = name_key(words);
   if (k == "women" || k == "woman" || k == "females" || k == "female") return "female";
   if (k == "men" || k == "man" || k == "males" || k == "male") return "male";
   return "";
}

// Whether the reading tests facts only, each of a concept of that sex (pregnant, lactating: female).
bool facts_of_sex(const Predicate& p, const std::string& sex)
{
   bool some = false, all = true;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.kind == Predicate::Kind::fact || q.kind == Predicate::Kind::qualifier) {
         some = true;
         all = all && q.concept_->sex == sex;
      }
      else if (q.kind != Predicate::Kind::all && q.kind != Predicate::Kind::any && q.kind != Predicate::Kind::negate)
         all = false;
      for (const auto& c : q.children) walk(c);
   };
   walk(p);
   return some && all;
}

// "Transaminases (ALT & AST) > 1.5 × ULN": a bracketed list of names ("ALT & AST", "ALT, AST", "ALT and AST") of analytes the
// reading tests restates the names before it.
bool names_tested(std::string_view text, const grammar::Unread& u, const CatalogueLexicon& lexicon, const Predicate& reading)
{
   const auto open = text.find_last_not_of(' ', u.begin == 0 ? 0 : u.begin - 1), close = text.find_first_not_of(' ', u.end);
   if (u.begin == 0 || open == std::string_view::npos || text[open] != '(' || close == std::string_view::npos || text[close] != ')') return false;
   std::vector<std::string> tested;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.kind == Predicate::Kind::measure) tested.push_back(q.analyte->id);
      for (const auto& c : q.children) walk(c);
   };
   walk(reading);
   int names = 0;
   std::string_view rest = u.words;
   while (!rest.empty()) {
      const auto skip = rest.find_first_not_of(" ,/&");
      if (skip == std::string_view::npos) break;
      rest.remove_prefix(skip);
      if (rest.size() > 4 && (rest[0] == 'a' || rest[0] == 'A') && (rest[1] == 'n' || rest[1] == 'N') && (rest[2] == 'd' || rest[2] == 'D') && rest[3] == ' ') {
         rest.remove_prefix(4);
         continue;
      }
      const std::size_t n = lexicon.match_name(grammar::Lexicon::Kind::analyte, rest);
      if (n == 0) return false;
      const Analyte* a = lexicon.catalogue().analyte(rest.substr(0, n));
      if (!a || std::find(tested.begin(), tested.end(), a->id) == tested.end()) return false;
      ++names;
      rest.remove_prefix(n);
   }
   return names >= 2;
}

// "(Barcelona Clinic Liver Cancer)" after "BCLC stage A", "(HBsAg positive)" after "HBsAg-positive": a note that is one
// whole catalogue name restates the words before it when the reading tests what it names (the analyte, the score, or the
// concept); "(HCV RNA positive)" after "hepatitis C" names a narrower finding the reading does not test, and is unread.
bool restates_tested(const grammar::Unread& u, const CatalogueLexicon& lexicon, const Predicate& reading)
{
   if (!u.whole_name) return false;
   const Catalogue& cat = lexicon.catalogue();
   const Analyte* a = cat.analyte(u.words);
   const Score* s = cat.score(u.words);
   const Concept* c = cat.concept_(u.words);
   bool tested = false;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if ((a && q.analyte == a) || (s && q.score == s) || (c && q.concept_ == c)) tested = true;
      for (const auto& child : q.children) walk(child);
   };
   walk(reading);
   return tested;
}

// "History of (non-infectious) pneumonitis", "pneumonitis (non-infectious)": a bracketed word that, with the concept's name
// beside it, is another name of the same concept the reading tests restates that name ("non-infectious pneumonitis" is a name
// of pneumonitis). Review helper-163: reported unread, it told the coordinator a word was dropped where nothing was.
bool completes_tested_name(std::string_view text, const grammar::Unread& u, const CatalogueLexicon& lexicon, const Predicate& reading)
{
   const Catalogue& cat = lexicon.catalogue();
   std::vector<const Concept*> tested;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.concept_ && std::find(tested.begin(), tested.end(), q.concept_) == tested.end()) tested.push_back(q.concept_);
      for (const auto& child : q.children) walk(child);
   };
   walk(reading);
   if (tested.empty() || u.begin == 0 || u.end >= text.size() || text[u.begin - 1] != '(' || text[u.end] != ')') return false;
   // The words right after the closing bracket and right before the opening one.
   std::size_t after = u.end + 1;
   while (after < text.size() && text[after] == ' ') ++after;
   std::size_t before = u.begin - 1;
   while (before > 0 && text[before - 1] == ' ') --before;
   const std::string lower_text = lower_ascii(std::string(text));
   for (const Concept* c : tested)
      for (const std::string& name : c->names) {
         if (cat.concept_(u.words + " " + name) != c) continue;
         const std::string n = lower_ascii(name);
         const bool follows = lower_text.compare(after, n.size(), n) == 0 &&
                              (after + n.size() == text.size() || !std::isalnum(static_cast<unsigned char>(text[after + n.size()])));
         const bool precedes = before >= n.size() && lower_text.compare(before - n.size(), n.size(), n) == 0 &&
                               (before == n.size() || !std::isalnum(static_cast<unsigned char>(text[before - n.size() - 1])));
         if (follows || precedes) return true;
      }
   return false;
}

// "±15%", "+/-15%", "(15 percent)": a percentage beside a test widens or narrows it (a tolerance on a limit).
bool percentage(const std::string& words)
{
   const std::string w = lower_ascii(words);
   if (w.find('%') != std::string::npos) return true;
   const std::vector<std::string> ws = lower_words(w);
   for (std::size_t i = 0; i < ws.size(); ++i)
      if (ws[i] == "percent" || (ws[i] == "cent" && i > 0 && ws[i - 1] == "per")) return true;
   return false;
}

// Words that say when: a unit of time ("within 2 months", "in the past six months", "within fourteen days", "72h", "7d",
// "6+ months", "five half-lives", "this year"), a calendar year after a word of time ("since 2020"), or a time-scope word
// ("recent", "current", "ongoing", "presently", "planned", "during"). An age ("18 years of age", "aged 65 years"), a study
// day ("Day 1", "day -7", unless "since day -28") and an edition ("WHO 2019") are not. A list of words: a time said
// otherwise can still be missed.
bool time_limit(const std::string& words, const grammar::Lexicon& lexicon)
{
   static const char* units[] = {"hour",      "hours",      "hr",     "hrs",     "day",    "days",    "week",   "weeks", "wk", "wks",
                                 "month",     "months",     "mo",     "mos",     "mth",    "mths",    "year",   "years", "yr", "yrs",
                                 "fortnight", "fortnights", "decade", "decades", "weekly", "monthly", "yearly", "daily"};
   // Besides the catalogue's time-scope words (qualifier_words.json "scope": current, active, ongoing, concurrent …), which
   // the grammar reads before a fact: words that say when but are read nowhere.
   static const char* scope[] = {"recent", "recently", "intercurrent", "presently", "present", "now", "planned", "during", "screening", "minute", "minutes"};
   static const char* from[] = {"since", "in", "from", "until", "before", "after", "during", "between", "within", "by"};
   auto in = [](const auto& list, const std::string& w) { return std::find(std::begin(list), std::end(list), w) != std::end(list); };
   const std::string w = lower_ascii(words);
   // An age is no time limit: "18 years of age", "aged 18 years", "age ≥ 65 years", "65 years or older", "a 70-year-old".
   auto age_at = [&](std::size_t at, std::size_t unit_end) {
      const std::string before = w.substr(at >= 12 ? at - 12 : 0, at >= 12 ? 12 : at);
      const std::string after = w.substr(unit_end, 14);
      for (const char* a : {" of age", " old", "-old", " or older", " and older", " or over", " and over", " or above", " and above"})
         if (after.rfind(a, 0) == 0) return true;
      for (const char* b : {"aged ", "age ", "age of ", "age: ", "age \u2265 ", "age >= ", "age > "})
         if (before.size() >= std::strlen(b) && before.compare(before.size() - std::strlen(b), std::strlen(b), b) == 0) return true;
      return false;
   };
   // Digits with a unit ("28 days", "24-hour", "72h", "7d", "3 mths", "6+ months"); "3D-CRT" (a technique) is no time.
   for (std::size_t i = 0; i < w.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(w[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(w[i - 1])))) continue;
      std::size_t j = i;
      while (j < w.size() && (std::isdigit(static_cast<unsigned char>(w[j])) || w[j] == '.')) ++j;
      const std::string number = w.substr(i, j - i);
      // A calendar year after a word of time: "since 2020", "in 2025" (not an edition: "WHO 2019").
      if (number.size() == 4 && (number.rfind("19", 0) == 0 || number.rfind("20", 0) == 0)) {
         std::size_t b = i;
         while (b > 0 && w[b - 1] == ' ') --b;
         std::size_t a = b;
         while (a > 0 && std::isalpha(static_cast<unsigned char>(w[a - 1]))) --a;
         if (in(from, w.substr(a, b - a))) return true;
      }
      if (j < w.size() && w[j] == '+') ++j;
      const bool spaced = j < w.size() && (w[j] == ' ' || w[j] == '-');
      while (j < w.size() && (w[j] == ' ' || w[j] == '-')) ++j;
      std::size_t k = j;
      while (k < w.size() && std::isalpha(static_cast<unsigned char>(w[k]))) ++k;
      const std::string unit = w.substr(j, k - j);
      const std::string rest = w.substr(k, 10);
      const bool technique = unit == "d" && !spaced &&
                             (rest.rfind("-crt", 0) == 0 || rest.rfind(" crt", 0) == 0 || rest.rfind(" conformal", 0) == 0 ||
                              rest.rfind("-conformal", 0) == 0 || rest.rfind(" imag", 0) == 0 || rest.rfind(" print", 0) == 0);
      const bool letter = unit == "h" || unit == "w" || unit == "y" || (unit == "d" && !technique);
      if ((in(units, unit) || letter) && !age_at(i, k)) return true;
   }
   for (std::size_t i = 0; i < w.size(); ++i)
      if ((i == 0 || !std::isalnum(static_cast<unsigned char>(w[i - 1]))) && std::isalpha(static_cast<unsigned char>(w[i])) &&
          lexicon.match_scope(std::string_view(w).substr(i)) > 0)
         return true;
   const std::vector<std::string> ws = lower_words(w);
   for (std::size_t i = 0; i < ws.size(); ++i) {
      if (in(scope, ws[i])) return true;
      if ((ws[i] == "life" || ws[i] == "lives") && i > 0 && ws[i - 1] == "half") return true;
      if (!in(units, ws[i])) continue;
      // "Day 1", "day -7": a study day, not a span, unless a word of time comes before it ("since day -28").
      if ((ws[i] == "day" || ws[i] == "days") && i + 1 < ws.size() && std::isdigit(static_cast<unsigned char>(ws[i + 1][0])) && !(i > 0 && in(from, ws[i - 1])))
         continue;
      // After digits the scan above has decided it (an age is no time); a count in words before "of age" / "old" is an age.
      if (i > 0 && std::isdigit(static_cast<unsigned char>(ws[i - 1][0]))) continue;
      if (i + 1 < ws.size() && (ws[i + 1] == "old" || (ws[i + 1] == "of" && i + 2 < ws.size() && ws[i + 2] == "age"))) continue;
      return true;
   }
   return false;
}

// "II", "IIIb", "IA", "B", "3": a value a stage, class or grade may take (after a score's name, also "60", "B7").
bool scale_value_token(const std::string& t, bool roman_only = false, bool score_value = false)
{
   std::size_t n = 0;
   while (n < t.size() && (t[n] == 'I' || t[n] == 'V')) ++n;
   const std::string roman = t.substr(0, n), rest = t.substr(n);
   const bool numeral = roman == "I" || roman == "II" || roman == "III" || roman == "IV" || roman == "V";
   if (numeral && (rest.empty() || (rest.size() == 1 && std::strchr("ABCabc", rest[0])))) return true;
   if (roman_only) return false;
   if (t.size() == 1 && std::strchr("ABCD012345", t[0])) return true;
   if (t.size() == 2 && std::strchr("1234", t[0]) && std::strchr("ABCabc", t[1])) return true;  // "3b"
   for (const char* word : {"one", "two", "three", "four"})                                     // "stage four"
      if (lower_ascii(t) == word) return true;
   const bool digits = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
   if (score_value && digits && t.size() <= 3) return true;                                                                      // "KPS 60"
   if (score_value && t.size() == 2 && std::strchr("ABC", t[0]) && std::isdigit(static_cast<unsigned char>(t[1]))) return true;  // "B7"
   return false;
}

// "T3", "N0", "M1", "T3N0M0", "G3", "PS2": a TNM category, a histological grade or a performance status written as a label.
bool tnm_or_grade(const std::string& t)
{
   auto category = [&](std::size_t& i) {
      if (i + 1 >= t.size() || !(std::isdigit(static_cast<unsigned char>(t[i + 1])) || t[i + 1] == 'x' || t[i + 1] == 'X')) return false;
      i += 2;
      while (i < t.size() && std::islower(static_cast<unsigned char>(t[i]))) ++i;
      return true;
   };
   std::size_t i = 0;
   // The Liver Cancer Study Group of Japan's grades of portal vein (Vp), hepatic vein (Vv) and bile duct (B) invasion, and
   // the form of oesophageal varices (F): "Vp4", "Vv2", "B2", "F3".
   for (const char* prefix : {"PS", "Vp", "Vv"})
      if (t.rfind(prefix, 0) == 0) {
         i = 1;
         return category(i) && i == t.size() && t.size() == 3;
      }
   if (!t.empty() && (t[0] == 'G' || t[0] == 'B' || t[0] == 'F')) return t.size() == 2 && category(i) && i == t.size();
   if (t.size() > 2 && std::strchr("cpyr", t[0])) i = 1;  // "pT2", "ypN0": pathological, after therapy
   int parts = 0;
   for (const char letter : {'T', 'N', 'M'})
      if (i < t.size() && t[i] == letter && category(i)) ++parts;
   return parts >= 1 && i == t.size();
}

// A stage, class or grade the reading does not test: "(BCLC stage B)" after hepatocellular carcinoma, "(classes II to IV of
// the New York Heart Association)" after heart failure, "(stage IA to IIB)", "(stage IIIB)", "(Child-Pugh B)", "(BCLC-C)",
// "(grade 3)", "(G3)", "(T3N0M0)", "(type 2)". Read without it, a patient at another stage would meet the line. A stage of
// a score the reading tests restates it ("Child-Pugh A (Child-Pugh score 5-6)"), as do words the line says outside the
// note ("Type 1 diabetes mellitus (type 1)"). A reference to a part of the protocol is no value ("(ECOG, see Appendix B)").
bool stage_or_class(std::string_view text, grammar::Unread& u, const CatalogueLexicon& lexicon, const Predicate& reading)
{
   const std::string words = u.words;
   // The scale words, stages and states in words, and the words between a scale's name and its value ("NYHA class III",
   // "ECOG performance status 2"): note_value_words.json. A state the reading does not test: "Cirrhosis (decompensated)"
   // is not any cirrhosis.
   const NoteValueWords& nv = lexicon.catalogue().note_value_words();
   const std::set<std::string>&scale = nv.scale, &stage_words = nv.stage, &state_words = nv.state, &bridge = nv.bridge;
   std::vector<const Score*> tested;
   bool conditions_only = true, facts = false;  // every fact the reading tests is a condition (no drug: "IV" is no route)
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.score) tested.push_back(q.score);
      if (q.kind == Predicate::Kind::fact && q.concept_) {
         facts = true;
         conditions_only = conditions_only && q.concept_->kind == ConceptKind::condition;
      }
      for (const auto& c : q.children) walk(c);
   };
   walk(reading);
   std::vector<std::pair<std::size_t, std::string>> tokens;  // (offset, token as written)
   for (std::size_t i = 0; i < words.size();) {
      if (!std::isalnum(static_cast<unsigned char>(words[i]))) {
         ++i;
         continue;
      }
      std::size_t j = i;
      while (j < words.size() && std::isalnum(static_cast<unsigned char>(words[j]))) ++j;
      tokens.emplace_back(i, words.substr(i, j - i));
      i = j;
   }
   // The line outside the note, lower-cased: a value it says there is restated, not added.
   const std::string outside = lower_ascii(std::string(text.substr(0, u.begin)) + " " + std::string(text.substr(std::min(u.end, text.size()))));
   const std::vector<std::string> outside_words = lower_words(outside);
   std::string squeezed;  // the line outside the note without spaces or hyphens: "CA 19-9" holds "ca19"
   for (char c : outside)
      if (std::isalnum(static_cast<unsigned char>(c))) squeezed += c;
   auto said_outside = [&](const std::string& t) {
      const std::string w = lower_ascii(t);
      return std::find(outside_words.begin(), outside_words.end(), w) != outside_words.end() || (w.size() >= 3 && squeezed.find(w) != std::string::npos);
   };
   // A scale's name with its value ("grade 3", "Child-Pugh B") restates only as a pair: the "3" of "in the past 3 months" or
   // the "B" of "hepatitis B" is no grade 3 or class B.
   auto pair_said_outside = [&](std::string_view pair) {
      std::string w;
      for (char c : pair)
         if (std::isalnum(static_cast<unsigned char>(c))) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return !w.empty() && squeezed.find(w) != std::string::npos;
   };
   auto in = [](const std::set<std::string>& list, const std::string& w) { return list.count(lower_ascii(w)) != 0; };
   auto value_after = [&](std::size_t name, std::size_t from, bool score_value) {
      for (std::size_t k = from; k < tokens.size() && k < from + 3; ++k) {
         if (scale_value_token(tokens[k].second, false, score_value) || (score_value && grammar::stage_label(tokens[k].second)))
            return !pair_said_outside(std::string_view(words).substr(tokens[name].first, tokens[k].first + tokens[k].second.size() - tokens[name].first));
         if (!in(bridge, tokens[k].second)) return false;
      }
      return false;
   };
   // "(grade 3)", "(PS 0-1)": the scale word is on the no-meaning list, so the run is its value alone.
   std::size_t b = u.begin;
   while (b > 0 && text[b - 1] == ' ') --b;
   std::size_t a = b;
   while (a > 0 && std::isalpha(static_cast<unsigned char>(text[a - 1]))) --a;
   const std::string before = lower_ascii(text.substr(a, b - a));
   const bool scale_before = in(scale, before) || (tested.empty() && (before == "ps" || before == "status" || before == "score"));
   if (scale_before && !tokens.empty() && scale_value_token(tokens.front().second, false, tested.empty()) &&
       !pair_said_outside(before + tokens.front().second) && !(before == "type" && said_outside(tokens.front().second))) {
      u.words = std::string(text.substr(a, u.end - a));  // quoted with its scale word: "grade 3"
      u.begin = a;
      return true;
   }
   int romans = 0;
   for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::string& t = tokens[i].second;
      // A score's name with a value: "Child-Pugh B", "NYHA III", "ECOG 2", "BCLC-C" (unless the reading tests that score).
      if (const std::size_t n = lexicon.match_name(grammar::Lexicon::Kind::score, std::string_view(words).substr(tokens[i].first)); n > 0) {
         const Score* sc = lexicon.catalogue().score(words.substr(tokens[i].first, n));
         std::size_t next = i + 1;
         while (next < tokens.size() && tokens[next].first < tokens[i].first + n) ++next;
         const bool is_tested = sc && std::find(tested.begin(), tested.end(), sc) != tested.end();
         if (!is_tested && value_after(i, next, true)) return true;
         i = next - 1;
         continue;
      }
      // "Hepatitis B (type B)": the type the name says.
      if (in(scale, t) && value_after(i, i + 1, false) && !(lower_ascii(t) == "type" && i + 1 < tokens.size() && said_outside(tokens[i + 1].second)))
         return true;
      // "(G3)", "(M1)", "(PS2)", "(T3N0M0)": a grade, a performance status or a TNM category as a label.
      if (tested.empty() && tnm_or_grade(t) && !said_outside(t)) return true;
      if (scale_value_token(t, true) && (t.size() > 1 || t == "V") && !said_outside(t)) {
         ++romans;
         // "(IIIb)", "(FIGO IIIC)", "(III)": a roman numeral with its letter, or II or III, is a stage on its own ("IV" may
         // be intravenous, "I" a word).
         if (tested.empty() && ((std::isalpha(static_cast<unsigned char>(t.back())) && t.back() != 'I' && t.back() != 'V') || t == "II" || t == "III"))
            return true;
         // "Hepatocellular carcinoma (IV)": a numeral alone in the note after a disease is its stage (review helper-133).
         if (tested.empty() && tokens.size() == 1 && facts && conditions_only) return true;
      }
      // "(intermediate stage)", "(advanced stage)", "(decompensated)": a stage or state in words.
      if (tested.empty() && in(stage_words, t)) {
         // The word after it, in the run or just after it ("stage" is on the no-meaning list).
         std::string next = i + 1 < tokens.size() ? lower_ascii(tokens[i + 1].second) : "";
         if (next.empty()) {
            std::size_t k = std::min(u.end, text.size());
            while (k < text.size() && text[k] == ' ') ++k;
            std::size_t e = k;
            while (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e]))) ++e;
            next = lower_ascii(text.substr(k, e - k));
         }
         if (next == "stage" || next == "disease") return true;
      }
      if (in(state_words, t)) return true;
   }
   // "IA to IIB", "II-IV": a range of stages with its scale word read elsewhere.
   return romans >= 2 && tested.empty();
}

// "(dose escalation phase)", "(expansion cohort)", "(Part A)", "(arms A and B)", "(safety run-in)": the line holds only for
// one part of the study, which a patient's record cannot say (note_value_words.json "study_part", "labelled_part").
bool study_part(const std::string& words, const NoteValueWords& nv)
{
   const std::vector<std::string> ws = lower_words(lower_ascii(words));
   for (std::size_t i = 0; i < ws.size(); ++i) {
      const std::string& w = ws[i];
      // "part a", "arm 2", "part ii", "group b" (not "part of", "arm and", "grade group 4")
      const bool labelled = i + 1 < ws.size() && ws[i + 1].size() <= 3 && ws[i + 1] != "of" && ws[i + 1] != "and" && ws[i + 1] != "or" && ws[i + 1] != "to" &&
                            ws[i + 1] != "in" && ws[i + 1] != "the" && !(i > 0 && ws[i - 1] == "grade");
      if (nv.study_part.count(w) || (w == "run" && i + 1 < ws.size() && ws[i + 1] == "in") || (nv.labelled_part.count(w) && labelled)) return true;
   }
   return false;
}

// "(acute phase)", "(HBeAg-negative phase)", "(dose escalation phase)": a phase of the disease or of the study
// (note_value_words.json "phase").
bool phase(const std::string& words, const NoteValueWords& nv)
{
   const std::vector<std::string> ws = lower_words(lower_ascii(words));
   return std::any_of(ws.begin(), ws.end(), [&](const std::string& w) { return nv.phase.count(w) != 0; });
}

// An unread run that states a condition of the test or the fact is never left unread in silence: the line is manual
// review, as an unread exception is (docs/language.md, "Accounting of words").
[[noreturn]] void refuse(std::string_view text, const grammar::Unread& u, const std::string& what)
{
   BindError e("the " + what + " '" + u.words + "' is not read: Eligo does not drop it, so the line is for manual review (or give the reading in an as: line)",
               u.begin);
   e.where.column = grammar::column_of(text, u.begin);
   throw e;
}

}  // namespace

bool states_time_limit(std::string_view words, const grammar::Lexicon& lexicon) { return time_limit(std::string(words), lexicon); }

std::vector<std::string> unread_words(std::string_view text, const grammar::Accounting& accounting, const CatalogueLexicon& lexicon, const Predicate& reading)
{
   std::vector<std::string> out;
   for (auto& u : grammar::unread_words(text, accounting, lexicon)) {
      const std::string sex = sex_named(u.words);
      if (!sex.empty() && facts_of_sex(reading, sex)) continue;
      if (names_tested(text, u, lexicon, reading) || restates_tested(u, lexicon, reading) || completes_tested_name(text, u, lexicon, reading)) continue;
      if (percentage(u.words)) refuse(text, u, "percentage");
      if (time_limit(u.words, lexicon)) refuse(text, u, "time limit");
      const NoteValueWords& nv = lexicon.catalogue().note_value_words();
      if (phase(u.words, nv)) refuse(text, u, "phase");
      if (study_part(u.words, nv)) refuse(text, u, "part of the study");
      if (stage_or_class(text, u, lexicon, reading)) refuse(text, u, "stage, class or grade");
      out.push_back(std::move(u.words));
   }
   return out;
}

}  // namespace eligo
