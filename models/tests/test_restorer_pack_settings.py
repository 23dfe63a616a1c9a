"""A pack that differs from its base only in run-time settings (dvar.restorer.pack_settings): every other
file is copied byte for byte, the base is only read, the manifest records the base and what changed and
why; half-resolution tokens are refused without a restorer or with context rows that do not halve."""

import hashlib
import json
from pathlib import Path

import pytest

from dvar.restorer.pack_settings import build, retuned_manifest

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_settings_pack_copies_every_graph_and_records_what_changed(tmp_path):
    before = _digests(TINY)
    out = tmp_path / "tiny-retuned"
    m = build(TINY, out, "9.9.9", None, 3, "a test")
    assert _digests(TINY) == before, "the base pack is only read"
    after = _digests(out)
    assert {k: v for k, v in after.items() if k != "manifest.json"} == {k: v for k, v in before.items() if k != "manifest.json"}
    written = json.loads((out / "manifest.json").read_text())
    assert written == m and m["version"] == "9.9.9" and m["fidelityGuardLevels"] == 3
    assert m["provenance"]["settings"] == {"fidelityGuardLevels": 3} and m["provenance"]["why"] == "a test"
    base = json.loads((TINY / "manifest.json").read_text())
    assert m["provenance"]["base"] == {"name": base["name"], "version": base["version"], "provenance": base.get("provenance")}
    assert {k: v for k, v in m.items() if k not in ("version", "provenance", "fidelityGuardLevels")} == {
        k: v for k, v in base.items() if k not in ("version", "provenance", "fidelityGuardLevels")
    }
    with pytest.raises(ValueError, match="another folder than the base pack"):
        build(TINY, TINY, "9.9.9", None, 3, "a test")


def test_half_resolution_tokens_need_a_restorer_and_context_that_halves():
    base = json.loads((TINY / "manifest.json").read_text())
    with pytest.raises(ValueError, match="need a pack with a restorer"):
        retuned_manifest(base, "1", "half", None, "x")
    with_restorer = {
        **base,
        "restorer": {"name": "r", "licence": "BSD-3-Clause", "credit": "c"},
        "runtime": {**base["runtime"], "bottomContext": 2 * base["input"]["multiple"]},
    }
    assert retuned_manifest(with_restorer, "1", "half", None, "x")["runtime"]["tokenResolution"] == "half"
    odd = {**with_restorer, "runtime": {**with_restorer["runtime"], "bottomContext": base["input"]["multiple"]}}
    with pytest.raises(ValueError, match="must halve into whole tiles"):
        retuned_manifest(odd, "1", "half", None, "x")
    with pytest.raises(ValueError, match="guard depth"):
        retuned_manifest(base, "1", None, 9, "x")
