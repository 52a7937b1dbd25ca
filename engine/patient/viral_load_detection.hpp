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
   std::string result;  // the result as the why quotes it: "850000 {copies}/mL", "<15 [IU]/mL", "interpretation ND"
   std::string reason;  // unsettled: why the result does not say
};

// What one Observation or component of a quantified viral load says of the analyte's detection finding. The
// laboratory's interpretation (HL7 v3 ObservationInterpretation POS, DET / NEG, ND; IND and E say neither) decides
// when it is given; otherwise a number above zero is detected, zero is not (on a linear scale), and a bound below
// ("<15") or a log-scale zero says neither. Nothing when the element holds no result to read.
std::optional<Detection> read_detection(const Catalogue& cat, const Concept& finding, const nlohmann::json& holder, bool log_scale);

}  // namespace eligo
