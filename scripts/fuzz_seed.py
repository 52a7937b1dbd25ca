#!/usr/bin/env python3
"""Seeds the fuzz corpora and writes the dictionaries (scripts/fuzz.sh, docs/fuzzing.md).

usage: fuzz_seed.py SOURCE_DIR SHARED_DIR OUT_DIR
Writes OUT_DIR/seed/<target>/<sha1> (one input per file) and OUT_DIR/dict/<target>.dict.
"""
import glob
import hashlib
import json
import os
import re
import sys

src, shared, out = sys.argv[1:4]
seeds = {t: set() for t in ("criterion", "trial", "patient", "fhir", "unit")}
words = {t: set() for t in seeds}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def add(target, data, limit=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if limit is None or len(data) <= limit:
        seeds[target].add(data)


def json_keys(value, keys):
    if isinstance(value, dict):
        for k, v in value.items():
            keys.add(k)
            json_keys(v, keys)
    elif isinstance(value, list):
        for v in value:
            json_keys(v, keys)
    elif isinstance(value, str) and len(value) <= 24:
        keys.add(value)


bullet = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.*\S)\s*$")

# Trial files: whole files for the trial target; bullets and 'as:' lines for the criterion target.
trials = sorted(glob.glob(os.path.join(src, "rules", "**", "*.trial"), recursive=True))
trials += sorted(glob.glob(os.path.join(src, "tests", "bad", "trials", "*")))
for path in trials:
    data = read(path)
    add("trial", data)
    for line in data.decode("utf-8", "replace").splitlines():
        m = bullet.match(line)
        if m:
            add("criterion", m.group(1), 2000)
        elif line.strip().startswith("as:"):
            add("criterion", line.strip()[3:].strip(), 2000)

# Registry texts: every bullet line of the shared corpus.
corpus = os.path.join(shared, "corpus")
for line in open(os.path.join(corpus, "hcc_trials.jsonl"), encoding="utf-8"):
    rec = json.loads(line)
    for field in ("inclusion", "exclusion"):
        for l in (rec.get(field) or "").splitlines():
            m = bullet.match(l)
            if m:
                add("criterion", m.group(1), 2000)
for path in sorted(glob.glob(os.path.join(corpus, "seeds", "*"))):
    for l in read(path).decode("utf-8", "replace").splitlines():
        m = bullet.match(l)
        if m:
            add("criterion", m.group(1), 2000)

# The bad-input corpus: criteria given to 'eligo eval'.
for line in open(os.path.join(src, "tests", "bad", "cases.jsonl"), encoding="utf-8"):
    args = json.loads(line).get("args", [])
    if len(args) >= 2 and args[0] == "eval":
        add("criterion", args[1])

# Native patients: examples, synthetic (at most 8 per trial), bad inputs.
for path in sorted(glob.glob(os.path.join(src, "patients", "examples", "*.json"))):
    add("patient", read(path))
for d in sorted(glob.glob(os.path.join(src, "patients", "synthetic", "*"))):
    for path in sorted(glob.glob(os.path.join(d, "*.json")))[:8]:
        add("patient", read(path))
for path in sorted(glob.glob(os.path.join(src, "tests", "bad", "patients", "*"))):
    add("patient", read(path))

# FHIR: the bundled examples, the bad inputs, and the shared Synthea bundles cut into
# small bundles (the Patient and 24 entries each), so that a mutation stays cheap.
for path in sorted(glob.glob(os.path.join(src, "patients", "fhir", "*.json"))):
    add("fhir", read(path))
for path in sorted(glob.glob(os.path.join(src, "tests", "bad", "fhir", "*"))):
    add("fhir", read(path))
