// Rebuilds samples/sample-dandelions.jpg, the photo the Files view's welcome offers to try: Clemens
// Engelhardt's "seeding" (CC0-1.0, Debian's lomiri-wallpapers-16.04; docs/photo-credits.md), a training
// photo, never one of the dev lists. Downscaled to 480 px and saved at JPEG quality 40, the way small web
// copies of photos look, so that restoring it ×4 visibly takes away the blur and the blocks.
//   node --import tsx scripts/make-sample-photo.ts [--source FILE]
// The source comes from `python -m dvar.data.photos` (models/data/photos, not committed); its SHA-256 is
// checked, so a different file (a newer package) is noticed instead of silently shipped.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { REPO_ROOT } from '../test/helpers/fixtures.ts';

const SOURCE = join(REPO_ROOT, 'models', 'data', 'photos', 'seeding_by_Clements_Engelhardt.jpg');
const SOURCE_SHA256 = 'a5634d1ab5e41a3568e92d4a894a500c92b891f9ff734e50bd224d6e185a605f';
const TARGET = join(REPO_ROOT, 'samples', 'sample-dandelions.jpg');
const LONG_SIDE = 480;
const JPEG_QUALITY = 40;

const { values } = parseArgs({ options: { source: { type: 'string', default: SOURCE } } });
const source = values.source;
if (!existsSync(source)) {
  console.error(`${source} is missing: run \`cd models && ../.venv/bin/python -m dvar.data.photos\` first (it downloads the Debian wallpaper packages).`);
  process.exit(1);
}
const sha = createHash('sha256').update(readFileSync(source)).digest('hex');
if (sha !== SOURCE_SHA256) {
  console.error(`${source} is not the reviewed photo (SHA-256 ${sha}, expected ${SOURCE_SHA256}).`);
  process.exit(1);
}

mkdirSync(dirname(TARGET), { recursive: true });
// sharp's default output drops the metadata and is sRGB; 4:2:0 chroma, like most web JPEGs.
const info = await sharp(source)
  .rotate()
  .resize({ width: LONG_SIDE, height: LONG_SIDE, fit: 'inside' })
  .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:2:0' })
  .toFile(TARGET);
console.log(`${relative(REPO_ROOT, TARGET)}: ${info.width}×${info.height}, ${info.size} bytes`);
