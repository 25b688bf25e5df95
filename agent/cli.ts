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
import { AGENT_VERSION } from './agent-version.ts';
import { EXIT_OK, EXIT_USAGE, reportError, type CliCommand, type CliIo } from './commands/cli-io.ts';
import { collectCommand } from './commands/collect-command.ts';
import { parseCommand } from './commands/parse-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { simulateCommand } from './commands/simulate-command.ts';

const COMMANDS: readonly CliCommand[] = [parseCommand, collectCommand, serveCommand, simulateCommand];

const OVERVIEW = `usage: webstat-agent COMMAND [options]

The webstat agent runs on a cluster's login node as an ordinary user. It runs the scheduler's
commands at most once per interval, however many people watch, and answers the webstat gateway
on a loopback ZeroMQ socket.

commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}

"webstat-agent COMMAND --help" shows a command's options; --version prints the version.`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(`${OVERVIEW}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${OVERVIEW}\n`);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${AGENT_VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`webstat-agent: usage: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return reportError(io, error);
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_OK);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
