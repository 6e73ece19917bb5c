"""The PyTorch peer of the training and inference benchmarks (CPU, float32).

The five benchmark networks of apps/bench/src/networks.ts written in PyTorch with the same
layer shapes, paddings, activations and losses, measured the way src/probe.ts measures ours.
Prints one JSON line on stdout; exits with code 2 and a message on stderr on any error.

  python3 peers/torch_bench.py --network mlp-vae --threads 1 --mode train \\
      --examples 6400 --batch 128 --images .../train-images-idx3-ubyte

Modes: train, encode, score, idle (import torch and load the images only: the memory
baseline), info (torch version, the BLAS library loaded, parameter counts of all networks),
check (load the weights that `node dist/probe.js --mode export` wrote, run the first test
images through this network and report how far its codes, reconstructions and loss are
from ours).

What "the same math" means here (tfjs layers are NHWC, these are NCHW; sums do not care):
- 'same' padding with stride 2 pads like TensorFlow: nothing before, the extra row/column
  after (PyTorch's padding=1 would pad both sides), and 'same' transposed convolutions with
  stride 2 keep the first 2n outputs of the full result (TensorFlow's crop), so each layer
  computes what the tfjs layer computes, not merely the same shapes.
- Reconstruction loss: binary cross-entropy of the logits, summed over the 784 pixels and
  averaged over the batch; VAEs add KL(q(z|x) || N(0, I)) summed over the latent and
  averaged over the batch, with one reparameterized sample z = mean + exp(logVar / 2) * eps.
- Adam with lr 1e-3, betas (0.9, 0.999) and eps 1e-7 (tfjs's default epsilon).
- Weights: Glorot-uniform kernels and zero biases as the tfjs layers; the VAEs' log-variance
  layer starts from N(0, 1e-3^2) weights as the tfjs Gaussian head.
- Each training step reads its loss back (loss.item()), as the tfjs trainer reads its loss
  terms every step by default.
"""

import argparse
import json
import os
import resource
import struct
import sys
import time

NETWORKS = ["dense-ae-32", "keras-conv-ae", "bottleneck-conv-ae", "bottleneck-conv-vae", "mlp-vae"]
MODES = ["train", "encode", "score", "idle", "info", "check"]


class PeerError(Exception):
    """A bad argument or input file; the message says what to do."""


def read_idx_images(path, torch):
    """MNIST-style IDX images (magic 0x00000803, uint8) as float32 [n, 1, h, w] in [0, 1]."""
    try:
        size = os.path.getsize(path)
        raw = bytearray(size)
        with open(path, "rb") as f:
            got = f.readinto(raw)
    except OSError as e:
        raise PeerError(f"--images {path}: cannot read it ({e.strerror}); pass the path of "
                        "train-images-idx3-ubyte or t10k-images-idx3-ubyte.") from e
    if got != size or size < 16:
        raise PeerError(f"--images {path}: read {got} of {size} bytes; an IDX image file "
                        "has a 16-byte header and the pixels.")
    magic, n, h, w = struct.unpack(">IIII", raw[:16])
    if magic != 0x00000803:
        raise PeerError(f"--images {path}: magic 0x{magic:08x}, expected 0x00000803 "
                        "(unsigned bytes, 3 dimensions); pass an uncompressed IDX image file.")
    if size != 16 + n * h * w:
        raise PeerError(f"--images {path}: {size} bytes, expected {16 + n * h * w} "
                        f"for {n} images of {h}x{w}.")
    # Like the Node loader: the file's bytes once, then the float32 copy.
    pixels = torch.frombuffer(raw, dtype=torch.uint8, offset=16)
    return pixels.reshape(n, 1, h, w).to(torch.float32).div_(255.0)


def status_bytes(field):
    """A memory field of /proc/self/status (e.g. VmRSS) in bytes, or None off Linux."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reset_peak_rss():
    """Resets the kernel's peak-RSS mark (Linux); returns the RSS at that moment, or None."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return None
    return status_bytes("VmRSS")


