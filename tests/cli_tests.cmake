# CLI contract tests (filled below)
