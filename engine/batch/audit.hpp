// eligo audit (docs/cli.md): over a population, what the records hold that Eligo could not use,
// and what the criteria of the trials need that the records never supply, each sorted by how many
// criteria would use it, so that a site's data team sees what its data lacks.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

// Reads every record of `inputs` as eligo batch does (NDJSON files, folders of patient files, "-"
// for stdin; native or FHIR) and audits the population against `trials` (`trials_label` names
// them in the report). A record that cannot be read is listed as refused; the rest go on.
// Throws InputError when an input cannot be opened.
nlohmann::ordered_json audit_population(const std::vector<std::string>& inputs, const std::vector<Trial>& trials, const std::string& trials_label,
                                        const Catalogue& catalogue);

void print_audit_text(std::ostream& out, const nlohmann::ordered_json& audit);

}  // namespace eligo
