# Writes the catalogue JSON files into a C++ source as raw string literals.
set(code "// Generated from engine/catalogue/*.json by embed.cmake. Do not edit.\nnamespace eligo {\n")
foreach(name analytes scores concepts filler_words qualifier_words support_note_words note_value_words criterion_kinds)
  file(READ "${SRC}/${name}.json" text)
  string(APPEND code "extern const char* const builtin_${name}_json;\nconst char* const builtin_${name}_json = R\"ELIGO_JSON(${text})ELIGO_JSON\";\n")
endforeach()
string(APPEND code "}  // namespace eligo\n")
file(WRITE "${OUT}.tmp" "${code}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
