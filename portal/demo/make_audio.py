"""Regenerate the demo audio narrative and its captions. Not used at run time.

The committed files in portal/demo/files/ were made with this script, once. It needs espeak-ng
and ffmpeg (`apt-get install espeak-ng ffmpeg`); `load_demo` needs neither.

    python -m portal.demo.make_audio
"""

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from portal.demo.narratives import AUDIO_CAPTIONS, AUDIO_FILE, AUDIO_SENTENCES

FILES = Path(__file__).resolve().parent / "files"
VOICE = "en-gb"
WORDS_PER_MINUTE = 150
PAUSE_SECONDS = 0.45


def vtt_time(seconds):
    hours, rest = divmod(seconds, 3600)
    minutes, rest = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{rest:06.3f}"


def speak(sentence, path):
    subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(path), sentence],
        check=True,
    )


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frames, cues, position, params = [], [], 0.0, None
        for number, sentence in enumerate(AUDIO_SENTENCES):
            path = tmp / f"{number}.wav"
            speak(sentence, path)
            with wave.open(str(path), "rb") as clip:
                params = clip.getparams()
                data = clip.readframes(clip.getnframes())
                length = clip.getnframes() / clip.getframerate()
            cues.append((position, position + length, sentence))
            silence = b"\0" * int(PAUSE_SECONDS * params.framerate) * params.sampwidth
            frames.append(data + silence)
            position += length + PAUSE_SECONDS
        joined = tmp / "joined.wav"
        with wave.open(str(joined), "wb") as out:
            out.setparams(params)
            out.writeframes(b"".join(frames))
        subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-i", str(joined), "-ac", "1", "-ar", "22050"]
            + ["-codec:a", "libmp3lame", "-b:a", "32k", str(FILES / AUDIO_FILE)],
            check=True,
        )
    lines = ["WEBVTT", ""]
    for number, (start, end, sentence) in enumerate(cues, start=1):
        lines += [str(number), f"{vtt_time(start)} --> {vtt_time(end)}", sentence, ""]
    (FILES / AUDIO_CAPTIONS).write_text("\n".join(lines), encoding="utf-8")
    sys.stdout.write(f"Wrote {AUDIO_FILE} ({position:.1f} s) and {AUDIO_CAPTIONS}.\n")


if __name__ == "__main__":
    main()
