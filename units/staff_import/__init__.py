"""The staff import: a CSV/XLSX list read, checked and written on the task runner, with its pages."""
