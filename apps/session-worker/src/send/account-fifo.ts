/**
 * One chain of tasks per account: a task starts only after the account's previous task settled,
 * so sends of one account go out in the order their jobs were taken. Idle accounts cost nothing.
 */
export class AccountFifo {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(accountId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(accountId, tail);
    void tail.then(() => {
      if (this.tails.get(accountId) === tail) this.tails.delete(accountId);
    });
    return result;
  }

  get pending(): number {
    return this.tails.size;
  }
}
