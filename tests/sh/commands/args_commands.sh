# What a command receives: words after splitting, globbing and quoting; assignments.
: > one.txt; : > two.txt
args *.txt "*.txt" '$HOME' ~ $(echo a b) "$(echo a b)"
set -- x "y z"; args "$@" $@ "$*"
v="s p"; args $v "$v" ${v}x
args '' "" $empty
A=1 args assignment-before-command
