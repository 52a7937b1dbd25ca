#!/usr/bin/env python3
"""Measures Eligo's readings on registry text it was not developed on (issue 15).

Imports every record of ../shared/corpus/wide_trials.jsonl with `eligo import`, compiles the drafts,
counts coverage, and draws a seeded random sample of compiled criteria (the SIZE lines whose hash of seed, trial,
section and text is smallest) for a reviewer to judge as a
research coordinator would. Judgements already given for the same (trial, section, text, reading) are
reused from earlier samples; the others are left empty for the reviewer.

  python3 scripts/measure_wide.py --eligo build/eligo --out /tmp/wide \
      [--corpus ../shared/corpus/wide_trials.jsonl] [--seed 15] [--size 160] \
      [--judged tests/golden/wide_sample_after.tsv ...]

Writes OUT/drafts/*.trial, OUT/compile.json, OUT/coverage.json, OUT/sample.tsv, and prints the figures.
Precision is computed only when every sampled line has a judgement.
"""
import argparse
import csv
import json
import os
import hashlib
import subprocess
import sys


def read_judged(paths):
    judged = {}
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            rows = [line for line in f if not line.startswith("#")]
        for row in csv.DictReader(rows, delimiter="\t"):
            if row.get("judgement"):
                key = (row["trial"], row["section"], row["text"], row["reading"])
                judged[key] = row
    return judged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eligo", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "../../shared/corpus/wide_trials.jsonl"))
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--size", type=int, default=160)
    ap.add_argument("--judged", nargs="*", default=["tests/golden/wide_sample_after.tsv"])
    args = ap.parse_args()

    drafts = os.path.join(args.out, "drafts")
    records = os.path.join(args.out, "records")
    os.makedirs(drafts, exist_ok=True)
    os.makedirs(records, exist_ok=True)

    order = []  # trial ids in corpus order
    failed = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            nct = json.loads(line)["nct_id"]
            record = os.path.join(records, nct + ".json")
            with open(record, "w", encoding="utf-8") as r:
                r.write(line)
            draft = os.path.join(drafts, nct + ".trial")
            run = subprocess.run([args.eligo, "import", record, "--out", draft], capture_output=True, text=True)
            if run.returncode != 0:
                failed.append((nct, run.stderr.strip()))
                continue
            order.append(nct)

    files = [os.path.join(drafts, n + ".trial") for n in order]
    compiled = subprocess.run([args.eligo, "compile", *files, "--format", "json"], capture_output=True, text=True)
    with open(os.path.join(args.out, "compile.json"), "w", encoding="utf-8") as f:
        f.write(compiled.stdout)
    coverage = subprocess.run([args.eligo, "coverage", *files, "--format", "json"], capture_output=True, text=True)
    with open(os.path.join(args.out, "coverage.json"), "w", encoding="utf-8") as f:
        f.write(coverage.stdout)

    doc = json.loads(compiled.stdout)
    broken = [fl["trial"] for fl in doc["files"] if fl["errors"]]
    entries = []
    for fl in doc["files"]:
        for c in fl["criteria"]:
            if "reading" in c:
                entries.append((fl["trial"], c))
    total = json.loads(coverage.stdout)["total"]

    # A line's place in the sample depends only on the seed and the line itself (trial, section, text), not on
    # which other lines compile, so a change to the compiler keeps the sample stable and only changed readings
    # need a new judgement.
    def rank(n):
        trial, c = entries[n]
        return hashlib.sha256(f"{args.seed}|{trial}|{c['section']}|{c['text']}".encode()).hexdigest()
    picked = sorted(sorted(range(len(entries)), key=rank)[: args.size])
    judged = read_judged(args.judged)
    out_rows = []
    for n in picked:
        trial, c = entries[n]
        key = (trial, c["section"], c["text"], c["reading"])
        old = judged.get(key)
        out_rows.append({
            "n": n, "trial": trial, "section": c["section"], "line": c["line"], "text": c["text"],
            "reading": c["reading"], "unread": " | ".join(c.get("unread", [])),
            "judgement": old["judgement"] if old else "", "cause": old.get("cause", "") if old else "",
            "note": old.get("note", "") if old else "", "reused": "yes" if old else "no",
        })
    fields = ["n", "trial", "section", "line", "text", "reading", "unread", "judgement", "cause", "note", "reused"]
    with open(os.path.join(args.out, "sample.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(out_rows)

    lines = total["criteria"]
    print(f"records {len(order) + len(failed)}, import failures {len(failed)}, drafts that do not compile {len(broken)}")
    for nct, err in failed:
        print(f"  import failed: {nct}: {err}")
    for nct in broken:
        print(f"  draft does not compile: {nct}")
    print(f"criterion lines {lines}, compiled {total['compiled']} ({100.0 * total['compiled'] / lines:.1f}%), "
          f"with unread words {total['unread']} ({100.0 * total['unread'] / max(1, total['compiled']):.1f}% of compiled), "
          f"manual {total['manual']}")
    print(f"compiled criteria with a reading (lines, captions, group members): {len(entries)}; sample {len(out_rows)} "
          f"(seed {args.seed}); judgements reused {sum(r['reused'] == 'yes' for r in out_rows)}")
    if all(r["judgement"] for r in out_rows):
        ok = sum(r["judgement"] == "correct" for r in out_rows)
        print(f"precision {ok}/{len(out_rows)} = {100.0 * ok / len(out_rows):.1f}%")
    else:
        print(f"to judge: {sum(not r['judgement'] for r in out_rows)} lines (judgement column empty in sample.tsv)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
