"""dvar.train.loop.train_loop in one process: step budget, log cadence, checkpoints, non-finite values."""

import json
import math

import pytest

from dvar.train.loop import train_loop
from dvar.train.run_log import RunLog


def _run(tmp_path, steps, minutes=10.0, value=lambda step: 1.0 / (step + 1), start=0, log_every=2):
    seen, saves = [], []

    def step_fn(step, progress):
        seen.append((step, progress))
        return {"loss": value(step)}

    out = train_loop(
        step_fn,
        lambda s, e: saves.append(s),
        RunLog(tmp_path / "log.jsonl"),
        "t",
        start,
        0.0,
        steps,
        minutes,
        ckpt_minutes=100,
        log_every=log_every,
    )
    return out, seen, saves


def test_steps_budget_log_cadence_and_final_checkpoint(tmp_path):
    (step, elapsed, rec), seen, saves = _run(tmp_path, 5)
    assert step == 5 and [s for s, _ in seen] == [0, 1, 2, 3, 4] and saves == [5] and elapsed >= 0
    progress = [p for _, p in seen]
    assert progress == sorted(progress) and progress[0] < 0.01 and progress[-1] >= 0.8
    logged = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in logged] == [1, 2, 4, 5]  # the first, every 2nd and the last
    assert rec["loss"] == pytest.approx(1 / 5) and logged[-1]["loss"] == pytest.approx(1 / 5)


def test_resume_continues_from_its_step_and_spent_budget_trains_nothing(tmp_path):
    (step, _, _), seen, saves = _run(tmp_path, 5, start=3)
    assert step == 5 and [s for s, _ in seen] == [3, 4] and saves == [5]
    (step, _, rec), seen, saves = _run(tmp_path, 5, minutes=0.0)
    assert step == 0 and seen == [] and saves == [0] and rec == {}


def test_non_finite_value_stops_before_the_final_checkpoint(tmp_path):
    saves = []
    with pytest.raises(FloatingPointError, match="non-finite value at step 2"):
        train_loop(
            lambda step, progress: {"loss": math.nan if step == 1 else 1.0},
            lambda s, e: saves.append(s),
            RunLog(tmp_path / "log.jsonl"),
            "t",
            0,
            0.0,
            5,
            10.0,
            ckpt_minutes=100,
            log_every=1,
        )
    assert saves == []  # the last good checkpoint stays
