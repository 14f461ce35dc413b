"""How the core's failures reach a client: user errors and file-system errors as readable tool errors."""

from __future__ import annotations

import errno

import pytest
from mcp.server.mcpserver.exceptions import ToolError

from server.core.errors import UserError
from server.tools._errors import tool_errors


def test_a_user_error_reaches_the_client_word_for_word() -> None:
    with pytest.raises(ToolError, match=r"^train.log is empty; pass a log with output in it$"), tool_errors("x"):
        raise UserError("train.log is empty; pass a log with output in it")


def test_a_file_system_error_names_the_file_and_what_to_check() -> None:
    with pytest.raises(ToolError) as caught, tool_errors("read_training_log"):
        raise PermissionError(errno.EACCES, "Permission denied", "runs/train.log")
    assert str(caught.value) == (
        "read_training_log could not use a file (runs/train.log): Permission denied. "
        "Check the path and its permissions."
    )


def test_a_programming_error_is_not_disguised_as_bad_input() -> None:
    with pytest.raises(KeyError), tool_errors("x"):
        raise KeyError("bug")
