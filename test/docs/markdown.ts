// Reads the project's markdown as GitHub renders it, as far as the docs tests need: the links of a file
// (outside code), the anchors of its headings (GitHub's slugs), and which files the docs are.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** README.md and every docs/*.md, relative to the root, README first. */
export function markdownFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

export function readMarkdown(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/**
 * The text with fenced code blocks and inline code blanked out, line for line (so line numbers still
 * hold): a link or a heading inside code is not one.
 */
export function withoutCode(text: string): string {
  let fence: string | undefined;
  const lines = text.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (marker === undefined) return line;
      fence = marker;
      return '';
    }
    if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    return '';
  });
  // Inline code may span lines within a paragraph; keep the newlines it spans.
  return lines.join('\n').replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, (code) => code.replace(/[^\n]/g, ''));
}

export interface Link {
  target: string;
  line: number;
}

/** Every link and image of the text outside code: inline `[text](target)` and definitions `[label]: target`. */
export function linksOf(text: string): Link[] {
  const plain = withoutCode(text);
  const links: Link[] = [];
  const lineAt = (index: number) => plain.slice(0, index).split('\n').length;
  for (const match of plain.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) {
    links.push({ target: match[1]!.replace(/^<|>$/g, ''), line: lineAt(match.index) });
  }
  for (const match of plain.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)) {
    links.push({ target: match[1]!.replace(/^<|>$/g, ''), line: lineAt(match.index) });
  }
  return links;
}

/** A link that leaves the repository: a scheme (https:, mailto:) or a protocol-relative address. */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/** The text of a heading as GitHub renders it: link text kept, images' alt text, no tags or emphasis marks. */
function renderedText(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2');
}

/** GitHub's anchor for a heading: lowercase, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  return renderedText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The text of every heading outside code, ATX (`## Title`) and setext (a line underlined with = or -). */
export function headingsOf(text: string): string[] {
  const lines = withoutCode(text).split('\n');
  const headings: string[] = [];
  lines.forEach((line, i) => {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (atx) {
      headings.push(atx[1] ?? '');
      return;
    }
    const previous = lines[i - 1];
    if (/^ {0,3}(=+|-+)\s*$/.test(line) && previous?.trim() && !/^\s*([-*+>|#]|\d+[.)])/.test(previous)) {
      headings.push(previous.trim());
    }
  });
  return headings;
}

/** The anchors GitHub gives the headings of a text; a repeated slug gets -1, -2, ... as GitHub numbers them. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of headingsOf(text)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
