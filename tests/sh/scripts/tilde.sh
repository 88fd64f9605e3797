# Tilde expansion: ~ and ~/path from HOME, quoted tildes stay.
echo ~ ~/docs "~" '~' \~ a~b
x=~/in-assign; echo $x
HOME=/other; echo ~
