# Here-documents into commands.
x=expanded
cat <<EOF
a $x line
  indented
EOF
cat <<'EOF'
literal $x
EOF
cat <<-EOF | cat
	stripped $x
	EOF
