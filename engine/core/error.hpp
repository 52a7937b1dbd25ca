// The one error model: an error that says where it is (file:line:col, patient, field) and
// what is wrong or was expected. The grammar, the binder, the catalogue and the patient
// readers all throw kinds of LocatedError; a user reads what() (prefixed "eligo: " by the CLI).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace eligo {

// Where an error is. Any part may be absent (empty, or 0 for a line or column).
struct Location {
   std::string file;        // a path, "<criterion>", or a catalogue file name
   std::size_t line = 0;    // 1-based
   std::size_t column = 0;  // 1-based, in code points (never bytes: '≥' is one column)
   std::string patient;     // a patient id
   std::string field;       // a JSON path ("labs[3].unit"), a FHIR element, a catalogue entry

   // "file:line:col", "file: patient P: field", …: the parts present, in that order; empty when none is.
   std::string str() const;

   static Location text(std::string file, std::size_t line, std::size_t column);  // a trial file, a criterion
   static Location column_only(std::size_t column);                               // within a criterion's text
   static Location entry(std::string file, std::string field);                    // a catalogue entry, a record's field
};

// what() is the place, then the message: "t.trial:4:3: invalid UTF-8", "p.json: patient P7: labs[2].unit: …".
class LocatedError : public std::runtime_error {
public:
   LocatedError(Location where, std::string message);

   Location where;
   std::string message;  // what is wrong and what was expected, without the place
   // The same in a clinician's words, naming the item rather than the place ("Platelets: 75 mg/dL is a mass
   // concentration; …"), for the page (docs/server.md); empty when there is none beyond the message.
   std::string plain;
};

// An error within one criterion's text (grammar::SyntaxError, BindError): where.column is the
// code-point column in that text; the caller places the text in its file (compile/trial.cpp).
class CriterionError : public LocatedError {
public:
   using LocatedError::LocatedError;
};

// An input that cannot be used: where (file, patient id, JSON path) and what was expected.
class InputError : public LocatedError {
public:
   InputError(Location where, std::string message) : LocatedError(std::move(where), std::move(message)) {}
   // A message that already names its place (a path, an address).
   explicit InputError(std::string message) : LocatedError({}, std::move(message)) {}
};

}  // namespace eligo
