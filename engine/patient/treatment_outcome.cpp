// The spellings of a treatment's outcome in the native format (docs/patient-format.md, "History
// lists"): mRECIST responses and a drug's stop reason.
#include <cctype>
#include <string>

#include "engine/core/spelling.hpp"
#include "engine/core/text.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

namespace {

// Read case-insensitively: the abbreviations and the spelled-out forms (Lencioni R, Llovet JM.
// Modified RECIST (mRECIST) assessment for hepatocellular carcinoma. Semin Liver Dis 2010;30:52-60).
constexpr Spelling<TumourResponse> response_spellings[] = {{"cr", TumourResponse::complete},    {"complete response", TumourResponse::complete},
                                                           {"pr", TumourResponse::partial},     {"partial response", TumourResponse::partial},
                                                           {"sd", TumourResponse::stable},      {"stable disease", TumourResponse::stable},
                                                           {"pd", TumourResponse::progressive}, {"progressive disease", TumourResponse::progressive}};
constexpr Spelling<TumourResponse> response_abbreviations[] = {
    {"CR", TumourResponse::complete}, {"PR", TumourResponse::partial}, {"SD", TumourResponse::stable}, {"PD", TumourResponse::progressive}};
constexpr Spelling<TumourResponse> response_names[] = {{"complete response", TumourResponse::complete},
                                                       {"partial response", TumourResponse::partial},
                                                       {"stable disease", TumourResponse::stable},
                                                       {"progressive disease", TumourResponse::progressive}};
constexpr Spelling<StopReason> stop_reasons[] = {
    {"progression", StopReason::progression}, {"intolerance", StopReason::intolerance}, {"completed", StopReason::completed}, {"other", StopReason::other}};

}  // namespace

const char* to_string(TumourResponse r) { return spelling_of(response_abbreviations, r); }
const char* describe(TumourResponse r) { return spelling_of(response_names, r); }
const char* to_string(StopReason r) { return spelling_of(stop_reasons, r); }

std::optional<TumourResponse> tumour_response(std::string_view text) { return value_of(response_spellings, lower_ascii(text)); }
std::optional<StopReason> stop_reason(std::string_view text) { return value_of(stop_reasons, lower_ascii(text)); }

}  // namespace eligo
