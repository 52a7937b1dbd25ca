#include "engine/report/criterion_compile.hpp"

#include "grammar/parse_criterion.hpp"

namespace eligo {

CriterionCompile compile_criterion_text(std::string_view text, const CatalogueLexicon& lexicon, Section section, const Concept* condition)
{
   CriterionCompile c;
   try {
      c.predicate = compile_criterion(text, lexicon, c.warnings, section, condition, &c.unread, &c.notes);
      return c;
   }
   catch (const CriterionError& e) {  // grammar::SyntaxError or BindError: where.column is within the text
      c.error = e.message;
      c.column = e.where.column;
   }
   c.caret = "  " + grammar::caret_line(text, c.column);
   return c;
}

}  // namespace eligo
