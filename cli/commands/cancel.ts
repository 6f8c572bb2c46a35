// `kms-version-guard cancel`: sweeps the scope, then cancels every scheduled destruction through the
// shared guard code (approvals honoured, each cancel confirmed or settled as the guard sweep does).
// Nothing is cancelled unasked: --yes, or a "y" at the terminal's prompt; with neither, it refuses.
import type { Invocation } from '../../shared/edge/invocation.ts';
import { destructionsFound, type GuardAnswer, guardDestructions, type ScheduledDestruction } from '../../shared/guard/guard-versions.ts';
import { type CancelResult, targetKey } from '../../shared/guard/outcomes.ts';
import type { ScheduledVersion, SweepReport } from '../../shared/sweep/report.ts';
import type { SweepResult } from '../../shared/sweep/sweep.ts';
import type { CancelOptions, Format } from '../args.ts';
import { canAsk, confirm } from '../confirm.ts';
import { EXIT } from '../exit-codes.ts';
import { type CsvRow, csv } from '../formats/csv.ts';
import { json } from '../formats/json.ts';
import { section, table } from '../formats/table.ts';
import { hoursLeft, incompleteLine, problemRows, problemSections, reportDocument, scannedLine, scheduledBy } from '../report-view.ts';
import type { CommandContext } from './context.ts';

export async function cancel(context: CommandContext, options: CancelOptions): Promise<number> {
  const { output } = context;
  const swept = await context.sweep();
  const { report } = swept;
  const dryRun = options.dryRun || context.setup.config.dryRun;
  const found = destructionsOf(swept, options, (text) => output.note(text));
  // With dryRun the guard decides approvals and sends nothing: what a real run would cancel.
  const plan = await guardDestructions(swept.invocation, found, true);
  const toCancel = plan.results.filter((result) => result.outcome === 'would-cancel').length;
  if (dryRun || toCancel === 0) {
    output.result(renderCancel(report, plan, dryRun, context.format, Date.now()));
    if (!report.complete) return EXIT.error;
    return toCancel > 0 ? EXIT.found : EXIT.ok;
  }
  if (!options.yes) {
    if (!canAsk(output.terminal)) {
      output.note(
        `refusing to cancel ${toCancel} destruction(s) unasked: there is no terminal to confirm on; pass --yes to cancel them, or --dry-run to list them`,
      );
      return EXIT.error;
    }
    output.tell(planTable(report, plan, Date.now()));
    if (!(await confirm(`Cancel ${toCancel} destruction(s)? [y/N] `, output.terminal))) {
      output.note('nothing cancelled');
      return EXIT.found;
    }
  }
  // A new invocation: the time the prompt took is not taken from the cancels' deadline.
  const answer = await guardDestructions(fresh(context, swept.invocation), found, false);
  output.result(renderCancel(report, answer, false, context.format, Date.now()));
  const { failed, pending } = answer.summary;
  return failed + pending > 0 || !report.complete ? EXIT.error : EXIT.ok;
}

function fresh(context: CommandContext, used: Invocation): Invocation {
  const next = context.connect();
  return { ...next, log: used.log };
}

/** The scheduled destructions to guard: all of the scope's, or the --version ones of the --key. */
function destructionsOf(swept: SweepResult, options: CancelOptions, note: (text: string) => void): ScheduledDestruction[] {
  let entries = swept.report.scheduled;
  if (options.versions.length > 0) {
    const keyId = options.keys[0]!;
    entries = entries.filter((entry) => options.versions.includes(entry.versionId));
    for (const versionId of options.versions) {
      if (!entries.some((entry) => entry.versionId === versionId) && swept.report.complete) {
        note(`version ${versionId} of key ${keyId} is not scheduled for destruction (or does not exist): nothing to cancel`);
      }
    }
  }
  return destructionsFound(entries, swept.keys);
}

export function detailOf(result: CancelResult): string {
  switch (result.outcome) {
    case 'cancelled':
      return result.settledBy === 'lookup' ? 'cancelled (confirmed by reading the version)' : '';
    case 'already-active':
      return 'the version is active: nothing to cancel';
    case 'approved':
      return result.approval?.rule === 'APPROVED_SUBJECT_IDS'
        ? `scheduled by ${result.approval.subjectId}, in APPROVED_SUBJECT_IDS`
        : `listed in the key's ${result.approval?.label} label`;
    case 'would-cancel':
      return 'dry run: not cancelled';
    case 'pending':
      return `operation ${result.operation?.id ?? '?'} not done yet: not saved until it is`;
    case 'failed':
      return result.error ? `${result.error.code}: ${result.error.description}` : 'failed';
  }
}

