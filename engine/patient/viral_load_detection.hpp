// A viral load read as a detection (analytes.json "detected"; docs/fhir.md, "Viral loads as detections"): an HCV RNA
// of 850,000 IU/mL shows "HCV RNA detectable" whatever unit the load is in (copies, IU, a log scale), since detection
// needs no conversion; "<15 IU/mL" says neither.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/catalogue/catalogue.hpp"

namespace eligo {

struct Detection {
   enum class State { present, absent, unsettled } state = State::unsettled;
   std::string result;  // the result as the why quotes it: "850000 {copies}/mL", "<15 [IU]/mL; note 'Target not detected'"
   std::string reason;  // unsettled: why the result does not say
};

// What one Observation, or one component of it (`parent` is then the Observation), of a viral load says of the analyte's
// detection finding. What the laboratory writes decides first: its interpretation (HL7 v3 ObservationInterpretation
// POS, DET / NEG, ND; IND and E say neither; or the interpretation's text), a note ("Target not detected"), a coded or
// written value ("Detected", "<15 IU/mL not detected"); if those disagree, neither. Otherwise a number above zero is
// detected, zero is not (on a linear scale), and a bound below ("<15"), a log-scale zero, or a value that says neither
// ("see comment") says neither. Nothing when the element holds no result at all.
std::optional<Detection> read_detection(const Catalogue& cat, const Concept& finding, const nlohmann::json& holder, const nlohmann::json* parent,
                                        bool log_scale);

// What a laboratory's words say of a detection: "Target not detected", "TND", "negative", "<15 IU/mL not detected"
// are false; "Detected", "detected <15 IU/mL", "positive" true; anything else nullopt.
std::optional<bool> detection_words(std::string_view text);

}  // namespace eligo
