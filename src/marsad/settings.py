"""One settings object: the commented defaults file, with user overrides merged on top.

Order (later wins): ``settings.default.toml`` shipped in the package, the user's file
(``$MARSAD_CONFIG`` or ``~/.config/marsad/settings.toml`` when it exists), an explicit
``--config FILE``, then keyword overrides from the caller.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marsad.errors import ConfigError


class InputSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    max_bytes: int = Field(gt=0)


class PipelineSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    components: tuple[str, ...]
    # Per component, by versioned name: the keyword arguments of its factory.
    config: dict[str, dict[str, Any]] = Field(default_factory=dict)

    def config_json(self) -> str:
        """The component settings as one canonical string: hashable, so pipelines are cached
        by it, and picklable, so worker processes build the same pipeline."""
        return json.dumps(self.config, sort_keys=True, ensure_ascii=False)


class StoreSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    url: str = Field(min_length=1)


class CorpusSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    batch_size: int = Field(gt=0)
    story_threshold: float = Field(gt=0, le=1)
    duplicate_threshold: float = Field(gt=0, le=1)


class WatchFeed(BaseModel):
    """One source ``marsad watch`` polls; ``interval`` (seconds) overrides the global one."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    url: str = Field(min_length=1)
    interval: float | str | None = None  # seconds, or "15m" (checked by marsad watch)


class WatchAlert(BaseModel):
    """An alert rule of ``marsad watch``: every condition set must hold; matching new events
    are appended to ``jsonl`` and/or POSTed to ``webhook``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = "alert"
    type: str | None = None
    country: str | None = None
    entity: str | None = None
    min_fatalities: int | None = Field(default=None, ge=0)
    jsonl: str | None = None
    webhook: str | None = None


class WatchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    interval: float | str  # seconds, or "15m", "1h" (checked by marsad watch: at least 60 s)
    timeout: float = Field(gt=0)
    max_items: int = Field(gt=0)
    backoff_max: float = Field(gt=0)
    alert_timeout: float = Field(gt=0)
    state: str = ""
    feeds: tuple[WatchFeed, ...] = ()
    alerts: tuple[WatchAlert, ...] = ()


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    input: InputSettings
    pipeline: PipelineSettings
    store: StoreSettings
    corpus: CorpusSettings
    watch: WatchSettings


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError("settings file not found", source=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(path)) from exc


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def default_settings_text() -> str:
    """The commented defaults file, as shipped."""
    return resources.files("marsad").joinpath("settings.default.toml").read_text("utf-8")


def user_settings_path() -> Path | None:
    """The user's settings file, if one is configured or present."""
    env = os.environ.get("MARSAD_CONFIG")
    if env:
        return Path(env)
    path = Path.home() / ".config" / "marsad" / "settings.toml"
    return path if path.is_file() else None


def load_settings(
    config: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    use_user_file: bool = True,
) -> Settings:
    """Defaults, then the user's file, then ``config``, then ``overrides``."""
    data = tomllib.loads(default_settings_text())
    layers: list[tuple[str, Mapping[str, Any]]] = []
    user = user_settings_path() if use_user_file else None
    if user is not None:
        layers.append((str(user), _read_toml(user)))
    if config is not None:
        layers.append((str(config), _read_toml(Path(config))))
    if overrides:
        layers.append(("overrides", overrides))
    for _, layer in layers:
        data = _merge(data, layer)
    source = " + ".join(["defaults", *(name for name, _ in layers)])
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise ConfigError(f"invalid settings: {problems}", source=source) from exc
