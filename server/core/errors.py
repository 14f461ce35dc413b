"""The user-facing error type of the core.

Every expected failure (bad path, unreadable log, refused patch, child process
crash) raises a `UserError` whose message says what went wrong *and what to do
next*. The MCP wiring turns it into a tool error; the CLI prints it.
"""


class UserError(Exception):
    """An expected failure caused by the input; the message tells the user what to do."""


class OutsideWorkspaceError(UserError):
    """A path resolves (symlinks included) outside every workspace root."""


class InputNotFoundError(UserError):
    """A path names nothing."""


class UnreadableInputError(UserError):
    """A file exists but cannot be read as what it should be."""
