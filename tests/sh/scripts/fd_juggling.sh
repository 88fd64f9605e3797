# Duplicating, swapping and closing fds; exec redirections that persist.
{ echo to-out; echo to-err >&2; } 2>&1 >/dev/null | { read l; echo "pipe saw: $l"; }
{ echo swapped >&2; } 3>&1 1>&2 2>&3 | { read l; echo "got: $l"; }
exec 4>saved; echo "into 4" >&4; exec 4>&-
read s < saved; echo "$s"
exec 5<saved; read t <&5; echo "read from 5: $t"; exec 5<&-
echo "closed" 2>/dev/null >&5 || echo "5 is closed"
exec 6>&1; exec >out.txt; echo hidden; exec 1>&6 6>&-
read h < out.txt; echo "file has: $h"
