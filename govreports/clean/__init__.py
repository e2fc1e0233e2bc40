"""Clean: bytes → decoded, normalized, de-duplicated text and table cells."""
