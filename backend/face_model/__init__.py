"""The ICT Face Model: installer, frozen arrays, blend functions and a torch module.

Import of this package is cheap; torch is imported only by `FaceModelModule`'s module.
"""
from .blend import blend, region_basis
from .model import REGION_RANGES, FaceModel, load_face_model, model_path


def __getattr__(name):
    if name == "FaceModelModule":  # keep torch out of numpy-only users (e.g. measurements, io)
        from .module import FaceModelModule

        return FaceModelModule
    raise AttributeError(name)


__all__ = ["FaceModel", "FaceModelModule", "REGION_RANGES", "blend", "load_face_model", "model_path",
           "region_basis"]
