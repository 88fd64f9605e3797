# ${x?} ends a script with status 1 (bash; dash says 2).
# follows: bash
echo before
: ${undefined?custom message}
echo never
