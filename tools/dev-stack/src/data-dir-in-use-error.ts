/** Another running stack holds the data directory's lock. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    super(
      `${dataDir} is in use by another WILDCAT stack${holderPid ? ` (pid ${holderPid})` : ''}: stop that one, or start this one with DATA_DIR=<another folder>`,
    );
  }
}
