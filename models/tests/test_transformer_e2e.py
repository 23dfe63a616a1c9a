"""The transformer fine-tune through the pack's tail (dvar.restorer.transformer_e2e): its rollout is the
engine's greedy token path, the straight-through f_hat is the tokens' own with gradients into the
logits, and a run reads its cached crops, logs its learning curve and keeps the epoch its held-out crops score best."""

import json
from pathlib import Path

import numpy as np
import torch

from dvar.model.rope import rope_positions
from dvar.pack.pack_runner import PackTokenPath
from dvar.pack.transformer_weights import load_pack_transformer
from dvar.restorer import transformer_e2e as E

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"


def _crop(runner: PackTokenPath, seed: int, size=(64, 48)) -> dict:
    g = torch.Generator().manual_seed(seed)
    hq = torch.rand(1, 3, *size, generator=g)
    lq = torch.nn.functional.avg_pool2d(hq, 4)
    latent, features = runner.s["encoder"].run(None, {"lq": lq.numpy()})
    _, edr = runner.residual_tokens(latent)
    restored = torch.nn.functional.interpolate(lq, scale_factor=4, mode="bilinear")
    return {
        "size": size,
        "features": torch.from_numpy(features[0]),
        "edr_tokens": [torch.from_numpy(t.astype(np.int64)) for t in edr],
        "lq": lq[0],
        "hq": hq[0],
        "restored": restored[0],
    }


def test_the_rollout_chooses_the_engine_s_tokens():
    runner, m = PackTokenPath(TINY, threads=1), load_pack_transformer(TINY).eval()
    crop = _crop(runner, 0)
    _, expected = runner.run(crop["lq"][None].numpy())
    ours = E.rollout(m, [crop])
    assert [t[0].tolist() for t in ours] == [t.tolist() for t in expected]


def test_the_straight_through_f_hat_is_the_tokens_own_and_passes_gradients_to_the_logits():
    runner, m = PackTokenPath(TINY, threads=1), load_pack_transformer(TINY).eval()
    crop = _crop(runner, 1)
    hl, wl, sched = E.schedule_of(m, crop["size"])
    tokens = E.rollout(m, [crop])
    frame = m.cfg.transformer.rope_frame
    logits = m.tr.forward_train(
        m.conv(crop["features"][None]),
        rope_positions(hl, wl, frame),
        m.q.teacher_forcing_inputs(tokens, sched),
        [rope_positions(h, w, frame) for h, w in sched[1:]],
        E._cond(m, crop["size"], 1),
    )
    assert [lg.argmax(-1).tolist() for lg in logits] == [t.tolist() for t in tokens[1:]]  # teacher forcing = rollout
    f_hat = E.straight_through_fhat(m, tokens, logits, sched)
    assert torch.allclose(f_hat, m.q.indices_to_fhat(tokens, sched), atol=1e-5)
    f_hat.pow(2).sum().backward()
    assert m.tr.head.weight.grad is not None and m.tr.head.weight.grad.abs().sum() > 0


def test_a_run_reads_its_cached_crops_logs_each_epoch_and_saves_the_weights(tmp_path):
    runner = PackTokenPath(TINY, threads=1)
    torch.save([_crop(runner, i) for i in range(6)], tmp_path / "crops.pt")
    out = tmp_path / "run"
    args = ["--pack", str(TINY), "--float-pack", str(TINY), "--cache", str(tmp_path / "crops.pt"), "--out", str(out)]
    result = E.main([*args, "--val", "2", "--epochs", "2", "--batch", "2", "--threads", "1"])
    rows = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in rows] == [0, 1, 2] and all("val_psnr_y" in r and "val_psnr_y_edr" in r for r in rows)
    best = max(rows, key=lambda r: r["val_psnr_y"])
    assert result == {"steps": 4, "epoch": best["epoch"]}  # the held-out crops' best epoch is the one kept
    if best["epoch"]:
        assert torch.load(out / "ckpt.pt")["epoch"] == best["epoch"]
    else:
        assert not (out / "ckpt.pt").exists()
