#!/usr/bin/env python3
"""Validate heldout/: numbering 4001-4300, one reply + one six-line reading each; print counts."""
import os, re, sys, collections
D = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "heldout")
files = sorted(os.listdir(D))
bad = 0
by = collections.defaultdict(list)
for f in files:
    m = re.match(r"^(\d{4})-(de|en|mix)-([a-z0-9-]+)\.(txt|eml|reading)$", f)
    if not m:
        print("bad name", f); bad += 1; continue
    by[int(m.group(1))].append(f)
stats = collections.Counter()
for n in range(4001, 4301):
    fs = by.get(n, [])
    rd = [f for f in fs if f.endswith(".reading")]
    rp = [f for f in fs if not f.endswith(".reading")]
    if len(rd) != 1 or len(rp) != 1 or rd[0].rsplit(".", 1)[0] != rp[0].rsplit(".", 1)[0]:
        print("pairing", n, fs); bad += 1; continue
    L = open(os.path.join(D, rd[0]), encoding="utf-8").read().split("\n")
    if L[-1] == "":
        L = L[:-1]
    keys = ["#", "answered=", "q3=", "agent=", "kind=", "note="]
    if len(L) != 6 or not all(l.startswith(k) for l, k in zip(L, keys)):
        print("reading shape", rd[0]); bad += 1; continue
    ans = L[1][9:]
    q3 = L[2][3:]
    ag = L[3][6:]
    kind = L[4][5:]
    if not re.fullmatch(r"(|[123](,[123])*)", ans) or q3 not in ("confirmed", "not-confirmed") or ag not in ("yes", "no"):
        print("values", rd[0], L[1:4]); bad += 1
    a = set(ans.split(",")) - {""}
    if sorted(a) != [x for x in ans.split(",") if x]:
        print("order", rd[0])
    if q3 == "confirmed" and "3" not in a:
        print("q3 confirmed but 3 not answered", rd[0]); bad += 1
    if "3" in a and q3 != "confirmed":
        print("3 answered but q3 not confirmed", rd[0]); bad += 1
    if not kind or not L[5][5:]:
        print("empty kind/note", rd[0])
    lang = rd[0].split("-")[1]
    stats["lang_" + lang] += 1
    stats["eml" if rp[0].endswith(".eml") else "txt"] += 1
    fu = kind.startswith("followup")
    if fu: stats["followup"] += 1
    if ag == "yes": stats["agent"] += 1
    elif a == {"1", "2", "3"}: stats["complete"] += 1
    else: stats["incomplete"] += 1
    stats["q3_" + q3] += 1
    for q in "123":
        if q in a: stats["answered_q" + q] += 1
print(dict(sorted(stats.items())))
print("present", len(by), "bad", bad)
sys.exit(1 if bad else 0)
