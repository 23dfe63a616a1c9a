"""Training data: photographs from Debian wallpaper packages and on-the-fly (LQ, HQ) pair sampling.

Names are imported lazily, so `python -m dvar.data.photos` runs without a double import."""

from importlib import import_module

_EXPORTS = {
    "PairSampler": "pairs",
    "HQ_SIDES": "pairs",
    "dev_pairs": "pairs",
    "load_photo": "pairs",
    "random_hq_size": "pairs",
    "DEV_PHOTOS": "photos",
    "DEV2_PHOTOS": "photos",
    "PhotoError": "photos",
    "PhotoSet": "photos",
    "ensure_photos": "photos",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
