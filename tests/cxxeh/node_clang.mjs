// Runs @yowasp/clang's own JS driver (runClang) under node, the reference for the same clang
// running under wask: node node_clang.mjs PACKAGE_DIR OUT.wasm SOURCE... -- CLANG_ARG...
// The sources are put at the root of its in-memory filesystem, under their base names.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [pkg, out, ...rest] = process.argv.slice(2);
const split = rest.indexOf('--');
const sources = rest.slice(0, split);
const clangArgs = rest.slice(split + 1);
const { runClang } = await import(`${pkg}/gen/bundle.js`);
await runClang(null, {}, { fetchProgress: () => {} });  // loads the modules and sysroot, quietly
const files = Object.fromEntries(sources.map((s) => [basename(s), readFileSync(s)]));
const result = await runClang(['clang++', ...clangArgs], files, { decodeASCII: false });
writeFileSync(out, result[basename(out)]);
