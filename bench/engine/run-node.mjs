// Runs one export of a self-contained (import-free) wasm module on node and prints its result in
// the `TYPE:VALUE` form `wask run --invoke` uses. Usage: node run-node.mjs MODULE.wasm [EXPORT]
import { readFileSync } from 'node:fs';

const [file, name = 'bench_main'] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const result = instance.exports[name]();
// A JS BigInt is what an i64 result becomes; anything else here is an i32.
console.log(typeof result === 'bigint' ? `i64:${result}` : `i32:${result}`);
