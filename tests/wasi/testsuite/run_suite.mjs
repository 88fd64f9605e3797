// The official WASI test suite (WebAssembly/wasi-testsuite, preview1) run the way its wasmtime
// adapter runs a runtime, and checked the way its test runner checks a result:
//
//   WASK run [--env K=V]... [--dir HOST::/ | --dir NAME]... TEST.wasm ARGS...
//
// nothing else on the command line. Each TEST.wasm in WASM_DIR has its specification NAME.json
// in SPEC_DIR (absent: the default one); its fields:
//   args      argv after the module            env   the guest's whole environment
//   root      a fixture folder of SPEC_DIR, given as the guest's "/" (`--dir HOST::/`)
//   dirs      fixture folders given by name (`--dir NAME`, run from their parent), the older form
//   exit_code expected exit status (0)         stdout, stderr  expected bytes, when given
// Every run gets its own copy of the fixtures, so a test's leftovers cannot reach another.
//
//   node run_suite.mjs WASK WASM_DIR SPEC_DIR
//
// Prints one line per test and closes with "N passed, N failed"; exits 0 when all pass, 1 when
// one fails, 77 (skip) when WASM_DIR holds no test (the suite could not be built here).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const kSkip = 77;
const kTimeoutMs = 20000;  // a hung test fails instead of hanging ctest
const kParallel = 2;       // the machine's two cores

function readSpec(specDir, name) {
  const file = join(specDir, `${name}.json`);
  const spec = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { args: [], env: {}, dirs: [], exit_code: 0, ...spec };
}

// The command line of the adapter form, and the folder to run it from.
function commandFor(wask, wasm, spec, specDir) {
  const work = mkdtempSync(join(tmpdir(), 'wasi-testsuite-'));
  const argv = ['run'];
  for (const [key, value] of Object.entries(spec.env)) argv.push('--env', `${key}=${value}`);
  if (spec.root) {
    cpSync(join(specDir, spec.root), join(work, spec.root), { recursive: true });
    argv.push('--dir', `${join(work, spec.root)}::/`);
  }
  for (const dir of spec.dirs) {
    cpSync(join(specDir, dir), join(work, dir), { recursive: true });
    argv.push('--dir', dir);
  }
  argv.push(wasm, ...spec.args);
  return { argv, work };
}

function run(wask, argv, cwd) {
  return new Promise((resolve) => {
    const child = spawn(wask, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), kTimeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

// What differs from the specification, as the test runner's validators check it.
function failures(spec, result) {
  const found = [];
  if (result.signal) found.push(`killed by ${result.signal} (hung for ${kTimeoutMs / 1000} s?)`);
  else if (result.code !== spec.exit_code) found.push(`exit code ${result.code}, expected ${spec.exit_code}`);
  if (spec.stdout !== undefined && result.stdout !== spec.stdout)
    found.push(`stdout ${JSON.stringify(result.stdout)}, expected ${JSON.stringify(spec.stdout)}`);
  if (spec.stderr !== undefined && result.stderr !== spec.stderr)
    found.push(`stderr ${JSON.stringify(result.stderr)}, expected ${JSON.stringify(spec.stderr)}`);
  return found;
}

async function runOne(wask, wasmDir, specDir, file) {
  const name = basename(file, '.wasm');
  const spec = readSpec(specDir, name);
  const { argv, work } = commandFor(wask, join(wasmDir, file), spec, specDir);
  try {
    const result = await run(wask, argv, work);
    return { name, argv, result, found: failures(spec, result) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  // Absolute, since each test runs from its own folder.
  const [wask, wasmDir, specDir] = process.argv.slice(2).map((p) => resolve(p));
  const tests = existsSync(wasmDir) ? readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')).sort() : [];
  if (tests.length === 0) {
    console.log(`no test built in ${wasmDir}: skipped`);
    process.exit(kSkip);
  }
  const outcomes = [];
  for (let next = 0; next < tests.length; next += kParallel) {
    const batch = tests.slice(next, next + kParallel).map((f) => runOne(wask, wasmDir, specDir, f));
    outcomes.push(...(await Promise.all(batch)));
  }
  let passed = 0;
  for (const { name, argv, result, found } of outcomes) {
    if (found.length === 0) {
      passed++;
      console.log(`PASS ${name}`);
      continue;
    }
    console.log(`FAIL ${name}: ${found.join('; ')}`);
    console.log(`  wask ${argv.map((a) => JSON.stringify(a)).join(' ')}`);
    if (result.stdout) console.log(`  stdout: ${result.stdout.trimEnd().split('\n').join('\n          ')}`);
    if (result.stderr) console.log(`  stderr: ${result.stderr.trimEnd().split('\n').join('\n          ')}`);
  }
  console.log(`${passed} passed, ${outcomes.length - passed} failed`);
  process.exit(passed === outcomes.length ? 0 : 1);
}

main();
