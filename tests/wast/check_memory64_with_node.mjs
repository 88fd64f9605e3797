// Checks tests/wast/memory64_offsets.wast with node's memory64 (run with
// --experimental-wasm-memory64): wabt 1.0.32's interpreter truncates static offsets to 32 bits, so
// it cannot be this file's oracle. The file is one (module binary "...") and assertions of the form
// (assert_return (invoke "F" (i64.const A)) (i64.const R)) or (assert_trap (invoke "F" (i64.const A)) "...").
//   node --experimental-wasm-memory64 tests/wast/check_memory64_with_node.mjs [FILE.wast]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory64_offsets.wast');
const text = fs.readFileSync(file, 'utf8');
const binary = text.match(/\(module binary "([^"]*)"\)/)[1];
const bytes = Uint8Array.from(binary.match(/\\([0-9a-f]{2})/g), (e) => parseInt(e.slice(1), 16));
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
const literal = (s) => BigInt.asIntN(64, BigInt(s));
let passed = 0, failed = 0;
text.split('\n').forEach((line, i) => {
  const m = line.match(/^\(assert_(return|trap) \(invoke "(\w+)" \(i64\.const (\w+)\)\)(?: \(i64\.const (\w+)\))?/);
  if (!m) return;
  let got;
  try {
    got = exports[m[2]](literal(m[3]));
  } catch (e) {
    got = e instanceof WebAssembly.RuntimeError ? 'trap' : String(e);
  }
  const want = m[1] === 'trap' ? 'trap' : literal(m[4]);
  if (got === want) ++passed;
  else ++failed, console.log(`${file}:${i + 1}: expected ${want}, node gave ${got}`);
});
console.log(`${file}: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
