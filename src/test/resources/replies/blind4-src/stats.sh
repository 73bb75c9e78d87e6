cd /work/corpus5/heldout
echo total $(ls *.reading | wc -l)
for l in de en mix; do echo $l $(ls [0-9][0-9][0-9][0-9]-$l-*.reading 2>/dev/null | wc -l); done
echo complete $(grep -l '^answered=1,2,3$' *.reading | xargs grep -l '^q3=confirmed' | wc -l)
echo q3conf $(grep -l '^q3=confirmed' *.reading | wc -l)
echo agentyes $(grep -l '^agent=yes' *.reading | wc -l)
echo eml $(ls *.eml | wc -l)
echo followups $(($(wc -l < ../followup-open.tsv)-1))
