// Target 1: criterion text -> parse -> bind (as `eligo eval` does), then evaluate the
// predicate against a fixed patient and render its tree as JSON.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
   using namespace eligo;
   const auto& w = fuzz::world();
   const std::string_view text(reinterpret_cast<const char*>(data), size);
   for (Section section : {Section::none, Section::inclusion}) {
      std::vector<Warning> warnings;
      try {
         const Predicate p = compile_criterion(text, w.lexicon, warnings, section);
         for (const auto& warning : warnings) fuzz::require_message(warning.message, "Warning");
         const Outcome o = evaluate(p, EvalContext{w.patient, w.date, *w.catalogue, {}, std::nullopt, {}});
         (void)o;
         (void)to_json(p).dump();
      }
      catch (const grammar::SyntaxError& e) {
         fuzz::require_message(e.message, "SyntaxError");
         (void)grammar::caret_line(text, e.column);
      }
      catch (const BindError& e) {
         fuzz::require_message(e.message, "BindError");
         (void)grammar::caret_line(text, grammar::column_of(text, e.byte));
      }
   }
   return 0;
}
