/**
 * The dispatch of `webstat-agent COMMAND`: overview, --version, each command's --help, and the
 * exit status (0 ok, 1 failure, 2 bad arguments). agent/cli.ts runs it on the process's streams.
 */
import { AGENT_VERSION } from '../agent-version.ts';
import { EXIT_OK, EXIT_USAGE, reportError, type CliCommand, type CliIo } from './cli-io.ts';
import { collectCommand } from './collect-command.ts';
import { parseCommand } from './parse-command.ts';
import { serveCommand } from './serve-command.ts';
import { simulateCommand } from './simulate-command.ts';

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
    io.stderr.write(`webstat-agent: usage: no command given\n\n${OVERVIEW}\n`);
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

