"""Register/unregister every Blender class of the add-on, in dependency order."""
from __future__ import annotations


def _modules():
    from . import hair_links, head_names, operators, panel, preferences, properties

    return (preferences, properties, operators, panel, head_names, hair_links)


def register():
    from . import session

    session.reopen()
    for module in _modules():
        module.register()


def unregister():
    from . import teardown

    teardown.end_everything()  # the running job, timers, the local backend: before the classes go
    for module in reversed(_modules()):
        module.unregister()
