"""DVAR: dynamic visual autoregressive super-resolution (CVPR 2026), our PyTorch implementation."""
