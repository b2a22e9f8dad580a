"""The monthly recap (rekap bulanan): tallies and TPP deduction basis, locking a verified month, the pages,
the print pages and the XLSX/CSV exports."""
