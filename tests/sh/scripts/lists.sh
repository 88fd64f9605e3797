# ; && || ! and their statuses.
true && echo and1; false && echo and2
true || echo or1; false || echo or2
false || false && echo no; true && false || echo yes
! true; echo $?; ! false; echo $?
true; echo $?; false; echo $?
{ false; true; }; echo $?
false && true; echo $?
