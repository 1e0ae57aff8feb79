import uuid


def new_hsds_id() -> str:
    """HSDS 3.0 asks for UUIDs; imported records keep whatever id their source gave them."""
    return str(uuid.uuid4())
