// Compiles the suite's AssemblyScript tests with the compiler version the suite pins, installed
// from npm into the build tree on first use. Without npm (offline) it builds nothing and says so:
// the ctest test then skips instead of failing.
//
//   node build_as.mjs TOOLS_DIR OUT_DIR TEST.ts...
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// package.json of the suite's tests/assemblyscript: assemblyscript ^0.22.0, wasi-shim ^0.1.0.
const kPackages = ['assemblyscript@0.22.0', '@assemblyscript/wasi-shim@0.1.0'];

const [toolsDir, outDir, ...sources] = process.argv.slice(2);
const ascModule = join(toolsDir, 'node_modules', 'assemblyscript', 'dist', 'asc.js');
if (!existsSync(ascModule)) {
  mkdirSync(toolsDir, { recursive: true });
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', toolsDir, ...kPackages],
                 { stdio: 'inherit', timeout: 120000 });
  } catch (error) {
    console.log(`npm install ${kPackages.join(' ')} failed (${error.message}): AssemblyScript tests not built`);
    process.exit(0);
  }
}
mkdirSync(outDir, { recursive: true });
// One compiler instance for every test: starting asc costs seconds, a test compiles in a fraction.
const asc = await import(pathToFileURL(ascModule));
const config = join('node_modules', '@assemblyscript', 'wasi-shim', 'asconfig.json');  // from toolsDir
process.chdir(toolsDir);  // where asc finds node_modules/@assemblyscript/wasi-shim
for (const source of sources) {
  const { error, stderr } = await asc.main([source, '-o', join(outDir, `${basename(source, '.ts')}.wasm`),
                                            '--config', config]);
  if (error) {
    console.error(`${source}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
}
