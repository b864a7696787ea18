import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The dashboard's translation files, checked the way a reader would notice them broken: a German
// screen showing an English word or a raw key, a {{ placeholder }} left unfilled.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP = join(ROOT, 'apps', 'dashboard', 'src', 'app');
const LANGUAGES = ['en', 'de', 'fr', 'es'];
/** The shared strings' folder; every other `i18n/` folder belongs to one feature (its scope). */
const SHARED = join(APP, 'i18n', 'translations');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** `{ a: { b: "x" } }` → `{ "a.b": "x" }`. */
function flatten(tree: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (tree !== null && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) flatten(value, prefix ? `${prefix}.${key}` : key, into);
  } else into[prefix] = tree;
  return into;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const read = (path: string) => flatten(JSON.parse(readFileSync(path, 'utf8')));

const sources = files(APP).filter((path) => /\.(ts|html)$/.test(path) && !path.endsWith('.spec.ts'));

/** Each feature's scope, from its provideFeatureTranslations('<scope>', …) call, and where its files are. */
const scopes = new Map<string, string>();
for (const path of sources) {
  for (const match of readFileSync(path, 'utf8').matchAll(/provideFeatureTranslations\(\s*'([\w-]+)'/g)) scopes.set(match[1], join(dirname(path), 'i18n'));
}
const folders = [SHARED, ...new Set(scopes.values())];
const english = new Map<string, Record<string, unknown>>([['', read(join(SHARED, 'en.json'))], ...[...scopes].map(([scope, dir]) => [scope, read(join(dir, 'en.json'))] as const)]);
const sharedNamespaces = new Set(Object.keys(english.get('')!).map((key) => key.split('.')[0]));

/** Whether a whole key (`overview.chart.time`, `metrics.visitors`) is in English. */
function known(key: string): boolean {
  const [head, ...rest] = key.split('.');
  if (scopes.has(head)) return rest.length > 0 && rest.join('.') in english.get(head)!;
  return key in english.get('')!;
}

describe('dashboard translations', () => {
  it('every feature that provides translations has its four files, and no i18n folder is left without a feature', () => {
    expect(scopes.size).toBeGreaterThanOrEqual(6);
    const onDisk = files(APP).filter((path) => /\/i18n\/[a-z]{2}\.json$/.test(path)).map((path) => dirname(path));
    for (const dir of new Set(onDisk)) expect(folders).toContain(dir);
    for (const dir of folders) expect(readdirSync(dir).filter((name) => name.endsWith('.json')).sort()).toEqual(LANGUAGES.map((l) => `${l}.json`).sort());
  });

  it.each(folders.map((dir) => [relative(APP, dir)]))('%s: every language has every key of English, each a text with the same placeholders', (folder) => {
    const dir = join(APP, folder);
    const en = read(join(dir, 'en.json'));
    for (const language of LANGUAGES.slice(1)) {
      const other = read(join(dir, `${language}.json`));
      expect({ language, keys: Object.keys(other).sort() }).toEqual({ language, keys: Object.keys(en).sort() });
      for (const [key, text] of Object.entries(en)) {
        expect(typeof text).toBe('string');
        expect({ key, language, empty: other[key] === '' }).toEqual({ key, language, empty: false });
        expect({ key, language, placeholders: placeholders(String(other[key])) }).toEqual({ key, language, placeholders: placeholders(String(text)) });
      }
    }
  });

  it('every key the code names is in the English files', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const path of sources) {
      const text = readFileSync(path, 'utf8');
      // Literal keys: t('…'), tCount('…'), and quoted keys of a known namespace ('periods.7d', 'overview.title').
      for (const match of text.matchAll(/'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) {
        const key = match[1];
        const head = key.split('.')[0];
        if (!scopes.has(head) && !sharedNamespaces.has(head)) continue;
        if (/\.(ts|js|json|html|css)$/.test(key)) continue;
        seen++;
        const countForm = new RegExp(`tCount\\(\\s*'${key.replace(/\./g, '\\.')}'`).test(text);
        if (!(countForm ? known(`${key}.other`) : known(key))) missing.push(`${relative(APP, path)}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
