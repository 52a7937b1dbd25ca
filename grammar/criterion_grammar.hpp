// The criteria language: one criterion line -> syntax tree (PEGTL 3.2).
//
// Each rule is one construct as registries write it; the comment says which
// phrasing it comes from. docs/language.md lists every construct with an
// example that the test suite runs. Names of analytes, scores and concepts and
// units are matched by the longest-match rules at the top, driven by the
// catalogue through a Lexicon.
#pragma once

#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "lexicon.hpp"

namespace eligo::grammar {

namespace pegtl = tao::pegtl;

// The lexicon for the parse running on this thread (set by parse_criterion).
const Lexicon*& current_lexicon();

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

template <Lexicon::Kind K>
std::size_t match_known_name(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? lx->match_name(K, text) : 0;
}
// A filler word never hides a name that starts at the same place ("uncontrolled
// hypertension" is a concept, not "uncontrolled" + "hypertension").
inline std::size_t match_filler(std::string_view text)
{
   const std::size_t n = filler_words().match(text);
   if (n == 0) return 0;
   if (const Lexicon* lx = current_lexicon())
      for (auto kind : {Lexicon::Kind::analyte, Lexicon::Kind::score, Lexicon::Kind::concept_})
         if (lx->match_name(kind, text) > n) return 0;
   return n;
}
inline std::size_t match_known_unit(std::string_view text)
{
   const Lexicon* lx = current_lexicon();
   return lx ? match_unit(*lx, text) : 0;
}

struct analyte_name : longest_match<&match_known_name<Lexicon::Kind::analyte>> {};   // "PLT", "total bilirubin", "absolute neutrophil count"
struct score_name : longest_match<&match_known_name<Lexicon::Kind::score>> {};       // "ECOG", "Child-Pugh", "American Society of Anesthesiologists"
struct concept_name : longest_match<&match_known_name<Lexicon::Kind::concept_>> {};  // "lenvatinib", "portal vein tumor thrombus"
struct filler_word : longest_match<&match_filler> {};                                // "the", "patient", "serum", "level", "was": see filler_words()
struct unit : longest_match<&match_known_unit> {};  // "mg/dL", "×10^9/L", "x 109/L", "µmol /L", "micromoles per liter": longest string the unit parser reads

// The rules below keep one rule per line, aligned by hand: not reformatted.
// clang-format off

// ---- spacing and words ------------------------------------------------------

struct nbsp : TAO_PEGTL_STRING("\xC2\xA0") {};
struct ws : pegtl::sor<pegtl::one<' ', '\t'>, nbsp> {};
struct sp : pegtl::star<ws> {};
struct sp1 : pegtl::plus<ws> {};
struct word_end : pegtl::not_at<pegtl::identifier_other> {};
template <typename S>
struct kw : pegtl::seq<S, word_end> {};
struct colon : pegtl::sor<pegtl::one<':'>, TAO_PEGTL_STRING("\xEF\xBC\x9A")> {};  // ':' and fullwidth '：' (NCT03178929)

struct kw_and : kw<TAO_PEGTL_ISTRING("and")> {};
struct kw_or : kw<TAO_PEGTL_ISTRING("or")> {};
struct kw_the : kw<TAO_PEGTL_ISTRING("the")> {};

// ---- comparisons --------------------------------------------------------------
// Symbols and words from registry text: "≥", ">/=", "> or =", "=<", "at least",
// "no greater than", "not exceeding", "less than".

struct op_ge : pegtl::sor<TAO_PEGTL_STRING("\xE2\x89\xA5"),  // ≥
                          TAO_PEGTL_STRING("\xE2\xA9\xBE"),  // ⩾
                          TAO_PEGTL_STRING("\xE2\x89\xA7"),  // ≧
                          TAO_PEGTL_STRING(">/="), TAO_PEGTL_STRING(">="), TAO_PEGTL_STRING("=>"),
                          pegtl::seq<pegtl::one<'>'>, sp, kw_or, sp, pegtl::one<'='>>,
                          kw<TAO_PEGTL_ISTRING("greater than or equal to")>, kw<TAO_PEGTL_ISTRING("greater than or equal")>,
                          kw<TAO_PEGTL_ISTRING("more than or equal to")>, kw<TAO_PEGTL_ISTRING("higher than or equal to")>,
                          kw<TAO_PEGTL_ISTRING("equal to or greater than")>, kw<TAO_PEGTL_ISTRING("equal to or more than")>,
                          kw<TAO_PEGTL_ISTRING("equal or greater than")>, kw<TAO_PEGTL_ISTRING("equal to or above")>,
                          kw<TAO_PEGTL_ISTRING("no less than")>, kw<TAO_PEGTL_ISTRING("not less than")>, kw<TAO_PEGTL_ISTRING("at least")>,
                          kw<TAO_PEGTL_ISTRING("a minimum of")>, kw<TAO_PEGTL_ISTRING("minimum of")>, kw<TAO_PEGTL_ISTRING("minimum")> > {};
struct op_le : pegtl::sor<TAO_PEGTL_STRING("\xE2\x89\xA4"),  // ≤
                          TAO_PEGTL_STRING("\xE2\xA9\xBD"),  // ⩽
                          TAO_PEGTL_STRING("\xE2\x89\xA6"),  // ≦
                          TAO_PEGTL_STRING("</="), TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING("=<"),
                          pegtl::seq<pegtl::one<'<'>, sp, kw_or, sp, pegtl::one<'='>>,
                          kw<TAO_PEGTL_ISTRING("less than or equal to")>, kw<TAO_PEGTL_ISTRING("less than or equal")>,
                          kw<TAO_PEGTL_ISTRING("lower than or equal to")>, kw<TAO_PEGTL_ISTRING("equal to or less than")>,
                          kw<TAO_PEGTL_ISTRING("equal or less than")>, kw<TAO_PEGTL_ISTRING("equal to or below")>,
                          kw<TAO_PEGTL_ISTRING("no greater than")>, kw<TAO_PEGTL_ISTRING("not greater than")>,
                          kw<TAO_PEGTL_ISTRING("no more than")>, kw<TAO_PEGTL_ISTRING("not more than")>, kw<TAO_PEGTL_ISTRING("no higher than")>,
                          kw<TAO_PEGTL_ISTRING("not higher than")>, kw<TAO_PEGTL_ISTRING("not exceeding")>, kw<TAO_PEGTL_ISTRING("not to exceed")>,
                          kw<TAO_PEGTL_ISTRING("does not exceed")>, kw<TAO_PEGTL_ISTRING("not above")>, kw<TAO_PEGTL_ISTRING("at most")>,
                          kw<TAO_PEGTL_ISTRING("up to")>, kw<TAO_PEGTL_ISTRING("a maximum of")>, kw<TAO_PEGTL_ISTRING("maximum of")>,
                          kw<TAO_PEGTL_ISTRING("maximum")> > {};
struct op_ne : pegtl::sor<TAO_PEGTL_STRING("\xE2\x89\xA0"),  // ≠
                          TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<>"), kw<TAO_PEGTL_ISTRING("not equal to")> > {};
struct op_gt : pegtl::sor<pegtl::one<'>'>, TAO_PEGTL_STRING("\xEF\xBC\x9E"),  // fullwidth ＞
                          kw<TAO_PEGTL_ISTRING("greater than")>, kw<TAO_PEGTL_ISTRING("more than")>, kw<TAO_PEGTL_ISTRING("higher than")>,
                          kw<TAO_PEGTL_ISTRING("in excess of")>, kw<TAO_PEGTL_ISTRING("exceeding")>, kw<TAO_PEGTL_ISTRING("exceeds")>,
                          kw<TAO_PEGTL_ISTRING("above")>, kw<TAO_PEGTL_ISTRING("over")> > {};
struct op_lt : pegtl::sor<pegtl::one<'<'>, TAO_PEGTL_STRING("\xEF\xBC\x9C"),  // fullwidth ＜
                          kw<TAO_PEGTL_ISTRING("less than")>, kw<TAO_PEGTL_ISTRING("lower than")>, kw<TAO_PEGTL_ISTRING("fewer than")>,
                          kw<TAO_PEGTL_ISTRING("below")>, kw<TAO_PEGTL_ISTRING("under")> > {};
struct op_eq : pegtl::sor<pegtl::one<'='>, kw<TAO_PEGTL_ISTRING("equal to")>, kw<TAO_PEGTL_ISTRING("equals")> > {};
// ClinicalTrials.gov API text escapes markdown: "\\>=" is ">=".
struct md_escape : pegtl::opt<pegtl::one<'\\'>, pegtl::at<pegtl::one<'<', '>', '='>>> {};
// Age-only comparisons: "older than 18 years", "younger than 75".
struct op_older : kw<TAO_PEGTL_ISTRING("older than")> {};
struct op_younger : kw<TAO_PEGTL_ISTRING("younger than")> {};
struct comparator : pegtl::seq<md_escape, pegtl::sor<op_ge, op_le, op_ne, op_gt, op_lt, op_eq>> {};

// "2.8 g/dL or above", "18 years or older", "2 or less"
struct postfix_ge : pegtl::sor<kw<TAO_PEGTL_ISTRING("or above")>, kw<TAO_PEGTL_ISTRING("or more")>, kw<TAO_PEGTL_ISTRING("or greater")>,
                               kw<TAO_PEGTL_ISTRING("or higher")>, kw<TAO_PEGTL_ISTRING("or over")>, kw<TAO_PEGTL_ISTRING("or older")>,
                               kw<TAO_PEGTL_ISTRING("and above")>, kw<TAO_PEGTL_ISTRING("and older")>, kw<TAO_PEGTL_ISTRING("and over")> > {};
struct postfix_le : pegtl::sor<kw<TAO_PEGTL_ISTRING("or below")>, kw<TAO_PEGTL_ISTRING("or less")>, kw<TAO_PEGTL_ISTRING("or lower")>,
                               kw<TAO_PEGTL_ISTRING("or under")>, kw<TAO_PEGTL_ISTRING("or younger")>, kw<TAO_PEGTL_ISTRING("and below")>,
                               kw<TAO_PEGTL_ISTRING("and under")>, kw<TAO_PEGTL_ISTRING("and younger")> > {};
struct postfix_op : pegtl::sor<postfix_ge, postfix_le> {};

// ---- numbers ------------------------------------------------------------------
// "75,000" (thousands), "1.5", ".5", and the decimal comma "1,5" (only with one
// or two digits after the comma: three digits always mean thousands).

struct digits : pegtl::plus<pegtl::digit> {};
struct fraction : pegtl::seq<pegtl::one<'.'>, digits> {};
struct thousands_sep : pegtl::sor<pegtl::one<','>, pegtl::one<' '>, nbsp, TAO_PEGTL_STRING("\xE2\x80\x89"), TAO_PEGTL_STRING("\xE2\x80\xAF")> {};  // , space, nbsp, thin spaces
struct thousands : pegtl::seq<pegtl::rep_min_max<1, 3, pegtl::digit>, pegtl::plus<thousands_sep, pegtl::rep<3, pegtl::digit>, pegtl::not_at<pegtl::digit>>, pegtl::opt<fraction>> {};
struct decimal_comma : pegtl::seq<digits, pegtl::one<','>, pegtl::rep_min_max<1, 2, pegtl::digit>, pegtl::not_at<pegtl::digit>> {};
struct plain_number : pegtl::sor<pegtl::seq<digits, pegtl::opt<fraction>>, fraction> {};
struct number : pegtl::seq<pegtl::sor<thousands, decimal_comma, plain_number>, pegtl::not_at<pegtl::one<','>, pegtl::digit, pegtl::digit, pegtl::digit>> {};
struct number_word : pegtl::sor<kw<TAO_PEGTL_ISTRING("one")>, kw<TAO_PEGTL_ISTRING("two")>, kw<TAO_PEGTL_ISTRING("three")>, kw<TAO_PEGTL_ISTRING("four")>,
                                kw<TAO_PEGTL_ISTRING("five")>, kw<TAO_PEGTL_ISTRING("six")>, kw<TAO_PEGTL_ISTRING("seven")>, kw<TAO_PEGTL_ISTRING("eight")>,
                                kw<TAO_PEGTL_ISTRING("nine")>, kw<TAO_PEGTL_ISTRING("ten")>, kw<TAO_PEGTL_ISTRING("eleven")>, kw<TAO_PEGTL_ISTRING("twelve")> > {};

// A number with its unit: "3.0 mg/dL", "75×10^9/L", "1,5 x 109/l".
struct quantity : pegtl::seq<number, pegtl::opt<sp, unit>> {};

// ---- filler -------------------------------------------------------------------
// "(ULN)", "(ANC)", "(5-6 points)": parenthetical notes that restate.
// A note that compares or qualifies ("(or ≥ 50×10^9/L with liver metastases)") is not filler: the line then fails and is reported.
struct note_forbidden : pegtl::sor<pegtl::one<'<', '>', '=', '('>, TAO_PEGTL_STRING("\xE2\x89\xA5"), TAO_PEGTL_STRING("\xE2\x89\xA4"),
                                   kw<TAO_PEGTL_ISTRING("or")>, kw<TAO_PEGTL_ISTRING("if")>, kw<TAO_PEGTL_ISTRING("unless")>, kw<TAO_PEGTL_ISTRING("except")>,
                                   kw<TAO_PEGTL_ISTRING("excluding")>, kw<TAO_PEGTL_ISTRING("but")>, kw<TAO_PEGTL_ISTRING("not")>, kw<TAO_PEGTL_ISTRING("no")> > {};
struct paren_note : pegtl::seq<pegtl::one<'('>, pegtl::star<pegtl::not_at<note_forbidden>, pegtl::not_one<')', '\n'>>, pegtl::one<')'>> {};
struct filler_item : pegtl::sor<filler_word, paren_note, colon> {};
struct filler : pegtl::star<sp, filler_item> {};

// ---- relative to normal -------------------------------------------------------
// "≤ 5 × ULN", "≤5 times the upper limit of normal", "≤ 1.5 ULN", "3x ULN", "≥ LLN"
struct uln_phrase : pegtl::sor<kw<TAO_PEGTL_ISTRING("ULN")>, kw<TAO_PEGTL_ISTRING("IULN")>, kw<TAO_PEGTL_ISTRING("UNL")>,
                               kw<TAO_PEGTL_ISTRING("upper limit of the normal range")>, kw<TAO_PEGTL_ISTRING("upper limit of normal range")>,
                               kw<TAO_PEGTL_ISTRING("upper limits of normal")>, kw<TAO_PEGTL_ISTRING("upper limit of normal")>,
                               kw<TAO_PEGTL_ISTRING("upper limit of the normal")>, kw<TAO_PEGTL_ISTRING("upper normal limit")>,
                               kw<TAO_PEGTL_ISTRING("upper limit normal")>, kw<TAO_PEGTL_ISTRING("upper limit")> > {};
struct lln_phrase : pegtl::sor<kw<TAO_PEGTL_ISTRING("LLN")>, kw<TAO_PEGTL_ISTRING("lower limit of the normal range")>,
                               kw<TAO_PEGTL_ISTRING("lower limit of normal range")>, kw<TAO_PEGTL_ISTRING("lower limits of normal")>,
                               kw<TAO_PEGTL_ISTRING("lower limit of normal")>, kw<TAO_PEGTL_ISTRING("lower normal limit")>,
                               kw<TAO_PEGTL_ISTRING("lower limit")> > {};
struct times_sign : pegtl::sor<kw<TAO_PEGTL_ISTRING("times")>, TAO_PEGTL_ISTRING("-fold"), kw<TAO_PEGTL_ISTRING("fold")>,
                               TAO_PEGTL_STRING("\xC3\x97"), pegtl::one<'x', 'X', '*'>> {};
struct normal_qualifier : pegtl::sor<kw<TAO_PEGTL_ISTRING("institutional")>, kw<TAO_PEGTL_ISTRING("local")>, kw<TAO_PEGTL_ISTRING("the")> > {};
struct uln_factor : pegtl::seq<number, sp, pegtl::opt<times_sign>> {};
struct normal_limit : pegtl::seq<pegtl::star<normal_qualifier, sp>, pegtl::sor<uln_phrase, lln_phrase>> {};
struct relative_threshold : pegtl::seq<comparator, sp, pegtl::opt<uln_factor, sp>, normal_limit> {};
// "ALT 2.5 x ULN or less"
struct relative_postfix : pegtl::seq<uln_factor, sp, normal_limit, sp, postfix_op> {};

// "within normal limits", "WNL", "normal"
struct within_normal : pegtl::sor<kw<TAO_PEGTL_ISTRING("within normal limits")>, kw<TAO_PEGTL_ISTRING("within normal limit")>,
                                  kw<TAO_PEGTL_ISTRING("within the normal range")>, kw<TAO_PEGTL_ISTRING("within normal range")>,
                                  kw<TAO_PEGTL_ISTRING("within the normal limits")>, kw<TAO_PEGTL_ISTRING("within institutional normal limits")>,
                                  kw<TAO_PEGTL_ISTRING("within the institutional normal range")>, kw<TAO_PEGTL_ISTRING("WNL")>,
                                  kw<TAO_PEGTL_ISTRING("normal")> > {};

// ---- absolute thresholds and ranges ---------------------------------------------
// "≥ 75×10^9/L"; a missing number after a comparison is an error.
struct threshold_value : quantity {};
struct absolute_threshold : pegtl::seq<comparator, sp, threshold_value> {};
// "18-75 years", "between 18 and 75", "from 18 to 75 years"
struct range_sep : pegtl::sor<pegtl::one<'-'>, TAO_PEGTL_STRING("\xE2\x80\x93"), TAO_PEGTL_STRING("\xE2\x80\x94"), TAO_PEGTL_STRING("\xEF\xBD\x9E"),
                              pegtl::one<'~'>, kw<TAO_PEGTL_ISTRING("to")>, kw_and> {};
struct range_low : quantity {};
struct range_high : quantity {};
struct range_threshold : pegtl::seq<pegtl::opt<pegtl::sor<kw<TAO_PEGTL_ISTRING("between")>, kw<TAO_PEGTL_ISTRING("from")> >, sp>, range_low, sp, range_sep, sp,
                                    range_high, pegtl::opt<sp, kw<TAO_PEGTL_ISTRING("inclusive")> > > {};
// "2.8 g/dL or above"
struct postfix_threshold : pegtl::seq<quantity, sp, postfix_op> {};
struct measure_threshold : pegtl::sor<relative_threshold, relative_postfix, absolute_threshold, range_threshold, postfix_threshold, within_normal> {};

// ---- measures (labs, age, tumour facts) -----------------------------------------
// "AST, ALT, ALP ≤ 5 × ULN" and "AST/ALT ≤ 5 x ULN" mean all of them; "AST or ALT" one of them.
struct subject : pegtl::seq<analyte_name, pegtl::opt<sp, paren_note>> {};
struct list_and : pegtl::sor<pegtl::seq<sp, pegtl::one<',', '/', '&'>, sp, pegtl::opt<kw_and, sp>>, pegtl::seq<sp1, kw_and, sp>> {};
struct list_or : pegtl::sor<pegtl::seq<sp, TAO_PEGTL_ISTRING("and/or"), sp>, pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>> {};
struct subject_list : pegtl::seq<subject, pegtl::star<pegtl::sor<list_or, list_and>, subject>> {};
struct measure_test : pegtl::seq<subject_list, filler, sp, measure_threshold> {};
// "18 ≤ age ≤ 75"
struct bounded_low : quantity {};
struct bounded_high : quantity {};
struct bounded_test : pegtl::seq<bounded_low, sp, comparator, sp, subject_list, sp, comparator, sp, bounded_high> {};
// "at least 20 years of age", "18 years or older", "over 18 years of age"
struct age_tail : pegtl::sor<kw<TAO_PEGTL_ISTRING("of age")>, kw<TAO_PEGTL_ISTRING("old")>, kw<TAO_PEGTL_ISTRING("of age or older")> > {};
struct age_first : pegtl::seq<pegtl::opt<comparator, sp>, quantity, sp, pegtl::sor<pegtl::seq<age_tail, pegtl::opt<sp, postfix_op>>, postfix_op>> {};
// "older than 18 years", "younger than 75 years of age"
struct age_compare : pegtl::seq<pegtl::sor<op_older, op_younger>, sp, quantity, pegtl::opt<sp, age_tail>> {};
// "20 to 70 years of age", "between 18 and 75 years old"
struct age_range : pegtl::seq<range_threshold, sp, age_tail> {};

// ---- scores and classes -----------------------------------------------------------
// "Child-Pugh A", "class A or B7", "ECOG 0-1", "ASA I-III", "BCLC stage B or C", "ECOG < 2"
struct roman : pegtl::seq<pegtl::sor<TAO_PEGTL_STRING("VI"), TAO_PEGTL_STRING("IV"), TAO_PEGTL_STRING("V"), TAO_PEGTL_STRING("III"), TAO_PEGTL_STRING("II"),
                                     TAO_PEGTL_STRING("I")>,
                          pegtl::opt<pegtl::one<'a', 'b'>>> {};
struct letter_label : pegtl::seq<pegtl::range<'A', 'D'>, pegtl::sor<pegtl::seq<pegtl::one<'('>, digits, pegtl::one<')'>>, pegtl::star<pegtl::digit>>> {};  // B7, B(7)
struct mvi_label : pegtl::seq<pegtl::one<'M'>, pegtl::digit> {};
struct word_label : pegtl::sor<kw<TAO_PEGTL_ISTRING("none")>, kw<TAO_PEGTL_ISTRING("absent")>, kw<TAO_PEGTL_ISTRING("mild")>, kw<TAO_PEGTL_ISTRING("moderate")>,
                               kw<TAO_PEGTL_ISTRING("severe")>, kw<TAO_PEGTL_ISTRING("controlled")>, kw<TAO_PEGTL_ISTRING("refractory")> > {};
struct label_token : pegtl::seq<pegtl::sor<roman, mvi_label, letter_label, digits, word_label>, word_end> {};
struct label_prefix : pegtl::sor<kw<TAO_PEGTL_ISTRING("stage")>, kw<TAO_PEGTL_ISTRING("class")>, kw<TAO_PEGTL_ISTRING("grade")>, kw<TAO_PEGTL_ISTRING("score")>> {};
struct label : pegtl::seq<pegtl::opt<label_prefix, sp>, label_token, pegtl::opt<sp, pegtl::one<'%'>>> {};
struct label_sep : pegtl::sor<pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>, pegtl::seq<sp, pegtl::one<',', '/'>, sp>,
                              pegtl::seq<sp, TAO_PEGTL_STRING("\xE3\x80\x81"), sp>> {};  // ideographic comma '、'
struct label_compare : pegtl::seq<comparator, sp, filler, sp, label> {};
struct label_range : pegtl::seq<pegtl::opt<pegtl::sor<kw<TAO_PEGTL_ISTRING("between")>, kw<TAO_PEGTL_ISTRING("from")> >, sp>, label, sp, range_sep, sp, label> {};
struct label_postfix : pegtl::seq<label, sp, postfix_op> {};
struct label_list : pegtl::seq<label, pegtl::star<label_sep, label>> {};
struct score_threshold : pegtl::sor<label_compare, label_range, label_postfix, label_list> {};
struct score_test : pegtl::seq<score_name, pegtl::opt<sp, paren_note>, filler, sp, score_threshold> {};

// ---- sex ----------------------------------------------------------------------------
struct sex_female : pegtl::sor<kw<TAO_PEGTL_ISTRING("females")>, kw<TAO_PEGTL_ISTRING("female")>, kw<TAO_PEGTL_ISTRING("women")>, kw<TAO_PEGTL_ISTRING("woman")> > {};
struct sex_male : pegtl::sor<kw<TAO_PEGTL_ISTRING("males")>, kw<TAO_PEGTL_ISTRING("male")>, kw<TAO_PEGTL_ISTRING("men")>, kw<TAO_PEGTL_ISTRING("man")> > {};
struct sex_test : pegtl::seq<pegtl::sor<sex_female, sex_male>, pegtl::opt<sp, pegtl::sor<kw<TAO_PEGTL_ISTRING("patients")>, kw<TAO_PEGTL_ISTRING("only")> > >, pegtl::at<sp, pegtl::sor<pegtl::eof, pegtl::one<'.', ';', ',', ')'>, kw_and, kw_or>>> {};

// ---- time windows ---------------------------------------------------------------------
// "within 3 months", "in the last 28 days", "in last three months", "within the past 6 months"
struct time_unit : pegtl::sor<kw<TAO_PEGTL_ISTRING("days")>, kw<TAO_PEGTL_ISTRING("day")>, kw<TAO_PEGTL_ISTRING("weeks")>, kw<TAO_PEGTL_ISTRING("week")>,
                              kw<TAO_PEGTL_ISTRING("months")>, kw<TAO_PEGTL_ISTRING("month")>, kw<TAO_PEGTL_ISTRING("years")>, kw<TAO_PEGTL_ISTRING("year")>,
                              kw<TAO_PEGTL_ISTRING("wks")>, kw<TAO_PEGTL_ISTRING("yrs")> > {};
struct amount : pegtl::sor<number, number_word> {};
struct duration : pegtl::seq<amount, sp, time_unit> {};
struct window_anchor : pegtl::seq<pegtl::sor<kw<TAO_PEGTL_ISTRING("prior to")>, kw<TAO_PEGTL_ISTRING("before")>, kw<TAO_PEGTL_ISTRING("of")> >, filler> {};
struct recent : pegtl::sor<kw<TAO_PEGTL_ISTRING("last")>, kw<TAO_PEGTL_ISTRING("recent")>, kw<TAO_PEGTL_ISTRING("past")>, kw<TAO_PEGTL_ISTRING("previous")>, kw<TAO_PEGTL_ISTRING("preceding")> > {};
struct within_window : pegtl::seq<pegtl::sor<kw<TAO_PEGTL_ISTRING("within")>, kw<TAO_PEGTL_ISTRING("in")>, kw<TAO_PEGTL_ISTRING("during")>, kw<TAO_PEGTL_ISTRING("over")>,
                                             pegtl::at<recent>>,
                                  sp, pegtl::opt<kw_the, sp>, pegtl::opt<recent, sp>, duration, pegtl::opt<sp, window_anchor>> {};
struct window : within_window {};
// "labs within 14 days", "laboratory values within 7 days prior to enrollment": a lab window for the whole trial
struct lab_words : pegtl::sor<kw<TAO_PEGTL_ISTRING("laboratory values")>, kw<TAO_PEGTL_ISTRING("laboratory tests")>, kw<TAO_PEGTL_ISTRING("laboratory results")>,
                              kw<TAO_PEGTL_ISTRING("laboratory data")>, kw<TAO_PEGTL_ISTRING("lab values")>, kw<TAO_PEGTL_ISTRING("lab tests")>,
                              kw<TAO_PEGTL_ISTRING("lab results")>, kw<TAO_PEGTL_ISTRING("labs")> > {};
struct lab_window : pegtl::seq<lab_words, filler, sp, kw<TAO_PEGTL_ISTRING("within")>, sp, pegtl::opt<kw_the, sp>, pegtl::opt<recent, sp>, duration,
                               pegtl::opt<sp, window_anchor>> {};

// ---- clinical facts ----------------------------------------------------------------------
// "no prior sorafenib", "no lenvatinib treatment history", "allergy to sorafenib", "no sorafenib allergies",
// "other malignancy", "history of hepatic encephalopathy"
struct allergy_prefix : pegtl::sor<kw<TAO_PEGTL_ISTRING("known hypersensitivity to")>, kw<TAO_PEGTL_ISTRING("hypersensitivity to")>,
                                   kw<TAO_PEGTL_ISTRING("allergy to")>, kw<TAO_PEGTL_ISTRING("allergies to")>, kw<TAO_PEGTL_ISTRING("allergic to")>,
                                   kw<TAO_PEGTL_ISTRING("allergic reaction to")>, kw<TAO_PEGTL_ISTRING("intolerance to")> > {};
struct allergy_suffix : pegtl::sor<kw<TAO_PEGTL_ISTRING("allergies")>, kw<TAO_PEGTL_ISTRING("allergy")>, kw<TAO_PEGTL_ISTRING("hypersensitivity")> > {};
struct history_prefix : pegtl::sor<kw<TAO_PEGTL_ISTRING("a history of")>, kw<TAO_PEGTL_ISTRING("history of")>, kw<TAO_PEGTL_ISTRING("prior treatment with")>,
                                   kw<TAO_PEGTL_ISTRING("previous treatment with")>, kw<TAO_PEGTL_ISTRING("treatment with")>, kw<TAO_PEGTL_ISTRING("treated with")>,
                                   kw<TAO_PEGTL_ISTRING("prior")>, kw<TAO_PEGTL_ISTRING("previous")>, kw<TAO_PEGTL_ISTRING("previously")>,
                                   kw<TAO_PEGTL_ISTRING("received")>, kw<TAO_PEGTL_ISTRING("receiving")>, kw<TAO_PEGTL_ISTRING("receipt of")>,
                                   kw<TAO_PEGTL_ISTRING("use of")>, kw<TAO_PEGTL_ISTRING("exposure to")>, kw<TAO_PEGTL_ISTRING("underwent")> > {};
struct history_suffix : pegtl::sor<kw<TAO_PEGTL_ISTRING("treatment history")>, kw<TAO_PEGTL_ISTRING("drug treatment")>, kw<TAO_PEGTL_ISTRING("history")>,
                                   kw<TAO_PEGTL_ISTRING("treatment")>, kw<TAO_PEGTL_ISTRING("therapy")>, kw<TAO_PEGTL_ISTRING("exposure")>,
                                   kw<TAO_PEGTL_ISTRING("use")> > {};
struct other_marker : pegtl::sor<kw<TAO_PEGTL_ISTRING("other")>, kw<TAO_PEGTL_ISTRING("another")>, kw<TAO_PEGTL_ISTRING("second")>,
                                 kw<TAO_PEGTL_ISTRING("additional")> > {};
struct fact_prefix : pegtl::sor<allergy_prefix, history_prefix, filler_item> {};
struct fact : pegtl::seq<pegtl::star<fact_prefix, sp>, pegtl::opt<other_marker, sp>, concept_name, pegtl::star<sp, pegtl::sor<allergy_suffix, history_suffix>>,
                         pegtl::opt<sp, window>> {};
// "≥ 4 weeks since prior TACE", "at least 6 weeks since prior chemoembolization"
struct since_duration : pegtl::seq<pegtl::opt<comparator, sp>, duration> {};
struct since_fact : pegtl::seq<since_duration, sp, pegtl::sor<kw<TAO_PEGTL_ISTRING("since")>, kw<TAO_PEGTL_ISTRING("after")>, kw<TAO_PEGTL_ISTRING("from")> >,
                               sp, fact> {};

// ---- structure --------------------------------------------------------------------------------
// "any of the following:", "all of the following", "meet any of the following articles:"
struct quant_any : pegtl::sor<kw<TAO_PEGTL_ISTRING("at least one of the following")>, kw<TAO_PEGTL_ISTRING("one or more of the following")>,
                              kw<TAO_PEGTL_ISTRING("any one of the following")>, kw<TAO_PEGTL_ISTRING("any of the following")>,
                              kw<TAO_PEGTL_ISTRING("one of the following")>, kw<TAO_PEGTL_ISTRING("either of the following")> > {};
struct quant_all : pegtl::sor<kw<TAO_PEGTL_ISTRING("all of the following")>, kw<TAO_PEGTL_ISTRING("both of the following")>,
                              kw<TAO_PEGTL_ISTRING("each of the following")>, kw<TAO_PEGTL_ISTRING("the following")> > {};
struct quant_none : pegtl::sor<kw<TAO_PEGTL_ISTRING("none of the following")>, kw<TAO_PEGTL_ISTRING("neither of the following")> > {};
struct quant_noun : pegtl::sor<kw<TAO_PEGTL_ISTRING("criteria")>, kw<TAO_PEGTL_ISTRING("conditions")>, kw<TAO_PEGTL_ISTRING("articles")>,
                               kw<TAO_PEGTL_ISTRING("items")>, kw<TAO_PEGTL_ISTRING("requirements")>, kw<TAO_PEGTL_ISTRING("situations")>,
                               kw<TAO_PEGTL_ISTRING("circumstances")>, kw<TAO_PEGTL_ISTRING("features")> > {};
struct quant_head : pegtl::seq<pegtl::sor<quant_none, quant_any, quant_all>, pegtl::opt<sp, quant_noun>, pegtl::opt<sp, colon>> {};

struct disjunction;
struct conjunction_tight;
struct quant_sep : pegtl::sor<pegtl::seq<sp, pegtl::one<',', ';'>, sp, pegtl::opt<kw_or, sp>>, pegtl::seq<sp1, kw_or, sp>> {};
struct quant_items : pegtl::seq<conjunction_tight, pegtl::star<quant_sep, conjunction_tight>> {};
struct quantifier : pegtl::seq<quant_head, sp, pegtl::opt<quant_items>> {};

struct group : pegtl::seq<pegtl::one<'('>, sp, disjunction, sp, pegtl::one<')'>> {};
struct unary;
// "neither X nor Y": not X and not Y
struct neither_nor : pegtl::seq<kw<TAO_PEGTL_ISTRING("neither")>, sp, unary, sp, kw<TAO_PEGTL_ISTRING("nor")>, sp, unary> {};
struct atom_body : pegtl::sor<group, quantifier, lab_window, neither_nor, bounded_test, since_fact, measure_test, score_test, age_range, age_compare, age_first,
                              sex_test, fact> {};
struct atom : pegtl::seq<pegtl::sor<pegtl::seq<filler, sp, atom_body>, atom_body>, filler> {};

// "no", "not", "without", "never"
struct negation : pegtl::sor<kw<TAO_PEGTL_ISTRING("no")>, kw<TAO_PEGTL_ISTRING("not")>, kw<TAO_PEGTL_ISTRING("without")>, kw<TAO_PEGTL_ISTRING("never")>,
                             kw<TAO_PEGTL_ISTRING("absence of")>, kw<TAO_PEGTL_ISTRING("free of")> > {};
struct negated : pegtl::seq<pegtl::opt<filler, sp>, negation, sp, unary> {};
struct unary : pegtl::sor<negated, atom> {};

// Conjunction: "and", ",", ";" and a sentence break ". " (registry lines run sentences together).
struct and_sep : pegtl::sor<pegtl::seq<sp, pegtl::one<',', ';'>, sp, pegtl::opt<kw_and, sp>>, pegtl::seq<sp, kw_and, sp>, pegtl::seq<sp, pegtl::one<'.'>, sp1>> {};
struct and_word : pegtl::seq<sp, kw_and, sp> {};
struct conjunction : pegtl::seq<unary, pegtl::star<and_sep, unary>> {};
// Inside an inline "any of the following: a, b, c" list, commas separate items.
struct conjunction_tight : pegtl::seq<unary, pegtl::star<and_word, unary>> {};
struct or_sep : pegtl::sor<pegtl::seq<sp, TAO_PEGTL_ISTRING("and/or"), sp>, pegtl::seq<sp, pegtl::opt<pegtl::one<','>>, sp, kw_or, sp>> {};
struct disjunction : pegtl::seq<conjunction, pegtl::star<or_sep, conjunction>> {};

// "Routine blood test: the neutrophil≥1.5×10^9/L, ..." — a caption before the criterion.
struct caption : pegtl::seq<pegtl::plus<pegtl::sor<pegtl::alpha, pegtl::one<' ', '-', '/'>>>, colon> {};
struct line_end : pegtl::seq<sp, pegtl::star<pegtl::one<'.', ';', ','>, sp>, pegtl::eof> {};
struct criterion : pegtl::seq<sp, pegtl::sor<pegtl::seq<disjunction, line_end>, pegtl::seq<caption, sp, disjunction, line_end>>> {};

// clang-format on

}  // namespace eligo::grammar

namespace tao::pegtl {
template <typename Name, std::size_t (*Match)(std::string_view)>
struct analyze_traits<Name, eligo::grammar::longest_match<Match>> : analyze_any_traits<> {};
}  // namespace tao::pegtl
