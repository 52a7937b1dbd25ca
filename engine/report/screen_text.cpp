#include "engine/report/screen_text.hpp"

#include <algorithm>
#include <iomanip>
#include <string>

#include "engine/core/utf8.hpp"
#include "engine/report/why_text.hpp"

namespace eligo {

namespace {

// What a result means for eligibility: an inclusion must be met, an exclusion must not be.
enum class Standing { satisfied, failing, open };

Standing standing(const CriterionResult& r)
{
   if (r.outcome.result == Tri::unknown) return Standing::open;
   return rules_out(r) ? Standing::failing : Standing::satisfied;
}

// Readable without colour: a symbol and the result in words.
std::string mark(const CriterionResult& r, bool top)
{
   const char* word = r.outcome.result == Tri::met ? "met" : r.outcome.result == Tri::not_met ? "not met" : "unknown";
   if (!top) return std::string("  ") + word;
   const char* sym = standing(r) == Standing::satisfied ? "✓" : standing(r) == Standing::failing ? "✗" : "?";
   return std::string(sym) + " " + word;
}

void print_criterion(std::ostream& out, const CriterionResult& r, int depth)
{
   const Criterion& c = *r.criterion;
   const std::string pad(static_cast<std::size_t>(2 + depth * 4), ' ');
   std::string head = mark(r, depth == 0);
   std::size_t width = 0;  // in code points, so that ✓ and ✗ line up
   for (unsigned char ch : head) width += (ch & 0xC0) != 0x80;
   head += std::string(width < 12 ? 12 - width : 1, ' ');
   out << pad << head << (depth == 0 ? std::string(to_string(c.section)).substr(0, 3) + " " : std::string()) << "line " << c.line << " [" << to_string(c.kind)
       << "]: " << c.text << "\n";
   const std::string sub = pad + "    ";
   out << sub << "id: " << c.id << "\n";
   if (!c.as.empty()) out << sub << "read as: " << c.as << "\n";
   if (!c.combination.empty()) out << sub << "read as: " << c.combination << "\n";
   for (const auto& n : c.notes) out << sub << "note: " << n << "\n";
   if (!c.unread.empty()) {
      // Words the reading passed over: the result does not check them, so the screener reads the registry text.
      out << sub << "unread:";
      for (std::size_t i = 0; i < c.unread.size(); ++i) out << (i ? ", '" : " '") << c.unread[i] << "'";
      out << " (not checked: " << (r.outcome.result == Tri::unknown ? "" : "the result stands without them; ") << "read the registry text)\n";
   }
   if (r.children.empty() || c.manual)
      print_why(out, r.outcome, sub, "why: ");
   else if (!r.answer.empty())
      out << sub << "answer: " << r.answer << "\n";  // the why of a criterion with nested items is theirs; the answer is the whole one's
   for (const auto& ch : r.children) print_criterion(out, ch, depth + 1);
}

}  // namespace

void print_trial_text(std::ostream& out, const TrialResult& r)
{
   out << r.trial->id << " — " << in_words(r.verdict) << (r.near_miss ? " (near miss)" : "")
       << (r.trial->criteria_partial ? std::string(" (") + criteria_partial_note + ")" : "") << "\n";
   out << "  " << r.trial->title << "\n";
   if (r.verdict == Verdict::not_screenable) {
      out << "  not screenable: " << r.reason << "\n";
      return;
   }
   if (r.trial->lab_window_days) out << "  labs must be within " << *r.trial->lab_window_days << " days of screening\n";
   for (const auto& c : r.criteria) print_criterion(out, c, 0);
   // The verdict's lists: what fails, what to collect, what to ask, what waits for enrolment.
   auto listed = [&](const char* heading, const std::vector<std::size_t>& which) {
      if (which.empty()) return;
      out << "  " << heading << ":\n";
      for (std::size_t i : which) {
         const Criterion& c = *r.criteria[i].criterion;
         out << "    " << std::string(to_string(c.section)).substr(0, 3) << " line " << c.line << " (" << c.id << "): " << c.text << "\n";
      }
   };
   listed("failing", r.failing);
   if (r.near_miss) {
      out << "  near miss:";
      for (std::size_t i = 0; i < r.near_miss_gaps.size(); ++i) out << (i ? "; " : " ") << r.near_miss_gaps[i];
      out << "\n";
   }
   if (!r.missing.empty()) {
      out << "  data to collect:";
      for (std::size_t i = 0; i < r.missing.size(); ++i) out << (i ? ", " : " ") << r.missing[i];
      out << "\n";
   }
   listed("questions to ask", r.questions);
   listed("at enrolment", r.at_enrolment);
   if (!r.answer_notes.empty()) {
      out << "  answers not used:\n";
      for (const auto& n : r.answer_notes) out << "    " << n.field << " (" << n.criterion << "): " << n.reason << "\n";
   }
}

void print_screen_text(std::ostream& out, const Patient& patient, const Date& date, const std::vector<TrialResult>& results)
{
   out << "Patient " << patient.id << ", screened on " << date.str() << " against " << results.size() << " trial" << (results.size() == 1 ? "" : "s")
       << ", ranked: eligible, pending questions (fewest first), indeterminate (fewest data items first), ineligible\n\n";
   std::size_t idw = 34;  // the TRIAL column fits the longest id
   for (const auto& r : results) idw = std::max(idw, r.trial->id.size() + 2);
   out << std::left << std::setw(static_cast<int>(idw)) << "TRIAL" << std::setw(19) << "VERDICT" << std::right << std::setw(10) << "SATISFIED" << std::setw(9)
       << "FAILING" << std::setw(6) << "DATA" << std::setw(5) << "ASK" << std::setw(7) << "ENROL"
       << "  TO DO\n";
   auto clip = [](std::string m) {  // the table shows the start of a long item; the detail below has it whole
      if (m.size() <= 60) return m;
      return utf8_prefix(m, 60) + "…";
   };
   auto first_four = [&](const std::vector<std::string>& items) {
      std::string s;
      for (std::size_t i = 0; i < items.size() && i < 4; ++i) s += (i ? ", " : "") + clip(items[i]);
      if (items.size() > 4) s += ", +" + std::to_string(items.size() - 4) + " more";
      return s;
   };
   for (const auto& r : results) {
      int met = 0, data = 0;
      for (const auto& c : r.criteria)
         if (standing(c) == Standing::satisfied)
            ++met;
         else if (standing(c) == Standing::open && c.open == CriterionKind::data)
            ++data;
      std::string todo;
      if (r.verdict == Verdict::not_screenable)
         todo = r.reason;
      else if (r.verdict == Verdict::ineligible)
         todo = r.near_miss ? "near miss: " + first_four(r.near_miss_gaps) : "";
      else if (r.verdict == Verdict::indeterminate)
         todo = "collect: " + first_four(r.missing);
      else if (r.verdict == Verdict::pending_questions) {
         std::vector<std::string> asks;
         for (std::size_t i : r.questions) asks.push_back(r.criteria[i].criterion->text);
         todo = "ask: " + first_four(asks);
      }
      out << std::left << std::setw(static_cast<int>(idw)) << r.trial->id << std::setw(19)
          << (std::string(to_string(r.verdict)) + (r.trial->criteria_partial ? "*" : "")) << std::right << std::setw(10) << met << std::setw(9)
          << r.failing.size() << std::setw(6) << data << std::setw(5) << r.questions.size() << std::setw(7) << r.at_enrolment.size() << "  " << todo << "\n";
   }
   out << "\nSATISFIED: inclusions met and exclusions not met. FAILING: the criteria that make a trial ineligible. DATA: open criteria that data the "
          "record could hold would settle. ASK: open questions for a clinician. ENROL: criteria checked at enrolment (consent, willingness).\n";
   if (std::any_of(results.begin(), results.end(), [](const TrialResult& r) { return r.trial->criteria_partial; }))
      out << "*: " << criteria_partial_note << " (the registry's criteria for the trial are incomplete).\n";
   for (const auto& r : results) {
      out << "\n";
      print_trial_text(out, r);
   }
}

}  // namespace eligo
