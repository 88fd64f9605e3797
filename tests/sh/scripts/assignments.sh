# Assignments: before builtins and functions, several on a line, from expansions.
a=1 b=$a c="$a $b"; echo "$a $b $c"
f() { echo "in f: $tmpv"; }
tmpv=temp f
echo "after: [${tmpv-unset}]"
x=$(echo sub) y=`echo back`; echo $x $y
z=a*b; echo "$z"
empty=; echo "[$empty]"
