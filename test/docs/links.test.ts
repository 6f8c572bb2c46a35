import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { anchorsOf, headingsOf, isExternal, type Link, linksOf, markdownFiles, ROOT, readMarkdown, slug } from './markdown.ts';

// Every relative link of README.md and docs/*.md must lead somewhere: to a file of the repository, and,
// with an #anchor, to a heading of that file as GitHub names it. A moved section or a renamed file fails
// here, naming the file, the line and the link.

/** What is wrong with one link of `file`, or undefined when it resolves. */
function problemOf(file: string, link: Link): string | undefined {
  if (isExternal(link.target)) return undefined;
  const [rawPath = '', rawAnchor] = link.target.split('#', 2);
  const targetPath = decodeURIComponent(rawPath);
  const resolved = targetPath === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), targetPath);
  const relative = path.relative(ROOT, resolved);
  const where = `${file}:${link.line}: ${link.target}`;
  if (relative.startsWith('..') || path.isAbsolute(relative)) return `${where}: points outside the repository`;
  if (!existsSync(resolved)) return `${where}: ${relative} does not exist`;
  if (rawAnchor === undefined) return undefined;
  const anchor = decodeURIComponent(rawAnchor);
  if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) return `${where}: an anchor into ${relative}, which is not markdown`;
  const anchors = anchorsOf(readMarkdown(relative));
  if (!anchors.has(anchor)) return `${where}: ${relative} has no heading with the anchor #${anchor}`;
  return undefined;
}

describe('links in README.md and docs/', () => {
  for (const file of markdownFiles()) {
    test(`${file}: every relative link resolves, anchors included`, () => {
      const links = linksOf(readMarkdown(file));
      const problems = links.map((link) => problemOf(file, link)).filter((problem) => problem !== undefined);
      assert.deepEqual(problems, [], `broken links:\n${problems.join('\n')}`);
    });
  }

  test('the README links to every file in docs/', () => {
    const linked = new Set(
      linksOf(readMarkdown('README.md'))
        .filter((link) => !isExternal(link.target))
        .map((link) => path.normalize(decodeURIComponent(link.target.split('#')[0]!))),
    );
    const missing = markdownFiles().filter((file) => file !== 'README.md' && !linked.has(path.normalize(file)));
    assert.deepEqual(missing, [], `docs the README does not link to: ${missing.join(', ')}`);
  });
});

describe('how the docs tests read markdown', () => {
  test('slugs follow GitHub: lowercase, punctuation but - and _ dropped, spaces to -', () => {
    assert.equal(slug('Real-time guard (Audit Trails)'), 'real-time-guard-audit-trails');
    assert.equal(slug('What serverless.yaml creates'), 'what-serverlessyaml-creates');
    assert.equal(slug("A timer's payload"), 'a-timers-payload');
    assert.equal(
      slug('Answers are read under a cap; redirects are never followed'),
      'answers-are-read-under-a-cap-redirects-are-never-followed',
    );
    assert.equal(slug('`CHAIN_URL` and [chaining](sweeps.md)'), 'chain_url-and-chaining');
    assert.equal(slug('Ümlaut & 2 spaces  here'), 'ümlaut--2-spaces--here');
  });

  test('a repeated heading gets -1, -2; headings and links inside code do not count', () => {
    const text = [
      '# Title',
      '## Setup',
      '## Setup',
      'Setext heading',
      '--------------',
      '```sh',
      '# not a heading',
      'see [inside code](missing.md)',
      '```',
      '   ```json',
      '   {"a": "[x](also-missing.md)"}',
      '   ```',
      'Text with `[code](missing.md)` and a [real link](other.md#setup "title").',
      '[ref]: <defined.md#title>',
    ].join('\n');
    assert.deepEqual(headingsOf(text), ['Title', 'Setup', 'Setup', 'Setext heading']);
    assert.deepEqual([...anchorsOf(text)], ['title', 'setup', 'setup-1', 'setext-heading']);
    assert.deepEqual(linksOf(text), [
      { target: 'other.md#setup', line: 13 },
      { target: 'defined.md#title', line: 14 },
    ]);
  });

  test('a broken file, a missing anchor and a way out of the repository are each reported', () => {
    assert.equal(problemOf('README.md', { target: 'docs/configuration.md', line: 1 }), undefined);
    assert.equal(problemOf('README.md', { target: 'https://example.com/missing', line: 1 }), undefined);
    assert.match(problemOf('README.md', { target: 'docs/no-such-file.md', line: 3 }) ?? '', /README\.md:3: .*does not exist/);
    assert.match(problemOf('docs/events.md', { target: 'configuration.md#no-such-heading', line: 7 }) ?? '', /no heading/);
    assert.match(problemOf('docs/events.md', { target: '#no-such-heading', line: 7 }) ?? '', /docs\/events\.md has no heading/);
    assert.match(problemOf('docs/events.md', { target: '../../outside.md', line: 2 }) ?? '', /outside the repository/);
    assert.match(problemOf('docs/events.md', { target: '../package.json#name', line: 2 }) ?? '', /not markdown/);
  });
});
