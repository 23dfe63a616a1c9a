"""Training: stage 0 tokenizer, stage 1 degradation-robust encoder, stage 2 transformer (with DSS),
evaluation and the one-command pipeline (run_all). Run from models/: python -m dvar.train.run_all."""
