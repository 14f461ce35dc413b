"""The tool annotations, one set per kind of tool, so that clients can decide what to auto-approve."""

from mcp.types import ToolAnnotations

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
"""Reads files in the workspace and nothing else."""

RUNS_USER_CODE = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)
"""Runs the project's own code (a model file, tests, a training command) in a child process."""

WRITES_FILES = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
)
"""Changes files of the user's repository (reversibly)."""
