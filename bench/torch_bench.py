#!/usr/bin/env python3
"""
The PyTorch peer of `npm run bench`: the same training steps on the CPU with one thread in float64
(autograd, torch.optim; the LSTM workloads through torch.nn.LSTM and nn.Linear). Reads the workloads (JSON path in argv[1]), then answers one JSON command per
line on stdin — {"cmd": "prepare", "workload": name} or {"cmd": "round", "workload": name, "seconds": s}
— so the benchmark can interleave its rounds with the JavaScript peers'.
"""
import json
import re
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def lstm_modules(w):
    """torch.nn.LSTM and nn.Linear holding the workload's weights (the library's layout, transposed here)."""
    p = w["params"]
    lstm, out = torch.nn.LSTM(w["d"], w["h"]), torch.nn.Linear(w["h"], w["k"])
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(p["Wx"]).t())
        lstm.weight_hh_l0.copy_(torch.tensor(p["Wh"]).t())
        lstm.bias_ih_l0.copy_(torch.tensor(p["bh"][0]))  # the library's one bias bh = b_ih + b_hh
        lstm.bias_hh_l0.zero_()
        out.weight.copy_(torch.tensor(p["Wo"]).t())
        out.bias.copy_(torch.tensor(p["bo"][0]))
    return lstm, out, list(lstm.parameters()) + list(out.parameters())


def make_step(w):
    lstm = w["cell"] == "lstm"
    if lstm:
        net, out, params = lstm_modules(w)
    else:
        p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in w["params"].items()}
        params = list(p.values())
    if "X" in w:
        X, y = torch.tensor(w["X"], dtype=torch.float64), torch.tensor(w["y"], dtype=torch.float64)
        opt = torch.optim.SGD(params, lr=w["optimizer"]["lr"])

        def loss_fn():
            if lstm:  # nn.LSTM over the T×n×d batch, MSE on the last output
                H, _ = net(X)
                return ((out(H[-1]) - y) ** 2).mean()
            h = torch.zeros(w["n"], w["h"])
            for x in X:  # h_t = tanh(b_h + x_t W_x + h_{t-1} W_h)
                h = torch.tanh(p["bh"] + x @ p["Wx"] + h @ p["Wh"])
            return ((p["bo"] + h @ p["Wo"] - y) ** 2).mean()

    else:
        ids, nxt = torch.tensor(w["ids"]), torch.tensor(w["next"])
        onehot = torch.nn.functional.one_hot(ids, w["d"]).to(torch.float64).unsqueeze(1)  # T×1×V
        opt = torch.optim.Adagrad(params, lr=w["optimizer"]["lr"], eps=1e-8)

        def loss_fn():
            if lstm:  # nn.LSTM reads the one-hot characters; softmax cross-entropy at every step
                H, _ = net(onehot)
                return torch.nn.functional.cross_entropy(out(H[:, 0, :]), nxt)
            h = torch.zeros(1, w["h"])
            logits = []
            for c in ids:  # x_t W_x for a one-hot x_t is row c_t of W_x
                h = torch.tanh(p["bh"] + p["Wx"][c].unsqueeze(0) + h @ p["Wh"])
                logits.append(p["bo"] + h @ p["Wo"])
            return torch.nn.functional.cross_entropy(torch.cat(logits), nxt)  # mean over the T steps

    clip = w["optimizer"].get("clipNorm")

    def step():
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        return loss.item()

    return step


def time_steps(step, seconds):
    steps, start = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and steps >= 2:
            return {"steps": steps, "seconds": elapsed}


workloads = {w["name"]: w for w in json.load(open(sys.argv[1]))["workloads"]}
steps = {}
blas = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
print(json.dumps({"version": torch.__version__, "blas": blas.group(1) if blas else "unknown"}), flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    name = cmd["workload"]
    if cmd["cmd"] == "prepare":
        steps[name] = make_step(workloads[name])
        first = steps[name]()
        time_steps(steps[name], 0.3)  # warm-up, as for the JavaScript peers
        print(json.dumps({"firstLoss": first}), flush=True)
    else:
        print(json.dumps(time_steps(steps[name], cmd["seconds"])), flush=True)
