#!/usr/bin/env bash
# Under the sanitizers (CI) each library of the engine is compiled as one unit (a unity build, CMakeLists.txt): its
# files' internal helpers (an anonymous namespace, or static) then meet in one translation unit. Two helpers of one name
# would be a redefinition (an error) or an overload set, where a call could pick the other file's helper in silence.
# This check fails when a helper's name is defined at namespace scope by another file of the same library, so that a
# unity build compiles exactly what the file-by-file build compiles.
#   tests/unity_names.sh SOURCE_DIR
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
status=0
for dir in grammar engine/*/; do
  dir=${dir%/}
  mapfile -t files < <(ls "$dir"/*.cpp 2>/dev/null | grep -v '/parse_criterion\.cpp$' || true)
  [ ${#files[@]} -ge 2 ] || continue
  # One line per function defined at namespace scope: NAME FILE internal|public.
  # Namespace members start at column 0 (.clang-format: NamespaceIndentation None), so a definition is a line at column 0
  # that names a function: `TYPE NAME(`, not a declaration (`;`), an initialiser (`=` before the parenthesis), a member
  # (`Class::name(`) or a type.
  report=$(awk '
    FNR == 1 { depth = 0; delete anon }
    /^namespace \{/ { anon[++depth] = 1; next }
    /^namespace [A-Za-z_:]+ \{/ { anon[++depth] = 0; next }
    /^\}  \/\/ namespace/ { if (depth > 0) depth--; next }
    /^[A-Za-z_]/ && !/^(return|using|namespace|typedef|struct|class|enum|union|template|extern|TEST_|#)/ {
      open = index($0, "(")
      if (open == 0) next
      head = substr($0, 1, open - 1)
      if (head ~ /=/ || head ~ /operator/ || head ~ /::[A-Za-z_0-9]+[ \t]*$/ || $0 ~ /;[ \t]*$/) next
      n = split(head, words, /[^A-Za-z0-9_]+/)
      name = words[n]
      if (name == "" && n > 1) name = words[n - 1]
      if (name == "" || name ~ /^[0-9]/) next
      internal = ($0 ~ /^static /)
      for (d = 1; d <= depth; d++) if (anon[d]) internal = 1
      print name, FILENAME, (internal ? "internal" : "public")
    }' "${files[@]}" | sort -u)
  clashes=$(printf '%s\n' "$report" | awk '
    { files[$1] = files[$1] " " $2; if ($3 == "internal") helper[$1] = 1; seen[$1 SUBSEP $2] = 1 }
    END {
      for (name in helper) {
        n = split(files[name], f, " "); distinct = 0; delete one
        for (i = 1; i <= n; i++) if (!(f[i] in one)) { one[f[i]] = 1; distinct++ }
        if (distinct > 1) print "  " name ":" files[name]
      }
    }' | sort)
  if [ -n "$clashes" ]; then
    echo "unity_names: $dir: a helper's name is defined by more than one file of the library (rename the helper, or share one):"
    printf '%s\n' "$clashes"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "unity_names: every helper of a library has a name no other file of it defines"
exit "$status"
