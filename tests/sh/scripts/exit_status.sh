# exit N ends the script with N; the EXIT trap runs.
trap 'echo "trap ran, status $?"' EXIT
echo before
(exit 3); echo "sub $?"
exit 5
echo never
