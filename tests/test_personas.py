"""Prompts and resources through the in-memory MCP client."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from server.core.catalogue import ROOT_CAUSES
from server.resources import SKILLS, skill_text

pytestmark = pytest.mark.anyio

TOOL_NAMES = (
    "read_training_log",
    "plot_metrics",
    "diagnose_training",
    "inspect_model",
    "apply_patch",
    "revert_patch",
    "list_patches",
    "run_tests",
    "run_quick_test",
    "compare_runs",
)


async def test_the_three_prompts_are_listed_with_their_optional_arguments(client: Client) -> None:
    prompts = {prompt.name: prompt for prompt in (await client.list_prompts()).prompts}
    arguments = {name: [(a.name, a.required) for a in prompt.arguments or []] for name, prompt in prompts.items()}
    assert arguments == {
        "ml-training-debugger": [("symptoms", False), ("logs", False), ("code", False), ("config", False)],
        "ml-expert": [("requirements", False), ("constraints", False), ("context", False), ("references", False)],
        "diagnose-fix-test": [("logs", False), ("code", False), ("config", False), ("test_command", False)],
    }
    assert all(a.description for prompt in prompts.values() for a in prompt.arguments or [])


async def test_the_debugger_prompt_echoes_the_case_after_the_persona_text(client: Client) -> None:
    result = await client.get_prompt(
        "ml-training-debugger", {"symptoms": "loss is NaN after step 700", "logs": "runs/a/train.log"}
    )
    [message] = result.messages
    text = message.content.text
    assert message.role == "user"
    assert text.startswith(skill_text("ml-training-debugger"))
    assert "- **Symptoms**: loss is NaN after step 700\n- **Logs**: runs/a/train.log\n" in text
    assert "**Code**" not in text
    assert "Start with `read_training_log`" in text


async def test_a_prompt_without_arguments_asks_for_the_artefacts(client: Client) -> None:
    result = await client.get_prompt("ml-training-debugger")
    assert result.messages[0].content.text.endswith(
        "No artefacts were named. Ask for the training log paths (and the training script and config) "
        "before concluding anything."
    )


async def test_the_expert_prompt_echoes_requirements_and_constraints(client: Client) -> None:
    result = await client.get_prompt(
        "ml-expert", {"requirements": "val accuracy >= 0.9", "constraints": "one CPU, 10 minutes", "context": " "}
    )
    text = result.messages[0].content.text
    assert text.startswith(skill_text("ml-expert"))
    assert "- **Requirements**: val accuracy >= 0.9\n- **Constraints**: one CPU, 10 minutes\n" in text
    assert "**Context**" not in text


async def test_the_loop_prompt_joins_the_debugger_and_the_loop_and_names_the_quick_test(client: Client) -> None:
    result = await client.get_prompt(
        "diagnose-fix-test", {"logs": "train.log", "test_command": "python train.py --steps 200"}
    )
    text = result.messages[0].content.text
    assert skill_text("ml-training-debugger") in text and skill_text("diagnose-fix-test") in text
    assert "- **Quick-test command**: python train.py --steps 200" in text


async def test_the_loop_prompt_without_arguments_asks_for_a_short_command(client: Client) -> None:
    result = await client.get_prompt("diagnose-fix-test")
    assert "a short command that trains for a few hundred steps on CPU" in result.messages[0].content.text


async def test_the_expert_prompt_without_arguments_asks_for_requirements(client: Client) -> None:
    result = await client.get_prompt("ml-expert")
    assert result.messages[0].content.text.endswith(
        "No requirements were given. Ask what the change must achieve and under which constraints."
    )


async def test_every_skill_and_the_catalogue_are_listed_as_resources(client: Client) -> None:
    resources = {str(r.uri): r.mime_type for r in (await client.list_resources()).resources}
    assert resources == {
        "skills://ml-training-debugger": "text/markdown",
        "skills://ml-expert": "text/markdown",
        "skills://quick-reference": "text/markdown",
        "skills://diagnose-fix-test": "text/markdown",
        "catalogue://root-causes": "application/json",
    }


@pytest.mark.parametrize("name", list(SKILLS))
async def test_each_skill_resource_reads_as_its_text(client: Client, name: str) -> None:
    result = await client.read_resource(f"skills://{name}")
    assert result.contents[0].text == skill_text(name)


async def test_the_catalogue_resource_lists_all_sixteen_ids_with_fixes(client: Client) -> None:
    result = await client.read_resource("catalogue://root-causes")
    causes = json.loads(result.contents[0].text)["root_causes"]
    assert [c["id"] for c in causes] == list(ROOT_CAUSES)
    assert causes[0]["typical_fixes"] == list(ROOT_CAUSES["lr_too_high"].typical_fixes)
    assert sorted(causes[0]) == ["id", "looks_like", "title", "typical_fixes"]


def test_the_persona_texts_name_every_tool_and_the_diagnosis_shape() -> None:
    combined = "\n".join(skill_text(name) for name in SKILLS)
    assert [tool for tool in TOOL_NAMES if tool not in combined] == []
    debugger = skill_text("ml-training-debugger")
    for key in ("verdict", "summary", "root_causes", "confidence", "evidence", "quick_wins", "recommended_fixes"):
        assert f'"{key}"' in debugger
    assert all(cause_id in debugger for cause_id in ROOT_CAUSES)
