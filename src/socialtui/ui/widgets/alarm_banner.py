"""AlarmBanner: the security alert that cannot be missed (words, not only colour)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static


class AlarmBanner(Static):
    """Hidden until :meth:`show` gets failing critical rules; a click asks for the checklist."""

    DEFAULT_CSS = """
    AlarmBanner { display: none; height: 1; background: $error; color: $background; text-style: bold;
                  padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    AlarmBanner.-on { display: block; }
    """

    class ChecklistRequested(Message):
        """The user clicked the banner."""

    def show(self, codes: list[str], key: str = "!") -> None:
        if not codes:
            self.remove_class("-on")
            return
        text = Text()  # (cut with an ellipsis by the CSS)
        # what fails first, then what to do: at 80 columns the end of the line is cut
        text.append(f"‼ SECURITY ALERT: {' '.join(codes)} failing · press {key}: checklist "
                    "· the account may be hijacked")
        self.update(text)
        self.add_class("-on")

    def on_click(self) -> None:
        self.post_message(self.ChecklistRequested())
