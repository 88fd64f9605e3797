# export, unset (variables and functions), readonly.
x=1; export x; export y=2
echo $x $y
unset x; echo "[${x-unset}]"
f() { echo f; }; unset -f f; f 2>/dev/null || echo "f gone"
readonly r=5; echo $r
a=1 b=2; unset a b; echo "${a-no}${b-no}"
