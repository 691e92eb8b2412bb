"""One exception type for everything a user can get wrong, so the CLI can print one clear line."""


class PlankgError(Exception):
    """A problem with the user's input or environment: reported as one line, exit status 1."""


class UsageError(PlankgError):
    """A problem with how a command was called (unknown name, bad parameter): exit status 2."""
