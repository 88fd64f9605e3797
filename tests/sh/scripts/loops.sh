# while, until, for, break and continue with levels.
i=0; while [ $i -lt 3 ]; do echo w$i; i=$((i+1)); done
until [ $i -eq 0 ]; do echo u$i; i=$((i-1)); done
for a in x y z; do
  for b in 1 2 3; do
    [ $b = 2 ] && continue
    [ $a = y ] && continue 2
    [ $a = z ] && break 2
    echo $a$b
  done
done
for w in; do echo never; done
n=0; while :; do n=$((n+1)); [ $n -gt 4 ] && break; done; echo n=$n
for i in 1 2; do echo $i; done; echo last=$i
while false; do :; done; echo $?
