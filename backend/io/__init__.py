"""Writers and readers of head files: OBJ/MTL, the JSON sidecar and the npz wire format (numpy only)."""
