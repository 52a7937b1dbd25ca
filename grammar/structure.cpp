#include "grammar/structure.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>
#include <vector>
#include <initializer_list>

namespace eligo::grammar {

namespace {

bool ends_with_colon(std::string_view s)
{
   std::size_t e = s.size();
   while (e > 0 && (std::isspace(static_cast<unsigned char>(s[e - 1])) || s[e - 1] == '*' || s[e - 1] == '_')) --e;
   return e > 0 && s[e - 1] == ':';
}

// The words of a line, lower case, one space apart, padded with a space at each end so
// that " any of " finds whole words; punctuation is a space ("inclusion/exclusion" is two
// words, "e.g." is "e g"). A leading list marker ("5.", "1)", "(a)") is dropped.
std::string words_of(std::string_view s)
{
   std::string out = " ";
   for (char ch : s) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || c >= 0x80)
         out += static_cast<char>(std::tolower(c));
      else if (out.back() != ' ')
         out += ' ';
   }
   if (out.back() != ' ') out += ' ';
   // " 5 other exclusion criteria " -> " other exclusion criteria "
   std::size_t i = 1;
   while (i < out.size() && std::isdigit(static_cast<unsigned char>(out[i]))) ++i;
   if (i > 1 && i < out.size() && out[i] == ' ') out.erase(1, i);
   return out;
}

std::string lower_ascii(std::string_view s)
{
   std::string out(s);
   for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   return out;
}

bool has(const std::string& words, std::string_view phrase) { return words.find(phrase) != std::string::npos; }

bool starts(const std::string& words, std::string_view phrase) { return words.rfind(phrase, 0) == 0; }

// The first of the phrases the words hold, or nothing.
std::optional<std::string_view> first_of(const std::string& words, std::initializer_list<std::string_view> phrases)
{
   for (auto p : phrases)
      if (has(words, p)) return p;
   return std::nullopt;
}

std::string trimmed(std::string_view p)
{
   while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
   while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
   return std::string(p);
}

void erase_all(std::string& words, std::string_view phrase)
{
   for (std::size_t at = words.find(phrase); at != std::string::npos; at = words.find(phrase)) words.replace(at, phrase.size(), " ");
}

// The heading without its trailing colon (and the '*' or '_' of emphasis).
std::string_view without_colon(std::string_view s)
{
   while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ':' || s.back() == '*' || s.back() == '_')) s.remove_suffix(1);
   return s;
}

// The heading's words that would scope its items, as written: the heading without its colon.
std::string scope_text(std::string_view heading) { return std::string(without_colon(heading)); }

// Where a whole word starts in text (any case), or npos.
std::size_t word_at(std::string_view text, std::string_view word)
{
   const std::string low = lower_ascii(text);
   for (std::size_t at = low.find(word); at != std::string::npos; at = low.find(word, at + 1)) {
      const bool starts_word = at == 0 || !std::isalnum(static_cast<unsigned char>(low[at - 1]));
      const std::size_t end = at + word.size();
      if (starts_word && (end >= low.size() || !std::isalnum(static_cast<unsigned char>(low[end])))) return at;
   }
   return std::string_view::npos;
}

// The lead-ins that may follow a window before the items: "… within 14 days of enrollment, defined as:".
constexpr std::string_view window_lead_ins[] = {"as defined below", "as defined by", "as evidenced by", "as assessed by", "as shown below",
                                                "defined as",       "as follows",    "as below",        "the following",  "including"};

// A present use in a heading: "Patients receiving any of the following:" are those on them at screening, not those who ever had
// them (review helper-147: the items read as history). Not the moment the screening date stands for ("prior to receiving study
// drug:", review helper-153), nor a history ("History of receiving any of").
std::optional<std::string_view> present_use_word(const std::string& scan)
{
   std::string use = scan;
   for (std::string_view moment : {" prior to receiving ", " before receiving ", " history of receiving ", " prior to taking ", " before taking "})
      for (std::size_t at = use.find(moment); at != std::string::npos; at = use.find(moment)) use.replace(at, moment.size(), " ");
   // The word as it stands in `scan`, which outlives this call.
   for (std::string_view w : {" receiving ", " taking "})
      if (use.find(w) != std::string::npos) return first_of(scan, {w});
   return std::nullopt;
}

