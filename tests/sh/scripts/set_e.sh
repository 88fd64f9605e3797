# set -e: exits on failure, but not in conditions, && || lists, or after !.
set -e
if false; then echo no; fi
false || echo "or ok"
false && echo no
! true
while false; do :; done
echo "still here"
f() { false; echo "not reached"; }
f
echo "not reached either"
