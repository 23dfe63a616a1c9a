// Vega-Lite specs rendered headlessly: vega's SVG renderer (no browser, no canvas), then sharp (librsvg)
// turns the SVG into a PNG.
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const CONFIG = { background: 'white', font: 'DejaVu Sans', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } };

export async function renderChart(spec: Record<string, unknown>, path: string, scale = 2): Promise<void> {
  const lite = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, ...spec } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(lite).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG(scale);
    await sharp(Buffer.from(svg)).png().toFile(path);
  } finally {
    view.finalize();
  }
}
