# Command substitution of builtins: $(...), backquotes, nesting, trailing newlines, status.
echo "$(echo hello)" `echo world`
x=$(printf 'a\n\n\n'); echo "[$x]"
y=$(echo $(echo nested $(echo deep)))
echo "$y"
z=`echo back \`echo inner\``; echo "$z"
echo "$(echo "quoted  spaces")" $(echo "unquoted  spaces")
v=$(false); echo $?
v=$(exit 3); echo $?
echo $(for i in 1 2 3; do echo $i; done)
echo "$(case a in a) echo in-case;; esac)"
w=$(x=inner; echo $x); echo $w $x
