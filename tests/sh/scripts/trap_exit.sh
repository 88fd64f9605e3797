# trap on EXIT runs at the end; trap - resets; trap lists.
trap 'echo bye' EXIT
trap
trap 'echo first' EXIT
trap - EXIT
trap 'echo final $x' 0
x=set
echo body
