"""Writes the first N messages of an mbox into a Unicode PST, in sub-folders of Inbox of 50
messages each: the store `benches/pst.sh` times trawl on. Written by Aspose.Email for Python
via .NET (PyPI, evaluation mode), each message converted by Aspose from its MIME bytes.

    python pst_corpus.py MBOX OUT.pst N
"""
import mailbox, sys, io, os
import aspose.email as ae
from aspose.email.mapi import MapiMessage, MapiConversionOptions
from aspose.email.storage.pst import FileFormatVersion, PersonalStorage, StandardIpmFolder
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
if os.path.exists(out): os.remove(out)
pst = PersonalStorage.create(out, FileFormatVersion.UNICODE)
inbox = pst.create_predefined_folder("Inbox", StandardIpmFolder.INBOX)
folder = None
count = 0
for i, m in enumerate(mailbox.mbox(src)):
    if i >= n: break
    if i % 50 == 0:
        folder = inbox.add_sub_folder("f%04d" % (i // 50))
    mail = ae.MailMessage.load(io.BytesIO(m.as_bytes()))
    folder.add_message(MapiMessage.from_mail_message(mail, MapiConversionOptions.unicode_format))
    count += 1
print("added", count)
