#!/usr/bin/env node
/**
 * `webstat-agent`: the agent's command line (bin of the package, compiled to dist/agent/cli.js).
 *
 *   webstat-agent parse [--format auto|NAME] FILE|-
 *   webstat-agent collect [options]
 *   webstat-agent serve --config FILE
 *   webstat-agent simulate [options] | simulate --print FORMAT
 *
 * Every command has --help. Bad arguments exit 2, other failures 1, with one
 * "webstat-agent: CODE: message" line on stderr and no stack trace.
 */
import { EXIT_OK } from './commands/cli-io.ts';
import { main } from './commands/main.ts';

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_OK);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
