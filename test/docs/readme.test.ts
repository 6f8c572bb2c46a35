import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { markdownFiles, ROOT, readMarkdown } from './markdown.ts';

// The README is a quick start and a table of links; the reference lives in docs/, one file per subject,
// each opening with its title and a one-paragraph summary.

const README_LIMIT_BYTES = 15_000;

describe('README.md', () => {
  test(`is at most ${README_LIMIT_BYTES} bytes`, () => {
    const size = statSync(path.join(ROOT, 'README.md')).size;
    assert.ok(size <= README_LIMIT_BYTES, `README.md is ${size} bytes; move reference material into docs/`);
  });

  test('shows the two commands literally', () => {
    const readme = readMarkdown('README.md');
    assert.ok(readme.includes('npm install && npm start'), 'npm install && npm start');
    assert.match(readme, /^npm test\b/m, 'npm test, as a command of its own');
  });
});

describe('docs/', () => {
  for (const file of markdownFiles().filter((name) => name !== 'README.md')) {
    test(`${file} opens with "# Title" and a one-paragraph summary`, () => {
      const lines = readMarkdown(file).split('\n');
      assert.match(lines[0] ?? '', /^# \S/, 'the first line is the title');
      assert.equal(lines[1], '', 'a blank line after the title');
      const summary = lines.slice(2, lines.indexOf('', 2) === -1 ? undefined : lines.indexOf('', 2));
      assert.ok(summary.length > 0, 'a summary paragraph');
      assert.doesNotMatch(summary[0]!, /^\s*([#|>*+-]|`{3}|\d+[.)] )/, 'the summary is a paragraph, not a heading, table, list or code');
    });
  }
});
