"""Write a small package leaflet in the EMA QRD layout as a Word file (an illustration).

    python docs/examples/make_word_leaflet.py ibuprofen.docx

The text is written for this example; it is not an approved medicine text.
"""

from __future__ import annotations

import sys

from docx import Document


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "ibuprofen.docx"
    doc = Document()
    doc.add_paragraph("Package leaflet: Information for the user")
    doc.add_heading("Ibuprofen 200 mg film-coated tablets", level=0)  # the Title style
    doc.add_paragraph(
        "Read all of this leaflet carefully before you start taking this medicine because it "
        "contains important information for you."
    )
    doc.add_paragraph("Keep this leaflet. You may need to read it again.", style="List Bullet")
    doc.add_paragraph(
        "If you get any side effects, talk to your doctor or pharmacist. See section 4.",
        style="List Bullet",
    )
    doc.add_heading("1. What Ibuprofen is and what it is used for", level=1)
    doc.add_paragraph("Ibuprofen relieves pain and lowers fever.")
    doc.add_heading("2. What you need to know before you take Ibuprofen", level=1)
    doc.add_heading("Do not take Ibuprofen", level=2)
    doc.add_paragraph("if you are allergic to ibuprofen.", style="List Bullet")
    doc.add_paragraph("in the last 3 months of pregnancy.", style="List Bullet")
    doc.add_heading("3. How to take Ibuprofen", level=1)
    warning = doc.add_paragraph("Do not take more than ")
    warning.add_run("6 tablets in 24 hours").bold = True
    warning.add_run(".")
    table = doc.add_table(rows=3, cols=2)
    doses = [
        ("Age", "Dose"),
        ("12 to 17 years", "1 tablet every 6 hours"),
        ("Adults", "1 or 2 tablets every 6 hours"),
    ]
    for row, cells in zip(table.rows, doses, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.add_heading("4. Possible side effects", level=1)
    doc.add_paragraph("Like all medicines, this medicine can cause side effects.")
    doc.add_heading("5. How to store Ibuprofen", level=1)
    doc.add_paragraph("Keep this medicine out of the sight and reach of children.")
    doc.add_heading("6. Contents of the pack and other information", level=1)
    doc.add_paragraph("Each tablet contains 200 mg ibuprofen.")
    doc.save(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