// The time a heading states, as written ("within the past 6 months", "active"), into `r`: the words its items are read
// without, and a window "within N …" that tests may take as their own.
void scope_phrase(std::string_view heading, const std::string& word, HeadingReading& r)
{
   const std::string_view text = without_colon(heading);
   r.scope_words = std::string(text);
   const std::size_t at = word_at(text, word);
   if (at == std::string_view::npos) return;
   for (std::string_view single : {"current", "currently", "concurrent", "ongoing", "active", "recent", "recently", "previously", "receiving", "taking"})
      if (word == single) r.scope_words = std::string(text.substr(at, word.size()));
   if (word != "within") return;
   std::string_view window = text.substr(at);
   std::string_view tail;  // what follows the window after a comma ("…, any of the following")
   if (const std::size_t stop = window.find_first_of(",;:"); stop != std::string_view::npos) {
      tail = window.substr(stop);
      window = window.substr(0, stop);
   }
   while (!window.empty() && window.back() == ' ') window.remove_suffix(1);
   std::string lead_in;
   for (bool stripped = true; stripped;) {
      stripped = false;
      for (std::string_view l : window_lead_ins)
         if (const std::size_t w = word_at(window, l); w != std::string_view::npos && w + l.size() == window.size() && w > 0) {
            lead_in = std::string(window.substr(w)) + (lead_in.empty() ? "" : " " + lead_in);
            window = window.substr(0, w);
            while (!window.empty() && (window.back() == ' ' || window.back() == ',')) window.remove_suffix(1);
            stripped = true;
         }
   }
   r.scope_words = std::string(window);
   r.window = std::string(window);
   std::string before(text.substr(0, at));
   while (!before.empty() && (before.back() == ' ' || before.back() == ',')) before.pop_back();
   r.without_window = before + (lead_in.empty() ? "" : " " + lead_in) + std::string(tail) + ":";
   r.before_window = before;
   r.after_window = (lead_in.empty() ? "" : " " + lead_in) + std::string(tail) + ":";
}

}  // namespace

bool plain_section_title(std::string_view text)
{
   const std::string w = words_of(text);
   for (std::string_view t :
        {" inclusion ", " exclusion ", " inclusion criteria ", " exclusion criteria ", " key inclusion criteria ", " key exclusion criteria "})
      if (w == t) return true;
   return false;
}

SectionName section_heading(std::string_view text)
{
   const std::string w = words_of(text);
   if (plain_section_title(text)) return has(w, " inclusion ") ? SectionName::inclusion : SectionName::exclusion;
   if (has(w, " inclusion exclusion ") || has(w, " exclusion inclusion ")) return SectionName::none;
   // A sentence that points at criteria or excepts from one is no heading.
   if (first_of(w, {" see ", " apply ", " applies ", " defined in ", " described in ", " listed in ", " stated in ", " except ", " exception ", " exceptions ",
                    " not an ", " unless "}))
      return SectionName::none;
   // "Exclusion criteria: pregnant women" is a criterion behind a caption, not a heading.
   if (const std::size_t colon = text.find(':'); colon != std::string_view::npos && !ends_with_colon(text.substr(colon))) return SectionName::none;
   const bool inc = has(w, " inclusion criteria "), exc = has(w, " exclusion criteria ");
   if (inc != exc) {
      const std::string_view title = inc ? " inclusion criteria " : " exclusion criteria ";
      // A title ("Other Exclusion Criteria", "Additional inclusion criteria for the phase I portion"), or a sentence ending in ':'.
      bool titled = starts(w, title);
      for (std::string_view lead : {" key", " other", " additional", " general", " specific", " main", " further"})
         titled = titled || starts(w, std::string(lead) + std::string(title));
      if (titled || ends_with_colon(text)) return inc ? SectionName::inclusion : SectionName::exclusion;
      return SectionName::none;
   }
   if (!inc && ends_with_colon(text) &&
       first_of(w, {" not eligible ", " ineligible ", " not be eligible ", " will be excluded ", " are excluded ", " be excluded from ", " not be enrolled ",
                    " not to be enrolled ", " not be included ", " not be entered "}))
      return SectionName::exclusion;
   return SectionName::none;
}

const char* quantifier_phrase(HeadingReading::Combination c)
{
   switch (c) {
      case HeadingReading::Combination::all: return "all of the following:";
      case HeadingReading::Combination::any: return "any of the following:";
      case HeadingReading::Combination::none: return "none of the following:";
      case HeadingReading::Combination::not_all: return "";
   }
   return "";
}

const char* combination_words(HeadingReading::Combination c)
{
   switch (c) {
      case HeadingReading::Combination::all: return "all of";
      case HeadingReading::Combination::any: return "any of";
      case HeadingReading::Combination::none: return "none of";
      case HeadingReading::Combination::not_all: return "not all of";
   }
   return "";
}

