/** Waits on conditions that notifications make true: each waiter checks again whenever `changed()` is called. */
export class Conditions {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly timeoutMs: number) {}

  /** Resolves with `check()` once it gives a value; rejects with `failure()` after the timeout. */
  waitFor<T>(check: () => T | undefined, failure: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const value = check();
        if (value === undefined) return;
        this.waiters.delete(waiter);
        clearTimeout(timeout);
        resolve(value);
      };
      const timeout = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(failure()));
      }, this.timeoutMs);
      this.waiters.add(waiter);
      waiter();
    });
  }

  changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
