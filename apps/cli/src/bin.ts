#!/usr/bin/env node
import { run } from './program';

// Ctrl-C aborts the running command cleanly (a migration saves its checkpoint); a second one exits at once.
const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});
// SIGTERM (a service manager stopping `serve`) ends the command the same way.
process.once('SIGTERM', () => controller.abort());
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

void run(process.argv, undefined, controller.signal).then((code) => {
  // Exit once output is flushed, even if a hung endpoint still holds a socket open.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
