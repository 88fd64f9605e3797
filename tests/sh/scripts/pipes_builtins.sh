# Pipelines of builtins and compound commands; each stage is a subshell.
echo hello | read x; echo "x=[${x-unset}]"
echo a b c | { read p q r; echo "$r $q $p"; }
for i in 1 2 3; do echo $i; done | while read n; do echo "n$n"; done
printf 'x\ny\n' | { while read l; do echo "<$l>"; done; }
! echo | false; echo "neg $?"
true | false; echo "last $?"
false | true; echo "last $?"
echo piped | (read v; echo "sub $v") | { read w; echo "outer: $w"; }
