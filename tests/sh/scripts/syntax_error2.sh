echo one
for x in a b; do
  echo $x
done
while true; do echo oops; fi
