#!/usr/bin/env python3
"""Writes corpus-samples/stores/pst/campagne.pst, the bundled Outlook PST sample.

A Unicode PST written by Aspose.Email for Python via .NET (PyPI
`Aspose.Email-for-Python-via-NET`, evaluation mode: no licence is needed for a store this
small), its attachments made with fpdf2 (PDF) and python-docx (DOCX). Every person, address
and word is invented; each message carries one word found nowhere else in corpus-samples/
(listed in expected.tsv).

    python3 -m venv /tmp/pst-venv
    /tmp/pst-venv/bin/pip install Aspose.Email-for-Python-via-NET fpdf2 python-docx
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 /tmp/pst-venv/bin/python corpus-samples/make-pst.py

Folders: Inbox (one message), Inbox/Projets (a PDF and a DOCX attachment, and a message
forwarded as an attached Outlook item), Sent Items (a reply). The store's bytes change from
one run to the next (Aspose writes fresh entry ids), the messages do not.

The attached Outlook item cannot be opened by the `outlook-pst` crate 1.2 (it finds no
PidTagAttachMethod in the attachment's own properties, though the attachment table states
it; readpst and Aspose read it): trawl indexes that message with the attachment listed from
the table and says so (counted damaged). Its inner message therefore holds no invented word (the forward's own body does),
and Aspose's evaluation watermark lands in that inner message's body.
"""

import datetime
import io
import os

import aspose.email as ae
from aspose.email.mapi import MapiConversionOptions, MapiMessage
from aspose.email.storage.pst import FileFormatVersion, PersonalStorage, StandardIpmFolder
from docx import Document
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "stores", "pst", "campagne.pst")

CAMILLE = "Camille Moreau <camille.moreau@horizon-commun.example>"
JULIEN = "Julien Fabre <julien.fabre@horizon-commun.example>"
SOPHIE = "Sophie Lambert <sophie.lambert@horizon-commun.example>"
EMILY = "Emily Carter <emily.carter@northpoll.example>"
THOMAS = "Thomas Girard <thomas.girard@horizon-commun.example>"


def pdf(text):
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.multi_cell(0, 8, text)
    return bytes(doc.output())


def docx(text):
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def mail(sender, to, subject, when, message_id, body, cc=None, in_reply_to=None):
    m = ae.MailMessage()
    m.from_address = ae.MailAddress(sender)
    for address in to:
        m.to.append(ae.MailAddress(address))
    for address in cc or []:
        m.cc.append(ae.MailAddress(address))
    m.subject = subject
    m.date = when
    m.message_id = message_id
    m.body = body
    if in_reply_to:
        m.headers.add("In-Reply-To", in_reply_to)
        m.headers.add("References", in_reply_to)
    return m


def attach(m, name, data, mime):
    m.attachments.append(ae.Attachment(io.BytesIO(data), name, mime))


def mapi(m):
    return MapiMessage.from_mail_message(m, MapiConversionOptions.unicode_format)


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone.utc)


def messages():
    """(folder, message) pairs, in the order they are added."""
    agenda = mail(
        JULIEN, [CAMILLE], "Ordre du jour du comité de campagne", utc(2017, 6, 14, 7, 30),
        "<20170614093000.4410@horizon-commun.example>",
        "Bonjour Camille,\r\n\r\nPour jeudi : le point tirelipot sur les affiches, puis les "
        "comptes de juin.\r\n\r\nJulien\r\n",
    )
    quote = mail(
        JULIEN, [CAMILLE], "Devis de l'imprimeur pour les tracts", utc(2017, 6, 15, 12, 5),
        "<20170615140500.4471@horizon-commun.example>",
        "Camille,\r\n\r\nLe devis est en pièce jointe (PDF). À valider avant vendredi.\r\n\r\n"
        "Julien\r\n",
    )
    attach(quote, "devis-imprimeur.pdf",
           pdf("Devis 2017-118 : 20 000 tracts format A5, papier recyclé, livraison farandolite "
               "le 19 juin."),
           "application/pdf")
    plan = mail(
        EMILY, [CAMILLE], "Fieldwork plan for the second round", utc(2017, 6, 16, 9, 45),
        "<1497606300.5521.3@northpoll.example>",
        "Hi Camille,\r\n\r\nThe plan for the last week of fieldwork is attached.\r\n\r\nBest,\r\n"
        "Emily\r\n",
        cc=[SOPHIE],
    )
    attach(plan, "fieldwork-plan.docx",
           docx("Second round fieldwork: 400 interviews, quota sampling, the brimbalouette "
                "panel on Thursday."),
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    inner = mail(
        THOMAS, [SOPHIE], "Bénévoles du 18 juin", utc(2017, 6, 12, 17, 0),
        "<20170612190000.2231@horizon-commun.example>",
        "Sophie,\r\n\r\nIl nous manque encore six bénévoles pour tenir les bureaux de vote."
        "\r\n\r\nThomas\r\n",
    )
    forward = mail(
        SOPHIE, [CAMILLE], "TR: Bénévoles du 18 juin", utc(2017, 6, 13, 8, 10),
        "<20170613101000.2290@horizon-commun.example>",
        "Camille, voir le message de Thomas ci-joint, pour la réunion grisoupette.\r\n\r\n"
        "Sophie\r\n",
    )
    reply = mail(
        CAMILLE, [EMILY], "Re: Fieldwork plan for the second round", utc(2017, 6, 16, 14, 20),
        "<20170616162000.3318@horizon-commun.example>",
        "Emily,\r\n\r\nThanks, the plan works for us; the cancoillotier count can wait until "
        "Monday.\r\n\r\nCamille\r\n",
        in_reply_to="<1497606300.5521.3@northpoll.example>",
    )
    return [
        ("inbox", mapi(agenda), None),
        ("projets", mapi(quote), None),
        ("projets", mapi(plan), None),
        ("projets", mapi(forward), mapi(inner)),
        ("sent", mapi(reply), None),
    ]


def main():
    if os.path.exists(OUT):
        os.remove(OUT)
    with PersonalStorage.create(OUT, FileFormatVersion.UNICODE) as pst:
        inbox = pst.create_predefined_folder("Inbox", StandardIpmFolder.INBOX)
        folders = {
            "inbox": inbox,
            "projets": inbox.add_sub_folder("Projets"),
            "sent": pst.create_predefined_folder("Sent Items", StandardIpmFolder.SENT_ITEMS),
        }
        for folder, message, attached in messages():
            if attached is not None:
                message.attachments.add("Bénévoles du 18 juin.msg", attached)
            folders[folder].add_message(message)
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
