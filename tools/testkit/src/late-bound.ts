/**
 * An object that forwards to what `current` names once it is set, for a test file's fixtures that
 * its beforeAll starts: the file names them once at the top instead of `let` plus a hook each.
 * Reading or setting a property before then throws.
 */
export function lateBound<T extends object>(current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (!value) throw new Error('started in beforeAll: use it inside a test');
    return value;
  };
  return new Proxy({} as T, {
    get: (_stand, property) => Reflect.get(target(), property),
    set: (_stand, property, value) => Reflect.set(target(), property, value),
  });
}
