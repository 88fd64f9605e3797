#!/usr/bin/env bash
# The demo run by `./wask-dev demo`: the scenario wask exists for, end to end through `wask sh`.
# A host directory is mounted at /mnt/session; a file written on the host is read by `cat`, `ls`
# and `wc` running inside the VM (WebAssembly commands from /bin), a redirection inside the VM
# writes a host file; the same on an in-memory mount; a read-only mount refuses writes with EROFS;
# escapes by `..` and by host symlinks reach only the VM's own files; faults stay inside.
# Every step checks what happened and the script exits non-zero at the first surprise.
set -uo pipefail
build=${1:?usage: docs/demo.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
wask="$build/wask"
for f in "$wask"; do
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
sh_in() { show "$wask" sh --dir "$session::/mnt/session" "$@"; }

say "the host writes a file into the session directory"
mkdir -p "$session/workspace"
echo "hello from the host" > "$session/workspace/hello.txt"
echo "\$ echo 'hello from the host' > \$SESSION/workspace/hello.txt"

say "wask sh: cat, ls and wc inside the VM (each a WebAssembly command from /bin) see it"
sh_in -c 'cat /mnt/session/workspace/hello.txt'
expect "cat prints the host's file" [ "$status" -eq 0 -a "$out" = "hello from the host" ]
sh_in -c 'ls /mnt/session/workspace/ | wc -l'
expect "ls | wc -l counts one file" [ "$status" -eq 0 -a "$out" = "1" ]
sh_in -c 'ls /mnt/session'
expect "ls lists the session directory" [ "$out" = "workspace" ]

say "a redirection inside the VM writes a host file"
sh_in -c 'echo "from shell" > /mnt/session/workspace/shell.txt && cat /mnt/session/workspace/shell.txt'
expect "the shell reads it back" [ "$status" -eq 0 -a "$out" = "from shell" ]
expect "the host sees it" [ "$(cat "$session/workspace/shell.txt" 2>/dev/null)" = "from shell" ]

say "cd and relative paths, pipelines, command substitution, a here-document"
sh_in -c 'cd /mnt/session/workspace && cat hello.txt shell.txt | sort | head -1'
expect "relative paths resolve against the shell's cwd" [ "$out" = "from shell" ]
sh_in -c 'n=$(ls /mnt/session/workspace | wc -l); echo "$n files"; seq 1 1000 | sort -rn | head -3; yes | head -1'
expect "pipelines of commands, including an early-exiting reader" [ "$out" = $'2 files\n1000\n999\n998\ny' ]
sh_in -c 'tr a-z A-Z <<EOF > /mnt/session/workspace/upper.txt
shouting
EOF
cat /mnt/session/workspace/upper.txt'
expect "a here-document through tr into a host file" [ "$out" = "SHOUTING" ]

say "the same on an in-memory mount: nothing touches the host"
show "$wask" sh --mount /mnt/mem=mem -c 'echo "kept in memory" > /mnt/mem/notes.txt; cat /mnt/mem/notes.txt; ls /mnt/mem'
expect "memfs holds the file" [ "$status" -eq 0 -a "$out" = $'kept in memory\nnotes.txt' ]
show "$wask" sh --mount /mnt/mem=mem -c 'ls /mnt/mem | wc -l'
expect "each VM's memfs starts empty" [ "$out" = "0" ]

say "a read-only mount: writes fail with EROFS and the host is untouched"
before=$(ls -lR "$session" | md5sum)
show "$wask" sh --mount "/mnt/session=host:$session,ro" -c 'echo overwritten > /mnt/session/workspace/hello.txt'
expect "the redirection fails" eval '[ "$status" -ne 0 ] && contains "ead-only file system"'
show "$wask" sh --mount "/mnt/session=host:$session,ro" -c 'rm /mnt/session/workspace/hello.txt; touch /mnt/session/new'
expect "rm and touch fail too" eval '[ "$status" -ne 0 ] && contains "ead-only file system"'
expect "nothing changed on the host" [ "$(ls -lR "$session" | md5sum)" = "$before" ]

say "escapes: '..' and host symlinks pointing outside reach only the VM's own files"
echo "host secret" > "$outside/secret.txt"
ln -s "$outside/secret.txt" "$session/abs-link"
ln -s "../../../../../../../..$outside/secret.txt" "$session/rel-link"
echo "\$ ln -s \$OUTSIDE/secret.txt \$SESSION/abs-link; ln -s ../../../../../../../..\$OUTSIDE/secret.txt \$SESSION/rel-link"
for path in "/mnt/session/../../..$outside/secret.txt" /mnt/session/abs-link /mnt/session/rel-link; do
  sh_in -c "cat $path"
  expect "$(basename "$path") does not reach the host's file" eval '[ "$status" -ne 0 ] && ! contains "host secret"'
done
sh_in -c 'ls -l /mnt/session | grep -c -- "-> "'
expect "ls -l shows the two links as the VM sees them" [ "$out" = "2" ]
sh_in -c 'ln -s /etc/passwd /mnt/session/planted'
expect "a guest cannot plant a host symlink that leads out of the mount" eval '[ "$status" -ne 0 ] && [ ! -L "$session/planted" ]'

say "faults stay inside: a missing command, a syntax error, a runaway loop"
sh_in -c 'nosuchcommand'
expect "127, command not found" eval '[ "$status" -eq 127 ] && contains "nosuchcommand: command not found"'
sh_in -c 'if then fi'
expect "a syntax error: status 2 with the line" eval '[ "$status" -eq 2 ] && contains "line 1"'
sh_in --timeout 1 -c 'while :; do cat /dev/null; done'
expect "the timeout ends it with 124" [ "$status" -eq 124 ]

say "what a command asked for: --trace-wasi shows every call, decoded"
show "$wask" run --trace-wasi --dir "$session::/mnt/session" /bin/cat /mnt/session/workspace/hello.txt
expect "the trace names the path" contains 'mnt/session/workspace/hello.txt'
expect "the trace shows the read" contains "fd_read("

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
