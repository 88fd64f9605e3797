# set -x traces commands to stderr.
# stderr: any
set -x
echo traced a 'b c'
x=1
set +x
echo untraced
