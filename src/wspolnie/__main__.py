import sys

from wspolnie.cli import main

sys.exit(main())
