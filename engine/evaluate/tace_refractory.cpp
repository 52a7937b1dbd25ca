// TACE failure / refractoriness by the JSH-LCSGJ criteria, 2014 update (Kudo M, Matsui O, Izumi N,
// et al. Transarterial chemoembolization failure/refractoriness: JSH-LCSGJ criteria 2014 update.
// Oncology 2014;87 Suppl 1:22-31), read from the record. Each arm says how it is read:
// - response: two or more consecutive TACE sessions each followed by an insufficient response. Read
//   as: the last two TACE sessions in date order were each followed by stable or progressive
//   disease (mRECIST SD or PD, the record's `response`). A single TACE is never refractory by it.
// - vascular invasion: macrovascular invasion, or a member of it (portal or hepatic vein tumour
//   thrombus), first dated after the first TACE session ("appearance of vascular invasion"): a
//   record of it on or before the first session means it did not appear after TACE.
// - extrahepatic spread, first dated after the first TACE session.
// - tumour marker: AFP rising at every result after the last TACE ("continuous elevation of tumour
//   markers right after TACE"): two or more results after it, each higher than the one before, the
//   last above the upper limit of normal (a rise within normal limits is no elevation),
//   counting from the last result on or before the TACE. A rise interrupted by a fall is left to a
//   clinician (the criteria allow a slight transient decrease). A last result at or below the one
//   before the TACE is no continuous elevation (also when it is the only result after the TACE).
// One arm met: refractory. Every arm not met: not refractory. Otherwise unknown, with what is missing.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/evaluate/derived_finding.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

struct Arm {
   Tri result = Tri::unknown;
   std::string text;
   std::vector<std::string> missing;
};

bool insufficient(TumourResponse r) { return r == TumourResponse::stable || r == TumourResponse::progressive; }

std::string session_text(const Record& r)
{
   return (r.start ? r.start->str() : std::string("undated")) + " " + (r.response ? to_string(*r.response) : "(no response recorded)");
}

class TaceRefractoriness {
public:
   explicit TaceRefractoriness(const EvalContext& ctx) : ctx_(ctx), cat_(ctx.catalogue), tace_(*cat_.concept_("tace"))
   {
      const auto& list = ctx.patient.procedures;
      complete_ = list_complete(ctx.patient, list, "procedures");
      if (!list) return;
      for (const auto& r : *list) {
         if (!r.concept_ || !cat_.is_a(*r.concept_, tace_)) continue;
         if (r.status == RecordStatus::refuted || r.status == RecordStatus::entered_in_error || (r.start && *r.start > ctx.date)) continue;
         if (r.status == RecordStatus::unconfirmed) {
            unconfirmed_ = &r;
            continue;
         }
         sessions_.push_back(&r);
      }
      std::stable_sort(sessions_.begin(), sessions_.end(), [](const Record* a, const Record* b) {
         if (!a->start || !b->start) return a->start.has_value() && !b->start.has_value();
         return *a->start < *b->start;
      });
      for (const Record* r : sessions_)
         if (r->start) {
            first_ = first_ ? first_ : r->start;
            last_ = r->start;
         }
         else
            undated_ = true;
   }

