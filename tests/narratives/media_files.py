"""Small but genuine file beginnings for each recording type, and a real PNG thumbnail."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP3_NO_TAG = b"\xff\xfb\x90\x64" + b"\x00" * 400
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 400
M4A = b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00\x00\x00" + b"\x00" * 400
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 400
OGG = b"OggS\x00\x02" + b"\x00" * 400
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 400
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 400
HTML = b"<!doctype html><script>fetch('/profile/my-data/')</script>"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(name="poster.png", size=(8, 6)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, "PNG")
    return upload(name, buffer.getvalue(), "image/png")
