# Pipelines of commands and builtins over kernel pipes.
echo hello | cat
printf 'a b\nc\n' | cat | cat | wc
for i in 1 2 3; do echo line $i; done | cat | { while read a b; do echo "$b:$a"; done; }
yes | head1
while :; do echo loop; done | head1
args a "b c" | cat
echo "exit of the last: $(exitwith 0 | exitwith 3; echo $?)"
