"""Make `import dvar` work from models/ and keep tests to one thread (the CI machine has 2 shared cores)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

torch.set_num_threads(1)
