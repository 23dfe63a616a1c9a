"""A pack version with a fine-tuned transformer (dvar.pack.transformer_pack): the transformer read back
from a float32 pack and built into that pack's int8 version gives its prefix and step graphs byte for
byte; other weights give other graphs and nothing else changes."""

import filecmp
import json
from pathlib import Path

import pytest
import torch

from dvar.pack import transformer_pack
from dvar.pack.transformer_weights import load_pack_transformer
from dvar.quantize.int8_pack import build_int8_pack

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "test" / "fixtures" / "packs" / "tiny"


@pytest.fixture(scope="module")
def tiny_int8(tmp_path_factory):
    out = tmp_path_factory.mktemp("int8") / "tiny-int8"
    build_int8_pack(TINY, out, ["prefix", "step"], [], "none", "0.0.1")
    return out


def _graph_files(pack: Path) -> dict[str, str]:
    manifest = json.loads((pack / "manifest.json").read_text())
    return {g: manifest["graphs"][g]["file"] for g in ("prefix", "step")}


def test_the_read_back_transformer_rebuilds_the_int8_graphs_byte_for_byte(tiny_int8, tmp_path):
    out = tmp_path / "same"
    manifest = transformer_pack.build(load_pack_transformer(TINY), tiny_int8, out, "0.0.2", {"steps": 0})
    for g, name in _graph_files(tiny_int8).items():
        assert filecmp.cmp(out / name, tiny_int8 / name, shallow=False), g
    assert manifest["version"] == "0.0.2" and manifest["provenance"]["transformer"] == {"steps": 0}
    assert manifest["provenance"]["base"]["version"] == "0.0.1"


def test_other_weights_change_only_the_transformer_graphs(tiny_int8, tmp_path):
    module = load_pack_transformer(TINY)
    with torch.no_grad():
        module.tr.head.bias.add_(0.5)
    out = tmp_path / "tuned"
    manifest = transformer_pack.build(module, tiny_int8, out, "0.0.3", {"steps": 1})
    changed = {
        f.name for f in tiny_int8.iterdir() if f.name != "manifest.json" and not filecmp.cmp(f, out / f.name, shallow=False)
    }
    assert changed == {_graph_files(tiny_int8)["step"]}  # the head is in step only; prefix keeps its bytes
    assert (
        manifest["graphs"]["step"]["sha256"] != json.loads((tiny_int8 / "manifest.json").read_text())["graphs"]["step"]["sha256"]
    )


def test_the_base_pack_is_never_the_output(tiny_int8):
    with pytest.raises(ValueError, match="another folder than the base pack"):
        transformer_pack.build(load_pack_transformer(TINY), tiny_int8, tiny_int8, "0.0.4", {})
