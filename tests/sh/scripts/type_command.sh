# type and command -v for builtins and keywords; command runs a builtin skipping functions.
type echo; type :; type cd
command -v echo; command -v if; command -v nosuch || echo "nosuch: not found"
echo() { printf 'function echo\n'; }
echo hi; command echo builtin-echo
unset -f echo
