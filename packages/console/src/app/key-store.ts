// The API key lives in sessionStorage: gone when the tab closes, never in a URL, a cookie or
// localStorage (which would outlive the session on a shared machine).
const KEY = 'wildcat.apiKey';

export function readKey(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    // Storage disabled (privacy mode, sandboxed frame): no stored key, so the console asks for one.
    return null;
  }
}

export function saveKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
