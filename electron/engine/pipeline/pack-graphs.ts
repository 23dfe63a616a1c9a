// The open graph sessions of one pack, by graph name.
import type { GraphSession } from '../runtime/graph-session.ts';

export type GraphName = 'encoder' | 'condition' | 'text_encoder' | 'prefix' | 'quantize' | 'fhat_update' | 'next_input' | 'step' | 'decoder' | 'restorer';

export type PackGraphs = { [K in GraphName]?: GraphSession };

export function graph(graphs: PackGraphs, name: GraphName): GraphSession {
  const session = graphs[name];
  if (!session) throw new Error(`graph ${name} is not open`);
  return session;
}
