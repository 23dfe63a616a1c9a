// Fits the terminal's progress line to its width. The percentage and the ETA always stay; the bar
// keeps its width or goes as a whole; the tiles go first, then the photo's name is cut (with an
// ellipsis) and then dropped, then the bar, then the stage.

export interface LineParts {
  counter: string;
  name: string;
  bar: string;
  percent: string;
  stage: string;
  tiles: string;
  eta: string;
}

/** A name is worth showing cut down to this many characters, not fewer. */
const MIN_NAME = 8;

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** The fullest arrangement of `p` that is at most `width` characters. */
export function fitLine(p: LineParts, width: number): string {
  // `whole`: the tiles only beside the whole name; a name is cut only once the tiles are gone.
  const layouts: Array<{ name: boolean; bar: boolean; tail: string[]; whole?: boolean }> = [
    { name: true, whole: true, bar: true, tail: [p.percent, p.stage, p.tiles, p.eta] },
    { name: true, bar: true, tail: [p.percent, p.stage, p.eta] },
    { name: false, bar: true, tail: [p.percent, p.stage, p.eta] },
    { name: true, bar: false, tail: [p.percent, p.stage, p.eta] },
    { name: false, bar: false, tail: [p.percent, p.stage, p.eta] },
    { name: false, bar: false, tail: [p.percent, p.eta] },
  ];
  for (const layout of layouts) {
    const line = (name: string) => [p.counter + name, layout.bar ? p.bar : '', layout.tail.join('  ')].filter(Boolean).join(' ');
    if (!layout.name) {
      if (line('').length <= width) return line('');
      continue;
    }
    const room = width - line(' ').length;
    if (p.name.length <= room) return line(` ${p.name}`);
    if (!layout.whole && room >= MIN_NAME) return line(` ${cut(p.name, room)}`);
  }
  return cut(`${p.percent}  ${p.eta}`, width);
}
