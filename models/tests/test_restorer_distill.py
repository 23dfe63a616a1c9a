"""The branch distillation (dvar.restorer.distill) for a few steps on the CPU with a synthetic sampler:
the GAN and edge terms train once --adv-start is reached, and a run resumes where it stopped, the
discriminator included."""

import json

import torch
from test_train_smoke import FakePhotos, FakeSampler  # tests/ is on sys.path (pytest prepends it)

from dvar.restorer import distill
from dvar.train import common as C


def _run(out, minutes):
    distill.main(
        [
            "--blocks",
            "1",
            "--minutes",
            str(minutes),
            "--batch",
            "2",
            "--hq-size",
            "32",
            "--threads",
            "1",
            "--edge",
            "1",
            "--adv",
            "0.1",
            "--adv-start",
            "3",
            "--ckpt-minutes",
            "100",
            "--out",
            str(out),
        ]
    )


def test_distill_with_gan_and_edge_trains_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setattr(C, "load_data", lambda degradation, seed, max_side: (FakePhotos(), FakeSampler(seed)))
    out = tmp_path / "student.pt"
    _run(out, 0.03)
    first = torch.load(out, map_location="cpu")
    assert first["step"] > 3 and first["blocks"] == 1 and first["adv"] == 0.1
    assert set(first) >= {"student", "opt", "disc", "dopt"}
    log = [json.loads(line) for line in out.with_suffix(".jsonl").read_text().splitlines()]
    late = [r for r in log if r["step"] > 3]
    assert late and all(r["d"] > 0 for r in late), "the discriminator trains from --adv-start on"
    assert any(r["edge"] > 0 for r in log)
    _run(out, 0.06)
    second = torch.load(out, map_location="cpu")
    assert second["step"] > first["step"]
    changed = [not torch.equal(second["disc"][k], first["disc"][k]) for k in first["disc"]]
    assert any(changed), "the resumed run kept training the discriminator it loaded"
