// Builds the browser tracker: terser-minified, measured gzipped at level 9 (the size budget is 1,024 B).
//   node libs/tracker/build.mjs   → writes dist/tracker/tracker.js and prints the sizes
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'src', 'tracker.js');
const output = join(here, '..', '..', 'dist', 'tracker', 'tracker.js');

/** @returns {Promise<{ code: string, rawBytes: number, gzipBytes: number }>} */
export async function buildTracker() {
  const result = await minify(await readFile(source, 'utf8'), {
    ecma: 2020,
    toplevel: true,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    mangle: { toplevel: true },
    format: { comments: false },
  });
  const code = result.code;
  return { code, rawBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { code, rawBytes, gzipBytes } = await buildTracker();
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, code);
  console.log(`tracker.js: ${rawBytes} B minified, ${gzipBytes} B gzip -9 → ${output}`);
}
