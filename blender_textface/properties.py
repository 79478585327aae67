"""Per-scene panel inputs (the running job's state is runtime-only: job_state.py)."""
from __future__ import annotations

import bpy
from bpy.props import BoolProperty, EnumProperty, IntProperty, PointerProperty, StringProperty


class TextFaceSceneProps(bpy.types.PropertyGroup):
    prompt: StringProperty(name="Prompt", description="Describe the face (a text block can hold longer ones)",
                           default="a middle-aged man with a long face and a broad nose")
    prompt_text: PointerProperty(name="Text block", type=bpy.types.Text,
                                 description="Use this text block as the prompt (multi-line editing)")
    source: EnumProperty(name="Generate from", default="PROMPT",
                         items=[("PROMPT", "Prompt", "One description (Variations: seeds side by side)"),
                                ("TEXT", "Lines", "A batch: each line of a text block is one head's description "
                                                  "(Text editor), laid out in a grid"),
                                ("FILE", "File", "A batch: each line of a .txt or .jsonl file (as `generate "
                                                 "--batch` reads) is one head, laid out in a grid")])
    batch_text: PointerProperty(name="Lines", type=bpy.types.Text,
                                description="A text block: one description per line, or a JSON object "
                                            '{"prompt", "name", "seed"}; blank lines and # comments skipped')
    batch_file: StringProperty(name="Batch file", subtype="FILE_PATH",
                               description="A .txt or .jsonl file: one description per line, or a JSON object "
                                           '{"prompt", "name", "seed"} as `python -m backend generate --batch` reads')
    seed: IntProperty(name="Seed", default=0, min=0, max=2**31 - 1,
                      description="A prompt's seed; a batch: added to each line's own seed (from its name or line "
                                  "number; 0: the seeds of `generate --batch`), a line's \"seed\" used as it is")
    variations: IntProperty(name="Variations", default=1, min=1, max=16,
                            description="Heads with seeds seed, seed+1, ... side by side")
    refine: BoolProperty(name="Refine", default=True, description="CLIP refinement of abstract phrases")
    refine_steps: IntProperty(name="Steps", default=100, min=1, max=1000)
    refine_text: StringProperty(name="Refine text", description="Abstract text for Refine Selected",
                                default="looks friendly")
    texture_size: EnumProperty(name="Texture", default="PREFS",
                               items=[("PREFS", "Default", "From the preferences")]
                               + [(s, f"{s}²", "") for s in ("256", "512", "1024", "2048")])
    identity_keys: BoolProperty(name="Identity keys", default=True,
                                description="Give new heads the 100 identity sliders (id_000...); off: light "
                                            "heads, the identity baked into the mesh and only the 53 ARKit "
                                            "keys (about a third of the memory and .blend size)")
    hair: BoolProperty(name="Hair", default=True,
                       description="Give new heads their hair mesh when the backend makes one (an object "
                                   "'<head> hair', a child of the head whose shape keys follow the head's)")

    def prompt_value(self) -> str:
        return self.prompt_text.as_string() if self.prompt_text is not None else self.prompt

    def batch_source(self):
        """What api.read_batch reads for the batch modes: the text block (None when none is picked) or the path."""
        if self.source == "TEXT":
            if self.batch_text is None:
                raise ValueError("no text block picked for the batch: pick one under Lines (one description a line)")
            return self.batch_text
        return self.batch_file


def register():
    bpy.utils.register_class(TextFaceSceneProps)
    bpy.types.Scene.textface = PointerProperty(type=TextFaceSceneProps)


def unregister():
    del bpy.types.Scene.textface
    bpy.utils.unregister_class(TextFaceSceneProps)
