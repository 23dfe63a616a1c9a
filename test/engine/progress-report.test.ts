// A restore's report is declared once (engine/progress-report.ts) and every layer's shape derives from
// it: the contract's restore:progress event and queue pass, the app's copy of a wire event and a
// worker's progress to its submitter all carry every declared field, so a new field needs the schema and
// the engine's emitter only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passPositionSchema, pickReported, scaleReportSchema, type ScaleEvent } from '../../electron/engine/definitions.ts';
import { queueItem, scaleProgress } from '../../electron/ipc/contract.ts';
import { scaleProgressOf } from '../../electron/app/job-config.ts';
import { progressRelay, type PhotoProgress } from '../../electron/distributed/progress-relay.ts';

const event: ScaleEvent = {
  tileIndex: 1,
  tileCount: 4,
  group: { first: 0, last: 1 },
  tile: { x: 8, y: 0, width: 8, height: 8 },
  scale: 2,
  scales: 3,
  restorerNext: false,
  tokens: 4,
  entropy: 0.5,
  elapsedMs: 20,
  progress: 0.4,
  grid: { height: 2, width: 2 },
  stepMs: 5,
};
const reported = Object.keys(scaleReportSchema.shape).sort();
const position = Object.keys(passPositionSchema.shape).sort();

test('pickReported copies the declared fields an event has, and nothing else', () => {
  const picked = pickReported(event, passPositionSchema);
  assert.deepEqual(Object.keys(picked).sort(), position);
  assert.notEqual(picked.group, event.group, 'nested objects are copies');
  assert.deepEqual(Object.keys(pickReported({ scale: 1, scales: 2, extra: 3 }, passPositionSchema)).sort(), ['scale', 'scales']);
});

test('the contract derives from the schemas: restore:progress has every reported field, a queue pass every position field', () => {
  for (const key of reported) assert.ok(key in scaleProgress.shape, `restore:progress lacks ${key}`);
  const pass = queueItem.shape.remote.unwrap().unwrap().shape.pass.unwrap().shape;
  for (const key of position) assert.ok(key in pass, `a queue pass lacks ${key}`);
});

test('the app and a worker forward every declared field without naming them', () => {
  const wire = { ...event, preview: null, image: { width: 32, height: 8 } };
  const sent = scaleProgress.parse(scaleProgressOf('job', wire));
  for (const key of reported) assert.deepEqual(sent[key as keyof typeof sent], event[key as keyof ScaleEvent], key);
  const relayed: PhotoProgress[] = [];
  progressRelay('host:1', async (p) => relayed.push(p), 0)({ type: 'scale', event } as never);
  for (const key of position) assert.deepEqual(relayed[0]![key as keyof PhotoProgress], event[key as keyof ScaleEvent], key);
});
