/** One measured figure, printed as a table row or a JSON line by bench/run.ts. */
export interface Metric {
  /** Dotted name starting with the part: `protocol.snapshot.binary_bytes`. */
  metric: string;
  value: number;
  unit: string;
  /** The target, when it names one, as text: `<= 20`, `>= 100`. */
  target?: string;
  /** A short note printed beside the figure (what was measured, on what). */
  note?: string;
}

export interface Benchmark {
  /** Every metric this benchmark prints starts with this prefix (used to select benchmarks). */
  prefix: string;
  /** Runs the benchmark and returns its figures. May spawn processes; must clean up after itself. */
  run(): Promise<Metric[]>;
}

/** Milliseconds of `fn`, median of `runs` after `warmup` unmeasured runs. */
export async function medianMs(fn: () => unknown, runs = 15, warmup = 5): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