// A count of the items other than "any" or "all": "No more than one of", "at most one of", "exactly one of" (review helper-133:
// read as none or any, they judged a patient with one item as having none, or two), "2 or more of", "≥2 of", "0-1 of", "Max 1
// of", "Majority of" (reviews helper-134, -135). Read on the heading as written, with its signs and a leading number, which
// words_of() drops. The words that count, if any.
namespace {
std::string counting_words(std::string_view heading, bool plain_one = true)
{
   std::string t = " ";
   for (std::size_t i = 0; i < heading.size(); ++i) {
      const std::string_view rest = heading.substr(i);
      const unsigned char c = static_cast<unsigned char>(heading[i]);
      if (rest.rfind("≥", 0) == 0 || rest.rfind("≤", 0) == 0) {
         t += rest[2] == '\xa5' ? " >= " : " <= ";  // U+2265, U+2264
         i += 2;
      }
      else if (c == '<' || c == '>' || c == '=') {
         t += ' ';
         t += static_cast<char>(c);
         if (i + 1 < heading.size() && heading[i + 1] == '=') t += heading[++i];
         t += ' ';
      }
      else if (std::isalnum(c))
         t += static_cast<char>(std::tolower(c));
      else
         t += c == '-' ? " - " : " ";
   }
   std::string squeezed;
   for (char ch : t)
      if (ch != ' ' || squeezed.empty() || squeezed.back() != ' ') squeezed += ch;
   if (squeezed.back() != ' ') squeezed += ' ';
   // The ways to say "any one", which is no count.
   for (std::string_view any :
        {" at least one of ", " at least 1 of ", " >= 1 of ", " one or more of ", " 1 or more of ", " any one of ", " any 1 of ", " any single one of ",
         " one or greater of ", " 1 or greater of ", " one or above of ", " 1 or above of ", " one and more of ", " 1 and more of ", " 1 of "})
      if (plain_one || any != " 1 of ")
         for (std::size_t at = squeezed.find(any); at != std::string::npos; at = squeezed.find(any)) squeezed.replace(at, any.size(), " any of ");
   return squeezed;
}

std::optional<std::string> counted_items(std::string_view heading)
{
   const std::string squeezed = counting_words(heading, false);  // "0 or 1 of" keeps its "1"
   static const std::regex count(
       R"( (>=|<=|<|>|=) \d+ (or more |or fewer |or less )?of | (at least|at most|more than|fewer than|less than|no more than|not more than|maximum|max|minimum|min|up to|exactly|majority|half) ((\w+ ){0,2})of | only (one|1|two|2|three|3) of | (\d+|zero|two|three|four|five|six|seven|eight|nine|ten)( (or|to|-) (\d+|one|two|three|four|five|six|more|fewer|less|none))? of | (one|1) (or|to|-) (none|zero|0|fewer|less) of )");
   for (auto m = std::sregex_iterator(squeezed.begin(), squeezed.end(), count); m != std::sregex_iterator(); ++m)
      if (const std::string words = trimmed(m->str()); words != "1 of") return words;  // "1 of" alone is "one of"
   return std::nullopt;
}
}  // namespace

namespace {
// The heading after a list marker: "2. ", "(1) ", "a) ".
std::string_view after_list_marker(std::string_view heading)
{
   std::size_t at = heading.find_first_not_of(" \t");
   if (at == std::string_view::npos) return {};
   std::string_view rest = heading.substr(at);
   std::size_t n = 0;
   const bool open = rest[0] == '(';
   if (open) ++n;
   const std::size_t digits = n;
   while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
   // "a) ", "(a) ", "b. ", and "1a. " after a number.
   if (n < rest.size() && std::isalpha(static_cast<unsigned char>(rest[n])) && n + 1 < rest.size() && (rest[n + 1] == ')' || rest[n + 1] == '.')) ++n;
   if (n == digits) return rest;
   // Then ".", ")", ":", ".)" or " - ", and spaces: "2. ", "2.Any", "2) ", "2: ", "2 - ".
   std::size_t end = n;
   while (end < rest.size() && (rest[end] == '.' || rest[end] == ')' || rest[end] == ':')) ++end;
   if (end == n) {  // "2 - ", "2- ": a dash with a space after it ("2-week" is no list number)
      std::size_t k = n;
      while (k < rest.size() && rest[k] == ' ') ++k;
      if (k + 1 < rest.size() && rest[k] == '-' && rest[k + 1] == ' ') end = k + 1;
   }
   if (end == n) return rest;  // "2 or more of": no marker
   rest.remove_prefix(end);
   return rest.substr(std::min(rest.find_first_not_of(' '), rest.size()));
}
}  // namespace

