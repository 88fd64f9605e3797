# $? after each kind of command.
f() { return 3; }; f; echo $?
(false); echo $?
{ false; }; echo $?
x=1; echo $?
false; x=$(true); echo $?
for i in a; do false; done; echo $?
case a in b) ;; esac; echo $?