   Computed compute()
   {
      Computed k;
      k.definition =
          "JSH-LCSGJ 2014, Kudo et al.: two or more consecutive TACE sessions each followed by SD or PD (mRECIST), read on the last two "
          "sessions in date order; or vascular invasion or extrahepatic spread first recorded after a TACE; or AFP rising at every result "
          "after the last TACE";
      std::vector<std::string> seen;
      for (const Record* r : sessions_) seen.push_back(session_text(*r));
      k.none_at_all = complete_ && sessions_.empty() && !unconfirmed_;
      if (k.none_at_all) {
         // Every arm follows a TACE: a TACE-naive patient is not refractory.
         k.result = Tri::not_met;
         k.how = "no TACE on record (procedures list taken as complete), and every arm of the definition follows a TACE";
         return k;
      }
      k.how = sessions_.empty() ? "no TACE session (" + not_complete() + ")" : "TACE sessions: " + join_list(seen);
      if (unconfirmed_) k.how += "; " + session_text(*unconfirmed_) + " is not confirmed";
      const Arm response = response_arm();
      const Concept* mvi = cat_.concept_("macrovascular_invasion");
      const Concept* ehs = cat_.concept_("extrahepatic_spread");
      const std::vector<Arm> arms = {response, appearance_arm(*mvi), appearance_arm(*ehs), marker_arm()};
      bool any_met = false, all_not = true;
      for (const auto& a : arms) {
         k.how += "; " + a.text;
         any_met = any_met || a.result == Tri::met;
         all_not = all_not && a.result == Tri::not_met;
         for (const auto& m : a.missing)
            if (std::find(k.missing.begin(), k.missing.end(), m) == k.missing.end()) k.missing.push_back(m);
      }
      k.result = any_met ? Tri::met : all_not ? Tri::not_met : Tri::unknown;
      if (k.result != Tri::unknown) k.missing.clear();
      // A recorded "refractory" stands where the record cannot read the response arm (sessions
      // without responses, no procedures list); not where the sessions on record say otherwise.
      k.flag_can_stand = response.result == Tri::unknown;
      return k;
   }

private:
   // Two or more consecutive sessions, each followed by SD or PD: read on the last two.
   Arm response_arm() const
   {
      Arm a;
      const std::size_t n = sessions_.size();
      if (unconfirmed_ || !complete_) {
         a.text = "response: cannot be read (" + std::string(unconfirmed_ ? "a TACE session is not confirmed" : not_complete()) + ")";
         a.missing.push_back(unconfirmed_ ? "confirmation of the TACE of " + session_text(*unconfirmed_) : "procedures history (for TACE)");
         if (n >= 2 && !undated_ && sessions_[n - 2]->response && sessions_[n - 1]->response && insufficient(*sessions_[n - 2]->response) &&
             insufficient(*sessions_[n - 1]->response)) {
            a = Arm{Tri::met, "response: the last two TACE sessions on record were each followed by SD or PD", {}};
         }
         return a;
      }
      if (n == 0) return Arm{Tri::not_met, "response: no TACE", {}};
      if (n == 1) return Arm{Tri::not_met, "response: one TACE session, and refractoriness by response needs two consecutive sessions", {}};
      if (undated_) {
         std::size_t could = 0, sure = 0;
         for (const Record* r : sessions_) {
            could += !r->response || insufficient(*r->response);
            sure += r->response && insufficient(*r->response);
         }
         if (sure == n) return Arm{Tri::met, "response: every TACE session was followed by SD or PD", {}};
         if (could < 2) return Arm{Tri::not_met, "response: no two TACE sessions could both have been followed by SD or PD", {}};
         return Arm{Tri::unknown, "response: a TACE session has no date, so the last two are not known", {"dates of the TACE sessions"}};
      }
      const Record& one = *sessions_[n - 2];
      const Record& two = *sessions_[n - 1];
      const std::string which = "the last two TACE sessions (" + one.start->str() + ", " + two.start->str() + ")";
      if (one.response && two.response && insufficient(*one.response) && insufficient(*two.response))
         return Arm{Tri::met, "response: " + which + " were each followed by SD or PD", {}};
      for (const Record* r : {&one, &two})
         if (r->response && !insufficient(*r->response))
            return Arm{
                Tri::not_met, "response: " + which + " were not both followed by SD or PD (" + r->start->str() + ": " + describe(*r->response) + ")", {}};
      a.text = "response: " + which + " lack a recorded response";
      for (const Record* r : {&one, &two})
         if (!r->response) a.missing.push_back("tumour response (mRECIST) after the TACE of " + r->start->str());
      return a;
   }

   // Vascular invasion or extrahepatic spread first dated after the first TACE.
   Arm appearance_arm(const Concept& c) const
   {
      const std::string name = c.display;
      if (sessions_.empty()) return no_tace(name);
      if (!first_) return Arm{Tri::unknown, name + ": the TACE sessions have no dates", {"dates of the TACE sessions"}};
      const FindingEvidence e = finding_evidence(ctx_, c);
      // An appearance: its first record is after the first TACE. Present on or before it (a thrombus
      // at diagnosis, recorded again at follow-up) is not an appearance.
      for (const auto& [d, where] : e.dated)
         if (d <= *first_)
            return Arm{Tri::not_met,
                       name + ": recorded on " + d.str() + " (" + where + "), not after the first TACE (" + first_->str() +
                           "): present before TACE, not appearing after it",
                       {}};
      for (const auto& [d, where] : e.dated)
         if (d > *first_) return Arm{Tri::met, name + ": first recorded on " + d.str() + " (" + where + "), after the first TACE (" + first_->str() + ")", {}};
      if (!e.absent.empty()) return Arm{Tri::not_met, name + ": recorded as absent (" + e.absent + ")", {}};
      if (!e.dated.empty() && e.undated.empty())
         return Arm{Tri::not_met,
                    name + ": recorded on " + e.dated.back().first.str() + " (" + e.dated.back().second + "), before the first TACE (" + first_->str() +
                        "): present before TACE, not appearing after it",
                    {}};
      if (!e.undated.empty())
         return Arm{Tri::unknown,
                    name + ": recorded as present without a date (" + e.undated.front() + "): whether it appeared after TACE is not known",
                    {"date " + name + " was first seen"}};
      return Arm{Tri::unknown, name + ": not recorded", {name}};
   }