namespace {
// Contractions spelled out in a heading's words: " hasn t " (or "hasn’t") is " has not ", " can t " and " cannot " are
// " can not ", " won t " is " will not " (review: "Hasn't received any of the following:" was read as any of them).
std::string spelled_out(std::string w)
{
   for (std::size_t at = w.find("\xe2\x80\x99t "); at != std::string::npos; at = w.find("\xe2\x80\x99t ", at)) w.replace(at, 4, " t ");
   std::string out;
   std::istringstream tokens(w);
   std::vector<std::string> t;
   for (std::string x; tokens >> x;) t.push_back(x);
   for (std::size_t i = 0; i < t.size(); ++i) {
      const bool contracted = i + 1 < t.size() && t[i + 1] == "t" && t[i].size() > 2 && t[i].back() == 'n';
      if (t[i] == "cannot" || (contracted && t[i] == "can"))
         out += " can not";
      else if (contracted && t[i] == "won")
         out += " will not";
      else if (contracted)
         out += " " + t[i].substr(0, t[i].size() - 1) + " not";
      else {
         out += " " + t[i];
         continue;
      }
      if (t[i] != "cannot") ++i;  // the "t"
   }
   return out + " ";
}

// Whether a negation in the heading governs its items: the negation, then only words that say having or receiving, then the
// quantifier ("must not have any of", "with no history of any of", "lack of any of", "has not received any of the following").
// "Any of the following, with no other cause:" has a negation that governs no item (review: it was read as none of them).
std::optional<std::string> negation_governs(const std::string& w)
{
   static const std::set<std::string, std::less<>> between{"have",  "has",   "had",      "having",     "received",  "been",  "experienced", "history",
                                                           "of",    "a",     "an",       "evidence",   "undergone", "taken", "used",        "documented",
                                                           "known", "prior", "previous", "previously", "ever",      "any",   "be"};
   // What may follow the quantifier: nothing, or a noun for the items ("any of the following treatments"). "… or has
   // progressed", "… other than adjuvant therapy", "… for advanced disease", "… in combination" say more (review helper-143).
   static const std::set<std::string, std::less<>> after{
       "treatment",  "treatments", "therapy",  "therapies", "drug",      "drugs",   "agent",     "agents",    "medication", "medications", "condition",
       "conditions", "disease",    "diseases", "disorder",  "disorders", "illness", "illnesses", "procedure", "procedures", "criteria",    "criterion"};
   std::istringstream tokens(w);
   std::vector<std::string> t;
   for (std::string x; tokens >> x;) t.push_back(x);
   for (std::size_t i = 0; i < t.size(); ++i) {
      const bool negation = t[i] == "no" || t[i] == "not" || t[i] == "without" || t[i] == "never" ||
                            ((t[i] == "lack" || t[i] == "free" || t[i] == "absence") && i + 1 < t.size() && t[i + 1] == "of");
      if (!negation) continue;
      std::size_t k = i + 1;
      while (k < t.size() && between.count(t[k]) && !(t[k] == "any" && k + 1 < t.size() && t[k + 1] == "of")) ++k;
      if (k + 1 < t.size() && ((t[k + 1] == "of" && (t[k] == "any" || t[k] == "one" || t[k] == "either")) || (t[k] == "the" && t[k + 1] == "following"))) {
         std::size_t e = k + 2;
         if (e + 1 < t.size() && t[e] == "the" && t[e + 1] == "following") e += 2;
         if (e < t.size() && after.count(t[e])) ++e;
         if (e != t.size()) return std::nullopt;
         std::string said;
         for (std::size_t j = i; j <= k + 1; ++j) said += (j == i ? "" : " ") + t[j];
         return said;
      }
   }
   return std::nullopt;
}
}  // namespace

bool numbered_heading(std::string_view heading)
{
   const std::size_t at = heading.find_first_not_of(" \t");
   if (at == std::string_view::npos) return false;
   const std::string_view rest = heading.substr(at);
   return std::isdigit(static_cast<unsigned char>(rest[0])) || rest[0] == '<' || rest[0] == '>' || rest[0] == '=' || rest.rfind("≥", 0) == 0 ||
          rest.rfind("≤", 0) == 0;
}

