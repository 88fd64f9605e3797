# test and [ : strings, integers, files, !, -a -o, parentheses.
t() { if "$@"; then echo T; else echo F; fi; }
t test a = a; t test a != a; t [ -n "" ]; t [ -z "" ]; t [ abc ]; t [ "" ]
t [ 3 -lt 10 ]; t [ 3 -gt 10 ]; t [ 5 -eq 5 ]; t [ 5 -ne 5 ]; t [ 2 -le 2 ]; t [ 2 -ge 3 ]
: > file; t [ -f file ]; t [ -d file ]; t [ -d . ]; t [ -e nothere ]; t [ -s file ]
echo x > full; t [ -s full ]
t [ ! -f file ]; t [ a = a -a b = c ]; t [ a = a -o b = c ]; t [ ! a = b ]
t [ \( a = a \) ]; t [ x ]; t [ ! ]; t [ -n ]
[ 1 -eq x ] 2>/dev/null; echo "bad int $?"
[ a = a; echo "missing bracket $?"
