# Quotes and escapes: single, double, backslash, and their mixtures.
printf '%s|' 'single $x "q"' "double 'q' \$x \\ \"" back\ slash \'; echo
x=value
printf '%s ' "$x" '$x' "${x}s" "a\b" 'a\b' a\\b; echo
echo "a
b"
echo '' "" x"" ""x
printf '%s|' "" a "" ; echo