def build_module_classes(torch):
    """The network classes, defined once torch is imported."""
    nn = torch.nn
    F = torch.nn.functional

    def glorot(layer):
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
        return layer

    def conv_same_s2(x, conv):
        # TensorFlow 'same' with stride 2 on an even size: one extra row/column at the end.
        return conv(F.pad(x, (0, 1, 0, 1)))

    def deconv_same_s2(x, deconv):
        # TensorFlow 'same' transposed conv: the first stride·n outputs of the full result.
        y = deconv(x)
        n = 2 * x.shape[-1]
        return y[:, :, :n, :n]

    def bce_logits(x, logits):
        per_pixel = F.binary_cross_entropy_with_logits(logits, x, reduction="none")
        return per_pixel.flatten(1).sum(1).mean()

    def kl_standard_normal(mean, log_var):
        return (0.5 * (torch.expm1(log_var) - log_var + mean.square())).sum(1).mean()

    class Autoencoder(nn.Module):
        variational = False

        def loss(self, x):
            return bce_logits(x, self.decode(self.encode_raw(x)))

        def encode(self, x):
            return self.encode_raw(x).flatten(1)

        def reconstruct(self, x):
            return torch.sigmoid(self.decode(self.encode_raw(x)))

        def code_nhwc(self, x):
            code = self.encode_raw(x)
            return code.permute(0, 2, 3, 1).flatten(1) if code.dim() == 4 else code

    class VAE(nn.Module):
        variational = True

        def loss(self, x):
            mean, log_var = self.posterior(x)
            z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
            return bce_logits(x, self.decode(z)) + kl_standard_normal(mean, log_var)

        def encode(self, x):
            return self.posterior(x)[0]

        def reconstruct(self, x):
            return torch.sigmoid(self.decode(self.posterior(x)[0]))

        def code_nhwc(self, x):
            return self.posterior(x)[0]

        def gaussian_head(self, width, latent):
            self.z_mean = glorot(nn.Linear(width, latent))
            self.z_log_var = nn.Linear(width, latent)
            nn.init.normal_(self.z_log_var.weight, 0.0, 1e-3)
            nn.init.zeros_(self.z_log_var.bias)

    class DenseAE32(Autoencoder):
        def __init__(self):
            super().__init__()
            self.code = glorot(nn.Linear(784, 32))
            self.output = glorot(nn.Linear(32, 784))

        def encode_raw(self, x):
            return F.relu(self.code(x.flatten(1)))

        def decode(self, z):
            return self.output(z).reshape(-1, 1, 28, 28)

    class KerasConvAE(Autoencoder):
        def __init__(self):
            super().__init__()
            self.conv_0 = glorot(nn.Conv2d(1, 32, 3, padding=1))
            self.conv_1 = glorot(nn.Conv2d(32, 16, 3, padding=1))
            self.dconv_0 = glorot(nn.Conv2d(16, 16, 3, padding=1))
            self.dconv_1 = glorot(nn.Conv2d(16, 32, 3, padding=1))
            self.dconv_2 = glorot(nn.Conv2d(32, 1, 3, padding=1))

        def encode_raw(self, x):
            h = F.max_pool2d(F.relu(self.conv_0(x)), 2)
            return F.max_pool2d(F.relu(self.conv_1(h)), 2)  # [n, 16, 7, 7]

        def decode(self, z):
            h = F.relu(self.dconv_0(z))
            h = F.relu(self.dconv_1(F.interpolate(h, scale_factor=2, mode="nearest")))
            return self.dconv_2(F.interpolate(h, scale_factor=2, mode="nearest"))

    def strided_encoder(module):
        module.conv_0 = glorot(nn.Conv2d(1, 16, 3, stride=2))
        module.conv_1 = glorot(nn.Conv2d(16, 32, 3, stride=2))
        module.conv_2 = glorot(nn.Conv2d(32, 64, 7))

    def strided_features(module, x):
        h = F.relu(conv_same_s2(x, module.conv_0))  # [n, 16, 14, 14]
        h = F.relu(conv_same_s2(h, module.conv_1))  # [n, 32, 7, 7]
        return F.relu(module.conv_2(h))  # [n, 64, 1, 1]

    def strided_decoder(module):
        module.deconv_0 = glorot(nn.ConvTranspose2d(64, 32, 7))
        module.deconv_1 = glorot(nn.ConvTranspose2d(32, 16, 3, stride=2))
        module.deconv_2 = glorot(nn.ConvTranspose2d(16, 1, 3, stride=2))

    def strided_decode(module, code):
        h = F.relu(module.deconv_0(code))  # [n, 32, 7, 7]
        h = F.relu(deconv_same_s2(h, module.deconv_1))  # [n, 16, 14, 14]
        return deconv_same_s2(h, module.deconv_2)  # [n, 1, 28, 28]

    class BottleneckConvAE(Autoencoder):
        def __init__(self):
            super().__init__()
            strided_encoder(self)
            strided_decoder(self)

        def encode_raw(self, x):
            return strided_features(self, x)

        def decode(self, z):
            return strided_decode(self, z.reshape(-1, 64, 1, 1))

    class BottleneckConvVAE(VAE):
        def __init__(self):
            super().__init__()
            strided_encoder(self)
            self.gaussian_head(64, 128)
            self.project = glorot(nn.Linear(128, 64))
            strided_decoder(self)

        def posterior(self, x):
            h = strided_features(self, x).flatten(1)
            return self.z_mean(h), self.z_log_var(h)

        def decode(self, z):
            return strided_decode(self, F.relu(self.project(z)).reshape(-1, 64, 1, 1))

    class MlpVAE(VAE):
        def __init__(self):
            super().__init__()
            self.dense_0 = glorot(nn.Linear(784, 512))
            self.gaussian_head(512, 32)
            self.ddense_0 = glorot(nn.Linear(32, 512))
            self.output = glorot(nn.Linear(512, 784))

        def posterior(self, x):
            h = F.relu(self.dense_0(x.flatten(1)))
            return self.z_mean(h), self.z_log_var(h)

        def decode(self, z):
            return self.output(F.relu(self.ddense_0(z))).reshape(-1, 1, 28, 28)

    return {
        "dense-ae-32": DenseAE32,
        "keras-conv-ae": KerasConvAE,
        "bottleneck-conv-ae": BottleneckConvAE,
        "bottleneck-conv-vae": BottleneckConvVAE,
        "mlp-vae": MlpVAE,
    }


