"""A package."""
import os
# Public names.
TYPE_CHECKING = False
if TYPE_CHECKING:  # the imports below are lazy; type checkers still read them
    from .core import Thing, helper as h
    from . import sub
del TYPE_CHECKING
from .config import config
__all__ = ['Thing', 'h', 'sub', 'config', 'here']
def here():
    return os.getcwd()


# Written by `modsplit lazy apply`: each name below is imported on first access by
# __getattr__, then kept in the module's globals. Relative module names resolve against
# __package__ exactly as the `from . import` statements they replace did.
_LAZY_IMPORTS = {
    "Thing": (".core", "Thing"),
    "core": (".core", None),
    "h": (".core", "helper"),
    "sub": (".sub", None),
    "util": (".util", None),
}


def __getattr__(name: str) -> object:
    try:
        module_name, attribute = _LAZY_IMPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    import importlib

    module = importlib.import_module(module_name, __package__)
    if attribute is None:
        value: object = module
    else:
        try:
            value = getattr(module, attribute)
        except AttributeError:
            # `from X import Y` also finds a submodule Y that X itself did not import.
            value = importlib.import_module(f"{module.__name__}.{attribute}")
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    hidden = {"_LAZY_IMPORTS", "__dir__", "__getattr__"}
    return sorted((set(globals()) - hidden) | set(_LAZY_IMPORTS))
