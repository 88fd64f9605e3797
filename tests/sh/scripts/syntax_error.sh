# A syntax error: what precedes it ran, status 2, the message names the line.
echo before
if then
echo never
