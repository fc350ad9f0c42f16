/** Small statistics and table printing shared by the benchmarks. */

/** The value at quantile `q` (0..1) of `values`, nearest rank; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median of `runs` timings of `work` (each after its `setup`, untimed). */
export function time(runs: number, work: () => void, setup: () => void = () => undefined): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    setup();
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export function ms(value: number): string {
  if (Number.isNaN(value)) return '-';
  return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

/** "p50 / p95" of a list of durations. */
export function p50p95(values: readonly number[]): string {
  return `${ms(quantile(values, 0.5))} / ${ms(quantile(values, 0.95))}`;
}

export function megabytes(bytes: number): string {
  return Number.isNaN(bytes) ? '-' : `${(bytes / 1048576).toFixed(0)} MB`;
}

/** Prints rows as aligned columns, the first row being the header. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

/** A deterministic pseudo-random generator in [0, 1) (a linear congruential one), so every run probes the same positions. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Picks an element of a list at random, drawing from `next` (a generator made by `random`). */
export function picker(next: () => number): <T>(list: readonly T[]) => T {
  return (list) => list[Math.floor(next() * list.length)]!;
}
