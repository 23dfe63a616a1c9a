"""Studies behind decisions, not part of any shipped pack: the restoration branch's ablation and its scores
on the dev lists, and the luma gain study behind the default pack's lumaDetailGain."""
