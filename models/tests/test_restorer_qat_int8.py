"""Quantization-aware fine-tuning of the restorer (dvar.restorer.qat_int8) only pays if its fake
quantization is the arithmetic onnxruntime's int8 graph does: the same weight integers, the same
activation grids, the same float32 convs. Checked on a small random RRDBNet exported as build_pack
exports the restorer and quantized with the shipped recipe (conftest.py's small_restorer)."""

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn.functional as F
from onnx import numpy_helper

from dvar.quantize.int8 import synthetic_crops
from dvar.restorer.qat_int8 import FLOAT32_CONVS, FakeQuantConv, calibrate, fake_quant_weight, plain_state_dict, with_fake_quant
from dvar.restorer.rrdbnet import RRDBNet


def _run(path, x):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"lq": x})[0]


def _module_name(node: str) -> str:
    """'/net/body/body.0/dense/dense.0/convs.4/Conv' -> 'body.0.dense.0.convs.4' (the exporter names a
    container's scope, then each child's under it)."""
    parts = node.removeprefix("/net/").removesuffix("/Conv").split("/")
    return ".".join(p for i, p in enumerate(parts) if not (i + 1 < len(parts) and parts[i + 1].startswith(p + ".")))


def test_fake_quantized_weights_are_the_int8_graphs_integers(small_restorer):
    net, _, _, int8 = small_restorer
    model = onnx.load(str(int8))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    producer = {o: n for n in model.graph.node for o in n.output}
    modules = dict(net.named_modules())
    compared = 0
    for node in (n for n in model.graph.node if n.op_type == "Conv"):
        name = _module_name(node.name)
        dq = producer.get(node.input[1])
        if name in FLOAT32_CONVS:
            assert dq is None or dq.op_type != "DequantizeLinear", f"{name} must stay float32"
            continue
        assert dq is not None and dq.op_type == "DequantizeLinear", f"{name} is not int8"
        ints = inits[dq.input[0]].astype(np.int32)
        w = modules[name].weight.detach()
        ours = torch.round(fake_quant_weight(w) / (w.abs().amax(dim=(1, 2, 3), keepdim=True) / 127)).numpy()
        # Dense blocks' last conv has 0.2 folded into it by onnxruntime: same integers, scaled grid.
        assert np.mean(ints == ours.astype(np.int32)) > 0.999, name
        compared += 1
    assert compared == len([m for m in modules.values() if isinstance(m, torch.nn.Conv2d)]) - len(FLOAT32_CONVS)


def test_fake_quantized_network_follows_the_int8_graph(small_restorer):
    """Conv by conv (each conv's output after its QuantizeLinear/DequantizeLinear, read from the graph)
    the simulation gives the graph's values: in the first dense block they differ only where float32
    summation order tips a rounding (one int8 step, rarely); deeper convs inherit more such tips, still
    a fraction of a step on average. Those tips are all that separates the two outputs, so the simulation is nearer
    the int8 graph than float32 is."""
    net, crops, fp32, int8 = small_restorer
    qnet = with_fake_quant(net, calibrate(net, [torch.from_numpy(c) for c in crops])).eval()
    x = synthetic_crops(1, 24, seed=11)[0]
    simulated = {}
    hooks = [
        m.register_forward_hook(lambda _m, _i, out, name=name: simulated.__setitem__(name, out.detach().numpy()))
        for name, m in qnet.named_modules()
        if isinstance(m, FakeQuantConv)
    ]
    with torch.no_grad():
        out = qnet(torch.from_numpy(x)).clamp(0, 1).numpy()
    for h in hooks:
        h.remove()

    model = onnx.load(str(int8))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    consumers = {}
    for n in model.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    probes = {}  # module name -> (dequantized output tensor, int8 step)
    for conv in (n for n in model.graph.node if n.op_type == "Conv" and _module_name(n.name) in simulated):
        q = next(n for n in consumers[conv.output[0]] if n.op_type == "QuantizeLinear")
        dq = next(n for n in consumers[q.output[0]] if n.op_type == "DequantizeLinear")
        probes[_module_name(conv.name)] = (dq.output[0], float(inits[q.input[1]]))
    for name, _ in probes.values():
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    values = dict(zip([p[0] for p in probes.values()], session.run([p[0] for p in probes.values()], {"lq": x})))
    assert len(probes) == len(simulated)
    for module, (tensor, step) in probes.items():
        # onnxruntime folds the dense block's 0.2 into its last conv, so that output is 0.2× ours.
        ours = simulated[module] * (0.2 if module.endswith("convs.4") else 1.0)
        diff = np.abs(ours - values[tensor])
        if module.startswith("body.0.dense.0."):  # before tips can pile up: the same arithmetic
            assert diff.max() <= 1.01 * step and diff.mean() < 0.01 * step, module
        assert diff.mean() < 0.25 * step, module  # deeper: tips inherited (measured ≤ 0.15 of a step)

    rms = lambda a: float(np.sqrt(np.mean(a**2)))  # noqa: E731
    assert rms(out - _run(int8, x)) < rms(_run(fp32, x) - _run(int8, x))


def test_gradients_reach_every_weight_through_the_rounding_and_the_teacher_stays(small_restorer):
    """Rounding has no gradient of its own; the straight-through estimate must pass it to every conv's
    weights (a quantized conv that got none would never learn), and the float network the copy was made
    from must not move."""
    net, crops, _, _ = small_restorer
    qnet = with_fake_quant(net, calibrate(net, [torch.from_numpy(c) for c in crops])).train()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    x = torch.from_numpy(np.concatenate(crops))
    with torch.no_grad():
        target = net(x)
    opt = torch.optim.Adam(qnet.parameters(), lr=1e-4)
    loss = F.l1_loss(qnet(x), target)
    assert loss.item() > 0, "int8 rounding must show in the loss"
    opt.zero_grad()
    loss.backward()
    no_grad = [n for n, p in qnet.named_parameters() if p.grad is None or not torch.any(p.grad != 0)]
    assert no_grad == []
    opt.step()
    assert all(torch.equal(before[k], v) for k, v in net.state_dict().items()), "the teacher is not touched"
    plain = RRDBNet(num_blocks=2, channels=16, growth=8)
    plain.load_state_dict(plain_state_dict(qnet))  # strict: every RRDBNet name, nothing else
    assert not torch.equal(plain.conv_body.weight, net.conv_body.weight), "the fine-tuned weights are the ones kept"
