// Output names from the user's template: `{name}-dvar-x{scale}` + `.png` → `photo-dvar-x4.png`.
// The default matches the CLI's names, so folder scans skip earlier outputs of either.
import { basename, extname } from 'node:path';

export const DEFAULT_NAMING_TEMPLATE = '{name}-dvar-x{scale}';
const PLACEHOLDERS = ['name', 'scale', 'format', 'date'] as const;

/** Why a template cannot be used, as one sentence; null when it is fine. */
export function namingTemplateProblem(template: string): string | null {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).find((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown !== undefined) return `The naming template may only use {name}, {scale}, {format} and {date}, not {${unknown}}.`;
  if (!template.includes('{name}')) return 'The naming template must contain {name}, or every photo would get the same output name.';
  if (/[/\\:*?"<>|\x00-\x1f]/.test(template)) return 'The naming template cannot contain / \\ : * ? " < > | or control characters.';
  if (template.trim() !== template || template.startsWith('.')) return 'The naming template cannot start with a dot or start or end with a space.';
  return null;
}

function isoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The file name (no folder) for `input`; the format's extension is added unless the template ends with it. */
export function renderOutputName(template: string, input: string, values: { scale: number; format: string; now?: Date }): string {
  const file = basename(input);
  const stem = file.slice(0, file.length - extname(file).length) || file;
  const name = template
    .replaceAll('{name}', stem)
    .replaceAll('{scale}', String(values.scale))
    .replaceAll('{format}', values.format)
    .replaceAll('{date}', isoDate(values.now ?? new Date()));
  return name.toLowerCase().endsWith(`.${values.format}`) ? name : `${name}.${values.format}`;
}
