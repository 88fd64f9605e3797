#!/usr/bin/env bash
# The demo run by `./wask-dev demo`: the scenario wask exists for, end to end through `wask run`.
# A host directory is mounted at /mnt/session; a file written on the host and one written by a
# guest are read back by guest `cat` and `ls`; the same on an in-memory mount; a read-only mount
# refuses writes with EROFS; escapes by `..` and by host symlinks reach only the VM's own files.
# Every step checks what happened and the script exits non-zero at the first surprise.
set -uo pipefail
build=${1:?usage: docs/demo.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
wask="$build/wask"
guests="$build/tests/wasi/guests"
for f in "$wask" "$guests/cat.wasm" "$guests/ls.wasm" "$guests/write.wasm"; do
  [ -e "$f" ] || { echo "demo: $f is missing: build the project first" >&2; exit 1; }
done

session=$(mktemp -d)
outside=$(mktemp -d)
trap 'rm -rf "$session" "$outside"' EXIT
step=0
failures=0

say() { printf '\n== %d. %s\n' "$((++step))" "$*"; }
show() {  # show CMD...: print the command (with short names) and run it, keeping its output
  printf '$ %s\n' "$(printf '%q ' "$@" | sed "s|$build/||g; s|$session|\$SESSION|g; s|$outside|\$OUTSIDE|g")"
  out=$("$@" 2>&1)
  status=$?
  [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/  | /'
  printf '  (exit %d)\n' "$status"
}
expect() {  # expect DESCRIPTION CONDITION...
  local what=$1
  shift
  if "$@"; then
    echo "  ok: $what"
  else
    echo "  FAILED: $what"
    failures=$((failures + 1))
  fi
}
contains() { [[ "$out" == *"$1"* ]]; }

echo "wask demo: a host directory inside a WebAssembly VM, through the kernel VFS"
echo "host session directory: $session"

say "the host writes a file into the session directory"
echo "written on the host" > "$session/from-host.txt"
echo "\$ echo 'written on the host' > \$SESSION/from-host.txt"

say "a guest (write.wasm) writes a file into /mnt/session inside the VM"
show "$wask" run --dir "$session::/mnt/session" "$guests/write.wasm" /mnt/session/from-guest.txt written by the guest
expect "the guest exits 0" [ "$status" -eq 0 ]
expect "the host sees the guest's file" [ "$(cat "$session/from-guest.txt" 2>/dev/null)" = "written by the guest" ]

say "guest cat reads both files back"
show "$wask" run --dir "$session::/mnt/session" "$guests/cat.wasm" /mnt/session/from-host.txt /mnt/session/from-guest.txt
expect "cat exits 0" [ "$status" -eq 0 ]
expect "cat prints both files" [ "$out" = $'written on the host\nwritten by the guest' ]

say "guest ls lists the session directory and the VM root"
show "$wask" run --dir "$session::/mnt/session" "$guests/ls.wasm" /mnt/session /
expect "ls exits 0" [ "$status" -eq 0 ]
expect "ls shows both files" contains $'from-guest.txt 21\nfrom-host.txt 20'
expect "the VM root holds mnt/ and tmp/, nothing of the host" contains $'/:\nmnt/\ntmp/'

say "the same on an in-memory mount: the guest writes and reads back; nothing touches the host"
show "$wask" run --mount /mnt/mem=mem --cwd /mnt/mem "$guests/write.wasm" -v notes.txt kept in memory
expect "write into memfs exits 0" [ "$status" -eq 0 ]
expect "the guest reads its memfs file back" [ "$out" = "notes.txt now holds: kept in memory" ]
show "$wask" run --mount /mnt/mem=mem "$guests/ls.wasm" /mnt/mem
expect "each VM's memfs starts empty" [ "$status" -eq 0 -a -z "$out" ]

say "a read-only mount: the guest's write fails with EROFS and the host is untouched"
before=$(ls -l "$session" | md5sum)
show "$wask" run --mount "/mnt/session=host:$session,ro" "$guests/write.wasm" /mnt/session/from-host.txt overwritten
expect "the write fails (exit 1) with EROFS" eval '[ "$status" -eq 1 ] && contains "(EROFS)"'
show "$wask" run --mount "/mnt/session=host:$session,ro" "$guests/write.wasm" /mnt/session/new.txt x
expect "creating fails too" [ "$status" -eq 1 ]
expect "nothing changed on the host" [ "$(ls -l "$session" | md5sum)" = "$before" ]
expect "the host file still says what the host wrote" [ "$(cat "$session/from-host.txt")" = "written on the host" ]

say "escapes: '..' and host symlinks pointing outside reach only the VM's own files"
echo "host secret" > "$outside/secret.txt"
ln -s "$outside/secret.txt" "$session/abs-link"
ln -s "../../../../../../../..$outside/secret.txt" "$session/rel-link"
echo "\$ ln -s \$OUTSIDE/secret.txt \$SESSION/abs-link; ln -s ../../../../../../../..\$OUTSIDE/secret.txt \$SESSION/rel-link"
for path in "/mnt/session/../../..$outside/secret.txt" /mnt/session/abs-link /mnt/session/rel-link; do
  show "$wask" run --dir "$session::/mnt/session" "$guests/cat.wasm" "$path"
  expect "$(basename "$path") does not reach the host's file" eval '[ "$status" -ne 0 ] && ! contains "host secret"'
done
show "$wask" run --dir "$session::/mnt/session" "$guests/ls.wasm" /mnt/session
expect "ls shows the links as the VM sees them" contains "abs-link -> $outside/secret.txt"

say "what the guest asked for: --trace-wasi shows every call, decoded"
show "$wask" run --trace-wasi --dir "$session::/mnt/session" "$guests/cat.wasm" /mnt/session/from-host.txt
expect "the trace names the path and the fd it became" contains '"mnt/session/from-host.txt"'
expect "the trace shows reads from that fd" contains "fd_read(5</mnt/session/from-host.txt>"

say "the engine underneath: a benchmark module and a .wast script"
fib="$build/bench/engine/fib.wasm"
if [ -e "$fib" ]; then
  show "$wask" run --invoke bench_main "$fib"
  expect "fib runs to its checksum" eval '[ "$status" -eq 0 ] && contains "i64:"'
fi
show "$wask" wast "$here/../tests/wast/traps.wast"
expect "the trap script passes" eval '[ "$status" -eq 0 ] && contains " 0 failed"'

echo
if [ "$failures" -ne 0 ]; then
  echo "demo: $failures check(s) FAILED"
  exit 1
fi
echo "demo: every step behaved as expected"
