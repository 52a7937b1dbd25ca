// The batch path's columnar record (docs/batch.md, "The compiled path"): what a compiled trial
// (engine/evaluate/compiled_trial.hpp) reads of a patient, filled straight from the native JSON by
// FastReader::read_slots() with no Patient in between. It holds the values of exactly those
// records that FastReader::read() would turn into the same Patient; every other record is left
// to the reference path.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

// One lab or measurement result: a LabResult (patient.hpp) without its texts. The fast shape has no bounds ("<0.5"),
// no conflicts and no skipped elements, so the value is a point.
struct SlotLab {
   const Analyte* analyte = nullptr;
   Date date;
   double canonical = 0;       // in the analyte's canonical unit
   std::optional<double> low;  // the patient's reference range, canonical unit
   std::optional<double> high;
   bool other_dimension = false;  // given in a unit of another dimension than the canonical one (mg/dL for µmol/L)
};

// A recorded score label, undated (the fast shape has no dated scores): the ordinal range it stands for.
struct SlotScore {
   const Score* score = nullptr;
   int lo = 0;
   int hi = 0;
};

struct PatientSlots {
   std::string id;
   std::string sex;  // "female", "male" or "" (unknown)
   std::optional<PartialDate> birth_date;
   std::optional<Date> screening_date;
   std::vector<SlotLab> labs;      // newest first, as Patient::labs
   std::vector<SlotScore> scores;  // one per score at most

   // Empties it for the next record, keeping the vectors' storage (no allocation per patient once warm).
   void clear()
   {
      id.clear();
      sex.clear();
      birth_date.reset();
      screening_date.reset();
      labs.clear();
      scores.clear();
   }
};

// A lab result as a slot.
inline SlotLab slot_of(const LabResult& l) { return SlotLab{l.analyte, l.date, l.canonical, l.low, l.high, l.unit.dim != l.analyte->canonical.dim}; }

// A Patient of the fast shape (FastReader::read gave it, so it has no bounds, conflicts, skipped values, dated scores,
// answers or day of death) as slots: what FastReader::read_slots gives for the same record.
inline void slots_of(const Patient& p, PatientSlots& out)
{
   out.clear();
   out.id = p.id;
   out.sex = p.sex;
   out.birth_date = p.birth_date;
   out.screening_date = p.screening_date;
   for (const auto& l : p.labs) out.labs.push_back(slot_of(l));
   for (const auto& [id, v] : p.scores) out.scores.push_back(SlotScore{v.score, v.lo, v.hi});
}

}  // namespace eligo
