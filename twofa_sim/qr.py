"""QR images of provisioning URIs: render with qrcode, read back with zxing-cpp.

Reading the PNG back is how the tests (and the simulated phone) prove that a
real authenticator app could scan what the portal shows. Both libraries load
lazily, so ``import twofa_sim`` stays light.
"""

from __future__ import annotations

import io

from .errors import InputTypeError, QRCodeError


def render_png(text: str, box_size: int = 6, border: int = 4) -> bytes:
    """A PNG image (bytes) of a QR code holding ``text``.

    Args:
        text: what to encode (a provisioning URI).
        box_size: pixels per module.
        border: quiet zone in modules (4 is the QR standard's minimum).
    """
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def decode_png(png: bytes) -> str:
    """The text of the first QR code in a PNG (or any image PIL opens).

    Raises:
        QRCodeError: the bytes are not an image, or it holds no readable QR code.
        InputTypeError: ``png`` is not bytes.
    """
    if not isinstance(png, (bytes, bytearray)):
        raise InputTypeError(f"an image must be bytes, not {type(png).__name__}")
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(bytes(png)))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise QRCodeError("the data is not a readable image") from exc
    return decode_image(image)


def decode_image(image) -> str:
    """The text of the first QR code in a PIL image.

    Raises:
        QRCodeError: no readable QR code.
    """
    import zxingcpp

    results = [r for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]
    if not results:
        raise QRCodeError("no QR code could be read from the image")
    return results[0].text
