// A fast reader for the batch path (docs/batch.md): the native patient format read in one
// pass with simdjson into exactly the Patient that read_patient() gives. It takes only the
// common shape of the format; for anything else (an error, FHIR, a LOINC-coded lab, a lab
// given as a bound, a dated score, a coded record, a key given twice, a key that
// native_format.hpp does not list) it returns nothing, and the caller reads the record with
// read_patient(), which reads it or reports the error.
// tests/test_batch.cpp and tests/test_native_format.cpp check the two readers agree.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/patient/patient.hpp"
#include "engine/patient/patient_slots.hpp"

namespace eligo {

class FastReader {
public:
   explicit FastReader(const Catalogue& catalogue);
   ~FastReader();
   FastReader(const FastReader&) = delete;
   FastReader& operator=(const FastReader&) = delete;

   std::optional<Patient> read(std::string_view json_text, const std::string& source);
   // The same record into the compiled path's slots (patient_slots.hpp): true exactly when read() would give a Patient,
   // and then the slots hold that Patient's id, sex, birth date, screening date, labs and recorded scores.
   bool read_slots(std::string_view json_text, PatientSlots& out);

private:
   struct Impl;
   std::unique_ptr<Impl> impl_;
};

}  // namespace eligo
