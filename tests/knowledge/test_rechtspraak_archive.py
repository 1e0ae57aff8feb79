import shutil
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from knowledge.rechtspraak import archive
from knowledge.rechtspraak.archive import SourceError, SourceSkipped, count_sources, iter_sources
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
    results = {
        Path(name).relative_to(tmp_path).as_posix(): data for name, data in iter_sources([tmp_path])
    }
    assert list(results) == ["a/y.XML", "b/deeper/z.xml", "notes.txt", "x.xml"]
    # What is not a ruling is reported, not silently left out.
    assert isinstance(results["notes.txt"], SourceSkipped)
    assert "Not an XML file" in results["notes.txt"].message


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
        prefix + "LEESMIJ.txt",
        prefix + "kapot/truncated.xml",
        prefix + "kapot/xxe.xml",
    ]
    assert isinstance(results[prefix + "LEESMIJ.txt"], SourceSkipped)
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


def zip_of(path: Path, members: dict[str, bytes | Path], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, content in members.items():
            if isinstance(content, Path):
                zf.write(content, name)
            else:
                zf.writestr(name, content)
    return path


def test_zip_of_monthly_zips_is_opened(tmp_path):
    """The court's bulk download: a zip holding one zip per month."""
    january = zip_of(
        tmp_path / "201401.zip",
        {
            "ECLI_NL_CRVB_2014_2942.xml": FIXTURES / "ECLI_NL_CRVB_2014_2942.xml",
            "ECLI_NL_CRVB_2014_3494.xml": FIXTURES / "ECLI_NL_CRVB_2014_3494.xml",
        },
    )
    february = zip_of(
        tmp_path / "201402.zip", {"ECLI_NL_PHR_2014_2.xml": FIXTURES / "ECLI_NL_PHR_2014_2.xml"}
    )
    bulk = zip_of(
        tmp_path / "OpenDataUitspraken.zip",
        {"2014/201401.zip": january, "2014/201402.zip": february, "LEESMIJ.txt": b"Uitleg."},
    )

    results = list(iter_sources([bulk]))

    assert [name.removeprefix(f"{bulk}/") for name, _ in results] == [
        "2014/201401.zip/ECLI_NL_CRVB_2014_2942.xml",
        "2014/201401.zip/ECLI_NL_CRVB_2014_3494.xml",
        "2014/201402.zip/ECLI_NL_PHR_2014_2.xml",
        "LEESMIJ.txt",
    ]
    data = dict(results)
    assert data[f"{bulk}/2014/201402.zip/ECLI_NL_PHR_2014_2.xml"] == (
        (FIXTURES / "ECLI_NL_PHR_2014_2.xml").read_bytes()
    )
    assert parse_ruling(data[f"{bulk}/2014/201401.zip/ECLI_NL_CRVB_2014_2942.xml"]).ecli == (
        "ECLI:NL:CRVB:2014:2942"
    )
    assert isinstance(data[f"{bulk}/LEESMIJ.txt"], SourceSkipped)
    assert count_sources([bulk]) == len(results)


def test_zip_in_a_folder_is_opened(tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    shutil.copy(FIXTURES / "no_abstract.xml", folder / "a.xml")
    month = zip_of(folder / "201601.zip", {"b.xml": FIXTURES / "ECLI_NL_RBMNE_2016_1780.xml"})

    results = dict(iter_sources([folder]))

    assert list(results) == [str(folder / "201601.zip") + "/b.xml", str(folder / "a.xml")]
    assert results[f"{month}/b.xml"] == (FIXTURES / "ECLI_NL_RBMNE_2016_1780.xml").read_bytes()


def test_broken_zip_inside_a_zip_is_an_error_entry(tmp_path):
    outer = zip_of(
        tmp_path / "outer.zip",
        {"broken.zip": (HOSTILE / "broken.zip").read_bytes(), "ok.xml": b"<a/>"},
    )
    results = dict(iter_sources([outer]))
    assert isinstance(results[f"{outer}/broken.zip"], SourceError)
    assert "zip" in results[f"{outer}/broken.zip"].message
    assert results[f"{outer}/ok.xml"] == b"<a/>"


def test_zips_nested_too_deep_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ZIP_DEPTH", 2)
    level3 = zip_of(tmp_path / "3.zip", {"deep.xml": b"<a/>"})
    level2 = zip_of(tmp_path / "2.zip", {"3.zip": level3, "two.xml": b"<b/>"})
    level1 = zip_of(tmp_path / "1.zip", {"2.zip": level2})

    results = dict(iter_sources([level1]))

    assert results[f"{level1}/2.zip/two.xml"] == b"<b/>"
    refused = results[f"{level1}/2.zip/3.zip"]
    assert isinstance(refused, SourceError)
    assert "nested" in refused.message
    assert f"{level1}/2.zip/3.zip/deep.xml" not in results


def test_nested_zip_over_the_size_limit_is_refused_while_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 3000)
    inner = zip_of(
        tmp_path / "inner.zip",
        {"a.xml": FIXTURES / "ECLI_NL_CRVB_2014_3494.xml"},
        compression=zipfile.ZIP_STORED,
    )
    assert inner.stat().st_size > 3000
    outer = zip_of(tmp_path / "outer.zip", {"inner.zip": inner, "ok.xml": b"<a/>"})

    results = dict(iter_sources([outer]))

    assert isinstance(results[f"{outer}/inner.zip"], SourceError)
    assert "too large" in results[f"{outer}/inner.zip"].message
    assert results[f"{outer}/ok.xml"] == b"<a/>"


def test_nested_zip_bomb_is_refused_without_inflating_it(tmp_path):
    # A "zip" of 15 MB of zeros compresses over a thousand times: refused before unpacking.
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("bomb.zip", b"\0" * (15 * 1024 * 1024))
    [(_, error)] = list(iter_sources([outer]))
    assert isinstance(error, SourceError)
    assert "zip bomb" in error.message


def test_macos_metadata_in_a_zip_is_skipped_not_parsed(tmp_path):
    path = zip_of(
        tmp_path / "mac.zip",
        {"a.xml": b"<a/>", "__MACOSX/._a.xml": b"\x00\x05\x16\x07binary"},
    )
    results = dict(iter_sources([path]))
    assert results[f"{path}/a.xml"] == b"<a/>"
    assert isinstance(results[f"{path}/__MACOSX/._a.xml"], SourceSkipped)
