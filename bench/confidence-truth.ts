// Does the Restore view's detail-confidence overlay tell the truth? For every pair of a dev list (both
// degradations) it restores the LQ image with the per-token entropy map, builds the whole-photo
// confidence exactly as the app does (electron/jobs: confidence-map.ts, confidence-heat.ts, stretched
// smoothly over the result), and measures it against the per-pixel luma error of the output against the
// HQ original: mean error in the least vs most confident 10 % / 20 % of each photo's pixels (target:
// ≥ 2×) and the AUROC of "error above the photo's median" from 1 − confidence, pooled and per photo.
// Candidate signals that cost little at inference are scored the same way (confidence-signals.ts).
// Every parameter is fixed up front (no choice is made on the list it reports).
// Writes bench/results/confidence-truth.{md,json} and docs/screenshots/confidence-truth.png.
//   node --import tsx bench/confidence-truth.ts [--list dev3] [--pack DIR] [--threads N] [--pairs N] [--figure-signal ID]
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DvarEngine, DEFAULT_PACK_DIR, type FloatImage, type TileRect } from '../electron/engine/index.ts';
import { lumaGapMap } from '../electron/engine/pipeline/detail-doubt.ts';
import { ConfidenceMapBuilder } from '../electron/jobs/confidence-map.ts';
import { lumaPlane } from '../electron/engine/pipeline/luma.ts';
import { resizePlanar } from '../electron/engine/pipeline/resample.ts';
import { floatData } from '../electron/engine/runtime/tensors.ts';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';
import { readPng } from './lib/images.ts';
import { recordGraphOutputs } from './lib/graph-outputs.ts';
import { confidenceOf, disagreement, gradientEnergy, overlayConfidence, stretchGrid, tokenEntropies, topRows } from './lib/confidence-signals.ts';
import { aboveMedian, auroc, stratifiedAuroc, tailRatio } from './lib/confidence-metrics.ts';
import { confidenceFigure, type FigureInput } from './lib/confidence-figure.ts';

const LISTS = { dev: 'dev-images', dev2: 'dev-images-2', dev3: 'dev-images-3' } as const;
const DEGRADATIONS = ['realesrgan', 'bicubic'];
const FRACTIONS = [0.1, 0.2];
/** Low-pass depth of the difference and texture maps: 3 à-trous levels, about one finest-scale token (16 px). */
const LEVELS = 3;
const SEEDS = [1, 2];
const TEXTURE_BINS = 10;

const SIGNALS = [
  { id: 'entropy-last', title: 'token entropy, last scale (the app overlay today)', cost: 'free (already computed with entropy map)' },
  { id: 'entropy-all', title: 'token entropy, mean over all scales', cost: 'free (entropy of every scale, no extra graph)' },
  { id: 'entropy-coarse', title: 'token entropy, mean over scales 2..K−1 (all but the last)', cost: 'free (as above)' },
  { id: 'seed-disagreement', title: 'two seeds disagree (sampling "sample", seeds 1 and 2)', cost: '2 extra restores' },
  { id: 'restorer-vs-decoder', title: 'luma gap decoded vs restored, low-passed', cost: 'free (both images exist in every tile)' },
  {
    id: 'restorer-vs-decoder-cells',
    title: "luma gap decoded vs restored, one value per finest-scale token, through the app's overlay (engine helper lumaGapMap)",
    cost: 'free (as above)',
  },
  { id: 'detail-added', title: 'luma gap output vs bicubic input, low-passed', cost: 'one bicubic resize' },
  {
    id: 'detail-added-cells',
    title: "luma gap output vs bicubic input, one value per finest-scale token, through the app's overlay (engine helper lumaGapMap)",
    cost: 'one bicubic resize (the wavelet guard makes it already)',
  },
  { id: 'texture', title: 'gradient energy of the output (baseline: "error lives on edges")', cost: 'one Sobel pass' },
] as const;
type SignalId = (typeof SIGNALS)[number]['id'];

const { values } = parseArgs({
  options: { 'figure-signal': { type: 'string' }, list: { type: 'string' }, pack: { type: 'string' }, threads: { type: 'string' }, pairs: { type: 'string' } },
});
const listId = (values.list ?? 'dev3') as keyof typeof LISTS;
if (!(listId in LISTS)) throw new Error(`Unknown list "${listId}": use ${Object.keys(LISTS).join(', ')}.`);
const packDir = values.pack ?? DEFAULT_PACK_DIR;
/** The candidate drawn beside today's overlay in the figure; its photo is the one this signal ranks best. */
const figureSignal = (values['figure-signal'] ?? 'detail-added-cells') as SignalId;
if (!SIGNALS.some((s) => s.id === figureSignal)) throw new Error(`Unknown signal "${figureSignal}".`);
const engine = await DvarEngine.open(packDir, { threads: Number(values.threads ?? 2) });

