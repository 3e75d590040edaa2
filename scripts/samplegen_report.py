"""Content of the sample annual report: our own prose about a fictional water utility.

Every figure that appears twice (in a table and in the text) is computed once here, so the
document stays consistent with itself. The only soft hyphen (``SOFT_HYPHEN``) is in
"infrastructure": the wrapper splits it as "infra-" / "structure" at a line end.
"""

from __future__ import annotations

from samplegen_pdf import SOFT_HYPHEN, Block, Bullets, Heading, Paragraph, TableBlock

TITLE = "Riverbend Water Utility Annual Report 2025"
SUBTITLE = "Presented to the Riverbend Town Council, March 2026"
RUNNING_HEADER = "Riverbend Water Utility \u2014 Annual Report 2025"
METADATA = {
    "title": TITLE,
    "author": "Riverbend Water Utility",
    "subject": "Water production, operations and finances of the Riverbend Water Utility in 2025",
    "keywords": "water utility, annual report, Riverbend",
    "creator": "docmill scripts/make_sample_docs.py",
    "producer": "PyMuPDF",
    "creationDate": "D:20260302090000Z",
    "modDate": "D:20260302090000Z",
}

QUARTERS = ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"]
PRODUCED_MG = [98.6, 111.9, 131.4, 104.2]
BILLED_MG = [86.3, 98.8, 116.7, 92.3]
MAIN_BREAKS = [9, 4, 3, 7]


def production_table() -> tuple[list[str], list[list[str]]]:
    """Header and rows of Table 1; non-revenue share and the total row are computed."""
    header = ["Quarter", "Produced (MG)", "Billed (MG)", "Non-revenue (%)", "Main breaks"]
    rows = []
    for quarter, produced, billed, breaks in zip(
        QUARTERS, PRODUCED_MG, BILLED_MG, MAIN_BREAKS, strict=True
    ):
        share = 100 * (produced - billed) / produced
        rows.append([quarter, f"{produced:.1f}", f"{billed:.1f}", f"{share:.1f}", str(breaks)])
    produced, billed = sum(PRODUCED_MG), sum(BILLED_MG)
    share = 100 * (produced - billed) / produced
    rows.append(
        ["Total", f"{produced:.1f}", f"{billed:.1f}", f"{share:.1f}", str(sum(MAIN_BREAKS))]
    )
    return header, rows


