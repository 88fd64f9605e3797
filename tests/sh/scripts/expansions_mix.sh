# Expansions inside expansions, in odd places.
set -- a "b c" ""
echo "${1+$@}" | { read l; echo "[$l]"; }
f() { echo "$#"; }; f "$@"; f $@; f "${@}"; f "$*"
echo $(( $(echo 3) + 1 )) "$(( ${#1} + 2 ))"
y=${undefined:-$(echo from-sub)}; echo "$y"
x="a b"; echo "${x% *}" "${x#* }" "${x%%[ ]*}"
echo \$HOME "a\"b" 'it'\''s' "\\" "\`" "$"
echo "${x:+$x$x}" ${x:+"$x"}
v=5; echo $((v*2))"${v}"$v
n=; echo "${n:-empty}" "${n-unset}"
z='$x'; echo $z "$z"
echo ${10-ten} ${1}0
