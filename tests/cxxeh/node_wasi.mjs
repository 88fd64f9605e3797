// Runs a WASI command under node's WASI with no preopens: node node_wasi.mjs MODULE.wasm ARG...
// node has no exit status for a guest that traps or leaves an exception uncaught; this prints
// the kind of ending to stderr as wask does ("trap: ...", "uncaught exception: ...") and exits
// with wask's status for both, 134, so the two runs compare as they are.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [modulePath, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: ['throws', ...args], env: {},
                        returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
try {
  process.exitCode = wasi.start(instance);
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError) {
    process.stderr.write(`trap: ${e.message}\n`);
  } else if (e instanceof WebAssembly.Exception) {
    process.stderr.write('uncaught exception\n');
  } else {
    throw e;
  }
  process.exitCode = 134;
}
