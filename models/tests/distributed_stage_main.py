"""Runs one training stage (argv: stage name, then its arguments) on test_train_smoke's synthetic photos,
so test_distributed.py can start it under torchrun without the photo set:

    torchrun --nproc_per_node 2 tests/distributed_stage_main.py -- stage0 --run RUN --preset fixture ...
"""

import sys

from test_train_smoke import FakePhotos, FakeSampler

__all__ = ["FakePhotos", "FakeSampler"]

if __name__ == "__main__":
    from dvar.train import common as C
    from dvar.train import stage0_tokenizer, stage1_encoder, stage2_transformer

    C.load_data = lambda degradation, seed, max_side: (FakePhotos(), FakeSampler(seed))
    C.load_dev = lambda photos, degradation, limit=0, hq_size=None: [FakeSampler(123).sample(1, (64, 64))]
    stage = {"stage0": stage0_tokenizer, "stage1": stage1_encoder, "stage2": stage2_transformer}[sys.argv[1]]
    stage.main(sys.argv[2:])