def report_blocks() -> list[Block]:
    """Return the report body in reading order (title and subtitle are drawn separately)."""
    header, rows = production_table()
    average_demand = f"{sum(PRODUCED_MG) / 365:.2f}"
    non_revenue = rows[-1][3]
    total_breaks = rows[-1][4]
    return [
        Heading(1, "Letter from the Director"),
        Paragraph(
            "Last year was a year of steady work rather than headlines. Our crews replaced more "
            "aging pipe than in any year since the utility was founded in 1958, the treatment "
            "plant met every federal and state drinking water standard, and calls about low "
            "pressure fell for the third year in a row. None of this happens by accident. It is "
            "the result of a well-maintained system and of a staff that takes pride in the "
            "details that customers never see."
        ),
        Paragraph(
            "This report explains how we produced and delivered water in 2025, what it cost, and "
            "where we plan to invest next. We have kept it short on purpose. Customers who want "
            "the full audited financial statements can ask for a copy at the utility office on "
            "Mill Street or download them from the town website."
        ),
        Paragraph(
            "The largest item in next year's budget is, once again, the renewal of our aging "
            f"underground infra{SOFT_HYPHEN}structure. Much of the pipe that the town laid after "
            "the Second World War is now reaching the end of its service life, and replacing it "
            "at a steady pace costs far less than repairing it in a hurry. I want to thank the "
            "Town Council and our customers for supporting that approach."
        ),
        Paragraph("Dana Okafor, Director"),
        Heading(1, "System Overview"),
        Heading(2, "Service Area"),
        Paragraph(
            "The utility serves 5,870 metered connections in the Town of Riverbend and the "
            "neighboring hamlet of Cedar Flats, about 14,200 residents in all. Water reaches "
            "customers through 96 miles of distribution main, two storage tanks and a booster "
            "pump station that lifts water to the homes on Quarry Hill. Around 400 fire hydrants "
            "are connected to the system, and each one is inspected and flushed at least once a "
            "year."
        ),
        Heading(2, "Treatment and Storage"),
        Paragraph(
            "Raw water is pumped from three wells in the Maple River aquifer and treated at the "
            "Eastside plant, which was rebuilt in 2009. The plant has a rated capacity of 2.4 "
            f"million gallons per day. Average demand in 2025 was {average_demand} million "
            "gallons per day, with a peak day of 2.05 million gallons on July 17."
        ),
        Paragraph("Treatment at the plant consists of four steps:"),
        Bullets(
            [
                "Aeration, which strips dissolved gases and adds oxygen to the well water",
                "Greensand filtration to remove iron and manganese",
                "Disinfection with sodium hypochlorite, dosed so that the free chlorine residual "
                "at the far ends of the distribution system stays between 0.2 and 1.0 mg/L",
                "Orthophosphate addition to limit corrosion in older service lines",
            ]
        ),
        Paragraph(
            "Treated water is stored in the 1.5 million gallon Quarry Hill standpipe and the 0.75 "
            "million gallon Eastside ground tank. Together they hold a little under two days of "
            "average demand, enough to ride out a power failure at the plant while the standby "
            "generator starts."
        ),
        Heading(1, "Operations in 2025"),
        Heading(2, "Water Production"),
        Paragraph(
            "Table 1 shows how much water the plant produced in each quarter, how much of it was "
            "billed to customers, and the share that went unbilled because of leaks, main "
            "breaks, firefighting and meter error. For the year as a whole, non-revenue water "
            f"fell to {non_revenue} percent of production, down from 13.1 percent in 2024."
        ),
        TableBlock(
            header,
            rows,
            widths=[96.0, 96.0, 96.0, 100.0, 80.0],
            caption="Table 1. Water produced and billed by quarter, 2025 (MG = million gallons).",
            align=["l", "r", "r", "r", "r"],
        ),
        Paragraph(
            "Summer demand drove the third-quarter peak. Lawn irrigation accounted for roughly a "
            "third of residential use in July and August, and during the dry spell at the end of "
            "July we asked customers to water on alternating days. Most did, and the storage "
            "tanks never fell below half full."
        ),
        Heading(2, "Main Replacement Program"),
        Paragraph(
            "In 2025 crews replaced 2.8 miles of cast iron main, most of it laid between 1921 and "
            "1955 under the streets of the old town center. Cast iron grows brittle with age: the "
            "mains on Water Street and Church Lane alone had broken eleven times in the previous "
            "five years, and each break meant a boil water notice for the block and a long night "
            "for the repair crew."
        ),
        Paragraph(
            "The new mains are ductile iron or fusion-welded polyethylene, depending on soil "
            "conditions. Where a street was already being dug up, we worked with the town's "
            "public works department so that the road was repaved only once. That arrangement "
            "saved an estimated $310,000 in paving costs, which went back into the replacement "
            "budget."
        ),
        Paragraph(
            f"Main breaks fell to {total_breaks} for the year, compared with 31 in 2024 and 38 in "
            "2023. Breaks still cluster in the coldest weeks of winter, when frost drives the "
            "ground down onto the oldest pipes, so the program will continue to give priority to "
            "streets with a history of winter failures."
        ),
        Heading(2, "Lead Service Line Inventory"),
        Paragraph(
            "Federal rules require every utility to publish an inventory of the service lines "
            "that connect its mains to customers' homes. Riverbend completed its inventory in "
            "October. Of 5,870 service lines, 5,212 are copper or plastic, 41 contain lead or "
            "galvanized steel that was once downstream of lead, and 617 are of unknown material "
            "and will be inspected in 2026."
        ),
        Paragraph(
            "Customers with a lead line were notified by letter and offered a free water test and "
            "a pitcher filter. The utility will replace the public and private portions of all 41 "
            "lines at no cost to the owner by the end of 2027."
        ),
        Heading(1, "Financial Summary"),
        Heading(2, "Revenue and Expenses"),
        Paragraph(
            "Operating revenue was $4.86 million, of which water sales made up $4.52 million and "
            "connection and service fees the rest. Operating expenses before depreciation were "
            "$3.94 million. Personnel was the largest cost at 46 percent, followed by electricity "
            "for the wells and pumps at 17 percent and chemicals at 9 percent."
        ),
        Paragraph(
            "The utility ended the year with an operating surplus of $0.92 million. As in "
            "previous years, the surplus was transferred to the capital reserve, which funds main "
            "replacement and plant improvements without borrowing."
        ),
        Heading(2, "Rates for 2026"),
        Paragraph(
            "The Town Council approved a rate increase of 3.5 percent, effective January 1, 2026. "
            "For a typical household using 5,000 gallons a month, the bill will rise from $48.20 "
            "to $49.89 a month."
        ),
        Paragraph(
            "The increase is below the regional average of 4.8 percent and is the smallest in "
            "five years. Customers in the low-income assistance program will continue to receive "
            "a 30 percent discount on the base charge."
        ),
        Heading(1, "Looking Ahead"),
        Paragraph(
            "In 2026 the utility will replace a further 3.1 miles of main, inspect the 617 "
            "service lines of unknown material, and begin the design of a fourth well to give "
            "the plant a reserve source during droughts. With the first phase of lead service "
            "line replacement and an upgrade of the plant's control system, the capital budget "
            "for 2026 comes to $2.74 million."
        ),
        Paragraph(
            "We will report on all of this next year. In the meantime, questions and comments are "
            "always welcome at the utility office on Mill Street, by telephone at 555-0142, or by "
            "email at info@riverbend-water.example."
        ),
    ]
