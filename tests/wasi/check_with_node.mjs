// The WASI golden outputs (tests/wasi/expected/*.out) were written by wask itself; this checks
// them against an independent runtime, node's WASI (node:wasi, uvwasi), line by line. Where node
// is known to be wrong (or to hang) the line is listed below with the reason, and docs/testing.md
// lists the same cases; a listed line node now gets right fails the check, so the list stays true.
//
//   node tests/wasi/check_with_node.mjs GUEST_DIR EXPECTED_DIR
//
// Each guest runs in a child node under a pseudo-terminal (util-linux `script`), so its stdout is
// line-buffered and a hang shows exactly where; a child silent for a few seconds is killed.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// As the golden runs in tests/wasi/guest_runs_test.cc: argv, environ, a root holding /tmp.
const kGuests = [
  { name: 'fs_ops', args: ['/tmp'], env: {} },
  { name: 'raw_calls', args: ['/tmp'], env: { GREETING: 'hi' } },
  { name: 'hostile', args: ['/tmp', '--no-huge-poll'], env: {} },
];

// Expected lines (by their start) where node's answer is wrong; the reason is what docs/testing.md says.
const kNodeWrong = [
  ['fs_ops', 'atime = 1000000000.123456789', 'uvwasi keeps timestamps in whole seconds/ms (doubles), dropping the nanoseconds'],
  ['fs_ops', 'after utimensat: atime', 'the same: nanoseconds of utimensat are dropped'],
  ['fs_ops', 'fcntl APPEND after clear', 'fd_fdstat_set_flags cannot clear APPEND in uvwasi (it stays set)'],
  ['fs_ops', 'readlink short', 'path_readlink into a short buffer fails instead of truncating as POSIX readlink does'],
  ['fs_ops', 'open(at("sym"), O_RDONLY | O_NOFOLLOW)', 'path_open without SYMLINK_FOLLOW still follows a final symlink (no ELOOP)'],
  ['fs_ops', 'readdir: ', 'fd_readdir leaves out "." and ".." (POSIX readdir and wasmtime list them)'],
  ['raw_calls', '__wasi_fd_prestat_dir_name(3, (uint8_t*)name, 0)', 'a too short buffer answers ENOBUFS, not ENAMETOOLONG as wasmtime'],
  ['raw_calls', '__wasi_fd_prestat_get(1, &pre)', 'a fd that is no preopen answers EINVAL, the spec and wasmtime say EBADF'],
  ['raw_calls', '__wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &off)', 'a terminal fd lacks FD_SEEK, so ENOTCAPABLE instead of ESPIPE'],
  ['raw_calls', 'raw_fd_fdstat_set_flags(fd, 0x100)', 'undefined fdflags bits are accepted (EINVAL expected)'],
  ['raw_calls', 'times = 5 7', 'path_filestat_set_times rounds 5 ns and 7 ns to 0 (timestamps kept in ms)'],
  ...[
    'raw_fd_write(1, (int32_t)(uintptr_t)&iov, 1, outp)',
    'raw_fd_write(1, FAR, 1, outp)',
    'raw_fd_write(1, (int32_t)(uintptr_t)&ok, 1, FAR)',
    'raw_fd_read(0, (int32_t)(uintptr_t)&wrap, 1, outp)',
    'raw_random_get(FAR, 64)',
    'raw_args_get(FAR, FAR)',
    'raw_fd_readdir(3, FAR, 64, 0, outp)',
    'raw_poll_oneoff(FAR, FAR, 1, outp)',
    'raw_path_open(3, 0, FAR, 5, 0, 0, 0, 0, outp)',
    'raw_fd_seek(3, 0, 0, FAR)',
    'raw_fd_write(1, (int32_t)(uintptr_t)&ok, 0x7fffffff, outp)',
    'raw_fd_write(1, (int32_t)(uintptr_t)&huge, 1, outp)',
    'raw_path_open(3, 0, (int32_t)(uintptr_t) "tmp", 0x7fffffff, 0, 0, 0, 0, outp)',
    'raw_random_get((int32_t)(uintptr_t)&out, -1)',
  ].map((line) => ['hostile', line, 'a pointer or length outside guest memory answers EOVERFLOW, not EFAULT']),
  ['hostile', 'raw_poll_oneoff((int32_t)(uintptr_t)&out, (int32_t)(uintptr_t)&out, 0x10000000, outp)',
   'not run under node (--no-huge-poll): uvwasi allocates for every subscription claimed, 2^28 of them'],
  ['hostile', '__wasi_path_create_directory(1, "x")', 'checks rights before the fd type: ENOTCAPABLE where wasmtime says ENOTDIR'],
  ['hostile', 'raw_path_open(3, 0x80,', 'undefined lookupflags bits are accepted (EINVAL expected)'],
  ['hostile', 'raw_path_open(3, 0, (int32_t)(uintptr_t) "tmp", 3, 0x10000,', 'undefined oflags bits are accepted (EINVAL expected)'],
  ['hostile', 'raw_path_open(3, 0, (int32_t)(uintptr_t) "tmp", 3, 0, -1,', 'undefined rights bits answer ENOTCAPABLE (wask: EINVAL, they name no right)'],
  ['hostile', 'raw_fd_seek(3, 0, 0x100, outp)', 'checks rights before the whence value: ENOTCAPABLE (a directory has no FD_SEEK)'],
  ['hostile', 'raw_path_create_directory(3, (int32_t)(uintptr_t)path + 1, n - 1) -> EILSEQ', 'paths that are not UTF-8 are accepted (WASI paths are UTF-8: EILSEQ)'],
  ['hostile', 'raw_path_create_directory(3, (int32_t)(uintptr_t) "", 0)', 'an empty path answers EINVAL, POSIX and wasmtime say ENOENT'],
  ['hostile', 'opened many before', 'no limit on open fds (wask: 1024 per guest), so 2000 opens succeed'],
];

