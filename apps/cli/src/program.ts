import { Command, CommanderError, Option } from 'commander';
import { alertTest } from './commands/alert';
import { auditVerify } from './commands/audit';
import { printConfig, validateConfig } from './commands/config';
import { healthCommand } from './commands/health';
import { migrateCommand } from './commands/migrate';
import { cat, ls, put, rm, stat } from './commands/objects';
import { serveCommand } from './commands/serve';
import { Targets, loadConfig } from './context';
import { EXIT_CODES, exitCodeFor } from './exit-codes';
import { type GlobalOptions, type Io, reportError } from './io';

const EXIT_CODE_HELP = `
Exit codes:
  0    done, everything as asked
  1    the command ran and found problems (unhealthy, migration conflicts or failures,
       invalid config, invalid audit log)
  2    bad command line or INVALID_ARGUMENT      3  NOT_FOUND
  4    ALREADY_EXISTS or PRECONDITION_FAILED     5  UNAUTHENTICATED or PERMISSION_DENIED
  6    UNAVAILABLE or TIMEOUT                    7  UNSUPPORTED, CORRUPT_DATA, INTERNAL
  130  interrupted (a migration resumes with --resume)

Targets: s3://bucket/key, azure://container/key, gs://bucket/key (or gcs://),
local://relative/path, local:///absolute/path, or a collection name from the config.
Config: --config <file>, else AGENTMAP_STORAGE_CONFIG, else ./agentmap.yaml.`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Builds the `agentmap-storage` program. Each action stores its exit code in `state.code`;
 * errors propagate to {@link run}, which prints one line and maps the code.
 */
