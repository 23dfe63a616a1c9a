// Finished restores (single or batch): the pairs the Compare view can show.
export interface ResultPair {
  input: string;
  output: string;
}

class ResultsState {
  list = $state<ResultPair[]>([]);
  current = $state<ResultPair | null>(null);

  add(pair: ResultPair, select = false): void {
    const rest = this.list.filter((p) => p.output !== pair.output);
    this.list = [pair, ...rest].slice(0, 200);
    if (select || !this.current) this.current = pair;
  }

  select(output: string): void {
    this.current = this.list.find((p) => p.output === output) ?? this.current;
  }
}

export const results = new ResultsState();
