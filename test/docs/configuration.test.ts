import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CONFIG_VARIABLES } from '../../shared/config.ts';
import { ROOT, readMarkdown, withoutCode } from './markdown.ts';

// Every environment variable the code reads has a row in docs/configuration.md. The list comes from the
// code, never from a list kept here: CONFIG_VARIABLES (what the functions parse), YC_IAM_TOKEN (resolved at
// the edge), and every name the sources of functions/, shared/, local/ and scripts/ read from an
// environment (`process.env.NAME`, `env.NAME`, `env['NAME']`, `const { NAME } = process.env`, or a reader
// given the environment and a name, such as `integer(env, 'PORT', ...)`).

const READ_BY_THE_PRODUCT = ['functions', 'shared', 'local', 'scripts'];
/** The bench reads a few more (BENCH_TRUST through scripts/, PROFILE_DIR itself); the docs may list those too. */
const READ_ANYWHERE = [...READ_BY_THE_PRODUCT, 'bench'];
const NAME = '[A-Z][A-Z0-9_]*';

/** The environment variables a TypeScript source reads by name. */
export function variablesReadBy(source: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    new RegExp(`\\benv\\.(${NAME})\\b`, 'g'),
    new RegExp(`\\benv\\[\\s*(['"\`])(${NAME})\\1\\s*\\]`, 'g'),
    new RegExp(`\\(\\s*env\\s*,\\s*(['"\`])(${NAME})\\1`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) names.add(match[match.length - 1]!);
  }
  for (const match of source.matchAll(/\{([^{}]*)\}\s*=\s*(?:process\.)?env\b/g)) {
    for (const part of match[1]!.split(',')) {
      const name = /^\s*(\w+)/.exec(part)?.[1];
      if (name && new RegExp(`^${NAME}$`).test(name)) names.add(name);
    }
  }
  return names;
}

function sourcesUnder(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.split(path.sep).includes('node_modules'))
      .map((file) => path.join(dir, file)),
  );
}

function variablesReadIn(dirs: string[]): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const file of sourcesUnder(dirs)) {
    for (const name of variablesReadBy(readFileSync(path.join(ROOT, file), 'utf8'))) {
      readers.set(name, [...(readers.get(name) ?? []), file]);
    }
  }
  return readers;
}

/** The variables docs/configuration.md gives a row of their own: the first cell of a table row. */
function documentedVariables(): Set<string> {
  const names = new Set<string>();
  const text = readMarkdown('docs/configuration.md');
  for (const line of text.split('\n')) {
    const firstCell = /^\s*\|([^|]*)\|/.exec(line)?.[1] ?? '';
    for (const match of firstCell.matchAll(new RegExp(`\`(${NAME})\``, 'g'))) names.add(match[1]!);
  }
  return names;
}

describe('docs/configuration.md', () => {
  test('has a row for every environment variable the code reads', () => {
    const read = variablesReadIn(READ_BY_THE_PRODUCT);
    const required = new Set<string>([...CONFIG_VARIABLES, 'YC_IAM_TOKEN', ...read.keys()]);
    const documented = documentedVariables();
    const missing = [...required]
      .filter((name) => !documented.has(name))
      .sort()
      .map((name) => `${name} (${read.get(name)?.join(', ') ?? 'shared/config.ts CONFIG_VARIABLES'})`);
    assert.deepEqual(missing, [], `variables read by the code but missing from docs/configuration.md:\n${missing.join('\n')}`);
  });

  test('lists no variable the code no longer reads', () => {
    const read = new Set<string>([...CONFIG_VARIABLES, 'YC_IAM_TOKEN', ...variablesReadIn(READ_ANYWHERE).keys()]);
    const stale = [...documentedVariables()].filter((name) => !read.has(name)).sort();
    assert.deepEqual(stale, [], `docs/configuration.md lists variables nothing reads: ${stale.join(', ')}`);
  });

  test('the scan finds what `npm start` and the functions read', () => {
    // The scanner itself, on every form the sources use; an empty scan would let the test above pass.
    const sample = [
      'const a = process.env.ALPHA;',
      'const b = env[\'BRAVO\'] ?? env["CHARLIE"];',
      'if (env.DELTA_2) {}',
      'port: integer(env, \'ECHO\', 3000, 0, 65_535), on: onOff( env , "FOXTROT")',
      'const { GOLF, HOTEL: renamed = 1 } = process.env;',
      'const notAVariable = env.lowercase; someEnv.INDIA; environment.JULIETT;',
    ].join('\n');
    assert.deepEqual([...variablesReadBy(sample)].sort(), ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA_2', 'ECHO', 'FOXTROT', 'GOLF', 'HOTEL']);
    const read = variablesReadIn(READ_BY_THE_PRODUCT);
    assert.ok(
      [...read.values()].some((files) => files.includes(path.join('local', 'start-options.ts'))),
      'local/start-options.ts reads its options by name',
    );
    assert.ok(CONFIG_VARIABLES.length > 0);
  });

  test('names the variables in a table, not only in prose or code', () => {
    const plain = withoutCode(readMarkdown('docs/configuration.md'));
    assert.match(plain, /^\| variable +\| default +\| meaning/m, "the functions' table");
    assert.match(plain, /^\| variable +\| read by +\| default +\| meaning/m, "the local tools' table");
  });
});
