"""The DVAR model: tokenizer, degradation-robust encoder, prefix, size embedding, attention mask and the
scale-by-scale transformer, with their configuration and the fidelity guard the engine mirrors."""
