// Runs a WASI command under node's WASI: node node_wasi.mjs MODULE.wasm ROOT_DIR ARG...
// ROOT_DIR is preopened as /; the environment is SOURCE_DATE_EPOCH only.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [modulePath, root, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: ['pandoc', ...args],
  env: { SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '0' },
  preopens: { '/': root },
  returnOnExit: true,
});
const instance = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(modulePath)),
                                               wasi.getImportObject());
process.exitCode = wasi.start(instance);
