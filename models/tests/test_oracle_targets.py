"""Cached token targets (dvar.restorer.oracle_targets) and the transformer fine-tune that reads them
(dvar.restorer.transformer_finetune): a record holds what teacher forcing needs, scale 1 stays E_dr's
dynamic start token, and the fine-tune learns cached targets and logs its learning curve."""

import json
from pathlib import Path

import torch

from dvar.model.schedule import rescaled_schedule
from dvar.pack.pack_weights import pack_codebook
from dvar.pack.transformer_weights import load_pack_transformer
from dvar.restorer import transformer_finetune
from dvar.restorer.oracle_targets import TargetMaker

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "models" / "packs" / "default"
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"


def test_a_record_holds_the_targets_inputs_and_e_dr_s_own_tokens():
    torch.manual_seed(0)
    hq = torch.rand(1, 3, 128, 192)
    lq = torch.nn.functional.avg_pool2d(hq, 4)
    r = TargetMaker(DEFAULT, threads=1, iters=2, lr=0.05).record(lq, hq)
    sched = rescaled_schedule(8, 12, (1, 2, 3, 4, 5, 6, 8, 10, 13, 16))
    n = sum(h * w for h, w in sched[1:])
    assert r["size"] == (128, 192) and r["features"].shape == (128, 8, 12)
    assert r["inputs"].shape == r["edr_inputs"].shape == (n, 32)
    assert r["targets"].shape == r["edr_targets"].shape == (n,) and r["targets"].dtype == torch.int16
    # each target token is the code nearest to what its scale should add (up to float16 storage)
    codebook, residuals = pack_codebook(DEFAULT), r["residuals"].float()
    nearest = torch.cdist(residuals, codebook).argmin(-1)
    assert (nearest == r["targets"].long()).float().mean() > 0.98
    first = sched[1][0] * sched[1][1]
    # scale 2's input is f_hat after scale 1 alone: the same dynamic start token for targets and E_dr
    assert torch.equal(r["inputs"][:first], r["edr_inputs"][:first])


def _synthetic_shards(folder: Path, cfg, codebook: torch.Tensor, count: int) -> None:
    """Records of the tiny pack's shapes whose targets are a fixed function of the inputs (learnable)."""
    g = torch.Generator().manual_seed(3)
    H = W = 2 * cfg.tokenizer.downsample
    sched = rescaled_schedule(2, 2, cfg.canonical_scales)
    n = sum(h * w for h, w in sched[1:])
    for i in range(count):
        inputs = torch.randn(n, cfg.tokenizer.latent_channels, generator=g)
        targets = (inputs[:, 0] > 0).to(torch.int16) * 3
        residuals = codebook[targets.long()] + 0.01 * torch.randn(n, cfg.tokenizer.latent_channels, generator=g)
        record = {
            "size": (H, W),
            "features": torch.randn(cfg.tokenizer.feature_channels, 2, 2, generator=g).half(),
            "inputs": inputs.half(),
            "targets": targets,
            "residuals": residuals.half(),
            "edr_targets": torch.zeros(n, dtype=torch.int16),
            "edr_inputs": inputs.half(),
        }
        torch.save([record] * 4, folder / f"shard-{i:04d}.pt")


def test_the_fine_tune_learns_cached_targets_and_logs_each_epoch(tmp_path):
    cfg = load_pack_transformer(TINY).cfg
    (tmp_path / "targets").mkdir()
    _synthetic_shards(tmp_path / "targets", cfg, pack_codebook(TINY), 2)
    out = tmp_path / "run"
    transformer_finetune.main(
        [
            "--float-pack",
            str(TINY),
            "--targets",
            str(tmp_path / "targets"),
            "--out",
            str(out),
            "--epochs",
            "3",
            "--lr",
            "3e-3",
            "--batch",
            "2",
            "--threads",
            "1",
        ]
    )
    rows = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in rows] == [0, 1, 2, 3]
    assert rows[-1]["train_loss"] < rows[1]["train_loss"]
    assert rows[-1]["val_loss"] < rows[0]["val_loss"] and rows[0]["val_acc_edr"] < 1
    assert torch.load(out / "ckpt.pt")["steps"] == 6
