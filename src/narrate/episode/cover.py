"""Cover art: check a given image, or draw the podcast's default cover with its title."""

from __future__ import annotations

import textwrap
from pathlib import Path

from narrate.errors import InputError
from narrate.files import atomic_path

DEFAULT_SIZE = 1400  # Apple Podcasts' minimum; square
BACKGROUND = (24, 54, 74)
ACCENT = (232, 168, 56)
INK = (250, 246, 238)
TITLE_KEY = "narrate:title"
MIME = {"JPEG": "image/jpeg", "PNG": "image/png"}


def check_image(path: Path, what: str = "cover") -> str:
    """The image's MIME type (JPEG or PNG); InputError with one line when it is missing or not one."""
    if path.is_dir():
        raise InputError(f"{what} {path}: is a folder, not an image file")
    if not path.is_file():
        raise InputError(f"{what} {path}: no such file")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InputError(f"{what} {path}: not a JPEG or PNG image (the file cannot be decoded as one)") from None
    if image_format not in MIME:
        raise InputError(f"{what} {path}: {image_format} image; cover art must be JPEG or PNG")
    return MIME[image_format]


def suffix_for(mime: str) -> str:
    return ".jpg" if mime == "image/jpeg" else ".png"


def default_cover(out_dir: Path, title: str, size: int = DEFAULT_SIZE) -> Path:
    """<out_dir>/cover.png with the podcast's title on it; redrawn only when the title changed."""
    from PIL import PngImagePlugin

    path = out_dir / "cover.png"
    if _drawn_title(path) == title:
        return path
    out_dir.mkdir(parents=True, exist_ok=True)
    info = PngImagePlugin.PngInfo()
    info.add_itxt(TITLE_KEY, title)
    with atomic_path(path) as tmp:
        draw_cover(title, size).save(tmp, format="PNG", optimize=True, pnginfo=info)
    return path


def _drawn_title(path: Path) -> str | None:
    """The title a cover narrate drew was drawn with (kept in the PNG's text chunk)."""
    if not path.is_file():
        return None
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.text.get(TITLE_KEY) if hasattr(image, "text") else None
    except OSError:
        return None


def draw_cover(title: str, size: int = DEFAULT_SIZE):
    """A square image: a dark field, an accent bar and the title in large type, wrapped to fit."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    draw.rectangle([margin, margin, margin + size // 5, margin + size // 40], fill=ACCENT)
    for font_size in range(size // 8, size // 40, -size // 100):
        font = ImageFont.load_default(size=font_size)
        width = max(8, int((size - 2 * margin) / (font_size * 0.55)))
        lines = textwrap.wrap(title, width=width) or [title]
        text = "\n".join(lines)
        box = draw.multiline_textbbox((0, 0), text, font=font, spacing=font_size // 4)
        if box[2] - box[0] <= size - 2 * margin and box[3] - box[1] <= size - 3 * margin:
            break
    top = size - margin - (box[3] - box[1])
    draw.multiline_text((margin, top), text, font=font, fill=INK, spacing=font_size // 4)
    draw.text((margin, margin + size // 20), "podcast", font=ImageFont.load_default(size=size // 30), fill=ACCENT)
    return image