export function createProgram(io: Io, state: { code: number; signal: AbortSignal }): Command {
  const program = new Command('agentmap-storage')
    .description('Inspect, move and check AgentMap Storage data on local disks, S3, Azure Blob and Google Cloud Storage.')
    .option('--config <file>', 'the storage config (YAML)')
    .option('--json', 'machine-readable output on stdout')
    .option('--debug', 'print stacks and causes of errors')
    .addHelpText('after', EXIT_CODE_HELP)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });

  /** Runs a command with its config and stores opened, and closes them afterwards. */
  const withTargets = (command: Command, action: (targets: Targets, options: GlobalOptions & Record<string, unknown>) => Promise<number>) => async () => {
    const options = command.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const { config } = await loadConfig(io, options);
    const uris = [...command.args, ...[options.checkpoint, options.audit].filter((u): u is string => typeof u === 'string')];
    const targets = await Targets.open(io, config, uris);
    try {
      state.code = await action(targets, options);
    } finally {
      await targets.close();
    }
  };

  const health = program
    .command('health')
    .description('check connectivity, latency, error rate and capacity of the given stores, or of every store in the config')
    .argument('[targets...]', 'URIs of buckets, containers or directories')
    .option('--timeout <seconds>', 'give up on a store after this long (default: monitoring config, else 10)');
  health.action((uris: string[]) => withTargets(health, (targets, o) => healthCommand(io, targets, uris, o))());

  const migrate = program
    .command('migrate')
    .description('copy every object under one URI prefix to another (any two backends)')
    .argument('<from-uri>')
    .argument('<to-uri>')
    .option('--dry-run', 'say what would be copied; write nothing')
    .option('--resume', 'continue from the checkpoint of an interrupted run')
    .option('--verify', 're-read every copy and compare size and SHA-256')
    .option('--include <glob>', 'only keys matching (repeatable)', collect)
    .option('--exclude <glob>', 'leave out keys matching (repeatable)', collect)
    .option('--overwrite', 'replace destination objects whose bytes differ (only the version compared)')
    .option('--concurrency <n>', 'objects copied at once (default 8)')
    .option('--checkpoint <uri>', 'keep the checkpoint in this store instead of the destination')
    .option('--progress-interval <ms>', 'how often plain progress lines are printed when not on a terminal', '1000')
    .option('--quiet', 'no progress output');
  migrate.action((fromUri: string, toUri: string) => withTargets(migrate, (targets, o) => migrateCommand(io, targets, fromUri, toUri, o, state.signal))());

  const lsCommand = program.command('ls').description('list objects and folders under a URI').argument('<target>').option('-r, --recursive', 'list every object below, not one level');
  lsCommand.action((target: string) => withTargets(lsCommand, (targets, o) => ls(io, targets, target, o))());

  const catCommand = program.command('cat').description("write an object's bytes to stdout (with --json: its info and base64 body)").argument('<uri>');
  catCommand.action((uri: string) => withTargets(catCommand, (targets, o) => cat(io, targets, uri, o))());

  const putCommand = program
    .command('put')
    .description('upload a file, or stdin with -')
    .argument('<uri>')
    .argument('<file>', 'a file path, or - for stdin')
    .option('--content-type <type>', 'default: from the key\'s extension')
    .option('--if-match <etag>', 'replace only this version')
    .option('--if-none-match', 'create only; fail if the object exists');
  putCommand.action((uri: string, file: string) => withTargets(putCommand, (targets, o) => put(io, targets, uri, file, o))());

  const rmCommand = program.command('rm').description('delete an object').argument('<uri>').option('--if-match <etag>', 'delete only this version').option('-f, --force', 'succeed when the object does not exist');
  rmCommand.action((uri: string) => withTargets(rmCommand, (targets, o) => rm(io, targets, uri, o))());

  const statCommand = program.command('stat').description("an object's size in bytes, etag, dates, content type and metadata").argument('<uri>');
  statCommand.action((uri: string) => withTargets(statCommand, (targets, o) => stat(io, targets, uri, o))());

  const config = program.command('config').description('check or show the storage config');
  const validate = config.command('validate').description('list every problem with its exact path');
  validate.action(async () => {
    state.code = await validateConfig(io, validate.optsWithGlobals());
  });
  const print = config.command('print').description('the config with env: resolved and secrets redacted');
  print.action(async () => {
    state.code = await printConfig(io, print.optsWithGlobals());
  });

  const audit = program.command('audit').description('audit log tools');
  const verify = audit
    .command('verify')
    .description("check an audit log's hash chain, sequence numbers, seals and signed head")
    .argument('<uri>', 'where the log lives (its prefix; default audit/)')
    .option('--hmac-key-env <var>', 'the environment variable holding the HMAC key it was sealed with')
    .addOption(new Option('--public-key <file>', 'the Ed25519 public key (PEM) it was sealed with').conflicts('hmacKeyEnv'));
  verify.action((uri: string) => withTargets(verify, (targets, o) => auditVerify(io, targets, uri, o))());

  const alert = program.command('alert').description('alert channel tools');
  const alertTestCommand = alert.command('test').description('send a test alert to every channel of monitoring.alerting (exit 1 when one fails)');
  alertTestCommand.action(() => withTargets(alertTestCommand, (targets, o) => alertTest(io, targets, o, state.signal))());

  const serve = program
    .command('serve')
    .description('serve the dashboard, /metrics and /api/health for the given stores, or every store in the config, until interrupted')
    .argument('[targets...]', 'URIs of buckets, containers or directories')
    .option('--port <n>', 'port to listen on (0: any free one)', '9464')
    .option('--host <address>', 'address to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--token <token>', 'require this token (Authorization: Bearer or ?token=); default AGENTMAP_DASHBOARD_TOKEN')
    .option('--interval <seconds>', 'how often to run the health checks (default: monitoring.check_interval, else 30)')
    .option('--audit <uri>', 'an audit log whose access denials to show (its prefix, e.g. local://data/audit/)');
  serve.action((uris: string[]) => withTargets(serve, (targets, o) => serveCommand(io, targets, uris, o, state.signal))());

  return program;
}

/**
 * Runs `agentmap-storage` with `argv` (as `process.argv`: node, script, args…) and resolves
 * with the exit code. Nothing is thrown: errors are one line on stderr.
 */
export async function run(argv: readonly string[], io: Io = defaultIo(), signal: AbortSignal = new AbortController().signal): Promise<number> {
  const state = { code: EXIT_CODES.OK as number, signal };
  const program = createProgram(io, state);
  try {
    await program.parseAsync([...argv]);
    return state.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_CODES.OK;
      return EXIT_CODES.USAGE;
    }
    const globals = program.opts<GlobalOptions>();
    reportError(io, error, globals);
    return exitCodeFor(error);
  }
}

function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
}
