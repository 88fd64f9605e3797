# Functions with redirections, in pipelines, recursion through subshells, $0-free names.
lines() { echo one; echo two; }
lines | while read l; do echo "l=$l"; done
lines > f.out; while read l; do echo "f=$l"; done < f.out
wrap() { "$@"; }; wrap echo wrapped "a b"
depth() { if [ "$1" -gt 0 ]; then echo "d$1"; (depth $(($1 - 1))); fi; }; depth 3
outer() { local a=outer-local; inner; echo "outer still $a"; }
inner() { echo "inner sees $a"; a=changed; }
a=global; outer; echo "global $a"
ret() { return $1; }; ret 0 && ret 1 || echo "ret chain $?"
loopf() { for i in 1 2 3; do [ $i = 2 ] && return 9; echo i$i; done; }; loopf; echo "loopf $?"
