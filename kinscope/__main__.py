from kinscope.cli import run

run()
