"""Training stages for a few steps on the CPU with a synthetic sampler, resume, metrics."""

import json
import math

import pytest
import torch
import torch.nn.functional as F

from dvar.model.config import fixture_config
from dvar.model.model import DVAR
from dvar.train import ablations, run_all, stage0_tokenizer, stage1_encoder, stage2_transformer
from dvar.train import common as C
from dvar.train import evaluate as E
from dvar.train.evaluate import bicubic, evaluate, psnr_y, sharpness, ssim_y
from dvar.train.stage2_transformer import teacher_forcing


class FakePhotos:
    train, dev = ["a.png", "b.png"], ["c.png"]
    credits = [{"file": "a.png", "author": "synthetic"}]


class FakeSampler:
    """Same `sample` contract as dvar.data.pairs.PairSampler: smooth random HQ, area-downsampled LQ."""

    def __init__(self, seed=0):
        self.seed, self.calls = seed, 0

    def sample(self, batch, size, step=None):
        H, W = size
        n, self.calls = (self.calls if step is None else step), self.calls + 1
        g = torch.Generator().manual_seed(self.seed * 100003 + n)
        base = torch.rand(batch, 3, H // 8 + 1, W // 8 + 1, generator=g)
        hq = F.interpolate(base, size=(H, W), mode="bicubic", align_corners=False).clamp(0, 1)
        return F.interpolate(hq, size=(H // 4, W // 4), mode="area"), hq


@pytest.fixture
def fake_data(monkeypatch):
    monkeypatch.setattr(C, "load_data", lambda degradation, seed, max_side: (FakePhotos(), FakeSampler(seed)))
    monkeypatch.setattr(
        C, "load_dev", lambda photos, degradation, limit=0, hq_size=None: [FakeSampler(123).sample(1, (64, 64)) for _ in range(2)]
    )


def _log(run):
    return [json.loads(line) for line in (run / "log.jsonl").read_text().splitlines()]


def _common(run, steps, sizes="64-96"):
    return [
        "--run",
        str(run),
        "--steps",
        str(steps),
        "--batch",
        "2",
        "--sizes",
        sizes,
        "--device",
        "cpu",
        "--threads",
        "1",
        "--warmup",
        "2",
    ]


# ---- metrics ----------------------------------------------------------------------------------------


def test_psnr_of_known_mse():
    ref = torch.full((1, 3, 32, 32), 100 / 255)
    out = torch.full((1, 3, 32, 32), 102 / 255)
    dy = 219.0 * 2 / 255  # gray: Y = 16 + 219 v (coefficients sum to 219)
    assert psnr_y(out, ref) == pytest.approx(10 * math.log10(255**2 / dy**2), abs=1e-6)
    border_only = ref.clone()
    border_only[..., :4, :] = 0  # differences inside the 4-pixel border do not count
    assert psnr_y(border_only, ref) > 100


def test_ssim_and_sharpness():
    x = FakeSampler(1).sample(1, (64, 64))[1]
    assert ssim_y(x, x) == pytest.approx(1.0, abs=1e-12)
    assert sharpness(x, x) == pytest.approx(1.0)
    noisy = (x + 0.1 * torch.randn_like(x)).clamp(0, 1)
    assert ssim_y(noisy, x) < 0.9
    blurred = F.avg_pool2d(x, 5, 1, 2)
    assert sharpness(blurred, x) < 0.9 and sharpness(noisy, x) > 1.0


def test_evaluate_identity_and_bicubic():
    pairs = [FakeSampler(2).sample(1, (64, 64)) for _ in range(2)]
    ident = evaluate(lambda lq: lq, [(hq, hq) for _, hq in pairs])
    assert ident["psnr_y"] > 40 and ident["ssim_y"] == pytest.approx(1.0) and ident["sharpness"] == pytest.approx(1.0)
    bic = evaluate(bicubic, pairs)
    assert 15 < bic["psnr_y"] < 60 and 0 < bic["ssim_y"] < 1 and bic["pairs"] == 2
    torch.manual_seed(0)
    model = DVAR(fixture_config())
    out = evaluate(model, pairs[:1])
    assert math.isfinite(out["psnr_y"]) and 0 < out["sharpness"]


# ---- stage 2 teacher forcing ------------------------------------------------------------------------


def test_recompute_without_corruption_equals_consistent_targets():
    torch.manual_seed(0)
    model = DVAR(fixture_config())
    q = model.quantizer
    f_hq, f_lq = torch.randn(2, 16, 8, 12), torch.randn(2, 16, 8, 12)
    sched = model.schedule(8, 12)
    ref = q.consistent_targets(f_hq, f_lq, sched)
    targets, inputs = teacher_forcing(q, f_hq, f_lq, sched, corrupt=lambda k, t: t, recompute=True)
    assert all(torch.equal(a, b) for a, b in zip(targets, ref["targets"]))
    for a, b in zip(inputs, ref["inputs"]):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)
    gt_targets, _ = teacher_forcing(q, f_hq, f_lq, sched, corrupt=lambda k, t: t, recompute=False)
    assert all(torch.equal(a, b) for a, b in zip(gt_targets, ref["targets"]))
    # corrupting scale 2 changes the inputs of scale 3 on; recomputed targets follow, GT targets do not
    flip = lambda k, t: (t + 1) % q.V if k == 1 else t  # noqa: E731
    t_re, in_re = teacher_forcing(q, f_hq, f_lq, sched, corrupt=flip, recompute=True)
    t_gt, in_gt = teacher_forcing(q, f_hq, f_lq, sched, corrupt=flip, recompute=False)
    torch.testing.assert_close(in_re[0], ref["inputs"][0])
    assert not torch.allclose(in_re[1], ref["inputs"][1])
    torch.testing.assert_close(in_re[1], in_gt[1])
    assert torch.equal(t_gt[1], ref["targets"][1]) and torch.equal(t_re[0], ref["targets"][0])


# ---- stages -----------------------------------------------------------------------------------------


def test_stages_train_and_resume(tmp_path, fake_data):
    r0, r1, r2 = tmp_path / "s0", tmp_path / "s1", tmp_path / "s2"
    m0 = stage0_tokenizer.main(_common(r0, 2) + ["--preset", "fixture"])
    assert math.isfinite(m0["psnr_y_quantized"]) and math.isfinite(m0["psnr_y_continuous"])
    stage0_tokenizer.main(_common(r0, 3) + ["--preset", "fixture"])  # resume: one more step
    ck = C.load_checkpoint(r0 / C.CKPT)
    steps = [r["step"] for r in _log(r0) if "loss" in r]
    assert ck["step"] == 3 and steps == [1, 2, 3] and all(math.isfinite(r["loss"]) for r in _log(r0) if "loss" in r)

    m1 = stage1_encoder.main(_common(r1, 2) + ["--init", str(r0 / C.CKPT), "--adv-start", "1"])
    assert {"bicubic", "token path (E_dr, no transformer)"} <= set(m1)
    assert all(math.isfinite(r["loss"]) and math.isfinite(r["d"]) for r in _log(r1) if "loss" in r)
    stage1_encoder.main(_common(r1, 3) + ["--init", str(r0 / C.CKPT), "--adv-start", "1"])
    ck1 = C.load_checkpoint(r1 / C.CKPT)
    assert ck1["step"] == 3 and set(ck1["training"]) == {"stage0", "stage1"} and "stage0" in ck1["metrics"]

    m2 = stage2_transformer.main(_common(r2, 2) + ["--init", str(r1 / C.CKPT)])
    assert math.isfinite(m2["DVAR (greedy)"]["psnr_y"])
    stage2_transformer.main(_common(r2, 3) + ["--init", str(r1 / C.CKPT)])
    ck2 = C.load_checkpoint(r2 / C.CKPT)
    assert ck2["step"] == 3 and int(ck2["dss"]["updates"][1]) == 3
    recs = [r for r in _log(r2) if "loss" in r]
    assert [r["step"] for r in recs] == [1, 2, 3] and all(math.isfinite(r["loss"]) for r in recs)
    # the frozen parts did not move
    ref = C.load_checkpoint(r1 / C.CKPT)["model"]
    assert all(torch.equal(ck2["model"][k], ref[k]) for k in ref if k.startswith(("tokenizer.", "dr_encoder.")))

    report = E.main(["--checkpoint", str(r2 / C.CKPT), "--device", "cpu", "--threads", "1"])
    assert set(report["results"]) == {
        "bicubic",
        "token path (E_dr, no transformer)",
        "DVAR (greedy)",
        "DVAR + wavelet fidelity guard",
        "DVAR + adain fidelity guard",
    }
    assert (r2 / "eval_realesrgan.json").exists()

    # ablation flags run and are recorded; a tiny attention budget shrinks the batch to 1
    r3 = tmp_path / "s2_ablate"
    stage2_transformer.main(
        _common(r3, 1)
        + [
            "--init",
            str(r1 / C.CKPT),
            "--no-dss",
            "--fixed-start",
            "--no-size-embed",
            "--single-size",
            "64",
            "--dss-targets",
            "gt",
            "--attn-gb",
            "1e-6",
        ]
    )
    ck3 = C.load_checkpoint(r3 / C.CKPT)
    t = ck3["training"]["stage2"]
    assert t["fixed_start"] and t["no_size_embed"] and t["sizes"] == "64"
    assert [r["B"] for r in _log(r3) if "loss" in r] == [1] and "condition.inner.proj.0.weight" not in ck3["model"]
    model, _ = E.load_model(r3 / C.CKPT)
    assert model.schedule(32, 32)[0] == (1, 1) and isinstance(model.condition, C.ZeroSize)


def test_ablations_run_as_separate_processes_then_gather(tmp_path, fake_data, monkeypatch):
    r0, r1, runs = tmp_path / "s0", tmp_path / "s1", tmp_path / "abl"
    stage0_tokenizer.main(_common(r0, 1) + ["--preset", "fixture"])
    stage1_encoder.main(_common(r1, 1) + ["--init", str(r0 / C.CKPT)])
    monkeypatch.setattr(ablations, "EVAL_SIZES", [(64, 64), (64, 96)])
    common = [
        "--init",
        str(r1 / C.CKPT),
        "--steps",
        "2",
        "--sizes",
        "64-96",
        "--runs",
        str(runs),
        "--device",
        "cpu",
        "--threads",
        "1",
        "--batch",
        "2",
    ]
    ablations.main(common + ["--only", "1"])
    ablations.main(common + ["--only", "3"])  # as a second process would
    table = ablations.main(["--table-only", "--runs", str(runs)])
    rows = [row for row in table.splitlines() if row.startswith("| ") and "variant" not in row]
    assert [r.split(" | ")[0] for r in rows] == ["| full model", "| fixed 1x1 start instead of the dynamic start token"]
    assert all(r.split(" | ")[1] == "2" for r in rows) and (runs / "ablations.md").read_text().strip() == table
    result = json.loads((runs / "v3" / "result.json").read_text())
    assert set(result["by_size"]) == {"64x64", "64x96"} and set(result["by_size"]["64x96"]) == {"greedy", "wavelet"}


def test_run_all_with_text_and_fusion(tmp_path, fake_data):
    out = tmp_path / "pack"
    metrics = run_all.main(
        [
            "--preset",
            "fixture-text",
            "--runs",
            str(tmp_path / "runs"),
            "--out",
            str(out),
            "--steps0",
            "1",
            "--steps1",
            "1",
            "--steps2",
            "1",
            "--sizes0",
            "64",
            "--sizes1",
            "64",
            "--sizes2",
            "64",
            "--batch",
            "2",
            "--device",
            "cpu",
            "--threads",
            "1",
            "--minutes3",
            "5",
            "--steps3",
            "1",
            "--version",
            "0.3.0",
            "--bottom-context",
            "4",
        ]
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["decoder"]["lqFusion"] and manifest["text"] is not None
    assert manifest["version"] == "0.3.0" and manifest["runtime"]["bottomContext"] == 4
    assert set(manifest["provenance"]["training"]) == {"stage0", "stage1", "stage2", "stage3"}
    assert manifest["provenance"]["training"]["stage3"]["decoder_only"] and "DVAR (greedy)" in metrics["stage3"]
    s2 = C.load_checkpoint(tmp_path / "runs" / "stage2" / C.CKPT)["model"]
    s3 = C.load_checkpoint(tmp_path / "runs" / "stage3" / C.CKPT)["model"]
    assert all(torch.equal(s2[k], s3[k]) for k in s2 if not k.startswith("tokenizer.decoder."))  # decoder only
    assert any(not torch.equal(s2[k], s3[k]) for k in s2 if k.startswith("tokenizer.decoder."))
    assert "dev_bicubic" in metrics and manifest["provenance"]["data"]["credits"][0]["author"] == "synthetic"


def test_fidelity_guard_matches_reference_and_fixes_colour():
    import torch

    from dvar.model.fidelity import apply_fidelity_guard

    torch.manual_seed(0)
    lq = torch.rand(1, 3, 8, 10)
    ref = torch.nn.functional.interpolate(lq, scale_factor=4, mode="bicubic", align_corners=False)
    assert apply_fidelity_guard("off", ref, lq) is ref
    for guard in ("wavelet", "adain"):
        same = apply_fidelity_guard(guard, ref.clamp(0, 1), lq)
        assert (same - ref.clamp(0, 1)).abs().max() < 0.02
        cast = (ref * 0.7 + 0.2).clamp(0, 1)
        fixed = apply_fidelity_guard(guard, cast, lq)
        assert (fixed.mean((2, 3)) - ref.clamp(0, 1).mean((2, 3))).abs().max() < 0.02
    # fewer wavelet levels keep more of the reference (the engine's fidelityGuardLevels)
    noisy = (ref + 0.2 * torch.randn_like(ref)).clamp(0, 1)
    errs = [(apply_fidelity_guard("wavelet", noisy, lq, levels=n) - ref.clamp(0, 1)).pow(2).mean() for n in (2, 3, 5)]
    assert errs[0] < errs[1] < errs[2]
