// Bundles src/index.js (the SignalR client and the CSS included) into one minified IIFE:
//   node build.mjs [--outdir <dir>] [--watch]        default outdir: ../wwwroot/dist (src/Hub/wwwroot/dist)
// Widget.targets runs it during `dotnet build`/`dotnet publish`; run it by hand while working on the widget.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    outdir: { type: 'string', default: path.join(here, '..', 'wwwroot', 'dist') },
    watch: { type: 'boolean', default: false },
  },
});
const outdir = path.resolve(values.outdir);

/** Imports a .css file as a minified string, so that the bundle can inject it (one <script> tag is enough). */
const cssAsText = {
  name: 'css-as-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const { code, warnings } = await esbuild.transform(source, {
        loader: 'css',
        minify: true,
        target: ['chrome100', 'firefox100', 'safari15'],
      });
      return { contents: `export default ${JSON.stringify(code)};`, loader: 'js', warnings };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: here,
  entryPoints: ['src/index.js'],
  outfile: path.join(outdir, 'widget.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: 'linked',
  sourcesContent: true,
  legalComments: 'eof',
  charset: 'utf8',
  banner: { js: "/* ChatHub web chat widget (src/Hub/Widget). Bundles @microsoft/signalr (MIT). */" },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [cssAsText],
  logLevel: 'warning',
};

await mkdir(outdir, { recursive: true });
if (values.watch) {
  const context = await esbuild.context({ ...options, logLevel: 'info' });
  await context.watch();
  console.log(`chathub-widget: watching, writing ${path.relative(process.cwd(), options.outfile)}`);
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  if (result.errors.length > 0) process.exit(1);
  const bytes = result.metafile.outputs[path.relative(here, options.outfile).split(path.sep).join('/')]?.bytes;
  console.log(`chathub-widget: ${options.outfile}${bytes ? ` (${Math.round(bytes / 1024)} KiB)` : ''}`);
}
