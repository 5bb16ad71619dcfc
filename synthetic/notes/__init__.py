"""Case-note text: a span-tracking text builder, a referring-expression engine and a
registry of writing styles (each style renders the same kinds of facts its own way)."""
