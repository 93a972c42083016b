"""Questions in plain Indonesian, read as the intents the commands answer (no Telegram here).

``understand(session, text, today)`` -> :class:`Understanding`; ``answers`` computes the
figures of the intents without a command of their own. See docs/questions.md.
"""

from lakip_model.questions.intents import NO_CHOOSER, Intent, IntentChooser
from lakip_model.questions.names import Kind, Name
from lakip_model.questions.periods import Period
from lakip_model.questions.understand import Choice, Understanding, from_choice, understand

__all__ = [
    "NO_CHOOSER",
    "Choice",
    "Intent",
    "IntentChooser",
    "Kind",
    "Name",
    "Period",
    "Understanding",
    "from_choice",
    "understand",
]
