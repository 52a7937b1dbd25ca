#!/usr/bin/env python3
"""Writes the bad-input corpus (tests/bad/README.md): input files and cases.jsonl.

Each case is {"name", "args", "exit", "stderr"}: eligo is run with args from tests/bad and
must exit with `exit` and print exactly `stderr`. The expected text is captured from the
binary given with --capture, and must be reviewed before it is committed: it is the
contract for what a user reads.
"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
EX = "../../patients/examples/eligible.json"
TRIAL = "../../rules/NCT03838796.trial"

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

cases = []
def case(name, args):
    cases.append({"name": name, "args": args})

# ---- criteria (eligo eval) ---------------------------------------------------------
for name, text in [
    ("criterion-unknown-unit", "PLT ≥ 75 bananas/L"),
    ("criterion-dimension-mismatch", "PLT ≥ 75 mg/dL"),
    ("criterion-no-number", "PLT ≥"),
    ("criterion-word-for-number", "PLT ≥ lots"),
    ("criterion-unknown-name", "frobnicate ≥ 5 mg/dL"),
    ("criterion-brackets-too-deep", "(" * 17 + "PLT ≥ 75×10^9/L" + ")" * 17),
    ("criterion-too-long", "PLT ≥ 75×10^9/L and " * 100 + "INR ≤ 2"),
    ("criterion-too-many-negations", "not " * 70 + "pregnant"),
    ("criterion-unbalanced-bracket", "(PLT ≥ 75×10^9/L"),
    ("criterion-stray-closing-bracket", "PLT ≥ 75×10^9/L)"),
    ("criterion-empty", ""),
    ("criterion-double-comparator", "PLT ≥ ≥ 75×10^9/L"),
    ("criterion-age-in-kg", "age ≥ 18 kg"),
    ("criterion-score-out-of-range", "ECOG 0-9"),
    ("criterion-unknown-score-label", "Child-Pugh D"),
    ("criterion-reversed-range", "age 75-18 years"),
    ("criterion-nan", "PLT ≥ nan ×10^9/L"),
    ("criterion-huge-number", "PLT ≥ 1e400 ×10^9/L"),
    ("criterion-implausible-threshold", "Hb ≥ 8.5 g/L"),
    ("criterion-molar-without-molar-mass", "ALT ≤ 40 umol/L"),
    ("criterion-dangling-and", "PLT ≥ 75×10^9/L and"),
    # Found by fuzzing (docs/fuzzing.md): a number no double holds, and unclosed brackets (once exponential time).
    ("criterion-number-overflow", "PLT ≥ " + "9" * 400 + " ×10^9/L"),
    ("criterion-unclosed-brackets", "(" * 16 + "international normalised ratio"),
]:
    case(name, ["eval", text, EX])

# ---- trial files (eligo compile) ----------------------------------------------------
HEAD = "trial: T-BAD\ntitle: bad input\n"
trials = {
    "empty": b"",
    "only-whitespace": b"  \n\n\t\n",
    "bom-crlf-accepted": b"\xef\xbb\xbftrial: T-OK\r\ntitle: a BOM and CRLF line ends are fine\r\ninclusion:\r\n- PLT \xe2\x89\xa5 75\xc3\x9710^9/L\r\n",
    "invalid-utf8": (HEAD + "inclusion:\n- PLT ").encode() + b"\xff\xfe 75\n",
    "no-trial-id": "title: no id\ninclusion:\n- PLT ≥ 75×10^9/L\n",
    "no-sections": HEAD,
    "bullet-before-section": HEAD + "- PLT ≥ 75×10^9/L\n",
    "criterion-does-not-compile": HEAD + "inclusion:\n- PLT ≥ 75 mg/dL\n",
    "unknown-word": HEAD + "inclusion:\n- frobnication of the liver\n",
    "bad-lab-window": HEAD + "lab window: soon\ninclusion:\n- PLT ≥ 75×10^9/L\n",
    "as-without-bullet": HEAD + "inclusion:\nas: PLT ≥ 75×10^9/L\n",
    "nesting-too-deep": HEAD + "inclusion:\n" + "".join("  " * i + "- any of the following:\n" for i in range(10)) + "  " * 10 + "- PLT ≥ 75×10^9/L\n",
    "manual-without-reason": HEAD + "inclusion:\n- something odd\n  manual:\n",
    "kind-unknown": HEAD + "inclusion:\n- PLT ≥ 75×10^9/L\n  kind: maybe\n",
    "text-outside-bullet": HEAD + "inclusion:\nPLT ≥ 75×10^9/L\n",
    "lab-windows-disagree": HEAD + "lab window: 14 days\ninclusion:\n- labs within 7 days\n- PLT ≥ 75×10^9/L\n",
}
for name, body in trials.items():
    write(f"trials/{name}.trial", body)
    case("trial-" + name, ["compile", f"trials/{name}.trial"])
write("trials/too-large.trial", HEAD + "inclusion:\n" + "- PLT ≥ 75×10^9/L\n" * 0)  # placeholder, replaced below
os.remove("trials/too-large.trial")

# ---- native patients (eligo check NCT03838796 …) --------------------------------------------
def lab(**kw):
    base = {"analyte": "platelets", "value": 168, "unit": "10^9/L", "date": "2026-10-28"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}
P = lambda **kw: json.dumps(dict({"format": "eligo-patient/1", "id": "BAD-1", "sex": "male", "birth_date": "1966-03-12", "screening_date": "2026-11-02"}, **kw), ensure_ascii=False)
patients = {
    "trailing-comma": '{"id": "BAD-1", "sex": "male",}',
    "empty": "",
    "top-level-array": "[]",
    "missing-id": '{"sex": "male"}',
    "id-object": '{"id": {"x": 1}}',
    "unknown-sex": P(sex="yes"),
    "impossible-birth-date": P(birth_date="1966-02-30"),
    "screening-date-format": P(screening_date="02/11/2026"),
    "lab-missing-value": P(labs=[lab(value=None)]),
    "lab-value-string": P(labs=[lab(value="168")]),
    "lab-unknown-analyte": P(labs=[lab(analyte="unobtainium")]),
    "lab-unknown-unit": P(labs=[lab(unit="bananas")]),
    "lab-dimension-mismatch": P(labs=[lab(unit="mg/dL")]),
    "lab-huge-value": P(labs=[lab(value=1e308)]),
    "lab-platelets-1e12": P(labs=[lab(value=1e12)]),
    "lab-negative-count": P(labs=[lab(value=-5)]),
    "lab-missing-date": P(labs=[lab(date=None)]),
    "lab-duplicate-day": P(labs=[lab(), lab(value=170)]),
    "lab-range-reversed": P(labs=[lab(reference_range={"low": 400, "high": 150})]),
    "lab-bad-comparator": P(labs=[lab(comparator="==")]),
    "lab-range-unit-mismatch": P(labs=[lab(reference_range={"low": 1, "high": 2, "unit": "mg/dL"})]),
    "unknown-score": P(scores={"frailty": 2}),
    "score-bad-label": P(scores={"ecog": 7}),
    "score-bad-type": P(scores={"ecog": [0]}),
    "finding-not-boolean": P(findings={"pregnant": "no"}),
    "finding-unknown-concept": P(findings={"dragon_scales": True}),
    "condition-unknown-concept": P(conditions=[{"concept": "lycanthropy"}]),
    "condition-unknown-status": P(conditions=[{"concept": "hepatitis B", "status": "cured"}]),
    "record-ends-before-start": P(medications=[{"concept": "sorafenib", "start": "2026-05-01", "end": "2026-01-01"}]),
    "record-wrong-list": P(medications=[{"concept": "hepatitis B"}]),
    "conditions-not-array": P(conditions={"concept": "hepatitis B"}),
    "nesting-65": '{"id": "BAD-1", "note": ' + "[" * 65 + "]" * 65 + "}",
    "nan-literal": '{"id": "BAD-1", "labs": [{"analyte": "platelets", "value": NaN, "unit": "10^9/L", "date": "2026-10-28"}]}',
    "infinity-number": '{"id": "BAD-1", "labs": [{"analyte": "platelets", "value": 1e999, "unit": "10^9/L", "date": "2026-10-28"}]}',
    "format-wrong": P(format="eligo-patient/2"),
    "tumour-size-no-unit": P(tumour={"number": 2, "size": {"value": 5}}),
}
for name, body in patients.items():
    write(f"patients/{name}.json", body)
    case("patient-" + name, ["check", "NCT03838796", f"patients/{name}.json", "--trials", TRIAL])
write("patients/invalid-utf8.json", b'{"id": "BAD-\xff"}')
case("patient-invalid-utf8", ["check", "NCT03838796", "patients/invalid-utf8.json", "--trials", TRIAL])
write("patients/bom-accepted.json", b"\xef\xbb\xbf" + P().encode())
case("patient-bom-accepted", ["profile", "patients/bom-accepted.json"])

# ---- FHIR ---------------------------------------------------------------------------------
def bundle(*resources, **kw):
    b = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}
    b.update(kw)
    return json.dumps(b)
PAT = {"resourceType": "Patient", "id": "F1", "gender": "male", "birthDate": "1966-03-12"}
# observation-bad-unit, observation-string-value and birthdate-impossible are accepted (exit 0): an element that
# cannot be used is skipped with a warning, never the patient (docs/fhir.md, "Skipped elements").
fhir = {
    "single-patient-resource": json.dumps(PAT),
    "bundle-without-entry": json.dumps({"resourceType": "Bundle", "type": "collection"}),
    "no-patient": bundle({"resourceType": "Observation", "id": "o1", "status": "final"}),
    "two-patients": bundle(PAT, dict(PAT, id="F2")),
    "observation-bad-unit": bundle(PAT, {"resourceType": "Observation", "id": "plt", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]}, "subject": {"reference": "Patient/F1"},
        "effectiveDateTime": "2026-10-28", "valueQuantity": {"value": 168, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"}}),
    "observation-string-value": bundle(PAT, {"resourceType": "Observation", "id": "plt", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]}, "subject": {"reference": "Patient/F1"},
        "effectiveDateTime": "2026-10-28", "valueQuantity": {"value": "168", "unit": "10*3/uL"}}),
    "birthdate-impossible": bundle(dict(PAT, birthDate="1966-02-30")),
    "entry-not-object": json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [42]}),
}
for name, body in fhir.items():
    write(f"fhir/{name}.json", body)
    case("fhir-" + name, ["check", "NCT03838796", f"fhir/{name}.json", "--trials", TRIAL])

# ---- command line ---------------------------------------------------------------------------
case("cli-unknown-command", ["frobnicate"])
case("cli-check-missing-patient", ["check", "NCT03838796"])
case("cli-bad-format", ["screen", EX, "--format", "xml"])
case("cli-impossible-date", ["screen", EX, "--date", "2026-02-30"])
case("cli-unknown-trial", ["check", "NCT00000000", EX, "--trials", TRIAL])
case("cli-missing-trials-folder", ["screen", EX, "--trials", "nowhere"])
case("cli-batch-missing-input", ["batch", "nowhere.ndjson", "--trials", TRIAL])
case("cli-batch-zero-threads", ["batch", EX, "--threads", "0"])
case("cli-synth-both", ["synth", "NCT03838796", "--population", "5"])
case("cli-regress-no-cases", ["regress", "trials", "--trials", TRIAL])
case("cli-convert-not-a-number", ["convert", "seven", "mg/dL", "--to", "umol/L"])
case("cli-convert-incompatible", ["convert", "7", "mg/dL", "--to", "10^9/L"])

# ---- HTTP requests (eligo serve) ---------------------------------------------------------------
# {"name", "http": {"method", "path", "content_type", "body_file" | "body_spaces"}, "status", "answer"}:
# the driver starts `eligo serve --port 0` from this folder and sends each request; the answer must
# be exactly `answer` ({"error", "where"}) with `status`.
http_cases = []
def http(name, method, path, content_type="application/json", body=None, body_spaces=None):
    req = {"method": method, "path": path}
    if content_type is not None:
        req["content_type"] = content_type
    if body is not None:
        write(f"http/{name}.body", body)
        req["body_file"] = f"http/{name}.body"
    if body_spaces is not None:
        req["body_spaces"] = body_spaces
    http_cases.append({"name": "http-" + name, "http": req})

with open(EX, encoding="utf-8") as f:
    EX_TEXT = f.read()
EXJ = json.loads(EX_TEXT)
http("malformed-json", "POST", "/api/screen", body='{"id": "P1", "labs": [')
http("empty-body", "POST", "/api/screen", body="")
http("nesting-too-deep", "POST", "/api/screen", body="[" * 100 + "]" * 100)
http("unknown-unit", "POST", "/api/check/NCT03838796", body=json.dumps(dict(EXJ, labs=[dict(EXJ["labs"][0], unit="bananas/L")])))
http("impossible-date", "POST", "/api/check/NCT03838796", body=json.dumps(dict(EXJ, birth_date="1966-02-30")))
http("invalid-utf8", "POST", "/api/screen", body=b'{"id": "P\xff1"}')
http("nan-literal", "POST", "/api/screen", body='{"id": "P1", "labs": [{"analyte": "platelets", "value": NaN, "unit": "10^9/L"}]}')
http("platelets-1e12", "POST", "/api/check/NCT03838796", body=json.dumps(dict(EXJ, labs=[{"analyte": "platelets", "value": 1e12, "unit": "10^9/L", "date": "2026-10-28"}])))
http("not-a-patient", "POST", "/api/screen", body="[1, 2, 3]")
http("fhir-not-a-bundle", "POST", "/api/screen", content_type="application/fhir+json", body='{"resourceType": "Patient", "id": "x"}')
http("wrong-content-type", "POST", "/api/screen", content_type="text/plain", body=EX_TEXT)
http("no-content-type", "POST", "/api/screen", content_type=None, body=EX_TEXT)
http("form-content-type", "POST", "/api/eval", content_type="application/x-www-form-urlencoded", body="criterion=ECOG+0-1")
http("unknown-trial", "POST", "/api/check/NCT00000000", body=EX_TEXT)
http("unknown-trial-get", "GET", "/api/trials/NCT00000000")
http("unknown-path", "GET", "/api/nothing-here")
http("wrong-method", "GET", "/api/screen")
http("wrong-method-post", "POST", "/healthz", body="{}")
http("body-over-limit", "POST", "/api/screen", body_spaces=6 * 1024 * 1024)
http("bad-date-parameter", "POST", "/api/screen?date=2026-13-01", body=EX_TEXT)
http("eval-does-not-compile", "POST", "/api/eval", body=json.dumps({"criterion": "PLT ≥ 75 mg/dL", "patient": EXJ}, ensure_ascii=False))
http("eval-criterion-not-string", "POST", "/api/eval", body=json.dumps({"criterion": 75, "patient": EXJ}))
http("eval-no-patient", "POST", "/api/eval", body='{"criterion": "ECOG 0-1"}')
http("eval-bad-patient", "POST", "/api/eval", body='{"criterion": "ECOG 0-1", "patient": {"id": "P1", "scores": {"ecog": 9}}}')
http("eval-brackets-too-deep", "POST", "/api/eval", body=json.dumps({"criterion": "(" * 17 + "ECOG 0-1" + ")" * 17, "patient": EXJ}))

def capture_http(eligo):
    import re, time, urllib.request, urllib.error
    proc = subprocess.Popen([eligo, "serve", "--port", "0", "--trials", "../../rules"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        m = re.search(r"listening on (http://[^ ]+?)/?$", proc.stdout.readline().strip())
        base = m.group(1)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for c in http_cases:
            r = c["http"]
            data = None
            if "body_file" in r:
                with open(r["body_file"], "rb") as f:
                    data = f.read()
            if "body_spaces" in r:
                data = b" " * r["body_spaces"]
            req = urllib.request.Request(base + r["path"], data=data, method=r["method"])
            if "content_type" in r:
                req.add_header("Content-Type", r["content_type"])
            elif data is not None:
                req.add_header("Content-Type", "")
            try:
                resp = opener.open(req)
                c["status"], body = resp.status, resp.read()
            except urllib.error.HTTPError as e:
                c["status"], body = e.code, e.read()
            c["answer"] = json.loads(body)
    finally:
        proc.terminate()
        proc.wait()

if "--capture" in sys.argv:
    eligo = sys.argv[sys.argv.index("--capture") + 1]
    out = []
    for c in cases:
        r = subprocess.run([eligo] + c["args"], capture_output=True)
        c["exit"] = r.returncode
        c["stdout"] = r.stdout.decode("utf-8", "replace") if c["args"][0] in ("compile",) else None
        c["stderr"] = r.stderr.decode("utf-8", "replace")
        if c["stdout"] is None:
            del c["stdout"]
        out.append(json.dumps(c, ensure_ascii=False))
    capture_http(eligo)
    out += [json.dumps(c, ensure_ascii=False) for c in http_cases]
    with open("cases.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(cases)} command-line cases, {len(http_cases)} HTTP cases", file=sys.stderr)
