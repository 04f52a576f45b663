"""File › Connect to team database… (ui layer): where the shared plan lives.

Asks for host, port, database and user, and remembers those four in the settings. The
password is never written to the settings: one typed here is used for this connection, in
memory, and kept in the system keyring only when the user ticks "Remember" (and the
connection succeeds). With the box left empty, the keyring's password is used if it holds
one (planner/store/credentials.py), else libpq finds it in the user's password file
(~/.pgpass, or %APPDATA%\\postgresql\\pgpass.conf on Windows) or PGPASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.ui.shell.settings import Settings
from planner.ui.shell.wheel_guard import steady_wheels

DRIVER = "postgresql+psycopg"
_KEYS = ("team/host", "team/port", "team/database", "team/user")


def team_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    """The database URL (user and password percent-encoded; no password when empty)."""
    credentials = quote(user, safe="")
    if password:
        credentials += ":" + quote(password, safe="")
    host_part = f"[{host}]" if ":" in host else host  # an IPv6 address
    return f"{DRIVER}://{credentials}@{host_part}:{port}/{quote(database, safe='')}"


@dataclass(frozen=True)
class TeamChoice:
    """What the user chose: the URL (with the password if one was typed) and whether to
    keep that password in the system keyring once the connection works."""

    url: str
    remember: bool = False

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"TeamChoice(<hidden url>, remember={self.remember})"


class ConnectDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to team database")
        self.settings = settings
        layout = QVBoxLayout(self)
        intro = QLabel("Open the plan your team shares on a PostgreSQL server. Leave the "
                       "password empty to use the one in your system keyring or your "
                       "PostgreSQL password file (~/.pgpass). The planner never writes it "
                       "to its settings.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(settings.get_str("team/host", "localhost"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings.get_int("team/port", 5432))
        self.database = QLineEdit(settings.get_str("team/database", "planner"))
        self.user = QLineEdit(settings.get_str("team/user", ""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from the keyring or ~/.pgpass when empty")
        for label, widget in (("&Host", self.host), ("&Port", self.port),
                              ("&Database", self.database), ("&User", self.user),
                              ("Pass&word", self.password)):
            form.addRow(label, widget)
        self.remember = QCheckBox("Remember the password in the system keyring")
        self.remember.setObjectName("rememberCheck")
        self.remember.setToolTip(
            "Keeps the password typed above in your computer's keyring (Keychain, Credential "
            "Locker, Secret Service) once the connection works, so you need not type it "
            "again. It is never written to the planner's settings.")
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    def problem(self) -> str | None:
        for label, edit in (("host", self.host), ("database", self.database),
                            ("user", self.user)):
            if not edit.text().strip():
                return f"Enter the {label}."
        if any(c.isspace() for c in self.host.text().strip()):
            return "The host cannot contain spaces."
        if self.remember.isChecked() and not self.password.text():
            return "Type the password to remember, or untick “Remember the password”."
        return None

    def try_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        values: tuple[str | int, ...] = (self.host.text().strip(), self.port.value(),
                                         self.database.text().strip(), self.user.text().strip())
        for key, value in zip(_KEYS, values, strict=True):
            self.settings.set_value(key, value)
        self.error.clear()
        self.accept()

    def url(self) -> str:
        return team_url(self.host.text().strip(), self.port.value(),
                        self.database.text().strip(), self.user.text().strip(),
                        self.password.text())


    def choice(self) -> TeamChoice:
        return TeamChoice(self.url(), self.remember.isChecked() and bool(self.password.text()))


def ask_team_database(settings: Settings, parent: QWidget | None = None) -> TeamChoice | None:
    """The team database the user chose, or None if they cancelled."""
    dialog = ConnectDialog(settings, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()
