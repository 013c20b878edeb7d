#!/usr/bin/env python
from patentbridge.cli import main

if __name__ == "__main__":
    main()
