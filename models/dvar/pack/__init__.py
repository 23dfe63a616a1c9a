"""Model packs: ONNX export of the graphs, the manifest and weights, the pack runner that replays the
engine's loop in Python, FLOP counts, and the fixture packs and parity vectors the TypeScript tests read."""
