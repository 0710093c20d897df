#!/usr/bin/env python3
"""Write expected/NAME_1.out, the variant of a fixture-reading suite for a
machine without ../shared, from sql/NAME.sql and expected/NAME.out.

Such a suite puts everything that reads ../shared between
`\\if :present` and `\\else`; psql echoes the skipped lines without running
them, then runs the `\\echo 'skipped: ...'` of the else branch.  So the
variant is the expected output up to `\\if :present`, the suite's own lines
up to `\\endif` (with the echo's output after it), and the expected output
after `\\endif`.  Several such blocks may follow each other.

    python3 tests/skip_variant.py NAME...
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def variant(name):
    sql = open(os.path.join(ROOT, "sql", name + ".sql"), encoding="utf-8").read().split("\n")
    out = open(os.path.join(ROOT, "expected", name + ".out"), encoding="utf-8").read().split("\n")
    result, o, s = [], 0, 0
    while o < len(out):
        line = out[o]
        result.append(line)
        o += 1
        if line.strip() != "\\if :present":
            continue
        s = sql.index(line, s) + 1
        in_else = False
        while sql[s].strip() != "\\endif":
            if sql[s].strip() != "":        # psql does not echo blank lines
                result.append(sql[s])
            if sql[s].strip() == "\\else":
                in_else = True
            elif in_else and sql[s].lstrip().startswith("\\echo "):
                text = sql[s].lstrip()[len("\\echo "):].strip()
                result.append(text[1:-1] if text.startswith("'") else text)
            s += 1
        result.append(sql[s])
        while out[o].strip() != "\\endif":
            o += 1
        o += 1
    with open(os.path.join(ROOT, "expected", name + "_1.out"), "w", encoding="utf-8") as f:
        f.write("\n".join(result))


for n in sys.argv[1:]:
    variant(n)
