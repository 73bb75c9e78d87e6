#!/usr/bin/env python3
"""Check the corpus in heldout/: pairs, six-line readings, keys, reading conventions,
follow-up list. Prints counts; exits 1 on any problem."""
import os, re, sys, glob

D = os.path.dirname(os.path.abspath(__file__))
H = os.path.join(D, 'heldout')
bad = []
stems = {}
for f in sorted(os.listdir(H)):
    m = re.fullmatch(r'(\d{4})-(de|en|mix)-([a-z0-9-]+)\.(txt|eml|reading)', f)
    if not m:
        bad.append('bad file name: ' + f); continue
    stems.setdefault(f.rsplit('.', 1)[0], set()).add(m.group(4))

fu = {}
for ln in open(os.path.join(D, 'followup-open.tsv'), encoding='utf-8'):
    ln = ln.rstrip('\n')
    if ln.startswith('#'):
        if ln != '# file stem\topen=questions the follow-up listed': bad.append('tsv header: ' + ln)
        continue
    s, o = ln.split('\t')
    assert o.startswith('open='), ln
    fu[s] = set(o[5:].split(','))
    if s not in stems: bad.append('tsv stem without reply: ' + s)

cnt = dict(total=0, de=0, en=0, mix=0, complete=0, q3=0, agent=0, eml=0, fu=len(fu))
for s, exts in sorted(stems.items()):
    if 'reading' not in exts or len(exts) != 2:
        bad.append(f'{s}: needs exactly one reply and one .reading, has {sorted(exts)}'); continue
    cnt['total'] += 1
    cnt[s.split('-')[1]] += 1
    if 'eml' in exts: cnt['eml'] += 1
    lines = open(os.path.join(H, s + '.reading'), encoding='utf-8').read().split('\n')
    if lines[-1] == '': lines.pop()
    if len(lines) != 6:
        bad.append(f'{s}: {len(lines)} lines'); continue
    if lines[0] != '# the human reading, written before the parser read this reply':
        bad.append(f'{s}: first line'); continue
    keys = [l.split('=', 1)[0] for l in lines[1:]]
    if keys != ['answered', 'q3', 'agent', 'kind', 'note']:
        bad.append(f'{s}: keys {keys}'); continue
    v = {l.split('=', 1)[0]: l.split('=', 1)[1] for l in lines[1:]}
    ans = set(x for x in v['answered'].split(',') if x)
    if not re.fullmatch(r'(|1|2|3|1,2|1,3|2,3|1,2,3)', v['answered']): bad.append(f'{s}: answered={v["answered"]}')
    if v['q3'] not in ('confirmed', 'not-confirmed'): bad.append(f'{s}: q3')
    if v['agent'] not in ('yes', 'no'): bad.append(f'{s}: agent')
    if not v['kind'] or not v['note']: bad.append(f'{s}: empty kind/note')
    if v['q3'] == 'confirmed' and '3' not in ans: bad.append(f'{s}: q3=confirmed but 3 not answered')
    if '3' in ans and v['q3'] != 'confirmed': bad.append(f'{s}: 3 answered but q3 not confirmed')
    if s in fu:
        for q in {'1', '2', '3'} - fu[s]:
            if q not in ans: bad.append(f'{s}: follow-up did not list {q} but it is not answered')
        if '3' not in fu[s] and v['q3'] != 'confirmed': bad.append(f'{s}: 3 not listed, q3 must be confirmed')
    if v['agent'] == 'yes' and s not in fu and ans: bad.append(f'{s}: agent=yes with answers')
    if ans == {'1', '2', '3'} and v['q3'] == 'confirmed': cnt['complete'] += 1
    if v['q3'] == 'confirmed': cnt['q3'] += 1
    if v['agent'] == 'yes': cnt['agent'] += 1

print(' '.join(f'{k}={n}' for k, n in cnt.items()))
for b in bad: print('PROBLEM:', b)
sys.exit(1 if bad else 0)
