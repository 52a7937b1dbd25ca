// Running stored cases against the trials.
#include "engine/synth/regress.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "engine/evaluate/screen.hpp"
#include "engine/patient/patient.hpp"
#include "engine/synth/generator.hpp"
#include "engine/synth/leaves.hpp"
#include "engine/synth/suite_files.hpp"

namespace eligo {

std::size_t RegressReport::failed() const
{
   return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const RegressRow& r) { return !r.ok; }));
}

namespace {

void gather_whys(const CriterionResult& r, std::string& into)
{
   into += r.outcome.why;
   into += '\n';
   for (const auto& c : r.children) gather_whys(c, into);
}

std::string clip(const std::string& s, std::size_t n)
{
   if (s.size() <= n) return s;
   std::size_t cut = n;
   while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
   return s.substr(0, cut) + "…";
}

}  // namespace

RegressReport regress(const std::vector<std::string>& inputs, const std::vector<Trial>& trials, const Catalogue& catalogue)
{
   RegressReport rep;
   const std::vector<std::string> files = case_files(inputs);
   std::map<std::string, const Trial*> by_id;
   for (const auto& t : trials) by_id[t.id] = &t;
   std::map<std::string, std::set<std::string>> probed;  // trial -> leaf ids with cases
   for (const auto& f : files) {
      RegressRow row;
      row.file = f;
      row.actual = "error";
      try {
         const std::string text = read_case_file(f);
         nlohmann::json doc;
         try {
            doc = nlohmann::json::parse(text);
         }
         catch (const nlohmann::json::exception&) {
            // read_patient below reports where the JSON is malformed.
         }
         if (!doc.is_object() || !doc.contains("expect") || !doc["expect"].is_object())
            throw InputError(f + ": not a regression case: expected an \"expect\" object {\"trial\", \"verdict\"} (docs/synthetic.md)");
         const auto& ex = doc["expect"];
         if (!ex.contains("trial") || !ex["trial"].is_string()) throw InputError(f + ": expect.trial: expected a trial id");
         const char* verdicts = "expected eligible, pending_questions, indeterminate, ineligible or not_screenable";
         if (!ex.contains("verdict") || !ex["verdict"].is_string()) throw InputError(f + ": expect.verdict: " + verdicts);
         row.trial = ex["trial"].get<std::string>();
         row.expected = ex["verdict"].get<std::string>();
         bool known = false;
         for (int v = 0; v < verdict_count; ++v) known = known || row.expected == to_string(static_cast<Verdict>(v));
         if (!known) throw InputError(f + ": expect.verdict: " + verdicts + ", got \"" + row.expected + "\"");
         if (auto nm = ex.find("near_miss"); nm != ex.end() && !nm->is_boolean()) throw InputError(f + ": expect.near_miss: expected true or false");
         if (auto ng = ex.find("near_miss_gaps");
             ng != ex.end() && (!ng->is_array() || !std::all_of(ng->begin(), ng->end(), [](const auto& x) { return x.is_string(); })))
            throw InputError(f + ": expect.near_miss_gaps: expected an array of strings");
         const Patient p = read_patient(text, f, catalogue);
         row.patient = p.id;
         auto it = by_id.find(row.trial);
         if (it == by_id.end()) throw InputError(f + ": expect.trial: no trial '" + row.trial + "' among the trials given");
         const Trial& t = *it->second;
         // A leaf counts as probed when a case for it can change its criterion's result.
         if (auto pr = ex.find("probes"); pr != ex.end() && pr->is_array())
            for (const auto& x : *pr)
               if (x.is_object() && x.contains("leaf") && x["leaf"].is_string() && x.value("decides", false)) probed[t.id].insert(x["leaf"].get<std::string>());
         const Date date = p.screening_date.value_or(synth_date());
         const TrialResult r = screen(t, p, date, catalogue);
         row.actual = to_string(r.verdict);
         if (row.actual != row.expected) row.diffs.push_back("verdict: expected " + row.expected + ", got " + row.actual);
         // near_miss, near_miss_gaps: an ineligible verdict's near miss and its distances (docs/cli.md, "Near misses").
         if (auto nm = ex.find("near_miss"); nm != ex.end() && nm->get<bool>() != r.near_miss)
            row.diffs.push_back(std::string("near miss: expected ") + (nm->get<bool>() ? "one" : "none") + ", got " +
                                (r.near_miss ? "one (" +
                                                   [&] {
                                                      std::string g;
                                                      for (const auto& x : r.near_miss_gaps) g += (g.empty() ? "" : "; ") + x;
                                                      return g;
                                                   }() +
                                                   ")"
                                             : std::string("none")));
         if (auto ng = ex.find("near_miss_gaps"); ng != ex.end() && ng->get<std::vector<std::string>>() != r.near_miss_gaps) {
            std::string want, got;
            for (const auto& x : ng->get<std::vector<std::string>>()) want += (want.empty() ? "" : "; ") + x;
            for (const auto& x : r.near_miss_gaps) got += (got.empty() ? "" : "; ") + x;
            row.diffs.push_back("near miss gaps: expected \"" + want + "\", got \"" + got + "\"");
         }
         // Criterion by criterion, by their place in each section.
         std::map<std::string, std::size_t> where;  // "inclusion 9" -> index in t.criteria
         std::map<Section, int> index;
         for (std::size_t i = 0; i < t.criteria.size(); ++i)
            where[std::string(to_string(t.criteria[i].section)) + " " + std::to_string(++index[t.criteria[i].section])] = i;
         std::size_t expected_count = 0;
         if (auto cr = ex.find("criteria"); cr != ex.end() && cr->is_array()) {
            expected_count = cr->size();
            for (const auto& c : *cr) {
               const std::string cid = c.value("criterion", std::string());
               const std::string want = c.value("result", std::string());
               auto w = where.find(cid);
               if (w == where.end()) {
                  row.diffs.push_back(cid + ": the case expects " + want + ", but the trial has no such criterion");
                  continue;
               }
               const Criterion& crit = t.criteria[w->second];
               const Outcome& o = r.criteria[w->second].outcome;
               const std::string got = to_string(o.result);
               if (got != want)
                  row.diffs.push_back(cid + " (" + t.path + ":" + std::to_string(crit.line) + ") \"" + clip(crit.text, 90) + "\"" +
                                      (crit.as.empty() ? "" : " as: \"" + clip(crit.as, 90) + "\"") + ": expected " + want + ", got " + got + ": " + o.why);
            }
            if (ex.value("all_criteria", false) && expected_count != t.criteria.size())
               row.diffs.push_back("the trial has " + std::to_string(t.criteria.size()) + " criteria; the case was built for " +
                                   std::to_string(expected_count));
         }
         // decided_by: the criteria that decide the verdict must be exactly these.
         if (auto db = ex.find("decided_by"); db != ex.end() && db->is_array()) {
            std::vector<std::string> want, got;
            for (const auto& x : *db)
               if (x.is_string()) want.push_back(x.get<std::string>());
            std::map<Section, int> n;
            for (std::size_t i = 0; i < t.criteria.size(); ++i) {
               const std::string cid = std::string(to_string(t.criteria[i].section)) + " " + std::to_string(++n[t.criteria[i].section]);
               if (decides(r, r.criteria[i])) got.push_back(cid);
            }
            if (want != got) {
               auto join = [](const std::vector<std::string>& v) {
                  std::string s;
                  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
                  return s.empty() ? std::string("none") : s;
               };
               row.diffs.push_back("decided by: expected " + join(want) + ", got " + join(got));
            }
         }
         // why_contains: words the explanation of a criterion (or of any, when none is named) must use.
         if (auto wc = ex.find("why_contains"); wc != ex.end() && wc->is_array()) {
            for (const auto& w : *wc) {
               std::string text, cid;
               if (w.is_string())
                  text = w.get<std::string>();
               else if (w.is_object()) {
                  text = w.value("text", std::string());
                  cid = w.value("criterion", std::string());
               }
               std::string whys;
               for (std::size_t i = 0; i < r.criteria.size(); ++i)
                  if (cid.empty() || (where.count(cid) && where.at(cid) == i)) gather_whys(r.criteria[i], whys);
               if (whys.find(text) == std::string::npos)
                  row.diffs.push_back("expected the explanation of " + (cid.empty() ? std::string("a criterion") : cid) + " to say \"" + text +
                                      "\"; it does not");
            }
         }
         row.ok = row.diffs.empty();
      }
      catch (const std::exception& e) {
         row.ok = false;
         row.diffs.push_back(e.what());
      }
      rep.rows.push_back(std::move(row));
   }
   for (const auto& [tid, ids] : probed) {
      auto it = by_id.find(tid);
      if (it == by_id.end()) continue;
      RegressCoverage c;
      c.trial = tid;
      for (const auto& l : checkable_leaves(*it->second)) {
         ++c.leaves;
         if (ids.count(l.id))
            ++c.probed;
         else
            c.unprobed.push_back(l.id);
      }
      rep.coverage.push_back(std::move(c));
   }
   return rep;
}

}  // namespace eligo
