#!/usr/bin/python3
"""
The PyTorch side of bench/lstm-step.ts: one training step of torch.nn.LSTM + nn.Linear (MSE on the last
output, SGD) on one CPU thread in float64, with the weights and data read from the JSON in argv[1]
(written in the library's layout, transposed here). Answers one line per command on stdin: "first"
(the first step's loss) or a number of seconds to run steps for ({"steps", "seconds"}).
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

w = json.load(open(sys.argv[1]))
p = w["params"]
d, h = len(p["Wx"]), len(p["Wh"])
lstm, out = torch.nn.LSTM(d, h), torch.nn.Linear(h, len(p["Wo"][0]))
with torch.no_grad():
    lstm.weight_ih_l0.copy_(torch.tensor(p["Wx"]).t())
    lstm.weight_hh_l0.copy_(torch.tensor(p["Wh"]).t())
    lstm.bias_ih_l0.copy_(torch.tensor(p["bh"][0]))  # the library's one bias bh = b_ih + b_hh
    lstm.bias_hh_l0.zero_()
    out.weight.copy_(torch.tensor(p["Wo"]).t())
    out.bias.copy_(torch.tensor(p["bo"][0]))
X, y = torch.tensor(w["X"]), torch.tensor(w["y"])  # T×n×d, n×k
opt = torch.optim.SGD(list(lstm.parameters()) + list(out.parameters()), lr=w["lr"])


def step():
    opt.zero_grad()
    H, _ = lstm(X)
    loss = ((out(H[-1]) - y) ** 2).mean()
    loss.backward()
    opt.step()
    return loss.item()


print(json.dumps({"version": torch.__version__}), flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd == "first":
        print(json.dumps(step()), flush=True)
        continue
    steps, start = 0, time.perf_counter()
    while steps < 2 or time.perf_counter() - start < cmd:
        step()
        steps += 1
    print(json.dumps({"steps": steps, "seconds": time.perf_counter() - start}), flush=True)
