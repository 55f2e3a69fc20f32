"""Shared tree-sitter parsing, string-value evaluation and fact collection for the tree-sitter extractors."""
