# Command substitution of external commands; their status and output in variables.
echo data > d.txt
x=$(cat d.txt); echo "x=$x"
n=$(printf '1\n2\n3\n' | wc); echo "wc: $n"
y=$(exitwith 5); echo "status $?"
for w in $(args p q); do echo "w=$w"; done
echo "$(cat d.txt | cat)"
