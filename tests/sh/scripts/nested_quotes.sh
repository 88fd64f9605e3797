# Quotes inside substitutions inside quotes.
x="a b"
echo "$(echo "$x" | { read p q; echo "$q-$p"; })"
echo "${x:+"alt $x"}"
echo "outer $(echo 'inner "q"') end"
echo "`echo "bq"`"
y="it's"; echo "$y" "${y}"
