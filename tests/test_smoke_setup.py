from core.models import HomePage


def test_migrations_make_home_page_the_default_site_root(client, db):
    home = HomePage.objects.get()
    response = client.get("/")
    assert response.status_code == 200
    assert f"<h1>{home.title}</h1>".encode() in response.content
    assert b"There are no courses yet" in response.content
