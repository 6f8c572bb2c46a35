// The active fault rules: the first rule matching a request applies; `times` counts down, `probability`
// draws from the seeded PRNG.
import { checkFaultRule } from './fault-rule.ts';
import { createPrng } from './prng.ts';
import type { RequestScope } from './request-scope.ts';
import { type FaultRule, OPERATION_ROUTES, type RouteName } from './types.ts';

export class FaultInjector {
  private rules: FaultRule[] = [];
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = createPrng(seed);
  }

  /** Every rule is checked before any is added, so a bad list adds nothing. */
  add(rules: FaultRule | FaultRule[]): void {
    const list = Array.isArray(rules) ? rules : [rules];
    const checked = list.map((rule, index) => checkFaultRule(rule, list.length > 1 ? `fault rule [${index}]` : 'fault rule'));
    this.rules.push(...checked);
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => structuredClone(rule));
  }

  /** The rule to apply to this request, if any; uses up one of its `times`. */
  take(route: RouteName, scope: RequestScope): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!matches(rule, route, scope)) continue;
      if (rule.probability !== undefined && rule.probability < 1 && this.random() >= rule.probability) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
      }
      return { ...rule };
    }
    return undefined;
  }
}

function matches(rule: FaultRule, route: RouteName, scope: RequestScope): boolean {
  if (rule.route !== undefined && rule.route !== '*' && rule.route !== route) return false;
  if (rule.keyId !== undefined && rule.keyId !== scope.keyId) return false;
  if (rule.resourceId !== undefined && !scope.resourceIds.includes(rule.resourceId)) return false;
  // operationError only makes sense where an operation is created: other routes pass untouched.
  if (rule.operationError && !OPERATION_ROUTES.includes(route)) return false;
  return true;
}
