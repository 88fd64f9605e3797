# Where dash and bash --posix differ and wask follows bash: $LINENO, cd's failure status,
# echo without escape processing, ${x#$y} with a pattern from a variable, command -v's status.
# follows: bash
echo "line $LINENO"
cd /nonexistent 2>/dev/null; echo "cd status $?"
echo 'no\tescapes'
y='a*'; x=abc; echo "${x#$y}" "${x#"$y"}"
command -v nosuch; echo "command -v status $?"
