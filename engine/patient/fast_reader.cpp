// The batch path's patient reader (fast_reader.hpp). It mirrors Reader in json_reader.cpp
// key by key and in the same order; wherever Reader would report an error, or the input
// leaves the common shape, it gives up (std::nullopt) and read_patient() takes over.
// Every object of the format is read through Fields, against native_format.hpp: a key the
// format does not list, or one this reader does not take, gives up too, so that a key only
// read_patient() knows is read by it rather than dropped.
#include "engine/patient/fast_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <type_traits>
#include <unordered_map>

#include <simdjson.h>

#include "engine/patient/native_format.hpp"
#include "engine/patient/patient_slots.hpp"

namespace eligo {

namespace sj = simdjson;
namespace nf = native_format;
using Obj = nf::Object;

namespace {

struct GiveUp {};  // the record leaves the fast reader's shape: read_patient() reads it

void check(bool ok)
{
   if (!ok) throw GiveUp{};
}

// One object of the format with its keys sorted into slots in one pass (a lab object is read
// for every result of every patient).
template <Obj O>
class Fields {
public:
   explicit Fields(sj::dom::element e)
   {
      sj::dom::object o;
      check(e.get(o) == sj::SUCCESS);
      for (auto field : o) {
         const std::size_t i = nf::index(O, field.key);
         check(i != nf::npos);  // not a key of the format: read_patient() decides what it means
         const nf::KeySet bit = nf::KeySet{1} << i;
         check(!(given_ & bit));  // keys given twice are read differently by different parsers
         given_ |= bit;
         values_[i] = field.value;
      }
   }

   // The key's value, if given; the key counts as handled.
   std::optional<sj::dom::element> take(nf::KeyOf<O> key)
   {
      const nf::KeySet bit = nf::KeySet{1} << key.index;
      taken_ |= bit;
      if (!(given_ & bit)) return std::nullopt;
      return values_[key.index];
   }

   // A key given and not taken is one this reader leaves to read_patient(); annotations are
   // read by neither reader.
   void check_all_taken() const { check((given_ & ~taken_ & ~nf::annotations(O)) == 0); }

private:
   std::array<sj::dom::element, nf::keys(O).size()> values_{};
   nf::KeySet given_ = 0, taken_ = 0;
};

// Reads the object `e` with `read`, then gives up if `read` left a key of it untaken.
template <Obj O, class Read>
void read_object(sj::dom::element e, Read read)
{
   Fields<O> fields(e);
   read(fields);
   fields.check_all_taken();
}

}  // namespace

struct FastReader::Impl {
   explicit Impl(const Catalogue& c) : cat(c)
   {
      // The same nesting limit as read_patient() (a deeper record is left to it, which reports it).
      if (parser.allocate(64 * 1024, max_json_depth) != sj::SUCCESS) throw std::bad_alloc();
   }

   const Catalogue& cat;
   sj::dom::parser parser{max_patient_bytes};
   struct Hash {
      using is_transparent = void;
      std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
   };
   // Names as written -> catalogue entries: the first 32 spellings in a list searched in order (a population uses a few
   // dozen names, and comparing a few short strings is cheaper than hashing one), the rest in a hash map.
   template <class T>
   struct Memo {
      std::vector<std::pair<std::string, const T*>> few;
      std::unordered_map<std::string, const T*, Hash, std::equal_to<>> many;
   };
   Memo<Analyte> analytes;
   Memo<Concept> concepts;
   const Date today_ = today();

   // "scores" and "findings", maps keyed by catalogue names. Keys given twice are read
   // differently by different parsers: leave them to read_patient().
   static sj::dom::object map(sj::dom::element e)
   {
      sj::dom::object o;
      check(e.get(o) == sj::SUCCESS);
      std::string_view keys[32];
      std::size_t n = 0;
      for (auto field : o) {
         check(n < 32);  // more than this check holds: read_patient()
         for (std::size_t i = 0; i < n; ++i) check(keys[i] != field.key);
         keys[n++] = field.key;
      }
      return o;
   }

