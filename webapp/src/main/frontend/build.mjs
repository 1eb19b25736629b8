// Bundles the UI into <out>/assets/app-<hash>.js and writes <out>/index.html pointing at it, so that assets can be
// cached for a year and index.html is the only file a browser has to revalidate. Usage: node build.mjs [out]
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';

const out = path.resolve(process.argv[2] ?? 'dist');
await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: 'src/main.ts' },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'linked',
  entryNames: '[name]-[hash]',
  outdir: path.join(out, 'assets'),
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(out, path.resolve(file)));
const script = outputs.find((file) => file.endsWith('.js'));
const html = (await readFile('static/index.html', 'utf8')).replace('%APP%', '/' + script.split(path.sep).join('/'));
await writeFile(path.join(out, 'index.html'), html);
await copyFile('static/favicon.svg', path.join(out, 'assets', 'favicon.svg'));

for (const [file, info] of Object.entries(result.metafile.outputs)) {
  console.log(`${path.relative(out, path.resolve(file))}: ${(info.bytes / 1024).toFixed(1)} KiB`);
}
