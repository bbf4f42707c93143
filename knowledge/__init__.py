"""Knowledge base of the Dutch youth-care guidelines (no Rasa inside; see base.py)."""
