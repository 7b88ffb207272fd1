/** A `sandbox-scan` reached a worker whose engine has no simulated phone (WA_ENGINE is not sandbox). */
export class PhoneScanUnsupportedError extends Error {
  override name = 'PhoneScanUnsupportedError';
  constructor(readonly engine: string) {
    super(`the ${engine} engine cannot simulate a phone scan`);
  }
}
