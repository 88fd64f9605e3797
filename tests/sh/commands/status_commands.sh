# Exit statuses of commands: in lists, if, while, !, and set -e.
exitwith 0 && echo zero-ok
exitwith 1 || echo one-failed
if exitwith 2; then echo no; else echo "if saw $?"; fi
! exitwith 3; echo "negated $?"
i=0; while exitwith $i; do i=$((i+1)); done; echo "i=$i"
exitwith 200; echo $?
nosuch-command; echo "missing $?"
set -e
exitwith 0
exitwith 4
echo never
