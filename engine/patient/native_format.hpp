// The native patient format, eligo-patient/1 (docs/patient-format.md), as data: for each object
// of the format, the keys it has. Both readers of the format name their keys through it:
//  - read_patient() (json_reader.cpp) looks each key up by a KeyOf, so every key it reads is
//    listed here (a compile error otherwise);
//  - the batch path's FastReader (fast_reader.cpp) reads each object's keys in one pass against
//    this list and leaves the record to read_patient() on a key not listed here or one it did not
//    take, so a key added to the format and to read_patient() alone is never dropped by `eligo batch`.
// tests/test_native_format.cpp checks both readers against this list, key by key.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace eligo::native_format {

// The objects of the format that have a fixed set of keys. "scores" and "findings" are maps keyed
// by catalogue names (engine/catalogue/scores.json, concepts.json), so they are not listed.
enum class Object {
   patient,          // the document
   lab,              // an element of "labs" or "measurements"
   reference_range,  // a lab's "reference_range"
   tumour,           // "tumour"
   tumour_value,     // "tumour.number" or "tumour.size" given as an object
   dated_score,      // a value of "scores" given as an object
   record,           // an element of "conditions", "medications", "procedures" or "allergies"
   code,             // a record's "code"
   answer,           // an element of "answers"
   answer_quantity,  // an answer given as a quantity {"value", "unit"}
};

enum class Use {
   read,        // read into the Patient, or checked ("format")
   annotation,  // for people and other tools, read by neither reader: docs/patient-format.md's
                // example has a "note"; `eligo synth` writes "expect" for `eligo regress`
};

struct Key {
   std::string_view name;
   Use use = Use::read;
};

struct ObjectKeys {
   Object object;
   std::string_view name;  // where it is, as the error messages' paths say it
   std::span<const Key> keys;
};

// In the order of docs/patient-format.md's tables.
inline constexpr std::array<Key, 18> patient_keys{{{"format"},
                                                   {"id"},
                                                   {"sex"},
                                                   {"birth_date"},
                                                   {"deceased"},
                                                   {"screening_date"},
                                                   {"labs"},
                                                   {"measurements"},
                                                   {"tumour"},
                                                   {"scores"},
                                                   {"findings"},
                                                   {"conditions"},
                                                   {"medications"},
                                                   {"procedures"},
                                                   {"allergies"},
                                                   {"answers"},
                                                   {"note", Use::annotation},
                                                   {"expect", Use::annotation}}};
inline constexpr std::array<Key, 7> lab_keys{{{"analyte"}, {"loinc"}, {"value"}, {"unit"}, {"date"}, {"comparator"}, {"reference_range"}}};
inline constexpr std::array<Key, 3> reference_range_keys{{{"low"}, {"high"}, {"unit"}}};
inline constexpr std::array<Key, 3> tumour_keys{{{"number"}, {"size"}, {"date"}}};
inline constexpr std::array<Key, 2> tumour_value_keys{{{"value"}, {"unit"}}};
inline constexpr std::array<Key, 2> dated_score_keys{{{"value"}, {"date"}}};
inline constexpr std::array<Key, 14> record_keys{{{"concept"},
                                                  {"code"},
                                                  {"onset"},
                                                  {"start"},
                                                  {"date"},
                                                  {"abatement"},
                                                  {"end"},
                                                  {"status"},
                                                  {"text"},
                                                  {"indication"},
                                                  // a treatment's outcome: procedures and medications; stop_reason and line: medications
                                                  {"response"},
                                                  {"stop_reason"},
                                                  {"line"},
                                                  // how the record answers a criterion's qualifier (read by read_patient(); the one-pass reader hands it over)
                                                  {"qualifiers"}}};
inline constexpr std::array<Key, 2> code_keys{{{"system"}, {"code"}}};
// a clinician's answer to a question criterion (read by read_patient(); the one-pass reader hands it over)
inline constexpr std::array<Key, 4> answer_keys{{{"criterion"}, {"answer"}, {"by"}, {"date"}}};
inline constexpr std::array<Key, 2> answer_quantity_keys{{{"value"}, {"unit"}}};

// Indexed by Object.
inline constexpr std::array<ObjectKeys, 10> objects{{{Object::patient, "(document)", patient_keys},
                                                     {Object::lab, "labs[i]", lab_keys},
                                                     {Object::reference_range, "labs[i].reference_range", reference_range_keys},
                                                     {Object::tumour, "tumour", tumour_keys},
                                                     {Object::tumour_value, "tumour.size", tumour_value_keys},
                                                     {Object::dated_score, "scores.NAME", dated_score_keys},
                                                     {Object::record, "conditions[i]", record_keys},
                                                     {Object::code, "conditions[i].code", code_keys},
                                                     {Object::answer, "answers[i]", answer_keys},
                                                     {Object::answer_quantity, "answers[i].answer", answer_quantity_keys}}};

constexpr std::span<const Key> keys(Object o) { return objects[static_cast<std::size_t>(o)].keys; }

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// The position of `name` among o's keys, or npos when the format does not have it.
constexpr std::size_t index(Object o, std::string_view name)
{
   const auto ks = keys(o);
   for (std::size_t i = 0; i < ks.size(); ++i)
      if (ks[i].name.size() == name.size() && !name.empty() && ks[i].name[0] == name[0] && ks[i].name == name) return i;
   return npos;
}

// A key of object O, checked when compiled: KeyOf<Object::lab>("analyte") compiles, "analyt" does not.
template <Object O>
struct KeyOf {
   std::size_t index;
   const char* name;
   consteval KeyOf(const char* key) : index(native_format::index(O, key)), name(key)
   {
      if (index == npos) throw "not a key of this object of the native format: add it to native_format.hpp";
   }
};

// The keys of O, as bits by index; the annotations among them.
using KeySet = std::uint32_t;
constexpr KeySet annotations(Object o)
{
   KeySet s = 0;
   const auto ks = keys(o);
   for (std::size_t i = 0; i < ks.size(); ++i)
      if (ks[i].use == Use::annotation) s |= KeySet{1} << i;
   return s;
}

static_assert(
    [] {
       for (std::size_t i = 0; i < objects.size(); ++i)
          if (static_cast<std::size_t>(objects[i].object) != i || objects[i].keys.size() > 32) return false;
       return true;
    }(),
    "objects is indexed by Object, and a KeySet holds every key of an object");

}  // namespace eligo::native_format
