from lawkb.cli import main

main(prog_name="lawkb")
