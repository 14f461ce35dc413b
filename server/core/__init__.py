"""Pure logic of ml-skills-mcp. Nothing under this package imports `mcp`."""
