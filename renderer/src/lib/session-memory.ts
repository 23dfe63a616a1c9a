// What the page remembers across a reload: small JSON values in the browser's localStorage (kept per
// origin, so per web host address, and across host restarts). Nothing here is trusted: a value that
// does not parse or has the wrong shape reads as absent, and storage that is full or disabled
// (private windows) only means nothing is remembered.
const PREFIX = 'dvar:';

export function remember(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the page works, it just forgets on reload.
  }
}

export function recall<T>(key: string, valid: (value: unknown) => value is T): T | undefined {
  try {
    const text = localStorage.getItem(PREFIX + key);
    if (text === null) return undefined;
    const value: unknown = JSON.parse(text);
    return valid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
