#!/usr/bin/env python3
"""Check the heldout corpus: reading format, consistency rules, follow-up rules, counts."""
import os, re, sys, collections
D = os.path.dirname(os.path.abspath(__file__)); H = f"{D}/heldout"
errs = []; files = sorted(os.listdir(H))
stems = {}
for f in files:
    m = re.match(r"^(\d{4})-(de|en|mix)-([a-z0-9-]+)\.(txt|eml|reading)$", f)
    if not m: errs.append(f"bad name {f}"); continue
    stems.setdefault(f.rsplit(".", 1)[0], []).append(m.group(4))
VERDICT = re.compile(r"complete|incomplete|confirmed|not-confirmed|vague|wrong", re.I)
R = {}
for st, exts in stems.items():
    if VERDICT.search(st): errs.append(f"verdict word in name {st}")
    if "reading" not in exts: errs.append(f"{st}: no reading")
    body = [e for e in exts if e in ("txt", "eml")]
    if len(body) != 1: errs.append(f"{st}: reply files {body}")
    lines = open(f"{H}/{st}.reading", encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "": lines = lines[:-1]
    if len(lines) != 6: errs.append(f"{st}: {len(lines)} lines"); continue
    if not lines[0].startswith("# the human reading"): errs.append(f"{st}: first line")
    kv = {}
    for key, l in zip(["answered", "q3", "agent", "kind", "note"], lines[1:]):
        if not l.startswith(key + "="): errs.append(f"{st}: expected {key}= got {l[:20]}")
        kv[key] = l.split("=", 1)[1] if "=" in l else ""
    a = kv["answered"]
    if a and not re.fullmatch(r"[123](,[123])*", a): errs.append(f"{st}: answered={a}")
    ans = set(a.split(",")) - {""}
    if sorted(ans) != a.split(",") and a: errs.append(f"{st}: answered not sorted")
    if kv["q3"] not in ("confirmed", "not-confirmed"): errs.append(f"{st}: q3={kv['q3']}")
    if kv["q3"] == "confirmed" and "3" not in ans: errs.append(f"{st}: q3 confirmed but 3 not answered")
    if "3" in ans and kv["q3"] != "confirmed": errs.append(f"{st}: 3 answered but q3 not confirmed")
    if kv["agent"] not in ("yes", "no"): errs.append(f"{st}: agent={kv['agent']}")
    if not kv["kind"]: errs.append(f"{st}: empty kind")
    R[st] = (ans, kv["q3"], kv["agent"], "eml" in exts)
nums = sorted(int(s[:4]) for s in R)
if nums != list(range(3001, 3001 + len(nums))): errs.append("numbering has gaps")
fu = {}
for l in open(f"{D}/followup-open.tsv", encoding="utf-8"):
    if l.startswith("#"): continue
    st, o = l.rstrip("\n").split("\t"); fu[st] = set(o.split("=", 1)[1].split(","))
for st, op in fu.items():
    if st not in R: errs.append(f"followup {st} missing"); continue
    ans, q3, _, _ = R[st]
    for q in {"1", "2", "3"} - op:
        if q not in ans: errs.append(f"{st}: follow-up did not list {q} but not answered")
    if "3" not in op and q3 != "confirmed": errs.append(f"{st}: 3 not listed but q3 not confirmed")
lang = collections.Counter(s.split("-")[1] for s in R)
n = len(R); comp = sum(1 for a, q, _, _ in R.values() if a == {"1", "2", "3"} and q == "confirmed")
print(f"total={n} de={lang['de']} en={lang['en']} mix={lang['mix']}")
print(f"complete(1,2,3+confirmed)={comp} incomplete={n-comp} q3=confirmed={sum(q=='confirmed' for _,q,_,_ in R.values())}")
print(f"agent=yes={sum(g=='yes' for _,_,g,_ in R.values())} followups={len(fu)} eml={sum(e for *_,e in R.values())}")
print("errors:", len(errs)); [print(" ", e) for e in errs]
sys.exit(1 if errs else 0)
