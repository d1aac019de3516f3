import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A logged error's stack pointed back into the TypeScript sources through the bundle's source map
 * (`index.mjs.map` beside `index.mjs`), read when the first error is logged. Not Node's
 * `--enable-source-maps`, which reads and parses the whole map (0.6–0.8 MB) on every cold start
 * for the rare request that fails: here a process pays for it (~70 ms here for api-cases) only
 * when it logs its first error.
 * Frames of files without a map — `npm start` runs the sources themselves — are left as they are.
 */
interface Loaded {
  map: SourceMap;
  /** the folders every source of the map is in: where the bundle was built from, cut off */
  root: string;
}
const maps = new Map<string, Loaded | null>();

function commonFolder(sources: readonly string[]): string {
  const folders = sources.map((source) => source.split('/').slice(0, -1));
  const first = folders[0] ?? [];
  let n = 0;
  while (n < first.length && folders.every((folder) => folder[n] === first[n])) n++;
  return first.slice(0, n).map((part) => `${part}/`).join('');
}

function mapBeside(file: string): Loaded | null {
  let loaded = maps.get(file);
  if (loaded === undefined) {
    try {
      const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0];
      loaded = { map: new SourceMap(payload), root: commonFolder(payload.sources) };
    } catch {
      loaded = null;
    }
    maps.set(file, loaded);
  }
  return loaded;
}

// `    at fn (file:///var/task/index.mjs:2:345)` or `    at file:///var/task/index.mjs:2:345`
const FRAME = /((?:file:\/\/)?\/[^\s()]+\.m?js):(\d+):(\d+)(\)?)$/;

function mapFrame(line: string): string {
  const found = FRAME.exec(line);
  if (!found) return line;
  const [, location = '', row = '', column = '', close = ''] = found;
  const loaded = mapBeside(location.startsWith('file:') ? fileURLToPath(location) : location);
  const entry = loaded?.map.findEntry(Number(row) - 1, Number(column) - 1);
  if (!loaded || !entry || !('originalSource' in entry)) return line;
  // As the map names it, less the folders all sources share: `shared/store/table.ts`.
  const source = entry.originalSource.startsWith(loaded.root) ? entry.originalSource.slice(loaded.root.length) : entry.originalSource;
  return `${line.slice(0, found.index)}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${close}`;
}

export function sourceMappedStack(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  try {
    return stack.split('\n').map(mapFrame).join('\n');
  } catch {
    return stack;
  }
}
