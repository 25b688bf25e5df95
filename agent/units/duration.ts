/**
 * Durations to whole seconds.
 *
 * PBS prints `HH:MM:SS` with unbounded hours (`4090:56:03`), sometimes `MM:SS` or plain seconds
 * (`3600`, and Torque's `total_runtime = 10.431524`). Moab and Maui print `[D:]HH:MM:SS`
 * (`2:00:00:00` is two days), possibly negative (`-00:01:22`); Slurm `D-HH:MM:SS`.
 * `INFINITY`, `UNLIMITED`, `--` and templates are "no value" (null).
 */

/** Seconds of a PBS duration: 1 to 3 colon fields (HH:MM:SS), or plain seconds. */
export function parsePbsDuration(text: string): number | null {
  return parseColonDuration(text, 3);
}

/** Seconds of a Moab/Maui duration: up to 4 colon fields (D:HH:MM:SS), sign allowed. */
export function parseMoabDuration(text: string): number | null {
  return parseColonDuration(text, 4);
}

function parseColonDuration(text: string, maxFields: number): number | null {
  let body = text.trim();
  let sign = 1;
  if (body.startsWith('-')) {
    sign = -1;
    body = body.slice(1);
  }
  let days = 0;
  const dash = body.indexOf('-');
  if (dash > 0) {
    // Slurm D-HH:MM:SS
    const dayText = body.slice(0, dash);
    if (!/^\d+$/.test(dayText)) return null;
    days = Number(dayText);
    body = body.slice(dash + 1);
  }
  if (body === '') return null;
  const fields = body.split(':');
  if (fields.length > maxFields) return null;
  // Weights from the right: seconds, minutes, hours, days.
  const weights = [1, 60, 3600, 86400];
  let seconds = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[fields.length - 1 - i]!;
    if (!(i === 0 ? /^\d+(?:\.\d+)?$/ : /^\d+$/).test(field)) return null;
    seconds += Number(field) * weights[i]!;
  }
  return sign * Math.round(days * 86400 + seconds);
}
