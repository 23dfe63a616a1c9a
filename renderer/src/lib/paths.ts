// Paths typed, pasted or dropped as text: one per line, maybe quoted, maybe file:// URLs.
function fromFileUrl(text: string): string {
  try {
    const url = new URL(text);
    const path = decodeURIComponent(url.pathname);
    // file:///C:/x → C:/x on Windows; keep UNC hosts.
    if (/^\/[A-Za-z]:\//.test(path)) return path.slice(1);
    return url.host ? `//${url.host}${path}` : path;
  } catch {
    return text;
  }
}

export function parsePaths(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue; // text/uri-list comments
    if (/^(["']).*\1$/.test(line)) line = line.slice(1, -1);
    if (line.startsWith('file://')) line = fromFileUrl(line);
    seen.add(line);
  }
  return [...seen];
}

/** True when the text looks like one or more file-system paths rather than prose. */
export function looksLikePaths(text: string): boolean {
  const paths = parsePaths(text);
  return paths.length > 0 && paths.every((p) => /^(\/|~|[A-Za-z]:[\\/]|\\\\|\.{1,2}[\\/])/.test(p));
}
