#!/usr/bin/env python3
"""Checks a ping -j run against the shipped schema and the text run of the same case.

usage: jsoncheck.py SCHEMA ARGS JSON_OUT JSON_ERR JSON_RC TEXT_OUT TEXT_RC
       (TEXT_OUT and TEXT_RC "-": no text run; the run must reach its summary)

Prints nothing and exits 0 when the run is right; otherwise prints why and
exits 1.  Right means: every line of standard output is one JSON object
valid against the schema; when the text run got as far as a summary, the
JSON run wrote nothing on standard error, began with "start", ended with
"summary" (the only one), with only warnings before "start", exited as the text run did, and its counts agree
with the text summary and with its own reply and error objects.
"""
import json
import re
import sys

import jsonschema

SUMMARY = re.compile(r"^(\d+) packets transmitted, (\d+) received"
                     r"(?:, \+(\d+) duplicates)?(?:, \+(\d+) corrupted)?(?:, \+(\d+) errors)?")


def main():
    schema_path, args, out, err, rc, text_out, text_rc = sys.argv[1:8]
    schema = json.load(open(schema_path))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    objects = []
    for n, line in enumerate(open(out, encoding="utf-8", errors="strict"), 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            problems.append(f"line {n} is not JSON ({e}): {line.rstrip()[:200]}")
            continue
        for e in validator.iter_errors(obj):
            problems.append(f"line {n} ({obj.get('type')}): {e.message} at {list(e.absolute_path)}")
        objects.append(obj)
    rc_json = open(rc).read().strip()
    if text_out == "-":
        # No text run to compare with: a whole run, counts taken as they are.
        text, rc_text = None, rc_json
    else:
        text, rc_text = open(text_out).read(), open(text_rc).read().strip()
    m = None
    for line in (text or "").splitlines():
        m = SUMMARY.match(line) or m
    if text is None:
        m = "no text run"
    if m is None:
        # The text run ended before its summary (an option, name or socket
        # error): the JSON run must end the same way.
        if rc_json != rc_text:
            problems.append(f"exit {rc_json}, the text run exited {rc_text}")
        report(problems)
        return
    stderr = open(err).read()
    if stderr:
        problems.append("standard error is not empty: " + stderr[:300])
    if rc_json != rc_text:
        problems.append(f"exit {rc_json}, the text run exited {rc_text}")
    types = [o.get("type") for o in objects]
    # Setup warnings (-v, a broadcast, a refused mark) may come before start.
    first = [t for t in types if t != "warning"][:1]
    if first != ["start"]:
        problems.append(f"the first object after warnings is {first}, not start")
    if types.count("summary") != 1 or types[-1] != "summary":
        problems.append(f"not exactly one summary, last: {types[-1:]}")
        report(problems)
        return
    s = objects[-1]
    got = [s["transmitted"], s["received"], s["duplicates"], s["corrupted"], s["errors"]]
    want = got if text is None else [int(g or 0) for g in m.groups()]
    names = ["transmitted", "received", "duplicates", "corrupted", "errors"]
    for name, w, g in zip(names, want, got):
        # A deadline (-w) may let one request more or less go out.
        slack = 1 if name == "transmitted" and re.search(r"(^| )-w", args) else 0
        if abs(w - g) > slack:
            problems.append(f"summary {name} {g}, the text run had {w}")
    if not re.search(r"(^| )-[a-zA-Z]*q", args):
        replies = [o for o in objects if o["type"] == "reply"]
        fresh = [o for o in replies if not o["duplicate"] and not o["bad_checksum"]]
        dups = [o for o in replies if o["duplicate"] and not o["bad_checksum"]]
        errors = [o for o in objects if o["type"] == "icmp_error" or
                  (o["type"] == "error" and (o["code"] == "local_error" or o.get("errno") == "EMSGSIZE"))]
        if len(fresh) != s["received"]:
            problems.append(f"{len(fresh)} reply objects, summary received {s['received']}")
        if len(dups) != s["duplicates"]:
            problems.append(f"{len(dups)} duplicate replies, summary duplicates {s['duplicates']}")
        if len(errors) != s["errors"]:
            problems.append(f"{len(errors)} error objects, summary errors {s['errors']}")
    report(problems)


def report(problems):
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
