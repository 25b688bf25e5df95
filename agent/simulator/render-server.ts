/** What flavour detection asks a simulated server: `qstat --version` and `qstat -B -f`. */
import { serverVersion } from './server-version.ts';
import type { RenderContext } from './render-context.ts';

/** PBS Pro prints `pbs_version = X`; Torque prints `Version: X` (and a commit line in 6.x). */
export function renderQstatVersion(context: RenderContext): string {
  const version = serverVersion(context.cluster);
  return context.cluster.options.flavour === 'torque' ? `Version: ${version}\nCommit: 6c8f8b5b\n` : `pbs_version = ${version}\n`;
}

export function renderServerText(context: RenderContext): string {
  const { cluster } = context;
  const jobs = cluster.jobCount();
  return [
    `Server: ${cluster.options.server}`,
    '    server_state = Active',
    `    server_host = ${cluster.options.server}`,
    '    scheduling = True',
    `    total_jobs = ${jobs}`,
    '    default_queue = normal',
    '    query_other_jobs = True',
    `    pbs_version = ${serverVersion(cluster)}`,
    '',
    '',
  ].join('\n');
}
