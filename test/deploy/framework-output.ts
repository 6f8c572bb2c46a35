// Reading what Serverless Framework v3 prints. Its schema validation reports each problem on a line of
// its own, `at '<path>': <message>`, under `Warning: Invalid configuration encountered` (warn mode) or
// after `Configuration error` (error mode, where a single problem shares that line).

export interface ConfigurationProblem {
  path: string;
  message: string;
}

const PROBLEM = /^\s*(?:Configuration error:?\s*)?at '([^']+)': (.+)$/;
const WARN_MODE_HEADER = /^Warning: Invalid configuration encountered$/;
const ALARMING = /\b(?:warnings?|errors?|deprecat\w*|fail\w*|invalid)\b/i;

export function configurationProblems(output: string): ConfigurationProblem[] {
  return output.split('\n').flatMap((line) => {
    const match = PROBLEM.exec(line.trimEnd());
    return match ? [{ path: match[1]!, message: match[2]! }] : [];
  });
}

/** Lines that warn, err or announce a deprecation, other than the configuration problems themselves. */
export function otherAlarms(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => ALARMING.test(line) && !WARN_MODE_HEADER.test(line) && !PROBLEM.test(line));
}

/**
 * The one problem serverless.yaml is allowed: @yandex-cloud/serverless-plugin 1.7 lists runtimes up to
 * nodejs16 only, so `provider.runtime: nodejs22`, the runtime the service supports today, fails its
 * schema. Matched on the path, the exact message and a list that lacks nodejs22, nothing looser.
 */
export function isStaleRuntimeList(problem: ConfigurationProblem): boolean {
  const match = /^must be equal to one of the allowed values \[([^\]]*)\]$/.exec(problem.message);
  return problem.path === 'provider.runtime' && match !== null && !match[1]!.split(', ').includes('nodejs22');
}
