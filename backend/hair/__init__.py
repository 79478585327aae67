"""Hair geometry: a real hair mesh that follows the head (the ICT mesh has none; the albedo paints a close crop).

`style.choose` reads or draws the hairstyle, `mesh.build_hair` builds it on a head (`geometry.py`: cap, curtain,
tails, bun; `texture.py`: its albedo).  Numpy only, deterministic per seed."""
