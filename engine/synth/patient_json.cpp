// The generator's model written as a native patient.
#include "engine/synth/patient_json.hpp"

#include "engine/synth/draws.hpp"

namespace eligo::synth {

namespace {

ojson record(const Concept& c, const FactRec& rec, const Date& screening)
{
   ojson r = {{"concept", c.id}};
   const bool procedure = c.kind == ConceptKind::procedure;
   switch (rec.state) {
      case FactState::recent:
         if (procedure) {
            r["date"] = screening.add_days(-2).str();
            r["status"] = "completed";
         }
         else {
            r["start"] = screening.add_days(-open_start_days(c, rec.state)).str();
            r["status"] = "active";
         }
         break;
      case FactState::long_ago:
      case FactState::dated: {
         const Date last = last_applied(c, rec, screening);
         if (procedure) {
            r["date"] = last.str();
            r["status"] = "completed";
         }
         else if (c.episode_days) {
            r["start"] = last.str();  // an episode happened on its onset
            r["status"] = "resolved";
         }
         else {
            r["start"] = last.add_days(-365).str();
            r["end"] = last.str();
            r["status"] = c.kind == ConceptKind::medication ? "completed" : "resolved";
         }
         break;
      }
      case FactState::unconfirmed:
         r["start"] = screening.add_days(-open_start_days(c, rec.state)).str();
         r["status"] = "unconfirmed";
         break;
      case FactState::absent: break;
   }
   r["text"] = c.display + " (synthetic)";
   return r;
}

}  // namespace

ojson patient_json(const Model& m, const std::string& id, const std::string& note, const Catalogue& cat, const Date& screening)
{
   ojson j;
   j["format"] = "eligo-patient/1";
   j["id"] = id;
   j["note"] = note;
   if (!m.sex.empty()) j["sex"] = m.sex;
   if (m.birth) j["birth_date"] = m.birth->str();
   j["screening_date"] = screening.str();
   ojson labs = ojson::array();
   for (const auto& [aid, l] : m.labs) {
      ojson x = {{"analyte", aid}, {"value", round_sig(l.written, 10)}, {"unit", l.unit}, {"date", screening.add_days(-l.age_days).str()}};
      if (l.own_range) {
         const Analyte& a = *cat.analyte(aid);
         x["reference_range"] = {{"low", l.ref_low}, {"high", l.ref_high}, {"unit", a.canonical.code}};
      }
      labs.push_back(x);
   }
   j["labs"] = labs;
   ojson scores = ojson::object();
   for (const auto& [sid, v] : m.scores) {
      const Score& s = *cat.score(sid);
      const ojson value = s.numeric_labels ? ojson(v) : ojson(s.label_for(v));
      if (auto age = m.score_age.find(sid); age != m.score_age.end())
         scores[sid] = {{"value", value}, {"date", screening.add_days(-age->second).str()}};
      else
         scores[sid] = value;
   }
   j["scores"] = scores;
   ojson findings = ojson::object();
   for (const auto& [cid, b] : m.findings) findings[cid] = b;
   j["findings"] = findings;
   ojson lists = {{"conditions", ojson::array()}, {"medications", ojson::array()}, {"procedures", ojson::array()}};
   for (const auto& [cid, r] : m.facts) {
      if (r.state == FactState::absent) continue;
      const Concept& c = *cat.concept_(cid);
      lists[list_of(c)].push_back(record(c, r, screening));
   }
   for (const auto& [k, v] : lists.items())
      if (!list_left_out(m, k, cat)) j[k] = v;
   ojson allergies = ojson::array();
   for (const auto& [cid, r] : m.allergy)
      if (r.state != FactState::absent) allergies.push_back(record(*cat.concept_(cid), r, screening));
   j["allergies"] = allergies;
   return j;
}

}  // namespace eligo::synth
