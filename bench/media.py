"""media.gated_vs_static: requests per second of a 1 MiB recording through the consent-checked
view divided by the same file's as a static file.

The demo's audio narrative gets a 1 MiB recording; the same bytes are put under STATIC_ROOT
before gunicorn starts. Two static figures, both from that file:
- the floor, as every other benchmark's floor: Django's own static-file view
  (django.views.static.serve at /bench/floor/static/) through the same middleware, so the
  ratio, media.gated_vs_static (target >= 0.5), measures what the consent check and the ranged
  sending add;
- WhiteNoise, which answers ahead of every middleware (no session, no database), reported as
  gated_vs_whitenoise: the cost of going through Django at all.
Each request is a whole-file GET by the demo learner (session cookie on all three), every byte
read by the client; four threads, each on its own kept-alive connection, from gunicorn with 2
workers in the same run, in rounds that rotate the order; each figure is the median of the
per-round ratios. The gated view checks the narrative on every request (narratives/files.py)
and sends the file itself: PROTECTED_MEDIA_ACCEL_PREFIX is unset, so this is the cost without
nginx's hand-off.

`run(args, cookie)` expects Django set up on the bench database with the demo loaded (bench/
run.py does both) and reads `args.quick`; it returns the figures as a dict.
"""

import io
import itertools
import statistics
import wave
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from bench import fixtures
from bench.harness import MODES, BenchError, fetch, gunicorn, log, threaded_rate
from courses.models import ModulePage
from narratives.models import Narrative

SIZE = 1024 * 1024
THREADS = 4
STATIC_NAME = "bench-media/recording-1mib.wav"


def one_mebibyte_wav():
    """A WAV file of exactly SIZE bytes (8 kHz, 16-bit mono: a little over a minute)."""
    frames = (SIZE - 44) // 2
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(bytes(range(256)) * (frames * 2 // 256) + b"\x00" * (frames * 2 % 256))
    data = buffer.getvalue()
    if len(data) != SIZE:
        raise BenchError(f"the recording is {len(data)} bytes, not {SIZE}")
    return data


def setting(data):
    """The demo's audio narrative, now with `data` as its recording, and the same bytes as a
    static file. Returns ({name: path}, the static file to remove afterwards)."""

    module = ModulePage.objects.get(slug=fixtures.DEMO_MODULE_SLUG)
    audio = (
        Narrative.objects.available()
        .filter(pk__in=module.narrative_ids(), modality="audio", media__isnull=False)
        .first()
    )
    if audio is None:
        raise BenchError("the demo module has no available audio narrative with a file")
    audio.media.file.save("bench-recording-1mib.wav", ContentFile(data))
    static_file = Path(settings.STATIC_ROOT) / STATIC_NAME
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes(data)
    paths = {
        "gated": f"/narratives/{audio.uuid}/file/recording/",
        "floor": f"/bench/floor/static/{STATIC_NAME}",
        "whitenoise": settings.STATIC_URL + STATIC_NAME,
    }
    return paths, static_file


def run(args, cookie):
    mode = MODES["quick" if getattr(args, "quick", False) else "full"]
    data = one_mebibyte_wav()
    paths, static_file = setting(data)
    connection.close()
    headers = {"Cookie": f"sessionid={cookie}"}

    def requests_for(_slot):
        return itertools.repeat(("GET", headers, None))

    names = list(paths)
    rates = {name: [] for name in names}
    try:
        with gunicorn({}) as (_server, base):
            for path in paths.values():
                status, body = fetch(base + path, cookie)
                if status != 200 or body != data:
                    raise BenchError(f"{path} did not answer the recording ({status})")
            for path in paths.values():
                threaded_rate(base, path, mode["warmup"], requests_for, THREADS)
            for number in range(mode["rounds"]):
                for name in names[number % 3 :] + names[: number % 3]:
                    rates[name].append(
                        threaded_rate(base, paths[name], mode["duration"], requests_for, THREADS)
                    )
                log(
                    f"media round {number + 1}: "
                    + ", ".join(f"{name} {rates[name][-1]:.0f} req/s" for name in names)
                )
    finally:
        static_file.unlink(missing_ok=True)
        try:
            static_file.parent.rmdir()
        except OSError:
            pass

    def ratio(over):
        per_round = [g / s for g, s in zip(rates["gated"], rates[over], strict=True)]
        return round(statistics.median(per_round), 3), [round(r, 3) for r in per_round]

    figure, round_ratios = ratio("floor")
    whitenoise, whitenoise_rounds = ratio("whitenoise")
    rps = {name: round(statistics.median(rates[name]), 1) for name in names}
    return {
        "media.gated_vs_static": figure,
        "round_ratios": round_ratios,
        "gated_vs_whitenoise": whitenoise,
        "whitenoise_round_ratios": whitenoise_rounds,
        "gated_rps": rps["gated"],
        "static_floor_rps": rps["floor"],
        "whitenoise_rps": rps["whitenoise"],
        "gated_mib_per_s": round(rps["gated"] * SIZE / 2**20, 1),
        "bytes": SIZE,
        "threads": THREADS,
        "rounds": mode["rounds"],
    }
