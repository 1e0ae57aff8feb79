from network.demo import load_network
from network.models import Organisation, Service, ServiceArea, ServiceAtLocation


def test_demo_loader_creates_the_directory_once(db, client, home):
    counts = load_network()
    assert counts["organisations"] >= 10
    assert Organisation.objects.filter(name="ASKV / Steunpunt Vluchtelingen").exists()
    moo = Service.objects.get(name="MOO-Basis")
    assert moo.categories.filter(code="opvang").exists()
    assert ServiceAtLocation.objects.filter(service=moo).exists()
    assert ServiceArea.objects.filter(name="heel Nederland").exists()
    before = (Organisation.objects.count(), Service.objects.count())
    again = load_network()
    assert again["organisations"] == 0
    assert (Organisation.objects.count(), Service.objects.count()) == before
    # Real organisations carry no invented contact details.
    assert not Organisation.objects.exclude(email="").exists()
    response = client.get("/organisaties/", {"city": "Utrecht"})
    assert "VluchtelingenWerk Nederland" in response.content.decode()
    assert counts["events"] == 4 and again["events"] == 0
    agenda = client.get("/agenda/").content.decode()
    assert "toegang tot mbo en hbo" in agenda
    assert "Landendag Eritrea" not in agenda  # members only


def test_demo_keeps_coordinator_edits(db):
    load_network()
    org = Organisation.objects.get(hsds_id="eno-demo-askv")
    org.description = "<p>Door de coördinator herschreven.</p>"
    org.save()
    load_network()
    org.refresh_from_db()
    assert org.description == "<p>Door de coördinator herschreven.</p>"
