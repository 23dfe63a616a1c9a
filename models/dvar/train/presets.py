"""Named model configurations for training (config.py holds the dataclasses; sizes live here)."""

from __future__ import annotations

from ..model.config import DVARConfig, TokenizerConfig, TransformerConfig, fixture_config


def default() -> DVARConfig:
    """The shipped pack. Latent downsample 16 (the paper's): at 8 the transformer sees 4x the tokens and
    its attention 16x the pairs, which measured 4x slower per output megapixel on 2 CPU threads
    (random-weight packs: ~82 vs ~22 s/MP, same machine, under load); fidelity comes back through the
    decoder's LQ fusion. Conv widths start at 16 and double at every level: the full- and half-resolution
    levels dominate the encoder and decoder cost per output pixel, and at 32/64 they made the pack 2-3x
    slower than UpscalerJS esrgan-medium in the same process."""
    return DVARConfig(
        tokenizer=TokenizerConfig(
            downsample=16,
            latent_channels=32,
            codebook_size=1024,
            base_channels=16,
            channel_mult=(1, 2, 4, 4, 8),
            res_blocks=1,
            feature_channels=128,
            lq_fusion=True,
        ),
        transformer=TransformerConfig(layers=4, width=256, heads=4, cond_dim=256, attention="prefix_current"),
        text=None,
    )


def small() -> DVARConfig:
    """About a quarter of `default`'s compute: quick end-to-end runs on the CPU."""
    return DVARConfig(
        tokenizer=TokenizerConfig(
            downsample=8,
            latent_channels=16,
            codebook_size=512,
            base_channels=16,
            channel_mult=(1, 2, 4, 4),
            res_blocks=1,
            feature_channels=64,
            lq_fusion=True,
        ),
        transformer=TransformerConfig(layers=2, width=128, heads=2, cond_dim=128, attention="prefix_current", prefix_blocks=1),
        text=None,
    )


PRESETS = {
    "default": default,
    "small": small,
    "fixture": fixture_config,
    "fixture-text": lambda: fixture_config(text=True),
}  # tests


def get_preset(name: str) -> DVARConfig:
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose from {sorted(PRESETS)}")
    return PRESETS[name]()
