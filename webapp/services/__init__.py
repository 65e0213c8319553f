"""Services: each loads rows, calls the clinical core and writes, for the pages, the API and the CLI alike."""
