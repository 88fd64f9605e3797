# cd changes the directory of the shell and updates PWD and OLDPWD; errors keep it.
start=$PWD
cd /; pwd; echo $PWD
cd "$start"; [ "$(pwd)" = "$start" ] && echo back
cd /nonexistent-dir 2>/dev/null || echo failed
[ "$PWD" = "$start" ] && echo unchanged
cd / && cd - >/dev/null && [ "$PWD" = "$start" ] && echo dash-works
(cd /; echo "sub $PWD"); [ "$PWD" = "$start" ] && echo sub-kept
