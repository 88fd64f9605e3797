# Backslashes and quotes in here-documents.
x=val
while read -r l; do printf '%s\n' "$l"; done <<EOF
dollar \$x backslash \\ quote \" single ' back \` $x
"double" 'single' ${x}
EOF
v=$(cat 2>/dev/null <<EOF
in sub $x
EOF
)
while read -r l; do printf '<%s>\n' "$l"; done <<"EOF"
quoted "delimiter" $x \$x
EOF
