// A node:test reporter that counts each file's tests, for a process that ran several files
// (scripts/test-batch.mjs): one JSON object at the end, file → counts, time and skipped tests, counted
// as the spec reporter counts them (tests, not suites).
import { relative } from 'node:path';

const blank = () => ({ tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0, seconds: 0, skips: [] });

export default async function* tallyByFile(source) {
  const files = {};
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || data.details.type === 'suite') continue;
    const file = data.file ? relative(process.cwd(), data.file) : '(no file)';
    const tally = (files[file] ??= blank());
    tally.tests++;
    if (data.nesting === 0) tally.seconds += data.details.duration_ms / 1000;
    if (data.skip !== undefined) {
      tally.skipped++;
      tally.skips.push(typeof data.skip === 'string' ? `${data.name} # ${data.skip}` : data.name);
    } else if (data.todo !== undefined) tally.todo++;
    else if (type === 'test:pass') tally.pass++;
    else if (data.details.error?.failureType === 'cancelledByParent') tally.cancelled++;
    else tally.fail++;
  }
  yield `${JSON.stringify(files)}\n`;
}
