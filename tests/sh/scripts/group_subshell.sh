# ( ) runs in a copy of the shell; { } in the shell itself.
x=outer
(x=inner; echo "in $x"); echo "after ( ) $x"
{ x=group; echo "in $x"; }; echo "after { } $x"
(exit 4); echo $?
(cd / ; f() { echo sub; }; f); type f >/dev/null 2>&1 || echo "no f outside"
( (echo nested) )
{ echo a; echo b; } | { read l1; read l2; echo "$l2 $l1"; }
