# printf corner cases that dash and bash agree on.
printf '%5.2s|%-6s|%6s|\n' abcdef ab cd
printf '[%3d] [%-3d] [%03d]\n' 5 5 5
printf '%s\n' one two three
printf '%s %s\n' a b c
printf '%x %o %X\n' 4095 4095 4095
printf 'a\tb\\c\n'
printf -- '--dash\n'
printf '%d%%\n' 50
printf '%s' no-newline; printf '\n'
printf '%b' 'a\nb\n'
