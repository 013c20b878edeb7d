"""Citations: imported by number (bad rows reported, good kept), linked to the register now and later, shown."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from patentbridge.patents.citations import citation_key, citations_import, citations_link
from patentbridge.patents.demo import seed_demo
from patentbridge.patents.models import PatentCitation
from patentbridge.patents.signals import announce_changed
from patentbridge.patents.tests.factories import PatentFactory

HEADER = "citing,cited,examiner_cited,third_party_cited\n"


def write(tmp_path, body: str):
    path = tmp_path / "citations.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_cn_publication_is_keyed_by_country_and_serial_whatever_its_kind():
    assert citation_key("CN105822427B") == citation_key("cn105822427a") == "CN105822427"
    assert citation_key("US8812197B2") == "US8812197"
    assert citation_key("CN201710667329.7") == "APP:201710667329.7"
    assert citation_key("not a number") == ""


@pytest.mark.django_db
def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_kept(tmp_path):
    path = write(tmp_path, "CN105822427B,US8812197B2,True,False\n,US1234567A,False,False\nCN1234567A,CN1234567B,False,False\n"
                           "CN105822427B,garbage!,False,False\n")
    report = citations_import(path)
    assert report.created == 1
    assert [line for line, _ in report.rejected] == [3, 4, 5]
    assert "citing: empty" in report.rejected[0][1] and "itself" in report.rejected[1][1]
    citation = PatentCitation.objects.get()
    assert (citation.citing_number, citation.cited_number, citation.examiner_cited) == (
        "CN105822427B", "US8812197B2", True)


@pytest.mark.django_db
def test_importing_again_adds_nothing(tmp_path):
    path = write(tmp_path, "CN105822427B,US8812197B2,True,False\n")
    citations_import(path)
    again = citations_import(path)
    assert (again.created, again.already_known, PatentCitation.objects.count()) == (0, 1, 1)


@pytest.mark.django_db
def test_a_grant_citation_links_to_the_register_patent_published_under_the_same_serial(tmp_path):
    application = PatentFactory(publication_number="CN105822427A", publication_kind="A")
    grant = PatentFactory(grant_number="CN107295441B", grant_kind="B")
    report = citations_import(write(tmp_path, "CN107295441C,CN105822427B,True,False\n"))
    citation = PatentCitation.objects.get()
    assert (citation.citing_id, citation.cited_id, report.linked) == (grant.pk, application.pk, 2)


@pytest.mark.django_db
def test_a_patent_imported_later_takes_up_its_citations(tmp_path, django_capture_on_commit_callbacks):
    citations_import(write(tmp_path, "US8812197B2,CN105822427B,True,False\n"))
    with django_capture_on_commit_callbacks(execute=True):
        patent = PatentFactory(publication_number="CN105822427A", publication_kind="A")
        announce_changed([patent.pk], new_ids=[patent.pk])
    assert PatentCitation.objects.get().cited_id == patent.pk


@pytest.mark.django_db
def test_linking_leaves_citations_of_other_numbers_alone(tmp_path):
    citations_import(write(tmp_path, "US8812197B2,CN999999999B,True,False\n"))
    PatentFactory(publication_number="CN105822427A", publication_kind="A")
    assert citations_link() == 0 and PatentCitation.objects.get().cited_id is None


@pytest.mark.django_db
def test_the_command_reports_bad_rows_on_stderr(tmp_path, capsys):
    call_command("import_citations", str(write(tmp_path, "CN1234567A,,False,False\nCN105822427B,US8812197B2,,\n")))
    out = capsys.readouterr()
    assert "line 2: cited: empty" in out.err and "created=1" in out.out


@pytest.mark.django_db
def test_the_patent_page_shows_what_it_cites_and_what_cites_it(client, tmp_path):
    older = PatentFactory(title="一种余热锅炉", publication_number="CN105822427A", publication_kind="A")
    patent = PatentFactory(title="一种烟气余热回收装置", grant_number="CN107295441B", grant_kind="B")
    citations_import(write(tmp_path, "CN107295441B,CN105822427A,True,False\nUS9000001B2,CN107295441B,False,False\n"))
    html = client.get(f"/patents/{patent.application_number}/").content.decode()
    section = html[html.index('data-testid="citations"'):]
    assert older.title in section and "US9000001B2" in section
    assert "CN105822427A" in section and "*" in section


@pytest.mark.django_db
def test_the_demo_citations_load_and_link_twice_without_doubling():
    patent = PatentFactory(publication_number="CN103596795A", publication_kind="A")
    first = seed_demo()
    assert first.created == 33 and not first.rejected
    assert seed_demo().created == 0
    assert PatentCitation.objects.get(citing_number="CN103596795B").citing_id == patent.pk
