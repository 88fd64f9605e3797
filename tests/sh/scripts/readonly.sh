# unset of a readonly variable fails and the script goes on (bash; dash exits).
# follows: bash
readonly r=5; echo $r
unset r; echo "r still $r, status $?"
r=6; echo "never: assignment to readonly ends the script"
