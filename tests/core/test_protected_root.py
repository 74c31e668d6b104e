"""The protected folder is refused when a folder served by path contains it (or it them)."""

from core.protected_files import check_protected_root


def test_a_protected_folder_inside_the_public_one_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "media" / "protected")
    errors = check_protected_root(None)
    assert [error.id for error in errors] == ["storybridge.E101"]
    assert "MEDIA_ROOT" in errors[0].msg


def test_separate_folders_pass(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "protected")
    assert check_protected_root(None) == []
