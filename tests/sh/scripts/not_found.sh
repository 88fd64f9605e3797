# A missing command: status 127 and NAME: command not found.
nosuchcommand arg
echo "status $?"
./nosuchfile; echo "status $?"
