"""ml-skills-mcp: an MCP server that diagnoses, fixes and tests failing ML training runs."""

__version__ = "0.1.0"