// Expected lines where node hangs: nothing from there on is compared.
const kNodeHangs = [
  ['raw_calls', '__wasi_path_readlink(sub, "raw/file"', 'path_readlink of a regular file never returns (EINVAL expected)'],
];

// Child mode: run one guest under node:wasi with "/" and "." preopened on ROOT.
if (process.argv[2] === '--run') {
  const { wasm, root, args, env } = JSON.parse(process.env.WASK_NODE_ORACLE_RUN);
  const { WASI } = await import('node:wasi');
  const wasi = new WASI({ version: 'preview1', args, env, preopens: { '/': root, '.': root }, returnOnExit: true });
  const module = await WebAssembly.compile(readFileSync(wasm));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exit(wasi.start(instance));
}

const [guestDir, expectedDir] = process.argv.slice(2);
const kSilenceMs = 4000;

function runUnderNode(guest) {
  const root = mkdtempSync(join(tmpdir(), 'wask-node-oracle-'));
  mkdirSync(join(root, 'tmp'));
  const spec = { wasm: join(guestDir, `${guest.name}.wasm`), root, args: [guest.name, ...guest.args], env: guest.env };
  const command = `'${process.execPath}' --no-warnings '${process.argv[1]}' --run < /dev/null`;
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, WASK_NODE_ORACLE_RUN: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,  // its own process group, so a hung node dies with `script`
    });
    let out = '';
    let hung = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { hung = true; process.kill(-child.pid, 'SIGKILL'); }, kSilenceMs);
    };
    arm();
    child.stdout.on('data', (chunk) => { out += chunk; arm(); });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
      resolve({ lines: out.replace(/\r/g, '').split('\n').filter((l) => l !== '' && !l.startsWith('Session terminated')), hung, code });
    });
  });
}

let failures = 0;
const fail = (guest, message) => { console.log(`${guest}: ${message}`); ++failures; };
for (const guest of kGuests) {
  const expected = readFileSync(join(expectedDir, `${guest.name}.out`), 'utf8').split('\n').filter((l) => l !== '');
  const run = await runUnderNode(guest);
  const hangAt = kNodeHangs.find(([g]) => g === guest.name)?.[1];
  let compared = 0, listed = 0;
  for (let i = 0; i < expected.length; ++i) {
    if (hangAt && expected[i].startsWith(hangAt)) {
      if (!run.hung) fail(guest.name, `node no longer hangs at line ${i + 1}: remove it from kNodeHangs`);
      if (run.lines.length > i + 1) fail(guest.name, `node went on past line ${i + 1}, where it is listed to hang`);
      break;
    }
    const got = run.lines[i];
    const wrong = kNodeWrong.find(([g, start]) => g === guest.name && expected[i].startsWith(start));
    if (wrong) {
      ++listed;
      if (got === expected[i]) fail(guest.name, `line ${i + 1} now agrees with node: remove it from kNodeWrong`);
      continue;
    }
    ++compared;
    if (got !== expected[i]) fail(guest.name, `line ${i + 1}: wask's golden says\n    ${expected[i]}\n  node says\n    ${got}`);
  }
  if (!hangAt) {
    if (run.hung) fail(guest.name, 'node hung (nothing listed in kNodeHangs)');
    else if (run.lines.length !== expected.length) fail(guest.name, `node printed ${run.lines.length} lines, the golden has ${expected.length}`);
    else if (run.code !== 0) fail(guest.name, `node's run exited ${run.code}`);
  }
  console.log(`${guest.name}: ${compared} lines agree with node, ${listed} where node is known wrong${hangAt ? ', then node hangs' : ''}`);
}
process.exit(failures ? 1 : 0);
