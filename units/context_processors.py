from units import clock
from units.access import access_for


def access(request):
    return {"access": access_for(request)}


def demo_clock(request):
    """The demo clock's moment, for the banner that says the app runs on it (README.md, "Demo clock")."""
    return {"demo_now": clock.now()} if clock.is_demo() else {}
