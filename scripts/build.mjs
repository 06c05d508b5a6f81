/**
 * `npm run build` (and `npm install`, through `prepare`): compiles src/ to JavaScript in dist/,
 * file for file, so that bin/kbc-account.js can start without tsx's loader (its worker thread and
 * esbuild cost about as much as the whole `--help`). Types are not checked here (`npm run
 * typecheck` does that); esbuild strips them, as tsx does. dist/BUILD records when the build read
 * the sources, and an id of this build: the bin uses dist/ only while no file under src/ is newer,
 * or when its parent vouches for this very build (see scripts/dist-state.mjs).
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
// Built beside dist/ and renamed into place: a bin starting meanwhile sees the old build or none.
const staging = join(root, `dist.${process.pid}.tmp`);

const startedMs = Date.now();
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));

rmSync(staging, { recursive: true, force: true });
try {
  await build({
    entryPoints: files.filter((file) => /\.tsx?$/.test(file)),
    outdir: staging,
    outbase: src,
    // Bundling only to have the plugin below resolve imports: each file stays its own module.
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'each-file-its-own-module',
        setup(builder) {
          // `./x.ts` stays an import of the compiled `./x.js`, so dist/ mirrors src/ and every
          // `new URL('../../…', import.meta.url)` still reaches the same file from either.
          builder.onResolve({ filter: /^\.\.?\// }, (args) =>
            args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.tsx?$/, '.js'), external: true },
          );
        },
      },
    ],
  });
  // Files the code reads at run time (the PostgreSQL migrations).
  for (const file of files.filter((file) => !/\.tsx?$/.test(file))) {
    const target = join(staging, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  writeFileSync(join(staging, 'BUILD'), `${JSON.stringify({ sourcesReadAt: startedMs, id: randomBytes(8).toString('hex') })}\n`);
  rmSync(dist, { recursive: true, force: true });
  renameSync(staging, dist);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
