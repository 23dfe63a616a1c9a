import numpy as np
import onnxruntime as ort
import torch

from dvar.model.config import PAPER_CANONICAL_SCALES, TokenizerConfig
from dvar.model.dr_encoder import DegradationRobustEncoder
from dvar.model.prefix import PrefixConv
from dvar.model.tokenizer import Decoder, Encoder, VQTokenizer

CFG = TokenizerConfig(
    downsample=8,
    latent_channels=8,
    codebook_size=64,
    base_channels=8,
    channel_mult=(1, 2, 2, 4),
    res_blocks=1,
    feature_channels=16,
)
FUSED = TokenizerConfig(**{**CFG.__dict__, "lq_fusion": True})


def test_encoder_shapes_odd_latent():
    torch.manual_seed(0)
    latent, features = Encoder(CFG)(torch.randn(2, 3, 40, 72))
    assert latent.shape == (2, 8, 5, 9) and features.shape == (2, 16, 5, 9)


def test_decoder_shapes_and_fusion_off_at_init():
    torch.manual_seed(0)
    dec = Decoder(FUSED, upscale=4)
    lat, lq = torch.randn(1, 8, 5, 9), torch.rand(1, 3, 10, 18)
    with torch.no_grad():
        fused, plain = dec(lat, lq), dec(lat, None)
    assert fused.shape == (1, 3, 40, 72)
    torch.testing.assert_close(fused, plain)  # zero-initialised fusion: the pure token path
    with torch.no_grad():
        dec.lq_gain.fill_(1.0)
        assert not torch.allclose(dec(lat, lq), plain)


def test_vq_tokenizer_forward_and_indices():
    torch.manual_seed(0)
    tok = VQTokenizer(CFG, PAPER_CANONICAL_SCALES)
    x = torch.rand(2, 3, 40, 72) * 2 - 1
    recon, loss, stats = tok(x)
    assert recon.shape == x.shape and loss.ndim == 0 and stats["mse_per_scale"].shape == (10,)
    loss.backward()
    assert tok.encoder.conv_in.weight.grad is not None and tok.quantizer.phi_weight.grad is not None
    with torch.no_grad():
        idx = tok.encode_indices(x)
        assert [i.shape[1] for i in idx][-1] == 5 * 9
        out = tok.decode_indices(idx, tok.schedule_for(torch.zeros(1, 1, 5, 9)))
    assert out.shape == x.shape


def test_prefix_tokens_row_major():
    pc = PrefixConv(16, 24, 1)
    f = torch.randn(1, 16, 3, 5)
    t = pc(f)
    assert t.shape == (1, 15, 24)
    torch.testing.assert_close(t[0, 1 * 5 + 2], pc.proj(pc.blocks(f))[0, :, 1, 2])


def _export_and_compare(module, x, names, tmp_path, other):
    path = tmp_path / "m.onnx"
    torch.onnx.export(
        module,
        (x,),
        str(path),
        dynamo=False,
        opset_version=17,
        input_names=["x"],
        output_names=names,
        dynamic_axes={"x": {2: "h", 3: "w"}},
    )
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for inp in (x, other):
        with torch.no_grad():
            ref = module(inp)
        got = sess.run(None, {"x": inp.numpy()})
        for r, g in zip(ref, got):
            assert g.shape == tuple(r.shape)
            np.testing.assert_allclose(g, r.numpy(), atol=1e-4, rtol=1e-4)


def test_encoder_onnx_dynamic(tmp_path):
    torch.manual_seed(0)
    enc = Encoder(CFG).eval()
    _export_and_compare(enc, torch.randn(1, 3, 32, 48), ["latent", "features"], tmp_path, torch.randn(1, 3, 40, 72))


def test_dr_encoder_onnx_dynamic_and_load(tmp_path):
    torch.manual_seed(0)
    tok = VQTokenizer(CFG, PAPER_CANONICAL_SCALES)
    dr = DegradationRobustEncoder(CFG, upscale=4).eval()
    dr.load_from_tokenizer(tok)
    lq = torch.rand(1, 3, 10, 18)
    with torch.no_grad():
        a = dr(lq)[0]
        b = tok.encoder(torch.nn.functional.interpolate(lq, scale_factor=4, mode="bicubic") * 2 - 1)[0]
    torch.testing.assert_close(a, b)
    _export_and_compare(dr, torch.rand(1, 3, 8, 12), ["latent", "features"], tmp_path, lq)


def test_space_channel_shortcuts_match_pixel_shuffle():
    from dvar.model.blocks import channel_to_space, space_to_channel

    x = torch.randn(2, 3, 6, 8)
    torch.testing.assert_close(space_to_channel(x), torch.nn.functional.pixel_unshuffle(x, 2))
    torch.testing.assert_close(channel_to_space(space_to_channel(x)), x)


class _Dec(torch.nn.Module):
    def __init__(self, dec):
        super().__init__()
        self.dec = dec

    def forward(self, latent, lq):
        return self.dec(latent, lq)


def test_fused_decoder_onnx_dynamic(tmp_path):
    torch.manual_seed(0)
    dec = Decoder(FUSED, upscale=4).eval()
    with torch.no_grad():  # make the fusion path live so the export is really tested
        for conv in dec.lq_in:
            conv.weight.normal_(0, 0.1)
        dec.lq_gain.fill_(1.0)
    mod = _Dec(dec)
    path = tmp_path / "dec.onnx"
    torch.onnx.export(
        mod,
        (torch.randn(1, 8, 4, 6), torch.rand(1, 3, 8, 12)),
        str(path),
        dynamo=False,
        opset_version=17,
        input_names=["f_hat", "lq"],
        output_names=["image"],
        dynamic_axes={"f_hat": {2: "hl", 3: "wl"}, "lq": {2: "h", 3: "w"}},
    )
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    lat, lq = torch.randn(1, 8, 5, 9), torch.rand(1, 3, 10, 18)
    with torch.no_grad():
        ref = mod(lat, lq)
    got = sess.run(None, {"f_hat": lat.numpy(), "lq": lq.numpy()})[0]
    np.testing.assert_allclose(got, ref.numpy(), atol=1e-4, rtol=1e-4)
