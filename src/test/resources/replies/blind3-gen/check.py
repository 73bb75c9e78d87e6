"""Checker: every reply has exactly one .txt/.eml and one .reading with six well-formed lines; counts."""
import os, re, sys, email
from email import policy

BASE = '/work/corpus4'
H = BASE + '/heldout'
files = sorted(os.listdir(H))
stems = {}
for f in files:
    st, ext = f.rsplit('.', 1)
    stems.setdefault(st, []).append(ext)
err = []
fu = {}
for l in open(BASE + '/followup-open.tsv', encoding='utf-8'):
    if l.startswith('#'):
        continue
    st, op = l.rstrip('\n').split('\t')
    assert op.startswith('open='), l
    fu[st] = set(op[5:].split(','))
nums = []
C = dict(total=0, de=0, en=0, mix=0, complete=0, q3=0, agent=0, followups=0, eml=0, txt=0, answered_none=0)
for st, exts in sorted(stems.items()):
    m = re.match(r'^(\d{4})-(de|en|mix)-[a-z0-9-]+$', st)
    if not m:
        err.append(f'bad stem {st}')
        continue
    nums.append(int(m.group(1)))
    if sorted(exts) not in (['reading', 'txt'], ['eml', 'reading']):
        err.append(f'{st}: files {exts}')
        continue
    lines = open(f'{H}/{st}.reading', encoding='utf-8').read().split('\n')
    if lines[-1] == '':
        lines = lines[:-1]
    if len(lines) != 6:
        err.append(f'{st}: {len(lines)} lines')
        continue
    if not lines[0].startswith('#'):
        err.append(f'{st}: line 1')
    a = re.fullmatch(r'answered=((?:[123](?:,[123])*)?)', lines[1])
    q = re.fullmatch(r'q3=(confirmed|not-confirmed)', lines[2])
    ag = re.fullmatch(r'agent=(yes|no)', lines[3])
    k = re.fullmatch(r'kind=.+', lines[4])
    n = re.fullmatch(r'note=.*', lines[5])
    if not (a and q and ag and k and n):
        err.append(f'{st}: malformed {lines}')
        continue
    ans = set(a.group(1).split(',')) - {''}
    if q.group(1) == 'confirmed' and '3' not in ans:
        err.append(f'{st}: q3 confirmed but 3 not answered')
    if ag.group(1) == 'yes' and ans - ({'1', '2', '3'} - fu.get(st, {'1', '2', '3'})):
        err.append(f'{st}: agent=yes but answered')
    if st in fu:
        C['followups'] += 1
        for x in {'1', '2', '3'} - fu[st]:
            if x not in ans:
                err.append(f'{st}: unlisted {x} not answered')
    if 'follow' in lines[4] and st not in fu:
        err.append(f'{st}: kind says follow-up but not in tsv')
    if 'eml' in exts:
        C['eml'] += 1
        msg = email.message_from_bytes(open(f'{H}/{st}.eml', 'rb').read(), policy=policy.default)
        if not msg['From'] or not msg['Subject'] is not None:
            err.append(f'{st}: eml headers')
    else:
        C['txt'] += 1
    C['total'] += 1
    C[m.group(2)] += 1
    if ans == {'1', '2', '3'} and q.group(1) == 'confirmed':
        C['complete'] += 1
    if q.group(1) == 'confirmed':
        C['q3'] += 1
    if ag.group(1) == 'yes':
        C['agent'] += 1
    if not ans:
        C['answered_none'] += 1
for st in fu:
    if st not in stems:
        err.append(f'tsv stem without files: {st}')
if len(set(nums)) != len(nums):
    err.append('duplicate numbers')
if nums:
    missing = sorted(set(range(min(nums), max(nums) + 1)) - set(nums))
    if missing:
        err.append(f'gaps: {missing}')
for e in err:
    print('ERROR', e)
print(' '.join(f'{k}={v}' for k, v in C.items()))
if C['total']:
    print(f"complete {100 * C['complete'] / C['total']:.0f}%  agent {100 * C['agent'] / C['total']:.0f}%  "
          f"followups {100 * C['followups'] / C['total']:.0f}%  mix {100 * C['mix'] / C['total']:.0f}%")
sys.exit(1 if err else 0)
