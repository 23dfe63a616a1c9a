"""Tokens fitted through a restorer pack's tail (dvar.restorer.token_fit): the engine's finish for a restorer pack, and the
latent fit that stands for the best tokens a predictor could choose."""

import json
from pathlib import Path

import torch

from dvar.model.fidelity import apply_fidelity_guard
from dvar.pack.pack_runner import PackTokenPath
from dvar.restorer.decoder_finetune import pack_decoder
from dvar.restorer.token_fit import PackFinish, Tail, fit_latent, luma_error

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"
RESTORER = {"detailLevels": 2, "detailIn": "luma", "lumaDetailGain": {"gain": 1.1, "levels": 3}}


def _loss(tail: Tail, f_hat, restored, lq, hq) -> float:
    with torch.no_grad():
        return float(luma_error(tail(torch.from_numpy(f_hat), lq, restored), hq).mean())


def test_the_finish_keeps_the_input_s_coarse_bands_whatever_the_decoder_says():
    finish = PackFinish({"restorer": RESTORER, "fidelityGuard": "wavelet", "fidelityGuardLevels": 6})
    torch.manual_seed(0)
    restored, lq = torch.rand(1, 3, 64, 64), torch.rand(1, 3, 16, 16)
    a, b = finish(torch.rand(1, 3, 64, 64), restored, lq), finish(torch.rand(1, 3, 64, 64), restored, lq)
    assert not torch.equal(a, b)  # the decoder's middle bands reach the output
    guarded = apply_fidelity_guard("wavelet", restored, lq, 4, 6)
    assert (a - guarded).abs().mean() < (a - restored).abs().mean()


def test_fitted_tokens_bring_the_output_closer_to_the_truth_than_e_dr_s():
    manifest = json.loads((TINY / "manifest.json").read_text())
    finish = PackFinish({**manifest, "restorer": RESTORER, "fidelityGuard": "wavelet", "fidelityGuardLevels": 3})
    runner, tail = PackTokenPath(TINY, threads=1), Tail(pack_decoder(TINY), finish)
    torch.manual_seed(1)
    hq = torch.rand(1, 3, 64, 48)
    lq = torch.nn.functional.avg_pool2d(hq, 4)
    restored = torch.nn.functional.interpolate(lq, scale_factor=4, mode="bilinear")
    start = runner.f_hat(lq.numpy(), transformer=False)
    fitted = runner.quantized(fit_latent(tail, start, restored, lq, hq, 15, 0.05, runner.quantized))
    assert _loss(tail, fitted, restored, lq, hq) < _loss(tail, start, restored, lq, hq)
