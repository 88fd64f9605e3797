# . runs a file in the shell itself, with or without arguments; return leaves it.
echo 'sourced_var=set; echo "in sourced: $#"; return 4; echo never' > lib.sh
. ./lib.sh
echo "status $? var $sourced_var"
set -- x y
. ./lib.sh