HeadingReading read_heading(std::string_view heading, bool exclusion)
{
   using C = HeadingReading::Combination;
   HeadingReading r;
   std::string w = spelled_out(words_of(heading));
   const C section_default = exclusion ? C::any : C::all;
   auto manual = [&](std::string problem) {
      r.problem = std::move(problem);
      return r;
   };

   // "defined as 1 of the following", "at least 1 of the following": the digit is the word.
   for (std::string_view d : {" at least 1 of ", " 1 of "}) {
      const std::string one = d.size() > 6 ? " at least one of " : " one of ";
      for (std::size_t at = w.find(d); at != std::string::npos; at = w.find(d)) w.replace(at, d.size(), one);
   }
   if (auto n = first_of(w, {" at least two of ", " at least three of ", " at least four of ", " at least 2 of ", " at least 3 of ", " at least 4 of ",
                             " two of ", " three of ", " 2 of ", " 3 of ", " two or more of ", " three or more of ", " 2 or more of "}))
      return manual("the heading counts its items ('" + trimmed(*n) + "'), which the language cannot express");
   if (const std::optional<std::string> n = counted_items(heading))
      return manual("the heading counts its items ('" + *n + "'), which the language cannot express");
   // "2 or more cycles of any of the following:", "1 year of any of", "2nd line therapy with one of": a number before the quantifier
   // (a dose, a time, a line of therapy) that words_of() would drop as a list number (review helper-136).
   if (numbered_heading(after_list_marker(heading)) && counting_words(after_list_marker(heading)).rfind(" any of ", 0) != 0)
      return manual("the heading begins with a number ('" + trimmed(counting_words(after_list_marker(heading)).substr(0, 24)) +
                    "…') that would apply to its items, and only its items are read");

   // Words that would scope or condition the items: a heading that carries them is not only a lead-in, and reading just its
   // items would drop them. "Prior" and "history of" without a time are how every fact is read already.
   std::string scan = w;
   for (std::string_view p : {" the following ", " as follows ", " one or more ", " and or ", " but not limited to ", " within normal ", " within the normal ",
                              " within these ", " within the following ", " within the ranges ", " within institutional "})
      erase_all(scan, p);
   // The screening moment is when a section's criteria and laboratory tests are read anyway ("Patients who meet the following
   // criteria at the time of screening will be excluded:", "laboratory parameters at screening:"); over anything else it is a
   // present state ("Any of the following at the time of screening:" over drugs, seed 59: read as any use ever).
   if (section_heading(heading) != SectionName::none ||
       first_of(w, {" laboratory ", " lab ", " labs ", " values ", " parameters ", " tests ", " test results "}))
      for (std::string_view p : {" at the time of screening ", " at screening "}) erase_all(scan, p);
   // A condition, an exception, a group of patients, a permission or an alternative beside the items: read alone, an item
   // could hold for everyone, or mean the opposite of what the registry says ("… excluding:" over the cancers it allows).
   auto condition = [&]() -> std::optional<std::string> {
      if (auto t = first_of(scan, {" if ",           " unless ",       " except ",
                                   " exception ",    " exceptions ",   " excepted ",
                                   " excluding ",    " provided ",     " when ",
                                   " whenever ",     " whether ",      " only ",
                                   " otherwise ",    " then ",         " where ",
                                   " cohort ",       " cohorts ",      " arm ",
                                   " arms ",         " phase ",        " part ",
                                   " portion ",      " substudy ",     " stratum ",
                                   " for patients ", " for subjects ", " for participants ",
                                   " for women ",    " for men ",      " for those ",
                                   " in patients ",  " in subjects "}))
         return "the heading states a condition or a part of the trial ('" + trimmed(*t) + "') that its items hold under, and only its items are read";
      // "Participants who fail / violate / exceed the following criteria": the items are what the patient does not meet.
      if (auto t = first_of(scan, {" fail ", " fails ", " failing ", " violate ", " violates ", " exceed ", " exceeds ", " exceeding ", " fall below ",
                                   " falls below ", " outside ", " deviate ", " deviates ", " breach ", " worse than ", " beyond the following ",
                                   " below the following ", " above the following "}))
         return "the heading reverses or conditions its items ('" + trimmed(*t) + "'), and only its items are read";
      if (starts(scan, " for ")) return std::string("the heading states whom its items apply to ('for …'), and only its items are read");
      if (auto t = first_of(scan, {" female ", " females ", " male ", " males ", " women ", " woman ", " men ", " man ", " childbearing ", " postmenopausal ",
                                   " premenopausal ", " menopausal ", " donor ", " donors ", " recipient ", " recipients "}))
         return "the heading names a group of patients ('" + trimmed(*t) + "') that its items apply to, and only its items are read";
      // "Known allergy to any of the following:", "Progression on any of the following:": the items are what the relation is
      // to; read alone, an item would be the exposure itself (review helper-143: anyone who took sorafenib was excluded).
      // A relation to the items ahead of them ("Known allergy to any of the following:", "Hypersensitivity to:", "Progression
      // on one or more of", "allergic reactions attributed to … any of"), whatever the quantifier: read alone, an item would be
      // the exposure itself. After the items' quantifier the word names the items ("None of the following contraindications:",
      // "Any of the following contraindications to angiography:").
      static const char* relation_words[] = {"allergy",
                                             "allergies",
                                             "allergic",
                                             "hypersensitivity",
                                             "hypersensitivities",
                                             "hypersensitive",
                                             "intolerance",
                                             "intolerant",
                                             "intolerances",
                                             "contraindication",
                                             "contraindications",
                                             "contraindicated",
                                             "contra",
                                             "inability",
                                             "unable",
                                             "refusal",
                                             "refused",
                                             "refuse",
                                             "progression",
                                             "progressed",
                                             "progressing",
                                             "resistance",
                                             "resistant",
                                             "refractory",
                                             "failure",
                                             "failed",
                                             "toxicity",
                                             "toxicities",
                                             "reaction",
                                             "reactions",
                                             "sensitivity",
                                             "sensitive",
                                             "anaphylaxis",
                                             "anaphylactic",
                                             "attributed",
                                             "discontinued",
                                             "discontinuation",
                                             "dependence",
                                             "addiction",
                                             "abuse",
                                             "overdose",
                                             "antibodies",
                                             "adverse",
                                             "reduction",
                                             "response",
                                             "responded",
                                             "candidate",
                                             "candidates",
                                             "suitable",
                                             "amenable",
                                             "indication",
                                             "requiring",
                                             "tolerated",
                                             "tolerate"};
      std::istringstream relation_tokens(scan);
      std::optional<std::string> related;
      std::string previous;
      // "Eligible for / ineligible for / unsuitable for / need for any of the following": a candidacy, not the items themselves;
      // "eligible for the study" names the trial (review helper-147).
      std::vector<std::string> words_in;
      for (std::string word; relation_tokens >> word;) words_in.push_back(word);
      for (std::size_t k = 0; k + 2 < words_in.size() && !related; ++k) {
         const std::string& x = words_in[k];
         if ((x == "eligible" || x == "ineligible" || x == "unsuitable" || x == "need" || x == "needs") &&
             (words_in[k + 1] == "for" || words_in[k + 1] == "to")) {
            const std::string& y = words_in[k + 2];
            const bool trial = y == "study" || y == "trial" || y == "this" || y == "participation" || y == "enrollment" || y == "enrolment" ||
                               y == "inclusion" || y == "entry" || (y == "the" && k + 3 < words_in.size() && words_in[k + 3] != "following");
            if (!trial) related = x + " " + words_in[k + 1];
         }
      }
      for (const std::string& word : words_in) {
         if (related) break;
         if ((word == "of" && (previous == "any" || previous == "one" || previous == "all" || previous == "each" || previous == "both" || previous == "none" ||
                               previous == "more")) ||
             word == "following" || word == "either")
            break;  // the items' quantifier: later words name the items
         if (std::find(std::begin(relation_words), std::end(relation_words), word) != std::end(relation_words)) {
            related = word;
            break;
         }
         previous = word;
      }
      if (related) return "the heading relates its items ('" + *related + "'): read alone, an item would be the exposure itself, and only its items are read";
      if (auto t = first_of(scan, {" allowed ", " permitted ", " may ", " but "}))
         return "the heading permits or qualifies ('" + trimmed(*t) + "') beside its items, and only its items are read";
      // ", or" offers an alternative beside the items ("Histologically proven HCC, or … all of the following:"); an "or" inside
      // the name of what the items define ("Inadequate bone marrow or other organ function as evidenced by:") does not.
      const std::string low = lower_ascii(heading);
      for (std::string_view alt : {", or ", "; or ", ",or ", " or, ", " or if "})
         if (low.find(alt) != std::string::npos)
            return "the heading offers an alternative ('" + trimmed(alt) + "') beside its items, and only its items are read";
      return std::nullopt;
   };
   const std::optional<std::string> conditioned = condition();
   r.conditional = conditioned.has_value();
   std::optional<std::string_view> t =
       first_of(scan, {" within ", " since ", " previously ", " last ", " before ", " after ", " during ", " until ", " recent ", " recently ", " preceding ",
                       " ago ", " days ", " weeks ", " months ", " years ", " current ", " currently ", " concurrent ", " ongoing ", " active ", " day ",
                       " week ", " month ", " year ", " past ", " present ", " presently ", " now ", " lately ", " while ",
                       // "Any of the following at the time of screening:" (seed 59): a moment, not any time.
                       " at the time ", " at screening ", " at baseline ", " at enrollment ", " at enrolment ", " at registration ", " at randomization ",
                       " at randomisation ", " at study entry "});
   if (!t) t = present_use_word(scan);
   if (t) {
      if (conditioned) return manual(*conditioned);
      // "No concurrent strong CYP3A inhibitors, including any of the following:": read alone, an item would mean the opposite.
      if (auto n = first_of(spelled_out(w), {" no ", " not ", " without ", " never ", " none ", " neither ", " nor ", " free of ", " absence of "})) {
         r.conditional = true;
         return manual("the heading's time scope ('" + trimmed(*t) + "') and its negation ('" + trimmed(*n) +
                       "') would apply to its items, and only its items are read");
      }
      scope_phrase(heading, trimmed(*t), r);
      return manual("the heading's time scope ('" + trimmed(*t) + "') would apply to its items, and only its items are read");
   }
   if (conditioned) return manual(*conditioned);
   if (w.size() > 2 && w.rfind(' ', w.size() - 2) != std::string::npos) {
      // "Patient has MM and:", "Renal cell carcinoma patients:": the heading joins a criterion of its own to the items, or
      // names whom they apply to.
      const std::string last = w.substr(w.rfind(' ', w.size() - 2) + 1, w.size() - w.rfind(' ', w.size() - 2) - 2);
      for (std::string_view word : {"and", "or", "with", "plus", "patients", "subjects", "participants", "people", "persons", "note", "notes"})
         if (last == word) return manual("the heading ends in '" + last + "', so it says more than how its items combine, and only its items are read");
   }
   // "No distant metastatic disease. Minimum work-up includes:": a sentence before the lead-in is a criterion of its own.
   for (std::size_t dot = heading.find(". "); dot != std::string_view::npos; dot = heading.find(". ", dot + 1)) {
      std::size_t b = dot;
      while (b > 0 && std::isalpha(static_cast<unsigned char>(heading[b - 1]))) --b;
      const std::string before = lower_ascii(heading.substr(b, dot - b));
      const bool abbreviation = before.size() < 3 || before == "etc" || before == "incl" || before == "approx" || (b > 0 && heading[b - 1] == '.');
      if (!abbreviation && words_of(heading.substr(dot + 1)) != " ")
         return manual("the heading holds a sentence of its own before the lead-in, and only its items are read");
   }
   std::istringstream tokens(scan);
   for (std::string t; tokens >> t;)
      if (std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
         r.scope_words = scope_text(heading);
         return manual("the heading carries a number ('" + t + "': a time, a threshold or a count) that would apply to its items, and only its items are read");
      }

   // A heading that names a section: its items are criteria of that section.
   // "Patients who have not received any of the following are not eligible:": a negation beside the section's name reverses it.
   if (section_heading(heading) != SectionName::none) {
      std::string beside = spelled_out(w);
      for (std::string_view p : {" with or without ", " but not limited to ", " not limited to "}) erase_all(beside, p);
      for (std::string_view p : {" are not eligible ", " is not eligible ", " will not be eligible ", " not be eligible ", " not eligible ",
                                 " will not be included ", " not be included ", " not included ", " not allowed ", " not permitted ", " not be enrolled ",
                                 " not enrolled ", " are excluded ", " be excluded "})
         erase_all(beside, p);
      if (auto n = first_of(beside, {" not ", " never ", " no ", " without ", " none ", " lack ", " free of "}))
         return manual("the heading names a section and holds a negation beside it ('" + trimmed(*n) + "'), which may reverse its items");
   }
   if (const SectionName s = section_heading(heading); s != SectionName::none) {
      if ((s == SectionName::exclusion) == exclusion) {
         r.combination = section_default;
         r.why = exclusion ? "the heading names exclusion criteria: any one item excludes" : "the heading names inclusion criteria: every item must hold";
      }
      else if (s == SectionName::exclusion) {
         r.combination = C::none;
         r.why = "the heading names exclusion criteria inside the inclusion section: none of the items may hold";
      }
      else {
         r.combination = C::not_all;
         r.why = "the heading names inclusion criteria inside the exclusion section: a patient is excluded when one item is not met";
      }
      return r;
   }

   // A negation that governs the items: "Has not received any of", "Patients without any of", "Lack of any of" (review
   // helper-138: read as any of them). Any other "not", "without" or "never" in the heading may qualify the items ("any of the
   // following that did not resolve", "lack of response to any of"): Eligo cannot tell its scope, so the heading is manual
   // review (review helper-139: searched anywhere, it turned such headings into "none of").
   std::string unsaid = w;  // "with or without total body irradiation" negates nothing
   erase_all(unsaid, " with or without ");
   erase_all(unsaid, " but not limited to ");
   erase_all(unsaid, " not limited to ");
   const std::optional<std::string> governing = negation_governs(unsaid);
   // A leading "No", "Not", "Without" … negates the items only where it governs them, or over examples of what it negates
   // ("No autoimmune disease, including any of the following:"); "Not a candidate for any of", "No response to any of",
   // "No prior surgery for any of" say something else of the items (review helper-146).
   const bool leading =
       starts(w, " no ") || starts(w, " not ") || starts(w, " without ") || starts(w, " never ") || starts(w, " absence of ") || starts(w, " free of ");
   const bool over_examples = first_of(w, {" including ", " include ", " includes ", " such as ", " e g ", " for example ", " for instance "}).has_value();
   if (leading && !governing && !over_examples)
      return manual("the heading's negation ('" + trimmed(w.substr(0, w.find(' ', 1) + 1)) +
                    " …') may not govern its items (a candidacy, a response, a cause), and only its items are read");
   const bool negated = governing || leading;
   if (!negated)
      if (auto t = first_of(unsaid, {" not ", " no ", " without ", " never ", " lack ", " lacks ", " lacking ", " none other ", " absent ", " free from ",
                                     " unable ", " negative ", " nor ", " neither "}))
         return manual("the heading holds a negation ('" + trimmed(*t) + "') whose scope over its items Eligo cannot tell, and only its items are read");
   std::optional<C> said;
   std::string phrase;
   if (auto q = first_of(w, {" none of ", " neither of "}); q || starts(w, " none ")) {
      said = C::none;
      phrase = q ? trimmed(*q) : "none";
   }
   else if (auto q = first_of(w, {" one of each ", " 1 of each ", " one from each ", " one in each ", " at least one of each "})) {
      said = C::all;  // one from each group: every item must hold (review helper-137: read as any)
      phrase = trimmed(*q);
   }
   else if (auto q = first_of(w, {" any one of ", " any of ", " at least one of ", " one or more of ", " one of ", " either of ", " either "})) {
      said = C::any;
      phrase = trimmed(*q);
   }
   else if (auto q = first_of(w, {" all of ", " each of ", " both of ", " all the following ", " all following ", " every one of "}); q || starts(w, " all ")) {
      said = C::all;
      phrase = q ? trimmed(*q) : "all";
   }
   else if (counting_words(heading).find(" any of ") != std::string::npos) {  // "1 of", "≥1 of", "1 or more of": the number is the word
      said = C::any;
      phrase = "one of";
   }
   const auto example = first_of(w, {" including ", " include ", " includes ", " such as ", " e g ", " for example ", " for instance "});
   // "Adequate hematologic function including:" defines the function by its items; "tumors, including:" lists examples.
   const bool defines = first_of(w, {" adequate ", " normal ", " acceptable ", " sufficient ", " satisfactory ", " appropriate ", " required ", " laboratory ",
                                     " lab ", " labs ", " values ", " parameters ", " function ", " functions "})
                            .has_value();

   if (example && !defines && said != C::all && said != C::none) {
      // The examples' head: the words before "including", without a leading negation.
      const std::string low = lower_ascii(heading);
      std::string word = trimmed(*example);
      if (word == "e g") word = "e.g";
      std::size_t at = low.find(word);
      while (at != std::string::npos && at > 0 && std::isalpha(static_cast<unsigned char>(low[at - 1]))) at = low.find(word, at + 1);
      std::string head(heading.substr(0, at == std::string::npos ? 0 : at));
      while (!head.empty() && (std::isspace(static_cast<unsigned char>(head.back())) || head.back() == ',' || head.back() == '(' || head.back() == '-'))
         head.pop_back();
      if (negated) {
         bool stripped = false;
         for (std::string_view n : {"no ", "not ", "without ", "never ", "absence of ", "free of "})
            if (lower_ascii(head).rfind(n, 0) == 0) {
               head = head.substr(n.size());
               stripped = true;
               break;
            }
         if (!stripped) head.clear();
      }
      if (head.empty()) return manual("the items are examples ('" + word + "') of something the heading does not name plainly, and examples never narrow it");
      r.head = head;
   }
   if (negated) {
      r.conditional = said == C::all || exclusion;  // the items may be what excludes or what is required
      if (said == C::all) return manual("the heading negates 'all of' its items ('not all of'), which is ambiguous");
      if (exclusion) return manual("an exclusion heading written as a negation ('No …:') is ambiguous: it may list what excludes or what is required");
      r.combination = C::none;
      r.why = "the heading is a negation ('" + (governing ? *governing : trimmed(w.substr(0, w.find(' ', 1) + 1))) + " …'): none of " +
              (r.head.empty() ? "the items" : "'" + r.head + "' and its examples") + " may hold";
      return r;
   }
   if (said) {
      r.conditional = *said == C::none && exclusion;
      if (*said == C::none && exclusion)
         return manual("an exclusion heading that says 'none of' is a negated exclusion: read the items as exclusions, or confirm by hand");
      r.combination = said;
      r.why = "the heading says '" + phrase + "'" + (r.head.empty() ? "" : ", and its items are examples of '" + r.head + "', which they never narrow");
      return r;
   }
   if (!r.head.empty()) {
      r.combination = C::any;
      r.why = "the heading lists examples ('" + trimmed(*example) + "') of '" + r.head + "', which they never narrow: it or any one item is enough";
      return r;
   }
   // "Confirmed cancer that is advanced … as follows:" over tumour types: the items may be the kinds of the disease (any one
   // is enough) or requirements of it (all of them). In an exclusion section either reading is any of them.
   if (!exclusion)
      if (auto t = first_of(
              w, {" cancer ",     " cancers ",      " carcinoma ", " carcinomas ", " tumor ",          " tumors ",        " tumour ",    " tumours ",
                  " malignancy ", " malignancies ", " neoplasm ",  " neoplasms ",  " lymphoma ",       " leukemia ",      " leukaemia ", " myeloma ",
                  " sarcoma ",    " diagnosis ",    " diagnosed ", " histology ",  " histologically ", " cytologically ", " disease ",   " diseases "}))
         return manual("an inclusion heading about a disease ('" + trimmed(*t) +
                       "') that does not say how its items combine: they may be kinds of it (any one) or requirements (all of them)");
   r.combination = section_default;
   r.why = exclusion ? "a heading in the exclusion section: any one item excludes" : "a heading in the inclusion section: every item must hold";
   return r;
}

