/** The configured engine cannot run in this build (e.g. Baileys before its adapter exists). */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}
