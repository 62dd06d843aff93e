"""One module per `vcx` subcommand."""
