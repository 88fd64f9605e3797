# read: fields, IFS, -r, backslashes, the rest into the last name, EOF.
read a b c
echo "[$a] [$b] [$c]"
read -r raw
printf '%s\n' "$raw"
read cooked more
printf "[%s][%s]\n" "$cooked" "$more"
IFS=: read x y
echo "$x|$y"
read one
echo "[$one]"
read last || echo "eof status $? [$last]"
