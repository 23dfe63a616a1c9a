// Finished restores (single or batch): what the Compare view can show. A result is compared against
// its original, or (A/B) against another result of the same photo (another pack, another seed). The
// list survives a reload (lib/session-memory.ts); the host is asked again whether each file is there.
import { isStringList, recall, remember } from '../lib/session-memory.ts';

export interface ResultPair {
  input: string;
  output: string;
}

const MAX_RESULTS = 200;
const isPairList = (value: unknown): value is ResultPair[] =>
  Array.isArray(value) && value.every((p) => typeof p?.input === 'string' && typeof p?.output === 'string');

class ResultsState {
  list = $state<ResultPair[]>(recall('results', isPairList)?.slice(0, MAX_RESULTS) ?? []);
  current = $state<ResultPair | null>(null);
  /** The other side of the comparison: another result's output, or null for the original photo. */
  against = $state<string | null>(null);

  constructor() {
    const [output, against] = recall('compare', isStringList) ?? [];
    this.current = this.list.find((p) => p.output === output) ?? this.list[0] ?? null;
    this.against = this.siblings.some((p) => p.output === against) ? against! : null;
  }

  /** Other results of the current photo: what it can be A/B-compared with. */
  get siblings(): ResultPair[] {
    const current = this.current;
    return current ? this.list.filter((p) => p.input === current.input && p.output !== current.output) : [];
  }

  add(pair: ResultPair, select = false): void {
    const rest = this.list.filter((p) => p.output !== pair.output);
    this.list = [pair, ...rest].slice(0, MAX_RESULTS);
    if (select || !this.current) this.#show(pair, null);
    this.#save();
  }

  select(output: string): void {
    const pair = this.list.find((p) => p.output === output);
    if (pair) this.#show(pair, this.against === output ? null : this.against);
  }

  /** A/B: compare the current result with `output` (another result of the same photo), or null: the original. */
  compareWith(output: string | null): void {
    this.against = output !== null && this.siblings.some((p) => p.output === output) ? output : null;
    this.#save();
  }

  /** Forgets a result whose files are gone. */
  forget(output: string): void {
    this.list = this.list.filter((p) => p.output !== output);
    if (this.current?.output === output) this.#show(this.list[0] ?? null, null);
    if (this.against === output) this.against = null;
    this.#save();
  }

  #show(pair: ResultPair | null, against: string | null): void {
    this.current = pair;
    this.against = against !== null && this.siblings.some((p) => p.output === against) ? against : null;
    this.#save();
  }

  #save(): void {
    remember('results', this.list);
    remember('compare', [this.current?.output ?? '', this.against ?? '']);
  }
}

export const results = new ResultsState();
