"""MCP tool families: thin wrappers that validate, call the pure core, and shape the result."""
