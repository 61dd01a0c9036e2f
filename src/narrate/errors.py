"""The one exception type the CLI turns into a single clear line."""


class NarrateError(Exception):
    """A problem the user can fix: bad input, a missing voice, no network.

    The message is one line that names the file or thing and the problem.
    """


class InputError(NarrateError):
    """The article (file, URL or stream) cannot be read or has nothing to say."""


class VoiceError(NarrateError):
    """A voice, profile or backend is unknown, missing or broken."""


class BackendError(NarrateError):
    """A TTS backend failed while speaking."""


class AudioError(NarrateError):
    """ffmpeg or an audio file failed."""


class UsageError(NarrateError):
    """The command line asks for something impossible (options that conflict, a bad value): exit code 2."""

    exit_code = 2
