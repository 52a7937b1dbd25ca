// A viral load read as a detection (analytes.json "detected"; docs/fhir.md, "Viral loads as detections"): an HCV RNA
// of 850,000 IU/mL shows "HCV RNA detectable" whatever unit the load is in (copies, IU, a log scale), since detection
// needs no conversion; "<15 IU/mL" says neither.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
// ("see comment") says neither; words that contradict a quantified load say neither too. Nothing when the element holds
// no result at all ("QNS", "Invalid").
std::optional<Detection> read_detection(const Catalogue& cat, const Concept& finding, const nlohmann::json& holder, const nlohmann::json* parent,
                                        bool log_scale);

// What a laboratory's words say of a detection, when the whole text is a result phrase (numbers with their units, bounds
// and the words that name the test set aside): "Target not detected", "TND", "<10 IU/mL Not Detected", "No HCV RNA
// detected" are false; "Detected", "Detected <15 IU/mL", "positive" true. Anything else, such as a sentence that holds
// one of them ("A result of 'Not detected' does not rule out infection"), nullopt.
std::optional<bool> detection_words(std::string_view text);

// Whether the text says there is no result: "QNS", "Invalid", "Test not performed".
bool not_a_result(std::string_view text);

}  // namespace eligo
