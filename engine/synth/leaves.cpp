// Leaves in pre-order, and their ids.
#include "engine/synth/leaves.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

namespace eligo {

namespace {

void walk_leaves(const Predicate& p, std::vector<const Predicate*>& out)
{
   if (p.kind == Predicate::Kind::all || p.kind == Predicate::Kind::any || p.kind == Predicate::Kind::negate) {
      for (const auto& c : p.children) walk_leaves(c, out);
      return;
   }
   out.push_back(&p);
}

// A short stable hash of a leaf's compiled form: an edited leaf gets a new id, so cases built
// for the old one stop counting for it.
std::string leaf_hash(const Predicate& p)
{
   std::uint32_t h = 2166136261u;
   for (unsigned char c : to_string(p)) h = (h ^ c) * 16777619u;
   char b[16];
   std::snprintf(b, sizeof b, "%08x", h);
   return b;
}

}  // namespace

std::vector<LeafRef> checkable_leaves(const Trial& trial)
{
   std::vector<LeafRef> out;
   std::map<Section, int> index;
   for (const auto& c : trial.criteria) {
      const std::string cid = std::string(to_string(c.section)) + "#" + std::to_string(++index[c.section]);
      std::vector<const Predicate*> ls;
      walk_leaves(c.predicate, ls);
      int li = 0;
      for (const Predicate* p : ls) {
         ++li;
         if (machine_checkable(*p)) out.push_back({cid + "/" + std::to_string(li) + "@" + leaf_hash(*p), p, &c});
      }
   }
   return out;
}

bool machine_checkable(const Predicate& p)
{
   // A qualifier ("clinically significant") is answered on a record, which the generator never writes.
   if (p.kind == Predicate::Kind::manual || p.kind == Predicate::Kind::qualifier) return false;
   if (p.kind == Predicate::Kind::all || p.kind == Predicate::Kind::any || p.kind == Predicate::Kind::negate)
      return std::any_of(p.children.begin(), p.children.end(), machine_checkable);
   return true;
}

}  // namespace eligo
