"""Regenerate /work/corpus4/README.md with current counts (uses check.py's logic)."""
import subprocess, re
out = subprocess.run(['python3', '/work/corpus4/gen/check.py'], capture_output=True, text=True).stdout
m = dict(re.findall(r'(\w+)=(\d+)', out.splitlines()[-2] if 'complete' in out.splitlines()[-1] else out))
C = {k: int(v) for k, v in m.items()}
import os
H = '/work/corpus4/heldout'
nums = sorted(int(f[:4]) for f in os.listdir(H) if f.endswith('.reading'))
q3_only_answered = None
text = open('/work/corpus4/gen/README.template.md', encoding='utf-8').read()
for k, v in C.items():
    text = text.replace('{' + k + '}', str(v))
text = text.replace('{first}', str(nums[0])).replace('{last}', str(nums[-1]))
text = text.replace('{incomplete}', str(C['total'] - C['complete']))
text = text.replace('{pct_complete}', f"{100 * C['complete'] / C['total']:.0f}")
text = text.replace('{pct_agent}', f"{100 * C['agent'] / C['total']:.1f}")
open('/work/corpus4/README.md', 'w', encoding='utf-8').write(text)
print(text[-1500:])