for path in sorted(glob.glob(os.path.join(shared, "fhir", "*.json"))):
    bundle = json.loads(read(path))
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        continue
    entries = bundle.get("entry", [])
    patient = [e for e in entries if e.get("resource", {}).get("resourceType") == "Patient"]
    rest = [e for e in entries if e.get("resource", {}).get("resourceType") != "Patient"]
    for i in range(0, min(len(rest), 24 * 8), 24):
        small = dict(bundle)
        small["entry"] = patient + rest[i:i + 24]
        add("fhir", json.dumps(small, separators=(",", ":")), 65536)

for t in ("patient", "fhir"):
    keys = set()
    for s in seeds[t]:
        try:
            json_keys(json.loads(s.decode("utf-8-sig")), keys)
        except ValueError:
            pass
    words[t] |= {'"%s"' % k for k in keys if k and '"' not in k and "\\" not in k}
    words[t] |= {"{", "}", "[", "]", ":", ",", "null", "true", "false", "-1e308", "1e-320", "\\u0000", "\\ud800"}

# Units: the UCUM functional tests (tests/data has them as TSV, and the XML itself),
# the catalogue's units and spellings, and conversions as "FROM\nTO".
for line in open(os.path.join(src, "tests", "data", "ucum_validation.tsv"), encoding="utf-8").read().splitlines()[1:]:
    add("unit", line.split("\t")[1])
for line in open(os.path.join(src, "tests", "data", "ucum_conversions.tsv"), encoding="utf-8").read().splitlines()[1:]:
    f = line.split("\t")
    add("unit", f[2] + "\n" + f[3])
xml = read(os.path.join(shared, "ucum", "UcumFunctionalTests.xml")).decode("utf-8")
for u in re.findall(r'\bunit="([^"]*)"', xml):
    add("unit", u)
analytes = json.loads(read(os.path.join(src, "engine", "catalogue", "analytes.json")))["analytes"]
for a in analytes:
    for u in a.get("units", []):
        add("unit", u)
        add("unit", u + "\n" + a["units"][0])
        words["unit"].add('"%s"' % u)
    for spelling, code in (a.get("unit_aliases") or {}).items():
        add("unit", spelling)
        words["unit"].add('"%s"' % spelling)
    for n in a.get("names", [])[:3]:
        words["criterion"].add(n)
    for u in a.get("units", []):
        words["criterion"].add(u)
    if a.get("display_unit"):
        words["criterion"].add(a["display_unit"])
words["unit"] |= {"10*", "10^", "/", ".", "[IU]", "[iU]", "{", "}", "%", "mol", "g", "L", "u", "m", "k", "*-", "^-", "(", ")"}
words["criterion"] |= {"≥", "≤", "<", ">", "=", "and", "or", "not", "no", "any of", "all of", "within", "days", "weeks",
                       "months", "years", "ULN", "LLN", "× ULN", "×10^9/L", "(", ")", "history of", "age", "at least",
                       "at most", "between", "ECOG", "Child-Pugh", "BCLC", ",", "1e400", "10^9"}
words["trial"] |= {"trial: ", "title: ", "inclusion:\n", "exclusion:\n", "- ", "  - ", "as: ", "note: ", "manual",
                   "condition: ", "intervention: ", "minimum age: ", "maximum age: ", "sex: ", "lab window: ", "\r\n", "#"}
words["trial"] |= words["criterion"]

for t, items in seeds.items():
    d = os.path.join(out, "seed", t)
    os.makedirs(d, exist_ok=True)
    for data in items:
        with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    os.makedirs(os.path.join(out, "dict"), exist_ok=True)
    with open(os.path.join(out, "dict", t + ".dict"), "w", encoding="utf-8") as f:
        for w in sorted(words[t]):
            if w.startswith('"') and w.endswith('"'):
                w = w[1:-1]
            raw = w.encode("utf-8")
            # libFuzzer's dictionary syntax: printable ASCII, with \\, \" and \xNN escapes.
            esc = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else "\\x%02X" % b for b in raw)
            if 0 < len(raw) <= 64:
                f.write('"%s"\n' % esc)
    print("fuzz_seed: %-9s %5d seeds, %4d dictionary words" % (t, len(items), len(words[t])))