interface PhotoScore {
  pair: string;
  auroc: number;
  /** AUROC within texture deciles: what the signal knows beyond "error lives on edges". */
  aurocBeyondTexture: number;
  ratios: Record<string, { leastConfident: number; mostConfident: number; ratio: number }>;
}
const perPhoto: Record<SignalId, PhotoScore[]> = Object.fromEntries(SIGNALS.map((s) => [s.id, []])) as never;
const pooledConfidence: Record<SignalId, number[][]> = Object.fromEntries(SIGNALS.map((s) => [s.id, []])) as never;
const pooledError: number[][] = [];
const pooledLabel: boolean[][] = [];
const figureCandidates: { pair: string; lq: FloatImage; output: FloatImage; error: Float32Array; overlays: FigureInput['overlays'] }[] = [];
const started = performance.now();

for (const degradation of DEGRADATIONS) {
  const dir = join(REPO_ROOT, 'models', 'runs', LISTS[listId], degradation);
  const ids = readdirSync(dir)
    .filter((n) => n.endsWith('-lq.png'))
    .map((n) => n.slice(0, -'-lq.png'.length))
    .sort()
    .slice(0, Number(values.pairs ?? Infinity));
  for (const id of ids) {
    const pair = `${degradation}/${id}`;
    const lq = await readPng(join(dir, `${id}-lq.png`));
    const hq = await readPng(join(dir, `${id}-hq.png`));
    const run = await restoreWithInsides(lq);
    const { width: W, height: H } = run.output;
    if (hq.width !== W || hq.height !== H) throw new Error(`${pair}: the HQ image is ${hq.width}×${hq.height}, the output ${W}×${H}.`);
    const n = W * H;
    const outY = lumaPlane(run.output.data, n);
    const hqY = lumaPlane(hq.data, n);
    const error = Float32Array.from(outY, (v, i) => Math.abs(v - hqY[i]!));
    const seeded = [] as Float32Array[];
    for (const seed of SEEDS) seeded.push(lumaPlane((await engine.restore(lq, { previewMaxSide: 0, sampling: { strategy: 'sample', seed } })).image.data, n));
    const texture = gradientEnergy(outY, W, H, LEVELS);
    const bicubicImage: FloatImage = { width: W, height: H, channels: 3, data: resizePlanar(lq.data, 3, lq.height, lq.width, H, W, 'bicubic') };
    const bicubic = lumaPlane(bicubicImage.data, n);

    const confidence: Record<SignalId, Float32Array> = {
      'entropy-last': overlayConfidence(run.overlay, W, H),
      'entropy-all': confidenceOf(run.allScaleEntropy),
      'entropy-coarse': confidenceOf(run.coarseScaleEntropy),
      'seed-disagreement': confidenceOf(disagreement(seeded[0]!, seeded[1]!, W, H, LEVELS)),
      'restorer-vs-decoder': confidenceOf(disagreement(run.decodedY, run.restoredY, W, H, LEVELS)),
      'restorer-vs-decoder-cells': overlayConfidence(run.gapOverlay, W, H),
      'detail-added': confidenceOf(disagreement(outY, bicubic, W, H, LEVELS)),
      'detail-added-cells': overlayConfidence(cellOverlay(lq, run.output, bicubicImage, run.lastGrid), W, H),
      texture: confidenceOf(texture),
    };
    const label = aboveMedian(error);
    pooledError.push(Array.from(error));
    pooledLabel.push(label);
    for (const s of SIGNALS) {
      const c = confidence[s.id];
      const ratios = Object.fromEntries(FRACTIONS.map((f) => [`${f * 100}%`, tailRatio(c, error, f)]));
      const doubt = Float32Array.from(c, (v) => 1 - v);
      perPhoto[s.id].push({ pair, auroc: auroc(doubt, label), aurocBeyondTexture: stratifiedAuroc(doubt, label, texture, TEXTURE_BINS), ratios });
      pooledConfidence[s.id].push(Array.from(c));
    }
    const doubtOf = (id: SignalId) => ({ width: W, height: H, data: Float32Array.from(confidence[id], (v) => 1 - v) });
    figureCandidates.push({
      pair,
      lq,
      output: run.output,
      error,
      overlays: [
        { caption: 'today: token entropy', cells: run.overlay },
        { caption: `candidate: ${figureSignal}`, cells: doubtOf(figureSignal) },
      ],
    });
    const last = perPhoto['entropy-last'].at(-1)!;
    console.log(
      `${pair}: overlay ratio@10% ${last.ratios['10%']!.ratio.toFixed(2)}, AUROC ${last.auroc.toFixed(3)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
}
await engine.close();

// Pooled: every photo's pixels together. "Per-photo tails" takes each photo's own least/most confident
// pixels (what a photographer sees in one overlay) and averages their errors over the photos.
const flat = <T>(rows: T[][]) => rows.flat();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = SIGNALS.map((s) => {
  const photos = perPhoto[s.id];
  const perPhotoTails = Object.fromEntries(
    FRACTIONS.map((f) => {
      const key = `${f * 100}%`;
      const least = mean(photos.map((p) => p.ratios[key]!.leastConfident));
      const most = mean(photos.map((p) => p.ratios[key]!.mostConfident));
      return [key, { leastConfident: least, mostConfident: most, ratio: least / most }];
    }),
  );
  const c = flat(pooledConfidence[s.id]);
  const e = flat(pooledError);
  const pooledRanking = { '10%': tailRatio(c, e, 0.1) };
  const aurocs = photos.map((p) => p.auroc);
  return {
    ...s,
    perPhotoTails,
    pooledRanking,
    aurocPooled: auroc(
      c.map((v) => 1 - v),
      flat(pooledLabel),
    ),
    aurocPerPhotoMean: mean(aurocs),
    aurocPerPhotoMin: Math.min(...aurocs),
    aurocBeyondTexture: mean(photos.map((p) => p.aurocBeyondTexture)),
    photosAtTarget: photos.filter((p) => p.ratios['10%']!.ratio >= 2).length,
    photos,
  };
});

const seconds = (performance.now() - started) / 1000;
const resultsDir = join(REPO_ROOT, 'bench', 'results');
const figureDir = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(resultsDir, { recursive: true });
mkdirSync(figureDir, { recursive: true });
// The figure: the photo where the figure signal's least confident 10 % is the most wrong relative to its most confident 10 %.
const shown = figureCandidates.reduce((best, c) => (ratioOf(c.pair) > ratioOf(best.pair) ? c : best));
const base = `${listId === 'dev3' ? 'confidence-truth' : `confidence-truth-${listId}`}`;
await confidenceFigure(join(figureDir, `${base}.png`), { ...shown, title: `${listId} ${shown.pair}: overlays red where least confident` });
writeFileSync(
  join(resultsDir, `${base}.json`),
  JSON.stringify({ list: listId, pack: packDir, levels: LEVELS, seeds: SEEDS, seconds, figure: shown.pair, figureSignal, signals: rows }, null, 1) + '\n',
);
writeFileSync(join(resultsDir, `${base}.md`), markdown());
console.log(markdown());

function ratioOf(pair: string): number {
  return perPhoto[figureSignal].find((p) => p.pair === pair)!.ratios['10%']!.ratio;
}

function markdown(): string {
  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
  const lines = [
    `# Detail confidence against the truth: ${listId} (${LISTS[listId]}, ${perPhoto['entropy-last'].length} pairs: ${DEGRADATIONS.join(' + ')})`,
    '',
    `Pack \`${packDir.replace(REPO_ROOT + '/', '')}\`, CLI defaults (greedy), error = |Y(output) − Y(HQ)| per pixel (BT.601 luma, 0..1).`,
    'Ratio = mean error in the least confident pixels ÷ mean error in the most confident pixels; target ≥ 2 at 10 %.',
    '"Per photo": each photo\'s own 10 % / 20 % tails (what one overlay shows), errors averaged over photos; "pooled": all pixels ranked together.',
    "AUROC: how well 1 − confidence separates pixels with error above their photo's median from those below (0.5 = chance).",
    '"Beyond texture": the same AUROC within each tenth of the photo\'s pixels by the output\'s gradient energy, averaged over tenths and photos: what a signal knows beyond "error lives on edges" (≈ 0.5 for the texture signal itself).',
    `Difference and texture maps are low-passed over ${LEVELS} à-trous levels (about one 16-px token); all parameters fixed before the run, none tuned on this list. Which signal to adopt is read on dev lists 1–2 (confidence-truth-dev.md, confidence-truth-dev2.md); dev list 3 is held out.`,
    '',
    '| signal | cost at inference | ratio 10 % (per photo) | ratio 20 % (per photo) | ratio 10 % (pooled) | AUROC pooled | AUROC per photo: mean / min | AUROC beyond texture | photos ≥ 2× at 10 % |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.id}\`: ${r.title} | ${r.cost} | ${f(r.perPhotoTails['10%']!.ratio)} | ${f(r.perPhotoTails['20%']!.ratio)} | ${f(r.pooledRanking['10%'].ratio)} | ${f(r.aurocPooled, 3)} | ${f(r.aurocPerPhotoMean, 3)} / ${f(r.aurocPerPhotoMin, 3)} | ${f(r.aurocBeyondTexture, 3)} | ${r.photosAtTarget}/${r.photos.length} |`,
    ),
    '',
    'Mean error (×255) in the tails, per photo, 10 %: least confident / most confident',
    '',
    '| signal | least confident | most confident |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${f(r.perPhotoTails['10%']!.leastConfident * 255)} | ${f(r.perPhotoTails['10%']!.mostConfident * 255)} |`),
    '',
    `Per photo, the app overlay (entropy-last): ratio at 10 % / AUROC`,
    '',
    '| pair | ratio 10 % | AUROC |',
    '|---|---|---|',
    ...perPhoto['entropy-last'].map((p) => `| ${p.pair} | ${f(p.ratios['10%']!.ratio)} | ${f(p.auroc, 3)} |`),
    '',
    `Figure: docs/screenshots/${base}.png (${shown.pair}). Run time ${seconds.toFixed(0)} s.`,
    `Reproduce: \`node --import tsx bench/confidence-truth.ts --list ${listId}\``,
    '',
  ];
  return lines.join('\n');
}

