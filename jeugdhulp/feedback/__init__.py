"""The content loop: what users think of the answers (👍 / 👎) and the report content editors
read to see where the assistant fails."""
