"""Regenerate the demo's audio narratives and their captions. Not used at run time.

The committed files in portal/demo/files/ were made with this script. It needs espeak-ng and
ffmpeg (`apt-get install espeak-ng ffmpeg`); `load_demo` needs neither. Each recording is one
entry of AUDIO_SCRIPTS in portal/demo/narratives: (mp3 name, captions name, sentences), and each
sentence becomes one caption cue.

    python -m portal.demo.make_audio              # only recordings whose files are missing
    python -m portal.demo.make_audio NAME.mp3 ... # these recordings
    python -m portal.demo.make_audio --all        # every recording

It prints each file's duration as ffprobe measures it: copy that into the narrative's
duration constant (the library's length filter and the tracking both rely on it).
"""

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from portal.demo.narratives import AUDIO_SCRIPTS

FILES = Path(__file__).resolve().parent / "files"
VOICE = "en-gb"
WORDS_PER_MINUTE = 150
PAUSE_SECONDS = 0.45
BITRATE = "32k"  # mono speech: small files, still clear


def vtt_time(seconds):
    hours, rest = divmod(seconds, 3600)
    minutes, rest = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{rest:06.3f}"


def speak(sentence, path):
    subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(path), sentence],
        check=True,
    )


def measured_seconds(path):
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0"]
        + [str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip())


def captions(cues):
    lines = ["WEBVTT", ""]
    for number, (start, end, sentence) in enumerate(cues, start=1):
        lines += [str(number), f"{vtt_time(start)} --> {vtt_time(end)}", sentence, ""]
    return "\n".join(lines)


def make(audio_name, captions_name, sentences):
    """Speak `sentences` into FILES/audio_name, with one caption cue each in captions_name."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frames, cues, position, params = [], [], 0.0, None
        for number, sentence in enumerate(sentences):
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
            + ["-codec:a", "libmp3lame", "-b:a", BITRATE, str(FILES / audio_name)],
            check=True,
        )
    (FILES / captions_name).write_text(captions(cues), encoding="utf-8")
    return measured_seconds(FILES / audio_name)


def chosen(arguments):
    if arguments == ["--all"]:
        return list(AUDIO_SCRIPTS)
    if arguments:
        known = {script[0]: script for script in AUDIO_SCRIPTS}
        unknown = [name for name in arguments if name not in known]
        if unknown:
            raise SystemExit(f"No demo recording is called {', '.join(unknown)}.")
        return [known[name] for name in arguments]
    return [script for script in AUDIO_SCRIPTS if not (FILES / script[0]).exists()]


def main(arguments):
    for audio_name, captions_name, sentences in chosen(arguments):
        seconds = make(audio_name, captions_name, sentences)
        size = (FILES / audio_name).stat().st_size
        sys.stdout.write(
            f"Wrote {audio_name} ({seconds:.1f} s, {size // 1024} KiB) and {captions_name}.\n"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