/**
 * lumaGapMap of two whole-photo images on the finest scale's token cells, through the overlay's map
 * builder: what the app would show if the engine sent that map instead of the token entropy.
 */
function cellOverlay(lq: FloatImage, a: FloatImage, b: FloatImage, lastGrid: { width: number; height: number }) {
  const cellPx = a.width / lastGrid.width;
  const grid = { width: lastGrid.width, height: Math.round(a.height / cellPx) };
  const builder = new ConfidenceMapBuilder(lq.width, lq.height);
  builder.add({ tile: { x: 0, y: 0, width: lq.width, height: lq.height }, entropyMap: lumaGapMap(a, b, grid) });
  return builder.result()!;
}

/** One restore as the app runs it (entropy map), plus what the engine does not hand out. */
async function restoreWithInsides(lq: FloatImage) {
  const builder = new ConfidenceMapBuilder(lq.width, lq.height);
  const grids: { width: number; height: number }[] = [];
  let tile: TileRect | undefined;
  const recording = recordGraphOutputs(['step', 'decoder', 'restorer']);
  let result;
  try {
    result = await engine.restore(
      lq,
      { entropy: 'map', previewMaxSide: 0 },
      {
        onScale: (e) => {
          builder.add(e);
          if (e.scale > 1) grids.push(e.grid);
          tile = e.tile;
        },
      },
    );
  } finally {
    recording.stop();
  }
  if (result.tiles.length !== 1) throw new Error(`This bench reads one-tile restores; the photo took ${result.tiles.length} tiles.`);
  const output = result.image;
  const { width: W, height: H } = output;
  const overlay = builder.result();
  if (!overlay) throw new Error('The restore gave no entropy map.');
  const steps = recording.calls.filter((c) => c.graph === 'step');
  if (steps.length !== grids.length) throw new Error(`Saw ${steps.length} step runs for ${grids.length} sampled scales.`);
  // The tile may carry context rows below the photo: planes are the tile's size, cropped to the output's rows.
  const decoded = recording.calls.find((c) => c.graph === 'decoder')!.outputs.image!;
  const restored = recording.calls.find((c) => c.graph === 'restorer')!.outputs.restored!;
  const tileW = decoded.dims[3]!;
  const tileH = decoded.dims[2]!;
  if (tileW !== W) throw new Error('The tile is not as wide as the photo.');
  const asImage = (t: typeof decoded): FloatImage => ({ width: tileW, height: tileH, channels: 3, data: floatData(t) });
  const gapBuilder = new ConfidenceMapBuilder(lq.width, lq.height);
  gapBuilder.add({ tile: tile!, entropyMap: lumaGapMap(asImage(decoded), asImage(restored), grids.at(-1)!) });
  const gapOverlay = gapBuilder.result()!;
  const planeY = (t: typeof decoded) => topRows(lumaPlane(floatData(t), tileW * tileH), W, H);
  const entropySum = new Float32Array(tileW * tileH);
  const coarseSum = new Float32Array(tileW * tileH);
  steps.forEach((step, k) => {
    const logits = step.outputs.logits!;
    const [, tokens, V] = logits.dims as number[];
    const grid = grids[k]!;
    if (tokens !== grid.width * grid.height) throw new Error('Logits and scale grid disagree.');
    const plane = stretchGrid(tokenEntropies(floatData(logits), tokens, V!), grid.width, grid.height, tileW, tileH);
    for (let i = 0; i < plane.length; i++) entropySum[i] = entropySum[i]! + plane[i]! / steps.length;
    if (k < steps.length - 1) for (let i = 0; i < plane.length; i++) coarseSum[i] = coarseSum[i]! + plane[i]! / (steps.length - 1);
  });
  const allScaleEntropy = topRows(entropySum, W, H);
  const coarseScaleEntropy = topRows(coarseSum, W, H);
  return { output, overlay, decodedY: planeY(decoded), restoredY: planeY(restored), allScaleEntropy, coarseScaleEntropy, gapOverlay, lastGrid: grids.at(-1)! };
}