   static std::string str(sj::dom::element e)
   {
      std::string_view s;
      check(e.get(s) == sj::SUCCESS);
      return std::string(s);
   }

   // A record's dates repeat (every lab of a panel has the panel's date): the last one read is remembered.
   char last_date_text[10] = {};
   Date last_date{};
   bool have_last_date = false;
   Date date(sj::dom::element e)
   {
      std::string_view s;
      check(e.get(s) == sj::SUCCESS);
      if (have_last_date && s.size() == sizeof last_date_text && std::memcmp(s.data(), last_date_text, sizeof last_date_text) == 0) return last_date;
      auto d = parse_date(s);
      check(d.has_value());
      if (s.size() == sizeof last_date_text) {
         std::memcpy(last_date_text, s.data(), sizeof last_date_text);
         last_date = *d;
         have_last_date = true;
      }
      return *d;
   }

   static double number(sj::dom::element e)
   {
      double x = 0;
      check(e.is_number() && e.get(x) == sj::SUCCESS && std::isfinite(x));
      return x;
   }

   // A catalogue look-up by name, remembered for the spelling as written.
   template <class T, class Lookup>
   static const T* cached(Memo<T>& memo, std::string_view name, Lookup lookup)
   {
      for (const auto& [k, v] : memo.few)
         if (k.size() == name.size() && k == name) return v;
      if (auto it = memo.many.find(name); it != memo.many.end()) return it->second;
      const T* x = lookup(name);
      if (memo.few.size() < 32)
         memo.few.emplace_back(std::string(name), x);
      else if (memo.many.size() < 4096)
         memo.many.emplace(std::string(name), x);
      return x;
   }
   const Analyte* analyte(std::string_view name)
   {
      return cached(analytes, name, [&](std::string_view n) { return cat.analyte(n); });
   }
   const Concept* concept_(std::string_view name)
   {
      return cached(concepts, name, [&](std::string_view n) { return cat.concept_(n); });
   }

   static std::string_view view(sj::dom::element e)
   {
      std::string_view s;
      check(e.get(s) == sj::SUCCESS);
      return s;
   }

   // settle_lab() once per analyte and unit as written; after that, for the same analyte and spelling, only the checks
   // of the value (settle_value): the unit's checks depend on nothing else.
   struct SettledUnit {
      const Analyte* analyte;
      std::string text;
      Unit unit;
   };
   std::vector<SettledUnit> units;
   void settle(LabResult& r)
   {
      for (const SettledUnit& u : units)
         if (u.analyte == r.analyte && u.text == r.unit_text) {
            r.unit = u.unit;
            check(!settle_value(r).has_value());
            return;
         }
      check(!settle_lab(r).has_value());
      if (units.size() < 256) units.push_back(SettledUnit{r.analyte, r.unit_text, r.unit});
   }

   // A score looked up by name, and a label of it read, once per spelling.
   Memo<Score> score_names;
   std::unordered_map<std::string, std::optional<std::pair<int, int>>, Hash, std::equal_to<>> score_labels;
   std::string label_key;
   const Score* score(std::string_view name)
   {
      return cached(score_names, name, [&](std::string_view n) { return cat.score(n); });
   }
   std::optional<std::pair<int, int>> label(const Score& sc, std::string_view text)
   {
      const Score* address = &sc;
      label_key.assign(reinterpret_cast<const char*>(&address), sizeof address);
      label_key += text;
      auto it = score_labels.find(std::string_view(label_key));
      if (it != score_labels.end()) return it->second;
      auto r = sc.label(text);
      if (score_labels.size() < 4096) score_labels.emplace(label_key, r);
      return r;
   }

   // Out is Patient (read()) or PatientSlots (read_slots()): the same checks, and the same give-ups, for both; the slots
   // leave out the texts (paths, units as written) that only explanations use.
   template <class Out>
   static constexpr bool full = std::is_same_v<Out, Patient>;

