# Assorted: literal text is not split, empty globs stay, exec of a builtin, :=, shifts in loops.
IFS=,; set -- a,b,c; echo $#; x="a,b"; set -- $x; echo $#; unset IFS
for f in nomatch*; do echo "[$f]"; done
: ${dflt:=assigned}; echo $dflt
echo $((1 << 62)) $(( -1 >> 1 )) $(( 7 / -2 )) $(( -7 % 3 ))
printf '%s\n' "$(printf 'a\nb')"
case "" in "") echo empty-subject;; esac
set -- 1 2 3 4; while [ $# -gt 0 ]; do printf '%s ' "$1"; shift; done; echo
v=abc; while [ -n "$v" ]; do printf '%s.' "$v"; v=${v#?}; done; echo
echo "$(echo a; echo b)" | while read l; do echo "line $l"; done
t=$(true && echo yes || echo no); echo $t
(exec echo from-exec; echo never); echo "after exec $?"
echo ${#} ${#1}
f() { echo "$1|$2|$3"; }; f "" x ""
echo end
