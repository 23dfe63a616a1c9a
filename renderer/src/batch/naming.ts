// What a naming template produces, shown live under the template box (same rules as the host's
// electron/app/naming-template.ts: local date, extension added unless the template ends with it).
export function previewName(template: string, scale: number, format: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const name = template.replaceAll('{name}', 'IMG_0042').replaceAll('{scale}', String(scale)).replaceAll('{format}', format).replaceAll('{date}', date);
  return name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
}
