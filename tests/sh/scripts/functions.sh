# Functions: arguments, return, locals, recursion, redefinition, positional restore.
greet() { echo "hi $1 ($#)"; }
greet a b
set -- outer1 outer2
f() { echo "in f: $@"; return 7; echo unreachable; }
f x y; echo "status $? args $@"
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }
fact 10
counter=0; bump() { counter=$((counter+1)); }; bump; bump; echo $counter
g() { echo first; }; g; g() { echo second; }; g
h() { local v=local; echo "h $v"; }; v=global; h; echo "after $v"
k() { return; }; false; k; echo "k $?"
nested() { inner() { echo inner-defined; }; }; nested; inner
