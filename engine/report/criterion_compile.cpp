#include "engine/report/criterion_compile.hpp"

#include "grammar/parse_criterion.hpp"

namespace eligo {

CriterionCompile compile_criterion_text(std::string_view text, const CatalogueLexicon& lexicon)
{
   CriterionCompile c;
   try {
      c.predicate = compile_criterion(text, lexicon, c.warnings);
      return c;
   }
   catch (const grammar::SyntaxError& e) {
      c.error = e.message;
      c.column = e.column;
   }
   catch (const BindError& e) {
      c.error = e.message;
      c.column = grammar::column_of(text, e.byte);
   }
   c.caret = "  " + grammar::caret_line(text, c.column);
   return c;
}

}  // namespace eligo
