// Which section each line of a record belongs to. A heading that names exclusion (or
// inclusion) criteria switches the section wherever it stands, also inside the field
// the registry keeps for the other section ("Patients meeting any of the following
// exclusion criteria are not eligible:" in the inclusion field).
#pragma once

#include <string>
#include <vector>

#include "engine/compile/binder.hpp"
#include "engine/import/registry_text.hpp"

namespace eligo {

struct SectionedLines {
   std::vector<ImportedLine> inclusion, exclusion;
   std::vector<ImportedLine>& of(Section s) { return s == Section::exclusion ? exclusion : inclusion; }
};

// Places the lines of one text, which starts in `start`, into `out`; returns the section the text ends in. A heading that
// names a section is kept as a comment at the top of what it switches to; plain titles ("Exclusion Criteria:") are dropped.
// Lines under a bullet heading that names a section move up to the section's top level.
//
// `field_default_before_title`: for the registry's exclusion field, the section of what comes before a plain
// "Exclusion Criteria" title in it (the inclusion criteria the field goes on with, when a record was split in the middle
// of its text). Section::none when the text is not such a field.
Section place_lines(const std::vector<ImportedLine>& lines, Section start, SectionedLines& out, Section field_default_before_title = Section::none);

}  // namespace eligo
