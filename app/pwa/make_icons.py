"""Render the app icons (PNG) from the Bengali letter সে in our font: `python -m app.pwa.make_icons`."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

ASSETS = Path(__file__).resolve().parents[2] / "assets"
font = base64.b64encode(
    (ASSETS / "fonts" / "noto-sans-bengali-bengali-400-normal.woff2").read_bytes()
).decode()


def html(size: int, maskable: bool) -> str:
    radius = 0 if maskable else int(size * 0.22)
    fs = int(size * (0.40 if maskable else 0.50))
    return f"""<html><head><style>
@font-face {{ font-family: B; src: url(data:font/woff2;base64,{font}) format('woff2'); font-weight: 600; }}
html,body {{ margin:0; background: transparent; }}
.i {{ width:{size}px; height:{size}px; border-radius:{radius}px; background:#0f766e;
  display:flex; align-items:center; justify-content:center; }}
.t {{ font-family: B; font-weight:600; color:#fff; font-size:{fs}px; line-height:1;
  padding-bottom:{int(size * 0.06)}px; }}
</style></head><body><div class="i"><span class="t">সে</span></div></body></html>"""


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, size, mask in [
            ("icon-192.png", 192, False),
            ("icon-512.png", 512, False),
            ("icon-maskable-512.png", 512, True),
            ("apple-touch-icon-180.png", 180, True),
        ]:
            pg = b.new_page(viewport={"width": size, "height": size})
            pg.set_content(html(size, mask))
            pg.wait_for_timeout(300)
            target = ASSETS / "icons" / name
            pg.screenshot(
                path=str(target),
                omit_background=True,
                clip={"x": 0, "y": 0, "width": size, "height": size},
            )
            shrink(target)
        b.close()


def shrink(path: Path) -> None:
    """Two colours and their anti-aliased edges fit a 32-colour palette: a third of the bytes."""
    from PIL import Image

    image = Image.open(path).convert("RGBA")
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


if __name__ == "__main__":
    main()
