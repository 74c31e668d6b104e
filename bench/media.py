"""media.gated_vs_static: requests per second of a 1 MiB recording through the consent-checked
view divided by the same file's as a static file.

The demo's audio narrative gets a 1 MiB recording; the same bytes are put under STATIC_ROOT
before gunicorn starts, where WhiteNoise (the production static server, ahead of every other
middleware) finds them. Each request is a whole-file GET by the demo learner (session cookie
on both, though WhiteNoise answers before the session is read), every byte read by the client;
four threads, each on its own kept-alive connection, from gunicorn with 2 workers in the same
run, in alternating rounds; the figure is the median of the per-round ratios (target >= 0.5).
The gated view checks the narrative on every request (narratives/files.py) and streams the file
itself: PROTECTED_MEDIA_ACCEL_PREFIX is unset, so this is the cost without nginx's hand-off.

`run(args, cookie)` expects Django set up on the bench database with the demo loaded (bench/
run.py does both) and reads `args.quick`; it returns the figures as a dict.
"""

import io
import itertools
import statistics
import wave
from pathlib import Path

from bench.run import MODES, BenchError, fetch, gunicorn, log, threaded_rate

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
    static file. Returns (gated path, static path, static file to remove afterwards)."""
    from django.conf import settings
    from django.core.files.base import ContentFile

    from bench import fixtures
    from courses.models import ModulePage
    from narratives.models import Narrative

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
    gated = f"/narratives/{audio.uuid}/file/recording/"
    return gated, settings.STATIC_URL + STATIC_NAME, static_file


def run(args, cookie):
    from django.db import connection

    mode = MODES["quick" if getattr(args, "quick", False) else "full"]
    data = one_mebibyte_wav()
    gated, static, static_file = setting(data)
    connection.close()
    headers = {"Cookie": f"sessionid={cookie}"}

    def requests_for(_slot):
        return itertools.repeat(("GET", headers, None))

    try:
        with gunicorn({}) as (_server, base):
            for path in (gated, static):
                status, body = fetch(base + path, cookie)
                if status != 200 or body != data:
                    raise BenchError(f"{path} did not answer the recording ({status})")
            for path in (gated, static):
                threaded_rate(base, path, mode["warmup"], requests_for, THREADS)
            rates = {"gated": [], "static": []}
            paths = {"gated": gated, "static": static}
            for number in range(mode["rounds"]):
                order = ("gated", "static") if number % 2 == 0 else ("static", "gated")
                for name in order:
                    rates[name].append(
                        threaded_rate(base, paths[name], mode["duration"], requests_for, THREADS)
                    )
                log(
                    f"media round {number + 1}: gated {rates['gated'][-1]:.0f} req/s, "
                    f"static {rates['static'][-1]:.0f} req/s"
                )
    finally:
        static_file.unlink(missing_ok=True)
        try:
            static_file.parent.rmdir()
        except OSError:
            pass
    ratios = [g / s for g, s in zip(rates["gated"], rates["static"], strict=True)]
    return {
        "media.gated_vs_static": round(statistics.median(ratios), 3),
        "gated_rps": round(statistics.median(rates["gated"]), 1),
        "static_rps": round(statistics.median(rates["static"]), 1),
        "gated_mib_per_s": round(statistics.median(rates["gated"]) * SIZE / 2**20, 1),
        "static_mib_per_s": round(statistics.median(rates["static"]) * SIZE / 2**20, 1),
        "round_ratios": [round(r, 3) for r in ratios],
        "bytes": SIZE,
        "threads": THREADS,
        "rounds": mode["rounds"],
    }
