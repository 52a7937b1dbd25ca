// Reports: the text a screener reads and the JSON other tools read.
// The JSON shapes are the CLI contract (docs/cli.md).
#pragma once

#include "engine/report/answers.hpp"
#include "engine/report/coverage.hpp"
#include "engine/report/criterion_compile.hpp"
#include "engine/report/profile.hpp"
#include "engine/report/results_json.hpp"
#include "engine/report/screen_text.hpp"
#include "engine/report/trial_json.hpp"
