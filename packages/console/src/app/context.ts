import type { Api } from './api.js';
import type { LiveEvent } from './types.js';

type Listener = (event: LiveEvent) => void;

/** What every view gets: the API client and the live event feed. */
export interface ConsoleContext {
  api: Api;
  /** Subscribe to live events; returns the unsubscribe function. */
  onEvent(listener: Listener): () => void;
}

/** Fans live events out to the views that are on screen. */
export function createEventHub() {
  const listeners = new Set<Listener>();
  return {
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: LiveEvent): void {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          console.error('live event listener failed', error);
        }
      }
    },
  };
}

/** A view renders into its root and returns a cleanup (unsubscribe, revoke blob URLs). */
export type View = { root: HTMLElement; dispose(): void };
