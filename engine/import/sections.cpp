#include "engine/import/sections.hpp"

#include "grammar/structure.hpp"

namespace eligo {

namespace {

Section named(grammar::SectionName s)
{
   return s == grammar::SectionName::exclusion ? Section::exclusion : s == grammar::SectionName::inclusion ? Section::inclusion : Section::none;
}

ImportedLine comment(std::string text)
{
   ImportedLine l;
   l.text = std::move(text);
   l.heading = true;
   return l;
}

}  // namespace

Section place_lines(const std::vector<ImportedLine>& lines, Section start, SectionedLines& out, Section field_default_before_title)
{
   std::size_t first = 0;
   if (field_default_before_title != Section::none) {
      // A record split in the middle of its text: the exclusion field goes on with inclusion criteria up to its own
      // "Exclusion Criteria" title.
      std::size_t k = 0;
      bool criteria_before = false;
      while (k < lines.size() && named(grammar::section_heading(lines[k].text)) == Section::none) criteria_before |= !lines[k++].heading;
      if (k < lines.size() && k > 0 && criteria_before && grammar::plain_section_title(lines[k].text) &&
          named(grammar::section_heading(lines[k].text)) == start) {
         out.of(field_default_before_title).push_back(comment("The registry's exclusion field, before its '" + lines[k].text + "' title:"));
         for (std::size_t i = 0; i < k; ++i) out.of(field_default_before_title).push_back(lines[i]);
         first = k;
      }
   }
   Section current = start;
   bool moving = false;  // the lines nested under a bullet that names a section move up to the section's top level
   std::size_t moved_from = 0;
   for (std::size_t i = first; i < lines.size(); ++i) {
      ImportedLine l = lines[i];
      if (moving && lines[i].depth > moved_from)
         l.depth -= moved_from + 1;
      else
         moving = false;
      Section s = named(grammar::section_heading(l.text));
      // A bullet that says its own section's criteria ("Patients who have had any of the following procedures are not
      // eligible:" among the exclusions) is a heading over its items, and keeps them; a bare title ("INCLUSION CRITERIA:")
      // or one naming the other section moves them.
      if (s == current && !l.heading && !grammar::plain_section_title(l.text)) s = Section::none;
      if (s == Section::none) {
         out.of(current).push_back(std::move(l));
         continue;
      }
      current = s;
      if (!l.heading) {
         moving = true;
         moved_from = lines[i].depth;
      }
      if (!grammar::plain_section_title(l.text))
         out.of(current).push_back(comment(l.text + (current != start ? std::string(" (in the registry's ") + to_string(start) + " text)" : "")));
   }
   return current;
}

}  // namespace eligo
