"""The folder target: a web server's document root, or a synced or mounted folder.

Each file is copied to a temp name beside its destination and renamed into place, so a web server never
serves half a file. Headers are the web server's job (the README shows the lines for nginx and Apache).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from narrate.files import atomic_path
from narrate.publish.target import LocalFile, PublishError, RemoteObject, Target


class FolderTarget(Target):
    name = "folder"
    remote = False

    @property
    def root(self) -> Path:
        return Path(self.location.removeprefix("file://")).expanduser()

    def list(self) -> dict[str, RemoteObject]:
        root = self.root
        if not root.is_dir():
            raise PublishError(f"{self.location}: no such folder (create it, or fix publish.target)")
        found = {}
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                found[path.relative_to(root).as_posix()] = RemoteObject(size=path.stat().st_size)
        return found

    def put(self, file: LocalFile) -> None:
        final = self.root / file.key
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(final) as tmp:
                shutil.copyfile(file.path, tmp)
        except OSError as exc:
            raise PublishError(f"{self.location}: cannot write {file.key}: {exc.strerror or exc}") from None

    def delete(self, key: str) -> None:
        path = self.root / key
        try:
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != self.root and self.root in parent.parents and not any(parent.iterdir()):
                parent.rmdir()  # the folder of a rotated-away private secret
                parent = parent.parent
        except OSError as exc:
            raise PublishError(f"{self.location}: cannot delete {key}: {exc.strerror or exc}") from None
