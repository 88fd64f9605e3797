# $# $@ $* $1.. $? $0-free checks, set --, shift.
set -- a "b c" d
echo $# "$1" "$2" "$3"
for x in "$@"; do echo "[$x]"; done
for x in $@; do echo "<$x>"; done
for x in "$*"; do echo "{$x}"; done
IFS=-; echo "$*"; unset IFS
shift; echo $# "$@"
shift 2; echo $# "$@"
set -- ; for x in "$@"; do echo never; done; echo "n=$#"
false; echo $?; true; echo $?
set -- 1 2 3 4 5 6 7 8 9 10 11; echo ${10} ${11} $10