/** One result as json and csv give it: the version's schedule from the scan, and what became of it. */
function resultView(result: CancelResult, scheduled: ScheduledVersion | undefined, now: number) {
  return {
    keyId: result.keyId,
    versionId: result.versionId,
    outcome: result.outcome,
    ...(scheduled ? { destroyAt: scheduled.destroyAt, hoursLeft: hoursLeft(scheduled.destroyAt, now) } : {}),
    ...(scheduled?.folderId ? { folderId: scheduled.folderId } : {}),
    ...(scheduled?.cloudId ? { cloudId: scheduled.cloudId } : {}),
    ...(result.scheduledBy ? { scheduledBy: result.scheduledBy } : {}),
    ...(result.approval ? { approval: result.approval } : {}),
    ...(result.operation ? { operationId: result.operation.id } : {}),
    ...(result.settledBy ? { settledBy: result.settledBy } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

function scheduledByTarget(report: SweepReport): Map<string, ScheduledVersion> {
  return new Map(report.scheduled.map((entry) => [targetKey(entry), entry]));
}

function resultCells(report: SweepReport, results: readonly CancelResult[], now: number) {
  const schedule = scheduledByTarget(report);
  return results.map((result) => {
    const entry = schedule.get(targetKey(result));
    return [
      result.keyId,
      result.versionId,
      result.outcome,
      entry?.destroyAt,
      entry ? (hoursLeft(entry.destroyAt, now) ?? undefined) : undefined,
      entry ? scheduledBy(entry) : undefined,
      detailOf(result),
    ];
  });
}

const RESULT_HEAD = ['key', 'version', 'outcome', 'destroy at', 'hours left', 'scheduled by', 'detail'];

/** What is about to happen, shown before the prompt. */
function planTable(report: SweepReport, plan: GuardAnswer, now: number): string {
  const cells = resultCells(report, plan.results, now).map((row) => {
    row[2] = row[2] === 'would-cancel' ? 'to cancel' : row[2];
    row[6] = row[2] === 'to cancel' ? '' : row[6];
    return row;
  });
  return table(RESULT_HEAD, cells);
}

function summaryLine(answer: GuardAnswer, dryRun: boolean): string {
  const s = answer.summary;
  if (dryRun) return `Dry run: would cancel ${s.wouldCancel}, approved ${s.approved}; nothing was changed.`;
  return `Cancelled ${s.cancelled}, already active ${s.alreadyActive}, approved ${s.approved}, pending ${s.pending}, failed ${s.failed}.`;
}

export function renderCancel(report: SweepReport, answer: GuardAnswer, dryRun: boolean, format: Format, now: number): string {
  const schedule = scheduledByTarget(report);
  if (format === 'json') {
    const results = answer.results.map((result) => resultView(result, schedule.get(targetKey(result)), now));
    return json({ ...reportDocument(report, now), dryRun, results, summary: answer.summary });
  }
  if (format === 'csv') {
    const rows: CsvRow[] = answer.results.map((result) => {
      const entry = schedule.get(targetKey(result));
      return {
        kind: 'scheduled',
        keyId: result.keyId,
        versionId: result.versionId,
        outcome: result.outcome,
        destroyAt: entry?.destroyAt,
        hoursLeft: entry ? (hoursLeft(entry.destroyAt, now) ?? undefined) : undefined,
        folderId: entry?.folderId,
        cloudId: entry?.cloudId,
        scheduledBy: entry ? scheduledBy(entry) : undefined,
        code: result.error?.code,
        message:
          result.outcome === 'failed' || result.outcome === 'pending' || result.outcome === 'approved' ? detailOf(result) : undefined,
      };
    });
    return csv([...rows, ...problemRows(report)]);
  }
  const parts = [
    answer.results.length > 0
      ? section(`Scheduled destructions: ${answer.results.length}`, RESULT_HEAD, resultCells(report, answer.results, now))
      : 'Nothing to cancel: no version scheduled for destruction.',
    ...problemSections(report),
    [scannedLine(report), summaryLine(answer, dryRun), incompleteLine(report)].filter(Boolean).join('\n'),
  ];
  return `${parts.join('\n\n')}\n`;
}
