"""Errors a user can act on. The CLI prints their message on one line, without a trace."""


class KinscopeError(Exception):
    """Base class: something the user or operator can fix, explained in the message."""


class MissingToolError(KinscopeError):
    """A required external tool (Java, Maven, Tesseract...) is not installed."""


class ServerError(KinscopeError):
    """The embedded Neo4j server could not be started, stopped or reached."""


class ExportError(KinscopeError):
    """A source export cannot be loaded at all (missing required file, unreadable manifest)."""