   template <class Out>
   void lab(sj::dom::element e, const std::string& path, Out& p)
   {
      // "loinc" and "comparator" (a LOINC-coded lab, a bound) are not taken: read_patient() reads them.
      read_object<Obj::lab>(e, [&](Fields<Obj::lab>& l) {
         LabResult r;
         if constexpr (full<Out>) r.field = path;
         auto name = l.take("analyte");
         check(name.has_value());
         r.analyte = analyte(view(*name));
         check(r.analyte != nullptr);
         auto v = l.take("value");
         check(v.has_value());
         r.value = number(*v);
         if (auto unit = l.take("unit")) r.unit_text = str(*unit);
         settle(r);
         auto d = l.take("date");
         check(d.has_value());
         r.date = date(*d);
         if (auto rr = l.take("reference_range")) {
            read_object<Obj::reference_range>(*rr, [&](Fields<Obj::reference_range>& range) {
               Unit ru = r.unit;
               if (auto u = range.take("unit")) {
                  try {
                     ru = r.analyte->unit(str(*u));
                  }
                  catch (const UnitError&) {
                     throw GiveUp{};
                  }
               }
               auto conv = [&](nf::KeyOf<Obj::reference_range> k) -> std::optional<double> {
                  auto x = range.take(k);
                  if (!x || x->is_null()) return std::nullopt;
                  try {
                     return convert(number(*x), ru, r.analyte->canonical, r.analyte->molar_mass).value;
                  }
                  catch (const UnitError&) {
                     throw GiveUp{};
                  }
               };
               r.low = conv("low");
               r.high = conv("high");
               check(!(r.low && r.high && *r.low > *r.high));
            });
         }
         push(p, std::move(r));
      });
   }

   static void push(Patient& p, LabResult&& r) { p.labs.push_back(std::move(r)); }
   static void push(PatientSlots& p, LabResult&& r) { p.labs.push_back(slot_of(r)); }

   template <class Out>
   void labs(sj::dom::element e, const std::string& key, Out& p)
   {
      sj::dom::array a;
      check(e.get(a) == sj::SUCCESS);
      std::size_t i = 0;
      static const std::string no_path;
      for (auto x : a) {
         if constexpr (full<Out>)
            lab(x, key + "[" + std::to_string(i++) + "]", p);
         else
            lab(x, no_path, p);
      }
   }

   // tumour: {"number": 3, "size": {"value": 5.2, "unit": "cm"}, "date": ...} as two labs.
   template <class Out>
   void tumour(sj::dom::element e, Out& p)
   {
      read_object<Obj::tumour>(e, [&](Fields<Obj::tumour>& t) {
         const auto td = t.take("date");
         const Date d = td ? date(*td) : p.screening_date.value_or(today_);
         auto add = [&](nf::KeyOf<Obj::tumour> key, const char* analyte_id) {
            auto x = t.take(key);
            if (!x) return;
            LabResult r;
            if constexpr (full<Out>) r.field = "tumour." + std::string(key.name);
            r.analyte = cat.analyte(analyte_id);
            check(r.analyte != nullptr);
            if (x->is_object())
               read_object<Obj::tumour_value>(*x, [&](Fields<Obj::tumour_value>& o) {
                  auto v = o.take("value");
                  check(v.has_value());
                  r.value = number(*v);
                  if (auto u = o.take("unit")) r.unit_text = str(*u);
               });
            else
               r.value = number(*x);
            settle(r);
            r.date = d;
            push(p, std::move(r));
         };
         add("number", "tumour_number");
         add("size", "tumour_size");
      });
   }

   template <class Out>
   void scores(sj::dom::element e, Out& p)
   {
      for (auto field : map(e)) {
         const Score* sc = score(field.key);
         check(sc != nullptr);
         ScoreValue sv;
         sv.score = sc;
         if constexpr (full<Out>) sv.field = "scores." + std::string(field.key);
         std::int64_t n = 0;
         std::string_view s;
         if (field.value.is_int64() && field.value.get(n) == sj::SUCCESS)
            sv.label = std::to_string(n);
         else if (field.value.get(s) == sj::SUCCESS)
            sv.label = std::string(s);
         else
            throw GiveUp{};  // a dated score {"value", "date"}, or not a label: read_patient()
         auto r = label(*sc, sv.label);
         check(r.has_value());
         sv.lo = r->first;
         sv.hi = r->second;
         if constexpr (full<Out>)
            p.scores[sc->id] = sv;
         else {
            // Two names of one score ("ecog", "ECOG PS"): the later wins, as in Patient::scores.
            auto same = std::find_if(p.scores.begin(), p.scores.end(), [&](const SlotScore& x) { return x.score == sc; });
            if (same != p.scores.end())
               *same = SlotScore{sc, sv.lo, sv.hi};
            else
               p.scores.push_back(SlotScore{sc, sv.lo, sv.hi});
         }
      }
   }

