#include "engine/evaluate/tree_leaf_memo.hpp"

#include <cstdio>

namespace eligo {

namespace {

void add(std::string& k, const void* p)
{
   char b[24];
   std::snprintf(b, sizeof b, "%p|", p);
   k += b;
}
void add(std::string& k, double v)
{
   char b[40];
   std::snprintf(b, sizeof b, "%a|", v);
   k += b;
}
void add(std::string& k, long v) { k += std::to_string(v) + '|'; }
void add(std::string& k, const std::string& s) { k += std::to_string(s.size()) + ':' + s + '|'; }

void key_of(const Predicate& p, std::string& k)
{
   // A field added to Predicate must be added here too, or two leaves that differ only in it would share an answer.
#if defined(__GLIBCXX__) && defined(__x86_64__)
   static_assert(sizeof(Predicate) == 656, "Predicate changed: add the new field to TreeLeaves::key, then update this size");
#endif
   add(k, static_cast<long>(p.kind));
   add(k, p.analyte);
   add(k, static_cast<long>(p.test));
   add(k, static_cast<long>(p.op));
   add(k, p.threshold);
   add(k, p.high);
   add(k, p.written);
   add(k, p.written_high);
   add(k, static_cast<long>(p.low_open) * 4 + p.high_open * 2 + p.older_than);
   add(k, p.unit.code);
   add(k, p.unit.factor);
   add(k, static_cast<long>(p.molar));
   add(k, p.factor);
   add(k, static_cast<long>(p.upper));
   add(k, static_cast<long>(p.assessed_within));
   add(k, p.assessed_unit);
   add(k, p.assessed_moment);
   add(k, p.score);
   for (const auto& [a, b] : p.accepted) add(k, static_cast<long>(a) * 100000 + b);
   add(k, p.accepted_text);
   add(k, p.sex);
   add(k, p.concept_);
   add(k, static_cast<long>(p.other) * 2 + p.allergy);
   add(k, p.window ? static_cast<long>(*p.window) : -1L);
   add(k, static_cast<long>(p.window_op));
   add(k, static_cast<long>(p.window_amount));
   add(k, p.window_unit);
   if (p.after) {
      add(k, p.after->event);
      add(k, p.after->written);
      add(k, p.after->op ? static_cast<long>(*p.after->op) : -1L);
      add(k, static_cast<long>(p.after->amount));
      add(k, p.after->unit);
   }
   else
      k += "-|";
   add(k, static_cast<long>(p.current));
   add(k, p.scope);
   for (const Concept* c : p.except) add(k, c);
   k += "e|";
   add(k, p.qualifier);
   add(k, static_cast<long>(p.carried));
   add(k, static_cast<long>(p.lab_window_days));
   add(k, p.reason);
   add(k, static_cast<long>(p.chart));
   k += '(';
   for (const auto& c : p.children) key_of(c, k);
   k += ')';
}

// Whether the leaf reads the trial's condition and interventions: only "other X" and exceptions do (fact.cpp, read).
bool reads_own(const Predicate& p)
{
   if (p.other || !p.except.empty()) return true;
   for (const auto& c : p.children)
      if (reads_own(c)) return true;
   return false;
}

}  // namespace

std::string TreeLeaves::key(const Predicate& p)
{
   std::string k;
   key_of(p, k);
   return k;
}

std::uint32_t TreeLeaves::intern(const Predicate& p, const std::vector<const Concept*>& own, std::optional<int> lab_window_days)
{
   std::string k = key(p);
   if (reads_own(p))
      for (const Concept* c : own) add(k, c);
   k += "own|";
   add(k, lab_window_days ? static_cast<long>(*lab_window_days) : -1L);
   return index_.try_emplace(std::move(k), static_cast<std::uint32_t>(index_.size())).first->second;
}

}  // namespace eligo