def param_count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def blas_libraries(torch):
    """Paths of the BLAS/LAPACK libraries mapped into this process after a matrix product."""
    a = torch.ones(64, 64)
    (a @ a).sum().item()
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if "blas" in name or "lapack" in name or "mkl" in name:
                    found.add(path)
    except OSError:
        return []
    return sorted(found)


def cpu_seconds():
    """User + system CPU time of this process so far (every thread), as process.cpuUsage()."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_training(torch, model, images, args):
    """Trains warmup + examples / batch steps, as probe.ts does; returns (seconds, CPU
    seconds, mean loss) of the timed steps."""
    steps = args.warmup + args.examples // args.batch
    per_pass = min(steps, images.shape[0] // args.batch)
    data = images[:per_pass * args.batch]
    generator = torch.Generator().manual_seed(args.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    model.train()
    started = time.perf_counter()
    cpu_started = cpu_seconds()
    loss_sum = 0.0
    for step in range(steps):
        b = step % per_pass
        if b == 0:
            order = torch.randperm(data.shape[0], generator=generator)
        if step == args.warmup:
            started = time.perf_counter()
            cpu_started = cpu_seconds()
        x = data[order[b * args.batch:(b + 1) * args.batch]]
        optimizer.zero_grad(set_to_none=True)
        loss = model.loss(x)
        loss.backward()
        optimizer.step()
        value = loss.item()
        if step >= args.warmup:
            loss_sum += value * args.batch
    seconds = time.perf_counter() - started
    return seconds, cpu_seconds() - cpu_started, loss_sum / args.examples


def run_inference(torch, model, images, examples, batch, mode):
    per_pass = images.shape[0] // batch
    model.eval()
    with torch.no_grad():
        for b in range(examples // batch):
            start = (b % per_pass) * batch
            x = images[start:start + batch]
            # CPU tensors are computed eagerly: the result is ready when the call returns.
            if mode == "encode":
                model.encode(x)
            else:
                (x - model.reconstruct(x)).square().flatten(1).sum(1)


def check_against(torch, model, images, path):
    """Loads our exported weights into `model` and compares its outputs with ours."""
    try:
        with open(path) as f:
            ours = json.load(f)
    except (OSError, ValueError) as e:
        raise PeerError(f"--weights {path}: cannot read it as JSON ({e}); write it with "
                        "node dist/probe.js --mode export --out <file>.") from e
    params = list(model.parameters())
    if len(params) != len(ours["weights"]):
        raise PeerError(f"--weights {path}: {len(ours['weights'])} weight tensors, but the "
                        f"PyTorch network has {len(params)}.")
    with torch.no_grad():
        for i, (p, w) in enumerate(zip(params, ours["weights"])):
            t = torch.tensor(w["values"], dtype=torch.float32).reshape(w["shape"])
            # tfjs kernels: dense [in, out]; conv [kh, kw, in, out]; transposed conv
            # [kh, kw, out, in]. PyTorch: [out, in]; [out, in, kh, kw]; [in, out, kh, kw].
            if t.dim() == 4:
                t = t.permute(3, 2, 0, 1)
            elif t.dim() == 2:
                t = t.t()
            if t.shape != p.shape:
                raise PeerError(f"--weights {path}: weight {i} has shape {list(t.shape)} after "
                                f"the layout change, the PyTorch one {list(p.shape)}.")
            p.copy_(t)
        model.eval()
        n = ours["examples"]
        x = images[:n]
        code = model.code_nhwc(x)
        rec = model.reconstruct(x).permute(0, 2, 3, 1)
        code_ours = torch.tensor(ours["code"]).reshape(code.shape)
        rec_ours = torch.tensor(ours["reconstruction"]).reshape(rec.shape)
        result = {
            "maxCodeDiff": float((code - code_ours).abs().max()),
            "codeScale": float(code_ours.abs().max()),
            "maxReconstructionDiff": float((rec - rec_ours).abs().max()),
        }
        if "loss" in ours:
            result["loss"] = float(model.loss(x))
            result["lossOurs"] = ours["loss"]
    return result


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--network", choices=NETWORKS)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--mode", choices=MODES, required=True)
    p.add_argument("--examples", type=int, default=0)
    p.add_argument("--batch", type=int)
    p.add_argument("--warmup", type=int)
    p.add_argument("--images")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--weights")
    a = p.parse_args(argv)
    training = a.mode == "train"
    a.batch = a.batch or (128 if training else 1000)
    a.warmup = a.warmup if a.warmup is not None else (3 if training else 1)
    if a.threads < 1:
        raise PeerError(f"--threads must be ≥ 1, got {a.threads}.")
    if a.mode in ("train", "encode", "score", "check"):
        if a.network is None:
            raise PeerError(f"--mode {a.mode} needs --network (one of {', '.join(NETWORKS)}).")
    if a.mode == "check" and not a.weights:
        raise PeerError("--mode check needs --weights (the file of probe.js --mode export).")
    if a.mode in ("train", "encode", "score"):
        if a.examples <= 0 or a.examples % a.batch != 0:
            raise PeerError(f"--examples must be a positive multiple of --batch ({a.batch}), "
                            f"got {a.examples}.")
    if a.mode != "info" and not a.images:
        raise PeerError(f"--mode {a.mode} needs --images (an IDX image file).")
    return a


def main(argv):
    args = parse_args(argv)
    import torch  # after the argument checks: importing takes a second or two

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    classes = build_module_classes(torch)
    if args.mode == "info":
        print(json.dumps({
            "torchVersion": torch.__version__,
            "threads": torch.get_num_threads(),
            "blas": blas_libraries(torch),
            "params": {name: param_count(cls()) for name, cls in classes.items()},
        }))
        return
    images = read_idx_images(args.images, torch)
    if args.mode == "check":
        model = classes[args.network]()
        result = {"network": args.network, "params": param_count(model)}
        result.update(check_against(torch, model, images, args.weights))
        print(json.dumps(result))
        return
    seconds, cpu, params, loss, phase_start, phase_peak = 0.0, 0.0, 0, None, None, None
    if args.mode != "idle":
        model = classes[args.network]()
        params = param_count(model)
        phase_start = reset_peak_rss()
        if args.mode == "train":
            seconds, cpu, loss = time_training(torch, model, images, args)
        else:
            run_inference(torch, model, images, args.warmup * args.batch, args.batch, args.mode)
            started = time.perf_counter()
            cpu_started = cpu_seconds()
            run_inference(torch, model, images, args.examples, args.batch, args.mode)
            seconds = time.perf_counter() - started
            cpu = cpu_seconds() - cpu_started
        phase_peak = status_bytes("VmHWM") if phase_start is not None else None
    result = {
        "network": args.network if args.mode != "idle" else "none",
        "backend": f"torch-{args.threads}",
        "mode": args.mode,
        "examples": args.examples if args.mode != "idle" else 0,
        "seconds": seconds,
        "samplesPerSecond": args.examples / seconds if seconds > 0 else 0,
        "cpuSeconds": cpu,
        "params": params,
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "threads": torch.get_num_threads(),
    }
    if loss is not None:
        result["loss"] = loss
    if phase_start is not None and phase_peak is not None:
        result["phaseStartRssBytes"] = phase_start
        result["phasePeakRssBytes"] = phase_peak
    print(json.dumps(result))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except PeerError as e:
        print(f"torch_bench.py: {e}", file=sys.stderr)
        sys.exit(2)
