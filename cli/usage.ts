// The help texts of `kms-version-guard` and of each command; docs/cli.md says the same at more length.
import type { CommandName } from './args.ts';

export const PROGRAM = 'kms-version-guard';

const SCOPE = `Scope (repeat a flag or separate IDs with commas):
  --key <id>               a KMS symmetric key
  --folder <id>            every key of a folder
  --cloud <id>             every key of every ACTIVE folder of a cloud
  --organization <id>      every key of every cloud of an organization
  --label <name=value>     only keys found through folders, clouds or the organization that carry this label
                           (named keys are always scanned)
  Without a scope flag the scope comes from the environment, as for the functions: KMS_KEY_IDS,
  KMS_FOLDER_ID(S), KMS_CLOUD_IDS, KMS_ORGANIZATION_ID and PROTECT_LABEL. A scope flag replaces all of them.`;

const COMMON = `Options:
  --endpoint <url>         one base URL for KMS, Operation and Resource Manager (e.g. the local emulator,
                           http://127.0.0.1:4000); https:// only, http:// only for a loopback host.
                           Default: Yandex Cloud's endpoints (or KMS_ENDPOINT, OPERATION_ENDPOINT,
                           RESOURCE_MANAGER_ENDPOINT)
  --format <table|json|csv>
                           default: table when stdout is a terminal, json otherwise
  --timeout <seconds>      give up reading (and cancelling) after this long (default 600)
  -h, --help               show this help

IAM token: YC_IAM_TOKEN, else the output of \`yc iam create-token\` when yc is on PATH.`;

const TOOL = `Usage: ${PROGRAM} <command> [options]     (from a clone: npm run guard -- <command> [options])

One-off audits of Yandex Cloud KMS symmetric key versions scheduled for destruction.

Commands:
  scan      list every version scheduled for destruction (and every key without deletion protection,
            where the report says so) in the scope
  cancel    cancel the scheduled destructions in the scope (asks first on a terminal)

Run \`${PROGRAM} <command> --help\` for a command's options.

Exit codes: 0 nothing found (scan) or everything saved (cancel); 3 something found (scan) or something would
be / was left scheduled (cancel --dry-run, a declined prompt); 1 an error: bad usage, no token, a scan that
could not read everything, a cancel that failed or is not confirmed.

The command runs its TypeScript through tsx, a dev dependency: run \`npm install\` in the clone first.`;

const SCAN = `Usage: ${PROGRAM} scan [scope] [options]

Lists every key version scheduled for destruction in the scope: key, version, when it is destroyed, hours
left, folder and who scheduled it (when KMS says), then what could not be read or was not reached. Keys
without deletion protection are listed as well once the sweep reports them (one approved to stay so is
shown with its approval, and is no finding).

${SCOPE}

${COMMON}

Exit codes:
  0  the scan read everything and found nothing
  3  the scan read everything and found a version scheduled for destruction (or a key without deletion
     protection that no approval covers)
  1  an error; a scan that could not read everything exits 1 even when it found something, since
     "nothing found" in an incomplete scan must not read as clean`;

const CANCEL = `Usage: ${PROGRAM} cancel [scope] [options]
       ${PROGRAM} cancel --key <id> --version <id> [options]

Scans the scope, then cancels every scheduled destruction as the guard sweep does: a destruction approved
by APPROVED_SUBJECT_IDS or the key's APPROVAL_LABEL (default destroy-approved) is left alone. Outcomes:
cancelled, already-active, approved, would-cancel (dry run), pending (not confirmed yet), failed.

${SCOPE}
  --version <id>           only these versions of the one --key

  --dry-run                change nothing: show what would be cancelled (DRY_RUN=true does the same)
  -y, --yes                cancel without asking. Without it, a terminal is asked "Cancel N destruction(s)?
                           [y/N]"; with no terminal to ask, the command refuses (exit 1) rather than act
                           unasked

${COMMON}

Exit codes:
  0  nothing needed cancelling, or every destruction that did was cancelled (or approved)
  3  --dry-run found something to cancel, or the prompt was declined: it is still scheduled
  1  an error: a cancel failed or is not confirmed yet, the scan could not read everything, the command
     refused to act without --yes`;

export function usageOf(topic?: CommandName): string {
  if (topic === 'scan') return SCAN;
  if (topic === 'cancel') return CANCEL;
  return TOOL;
}

/** The one line that follows an error about the command line. */
export function usageHint(topic?: CommandName): string {
  return `Run '${PROGRAM} ${topic ? `${topic} ` : ''}--help' for usage.`;
}
