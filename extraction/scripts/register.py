"""`spacy train --code scripts/register.py`: registers Kinscope's tokenizer, components and patterns."""

import extraction.pipeline  # noqa: F401
