# Redirections on builtins and compound commands: > >> < 2> 2>&1 >&2 <> >| N>file N<&- .
echo one > f; echo two >> f
while read l; do echo "got $l"; done < f
echo err 2> e >&2; read le < e; echo "e=$le"
{ echo out; echo to-err >&2; } > both 2>&1
while read l; do echo "both: $l"; done < both
echo clobber >| f; read c < f; echo $c
exec 3> fd3; echo via3 >&3; exec 3>&-; read v < fd3; echo $v
echo rw > rw; exec 4<> rw; read r <&4; echo "rw=$r"; exec 4<&-
for i in 1 2 3; do echo $i; done > loop.out; while read l; do echo "l$l"; done < loop.out
if true; then echo from-if; fi > iff; read i < iff; echo $i
echo $(echo captured 2>/dev/null)
echo hidden > /dev/null; echo visible
{ read a; read b; } < loop.out; echo "$a$b"
echo x >&5 2>/dev/null || echo "bad fd failed"
