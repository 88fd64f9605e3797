# Parameter expansion: the default, assign, alternative, length and pattern forms.
unset u; e=; v=hello.tar.gz
echo "${u-d1} ${u:-d2} ${e-d3} ${e:-d4} ${v:-d5}"
echo "${u+a1} ${e+a2} ${e:+a3} ${v:+a4}"
echo "${u=set1} $u"; echo "${e:=set2} $e"
echo ${#v} ${#u} ${#nothing}
echo ${v#*.} ${v##*.} ${v%.*} ${v%%.*} ${v#nomatch}
p=/usr/local/bin/tool
echo ${p##*/} ${p%/*} ${p#/} "${p%"/tool"}"
s='a*b'; echo "${s#a\*}" "${s#"a*"}" ${s%[*]b}
echo ${u:-"quoted default"} ${u:-$v}