   template <class Out>
   void findings(sj::dom::element e, Out& p)
   {
      for (auto field : map(e)) {
         const Concept* c = concept_(field.key);
         check(c != nullptr);
         bool b = false;
         check(field.value.get(b) == sj::SUCCESS);
         if constexpr (full<Out>) p.findings[c->id] = b;
      }
   }

   // The slots hold no records (a compiled trial reads none): they are checked as read() checks them, and dropped.
   template <class Out>
   std::vector<Record> records(sj::dom::element e, const std::string& key, std::optional<ConceptKind> kind)
   {
      sj::dom::array a;
      check(e.get(a) == sj::SUCCESS);
      std::vector<Record> out;
      std::size_t i = 0;
      for (auto x : a) {
         std::string path;
         if constexpr (full<Out>) path = key + "[" + std::to_string(i++) + "]";
         Record rec;
         rec.field = path;
         read_object<Obj::record>(x, [&](Fields<Obj::record>& r) {
            auto c = r.take("concept");
            check(c.has_value());  // a coded record ("code" is not taken): read_patient()
            rec.concept_ = concept_(view(*c));
            check(rec.concept_ != nullptr);
            check(!kind || rec.concept_->kind == *kind || rec.concept_->kind == ConceptKind::finding);
            using RecordKey = nf::KeyOf<Obj::record>;
            for (RecordKey k : {RecordKey("onset"), RecordKey("start"), RecordKey("date")})
               if (auto d = r.take(k); d && !d->is_null()) rec.start = date(*d);
            for (RecordKey k : {RecordKey("abatement"), RecordKey("end")})
               if (auto d = r.take(k); d && !d->is_null()) rec.end = date(*d);
            check(!(rec.start && rec.end && *rec.end < *rec.start));
            if (auto s = r.take("status")) {
               const std::string_view text = view(*s);
               const auto status = record_status(text);
               check(status.has_value());
               rec.status = *status;
               rec.in_progress = kind == ConceptKind::procedure && text == "in-progress" && !rec.end;
            }
            if (rec.status == RecordStatus::unconfirmed && full<Out>) rec.status_detail = path + ".status is \"unconfirmed\"";
            if (auto t = r.take("text")) {
               if constexpr (full<Out>)
                  rec.text = str(*t);
               else
                  view(*t);
            }
            else if constexpr (full<Out>)
               rec.text = rec.concept_->display;
            outcome(r, key, rec);
            if (auto ind = r.take("indication"); ind && !ind->is_null()) {
               rec.indication_text = str(*ind);  // a code object: read_patient()
               rec.indication = concept_(rec.indication_text);
               check(rec.indication != nullptr);
            }
         });
         if constexpr (full<Out>) out.push_back(std::move(rec));
      }
      return out;
   }

   // A treatment's outcome, as read_patient() reads it; anything it would reject is left to it.
   static void outcome(Fields<Obj::record>& r, const std::string& list, Record& rec)
   {
      const bool treatment = list == "procedures" || list == "medications", drug = list == "medications";
      if (auto v = r.take("response"); v && !v->is_null()) {
         check(treatment);
         rec.response = tumour_response(view(*v));
         check(rec.response.has_value());
      }
      if (auto v = r.take("stop_reason"); v && !v->is_null()) {
         check(drug);
         rec.stop_reason = stop_reason(view(*v));
         check(rec.stop_reason.has_value());
      }
      if (auto v = r.take("line"); v && !v->is_null()) {
         std::int64_t n = 0;
         check(drug && v->is_int64() && v->get(n) == sj::SUCCESS && n >= 1 && n <= 99);
         rec.line = static_cast<int>(n);
      }
   }

