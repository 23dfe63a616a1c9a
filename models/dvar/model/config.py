"""Model configuration: every size in one place, so a fixture pack and a trained pack share code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

# The paper's canonical scale sequence, defined at a base resolution whose latent side is its last entry.
PAPER_CANONICAL_SCALES = (1, 2, 3, 4, 5, 6, 8, 10, 13, 16)


@dataclass
class TokenizerConfig:
    downsample: int = 8  # d: output pixels per latent cell (power of two, >= upscale)
    latent_channels: int = 32  # C_vae
    codebook_size: int = 4096  # V
    base_channels: int = 32  # width of the first conv level
    channel_mult: tuple[int, ...] = (1, 2, 4, 4)  # one level per entry; len - 1 == log2(downsample)
    res_blocks: int = 1  # ResBlocks per level
    feature_channels: int = 128  # C_f of the penultimate feature map handed to the prefix convs
    phi_count: int = 4  # shared phi convolutions (VAR: 4)
    lq_fusion: bool = False  # decoder also sees the LQ image (fidelity path)
    row_filter: bool = False  # fixed vertical half-band filter on the decoder's own output (tokenizer.row_filter)


@dataclass
class TextConfig:
    max_tokens: int = 32
    width: int = 64  # D_t
    layers: int = 1
    heads: int = 2


@dataclass
class TransformerConfig:
    layers: int = 4
    width: int = 256  # C
    heads: int = 4
    mlp_ratio: float = 8 / 3  # SwiGLU hidden = int(width * mlp_ratio)
    cond_dim: int = 256  # D of the AdaLN condition
    rope_frame: float = 16.0  # F: every scale's positions map onto [0, F)
    rope_theta: float = 100.0
    attention: Literal["prefix_current", "block_causal"] = "prefix_current"
    prefix_blocks: int = 2  # conv blocks turning penultimate features into prefix tokens
    lora_rank: int = 0  # 0: plain linears; > 0: LoRA adapters on attention and MLP linears
    lora_alpha: float = 16.0


@dataclass
class DVARConfig:
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    transformer: TransformerConfig = field(default_factory=TransformerConfig)
    text: TextConfig | None = None
    canonical_scales: tuple[int, ...] = PAPER_CANONICAL_SCALES
    upscale: int = 4

    @property
    def base_resolution(self) -> int:
        return self.canonical_scales[-1] * self.tokenizer.downsample

    @property
    def input_multiple(self) -> int:
        return self.tokenizer.downsample // self.upscale

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> DVARConfig:
        tok = TokenizerConfig(**{**d["tokenizer"], "channel_mult": tuple(d["tokenizer"]["channel_mult"])})
        tr = TransformerConfig(**d["transformer"])
        text = TextConfig(**d["text"]) if d.get("text") else None
        return DVARConfig(tok, tr, text, tuple(d["canonical_scales"]), d["upscale"])


def fixture_config(text: bool = False, attention: str = "prefix_current") -> DVARConfig:
    """Tiny random-weight model for engine tests: a few MB exported."""
    return DVARConfig(
        tokenizer=TokenizerConfig(
            downsample=8,
            latent_channels=16,
            codebook_size=256,
            base_channels=16,
            channel_mult=(1, 2, 2, 4),
            res_blocks=1,
            feature_channels=32,
            lq_fusion=text,
        ),
        transformer=TransformerConfig(
            layers=2, width=64, heads=2, cond_dim=64, attention=attention, prefix_blocks=1, lora_rank=4 if text else 0
        ),
        text=TextConfig(max_tokens=24, width=32, layers=1, heads=2) if text else None,
    )