TrailingJoin trailing_join(std::string_view text, std::size_t* kept)
{
   std::size_t e = text.size();
   while (e > 0 && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
   auto word_before = [&](std::size_t end, std::string_view word) {
      if (end < word.size()) return false;
      for (std::size_t i = 0; i < word.size(); ++i)
         if (std::tolower(static_cast<unsigned char>(text[end - word.size() + i])) != word[i]) return false;
      const std::size_t b = end - word.size();
      return b == 0 || !std::isalnum(static_cast<unsigned char>(text[b - 1]));
   };
   TrailingJoin j = TrailingJoin::none;
   std::size_t b = 0;
   if (word_before(e, "and/or")) {
      j = TrailingJoin::any;
      b = e - 6;
   }
   else if (word_before(e, "or")) {
      j = TrailingJoin::any;
      b = e - 2;
   }
   else if (word_before(e, "and")) {
      j = TrailingJoin::all;
      b = e - 3;
   }
   if (j == TrailingJoin::none) return j;
   while (b > 0 && (std::isspace(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == ',' || text[b - 1] == ';')) --b;
   if (b == 0) return TrailingJoin::none;  // the line is the word alone
   if (kept) *kept = b;
   return j;
}

TrailingJoin leading_join(std::string_view text, std::size_t* skipped)
{
   auto word_at_start = [&](std::string_view word) {
      if (text.size() <= word.size() + 1) return false;
      for (std::size_t i = 0; i < word.size(); ++i)
         if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
      return text[word.size()] == ' ' || text[word.size()] == ',';
   };
   TrailingJoin j = TrailingJoin::none;
   std::size_t b = 0;
   if (word_at_start("and/or")) {
      j = TrailingJoin::any;
      b = 6;
   }
   else if (word_at_start("or")) {
      j = TrailingJoin::any;
      b = 2;
   }
   else if (word_at_start("and")) {
      j = TrailingJoin::all;
      b = 3;
   }
   if (j == TrailingJoin::none) return j;
   while (b < text.size() && (text[b] == ' ' || text[b] == ',')) ++b;
   if (skipped) *skipped = b;
   return j;
}

}  // namespace eligo::grammar
