"""Rasa custom actions, grouped by concern. Actions stay thin: slots in, knowledge/ asked,
an Answer rendered for the channel."""
