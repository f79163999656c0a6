"""The statement finders a user can choose, defined once.

=========  ==========================================================================
engine     what a user gets
=========  ==========================================================================
hybrid     the default: the trained MiniLM tagger plus the rules for quoth's statement
           forms (quotes over paragraphs, ``Name: claim`` headlines); the most accurate
fast       the rules plus the CRF tagger: less accurate, faster, for bulk runs
tagger     the MiniLM tagger alone: PolNeAR's wider reading of attribution
rules      the hand-written rules alone: no trained model
=========  ==========================================================================
"""

from __future__ import annotations

__all__ = ["ENGINES", "DEFAULT_ENGINE", "TAGGER_ENGINES", "HYBRID_ENGINES", "ENGINE_HELP"]

ENGINES = ("hybrid", "fast", "tagger", "rules")
DEFAULT_ENGINE = "hybrid"
TAGGER_ENGINES = ("hybrid", "fast", "tagger")  # the engines that run a trained tagger
HYBRID_ENGINES = ("hybrid", "fast")  # the engines that merge the tagger's statements with the rules'

ENGINE_HELP = ("statement finder: hybrid (default: the trained MiniLM tagger + the rules for "
               "quoth's statement forms, the most accurate), fast (the rules + the CRF: faster, "
               "less accurate, for bulk runs), tagger (the MiniLM alone: PolNeAR's wider "
               "reading of attribution), rules (no trained model)")
