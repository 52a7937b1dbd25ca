#include "engine/report/coverage.hpp"

#include <cstdio>
#include <functional>
#include <iomanip>
#include <string>

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

// The kind of one criterion line, by what its compiled form tests (the first that applies).
std::string kind_of(const Predicate& p)
{
   bool lab = false, score = false, age_sex = false, fact = false;
   std::function<void(const Predicate&)> walk = [&](const Predicate& q) {
      if (q.kind == Predicate::Kind::measure && q.analyte) (q.analyte->id == "age" ? age_sex : lab) = true;
      if (q.kind == Predicate::Kind::lab_window) lab = true;
      if (q.kind == Predicate::Kind::score) score = true;
      if (q.kind == Predicate::Kind::sex) age_sex = true;
      if (q.kind == Predicate::Kind::fact) fact = true;
      for (const auto& c : q.children) walk(c);
   };
   walk(p);
   return lab ? "lab" : score ? "score" : age_sex ? "age_sex" : fact ? "history" : "other";
}

void count_lines(const std::vector<Criterion>& cs, json& t)
{
   for (const auto& c : cs) {
      if (!c.children.empty() && !c.manual) {
         count_lines(c.children, t);  // a caption: its lines are counted
         continue;
      }
      t["criteria"] = t["criteria"].get<int>() + 1;
      if (c.manual)
         t["manual"] = t["manual"].get<int>() + 1;
      else {
         t["compiled"] = t["compiled"].get<int>() + 1;
         if (!c.unread.empty()) t["unread"] = t["unread"].get<int>() + 1;
         const std::string k = kind_of(c.predicate);
         t["by_kind"][k] = t["by_kind"][k].get<int>() + 1;
      }
   }
}

json zero_counts()
{
   return {
       {"criteria", 0}, {"compiled", 0}, {"unread", 0}, {"manual", 0}, {"by_kind", {{"lab", 0}, {"score", 0}, {"age_sex", 0}, {"history", 0}, {"other", 0}}}};
}

}  // namespace

json coverage_json(const std::vector<CompileResult>& results)
{
   json out = {{"format", "eligo-coverage/1"}, {"trials", json::array()}, {"total", zero_counts()}};
   json& total = out["total"];
   total["trials"] = 0;
   for (const auto& r : results) {
      json t = {{"trial", r.id}, {"path", r.path}};
      t.update(zero_counts());
      if (r.trial) count_lines(r.trial->criteria, t);
      t["errors"] = r.errors.size();
      for (const char* k : {"criteria", "compiled", "unread", "manual"}) total[k] = total[k].get<int>() + t[k].get<int>();
      for (auto& [k, v] : t["by_kind"].items()) total["by_kind"][k] = total["by_kind"][k].get<int>() + v.get<int>();
      total["trials"] = total["trials"].get<int>() + 1;
      out["trials"].push_back(t);
   }
   return out;
}

void print_coverage_text(std::ostream& out, const json& c)
{
   auto row = [&](const std::string& name, const json& t) {
      const int n = t["criteria"], ok = t["compiled"];
      char pct[16];
      std::snprintf(pct, sizeof pct, "%5.1f%%", n ? 100.0 * ok / n : 0.0);
      out << std::left << std::setw(46) << name << std::right << std::setw(6) << n << std::setw(9) << ok << std::setw(7) << t["unread"].get<int>()
          << std::setw(7) << t["manual"].get<int>() << "  " << pct;
      for (const char* k : {"lab", "score", "age_sex", "history", "other"}) out << std::setw(9) << t["by_kind"][k].get<int>();
      out << "\n";
   };
   out << std::left << std::setw(46) << "TRIAL" << std::right << std::setw(6) << "LINES" << std::setw(9) << "COMPILED" << std::setw(7) << "UNREAD"
       << std::setw(7) << "MANUAL"
       << "  " << std::setw(6) << "SHARE";
   for (const char* k : {"LAB", "SCORE", "AGE/SEX", "HISTORY", "OTHER"}) out << std::setw(9) << k;
   out << "\n";
   for (const auto& t : c["trials"]) row(t["trial"].get<std::string>(), t);
   row("TOTAL (" + std::to_string(c["total"]["trials"].get<int>()) + " trials)", c["total"]);
   out << "LINES: criterion lines (a caption's nested lines count, not the caption). UNREAD: compiled lines with words the reading did not use\n"
          "(eligo compile lists them); the others are clean. Kinds count compiled lines by what they test.\n";
}

}  // namespace eligo
