"""Login attempts, limited per user name + client address (and per address), in memory."""

from __future__ import annotations

import threading
import time
from collections import deque


class LoginLimiter:
    """At most ``per_user`` failures per (name, address) and ``per_address`` per address in ``window`` s."""

    def __init__(self, per_user: int = 5, per_address: int = 30, window: float = 300.0,
                 max_keys: int = 100_000) -> None:
        self.per_user, self.per_address, self.window = per_user, per_address, window
        self.max_keys = max_keys
        self._fails: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def retry_after(self, name: str, address: str) -> int:
        """Seconds to wait before another attempt for ``name`` from ``address`` (0: go ahead)."""
        now = time.monotonic()
        with self._lock:
            waits = []
            for key, limit in (((name.lower(), address), self.per_user), (("", address), self.per_address)):
                q = self._recent(key, now)
                if len(q) >= limit:
                    waits.append(int(self.window - (now - q[0])) + 1)
            return max(waits, default=0)

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent((name.lower(), address), now).append(now)
            self._recent(("", address), now).append(now)
            if len(self._fails) > self.max_keys:  # bound the memory an attacker can make us use
                self._shrink(now)

    def _shrink(self, now: float) -> None:
        """Forget what has expired; if that is not enough, the per-name counts — never the per-address
        ones, so spraying user names cannot reset an address's limit."""
        for key in list(self._fails):
            if not self._recent(key, now):
                del self._fails[key]
        if len(self._fails) > self.max_keys:
            for key in [k for k in self._fails if k[0]]:
                del self._fails[key]

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._fails.pop((name.lower(), address), None)
