import shutil
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from knowledge.rechtspraak import archive
from knowledge.rechtspraak.archive import SourceError, iter_sources
from knowledge.rechtspraak.parser import RulingParseError, parse_ruling

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rechtspraak"
HOSTILE = FIXTURES / "hostile"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_single_file_is_read_as_bytes():
    path = FIXTURES / "is_replaced_by.xml"
    [(name, data)] = list(iter_sources([path]))
    assert name == str(path)
    assert data == path.read_bytes()


def test_folder_is_searched_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    shutil.copy(FIXTURES / "no_abstract.xml", tmp_path / "b" / "deeper" / "z.xml")
    shutil.copy(FIXTURES / "is_replaced_by.xml", tmp_path / "a" / "y.XML")
    shutil.copy(FIXTURES / "ECLI_NL_CBB_1997_ZG0125.xml", tmp_path / "x.xml")
    (tmp_path / "notes.txt").write_text("not a ruling")
    names = [Path(name).relative_to(tmp_path).as_posix() for name, _ in iter_sources([tmp_path])]
    assert names == ["a/y.XML", "b/deeper/z.xml", "x.xml"]


def test_missing_path_is_an_error_entry_and_the_rest_continues(tmp_path):
    good = FIXTURES / "is_replaced_by.xml"
    results = list(iter_sources([tmp_path / "missing.xml", good]))
    assert isinstance(results[0][1], SourceError)
    assert "No such file" in results[0][1].message
    assert results[1] == (str(good), good.read_bytes())


def test_zip_with_good_and_bad_members():
    results = dict(iter_sources([HOSTILE / "mixed.zip"]))
    prefix = f"{HOSTILE / 'mixed.zip'}/"
    assert sorted(results) == [
        prefix + "1997/ECLI_NL_CBB_1997_ZG0125.xml",
        prefix + "2014/ECLI_NL_CRVB_2014_3494.xml",
        prefix + "kapot/truncated.xml",
        prefix + "kapot/xxe.xml",
    ]
    assert parse_ruling(results[prefix + "2014/ECLI_NL_CRVB_2014_3494.xml"]).ecli == (
        "ECLI:NL:CRVB:2014:3494"
    )
    assert parse_ruling(results[prefix + "1997/ECLI_NL_CBB_1997_ZG0125.xml"]).metadata_only
    for bad in ("kapot/truncated.xml", "kapot/xxe.xml"):
        with pytest.raises(RulingParseError):
            parse_ruling(results[prefix + bad])


def test_broken_zip_is_an_error_entry():
    [(name, error)] = list(iter_sources([HOSTILE / "broken.zip"]))
    assert name == str(HOSTILE / "broken.zip")
    assert isinstance(error, SourceError)
    assert "zip" in error.message


def test_member_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.xml", b"<a>" + b"x" * 5000 + b"</a>")
        zf.writestr("small.xml", b"<a/>")
    results = dict(iter_sources([path]))
    assert isinstance(results[f"{path}/big.xml"], SourceError)
    assert "too large" in results[f"{path}/big.xml"].message
    assert results[f"{path}/small.xml"] == b"<a/>"


def test_zip_bomb_is_refused_without_inflating_it(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("bomb.xml", b"\0" * (15 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    [(_, error)] = list(iter_sources([path]))
    assert isinstance(error, SourceError)
    assert "zip bomb" in error.message


def test_lying_size_in_the_zip_directory_is_caught_while_reading(tmp_path, monkeypatch):
    # The central directory claims a small member; what actually inflates is counted.
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 3000)
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("liar.xml", b"<a>" + b"y" * 5000 + b"</a>")
    original = zipfile.ZipFile.infolist

    def lying_infolist(self):
        infos = original(self)
        for info in infos:
            info.file_size = 10
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying_infolist)
    [(_, error)] = list(iter_sources([path]))
    assert isinstance(error, SourceError)


def test_encrypted_member_is_an_error_entry(tmp_path):
    path = tmp_path / "secret.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("secret.xml", b"<a/>")
    raw = bytearray(path.read_bytes())
    # Set the "encrypted" flag in the local header and the central directory entry.
    raw[6] |= 0x1
    central = raw.find(b"PK\x01\x02")
    raw[central + 8] |= 0x1
    path.write_bytes(bytes(raw))
    [(_, error)] = list(iter_sources([path]))
    assert isinstance(error, SourceError)


def test_file_too_large_on_disk_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 100)
    path = tmp_path / "large.xml"
    path.write_bytes(b"<a>" + b"z" * 200 + b"</a>")
    [(_, error)] = list(iter_sources([path]))
    assert isinstance(error, SourceError)
    assert "too large" in error.message
