# echo -n, and printf formats: %s %d %x %o %c %b %%, widths, reuse, escapes.
echo -n "no newline"; echo
echo -- dashes; echo -nx literal
printf '%s-%s\n' a b c d
printf '%5s|%-5s|%.2s\n' ab cd efgh
printf '%d %i %x %X %o %u\n' 42 -7 255 255 8 3
printf '%05d|%+d|% d|%-4d|\n' 42 5 6 7
printf '%c%c\n' hello world
printf '%b\n' 'tab\there' 'oct\0101'
printf 'percent %% done\n'
printf 'esc: \101\102\t|\n'
printf '%s\n'
printf '%d\n' "'A"
printf 'no args\n' extra
printf '%.3f %e\n' 3.14159 1000
