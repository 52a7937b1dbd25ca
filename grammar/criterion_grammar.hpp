// The criteria language: one criterion line -> syntax tree (PEGTL 3.2).
//
// Each rule is one construct as registries write it; the comment says which
// phrasing it comes from. docs/language.md lists every construct with an
// example that the test suite runs. Names of analytes, scores and concepts and
// units are matched by the longest-match rules at the top, driven by the
// catalogue through a Lexicon.
#pragma once

#include <cctype>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "grammar/lexicon.hpp"

namespace eligo::grammar {

namespace pegtl = tao::pegtl;

// A case-insensitive keyword as a type: istr<"within"> is pegtl::istring<'w', 'i', …>, the type TAO_PEGTL_ISTRING("within")
// names. PEGTL's macro expands every string to 512 template arguments; a C++20 string template argument compiles in a
// fraction of the time (the grammar's 766 strings took about 50 s of every compile that includes this header; 2 s now).
template <std::size_t N>
struct literal {
   char text[N];
   constexpr literal(const char (&s)[N])
   {
      for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
   }
};
// The literal's characters as the arguments of a PEGTL string rule (pegtl::istring or pegtl::string).
template <template <char...> class Rule, literal L, typename = std::make_index_sequence<sizeof(L.text) - 1>>
struct chars_of;
template <template <char...> class Rule, literal L, std::size_t... I>
struct chars_of<Rule, L, std::index_sequence<I...>> {
   using type = Rule<L.text[I]...>;
};
template <literal L>
using istr = typename chars_of<pegtl::istring, L>::type;
// The same, case-sensitive: str<"≥"> is pegtl::string<…>, the type TAO_PEGTL_STRING("≥") names.
template <literal L>
using str = typename chars_of<pegtl::string, L>::type;

// The lexicon for the parse running on this thread (set by parse_criterion).
const Lexicon*& current_lexicon();
// The first byte of the criterion being parsed on this thread (set by parse_criterion).
const char*& criterion_begin();

// ---- longest-match lexemes, driven by the catalogue -------------------------

// A rule that consumes the longest prefix Match() accepts (0 = no match).
template <std::size_t (*Match)(std::string_view)>
struct longest_match {
   using rule_t = longest_match;
   using subs_t = pegtl::empty_list;
   template <typename ParseInput>
   static bool match(ParseInput& in)
   {
      if (in.empty()) return false;
      const std::size_t n = Match(std::string_view(in.current(), in.size(0)));
      if (n == 0) return false;
      in.bump(n);
      return true;
   }
};

// The control every parse of the grammar runs under, as its base: a rule's match is compiled once, whatever the caller
// asks of it. PEGTL instantiates a rule's match for every (apply mode, rewind mode) its callers use; this grammar has no
// actions, so the apply mode changes nothing, and "required" (the rule rewinds the input itself on failure) is safe
// wherever "active" or "don't care" is asked. Over a thousand rules, that is a third fewer instantiations to compile.
// A rule's failure hook then sees the input rewound to where the rule started: an error a rule raises points at the
// start of what it could not read ("expected a number after the comparison, found '1,5000 ×10^9/L'").
template <typename Rule>
struct canonical : pegtl::normal<Rule> {
   template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action, template <typename...> class Control, typename ParseInput,
             typename... States>
   [[nodiscard]] static bool match(ParseInput& in, States&&... st)
   {
      static_assert(std::is_same_v<Action<Rule>, pegtl::nothing<Rule>>, "the grammar has no actions");
      return pegtl::match<Rule, pegtl::apply_mode::action, pegtl::rewind_mode::required, Action, Control>(in, st...);
   }
};

// Lookahead without building tree nodes (pegtl::at would keep the nodes its rule selects): parses Peek on a copy.
template <typename Peek>
struct peek {
   using rule_t = peek;
   using subs_t = pegtl::empty_list;
   template <typename ParseInput>
   static bool match(ParseInput& in)
   {
      pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> copy(in.current(), in.end(), "peek");
      return pegtl::parse<Peek, pegtl::nothing, canonical>(copy);
   }
};

// Lookahead: Rule matches here and a word starts here (the byte before is no letter or digit): "can" in
// "(can have)", not in "(American …)". Consumes nothing.
template <typename Rule>
struct at_word_start {
   using rule_t = at_word_start;
   using subs_t = pegtl::empty_list;
   template <typename ParseInput>
   static bool match(ParseInput& in)
   {
      const char* at = in.current();
      if (at != criterion_begin() && criterion_begin() && std::isalnum(static_cast<unsigned char>(at[-1]))) return false;
      return peek<Rule>::match(in);
   }
};

template <Lexicon::Kind K>
std::size_t match_known_name(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? lx->match_name(K, text) : 0;
}
// A time-scope word and a qualifier (the catalogue's qualifier_words.json, through the Lexicon).
inline std::size_t match_scope_word(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? lx->match_scope(text) : 0;
}
inline std::size_t match_qualifier_word(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? lx->match_qualifier(text) : 0;
}
inline std::size_t match_qualifier_after_word(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? lx->match_qualifier_after(text) : 0;
}
// A time-scope word or qualifier never hides a name that starts at the same place either: "active
// infection" and "uncontrolled infection" are a concept.
// Nor one that starts inside it and runs past it: in "clinically serious infections" the name is "serious infections".
template <std::size_t (*Match)(std::string_view)>
std::size_t unless_name(std::string_view text)
{
   const std::size_t n = Match(text);
   if (n == 0) return 0;
   if (const Lexicon* lx = current_lexicon())
      for (std::size_t at = 0; at < n; ++at) {
         if (at > 0 && text[at - 1] != ' ' && text[at - 1] != '-') continue;
         for (auto kind : {Lexicon::Kind::analyte, Lexicon::Kind::score, Lexicon::Kind::concept_})
            if (at + lx->match_name(kind, text.substr(at)) > n) return 0;
      }
   return n;
}
// A filler word (the catalogue's filler_words.json, through the Lexicon) never hides a name that
// starts at the same place ("uncontrolled hypertension" is a concept, not "uncontrolled" +
// "hypertension"), nor a time-scope word or qualifier the grammar reads ("clinically significant"
// is a qualifier, not the filler "clinically" and a qualifier "significant").
inline std::size_t match_filler(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   const std::size_t n = lx ? lx->match_filler(text) : 0;
   if (n == 0) return 0;
   // "WHO" in capitals is the World Health Organization ("WHO performance status", "WHO grade"), never the pronoun "who".
   if (text.substr(0, n) == "WHO") return 0;
   for (auto kind : {Lexicon::Kind::analyte, Lexicon::Kind::score, Lexicon::Kind::concept_})
      if (lx->match_name(kind, text) > n) return 0;
   if (unless_name<&match_scope_word>(text) >= n || unless_name<&match_qualifier_word>(text) >= n) return 0;
   return n;
}
inline std::size_t match_known_unit(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? match_unit(*lx, text) : 0;
}

inline std::size_t match_graded_noun(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? lx->match_name(Lexicon::Kind::graded, text) : 0;
}

struct analyte_name : longest_match<&match_known_name<Lexicon::Kind::analyte>> {};   // "PLT", "total bilirubin", "absolute neutrophil count"
struct score_name : longest_match<&match_known_name<Lexicon::Kind::score>> {};       // "ECOG", "Child-Pugh", "American Society of Anesthesiologists"
struct concept_name : longest_match<&match_known_name<Lexicon::Kind::concept_>> {};  // "lenvatinib", "portal vein tumor thrombus"
struct filler_word : longest_match<&match_filler> {};                                // "the", "patient", "serum": engine/catalogue/filler_words.json
// "concurrent", "active", "ongoing", "evidence of": the fact holds at the screening date
struct scope_word : longest_match<&unless_name<&match_scope_word>> {};
// "clinically significant", "serious", "uncontrolled": a qualifier leaf
struct qualifier_word : longest_match<&unless_name<&match_qualifier_word>> {};
// "requiring systemic therapy", "requiring intravenous antibiotics": a qualifier leaf read after the fact it qualifies
struct qualifier_after : longest_match<&match_qualifier_after_word> {};
struct unit : longest_match<&match_known_unit> {};  // "mg/dL", "×10^9/L", "x 109/L", "µmol /L", "micromoles per liter": longest string the unit parser reads

// The rules below keep one rule per line, aligned by hand: not reformatted.
// clang-format off

// ---- spacing and words ------------------------------------------------------

struct nbsp : str<"\xC2\xA0"> {};
struct ws : pegtl::sor<pegtl::one<' ', '\t'>, nbsp> {};
struct sp : pegtl::star<ws> {};
struct sp1 : pegtl::plus<ws> {};
struct word_end : pegtl::not_at<pegtl::identifier_other> {};
template <typename S>
struct kw : pegtl::seq<S, word_end> {};
struct colon : pegtl::sor<pegtl::one<':'>, str<"\xEF\xBC\x9A">> {};  // ':' and fullwidth '：' (NCT03178929)

struct kw_and : kw<istr<"and">> {};
struct kw_or : kw<istr<"or">> {};
struct kw_the : kw<istr<"the">> {};

// ---- comparisons --------------------------------------------------------------
// Symbols and words from registry text: "≥", ">/=", "> or =", "=<", "at least",
// "no greater than", "not exceeding", "less than".

// Spellings of ≥ and ≤ registries also use: "≥/=", ">_" (an underlined >), "=/>", "> or equal to", "greater than/equal to",
// "more or equal to", "greater or equal than", "equal or higher than". Each says the boundary itself meets the test.
struct or_equal_words : pegtl::seq<kw<istr<"equal">>, pegtl::opt<sp1, pegtl::sor<kw<istr<"to">>, kw<istr<"than">> > > > {};
struct ge_bare_word : pegtl::sor<kw<istr<"greater">>, kw<istr<"more">>, kw<istr<"higher">>, kw<istr<"larger">>,
                                 kw<istr<"bigger">> > {};
struct le_bare_word : pegtl::sor<kw<istr<"less">>, kw<istr<"lower">>, kw<istr<"smaller">>, kw<istr<"fewer">> > {};
struct op_ge_spelling : pegtl::sor<str<"\xE2\x89\xA5/=">, str<">_">, str<">\\_">, str<"=/>">,
                                   pegtl::seq<pegtl::one<'>'>, sp, kw_or, sp, or_equal_words>,
                                   pegtl::seq<ge_bare_word, pegtl::opt<sp1, kw<istr<"than">> >, sp, pegtl::one<'/'>, sp, or_equal_words>,
                                   pegtl::seq<ge_bare_word, sp1, kw_or, sp1, or_equal_words>,
                                   pegtl::seq<kw<istr<"equal">>, sp1, pegtl::opt<kw<istr<"to">>, sp1>, kw_or, sp1,
                                              pegtl::sor<pegtl::seq<ge_bare_word, pegtl::opt<sp1, kw<istr<"than">> > >, kw<istr<"above">> > > > {};
struct op_le_spelling : pegtl::sor<str<"\xE2\x89\xA4/=">, str<"<_">, str<"<\\_">, str<"=/<">,
                                   pegtl::seq<pegtl::one<'<'>, sp, kw_or, sp, or_equal_words>,
                                   pegtl::seq<le_bare_word, pegtl::opt<sp1, kw<istr<"than">> >, sp, pegtl::one<'/'>, sp, or_equal_words>,
                                   pegtl::seq<le_bare_word, sp1, kw_or, sp1, or_equal_words>,
                                   pegtl::seq<kw<istr<"equal">>, sp1, pegtl::opt<kw<istr<"to">>, sp1>, kw_or, sp1,
                                              pegtl::sor<pegtl::seq<le_bare_word, pegtl::opt<sp1, kw<istr<"than">> > >, kw<istr<"below">> > > > {};
struct op_ge : pegtl::sor<op_ge_spelling,
                          str<"\xE2\x89\xA5">,  // ≥
                          str<"\xE2\xA9\xBE">,  // ⩾
                          str<"\xE2\x89\xA7">,  // ≧
                          str<">/=">, str<">=">, str<"=>">,
                          pegtl::seq<pegtl::one<'>'>, sp, kw_or, sp, pegtl::one<'='>>,
                          kw<istr<"greater than or equal to">>, kw<istr<"greater than or equal">>,
                          kw<istr<"more than or equal to">>, kw<istr<"higher than or equal to">>,
                          kw<istr<"equal to or greater than">>, kw<istr<"equal to or more than">>,
                          kw<istr<"equal or greater than">>, kw<istr<"equal to or above">>,
                          kw<istr<"no less than">>, kw<istr<"not less than">>, kw<istr<"at least">>,
                          kw<istr<"a minimum of">>, kw<istr<"minimum of">>, kw<istr<"minimum">> > {};
struct op_le : pegtl::sor<op_le_spelling,
                          str<"\xE2\x89\xA4">,  // ≤
                          str<"\xE2\xA9\xBD">,  // ⩽
                          str<"\xE2\x89\xA6">,  // ≦
                          str<"</=">, str<"<=">, str<"=<">,
                          pegtl::seq<pegtl::one<'<'>, sp, kw_or, sp, pegtl::one<'='>>,
                          kw<istr<"less than or equal to">>, kw<istr<"less than or equal">>,
                          kw<istr<"lower than or equal to">>, kw<istr<"equal to or less than">>,
                          kw<istr<"equal or less than">>, kw<istr<"equal to or below">>,
                          kw<istr<"no greater than">>, kw<istr<"not greater than">>,
                          kw<istr<"no more than">>, kw<istr<"not more than">>, kw<istr<"no higher than">>,
                          kw<istr<"not higher than">>, kw<istr<"not exceeding">>, kw<istr<"not to exceed">>,
                          kw<istr<"does not exceed">>, kw<istr<"not above">>, kw<istr<"at most">>,
                          kw<istr<"up to">>, kw<istr<"a maximum of">>, kw<istr<"maximum of">>,
                          kw<istr<"maximum">> > {};
struct op_ne : pegtl::sor<str<"\xE2\x89\xA0">,  // ≠
                          str<"!=">, str<"<>">, kw<istr<"not equal to">> > {};
struct op_gt : pegtl::sor<pegtl::one<'>'>, str<"\xEF\xBC\x9E">,  // fullwidth ＞
                          kw<istr<"greater than">>, kw<istr<"more than">>, kw<istr<"higher than">>,
                          kw<istr<"in excess of">>, kw<istr<"exceeding">>, kw<istr<"exceeds">>,
                          kw<istr<"above">>, kw<istr<"over">> > {};
struct op_lt : pegtl::sor<pegtl::one<'<'>, str<"\xEF\xBC\x9C">,  // fullwidth ＜
                          kw<istr<"less than">>, kw<istr<"lower than">>, kw<istr<"fewer than">>,
                          kw<istr<"below">>, kw<istr<"under">> > {};
struct op_eq : pegtl::sor<pegtl::one<'='>, kw<istr<"equal to">>, kw<istr<"equals">> > {};
// ClinicalTrials.gov API text escapes markdown: "\\>=" is ">=".
struct md_escape : pegtl::opt<pegtl::one<'\\'>, pegtl::at<pegtl::one<'<', '>', '='>>> {};
// Age-only comparisons: "older than 18 years", "younger than 75".
struct op_older : kw<istr<"older than">> {};
struct op_younger : kw<istr<"younger than">> {};
// "WHO < or 2", "> or 60 mL/min": "< or =" with its "=" lost. Read as ≤ (≥), always with a slip warning; a draft keeps the line
// for review (docs/language.md, "Comparisons the registry lost").
struct op_le_lost : pegtl::seq<pegtl::one<'<'>, sp, kw_or, sp, pegtl::at<pegtl::digit>> {};
struct op_ge_lost : pegtl::seq<pegtl::one<'>'>, sp, kw_or, sp, pegtl::at<pegtl::digit>> {};
struct comparator : pegtl::seq<md_escape, pegtl::sor<op_ge, op_le, op_ne, op_ge_lost, op_le_lost, op_gt, op_lt, op_eq>> {};

// "2.8 g/dL or above", "18 years or older", "2 or less"
struct postfix_ge : pegtl::sor<kw<istr<"or above">>, kw<istr<"or more">>, kw<istr<"or greater">>,
                               kw<istr<"or higher">>, kw<istr<"or over">>, kw<istr<"or older">>,
                               kw<istr<"and above">>, kw<istr<"and older">>, kw<istr<"and over">> > {};
struct postfix_le : pegtl::sor<kw<istr<"or below">>, kw<istr<"or less">>, kw<istr<"or lower">>,
                               kw<istr<"or under">>, kw<istr<"or younger">>, kw<istr<"and below">>,
                               kw<istr<"and under">>, kw<istr<"and younger">> > {};
struct postfix_op : pegtl::sor<postfix_ge, postfix_le> {};

// ---- numbers ------------------------------------------------------------------
// "75,000" (thousands), "1.5", ".5", and the decimal comma "1,5" (only with one
// or two digits after the comma: three digits always mean thousands).

struct digits : pegtl::plus<pegtl::digit> {};
struct fraction : pegtl::seq<pegtl::one<'.'>, digits> {};
struct thousands_sep : pegtl::sor<pegtl::one<','>, pegtl::one<' '>, nbsp, str<"\xE2\x80\x89">, str<"\xE2\x80\xAF">> {};  // , space, nbsp, thin spaces
struct thousands : pegtl::seq<pegtl::rep_min_max<1, 3, pegtl::digit>, pegtl::plus<thousands_sep, pegtl::rep<3, pegtl::digit>, pegtl::not_at<pegtl::digit>>, pegtl::opt<fraction>> {};
struct decimal_comma : pegtl::seq<digits, pegtl::one<','>, pegtl::rep_min_max<1, 2, pegtl::digit>, pegtl::not_at<pegtl::digit>> {};
struct plain_number : pegtl::sor<pegtl::seq<digits, pegtl::opt<fraction>>, fraction> {};
struct number : pegtl::seq<pegtl::sor<thousands, decimal_comma, plain_number>, pegtl::not_at<pegtl::one<','>, pegtl::digit, pegtl::digit, pegtl::digit>> {};
struct number_word : pegtl::sor<kw<istr<"one">>, kw<istr<"two">>, kw<istr<"three">>, kw<istr<"four">>,
                                kw<istr<"five">>, kw<istr<"six">>, kw<istr<"seven">>, kw<istr<"eight">>,
                                kw<istr<"nine">>, kw<istr<"ten">>, kw<istr<"eleven">>, kw<istr<"twelve">> > {};

// "1+", "2+", "++": a dipstick grade. It is a label, never a number: "urine protein < 2+" is not "urine protein < 2".
struct dipstick_grade : pegtl::seq<pegtl::sor<pegtl::seq<pegtl::digit, pegtl::one<'+'>>, pegtl::rep_min_max<1, 4, pegtl::one<'+'>>>, pegtl::not_at<pegtl::one<'+'>>> {};

// A number with its unit: "3.0 mg/dL", "75×10^9/L", "1,5 x 109/l".
struct quantity : pegtl::seq<number, pegtl::opt<sp, unit>> {};

// ---- exceptions ----------------------------------------------------------------
// "(... allowed)", "(... permitted)", "unless ...", "except ...", "other than ...": an exception is read where the
// language can express it (a fact's except clause, below), and otherwise makes the line fail, quoting it
// (parse_criterion.cpp). A note that says one is never filler.
struct exception_word : pegtl::sor<kw<istr<"allowed">>, kw<istr<"permitted">>, kw<istr<"acceptable">>,
                                   kw<istr<"accepted">>, kw<istr<"eligible">>, kw<istr<"exception">>,
                                   kw<istr<"other than">>, kw<istr<"apart from">>, kw<istr<"can">>,
                                   kw<istr<"may">> > {};

// ---- filler -------------------------------------------------------------------
// "ICD-10", "ICD 10", "ICD10", "ICD-O-3": a code system. A note that gives a code narrows what it follows ("primary liver
// cancer (ICD 10 is C22.0)" is hepatocellular carcinoma): it is read (code_note, with the facts) or the line fails, never skipped.
struct code_system_word : pegtl::seq<istr<"ICD">, pegtl::opt<pegtl::one<'-', ' '>>, pegtl::sor<pegtl::digit, pegtl::one<'O', 'o'>>> {};
// "(ULN)", "(ANC)", "(5-6 points)": parenthetical notes that restate.
// A note that compares or qualifies ("(or ≥ 50×10^9/L with liver metastases)") is not filler: the line then fails and is reported.
struct note_forbidden : pegtl::sor<pegtl::one<'<', '>', '=', '('>, str<"\xE2\x89\xA5">, str<"\xE2\x89\xA4">,
                                   kw<istr<"or">>, kw<istr<"if">>, kw<istr<"unless">>, kw<istr<"except">>,
                                   kw<istr<"excluding">>, kw<istr<"but">>, kw<istr<"not">>, kw<istr<"no">>,
                                   code_system_word, at_word_start<exception_word>,
                                   // "(blood pressure greater than 140/90 mmHg on 2 visits)": a definition with a threshold in words
                                   kw<istr<"greater">>, kw<istr<"less">>, kw<istr<"more than">>,
                                   kw<istr<"fewer">>, kw<istr<"above">>, kw<istr<"below">>,
                                   kw<istr<"exceeding">>, kw<istr<"at least">>, kw<istr<"at most">>,
                                   kw<istr<"despite">>,
                                   // "(transfusion independent)", "(without transfusion)": how a blood count may be reached qualifies it
                                   istr<"transfus"> > {};
struct paren_note : pegtl::seq<pegtl::one<'('>, pegtl::star<pegtl::not_at<note_forbidden>, pegtl::not_one<')', '\n'>>, pegtl::one<')'>> {};
// "(that is all Child A and Child B with a score of 7 or 8)", "(i.e. ...)": the author marks the note as a restatement.
struct restating_note : pegtl::seq<pegtl::one<'('>, sp, pegtl::sor<kw<istr<"that is">>, istr<"i.e.">, kw<istr<"ie">> >,
                                   pegtl::star<pegtl::not_one<'(', ')', '\n'>>, pegtl::one<')'>> {};
// "Performance status - ECOG 0-1": a dash between spaces punctuates like a colon.
struct dash_filler : pegtl::seq<pegtl::sor<pegtl::one<'-'>, str<"\xE2\x80\x93">, str<"\xE2\x80\x94">>, pegtl::at<ws>> {};
// When the registry says the criterion is assessed: the screening date, which is when Eligo checks anyway.
// "at the time of signing the informed consent form", "at the time of screening", "at study entry", "prior to the start of therapy".
struct consent_act : pegtl::sor<kw<istr<"signing">>, kw<istr<"obtaining">>, kw<istr<"giving">>,
                                kw<istr<"providing">>, kw<istr<"signature of">> > {};
struct consent_moment : pegtl::seq<pegtl::opt<consent_act, sp>, pegtl::opt<kw_the, sp>, pegtl::opt<kw<istr<"written">>, sp>,
                                   pegtl::opt<kw<istr<"informed">>, sp>, kw<istr<"consent">>,
                                   pegtl::opt<sp, pegtl::sor<kw<istr<"form">>, kw<istr<"document">>, kw<istr<"ICF">> > > > {};
struct study_moment : pegtl::sor<kw<istr<"screening">>, kw<istr<"study entry">>, kw<istr<"entry">>,
                                 kw<istr<"enrollment">>, kw<istr<"enrolment">>, kw<istr<"registration">>,
                                 kw<istr<"randomization">>, kw<istr<"randomisation">>, kw<istr<"inclusion">>,
                                 kw<istr<"baseline">> > {};
struct treatment_start : pegtl::seq<pegtl::opt<kw_the, sp>, pegtl::sor<kw<istr<"start">>, kw<istr<"beginning">>, kw<istr<"initiation">> >, sp,
                                    kw<istr<"of">>, sp, pegtl::opt<kw<istr<"study">>, sp>,
                                    pegtl::sor<kw<istr<"therapy">>, kw<istr<"treatment">> > > {};
struct assessment_time : pegtl::seq<pegtl::opt<pegtl::one<','>, sp>,
                                    pegtl::sor<pegtl::seq<pegtl::sor<kw<istr<"at the time of">>, kw<istr<"at time of">>, kw<istr<"at">> >, sp,
                                                          pegtl::opt<kw_the, sp>, pegtl::sor<consent_moment, study_moment> >,
                                               pegtl::seq<pegtl::sor<kw<istr<"prior to">>, kw<istr<"before">> >, sp, treatment_start> > > {};
// "At screening, active hepatitis B", "At the time of enrollment, use of anticoagulants": a moment that opens the line, before
// its comma, scopes the line's facts as one at the end does ("active hepatitis B at screening"). Only at the start of the line:
// elsewhere the comma after a moment may join a list.
struct line_start {
   using rule_t = line_start;
   using subs_t = pegtl::empty_list;
   template <typename ParseInput>
   static bool match(ParseInput& in)
   {
      return in.current() == criterion_begin();
   }
};
struct lead_moment : pegtl::seq<line_start, assessment_time, sp, pegtl::one<','>> {};
// "eligible for TAE or TACE", "candidate for resection", "suitable for ablation", "amenable to surgery": something the patient may
// have in future, which no record shows (a record holds what was done). "eligible" and "for" are filler words elsewhere; here
// they are never skipped, so the treatment is never read as history: the line is manual review (candidacy, below).
struct candidacy_word : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"are">>, kw<istr<"is">> >, sp>,
                                   pegtl::sor<kw<istr<"eligible for">>, kw<istr<"eligible to receive">>,
                                              kw<istr<"eligible to undergo">>, kw<istr<"candidate for">>,
                                              kw<istr<"candidates for">>, kw<istr<"suitable for">>,
                                              kw<istr<"amenable to">>, kw<istr<"appropriate for">>,
                                              kw<istr<"fit for">>, kw<istr<"indicated for">>,
                                              kw<istr<"scheduled for">>, kw<istr<"scheduled to undergo">>,
                                              kw<istr<"planned for">>, kw<istr<"planning to undergo">>,
                                              kw<istr<"considered for">>, kw<istr<"referred for">> >,
                                   // "are eligible for this trial": who may take part, not a treatment. It stays filler, and the binder reads
                                   // it as the phrase "are eligible" (engine/compile/binder.cpp, eligible_phrase). "Eligible for enrolment
                                   // into another study" is a candidacy.
                                   pegtl::not_at<sp, pegtl::sor<kw<istr<"this trial">>, kw<istr<"this study">>,
                                                                kw<istr<"the trial">>, kw<istr<"the study">>,
                                                                kw<istr<"this protocol">>, kw<istr<"the protocol">> > > > {};
// "on" is a filler word elsewhere; before a concept it is a present use ("Patients on anticoagulants": present_use, below).
struct present_use_lead;
struct past_use_guard;
struct filler_item : pegtl::seq<pegtl::not_at<candidacy_word>, pegtl::not_at<present_use_lead>, pegtl::not_at<past_use_guard>,
                                pegtl::sor<lead_moment, assessment_time, filler_word, paren_note, restating_note, colon, dash_filler>> {};
struct filler : pegtl::star<sp, filler_item> {};

// ---- relative to normal -------------------------------------------------------
// "≤ 5 × ULN", "≤5 times the upper limit of normal", "≤ 1.5 ULN", "3x ULN", "≥ LLN"
struct uln_phrase : pegtl::sor<kw<istr<"ULN">>, kw<istr<"IULN">>, kw<istr<"UNL">>,
                               kw<istr<"upper limit of the normal range">>, kw<istr<"upper limit of normal range">>,
                               kw<istr<"upper limits of normal">>, kw<istr<"upper limit of normal">>,
                               kw<istr<"upper limit of the normal">>, kw<istr<"upper normal limit">>,
                               kw<istr<"upper limit normal">>, kw<istr<"upper limit">> > {};
struct lln_phrase : pegtl::sor<kw<istr<"LLN">>, kw<istr<"lower limit of the normal range">>,
                               kw<istr<"lower limit of normal range">>, kw<istr<"lower limits of normal">>,
                               kw<istr<"lower limit of normal">>, kw<istr<"lower normal limit">>,
                               kw<istr<"lower limit">> > {};
struct times_sign : pegtl::sor<kw<istr<"times">>, istr<"-fold">, kw<istr<"fold">>,
                               str<"\xC3\x97">, pegtl::one<'x', 'X', '*'>> {};
struct normal_qualifier : pegtl::sor<kw<istr<"institutional">>, kw<istr<"local">>, kw<istr<"the">> > {};
struct uln_factor : pegtl::seq<number, sp, pegtl::opt<times_sign>> {};
struct normal_limit : pegtl::seq<pegtl::star<normal_qualifier, sp>, pegtl::sor<uln_phrase, lln_phrase>> {};
struct relative_threshold : pegtl::seq<comparator, sp, pegtl::opt<uln_factor, sp>, normal_limit> {};
// "ALT 2.5 x ULN or less"
struct relative_postfix : pegtl::seq<uln_factor, sp, normal_limit, sp, postfix_op> {};

// "within normal limits", "WNL", "normal"
struct within_normal : pegtl::sor<kw<istr<"within normal limits">>, kw<istr<"within normal limit">>,
                                  kw<istr<"within the normal range">>, kw<istr<"within normal range">>,
                                  kw<istr<"within the normal limits">>, kw<istr<"within institutional normal limits">>,
                                  kw<istr<"within the institutional normal range">>, kw<istr<"WNL">>,
                                  kw<istr<"normal">> > {};

// ---- absolute thresholds and ranges ---------------------------------------------
// "≥ 75×10^9/L"; a missing number after a comparison is an error.
struct threshold_value : quantity {};
struct absolute_threshold : pegtl::seq<comparator, sp, pegtl::not_at<dipstick_grade>, threshold_value> {};
// "18-75 years", "between 18 and 75", "from 18 to 75 years"
struct range_sep : pegtl::sor<pegtl::one<'-'>, str<"\xE2\x80\x93">, str<"\xE2\x80\x94">, str<"\xEF\xBD\x9E">,
                              pegtl::one<'~'>, kw<istr<"to">>, kw_and> {};
struct range_low : quantity {};
struct range_high : quantity {};
struct range_threshold : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"between">>, kw<istr<"from">> >, sp>, range_low, sp, range_sep, sp,
                                    range_high, pegtl::opt<sp, kw<istr<"inclusive">> > > {};
// "2.8 g/dL or above"
struct postfix_threshold : pegtl::seq<quantity, sp, postfix_op> {};
// The registry lost the comparison: "Hemoglobin 8.5 g/dl", "ALT 5 x upper limit of normal". The binder infers one only
// where that is principled (an inclusion criterion and the analyte's direction of harm), with a warning; otherwise an error.
struct bare_relative : pegtl::seq<uln_factor, sp, normal_limit> {};
struct bare_threshold : pegtl::seq<number, sp, unit> {};
// "PT ≤ ULN + 4 seconds", "≤ 4 seconds above the ULN": a threshold given as an offset from the upper limit of normal, and
// "prolonged by no more than 4 seconds over control": an offset from the assay's control value. They are read so that the
// line says why it is not evaluated (parse_criterion.cpp): Eligo compares with a value or a multiple of a normal limit, and
// the control value is not part of a patient's record.
struct offset_amount : pegtl::seq<number, sp, unit> {};
struct offset_word : pegtl::sor<kw<istr<"above">>, kw<istr<"over">>, kw<istr<"beyond">>,
                                kw<istr<"longer than">>, kw<istr<"more than">>, kw<istr<"greater than">> > {};
struct control_word : pegtl::seq<pegtl::opt<kw_the, sp>, pegtl::opt<kw<istr<"normal">>, sp>,
                                 pegtl::sor<kw<istr<"control value">>, kw<istr<"controls">>, kw<istr<"control">> > > {};
struct prolonged_by : pegtl::seq<pegtl::sor<kw<istr<"prolonged">>, kw<istr<"prolongation">> >, sp,
                                 pegtl::opt<pegtl::sor<kw<istr<"by">>, kw<istr<"of">> >, sp>> {};
struct uln_offset : pegtl::sor<pegtl::seq<pegtl::opt<comparator, sp>, normal_limit, sp, pegtl::one<'+'>, sp, offset_amount>,
                               pegtl::seq<pegtl::opt<prolonged_by>, pegtl::opt<comparator, sp>, offset_amount, sp, offset_word, sp, normal_limit>> {};
struct control_offset : pegtl::seq<pegtl::opt<prolonged_by>, pegtl::opt<comparator, sp>, offset_amount, sp, offset_word, sp, control_word> {};
struct measure_threshold : pegtl::sor<uln_offset, control_offset, relative_threshold, relative_postfix, absolute_threshold, range_threshold, postfix_threshold, within_normal,
                                      bare_relative, bare_threshold> {};

// ---- measures (labs, age, tumour facts) -----------------------------------------
// "QTcF > 450 msec (male)", "Hb ≥ 13 g/dL for men", "≥ 12 g/dL in women", "Hb: males ≥ 13 g/dL": the threshold is for
// patients of that sex (docs/language.md, "A threshold for one sex"). The binder reads it by the section: a requirement
// for that sex, or what excludes a patient of that sex.
struct sex_female;
struct sex_male;
struct sex_scope_word : pegtl::seq<pegtl::sor<sex_female, sex_male>, pegtl::opt<sp, pegtl::sor<kw<istr<"patients">>, kw<istr<"subjects">>,
                                                                                           kw<istr<"participants">> > > > {};
struct sex_scope_for : pegtl::sor<kw<istr<"for">>, kw<istr<"in">> > {};
struct sex_scope_suffix : pegtl::sor<pegtl::seq<sp, pegtl::one<'('>, sp, pegtl::opt<sex_scope_for, sp>, sex_scope_word, sp, pegtl::one<')'>>,
                                     pegtl::seq<sp, pegtl::opt<pegtl::one<','>, sp>, sex_scope_for, sp, sex_scope_word>> {};
struct comparator;
struct sex_scope_prefix : pegtl::seq<pegtl::opt<sex_scope_for, sp>, sex_scope_word, pegtl::opt<sp, colon>, sp, peek<comparator>> {};
// "AST, ALT, ALP ≤ 5 × ULN" and "AST/ALT ≤ 5 x ULN" mean all of them; "AST or ALT" one of them.
struct subject : pegtl::seq<analyte_name, pegtl::opt<sp, paren_note>> {};
struct list_and : pegtl::sor<pegtl::seq<sp, pegtl::one<',', '/', '&'>, sp, pegtl::opt<kw_and, sp>>, pegtl::seq<sp1, kw_and, sp>> {};
struct list_or : pegtl::sor<pegtl::seq<sp, istr<"and/or">, sp>, pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>> {};
struct subject_list : pegtl::seq<subject, pegtl::star<pegtl::sor<list_or, list_and>, subject>> {};
// "when it is assessed": "within 7 days of first dose of study drug" after a lab or score: the value must be that recent
// (docs/language.md, "Assessment windows").
struct assessment_window;
// "ALT and AST ( < 5 x ULN)": the threshold in brackets.
struct paren_threshold : pegtl::seq<pegtl::one<'('>, sp, measure_threshold, sp, pegtl::one<')'>> {};
// "Hb ≥ 10 g/dL (≥ 6.2 mmol/L)", "bilirubin ≤ 1.5 mg/dL (25.65 µmol/L)": the same threshold again in another unit. Both are read;
// the binder checks that they agree. Only after a threshold with a number (a lab compared with ULN has nothing to agree with).
struct unit_alternative : pegtl::seq<pegtl::one<'('>, sp, pegtl::opt<kw_or, sp>, pegtl::opt<comparator, sp>, number, sp, unit, sp, pegtl::one<')'>> {};
struct number_threshold : pegtl::sor<absolute_threshold, postfix_threshold, bare_threshold> {};
struct threshold_in_two_units : pegtl::seq<peek<pegtl::seq<number_threshold, sp, unit_alternative>>, number_threshold, sp, unit_alternative> {};
struct measure_threshold_choice : pegtl::sor<threshold_in_two_units, measure_threshold, paren_threshold> {};
// "Hb ≥ 13 g/dL for men, ≥ 12 g/dL for women", "QTcF > 450 msec (male) or > 470 msec (female)", "Hb: men ≥ 13 g/dL, women ≥ 12 g/dL":
// one name, a threshold for each sex.
struct sex_threshold : pegtl::sor<pegtl::seq<sex_scope_prefix, measure_threshold_choice, pegtl::opt<assessment_window>>,
                                  pegtl::seq<measure_threshold_choice, sex_scope_suffix, pegtl::opt<assessment_window>>> {};
struct sex_limit_sep : pegtl::sor<pegtl::seq<sp, pegtl::one<',', ';'>, sp, pegtl::opt<pegtl::sor<kw_and, kw_or>, sp>>,
                                  pegtl::seq<sp1, pegtl::sor<istr<"and/or">, kw_and, kw_or>, sp>> {};
struct sex_limits : pegtl::seq<sex_threshold, pegtl::plus<sex_limit_sep, sex_threshold>> {};
// Between the names and the threshold, "men" and "women" (filler words elsewhere) before a threshold say whom it is for.
struct measure_filler : pegtl::star<sp, pegtl::not_at<sex_scope_prefix>, filler_item> {};
struct measure_test : pegtl::seq<subject_list, measure_filler, sp,
                                 pegtl::sor<sex_limits, pegtl::seq<pegtl::opt<sex_scope_prefix>, measure_threshold_choice, pegtl::opt<sex_scope_suffix>,
                                                                   pegtl::opt<assessment_window>>>> {};
// "18 ≤ age ≤ 75"
struct bounded_low : quantity {};
struct bounded_high : quantity {};
struct bounded_test : pegtl::seq<bounded_low, sp, comparator, sp, subject_list, sp, comparator, sp, bounded_high> {};
// "18 y/o", "≥ 18 yo": years old, written short (analytes.json gives age these units too).
struct years_old_abbreviation : pegtl::sor<kw<istr<"y/o">>, kw<istr<"yo">> > {};
// "at least 20 years of age", "18 years or older", "over 18 years of age"
struct age_tail : pegtl::sor<kw<istr<"of age">>, kw<istr<"old">>, kw<istr<"of age or older">> > {};
// A number without a unit is an age only with an age's words: "18 or older", "18 and over", "18 years or more", but never
// "Grade 2 or higher".
struct age_postfix : pegtl::sor<kw<istr<"or older">>, kw<istr<"and older">>, kw<istr<"or younger">>,
                                kw<istr<"and younger">>, kw<istr<"and over">>, kw<istr<"or over">> > {};
struct age_first : pegtl::seq<pegtl::opt<comparator, sp>, number, sp,
                              pegtl::sor<pegtl::seq<unit, sp, pegtl::sor<pegtl::seq<age_tail, pegtl::opt<sp, postfix_op>>, postfix_op>>,
                                         pegtl::seq<age_tail, pegtl::opt<sp, postfix_op>>, pegtl::seq<pegtl::at<age_postfix>, postfix_op>>> {};
// "older than 18 years", "younger than 75 years of age"
struct age_compare : pegtl::seq<pegtl::sor<op_older, op_younger>, sp, quantity, pegtl::opt<sp, age_tail>> {};
// "20 to 70 years of age", "between 18 and 75 years old"
struct age_range : pegtl::seq<range_threshold, sp, age_tail> {};
// "above 18 years": a comparison, a number and years is an age.
struct years_word : pegtl::sor<kw<istr<"years">>, kw<istr<"year">>, kw<istr<"yrs">>, kw<istr<"yr">>,
                               years_old_abbreviation> {};
struct age_years : pegtl::seq<comparator, sp, number, sp, pegtl::at<years_word>, unit, pegtl::opt<sp, age_tail>> {};
// "over the age of 18", "at least the age of 18 years", "younger than the age of 75": the comparison, then the age.
struct the_age_of : pegtl::sor<kw<istr<"the age of">>, kw<istr<"age of">> > {};
struct age_of : pegtl::seq<pegtl::sor<op_older, op_younger, comparator>, sp, the_age_of, sp, quantity, pegtl::opt<sp, age_tail>> {};
// "between the ages of 18 and 75", "from the age of 18 to 75 years"
struct age_between : pegtl::seq<pegtl::sor<kw<istr<"between">>, kw<istr<"from">> >, sp,
                                pegtl::sor<kw<istr<"the ages of">>, kw<istr<"the age of">>, kw<istr<"ages of">>,
                                           kw<istr<"ages">> >,
                                sp, range_threshold, pegtl::opt<sp, age_tail>> {};
// "Adults 18-45 years", "patients 18 to 75 years old": a span of years with nothing else named is an age. The years must be
// written after the second number.
struct age_span_shape : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"between">>, kw<istr<"from">> >, sp>, number,
                                   pegtl::opt<sp, years_word>, sp, range_sep, sp, number, sp, years_word> {};
struct age_span : pegtl::seq<peek<age_span_shape>, range_threshold, pegtl::opt<sp, age_tail>> {};
// "Over 18" as the whole line: nothing but an age is compared without a name.
struct line_end : pegtl::seq<sp, pegtl::star<pegtl::one<'.', ';', ','>, sp>, pegtl::eof> {};
struct age_bare : pegtl::seq<pegtl::at<pegtl::sor<kw<istr<"over">>, kw<istr<"above">> > >, op_gt, sp, number, pegtl::at<line_end>> {};

// ---- scores and classes -----------------------------------------------------------
// "Child-Pugh A", "class A or B7", "ECOG 0-1", "ASA I-III", "BCLC stage B or C", "ECOG < 2"
struct roman : pegtl::seq<pegtl::sor<str<"VI">, str<"IV">, str<"V">, str<"III">, str<"II">,
                                     str<"I">>,
                          pegtl::opt<pegtl::one<'a', 'b'>>> {};
struct letter_label : pegtl::seq<pegtl::range<'A', 'D'>, pegtl::sor<pegtl::seq<pegtl::one<'('>, digits, pegtl::one<')'>>, pegtl::star<pegtl::digit>>> {};  // B7, B(7)
struct mvi_label : pegtl::seq<pegtl::one<'M'>, pegtl::digit> {};
struct word_label : pegtl::sor<kw<istr<"none">>, kw<istr<"absent">>, kw<istr<"mild">>, kw<istr<"moderate">>,
                               kw<istr<"severe">>, kw<istr<"controlled">>, kw<istr<"refractory">>,
                               kw<istr<"very early">>, kw<istr<"early">>, kw<istr<"intermediate">>,
                               kw<istr<"advanced">>, kw<istr<"terminal">> > {};
struct label_token : pegtl::sor<dipstick_grade, pegtl::seq<pegtl::sor<roman, mvi_label, letter_label, digits, word_label>, word_end>> {};
struct label_prefix : pegtl::sor<kw<istr<"stage">>, kw<istr<"class">>, kw<istr<"grade">>, kw<istr<"score">>> {};
// "Intermediate stage B": a word label and a label that must agree.
struct label_pair : pegtl::seq<word_label, sp, label_prefix, sp, label_token> {};
// "A-level" (Chinese registries' "A级").
struct label : pegtl::seq<pegtl::opt<label_prefix, sp>, pegtl::sor<label_pair, label_token>, pegtl::opt<sp, pegtl::one<'%'>>, pegtl::opt<istr<"-level">, word_end>> {};
struct label_sep : pegtl::sor<pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>, pegtl::seq<sp, pegtl::one<',', '/'>, sp>,
                              pegtl::seq<sp, str<"\xE3\x80\x81">, sp>> {};  // ideographic comma '、'
struct label_compare : pegtl::seq<comparator, sp, filler, sp, label> {};
struct label_range : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"between">>, kw<istr<"from">> >, sp>, label, sp, range_sep, sp, label> {};
struct label_postfix : pegtl::seq<label, sp, postfix_op> {};
struct label_list : pegtl::seq<label, pegtl::star<label_sep, label>> {};
struct score_threshold : pegtl::sor<label_compare, label_range, label_postfix, label_list> {};
// "Child-Pugh class A or B (up to B7)": a bracketed comparison narrows the labels.
struct label_cap : pegtl::seq<pegtl::one<'('>, sp, comparator, sp, label, sp, pegtl::one<')'>> {};
// "Child-Pugh C cirrhosis", "Child-Pugh class A liver score": what the score grades (scores.json "graded"), read as part of the score.
struct graded_noun : longest_match<&match_graded_noun> {};
// "... using the ECOG Performance Scale", "... according to Child-Pugh-Turcotte Classification", "(according to BCLC)": the score named again.
struct ref_score_name : longest_match<&match_known_name<Lexicon::Kind::score>> {};
struct score_ref_word : pegtl::sor<kw<istr<"according to">>, kw<istr<"in accordance with">>, kw<istr<"as per">>,
                                   kw<istr<"per">>, kw<istr<"using">>, kw<istr<"by">>, kw<istr<"in">>,
                                   kw<istr<"on">>, kw<istr<"of">> > {};
struct score_ref_plain : pegtl::seq<score_ref_word, sp, pegtl::opt<kw_the, sp>, ref_score_name, pegtl::opt<sp, paren_note>, filler> {};
struct score_ref : pegtl::sor<score_ref_plain, pegtl::seq<pegtl::one<'('>, sp, score_ref_plain, sp, pegtl::one<')'>>> {};
// "Child A", "Child's B7", "Childs class A": Child-Pugh named by its first author alone. Only before a Child-Pugh class letter
// (A, B, C, with or without its points), never before a number: "Child" alone is also an ordinary word.
struct child_short_name : pegtl::sor<istr<"child's">, istr<"child\xE2\x80\x99s">, kw<istr<"childs">>,
                                     kw<istr<"child">> > {};
struct child_class_letter : pegtl::seq<pegtl::range<'A', 'C'>, pegtl::opt<pegtl::sor<pegtl::seq<pegtl::one<'('>, digits, pegtl::one<')'>>, digits>>, word_end> {};
struct child_short : pegtl::seq<child_short_name, peek<pegtl::seq<sp, pegtl::opt<label_prefix, sp>, child_class_letter>>> {};
// "proteinuria ≤ 1+ on dipstick", "urine protein < 2+ by urine dip stick": how the grade was read. The score must grade
// "dipstick" (scores.json "graded").
struct dipstick_ref : pegtl::seq<pegtl::sor<kw<istr<"on">>, kw<istr<"by">>, kw<istr<"per">>, kw<istr<"using">> >, sp,
                                 pegtl::opt<pegtl::sor<kw<istr<"a">>, kw_the>, sp>, graded_noun> {};
struct score_test : pegtl::seq<pegtl::sor<score_name, child_short>, pegtl::opt<sp, paren_note>, filler, sp, pegtl::opt<kw<istr<"in">>, sp>, score_threshold,
                               pegtl::opt<sp, label_cap>, pegtl::opt<sp, graded_noun>, pegtl::opt<sp, score_ref>, pegtl::opt<sp, dipstick_ref>,
                               pegtl::opt<assessment_window>> {};
// "Stage B or C liver cirrhosis according to Child-Pugh-Turcotte Classification", "grade A or B in Child-Pugh classification",
// "Intermediate stage B (according to Barcelona Clinic Liver Cancer classification)": the labels first, the score after.
struct score_after : pegtl::seq<pegtl::sor<label_range, label_list>, pegtl::opt<sp, graded_noun>, pegtl::sor<pegtl::seq<sp, score_ref>, pegtl::seq<filler, sp, score_ref>>,
                                pegtl::opt<assessment_window>> {};

// ---- sex ----------------------------------------------------------------------------
struct sex_female : pegtl::sor<kw<istr<"females">>, kw<istr<"female">>, kw<istr<"women">>, kw<istr<"woman">> > {};
struct sex_male : pegtl::sor<kw<istr<"males">>, kw<istr<"male">>, kw<istr<"men">>, kw<istr<"man">> > {};
struct sex_test : pegtl::seq<pegtl::sor<sex_female, sex_male>, pegtl::opt<sp, pegtl::sor<kw<istr<"patients">>, kw<istr<"only">> > >, pegtl::at<sp, pegtl::sor<pegtl::eof, pegtl::one<'.', ';', ',', ')'>, kw_and, kw_or>>> {};
// "male and female", "Men and women", "male or female": either sex.
struct sex_joiner : pegtl::sor<pegtl::seq<sp, istr<"and/or">, sp>, pegtl::seq<sp1, kw_and, sp>, pegtl::seq<sp1, kw_or, sp>, pegtl::seq<sp, pegtl::one<'/', '&'>, sp>> {};
// Not when more structure follows ("male or female and ECOG 0-1" keeps its precedence).
struct sex_both : pegtl::seq<pegtl::sor<pegtl::seq<sex_male, sex_joiner, sex_female>, pegtl::seq<sex_female, sex_joiner, sex_male>>,
                             pegtl::not_at<sp, pegtl::sor<kw_and, kw_or>>> {};
struct sex_prefix : pegtl::sor<pegtl::seq<pegtl::one<'('>, sp, sex_both, sp, pegtl::one<')'>>, sex_both> {};
// "of either gender", "regardless of race or gender", "of all genders", "of all races and ethnic groups",
// "and any race, religion or socioeconomic group": a phrase naming gender or sex means either sex; one that does not says nothing to check.
struct gender_word : pegtl::sor<kw<istr<"genders">>, kw<istr<"gender">>, kw<istr<"sexes">>, kw<istr<"sex">> > {};
struct demo_word : pegtl::sor<kw<istr<"races">>, kw<istr<"race">>, kw<istr<"ethnicities">>, kw<istr<"ethnicity">>,
                              kw<istr<"ethnic groups">>, kw<istr<"ethnic group">>, kw<istr<"ethnic backgrounds">>,
                              kw<istr<"ethnic background">>, kw<istr<"ethnic origins">>, kw<istr<"ethnic origin">>,
                              kw<istr<"religions">>, kw<istr<"religion">>, kw<istr<"socioeconomic groups">>,
                              kw<istr<"socioeconomic group">>, kw<istr<"socioeconomic status">>, kw<istr<"nationalities">>,
                              kw<istr<"nationality">> > {};
struct demo_quant : pegtl::sor<kw<istr<"either">>, kw<istr<"any">>, kw<istr<"all">>, kw<istr<"both">>,
                               kw<istr<"every">> > {};
struct demo_item : pegtl::seq<pegtl::opt<demo_quant, sp>, pegtl::sor<gender_word, demo_word>> {};
struct demo_sep : pegtl::sor<pegtl::seq<sp, pegtl::one<','>, sp, pegtl::opt<pegtl::sor<kw_and, kw_or>, sp>>,
                             pegtl::seq<sp1, pegtl::sor<istr<"and/or">, kw_and, kw_or>, sp>> {};
struct demographic : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"regardless of">>, kw<istr<"irrespective of">>,
                                                      kw<istr<"independent of">>, kw<istr<"of">> >, sp>,
                                demo_item, pegtl::star<demo_sep, demo_item>> {};
struct demographic_tail : pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, pegtl::opt<kw_and, sp>, demographic> {};

// ---- time windows ---------------------------------------------------------------------
// "within 3 months", "in the last 28 days", "in last three months", "within the past 6 months"
struct time_unit : pegtl::sor<kw<istr<"days">>, kw<istr<"day">>, kw<istr<"weeks">>, kw<istr<"week">>,
                              kw<istr<"months">>, kw<istr<"month">>, kw<istr<"years">>, kw<istr<"year">>,
                              kw<istr<"wks">>, kw<istr<"yrs">> > {};
struct amount : pegtl::sor<number, number_word> {};
struct duration : pegtl::seq<amount, sp, time_unit> {};
struct window_anchor : pegtl::seq<pegtl::sor<kw<istr<"prior to">>, kw<istr<"before">>, kw<istr<"of">> >, filler> {};
// The moment an assessment window counts back from, for which the screening date stands: "first dose of study drug",
// "the start of treatment", "registration", "signing the informed consent". Only these: a window from another event
// ("within 14 days of surgery") is not an assessment window, and the line does not compile.
struct study_agent : pegtl::sor<kw<istr<"study drugs">>, kw<istr<"study drug">>, kw<istr<"study medications">>,
                                kw<istr<"study medication">>, kw<istr<"study treatment">>, kw<istr<"study therapy">>,
                                kw<istr<"study intervention">>, kw<istr<"trial treatment">>,
                                kw<istr<"investigational product">>, kw<istr<"investigational drug">>,
                                kw<istr<"investigational agent">>, kw<istr<"protocol therapy">>,
                                kw<istr<"protocol treatment">>> {};
struct first_dose : pegtl::seq<pegtl::sor<kw<istr<"first dose">>, kw<istr<"1st dose">> >,
                               pegtl::opt<sp, kw<istr<"of">>, sp, pegtl::opt<kw_the, sp>, pegtl::sor<study_agent, kw<istr<"treatment">> > > > {};
struct agent_start : pegtl::seq<pegtl::sor<kw<istr<"start">>, kw<istr<"beginning">>, kw<istr<"initiation">> >, sp,
                                kw<istr<"of">>, sp, pegtl::opt<kw_the, sp>,
                                pegtl::sor<study_agent, kw<istr<"treatment">>, kw<istr<"therapy">>, kw<istr<"dosing">> > > {};
// "starting treatment", "initiating study drug", "commencing therapy": the start of the study's treatment, as a verb.
struct agent_starting : pegtl::seq<pegtl::sor<kw<istr<"starting">>, kw<istr<"initiating">>, kw<istr<"commencing">> >, sp,
                                   pegtl::opt<kw_the, sp>,
                                   pegtl::sor<study_agent, kw<istr<"treatment">>, kw<istr<"therapy">>, kw<istr<"dosing">> > > {};
// "Day 1", "cycle 1 day 1", "C1D1": the study's first day of treatment.
struct study_day_one : pegtl::sor<pegtl::seq<kw<istr<"cycle 1">>, sp, kw<istr<"day 1">> >, kw<istr<"C1D1">>,
                                  pegtl::seq<pegtl::opt<kw<istr<"study">>, sp>, kw<istr<"day 1">>,
                                             pegtl::opt<sp, kw<istr<"of">>, sp, kw<istr<"cycle 1">> > > > {};
// "radiation fraction 1", "the first fraction of radiotherapy": the first fraction of the study's radiation (NCT01852890).
struct radiation_word : pegtl::sor<kw<istr<"radiation">>, kw<istr<"radiotherapy">> > {};
struct first_fraction : pegtl::sor<pegtl::seq<pegtl::opt<radiation_word, sp>, kw<istr<"fraction 1">> >,
                                   pegtl::seq<kw<istr<"first">>, sp, pegtl::opt<radiation_word, sp>, kw<istr<"fraction">>,
                                              pegtl::opt<sp, kw<istr<"of">>, sp, radiation_word> > > {};
struct assessment_moment
    : pegtl::seq<pegtl::opt<kw_the, sp>, pegtl::sor<first_dose, agent_start, agent_starting, study_agent, study_day_one, first_fraction, consent_moment, study_moment>> {};
struct assessment_window : pegtl::seq<sp, pegtl::opt<pegtl::one<','>, sp>, kw<istr<"within">>, sp, pegtl::opt<kw_the, sp>, duration, sp,
                                      pegtl::sor<kw<istr<"prior to">>, kw<istr<"before">>, kw<istr<"of">> >, sp,
                                      assessment_moment> {};
struct recent : pegtl::sor<kw<istr<"last">>, kw<istr<"recent">>, kw<istr<"past">>, kw<istr<"previous">>, kw<istr<"preceding">> > {};
struct within_window : pegtl::seq<pegtl::sor<kw<istr<"within">>, kw<istr<"in">>, kw<istr<"during">>, kw<istr<"over">>,
                                             pegtl::at<recent>>,
                                  sp, pegtl::opt<kw_the, sp>, pegtl::opt<recent, sp>, duration, pegtl::opt<sp, window_anchor>> {};
struct window : within_window {};
// "labs within 14 days", "laboratory values within 7 days prior to enrollment": a lab window for the whole trial
struct lab_words : pegtl::sor<kw<istr<"laboratory values">>, kw<istr<"laboratory tests">>, kw<istr<"laboratory results">>,
                              kw<istr<"laboratory data">>, kw<istr<"lab values">>, kw<istr<"lab tests">>,
                              kw<istr<"lab results">>, kw<istr<"labs">> > {};
struct lab_window : pegtl::seq<lab_words, filler, sp, kw<istr<"within">>, sp, pegtl::opt<kw_the, sp>, pegtl::opt<recent, sp>, duration,
                               pegtl::opt<sp, window_anchor>> {};

// ---- clinical facts ----------------------------------------------------------------------
// "no prior sorafenib", "no lenvatinib treatment history", "allergy to sorafenib", "no sorafenib allergies",
// "other malignancy", "history of hepatic encephalopathy"
struct allergy_prefix : pegtl::sor<kw<istr<"known hypersensitivity to">>, kw<istr<"hypersensitivity to">>,
                                   kw<istr<"allergy to">>, kw<istr<"allergies to">>, kw<istr<"allergic to">>,
                                   kw<istr<"allergic reaction to">> > {};  // "intolerance to" is not an allergy (review helper-149)
struct allergy_suffix : pegtl::sor<kw<istr<"allergies">>, kw<istr<"allergy">>, kw<istr<"hypersensitivity">> > {};
// "who have been on sorafenib", "were receiving steroids", "had been taking warfarin": a use that was, not one at screening
// (reviews helper-121, -122). The link word is not filler before a use word, so the use is never read as at screening; with
// "not" or "never" between them ("were not on sorafenib") the line does not compile.
struct past_link : pegtl::sor<kw<istr<"been">>, kw<istr<"were">>, kw<istr<"was">> > {};
struct use_word : pegtl::sor<kw<istr<"on">>, kw<istr<"receiving">>, kw<istr<"taking">>,
                             kw<istr<"using">> > {};
// "were being treated with": the same past use (review helper-123).
struct past_treated : pegtl::seq<kw<istr<"being">>, sp1, kw<istr<"treated with">> > {};
struct past_use : pegtl::seq<past_link, sp1, pegtl::sor<use_word, past_treated>> {};
// "will be receiving", "shall be on": a use to come, neither history nor use at screening; the line does not compile.
struct future_use : pegtl::seq<pegtl::sor<kw<istr<"will">>, kw<istr<"shall">> >, sp1, kw<istr<"be">>, sp1,
                               pegtl::sor<use_word, kw<istr<"being">>, kw<istr<"treated">> > > {};
struct past_use_guard : pegtl::sor<pegtl::seq<past_link, sp1, pegtl::opt<pegtl::sor<kw<istr<"not">>, kw<istr<"never">> >, sp1>,
                                              pegtl::sor<use_word, past_treated>>,
                                   future_use> {};
struct history_prefix : pegtl::sor<kw<istr<"a history of">>, kw<istr<"history of">>, kw<istr<"prior treatment with">>,
                                   kw<istr<"previous treatment with">>, kw<istr<"treatment with">>, kw<istr<"treated with">>,
                                   kw<istr<"prior">>, kw<istr<"previous">>, kw<istr<"previously">>,
                                   kw<istr<"received">>, kw<istr<"receipt of">>,
                                   kw<istr<"exposure to">>, kw<istr<"underwent">>,
                                   kw<istr<"undergone">>, past_use> {};
struct history_suffix : pegtl::sor<kw<istr<"treatment history">>, kw<istr<"drug treatment">>, kw<istr<"history">>,
                                   kw<istr<"treatment">>, kw<istr<"therapy">>, kw<istr<"exposure">>,
                                   kw<istr<"use">> > {};
struct other_marker : pegtl::sor<kw<istr<"other">>, kw<istr<"another">>, kw<istr<"second">>,
                                 kw<istr<"additional">> > {};
// "Patients on anticoagulants", "taking warfarin", "currently using", "being treated with", "under treatment with": use at the
// screening date (docs/language.md, "Time scope"), unless a window gives the use a time of its own ("receiving sorafenib within
// 4 weeks" is use within 4 weeks). "treated with" alone is a past participle ("patients treated with TACE"): history, above.
// "use of" names the use, not its time: at screening too, unless a history word ("prior use of", read as "prior" and "use of"),
// a window or a moment times it (review helper-159: read as any use ever, a warfarin course from 2014 excluded).
struct present_use : pegtl::sor<kw<istr<"currently being treated with">>, kw<istr<"currently treated with">>,
                                kw<istr<"currently receiving">>, kw<istr<"currently taking">>,
                                kw<istr<"currently using">>, kw<istr<"currently on">>, kw<istr<"being treated with">>,
                                kw<istr<"under treatment with">>, kw<istr<"on treatment with">>, kw<istr<"receiving">>,
                                kw<istr<"taking">>, kw<istr<"using">>, kw<istr<"use of">>, kw<istr<"on">> > {};
struct present_use_lead : pegtl::seq<present_use, sp, pegtl::star<filler_word, sp>, concept_name> {};
// "concurrent radiotherapy", "active hepatitis B", "clinically significant bleeding", "known symptomatic brain metastases":
// a time-scope word and a qualifier are read before the concept (docs/language.md, "Time scope", "Qualifier leaves").
struct fact_prefix : pegtl::sor<present_use, allergy_prefix, history_prefix, scope_word, qualifier_word, filler_item> {};
// "(ICD 10 is C22.0)", "(ICD-10: C22.0)", "(ICD-10 code C22.0)": the code of the condition just named (the binder narrows to it).
struct icd10_code : pegtl::seq<pegtl::ranges<'A', 'Z', 'a', 'z'>, pegtl::digit, pegtl::digit, pegtl::opt<pegtl::one<'.'>, pegtl::plus<pegtl::alnum>>, word_end> {};
struct code_note : pegtl::seq<pegtl::one<'('>, sp, code_system_word, pegtl::star<pegtl::sor<pegtl::alnum, pegtl::one<'-'>>>, sp,
                              pegtl::opt<kw<istr<"code">>, sp>, pegtl::opt<pegtl::sor<kw<istr<"is">>, colon, pegtl::one<'='>>, sp>,
                              icd10_code, sp, pegtl::one<')'>> {};
struct code_note_tail : pegtl::seq<filler, sp, code_note> {};
struct fact_core : pegtl::seq<pegtl::star<fact_prefix, sp>, pegtl::opt<other_marker, sp>, concept_name, pegtl::star<sp, pegtl::sor<allergy_suffix, history_suffix>>,
                              pegtl::opt<code_note_tail>> {};
// "HIV infection at screening", "hepatitis B at the time of signing the informed consent": the fact holds at the screening date.
struct scope_moment : pegtl::seq<pegtl::sor<kw<istr<"at the time of">>, kw<istr<"at time of">>, kw<istr<"at">> >, sp,
                                 pegtl::opt<kw_the, sp>, pegtl::sor<consent_moment, study_moment> > {};
// "malignancy other than hepatocellular carcinoma", "prior systemic therapy, except sorafenib", "(other than HCC)": records of the
// excepted concepts do not count (docs/language.md, "Exceptions").
struct except_word : pegtl::sor<kw<istr<"other than">>, kw<istr<"except for">>, kw<istr<"except">>,
                                kw<istr<"excluding">>, kw<istr<"with the exception of">>, kw<istr<"apart from">> > {};
struct except_name : longest_match<&match_known_name<Lexicon::Kind::concept_>> {};
struct except_sep : pegtl::sor<pegtl::seq<sp, istr<"and/or">, sp>, pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, pegtl::sor<kw_or, kw_and>, sp>,
                               pegtl::seq<sp, pegtl::one<','>, sp>> {};
struct except_list : pegtl::seq<except_word, sp, pegtl::opt<kw_the, sp>, except_name, pegtl::star<except_sep, pegtl::opt<kw_the, sp>, except_name>> {};
struct except_bracket : pegtl::seq<pegtl::one<'('>, sp, except_list, sp, pegtl::one<')'>> {};
struct except_clause : pegtl::sor<except_bracket, pegtl::seq<pegtl::opt<pegtl::one<','>, sp>, except_list>> {};
// "myocardial infarction (MI)", "congestive heart failure (CHF)": the abbreviation of the name just written, in brackets: two to
// eight capitals, nothing else (a stage or grade has digits or a dash: "(G3)", "(BCLC-C)", "(II-IV)"). The binder accepts it
// only as the name's initials or another name of the same concept ("chemotherapy (TACE)", "breast cancer (TNBC)" do not compile).
struct roman_stage : pegtl::seq<pegtl::plus<pegtl::one<'I', 'V', 'X'>>, pegtl::opt<pegtl::one<'A', 'B', 'C'>>, pegtl::not_at<pegtl::alnum>> {};  // "(III)", "(IIIB)"
struct abbreviation_word : pegtl::seq<pegtl::not_at<roman_stage>, pegtl::rep_min_max<2, 8, pegtl::range<'A', 'Z'>>, pegtl::not_at<pegtl::alnum>> {};
struct abbreviation_note : pegtl::seq<pegtl::one<'('>, sp, abbreviation_word, sp, pegtl::one<')'>> {};
// "(to be confirmed by chest X-ray within 28 days before enrollment)": the finding as found within that time, by a test Eligo
// does not check (its words are unread): the window is read, never dropped (docs/language.md, "Time windows").
struct confirm_word : pegtl::sor<kw<istr<"confirmed">>, kw<istr<"documented">>, kw<istr<"diagnosed">>,
                                 kw<istr<"demonstrated">>, kw<istr<"proven">>, kw<istr<"shown">>,
                                 kw<istr<"detected">>, kw<istr<"assessed">> > {};
struct confirming_test : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"to be">>, kw<istr<"must be">>, kw<istr<"should be">>,
                                                          kw<istr<"as">> >, sp>,
                                    confirm_word, pegtl::star<pegtl::not_at<sp, kw<istr<"within">> >, pegtl::not_one<'(', ')', '\n'>>> {};
struct confirmation_window : pegtl::seq<pegtl::one<'('>, sp, confirming_test, sp, window, sp, pegtl::one<')'>> {};
// "Active infection requiring systemic therapy", "ventricular arrhythmia requiring anti-arrhythmic therapy": a qualifier after
// the fact is its leaf (docs/language.md, "Qualifier leaves"). Only on a fact of its own: in a list it could be the last
// item's or every item's.
struct fact : pegtl::seq<fact_core, pegtl::opt<sp, abbreviation_note>, pegtl::opt<sp, qualifier_after>, pegtl::opt<sp, except_clause>, pegtl::opt<sp, pegtl::sor<window, confirmation_window>>, pegtl::opt<sp, scope_moment>> {};
// "≥ 4 weeks since prior TACE", "at least 6 weeks since prior chemoembolization", "4 weeks or more after resection"
struct since_duration : pegtl::sor<pegtl::seq<duration, sp, postfix_op>, pegtl::seq<pegtl::opt<comparator, sp>, duration>> {};
// "> 4 weeks since prior radiation, surgery or chemotherapy": a list binds the time to each of its facts (scoped_facts, below).
struct scoped_facts;
struct since_fact : pegtl::seq<since_duration, sp, pegtl::sor<kw<istr<"since">>, kw<istr<"after">>, kw<istr<"from">> >,
                               sp, pegtl::sor<scoped_facts, fact>> {};

// ---- time relative to an event of the patient's own ---------------------------------------
// NCT03838796: "Postoperative patients treated with other targeted drugs, PD1 antibody and other immunotherapies, ...";
// "sorafenib after resection", "TACE within 4 weeks of surgery", "sorafenib 4 weeks or more after hepatectomy".
// The event is a procedure named by the catalogue ("resection", "liver surgery", "surgery"); "postoperative" is after surgery.
// The facts before the relation (or after "postoperative") are one list, and the relation binds each of them.
struct event_name : longest_match<&match_known_name<Lexicon::Kind::concept_>> {};
struct event_ref : pegtl::seq<pegtl::opt<kw_the, sp>, event_name> {};
struct after_word : pegtl::sor<kw<istr<"after">>, kw<istr<"following">>, kw<istr<"since">> > {};
// "within 4 weeks of surgery", "within the first 3 months after resection"
struct event_within : pegtl::seq<kw<istr<"within">>, sp, pegtl::opt<kw_the, sp>, pegtl::opt<kw<istr<"first">>, sp>, duration, sp,
                                 pegtl::sor<kw<istr<"of">>, after_word>, sp, event_ref> {};
// "4 weeks or more after resection", "at least 4 weeks after resection", "less than 30 days after surgery"
struct event_delay : pegtl::seq<pegtl::sor<pegtl::seq<duration, sp, postfix_op>, pegtl::seq<comparator, sp, duration>>, sp, after_word, sp, event_ref> {};
// "after resection", "after the liver surgery", "since hepatectomy", "following surgery"
struct event_after : pegtl::seq<after_word, sp, event_ref> {};
struct postop_word : pegtl::sor<kw<istr<"postoperatively">>, kw<istr<"post-operatively">>, kw<istr<"postoperative">>,
                                kw<istr<"post-operative">>, kw<istr<"post operatively">>, kw<istr<"post operative">> > {};
struct event_anchor : pegtl::sor<event_within, event_delay, event_after, postop_word> {};
// The list: "A, B or C", "A and B", "A, B, and C". Commas take the meaning of the list's one joining word (the builder checks there is one).
struct example_word;
// "…, including X": X is an example, not an item. An item keeps its own abbreviation and exception in brackets ("myocardial
// infarction (MI) or stroke within 6 months", "chemotherapy (except gemcitabine), radiotherapy or immunotherapy within 4 weeks"):
// the list goes on after them, so a window at its end binds every item.
struct rel_item : pegtl::seq<pegtl::not_at<example_word>, fact_core, pegtl::opt<sp, abbreviation_note>, pegtl::opt<sp, except_bracket>> {};
struct rel_or : pegtl::sor<pegtl::seq<sp, istr<"and/or">, sp>, pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>> {};
struct rel_and : pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_and, sp> {};
struct rel_comma : pegtl::seq<sp, pegtl::one<',', ';'>, sp> {};
struct rel_list : pegtl::seq<rel_item, pegtl::star<pegtl::sor<rel_or, rel_and, rel_comma>, rel_item>> {};

// ---- scope: lists of facts, and the examples of a fact -------------------------------------------
// "Not pregnant or nursing", "no bleeding diathesis or coagulopathy", "allergic to sorafenib or lenvatinib",
// "history of stroke, myocardial infarction or heart failure within 6 months": a list of facts is one item. A negation before
// it covers the whole list, a relation on its first item ("allergic to") is every item's, and a window after it binds every
// item. Commas take the meaning of the list's joining word; with none, the binder reads the list from the section.
struct fact_list : pegtl::seq<rel_item, pegtl::plus<pegtl::sor<rel_or, rel_and, rel_comma>, rel_item>> {};
// "active infections, including hepatitis B, hepatitis C and HIV", "steroid therapy (e.g. dexamethasone)",
// "(i.e., surgical resection, radiofrequency ablation, or ethanol injection)": examples of the head, any of them; they never
// narrow it. Without brackets they run to the end of the line, a ';', a sentence break or a closing bracket.
struct example_word : pegtl::sor<pegtl::seq<kw<istr<"including">>, pegtl::opt<sp, pegtl::opt<pegtl::one<','>>, sp, kw<istr<"but not limited to">> > >,
                                 kw<istr<"such as">>, kw<istr<"for example">>, kw<istr<"for instance">>,
                                 pegtl::seq<istr<"e.g">, pegtl::opt<pegtl::one<'.'>>>, kw<istr<"eg">>,
                                 pegtl::seq<istr<"i.e">, pegtl::opt<pegtl::one<'.'>>>, kw<istr<"ie">> > {};
struct example_lead : pegtl::seq<example_word, pegtl::opt<sp, pegtl::one<',', ':'>>, sp> {};
struct example_end : pegtl::sor<line_end, pegtl::seq<sp, pegtl::one<';', ')'>>, pegtl::seq<sp, pegtl::one<'.'>, sp1>> {};
struct example_open : pegtl::seq<pegtl::opt<sp, pegtl::one<','>>, sp, example_lead, rel_list, peek<example_end>> {};
struct example_paren : pegtl::seq<sp, pegtl::one<'(', '['>, sp, example_lead, rel_list, sp, pegtl::one<')', ']'>> {};
struct example_tail : pegtl::sor<example_paren, example_open> {};
struct scoped_facts : pegtl::seq<pegtl::sor<pegtl::seq<fact_list, pegtl::opt<example_tail>>, pegtl::seq<rel_item, example_tail>>,
                                 pegtl::opt<sp, pegtl::sor<window, confirmation_window>>> {};
// "postoperative A, B or C"
struct postop_fact : pegtl::seq<postop_word, sp, rel_list> {};
// "A, B or C after resection"
struct fact_after_event : pegtl::seq<rel_list, sp, event_anchor> {};

// ---- structure --------------------------------------------------------------------------------
// "any of the following:", "all of the following", "meet any of the following articles:"
struct quant_any : pegtl::sor<kw<istr<"at least one of the following">>, kw<istr<"one or more of the following">>,
                              kw<istr<"any one of the following">>, kw<istr<"any of the following">>,
                              kw<istr<"one of the following">>, kw<istr<"either of the following">> > {};
struct quant_all : pegtl::sor<kw<istr<"all of the following">>, kw<istr<"both of the following">>,
                              kw<istr<"each of the following">>, kw<istr<"the following">> > {};
struct quant_none : pegtl::sor<kw<istr<"none of the following">>, kw<istr<"neither of the following">> > {};
struct quant_noun : pegtl::sor<kw<istr<"criteria">>, kw<istr<"conditions">>, kw<istr<"articles">>,
                               kw<istr<"items">>, kw<istr<"requirements">>, kw<istr<"situations">>,
                               kw<istr<"circumstances">>, kw<istr<"features">> > {};
struct quant_head : pegtl::seq<pegtl::sor<quant_none, quant_any, quant_all>, pegtl::opt<sp, quant_noun>, pegtl::opt<sp, colon>> {};

struct disjunction;
struct conjunction_tight;
struct quant_sep : pegtl::sor<pegtl::seq<sp, pegtl::one<',', ';'>, sp, pegtl::opt<kw_or, sp>>, pegtl::seq<sp1, kw_or, sp>> {};
struct quant_items : pegtl::seq<conjunction_tight, pegtl::star<quant_sep, conjunction_tight>> {};
struct quantifier : pegtl::seq<quant_head, sp, pegtl::opt<quant_items>> {};

struct group : pegtl::seq<pegtl::one<'('>, sp, disjunction, sp, pegtl::one<')'>> {};
struct unary;
// "neither X nor Y": not X and not Y
struct neither_nor : pegtl::seq<kw<istr<"neither">>, sp, unary, sp, kw<istr<"nor">>, sp, unary> {};
// "Demonstrate adequate organ function as defined in the table below": points at other criteria and checks nothing itself.
// Dropped from a line that has something else to check; alone, the line does not compile.
struct see_below : pegtl::seq<filler, sp, pegtl::opt<kw<istr<"as">>, sp>, pegtl::sor<kw<istr<"defined in the table below">>, kw<istr<"defined in the tables below">>,
                                                     kw<istr<"defined below">>, kw<istr<"specified below">>,
                                                     kw<istr<"outlined below">>, kw<istr<"listed below">> > > {};
// "ECOG 0-1 (or Karnofsky ≥ 80%)", "creatinine ≤ 1.5 mg/dL (or creatinine clearance ≥ 60 mL/min)": a second test, with its own
// name, offered in brackets as an alternative. Either meets the criterion. Nothing but "or" and the test may stand in the bracket.
struct alternative_test : pegtl::sor<score_test, measure_test> {};
struct bracket_alternative : pegtl::seq<alternative_test, sp, pegtl::one<'('>, sp, kw_or, sp, alternative_test, sp, pegtl::one<')'>> {};
struct candidacy : pegtl::seq<candidacy_word, pegtl::star<pegtl::not_one<'\n'>>> {};
// "Hemoglobin > 9.0 g/dL (transfusion independent)", "Platelets ≥ 60,000/mcL without transfusion support within the past 30
// days", "ANC ≥ 1.5 (without growth factor support)": how a blood count may be reached qualifies it. The count is read; the note
// is a manual-review leaf beside it, so the line is never met until a person confirms the note (docs/language.md, "Support
// for a blood count").
struct support_word : pegtl::sor<istr<"transfus">, kw<istr<"growth factor">>, kw<istr<"growth factors">>,
                                 kw<istr<"G-CSF">>, kw<istr<"GM-CSF">>, kw<istr<"filgrastim">>,
                                 kw<istr<"erythropoietin">>, kw<istr<"erythropoiesis">>> {};
struct support_bracket : pegtl::seq<pegtl::one<'('>, pegtl::star<pegtl::not_at<support_word>, pegtl::not_one<'(', ')', '\n'>>, support_word,
                                    pegtl::star<pegtl::not_one<'(', ')', '\n'>>, pegtl::one<')'>> {};
struct support_clause_end : pegtl::sor<pegtl::one<',', ';', '(', ')', '\n'>, pegtl::seq<pegtl::one<'.'>, pegtl::sor<ws, pegtl::eof>>> {};
struct support_clause : pegtl::seq<kw<istr<"without">>, sp1, pegtl::rep_max<2, pegtl::not_at<support_word>, pegtl::plus<pegtl::alpha>, sp1>,
                                   support_word, pegtl::star<pegtl::not_at<support_clause_end>, pegtl::any>> {};
struct support_note : pegtl::sor<support_bracket, support_clause> {};
struct supported_measure : pegtl::seq<measure_test, sp, pegtl::opt<pegtl::one<','>, sp>, support_note> {};
struct atom_body : pegtl::sor<candidacy, group, quantifier, lab_window, neither_nor, bounded_test, since_fact, bracket_alternative, supported_measure, measure_test, score_test, age_range, age_between, age_span, age_of, age_compare, age_first,
                              age_years, age_bare, score_after, sex_both, demographic, see_below,
                              sex_test, postop_fact, fact_after_event, scoped_facts, fact> {};
// The peek<> choice is tried only where filler or space is there to skip: with nothing to skip it is the last, and trying
// atom_body twice at each bracket level made "((((((((((((((x" take exponential time (found by fuzzing, docs/fuzzing.md).
// "Men and women 18 years and older": the sexes first, where the filler would take "Men" and leave "and women" unread.
// "Women aged 18 years or older", "Adult women greater than 18 years old", "Male patients ≥ 50 years": one sex before an age
// is a criterion of its own (the filler would take the sex word and leave it unread).
struct age_test : pegtl::sor<age_range, age_between, age_span, age_of, age_compare, age_first, age_years, age_bare> {};
struct sex_one : pegtl::sor<sex_female, sex_male> {};
struct no_sex_filler : pegtl::star<sp, pegtl::not_at<sex_one>, filler_item> {};
struct sex_before_age : pegtl::seq<no_sex_filler, sp, sex_one, pegtl::opt<sp1, pegtl::sor<kw<istr<"patients">>, kw<istr<"subjects">>, kw<istr<"participants">> > >, sp,
                                   pegtl::at<pegtl::sor<age_test, kw<istr<"aged">>, kw<istr<"age">>, kw<istr<"ages">> > >> {};
struct atom : pegtl::seq<pegtl::sor<pegtl::seq<sex_prefix, filler, sp, atom_body>, pegtl::seq<sex_before_age, atom_body>,
                                    pegtl::seq<filler, sp, sex_prefix, filler, sp, atom_body>, pegtl::seq<peek<pegtl::sor<ws, filler_item>>, filler, sp, atom_body>,
                                    atom_body>, filler,
                         pegtl::opt<demographic_tail, filler>> {};

// "no", "not", "without", "never"
struct negation : pegtl::sor<kw<istr<"no">>, kw<istr<"not">>, kw<istr<"without">>, kw<istr<"never">>,
                             kw<istr<"absence of">>, kw<istr<"free of">> > {};
// A concept name that starts with the negation ("not eligible for resection" is unresectable, "not suitable for TACE") is read whole.
struct negated : pegtl::seq<pegtl::opt<filler, sp>, pegtl::not_at<concept_name>, negation, sp, unary> {};
// "must not have", "should not be", "may not receive", "must have no", "cannot have": a negation written as a requirement.
// In an exclusion it is read as excluding those who have the thing (the binder says so in a note).
struct modal_word : pegtl::sor<kw<istr<"must">>, kw<istr<"should">>, kw<istr<"shall">>, kw<istr<"may">>,
                               kw<istr<"will">>, kw<istr<"can">> > {};
struct modal_negation : pegtl::sor<pegtl::seq<modal_word, pegtl::star<sp, pegtl::not_at<negation>, filler_item>, sp, negation>,
                                   kw<istr<"cannot">>, kw<istr<"can't">>, kw<istr<"mustn't">>,
                                   kw<istr<"shouldn't">> > {};
struct requirement_negated : pegtl::seq<pegtl::star<sp, pegtl::not_at<modal_word>, filler_item>, sp, modal_negation, sp, unary> {};
struct unary : pegtl::sor<requirement_negated, negated, atom> {};

// Conjunction: "and", ",", ";" and a sentence break ". " (registry lines run sentences together).
// "Routine blood test: the neutrophil≥1.5×10^9/L, ..." — a caption before the criterion.
// A caption names a topic; one that names whom or when the line applies to ("For patients with splenic sequestration:",
// "If female:", "Part 2 only:", "Cohort A:") is a condition, not a caption: such a line does not compile (manual review).
struct caption_condition : pegtl::sor<kw<istr<"for">>, kw<istr<"if">>, kw<istr<"in">>, kw<istr<"with">>,
                                      kw<istr<"when">>, kw<istr<"where">>, kw<istr<"who">>, kw<istr<"only">>,
                                      kw<istr<"unless">>, kw<istr<"except">>, kw<istr<"part">>,
                                      kw<istr<"cohort">>, kw<istr<"arm">>, kw<istr<"phase">> > {};
struct caption_char : pegtl::sor<pegtl::one<' ', '-', '/'>, pegtl::seq<pegtl::not_at<caption_condition>, pegtl::plus<pegtl::alpha>>> {};
struct caption : pegtl::seq<pegtl::plus<caption_char>, colon> {};
// A registry line that lost its line breaks: "Platelets ≥ 100 k/µL Hemoglobin ≥ 9 g/dL", "... ≤3.5mg/dL Sodium: ≥130mEq/L",
// "... ≤1.2mg/dL Hepatic function: transaminases ≤5x ULN". Only a space before a lab or score test with its threshold.
// A caption of filler words ("Hematologic function:") is skipped by the item's filler; other words never are.
struct run_on_sep : pegtl::seq<sp1, peek<pegtl::sor<measure_test, score_test>>> {};
// and_sep, comma_mark and and_joiner are kept in the tree: a list joined by commas alone takes the meaning of its last joining word.
struct comma_mark : pegtl::one<','> {};
struct semicolon_mark : pegtl::one<';'> {};
struct and_joiner : kw_and {};
// "CHF, defined as NYHA III or IV": the comma before a definition parts the term from it; it is no list comma (which would
// take the list's last word, 'or': heart failure, or NYHA III or IV), so it joins them as the line without the comma does.
struct defining_comma : pegtl::seq<sp, pegtl::one<','>, pegtl::at<sp, pegtl::sor<kw<istr<"defined as">>, kw<istr<"defined by">>,
                                                                                kw<istr<"as defined by">>, istr<"i.e.">,
                                                                                kw<istr<"that is">> > >> {};
struct and_sep : pegtl::sor<defining_comma, pegtl::seq<sp, pegtl::sor<comma_mark, semicolon_mark>, sp, pegtl::opt<and_joiner, sp>>, pegtl::seq<sp, and_joiner, sp>, pegtl::seq<sp, pegtl::one<'.'>, sp1>, run_on_sep> {};
struct and_word : pegtl::seq<sp, kw_and, sp> {};
struct conjunction : pegtl::seq<unary, pegtl::star<and_sep, unary>> {};
// Inside an inline "any of the following: a, b, c" list, commas separate items.
struct conjunction_tight : pegtl::seq<unary, pegtl::star<and_word, unary>> {};
struct or_sep : pegtl::sor<pegtl::seq<sp, istr<"and/or">, sp>, pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>> {};
struct disjunction : pegtl::seq<conjunction, pegtl::star<or_sep, conjunction>> {};

// "Renal insufficiency (serum creatinine > 2 mg/dL)", "Presence of uncontrolled diabetes, defined as HbA1c ≥ 8.0": a term the
// line defines. The definition is what is checked; the term's words are not read. Only a whole line, and never a term with a
// structure word (no, not, without, or, and, other, if, unless, except, but, history).
struct term_stop : pegtl::sor<kw<istr<"no">>, kw<istr<"not">>, kw<istr<"without">>, kw<istr<"never">>,
                              kw_or, kw_and, kw<istr<"other">>, kw<istr<"if">>, kw<istr<"unless">>,
                              kw<istr<"except">>, kw<istr<"but">>, kw<istr<"history">>, kw<istr<"defined">>,
                              kw<istr<"free">>, kw<istr<"absence">>,
                              // A group, a time or a cause the definition does not say (review helper-146: "Female patients with anemia,
                              // defined as Hb < 10 g/dL" excluded a man; "Previous hypertensive crisis, defined as SBP > 180" read today's).
                              kw<istr<"female">>, kw<istr<"females">>, kw<istr<"male">>,
                              kw<istr<"males">>, kw<istr<"women">>, kw<istr<"woman">>, kw<istr<"men">>,
                              kw<istr<"man">>, kw<istr<"previous">>, kw<istr<"previously">>,
                              kw<istr<"prior">>, kw<istr<"past">>, kw<istr<"former">>,
                              kw<istr<"recent">>, kw<istr<"recently">>, kw<istr<"reactivation">>,
                              kw<istr<"induced">>, kw<istr<"related">>, kw<istr<"due">>,
                              kw<istr<"secondary">>, kw<istr<"associated">>, kw<istr<"pregnancy">>,
                              kw<istr<"pregnant">>, kw<istr<"maternal">>, kw<istr<"girls">>,
                              kw<istr<"girl">>, kw<istr<"boys">>, kw<istr<"boy">>,
                              kw<istr<"children">>, kw<istr<"elderly">>, kw<istr<"pediatric">>,
                              kw<istr<"paediatric">>, kw<istr<"adolescent">>, kw<istr<"adolescents">>,
                              kw<istr<"infants">>, kw<istr<"postmenopausal">>, kw<istr<"premenopausal">>,
                              kw<istr<"existing">> > {};
struct term_word : pegtl::seq<pegtl::not_at<term_stop>, pegtl::plus<pegtl::sor<pegtl::alpha, pegtl::one<'-', '\''>>>, word_end> {};
struct defined_term : pegtl::seq<term_word, pegtl::rep_max<7, sp1, term_word>> {};
// "Proteinuria, as demonstrated by ...", "Adequate renal function as measured by ...", "Renal failure, i.e. ...": the tests that
// show the term are its definition too.
struct definition_shown_by : pegtl::seq<pegtl::opt<kw<istr<"as">>, sp1>,
                                        pegtl::sor<kw<istr<"demonstrated by">>, kw<istr<"evidenced by">>,
                                                   kw<istr<"shown by">>, kw<istr<"indicated by">>,
                                                   kw<istr<"measured by">> > > {};
struct definition_intro : pegtl::seq<pegtl::opt<sp, pegtl::one<','>>, sp, pegtl::sor<kw<istr<"defined as">>, kw<istr<"defined by">>,
                                                                                    kw<istr<"as defined by">>, definition_shown_by,
                                                                                    istr<"i.e.">, kw<istr<"that is">> >,
                                     sp, pegtl::opt<pegtl::sor<kw<istr<"a">>, kw<istr<"an">> >, sp>> {};
// The bracket must hold only lab and score tests ("(HBV)" or "(e.g. HIV, immunosuppressants)" name things, they do not define).
struct definition_item : pegtl::seq<filler, sp, pegtl::sor<measure_test, score_test>, filler> {};
struct definition_sep : pegtl::sor<pegtl::seq<sp, pegtl::one<',', ';'>, sp, pegtl::opt<pegtl::sor<kw_and, kw_or>, sp>>,
                                   pegtl::seq<sp, pegtl::sor<istr<"and/or">, kw_and, kw_or>, sp>> {};
struct definition_only_tests : pegtl::seq<pegtl::one<'('>, sp, definition_item, pegtl::star<definition_sep, definition_item>, sp, pegtl::one<')'>> {};
struct defined_line : pegtl::sor<pegtl::seq<defined_term, definition_intro, disjunction>,
                                 pegtl::seq<defined_term, sp, peek<definition_only_tests>, group>> {};
// "No uncontrolled blood pressure, defined as systolic blood pressure > 150 mm Hg and/or diastolic blood pressure > 100 mm Hg":
// the negation covers the whole definition.
struct negated_defined_line : pegtl::seq<pegtl::opt<filler, sp>, negation, sp, defined_line> {};
// The same with its definition introduced in words ("defined as", "i.e."): tried before any other reading of the line, unless
// the definition is a score that grades the term ("Congestive heart failure defined as NYHA class III or IV": without heart
// failure there is no NYHA class, so the term is read too, and a patient without it is not met rather than unknown).
// Nor when it names facts ("Prior systemic therapy, i.e. sorafenib": registries write "i.e." for "e.g.", and the drugs may be
// examples of the class, review helper-143).
struct defined_intro_line : pegtl::seq<defined_term, definition_intro, pegtl::not_at<score_test>, pegtl::not_at<fact_core>, disjunction> {};
struct negated_defined_intro_line : pegtl::seq<pegtl::opt<filler, sp>, negation, sp, defined_intro_line> {};
// "1. ", "2) ", "a. ", "(b) ", "iv) ": a list number the registry left at the start of the line. It numbers, it says nothing.
struct list_roman : pegtl::sor<str<"viii">, str<"vii">, str<"iii">, str<"ii">, str<"iv">,
                               str<"vi">, str<"ix">> {};
struct list_mark : pegtl::sor<pegtl::rep_min_max<1, 2, pegtl::digit>, list_roman, pegtl::alpha> {};
struct list_number : pegtl::seq<pegtl::sor<pegtl::seq<pegtl::one<'('>, list_mark, pegtl::one<')'>>,
                                           pegtl::seq<list_mark, pegtl::sor<str<".)">, pegtl::one<'.', ')'>>>>, sp1> {};
// "Patients with malabsorption syndromes will be excluded.", "Pregnant women are excluded from this study", "Patients with known
// brain metastases should be excluded from this clinical trial": the line states whom the trial excludes (docs/language.md, "A
// line that says whom it excludes"); the binder reads it by section. Only a whole line, and only "excluded" after "is", "are" or
// "will", "would", "should", "shall", "must" with "be" (the filler may have taken them already): "may be excluded" leaves it to
// someone's judgement, "will not be excluded" and "will also be excluded" say something else, and none of them compiles.
struct exclusion_modal : pegtl::sor<kw<istr<"will">>, kw<istr<"would">>, kw<istr<"should">>,
                                    kw<istr<"shall">>, kw<istr<"must">> > {};
struct excluded_from : pegtl::seq<kw<istr<"from">>, sp, pegtl::opt<pegtl::sor<kw<istr<"this">>, kw_the>, sp>,
                                  pegtl::opt<kw<istr<"clinical">>, sp>,
                                  pegtl::sor<kw<istr<"study">>, kw<istr<"trial">>, kw<istr<"protocol">> > > {};
struct excluded_verb : pegtl::seq<pegtl::opt<pegtl::sor<kw<istr<"are">>, kw<istr<"is">>, pegtl::seq<exclusion_modal, sp1, kw<istr<"be">>>>, sp1>,
                                  kw<istr<"excluded">>, pegtl::opt<sp1, excluded_from>> {};
struct stated_exclusion : pegtl::seq<disjunction, sp, excluded_verb> {};
// A term defined in words is tried first: "Uncontrolled hypertension defined as SBP ≥ 150 mmHg" names a concept, and read as a
// run-on list it required the recorded concept and the definition both (review helper-141: "Poorly controlled hypertension,
// defined as SBP ≥ 140 or DBP ≥ 90" accepted the recorded concept beside its definition). The definition is what is checked.
// A term defined by a bracket of tests is tried last: "Chronic hepatitis B (Child-Pugh B)" is no definition, and the binder
// refuses the stage that would narrow the concept.
struct criterion : pegtl::seq<sp, pegtl::opt<list_number>, pegtl::sor<pegtl::seq<defined_intro_line, line_end>, pegtl::seq<negated_defined_intro_line, line_end>, pegtl::seq<disjunction, line_end>, pegtl::seq<caption, sp, disjunction, line_end>, pegtl::seq<defined_line, line_end>, pegtl::seq<negated_defined_line, line_end>,
                                                                  pegtl::seq<stated_exclusion, line_end>>> {};

// clang-format on

}  // namespace eligo::grammar

namespace tao::pegtl {
template <typename Name, std::size_t (*Match)(std::string_view)>
struct analyze_traits<Name, eligo::grammar::longest_match<Match>> : analyze_any_traits<> {};
template <typename Name, typename Peek>
struct analyze_traits<Name, eligo::grammar::peek<Peek>> : analyze_opt_traits<> {};
template <typename Name, typename Rule>
struct analyze_traits<Name, eligo::grammar::at_word_start<Rule>> : analyze_opt_traits<> {};
template <typename Name>
struct analyze_traits<Name, eligo::grammar::line_start> : analyze_opt_traits<> {};
}  // namespace tao::pegtl
