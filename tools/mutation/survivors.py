#!/usr/bin/env python3
"""Lists a stryker run's surviving and uncovered mutants as markdown table rows, with the counts, for a
tools/mutation/<name>-survivors.md file. Reads artifacts/mutation/<name>/reports/mutation-report.json (the json
reporter) or, from older runs, the report embedded in mutation-report.html.

Usage: tools/mutation/survivors.py artifacts/mutation/Virtio.Packed
"""
import collections
import json
import pathlib
import re
import sys


def load(folder: pathlib.Path) -> dict:
    for path in sorted(folder.rglob("mutation-report.json")):
        return json.loads(path.read_text())
    for path in sorted(folder.rglob("mutation-report.html")):
        text = path.read_text()
        match = re.search(r"app\.report = (\{.*?\});?\s*\n", text, re.S)
        if match:
            return json.loads(match.group(1))
    sys.exit(f"no mutation report under {folder}")


def main() -> None:
    report = load(pathlib.Path(sys.argv[1]))
    counts = collections.Counter()
    rows = []
    for name, entry in sorted(report["files"].items()):
        lines = entry["source"].splitlines()
        short = re.sub(r"^.*?/(FsFreeze\.[A-Za-z]+)/", "", name)
        for mutant in entry["mutants"]:
            status = mutant["status"]
            counts[status] += 1
            if status not in ("Survived", "NoCoverage"):
                continue
            start = mutant["location"]["start"]
            end = mutant["location"]["end"]
            original = lines[start["line"] - 1][start["column"] - 1:] if start["line"] == end["line"] else lines[start["line"] - 1][start["column"] - 1:] + " …"
            if start["line"] == end["line"]:
                original = lines[start["line"] - 1][start["column"] - 1:end["column"] - 1]
            replacement = mutant.get("replacement", "").replace("\n", " ")
            tag = " (no coverage)" if status == "NoCoverage" else ""
            rows.append(f"| {short}:{start['line']} | {mutant['mutatorName']}{tag}: `{original.strip()[:60]}` → `{replacement.strip()[:60]}` | |")
    killed = counts["Killed"] + counts["Timeout"]
    detected_base = killed + counts["Survived"] + counts["NoCoverage"]
    score = 100.0 * killed / detected_base if detected_base else 0.0
    print(f"score {score:.2f} %: {sum(counts.values())} mutants, {counts['Killed']} killed, {counts['Timeout']} timeout, "
          f"{counts['Survived']} survived, {counts['NoCoverage']} no coverage, {counts['CompileError']} compile errors, "
          f"{counts['Ignored']} ignored")
    print()
    print("| File:line | Mutation | Verdict |")
    print("|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
