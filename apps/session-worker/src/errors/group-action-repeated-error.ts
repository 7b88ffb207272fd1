/** A group job that must run once (create, participants, join) came back for a second run. */
export class GroupActionRepeatedError extends Error {
  override name = 'GroupActionRepeatedError';

  constructor(readonly jobId: string) {
    super(`group job ${jobId} already ran once`);
  }
}
