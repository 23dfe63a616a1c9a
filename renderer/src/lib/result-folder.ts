// Where a result was written, in the words a queue row and a Files card use: relative to the chosen
// output folder when it is inside it (the subfolders a folder added with its subfolders keeps), else
// the folder's full path (results written next to their photos, or before the output folder changed).

const isSeparator = (char: string | undefined) => char === '/' || char === '\\';

/** The folder part of `path`, with its last separator (`/photos/`, `C:\`, `/`). */
function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Without trailing separators, except a root's own (`/`, `C:\`). */
function trimmed(path: string): string {
  const cut = path.replace(/[\\/]+$/, '');
  return cut === '' || /^[A-Za-z]:$/.test(cut) ? path.slice(0, cut.length + 1) : cut;
}

/**
 * The result's folder: `the output folder`, `2019/summer` (inside it, with the path's own separators),
 * or the full path of a folder outside it.
 */
export function resultFolder(output: string, outputDir: string | null): string {
  const folder = folderOf(output);
  if (!outputDir) return trimmed(folder);
  const root = trimmed(outputDir);
  const inside = folder.startsWith(root) && (isSeparator(root.at(-1)) || isSeparator(folder[root.length]));
  if (!inside) return trimmed(folder);
  const rest = folder.slice(root.length).replace(/^[\\/]+/, '');
  return rest === '' ? 'the output folder' : trimmed(rest);
}
