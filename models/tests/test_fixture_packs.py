"""The committed fixture packs and parity vectors still match what the Python code produces.

If this fails, the model code changed under the fixtures: regenerate them with
`python -m dvar.pack.make_fixture_packs` (from models/) and commit the result.
"""

import base64
import json

import numpy as np
import pytest

from dvar.pack.make_fixture_packs import FIXTURES, PACKS, build_model, parity_vectors


def _decode(entry):
    return np.frombuffer(base64.b64decode(entry["data"]), dtype="<f4")


@pytest.mark.parametrize("name", sorted(PACKS))
def test_parity_vectors_are_current(name):
    text, attention, seed, size, prompt, cfg = PACKS[name]
    committed = json.loads((FIXTURES / "parity" / f"{name}.json").read_text())
    fresh = parity_vectors(build_model(text, attention, seed), size, prompt, cfg, seed)
    assert fresh["schedule"] == committed["schedule"]
    assert fresh["tokens"] == committed["tokens"]
    assert np.abs(_decode(fresh["image"]) - _decode(committed["image"])).max() < 1e-5


@pytest.mark.parametrize("name", sorted(PACKS))
def test_manifest_matches_config(name):
    manifest = json.loads((FIXTURES / "packs" / name / "manifest.json").read_text())
    text, attention, *_ = PACKS[name]
    assert manifest["transformer"]["attention"] == attention
    assert (manifest["text"] is not None) == text
    assert set(manifest["graphs"]) >= {
        "encoder",
        "condition",
        "prefix",
        "quantize",
        "fhat_update",
        "next_input",
        "step",
        "decoder",
    }
    assert ("text_encoder" in manifest["graphs"]) == text
    K = len(manifest["schedule"]["canonicalScales"])
    assert len(manifest["phi"]["table"]) == K
    assert (
        manifest["schedule"]["baseResolution"] == manifest["schedule"]["canonicalScales"][-1] * manifest["latent"]["downsample"]
    )
