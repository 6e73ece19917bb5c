"""The PyTorch tutorial networks that the presets `torch-conv-ae` and `torch-conv-vae` follow,
written as the tutorials write them (NCHW, padding=1, output_padding=1), to check the
presets' parameter counts and layer shapes against PyTorch's own.

  python3 peers/torch_tutorial_nets.py

Prints one JSON line: for each network, the parameter counts of encoder and decoder and the
output shape of every layer as [h, w, c] (or [n] for vectors) for one 28×28×1 image.
Exits with code 2 and a message on stderr when torch cannot be imported.
"""

import json
import sys


def build(torch):
    nn = torch.nn

    def conv_encoder():
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=1, padding=1), nn.ReLU(),
        )

    def conv_decoder():
        return nn.Sequential(
            nn.ConvTranspose2d(64, 32, 3, stride=1, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid(),
        )

    class ConvVAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = conv_encoder()
            self.fc_mu = nn.Linear(3136, 128)
            self.fc_logvar = nn.Linear(3136, 128)
            self.decoder_input = nn.Linear(128, 3136)
            self.decoder = conv_decoder()

    return conv_encoder, conv_decoder, ConvVAE


def hwc(t):
    """Shape of one example: NCHW → [h, w, c]; [n, f] → [f]."""
    s = list(t.shape[1:])
    return [s[1], s[2], s[0]] if len(s) == 3 else s


def count(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def shapes(seq, x):
    """Output shape after every parametrized layer of a Sequential."""
    out = []
    for layer in seq:
        x = layer(x)
        if any(True for _ in layer.parameters()):
            out.append(hwc(x))
    return out, x


def main():
    try:
        import torch
    except ImportError as e:
        print(f"torch_tutorial_nets: cannot import torch ({e}); install it "
              "(e.g. apt-get install -y python3-torch) to compare against PyTorch.", file=sys.stderr)
        return 2
    conv_encoder, conv_decoder, ConvVAE = build(torch)
    x = torch.zeros(1, 1, 28, 28)
    with torch.no_grad():
        enc, dec = conv_encoder(), conv_decoder()
        enc_shapes, code = shapes(enc, x)
        dec_shapes, _ = shapes(dec, code)
        ae = {
            "encoderParams": count(enc),
            "decoderParams": count(dec),
            "encoderShapes": enc_shapes,
            "decoderShapes": dec_shapes,
        }
        vae = ConvVAE()
        v_enc_shapes, h = shapes(vae.encoder, x)
        flat = h.flatten(1)
        mu, logvar = vae.fc_mu(flat), vae.fc_logvar(flat)
        proj = vae.decoder_input(mu)
        start = proj.view(-1, 64, 7, 7)
        v_dec_shapes, _ = shapes(vae.decoder, start)
        vae_out = {
            "encoderParams": count(vae.encoder, vae.fc_mu, vae.fc_logvar),
            "decoderParams": count(vae.decoder_input, vae.decoder),
            "encoderShapes": v_enc_shapes + [hwc(flat), hwc(mu), hwc(logvar)],
            "decoderShapes": [hwc(proj), hwc(start)] + v_dec_shapes,
        }
    print(json.dumps({"torch": torch.__version__, "torch-conv-ae": ae, "torch-conv-vae": vae_out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
