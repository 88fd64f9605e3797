# Comments, blank lines, line continuations.
echo a # a comment
# a whole line
echo b\
c

echo "#not a comment" '#' x#y
echo long \
  continued \
  line
