# Here-documents: expanded, quoted delimiter, <<- tab stripping, two on one line.
x=world
read a <<EOF
hello $x
EOF
echo "$a"
while read -r l; do printf '[%s]\n' "$l"; done <<'END'
literal $x `cmd` \n
  indented
END
while read l; do echo "<$l>"; done <<-EOF
	tab stripped $x
		twice
	EOF
while read l; do echo "$l"; done <<A; while read l; do echo "$l"; done <<B
first
A
second
B
read v <<E
$(echo sub) $((1+1)) \$x
E
echo "$v"
f() { while read l; do echo "f: $l"; done; }
f <<X
into a function
X
