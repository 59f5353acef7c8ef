"""Document builders (Word decisions, submissions, minutes) fed by plain dataclasses."""
