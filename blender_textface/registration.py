"""Register/unregister every Blender class of the add-on, in dependency order."""
from __future__ import annotations


def _modules():
    from . import operators, panel, preferences, properties

    return (preferences, properties, operators, panel)


def register():
    for module in _modules():
        module.register()


def unregister():
    from . import session

    session.shutdown()
    for module in reversed(_modules()):
        module.unregister()
