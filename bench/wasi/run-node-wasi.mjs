// Runs a WASI command on node's WASI (preview1), as `wask run` would:
//   node run-node-wasi.mjs [--dir HOST::GUEST]... MODULE.wasm [ARG...]
// Exits with the guest's exit code.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0] === '--dir') {
  const [host, guest = host] = argv[1].split('::');
  preopens[guest] = host;
  argv.splice(0, 2);
}
const [file, ...args] = argv;
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, preopens, returnOnExit: true });
const { instance } = await WebAssembly.instantiate(readFileSync(file), wasi.getImportObject());
process.exitCode = wasi.start(instance);
