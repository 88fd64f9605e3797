# Field splitting on IFS: whitespace runs, non-whitespace delimiters, empty fields.
x='  a   b  c  '
for w in $x; do echo "[$w]"; done
IFS=:; y='a::b:'; for w in $y; do echo "<$w>"; done
IFS=' :'; z=' a : b:c '; for w in $z; do echo "{$w}"; done
IFS=; for w in $x; do echo "($w)"; done
unset IFS
e=''; set -- $e; echo $#
set -- "$e"; echo $#
set -- $e"" ; echo $#
n="1 2"; set -- $n"3 4"; echo $# "$1" "$2"
