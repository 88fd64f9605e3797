# eval: builds and runs commands, sees and sets the shell's variables.
cmd='echo evaluated $x'; x=42; eval "$cmd"
eval 'y=from-eval'; echo $y
eval "for i in 1 2; do echo loop \$i; done"
eval 'false'; echo $?
eval ''; echo "empty $?"
eval 'echo a;' 'echo b'