   // AFP rising at every result after the last TACE.
   Arm marker_arm() const
   {
      const std::string name = "AFP";
      if (sessions_.empty()) return no_tace(name);
      if (!last_ || undated_) return Arm{Tri::unknown, name + ": the TACE sessions have no dates", {"dates of the TACE sessions"}};
      const Analyte& afp = *cat_.analyte("afp");
      const LabResult* baseline = nullptr;
      std::vector<const LabResult*> after;
      for (const auto& l : ctx_.patient.labs) {  // newest first
         if (l.analyte != &afp || l.date > ctx_.date || !l.comparator.empty() || !l.conflict.empty()) continue;
         if (l.date > *last_)
            after.push_back(&l);
         else if (!baseline)
            baseline = &l;
      }
      std::reverse(after.begin(), after.end());
      const std::string since = " after the last TACE (" + last_->str() + ")";
      // One result after the TACE, at or below the last one before it: the marker fell, and a
      // value back below its level before the TACE is not a continuous elevation.
      if (after.size() == 1 && baseline && after[0]->canonical <= baseline->canonical)
         return Arm{Tri::not_met,
                    name + " fell" + since + ": " + with_unit(baseline->canonical, afp.canonical.code) + " (" + baseline->date.str() + ") → " +
                        with_unit(after[0]->canonical, afp.canonical.code) + " (" + after[0]->date.str() + ")",
                    {}};
      if (after.size() < 2)
         return Arm{Tri::unknown,
                    name + ": " + std::to_string(after.size()) + (after.size() == 1 ? " result" : " results") + since + "; a continuous rise needs two or more",
                    {"AFP results after the last TACE"}};
      std::vector<const LabResult*> seq;
      if (baseline) seq.push_back(baseline);
      seq.insert(seq.end(), after.begin(), after.end());
      std::string course;
      bool rising = true;
      for (std::size_t i = 0; i < seq.size(); ++i) {
         course += (i ? " → " : "") + with_unit(seq[i]->canonical, afp.canonical.code) + " (" + seq[i]->date.str() + ")";
         if (i && seq[i]->canonical <= seq[i - 1]->canonical) rising = false;
      }
      // A rise within the normal range is no elevation: the last value must be above the ULN (the
      // patient's own reference range, else the catalogue's).
      const LabResult& latest_afp = *seq.back();
      const std::optional<double> uln = latest_afp.high       ? latest_afp.high
                                        : afp.reference_range ? std::optional<double>(afp.reference_range->high)
                                                              : std::nullopt;
      if (rising && uln && latest_afp.canonical <= *uln)
         return Arm{Tri::not_met,
                    name + " rose" + since + " but stayed within normal limits (ULN " + with_unit(*uln, afp.canonical.code) +
                        (latest_afp.high ? "" : ", catalogue default") + "): " + course,
                    {}};
      if (rising) return Arm{Tri::met, name + " rose at every result" + since + ": " + course, {}};
      if (seq.back()->canonical <= seq.front()->canonical) return Arm{Tri::not_met, name + " did not rise" + since + ": " + course, {}};
      return Arm{Tri::unknown,
                 name + " rose" + since + " but fell between results: " + course + " (whether the fall was slight and transient is a clinical judgement)",
                 {"a clinician's reading of the AFP course after the last TACE"}};
   }

   Arm no_tace(const std::string& name) const
   {
      if (complete_ && !unconfirmed_) return Arm{Tri::not_met, name + ": no TACE for it to follow", {}};
      return Arm{Tri::unknown, name + ": " + not_complete(), {"procedures history (for TACE)"}};
   }

   std::string not_complete() const { return ctx_.patient.procedures ? "the procedures list is one page of a search result" : "no procedures list given"; }

   const EvalContext& ctx_;
   const Catalogue& cat_;
   const Concept& tace_;
   std::vector<const Record*> sessions_;  // in date order, the undated last
   const Record* unconfirmed_ = nullptr;
   bool complete_ = false;
   bool undated_ = false;
   std::optional<Date> first_, last_;  // of the dated sessions
};

}  // namespace

Computed jsh_lcsgj(const EvalContext& ctx, const Concept&) { return TaceRefractoriness(ctx).compute(); }

}  // namespace eligo::evaluation