   template <class Out>
   void read(std::string_view text, Out& p)
   {
      sj::dom::element doc;
      check(parser.parse(text.data(), text.size()).get(doc) == sj::SUCCESS);
      // FHIR's "resourceType" is not a key of the native format: read_patient() reads the bundle.
      read_object<Obj::patient>(doc, [&](Fields<Obj::patient>& j) {
         if constexpr (full<Out>) p.format = "eligo-patient/1";
         auto id = j.take("id");
         check(id.has_value());
         std::int64_t n = 0;
         std::string_view s;
         if (id->get(s) == sj::SUCCESS)
            p.id.assign(s);
         else if (id->is_int64() && id->get(n) == sj::SUCCESS)
            p.id = std::to_string(n);
         else
            throw GiveUp{};
         if (auto f = j.take("format")) check(f->get(s) == sj::SUCCESS && s == "eligo-patient/1");
         if (auto x = j.take("sex"); x && !x->is_null()) {
            const auto sex = native_sex(view(*x));
            check(sex.has_value());
            p.sex = *sex;
         }
         if (auto x = j.take("birth_date"); x && !x->is_null()) {
            p.birth_date = parse_partial_date(str(*x));
            check(p.birth_date.has_value());
         }
         if (auto x = j.take("screening_date"); x && !x->is_null()) p.screening_date = date(*x);
         if (auto x = j.take("labs")) labs(*x, "labs", p);
         if (auto x = j.take("measurements")) labs(*x, "measurements", p);
         if (auto x = j.take("tumour")) tumour(*x, p);
         if (auto x = j.take("scores")) scores(*x, p);
         if (auto x = j.take("findings")) findings(*x, p);
         if constexpr (full<Out>) {
            if (auto x = j.take("conditions")) p.conditions = records<Out>(*x, "conditions", ConceptKind::condition);
            if (auto x = j.take("medications")) p.medications = records<Out>(*x, "medications", ConceptKind::medication);
            if (auto x = j.take("procedures")) p.procedures = records<Out>(*x, "procedures", ConceptKind::procedure);
            if (auto x = j.take("allergies")) p.allergies = records<Out>(*x, "allergies", std::nullopt);
         }
         else {
            if (auto x = j.take("conditions")) records<Out>(*x, "conditions", ConceptKind::condition);
            if (auto x = j.take("medications")) records<Out>(*x, "medications", ConceptKind::medication);
            if (auto x = j.take("procedures")) records<Out>(*x, "procedures", ConceptKind::procedure);
            if (auto x = j.take("allergies")) records<Out>(*x, "allergies", std::nullopt);
         }
      });
      for (std::size_t a = 0; a < p.labs.size(); ++a)
         for (std::size_t b = a + 1; b < p.labs.size(); ++b) check(!(p.labs[a].analyte == p.labs[b].analyte && p.labs[a].date == p.labs[b].date));
      auto newer = [](const auto& x, const auto& y) { return x.date > y.date; };
      if (!std::is_sorted(p.labs.begin(), p.labs.end(), newer)) std::stable_sort(p.labs.begin(), p.labs.end(), newer);
   }
};

FastReader::FastReader(const Catalogue& catalogue) : impl_(std::make_unique<Impl>(catalogue)) {}
FastReader::~FastReader() = default;

std::optional<Patient> FastReader::read(std::string_view text, const std::string&)
{
   if (text.size() > max_patient_bytes) return std::nullopt;
   try {
      Patient p;
      impl_->read(text, p);
      return p;
   }
   catch (const GiveUp&) {
      return std::nullopt;
   }
   catch (const std::exception&) {
      return std::nullopt;
   }
}

bool FastReader::read_slots(std::string_view text, PatientSlots& out)
{
   out.clear();
   if (text.size() > max_patient_bytes) return false;
   try {
      impl_->read(text, out);
      return true;
   }
   catch (const GiveUp&) {
      return false;
   }
   catch (const std::exception&) {
      return false;
   }
}

}  // namespace eligo
