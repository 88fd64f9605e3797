# set -u: an unset parameter is an error that ends the script (bash: 1, dash: 2).
# follows: bash
set -u
x=1; echo $x ${y-default} ${#x}
echo "$@"
echo $undefined_var
echo "not reached"
