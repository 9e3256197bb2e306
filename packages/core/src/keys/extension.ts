/** True when the last segment has an extension (`users.json`, `a/b.csv`). */
export function hasExtension(name: string): boolean {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return /\.[A-Za-z0-9]{1,8}$/.test(last);
}
