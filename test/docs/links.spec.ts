import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function headings(text: string): Set<string> {
  const found = new Set<string>();
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const match = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (match) found.add(anchor(match[1]));
  }
  return found;
}

/** Markdown links outside code: [text](target). */
function links(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
}

describe('documentation links', () => {
  it('covers the front page and every page under docs/', () => {
    expect(PAGES).toContain('README.md');
    expect(PAGES.length).toBeGreaterThan(5);
  });

  for (const page of PAGES) {
    it(`${page}: every relative link reaches a file, and every #anchor a heading`, () => {
      const text = readFileSync(join(ROOT, page), 'utf8');
      const broken: string[] = [];
      for (const target of links(text)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [path, fragment] = target.split('#');
        const file = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), path);
        if (!existsSync(file)) {
          broken.push(`${target} (no file ${relative(ROOT, file)})`);
          continue;
        }
        if (fragment && file.endsWith('.md') && !headings(readFileSync(file, 'utf8')).has(fragment)) {
          broken.push(`${target} (no heading #${fragment} in ${relative(ROOT, file)})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('README lists every page under docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const missing = PAGES.filter((page) => page.startsWith('docs/') && !readme.includes(`](${page})`));
    expect(missing).toEqual([]);
  });
});
