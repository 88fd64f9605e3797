# & and wait: background jobs, their status through wait, $! set.
{ echo background; } > bg.out &
wait
read l < bg.out; echo "$l"
(exit 3) &
p=$!
wait $p; echo "job status $?"
[ -n "$p" ] && echo "have pid"
for i in 1 2 3; do (echo job$i > j$i) & done; wait
cat_all() { for f in j1 j2 j3; do read l < $f; echo $l; done; }; cat_all
